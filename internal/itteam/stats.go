package itteam

import (
	"math"
	"slices"
	"strings"

	"toren/internal/cases"
	"toren/internal/toren"
)

// The year's statistics with the evaluation's definitions (seed S3,
// chapter 2): a cohort is the cases admitted (referred) in a year; a
// status is the status at the end of the "as of" day; percentages of
// cases are of the cohort, those of table 3 of the mentions; a mean is
// over the answers given, with their number. Figures are raw here: the
// page that shows them to someone outside the team applies the
// small-count rule.

// Count is a number with its share of the total, in whole percent
// (rounded half up, as the evaluation prints them).
type Count struct {
	Label   string `json:"label"`
	N       int    `json:"n"`
	Percent int    `json:"percent"`
}

// Mean is an average mark rounded to one decimal, over N answers.
type Mean struct {
	Label string  `json:"label"`
	Mean  float64 `json:"mean"`
	N     int     `json:"n"`
}

// StatusTable is tables 1 and 2: statuses at a date, with the total.
type StatusTable struct {
	Rows  []Count `json:"rows"`
	Total int     `json:"total"`
}

// MentionTable is table 3: organisations named beside the IT.
type MentionTable struct {
	CasesFilled int     `json:"cases_filled"` // cases where the field was filled in
	CasesTotal  int     `json:"cases_total"`
	Rows        []Count `json:"rows"`
	Total       int     `json:"total"` // mentions
}

// EvaluationTable is tables 4 and 5: a mean per question.
type EvaluationTable struct {
	Evaluated int    `json:"evaluated"` // meetings evaluated (table 4), cases with a client evaluation (table 5)
	Rows      []Mean `json:"rows"`
}

// Duration is the length of the intensive phases that ended, in days.
type Duration struct {
	N    int `json:"n"`
	Mean int `json:"mean"`
	Min  int `json:"min"`
	Max  int `json:"max"`
}

// YearStats are the evaluation's tables for one year.
type YearStats struct {
	Year        int             `json:"year"`
	AsOf        toren.Date      `json:"as_of"`
	New         StatusTable     `json:"new"`        // table 1: admitted this year, status as of
	Continuing  StatusTable     `json:"continuing"` // table 2: admitted the year before and still open on 1 January
	EndedBefore int             `json:"ended_before"`
	Providers   MentionTable    `json:"providers"`          // table 3
	Meetings    EvaluationTable `json:"meetings"`           // table 4: meetings held this year
	Clients     EvaluationTable `json:"clients"`            // table 5: cases admitted this year
	Intensive   Duration        `json:"intensive_duration"` // intensive phases of this year's cases ended by AsOf
	ColourStart []Count         `json:"colour_start"`       // graph 5
	ColourEnd   []Count         `json:"colour_end"`         // graph 6
	// MIC and MICBefore count the incident reports made this year and the
	// year before (the evaluation compares them).
	MIC       int `json:"mic"`
	MICBefore int `json:"mic_before"`
}

// StatisticsFacts is the part of the case the statistics read: a copy
// without the checklist, plans, scaling scores and texts, small enough to
// keep beside the case and read for ten thousand cases at once.
func (c *Case) StatisticsFacts() Case {
	f := Case{ID: c.ID, ReferredOn: c.ReferredOn, Status: c.Status, Admission: Admission{Admitted: c.Admission.Admitted},
		Events: make([]Event, len(c.Events)), Colours: make([]ColourRating, len(c.Colours)),
		Registration: Registration{CareProviders: c.Registration.CareProviders}}
	for i, e := range c.Events {
		f.Events[i] = Event{On: e.On, From: e.From, To: e.To}
	}
	for i, r := range c.Colours {
		f.Colours[i] = ColourRating{On: r.On, Colour: r.Colour, Moment: r.Moment}
	}
	for _, m := range c.Meetings {
		if len(m.Evaluations) > 0 {
			f.Meetings = append(f.Meetings, Meeting{On: m.On, Evaluations: m.Evaluations})
		}
	}
	for _, e := range c.ClientEvaluations {
		f.ClientEvaluations = append(f.ClientEvaluations, ClientEvaluation{On: e.On, Form: e.Form})
	}
	return f
}

// statusOrder is the order of the status rows.
var statusOrder = []cases.ITStatus{cases.ITReferred, cases.ITIntensive, cases.ITIntensiveReopened, cases.ITMonitor, cases.ITClosed, cases.ITEndedEarly}

// Statistics computes the tables for year over the cases, with the
// statuses as of asOf.
func Statistics(all []Case, year int, asOf toren.Date) YearStats {
	st := YearStats{Year: year, AsOf: asOf}
	var cohort, previous []*Case
	for i := range all {
		c := &all[i]
		if !c.Admission.Admitted {
			continue
		}
		switch c.ReferredOn.Year() {
		case year:
			cohort = append(cohort, c)
		case year - 1:
			s, _ := c.StatusOn(toren.NewDate(year-1, 12, 31))
			if s == cases.ITClosed || s == cases.ITEndedEarly {
				st.EndedBefore++
				continue
			}
			previous = append(previous, c)
		}
	}
	st.New = statusTable(cohort, asOf)
	st.Continuing = statusTable(previous, asOf)
	st.Providers = providers(cohort)
	st.Clients = clientEvaluations(cohort)
	st.Meetings = meetingEvaluations(all, year)
	st.Intensive, st.ColourStart, st.ColourEnd = intensive(cohort, asOf)
	return st
}

