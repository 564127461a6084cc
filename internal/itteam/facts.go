package itteam

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"toren/internal/cases"
	"toren/internal/toren"
)

// Facts is the part of an IT case the year's statistics read: the dates
// of its phase changes, its colour codes at the start and the end of the
// intensive phase, the registration the graphs and table 3 count, and the
// marks of its evaluation forms. The store keeps it beside the case in a
// compact line format (AppendFacts, ParseFacts) that is read without
// reflection, so that the tables over ten thousand cases are one pass
// over a column.
type Facts struct {
	ID          int64
	Admitted    bool
	ReferredOn  toren.Date
	Events      []FactEvent
	ColourStart cases.ITColour // the first colour given at the start
	ColourEnd   cases.ITColour // the last colour given at the end
	Providers   []string       // table 3
	Meetings    []FactMeeting  // the meetings with evaluation forms (table 4)
	// Client holds the marks of the last client evaluation (table 5);
	// HasClient is false when there is none.
	Client    []ItemScore
	HasClient bool
	// Graphs 1-4.
	Municipality string
	ViolenceType string
	Natures      []string
	ProblemAreas []string
	// The sexes registered of the perpetrators and the victims (the
	// evaluation's "verdeling mannen/vrouwen").
	PerpetratorSexes []string
	VictimSexes      []string
	// ChildrenPresent is "yes", "no" or "" when left open (the
	// evaluation's "betrokkenheid kinderen").
	ChildrenPresent string
	// CCBOn is the day the case was escalated to the CCB protocol; zero
	// when it was not.
	CCBOn toren.Date
}

// FactEvent is a phase change: the day and the status it led to.
type FactEvent struct {
	On toren.Date
	To cases.ITStatus
}

// FactMeeting is an evaluated meeting: its day and its forms' marks.
type FactMeeting struct {
	On    toren.Date
	Forms [][]ItemScore
}

// ItemScore is one mark on a form.
type ItemScore struct {
	Item  string
	Score int
}

// Facts returns the case's facts.
func (c *Case) Facts() Facts {
	f := Facts{ID: c.ID, Admitted: c.Admission.Admitted, ReferredOn: c.ReferredOn,
		ColourStart: c.ColourAt(MomentStart), ColourEnd: c.ColourAt(MomentEnd),
		Providers: c.Registration.CareProviders, Municipality: c.Registration.Municipality,
		ViolenceType: string(c.Registration.ViolenceType), ProblemAreas: c.Registration.ProblemAreas,
		ChildrenPresent: string(c.Registration.ChildrenPresent)}
	for _, e := range c.Events {
		f.Events = append(f.Events, FactEvent{On: e.On, To: e.To})
	}
	for _, m := range c.Meetings {
		if len(m.Evaluations) == 0 {
			continue
		}
		fm := FactMeeting{On: m.On}
		for _, form := range m.Evaluations {
			fm.Forms = append(fm.Forms, formScores(form))
		}
		f.Meetings = append(f.Meetings, fm)
	}
	if n := len(c.ClientEvaluations); n > 0 {
		f.Client, f.HasClient = formScores(c.ClientEvaluations[n-1].Form), true
	}
	for _, n := range c.Registration.Natures {
		f.Natures = append(f.Natures, string(n))
	}
	for _, s := range c.Registration.PerpetratorSexes {
		f.PerpetratorSexes = append(f.PerpetratorSexes, string(s))
	}
	for _, s := range c.Registration.VictimSexes {
		f.VictimSexes = append(f.VictimSexes, string(s))
	}
	if c.CCB != nil {
		f.CCBOn = c.CCB.DecidedOn
	}
	return f
}

