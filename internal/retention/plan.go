package retention

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"time"

	"toren/internal/toren"
)

// Facts are what the rule needs to know of the whole registry, read by the
// store in one snapshot: identifiers, dates, roles and links, no names.
type Facts struct {
	Reports  []ReportFact
	Cases    []CaseFact
	Mentions []MentionFact
	// CaseReports links a case to a report it was opened from or took in.
	CaseReports []Link
	// CasePersons links a case to a registry person it names outside its
	// reports (a contact).
	CasePersons []Link
	// Merges links two registry persons merged into one.
	Merges []Link
	Holds  []Hold
}

// Link is an edge between two records (its meaning is the field's).
type Link struct{ A, B int64 }

// ReportFact is a report or advice request.
type ReportFact struct {
	ID         int64
	Number     string
	ReceivedAt time.Time
}

// CaseFact is a case file.
type CaseFact struct {
	ID        int64
	Number    string
	Ended     bool // closed, ended or converted to advice; monitoring is still involvement
	UpdatedAt time.Time
}

// MentionFact is a person as a report named them, with the registry person
// it is linked to (0: none).
type MentionFact struct {
	ReportID, PersonID int64
	Child              bool
	// Birth is the date of birth given or registered; zero when unknown.
	Birth toren.Date
	// Age is the age given instead of a date of birth (-1: none), at
	// ReceivedAt.
	Age        int
	ReceivedAt time.Time
}

// HoldKind is what a legal hold is placed on.
type HoldKind string

const (
	HoldCase   HoldKind = "case"
	HoldPerson HoldKind = "person"
)

// Hold is a legal hold: a file with this case or person in it is kept,
// whatever the rule says, until the hold is lifted (a court case, a
// complaint, a request of the Inspectie).
type Hold struct {
	ID       int64     `json:"id"`
	Kind     HoldKind  `json:"kind"`
	ObjectID int64     `json:"object_id"`
	Reason   string    `json:"reason"`
	PlacedBy string    `json:"placed_by"`
	PlacedAt time.Time `json:"placed_at"`
}

// File is a connected set of registry persons, reports and cases: what is
// kept or destroyed together.
type File struct {
	Persons []int64 `json:"persons"`
	Reports []int64 `json:"reports"`
	Cases   []int64 `json:"cases"`
	// ReportNumbers and CaseNumbers are the human numbers, in the order
	// of Reports and Cases.
	ReportNumbers []string `json:"report_numbers"`
	CaseNumbers   []string `json:"case_numbers"`
	// LastInvolvement is the latest report received or change to a case.
	LastInvolvement time.Time `json:"last_involvement"`
	// YoungestChild is the latest date of birth of a child in the file.
	YoungestChild toren.Date `json:"youngest_child,omitzero"`
	// Due is the first day the rule allows destruction.
	Due toren.Date `json:"due"`
	// Why says which part of the rule decided Due.
	Why string `json:"why"`
	// ChildDecides is true when the youngest child's age, not the term
	// after the last involvement, decided Due.
	ChildDecides bool `json:"child_decides,omitempty"`
	// OpenCase is true when a case of the file has not ended: it is kept.
	OpenCase bool   `json:"open_case,omitempty"`
	Holds    []Hold `json:"holds,omitempty"`
}

// Plan is what a run on day On would destroy, and what it would keep
// although due.
type Plan struct {
	Rule Rule       `json:"rule"`
	On   toren.Date `json:"on"`
	// Destroy are the files that are due and not held, oldest due first.
	Destroy []File `json:"destroy"`
	// Held are due files kept by a legal hold; Open are due files with a
	// case that has not ended.
	Held []File `json:"held"`
	Open []File `json:"open"`
	// Kept counts the files not yet due.
	Kept int `json:"kept"`
}

// Counts sums the records of files.
func Counts(files []File) (persons, reports, cases int) {
	for _, f := range files {
		persons += len(f.Persons)
		reports += len(f.Reports)
		cases += len(f.Cases)
	}
	return
}

// node kinds in the union-find.
const (
	nodePerson = iota
	nodeReport
	nodeCase
)

type node struct {
	kind int
	id   int64
}

