// Package itteam is the Interventieteam's way of working (domain §4.2):
// the selection checklist and its verdict, the phases of an IT case with
// its duo and colour codes, the registration the year's evaluation counts,
// the Signs of Safety safety plan with scaling questions, network meetings
// and client evaluations, and the year's statistics. Plain Go, no I/O.
package itteam

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"toren/internal/toren"
)

// Kind says how a criterion is answered.
type Kind string

const (
	KindNumber Kind = "number" // a number compared with the threshold
	KindChoice Kind = "choice" // one value; met when it is one of MetValues
	KindItems  Kind = "items"  // ticked items; met when their count passes the threshold
)

// Op compares an answer with a threshold.
type Op string

const (
	OpGreater      Op = "gt"
	OpGreaterEqual Op = "ge"
	OpLess         Op = "lt"
	OpLessEqual    Op = "le"
)

func (o Op) holds(x, threshold float64) bool {
	switch o {
	case OpGreater:
		return x > threshold
	case OpGreaterEqual:
		return x >= threshold
	case OpLess:
		return x < threshold
	case OpLessEqual:
		return x <= threshold
	}
	return false
}

func (o Op) symbol() string {
	switch o {
	case OpGreater:
		return ">"
	case OpGreaterEqual:
		return "≥"
	case OpLess:
		return "<"
	case OpLessEqual:
		return "≤"
	}
	return "?"
}

// Item is one tickable line of a criterion (a leefgebied, a sign).
type Item struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// Option is one value of a choice criterion.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Criterion is one line of the checklist. Thresholds are data: a region
// publishes a new checklist version to change them.
type Criterion struct {
	Code      string   `json:"code"`
	Section   string   `json:"section"`
	Label     string   `json:"label"`
	Help      string   `json:"help,omitempty"`
	Kind      Kind     `json:"kind"`
	Op        Op       `json:"op,omitempty"`
	Threshold float64  `json:"threshold,omitempty"`
	Min       float64  `json:"min,omitempty"` // bounds of a number answer
	Max       float64  `json:"max,omitempty"`
	Unit      string   `json:"unit,omitempty"`
	Options   []Option `json:"options,omitempty"`    // a choice's values
	MetValues []string `json:"met_values,omitempty"` // a choice is met with one of these
	Items     []Item   `json:"items,omitempty"`      // items to tick
	// Signs are recorded beside the criterion (the six signs of no
	// progress) and count for nothing.
	Signs    []Item `json:"signs,omitempty"`
	Required bool   `json:"required"` // the case qualifies only when every required criterion is met
}

// Rule is the criterion in words, for the form and the verdict.
func (c Criterion) Rule() string {
	switch c.Kind {
	case KindNumber:
		return fmt.Sprintf("%s %s%s", c.Op.symbol(), formatNumber(c.Threshold), c.Unit)
	case KindItems:
		return fmt.Sprintf("%s %s aangevinkt", c.Op.symbol(), formatNumber(c.Threshold))
	case KindChoice:
		var ls []string
		for _, o := range c.Options {
			if slices.Contains(c.MetValues, o.Value) {
				ls = append(ls, strings.ToLower(o.Label))
			}
		}
		return strings.Join(ls, " of ")
	}
	return ""
}

func formatNumber(f float64) string {
	return strings.Replace(strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), "."), ".", ",", 1)
}

// Section groups criteria on the form.
type Section struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// Checklist is one published version of the selection checklist. An
// assessment names the version it used; versions are never changed, so an
// old case is always read with the checklist it was assessed against.
type Checklist struct {
	Version  int         `json:"version"`
	Title    string      `json:"title"`
	Sections []Section   `json:"sections"`
	Criteria []Criterion `json:"criteria"`
}

//go:embed checklist_v1.json
var bijlage1 []byte

// Bijlage1 returns version 1: the checklist "Selectie casus voor het
// Interventieteam HG" of the 2014 evaluation's appendix 1. It is the
// version a database starts with.
func Bijlage1() Checklist {
	c, err := ParseChecklist(bijlage1)
	if err != nil {
		panic("itteam: embedded checklist: " + err.Error()) // a build defect, caught by the tests
	}
	return c
}

// ParseChecklist reads a checklist from JSON and checks it.
func ParseChecklist(b []byte) (Checklist, error) {
	var c Checklist
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Checklist{}, toren.Errorf(toren.CodeInvalid, "checklist: %v", err)
	}
	return c, c.Check()
}