func statusTable(cs []*Case, asOf toren.Date) StatusTable {
	n := map[cases.ITStatus]int{}
	for _, c := range cs {
		s, _ := c.StatusOn(asOf)
		if s == cases.ITIntensiveReopened {
			s = cases.ITIntensive // the evaluation counts a reopened phase as intensive
		}
		n[s]++
	}
	t := StatusTable{Total: len(cs), Rows: []Count{}}
	for _, s := range statusOrder {
		if n[s] > 0 {
			t.Rows = append(t.Rows, Count{Label: s.Label(), N: n[s], Percent: percent(n[s], len(cs))})
		}
	}
	return t
}

func providers(cs []*Case) MentionTable {
	t := MentionTable{CasesTotal: len(cs), Rows: []Count{}}
	n := map[string]int{}
	var order []string
	for _, c := range cs {
		if len(c.Registration.CareProviders) > 0 {
			t.CasesFilled++
		}
		for _, p := range c.Registration.CareProviders {
			if n[p] == 0 {
				order = append(order, p)
			}
			n[p]++
			t.Total++
		}
	}
	// Most named first; ties by name, so that the order does not depend on
	// the order the cases come in.
	slices.SortFunc(order, func(a, b string) int {
		if n[a] != n[b] {
			return n[b] - n[a]
		}
		return strings.Compare(a, b)
	})
	for _, p := range order {
		t.Rows = append(t.Rows, Count{Label: p, N: n[p], Percent: percent(n[p], t.Total)})
	}
	return t
}

func meetingEvaluations(all []Case, year int) EvaluationTable {
	var forms []Form
	t := EvaluationTable{}
	for i := range all {
		for _, m := range all[i].Meetings {
			if m.On.Year() != year || len(m.Evaluations) == 0 {
				continue
			}
			t.Evaluated++
			forms = append(forms, m.Evaluations...)
		}
	}
	t.Rows = means(MeetingItems(), forms)
	return t
}

func clientEvaluations(cs []*Case) EvaluationTable {
	var forms []Form
	t := EvaluationTable{}
	for _, c := range cs {
		if len(c.ClientEvaluations) == 0 {
			continue
		}
		t.Evaluated++
		forms = append(forms, c.ClientEvaluations[len(c.ClientEvaluations)-1].Form)
	}
	t.Rows = means(ClientItems(), forms)
	return t
}

func means(items []Option, forms []Form) []Mean {
	out := make([]Mean, 0, len(items))
	for _, it := range items {
		sum, n := 0, 0
		for _, f := range forms {
			if v, ok := f.Scores[it.Value]; ok {
				sum += v
				n++
			}
		}
		m := Mean{Label: it.Label, N: n}
		if n > 0 {
			m.Mean = float64((sum*20+n)/(2*n)) / 10 // tenths, half up, in integers
		}
		out = append(out, m)
	}
	return out
}

func intensive(cs []*Case, asOf toren.Date) (Duration, []Count, []Count) {
	var d Duration
	total := 0
	start, end := map[cases.ITColour]int{}, map[cases.ITColour]int{}
	nStart, nEnd := 0, 0
	for _, c := range cs {
		if col := c.ColourAt(MomentStart); col != "" {
			start[col]++
			nStart++
		}
		var from toren.Date
		for _, e := range c.Events {
			if e.On.After(asOf) {
				break
			}
			if e.To == cases.ITIntensive && from.IsZero() {
				from = e.On
			}
			if e.To == cases.ITMonitor && !from.IsZero() {
				days := int(e.On.Time().Sub(from.Time()).Hours()/24 + 0.5)
				if d.N == 0 || days < d.Min {
					d.Min = days
				}
				d.Max = max(d.Max, days)
				total += days
				d.N++
				if col := c.ColourAt(MomentEnd); col != "" {
					end[col]++
					nEnd++
				}
				break
			}
		}
	}
	if d.N > 0 {
		d.Mean = int(math.Floor(float64(total)/float64(d.N) + 0.5))
	}
	colours := func(n map[cases.ITColour]int, total int) []Count {
		var out []Count
		for _, col := range Colours() {
			out = append(out, Count{Label: col.Label(), N: n[col], Percent: percent(n[col], total)})
		}
		return out
	}
	return d, colours(start, nStart), colours(end, nEnd)
}

// percent is n of total in whole percent, half up, in integers so that
// no float rounding moves a boundary.
func percent(n, total int) int {
	if total == 0 {
		return 0
	}
	return (n*200 + total) / (2 * total)
}