func formScores(f Form) []ItemScore {
	out := make([]ItemScore, 0, len(f.Scores))
	for k, v := range f.Scores {
		out = append(out, ItemScore{k, v})
	}
	// Map order is random: sort, so that the encoding is stable.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Item < out[j-1].Item; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// factsMagic starts the compact format, so that a reader tells it from
// the JSON the column held before (migration 00024) and from an earlier
// compact form: F2 had no sexes (d, v) and F3 no children present (c),
// so that an older record is not read as "left open"; the store reads
// such a case from its document instead.
const factsMagic = "F4\n"

// FactsFormat is how a record in the present compact form begins: a
// store finds the records to rewrite by it (IsFacts is false for the
// others).
const FactsFormat = factsMagic

// IsFacts reports whether b is in the compact format.
func IsFacts(b []byte) bool { return bytes.HasPrefix(b, []byte(factsMagic)) }

// AppendFacts appends the compact form of f to b: one line per fact, a
// letter and its values separated by spaces.
//
//	F4
//	r 2014-03-03 1                 referral day, admitted
//	e 2014-03-03 intensive         a phase change
//	s orange / z green             colour at the start / the end
//	p Maatschappelijk werk         an organisation of table 3
//	m 2014-04-01 respect=9,vertrouwen=8;respect=7   an evaluated meeting's forms
//	x informatie=8,eindoordeel=9   the last client evaluation
//	g GM0758 / t ex_partner / n threats / a verslaving   graphs 1-4
//	k 2014-05-02                   escalated to the CCB protocol
//	d male / v female              a perpetrator's / a victim's sex
//	c yes                          children present (yes, no)
func AppendFacts(b []byte, f *Facts) []byte {
	b = append(b, factsMagic...)
	admitted := byte('0')
	if f.Admitted {
		admitted = '1'
	}
	b = append(b, "r "...)
	b = appendDate(b, f.ReferredOn)
	b = append(b, ' ', admitted, '\n')
	for _, e := range f.Events {
		b = append(b, "e "...)
		b = appendDate(b, e.On)
		b = append(b, ' ')
		b = append(b, e.To...)
		b = append(b, '\n')
	}
	line := func(b []byte, kind byte, v string) []byte {
		if v == "" {
			return b
		}
		b = append(b, kind, ' ')
		b = append(b, oneLine(v)...)
		return append(b, '\n')
	}
	b = line(b, 's', string(f.ColourStart))
	b = line(b, 'z', string(f.ColourEnd))
	for _, p := range f.Providers {
		b = line(b, 'p', p)
	}
	for _, m := range f.Meetings {
		b = append(b, "m "...)
		b = appendDate(b, m.On)
		b = append(b, ' ')
		for i, form := range m.Forms {
			if i > 0 {
				b = append(b, ';')
			}
			b = appendScores(b, form)
		}
		b = append(b, '\n')
	}
	if f.HasClient {
		b = append(b, "x "...)
		b = appendScores(b, f.Client)
		b = append(b, '\n')
	}
	b = line(b, 'g', f.Municipality)
	b = line(b, 't', f.ViolenceType)
	for _, n := range f.Natures {
		b = line(b, 'n', n)
	}
	for _, a := range f.ProblemAreas {
		b = line(b, 'a', a)
	}
	if !f.CCBOn.IsZero() {
		b = append(b, "k "...)
		b = appendDate(b, f.CCBOn)
		b = append(b, '\n')
	}
	for _, s := range f.PerpetratorSexes {
		b = line(b, 'd', s)
	}
	for _, s := range f.VictimSexes {
		b = line(b, 'v', s)
	}
	b = line(b, 'c', f.ChildrenPresent)
	return b
}

func oneLine(s string) string {
	if strings.ContainsAny(s, "\r\n") {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

func appendDate(b []byte, d toren.Date) []byte {
	if d.IsZero() {
		return append(b, '-')
	}
	return d.Time().AppendFormat(b, time.DateOnly)
}

func appendScores(b []byte, s []ItemScore) []byte {
	for i, x := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, x.Item...)
		b = append(b, '=')
		b = strconv.AppendInt(b, int64(x.Score), 10)
	}
	return b
}

// ParseFacts reads the compact form into f, reusing f's slices (the
// caller reads one case at a time). It does not keep b.
func ParseFacts(b []byte, f *Facts) error {
	if !IsFacts(b) {
		return fmt.Errorf("itteam: facts: not in the compact format")
	}
	*f = Facts{ID: f.ID, Events: f.Events[:0], Providers: f.Providers[:0], Meetings: f.Meetings[:0], Client: f.Client[:0],
		Natures: f.Natures[:0], ProblemAreas: f.ProblemAreas[:0], PerpetratorSexes: f.PerpetratorSexes[:0], VictimSexes: f.VictimSexes[:0]}
	b = b[len(factsMagic):]
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			i = len(b)
		}
		line := b[:i]
		if i < len(b) {
			i++
		}
		b = b[i:]
		if len(line) < 2 || line[1] != ' ' {
			return fmt.Errorf("itteam: facts: bad line %q", line)
		}
		kind, v := line[0], line[2:]
		var err error
		switch kind {
		case 'r':
			if len(v) != 12 {
				return fmt.Errorf("itteam: facts: bad referral %q", v)
			}
			f.ReferredOn, err = parseDate(v[:10])
			f.Admitted = v[11] == '1'
		case 'e':
			d, to, _ := bytes.Cut(v, []byte{' '})
			var on toren.Date
			on, err = parseDate(d)
			f.Events = append(f.Events, FactEvent{On: on, To: cases.ITStatus(to)})
		case 's':
			f.ColourStart = cases.ITColour(v)
		case 'z':
			f.ColourEnd = cases.ITColour(v)
		case 'p':
			f.Providers = append(f.Providers, string(v))
		case 'm':
			d, forms, _ := bytes.Cut(v, []byte{' '})
			m := FactMeeting{}
			if m.On, err = parseDate(d); err != nil {
				break
			}
			for len(forms) > 0 {
				var form []byte
				form, forms, _ = bytes.Cut(forms, []byte{';'})
				var s []ItemScore
				if s, err = parseScores(form, nil); err != nil {
					break
				}
				m.Forms = append(m.Forms, s)
			}
			f.Meetings = append(f.Meetings, m)
		case 'x':
			f.Client, err = parseScores(v, f.Client)
			f.HasClient = true
		case 'g':
			f.Municipality = string(v)
		case 't':
			f.ViolenceType = string(v)
		case 'n':
			f.Natures = append(f.Natures, string(v))
		case 'a':
			f.ProblemAreas = append(f.ProblemAreas, string(v))
		case 'k':
			f.CCBOn, err = parseDate(v)
		case 'd':
			f.PerpetratorSexes = append(f.PerpetratorSexes, string(v))
		case 'v':
			f.VictimSexes = append(f.VictimSexes, string(v))
		case 'c':
			f.ChildrenPresent = string(v)
		default:
			return fmt.Errorf("itteam: facts: unknown line %q", line)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// parseDate reads YYYY-MM-DD ("-": none) without time.Parse.
func parseDate(b []byte) (toren.Date, error) {
	if len(b) == 1 && b[0] == '-' {
		return toren.Date{}, nil
	}
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return toren.Date{}, fmt.Errorf("itteam: facts: bad date %q", b)
	}
	n := func(s []byte) (int, bool) {
		v := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := n(b[:4])
	m, ok2 := n(b[5:7])
	d, ok3 := n(b[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return toren.Date{}, fmt.Errorf("itteam: facts: bad date %q", b)
	}
	return toren.NewDate(y, time.Month(m), d), nil
}

func parseScores(b []byte, out []ItemScore) ([]ItemScore, error) {
	out = out[:0]
	for len(b) > 0 {
		var pair []byte
		pair, b, _ = bytes.Cut(b, []byte{','})
		k, v, ok := bytes.Cut(pair, []byte{'='})
		n, err := strconv.Atoi(string(v))
		if !ok || err != nil {
			return nil, fmt.Errorf("itteam: facts: bad mark %q", pair)
		}
		out = append(out, ItemScore{Item: string(k), Score: n})
	}
	return out, nil
}