// Check reports whether the checklist is complete and consistent.
func (c Checklist) Check() error {
	var p toren.Problems
	if c.Version < 1 {
		broke(&p, "version", "min", "version must be 1 or more")
	}
	if len(c.Criteria) == 0 {
		broke(&p, "criteria", "required", "a checklist has criteria")
	}
	seen := map[string]bool{}
	for i, cr := range c.Criteria {
		f := fmt.Sprintf("criteria[%d]", i)
		if cr.Code == "" || seen[cr.Code] {
			broke(&p, f+".code", "unique", "every criterion has a unique code")
		}
		seen[cr.Code] = true
		if !slices.ContainsFunc(c.Sections, func(s Section) bool { return s.Code == cr.Section }) {
			broke(&p, f+".section", "known", "section must be one of the checklist's sections")
		}
		if cr.Label == "" {
			broke(&p, f+".label", "required", "a criterion has a label")
		}
		switch cr.Kind {
		case KindNumber, KindItems:
			if cr.Op.symbol() == "?" {
				broke(&p, f+".op", "enum", "op must be gt, ge, lt or le")
			}
			if cr.Kind == KindItems && len(cr.Items) == 0 {
				broke(&p, f+".items", "required", "an items criterion lists its items")
			}
			if cr.Kind == KindNumber && cr.Max <= cr.Min {
				broke(&p, f+".max", "range", "max must be above min")
			}
		case KindChoice:
			if len(cr.Options) == 0 || len(cr.MetValues) == 0 {
				broke(&p, f+".options", "required", "a choice lists its options and which meet it")
			}
		default:
			broke(&p, f+".kind", "enum", "kind must be number, choice or items")
		}
	}
	return p.Err()
}

// Criterion returns the criterion called code.
func (c Checklist) Criterion(code string) (Criterion, bool) {
	i := slices.IndexFunc(c.Criteria, func(cr Criterion) bool { return cr.Code == code })
	if i < 0 {
		return Criterion{}, false
	}
	return c.Criteria[i], true
}

// Answer is what the assessor filled in for one criterion.
type Answer struct {
	Number *float64 `json:"number,omitempty"`
	Choice string   `json:"choice,omitempty"`
	Items  []string `json:"items,omitempty"`
	Signs  []string `json:"signs,omitempty"`
}

// Result is one criterion's verdict.
type Result struct {
	Code     string `json:"code"`
	Label    string `json:"label"`
	Rule     string `json:"rule"`
	Answered bool   `json:"answered"`
	Met      bool   `json:"met"`
	Required bool   `json:"required"`
}

// Qualification is the checklist's verdict on the answers.
type Qualification struct {
	Version   int      `json:"version"`
	Results   []Result `json:"results"`
	Qualifies bool     `json:"qualifies"`
}

// Met returns the codes of the criteria met (the statistics count them).
func (q Qualification) Met() []string {
	var out []string
	for _, r := range q.Results {
		if r.Met {
			out = append(out, r.Code)
		}
	}
	return out
}

// Assess checks the answers against the checklist and returns the
// verdict. An answer to an unknown criterion, a number outside its bounds
// or an item not on the list is an error naming the criterion; an open
// answer is allowed and is not met.
func (c Checklist) Assess(answers map[string]Answer) (Qualification, error) {
	var p toren.Problems
	for code := range answers {
		if _, ok := c.Criterion(code); !ok {
			broke(&p, "answers."+code, "unknown_criterion", fmt.Sprintf("%q is not a criterion of checklist version %d", code, c.Version))
		}
	}
	q := Qualification{Version: c.Version, Qualifies: true}
	for _, cr := range c.Criteria {
		a, answered := answers[cr.Code]
		r := Result{Code: cr.Code, Label: cr.Label, Rule: cr.Rule(), Required: cr.Required}
		f := "answers." + cr.Code
		for _, s := range a.Signs {
			if !slices.ContainsFunc(cr.Signs, func(i Item) bool { return i.Code == s }) {
				broke(&p, f+".signs", "enum", fmt.Sprintf("%q is not a sign of %s", s, cr.Code))
			}
		}
		switch cr.Kind {
		case KindNumber:
			if answered && a.Number != nil {
				r.Answered = true
				if *a.Number < cr.Min || *a.Number > cr.Max {
					broke(&p, f, "range", fmt.Sprintf("must be between %s and %s", formatNumber(cr.Min), formatNumber(cr.Max)))
				}
				r.Met = cr.Op.holds(*a.Number, cr.Threshold)
			}
		case KindChoice:
			if answered && a.Choice != "" {
				r.Answered = true
				if !slices.ContainsFunc(cr.Options, func(o Option) bool { return o.Value == a.Choice }) {
					broke(&p, f, "enum", fmt.Sprintf("%q is not an option", a.Choice))
				}
				r.Met = slices.Contains(cr.MetValues, a.Choice)
			}
		case KindItems:
			if answered {
				r.Answered = true
				seen := map[string]bool{}
				for _, it := range a.Items {
					if seen[it] || !slices.ContainsFunc(cr.Items, func(i Item) bool { return i.Code == it }) {
						broke(&p, f, "enum", fmt.Sprintf("%q is not an item of %s, or twice", it, cr.Code))
					}
					seen[it] = true
				}
				r.Met = cr.Op.holds(float64(len(seen)), cr.Threshold)
			}
		}
		if cr.Required && !r.Met {
			q.Qualifies = false
		}
		q.Results = append(q.Results, r)
	}
	if err := p.Err(); err != nil {
		return Qualification{}, err
	}
	return q, nil
}