// Build groups the facts into files and decides each by the rule on day on.
func Build(f Facts, r Rule, on toren.Date) Plan {
	idx := map[node]int{}
	var nodes []node
	var parent []int
	get := func(n node) int {
		if i, ok := idx[n]; ok {
			return i
		}
		i := len(nodes)
		idx[n] = i
		nodes = append(nodes, n)
		parent = append(parent, i)
		return i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[ra] = rb
		}
	}
	reports := map[int64]ReportFact{}
	for _, rp := range f.Reports {
		reports[rp.ID] = rp
		get(node{nodeReport, rp.ID})
	}
	cases := map[int64]CaseFact{}
	for _, c := range f.Cases {
		cases[c.ID] = c
		get(node{nodeCase, c.ID})
	}
	for _, m := range f.Mentions {
		if m.PersonID > 0 {
			union(get(node{nodeReport, m.ReportID}), get(node{nodePerson, m.PersonID}))
		}
	}
	for _, l := range f.CaseReports {
		union(get(node{nodeCase, l.A}), get(node{nodeReport, l.B}))
	}
	for _, l := range f.CasePersons {
		union(get(node{nodeCase, l.A}), get(node{nodePerson, l.B}))
	}
	for _, l := range f.Merges {
		union(get(node{nodePerson, l.A}), get(node{nodePerson, l.B}))
	}
	files := map[int]*File{}
	fileOf := func(n node) *File {
		root := find(get(n))
		fl := files[root]
		if fl == nil {
			fl = &File{}
			files[root] = fl
		}
		return fl
	}
	for _, n := range nodes {
		fl := fileOf(n)
		switch n.kind {
		case nodePerson:
			fl.Persons = append(fl.Persons, n.id)
		case nodeReport:
			fl.Reports = append(fl.Reports, n.id)
			if rp, ok := reports[n.id]; ok && rp.ReceivedAt.After(fl.LastInvolvement) {
				fl.LastInvolvement = rp.ReceivedAt
			}
		case nodeCase:
			fl.Cases = append(fl.Cases, n.id)
			c := cases[n.id]
			if c.UpdatedAt.After(fl.LastInvolvement) {
				fl.LastInvolvement = c.UpdatedAt
			}
			if !c.Ended {
				fl.OpenCase = true
			}
		}
	}
	for _, m := range f.Mentions {
		if !m.Child {
			continue
		}
		birth := m.Birth
		if birth.IsZero() && m.Age >= 0 && !m.ReceivedAt.IsZero() {
			// An age without a date: the child may have turned that age
			// the day before; the latest possible birth day keeps longest.
			birth = toren.DateOf(m.ReceivedAt.UTC()).AddDate(-m.Age, 0, 0)
		}
		fl := fileOf(node{nodeReport, m.ReportID})
		if birth.After(fl.YoungestChild) {
			fl.YoungestChild = birth
		}
	}
	for _, h := range f.Holds {
		var n node
		switch h.Kind {
		case HoldCase:
			n = node{nodeCase, h.ObjectID}
		case HoldPerson:
			n = node{nodePerson, h.ObjectID}
		default:
			continue
		}
		if _, ok := idx[n]; !ok {
			continue
		}
		fl := fileOf(n)
		fl.Holds = append(fl.Holds, h)
	}
	p := Plan{Rule: r, On: on, Destroy: []File{}, Held: []File{}, Open: []File{}}
	for _, fl := range files {
		slices.Sort(fl.Persons)
		slices.Sort(fl.Reports)
		slices.Sort(fl.Cases)
		for _, id := range fl.Reports {
			fl.ReportNumbers = append(fl.ReportNumbers, reports[id].Number)
		}
		for _, id := range fl.Cases {
			fl.CaseNumbers = append(fl.CaseNumbers, cases[id].Number)
		}
		if fl.LastInvolvement.IsZero() {
			// Persons without a report (left behind by a correction): the
			// rule has nothing to count from, so they are kept for review.
			p.Kept++
			continue
		}
		fl.Due = r.Due(fl.LastInvolvement, fl.YoungestChild)
		byYears := toren.DateOf(fl.LastInvolvement.UTC()).AddDate(r.YearsAfterLast, 0, 0).AddDays(1)
		if fl.Due.After(byYears) {
			fl.ChildDecides = true
			fl.Why = fmt.Sprintf("the youngest child (born %s) is %d on %s", fl.YoungestChild, r.ChildAge, fl.Due)
		} else {
			fl.Why = fmt.Sprintf("%d years after the last involvement on %s", r.YearsAfterLast, toren.DateOf(fl.LastInvolvement.UTC()))
		}
		switch {
		case on.Before(fl.Due):
			p.Kept++
		case fl.OpenCase:
			p.Open = append(p.Open, *fl)
		case len(fl.Holds) > 0:
			p.Held = append(p.Held, *fl)
		default:
			p.Destroy = append(p.Destroy, *fl)
		}
	}
	for _, list := range [][]File{p.Destroy, p.Held, p.Open} {
		sort.Slice(list, func(i, j int) bool {
			if !list[i].Due.Equal(list[j].Due) {
				return list[i].Due.Before(list[j].Due)
			}
			return first(list[i]) < first(list[j])
		})
	}
	return p
}

// first is a stable key of a file for ordering.
func first(f File) string {
	if len(f.ReportNumbers) > 0 {
		return f.ReportNumbers[0]
	}
	return fmt.Sprint(f.Persons)
}

// Digest identifies what the plan would destroy: the day and every
// record of every file to destroy. A run started from a plan someone read
// carries its digest, and is refused when the plan has changed since.
func (p Plan) Digest() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%d|%d\n", p.On, p.Rule.Name, p.Rule.YearsAfterLast, p.Rule.ChildAge)
	for _, f := range p.Destroy {
		fmt.Fprintf(h, "p%v r%v c%v\n", f.Persons, f.Reports, f.Cases)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
