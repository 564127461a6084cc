package itteam

import (
	"math"
	"slices"
	"strings"

	"toren/internal/cases"
	"toren/internal/reports"
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
	Code    string `json:"code,omitempty"` // the value counted, when the label is not it
	N       int    `json:"n"`
	Percent int    `json:"percent"`
}

// Mean is an average mark rounded to one decimal, over N answers. Code is
// the question's code (MeetingItems, ClientItems); Label its Dutch words
// as the API has always given them (the pages word Code themselves).
type Mean struct {
	Code  string  `json:"code"`
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
	Graphs      Graphs          `json:"graphs"`             // graphs 1-4
	Sexes       Sexes           `json:"sexes"`              // "verdeling mannen/vrouwen"
	Children    CaseShares      `json:"children"`           // "betrokkenheid kinderen": rows yes, no
	// MIC and MICBefore count the incident reports made this year and the
	// year before (the evaluation compares them).
	MIC       int `json:"mic"`
	MICBefore int `json:"mic_before"`
	// CCB and CCBBefore count the cases escalated to the CCB protocol this
	// year and the year before, by the day of the decision.
	CCB       int `json:"ccb"`
	CCBBefore int `json:"ccb_before"`
}

// Distribution is a graph's figures: how often each value was registered
// for the cohort's cases, most first, with the cases where the field was
// left open. A case may give several values (natures, problem areas):
// the percentages are then of the mentions.
type Distribution struct {
	Cases    int     `json:"cases"`    // the cohort
	Missing  int     `json:"missing"`  // cases with the field left open
	Mentions int     `json:"mentions"` // values counted
	Rows     []Count `json:"rows"`
}

// MissingPercent is the share of the cohort where the field was left open.
func (d Distribution) MissingPercent() int { return percent(d.Missing, d.Cases) }

// Graphs are graphs 1-4 of the evaluation over the year's new cases.
type Graphs struct {
	Municipality Distribution `json:"municipality"`  // graph 1: municipality of origin (CBS code as label)
	ViolenceType Distribution `json:"violence_type"` // graph 2
	Natures      Distribution `json:"natures"`       // graph 3: several per case
	ProblemAreas Distribution `json:"problem_areas"` // graph 4: several per case
}

// Sexes is the evaluation's "verdeling mannen/vrouwen" (chapter 2): of
// the year's new cases, the share whose (presumed) perpetrators and whose
// victims are of each sex, and the share where it was left open. The
// percentages are of the cases, as the evaluation's are (89 % men, 5 %
// women and 5 % left open of 55 cases): a case naming two perpetrators of
// different sexes counts in both rows, two of the same sex once.
type Sexes struct {
	Perpetrators SexDistribution `json:"perpetrators"`
	Victims      SexDistribution `json:"victims"`
}

// SexDistribution is one side of Sexes: a row per sex (every sex, in the
// registration's order, also when none was counted), each of the cohort.
type SexDistribution = CaseShares

// CaseShares counts one registration field over the year's new cases: a
// row per value (every value, also when none was counted), each a share
// of the cohort, and the cases where the field was left open.
type CaseShares struct {
	Cases   int     `json:"cases"`   // the cohort
	Missing int     `json:"missing"` // cases with the field left open
	Rows    []Count `json:"rows"`    // percent of the cases
}

// MissingPercent is the share of the cohort where the field was left open.
func (d CaseShares) MissingPercent() int { return percent(d.Missing, d.Cases) }

// statusOrder is the order of the status rows.
var statusOrder = []cases.ITStatus{cases.ITReferred, cases.ITIntensive, cases.ITIntensiveReopened, cases.ITMonitor, cases.ITClosed, cases.ITEndedEarly}

// Statistics computes the tables for year over the cases, with the
// statuses as of asOf.
func Statistics(all []Case, year int, asOf toren.Date) YearStats {
	t := NewTally(year, asOf)
	for i := range all {
		f := all[i].Facts()
		t.Add(&f)
	}
	return t.Stats()
}

// Tally computes the year's tables in one pass over the cases' facts:
// Add each case, then Stats. It keeps nothing of a case but its counts,
// so the caller may reuse the Facts it passes.
type Tally struct {
	year       int
	asOf       toren.Date
	endOfPrev  toren.Date
	st         YearStats
	newStatus  map[cases.ITStatus]int
	prevStatus map[cases.ITStatus]int
	providers  map[string]int
	filled     int
	meetings   marks
	clients    marks
	days       int
	start, end map[cases.ITColour]int
	nStart     int
	nEnd       int
	graphs     [4]tallyDist
	sexes      [2]tallyDist // perpetrators, victims: cases per sex
	children   tallyDist    // cases per answer (yes, no)
}

type tallyDist struct {
	n                 map[string]int
	missing, mentions int
}

// marks sums a form's marks per item.
type marks struct {
	sum, n map[string]int
}

func (m *marks) add(s []ItemScore) {
	for _, x := range s {
		m.sum[x.Item] += x.Score
		m.n[x.Item]++
	}
}

// NewTally starts the tables for year with the statuses as of asOf.
func NewTally(year int, asOf toren.Date) *Tally {
	t := &Tally{year: year, asOf: asOf, endOfPrev: toren.NewDate(year-1, 12, 31), st: YearStats{Year: year, AsOf: asOf},
		newStatus: map[cases.ITStatus]int{}, prevStatus: map[cases.ITStatus]int{}, providers: map[string]int{},
		meetings: marks{map[string]int{}, map[string]int{}}, clients: marks{map[string]int{}, map[string]int{}},
		start: map[cases.ITColour]int{}, end: map[cases.ITColour]int{}}
	for i := range t.graphs {
		t.graphs[i].n = map[string]int{}
	}
	for i := range t.sexes {
		t.sexes[i].n = map[string]int{}
	}
	t.children.n = map[string]int{}
	return t
}

// statusOn is the status at the end of day d, as Case.StatusOn.
func (f *Facts) statusOn(d toren.Date) cases.ITStatus {
	if f.ReferredOn.After(d) {
		return ""
	}
	s := cases.ITReferred
	for _, e := range f.Events {
		if e.On.After(d) {
			break
		}
		s = e.To
	}
	return s
}

// Add counts one case.
func (t *Tally) Add(f *Facts) {
	// Table 4 counts the meetings held in the year, whatever the case's
	// cohort.
	for _, m := range f.Meetings {
		if m.On.Year() != t.year || len(m.Forms) == 0 {
			continue
		}
		t.st.Meetings.Evaluated++
		for _, form := range m.Forms {
			t.meetings.add(form)
		}
	}
	switch f.CCBOn.Year() {
	case t.year:
		if !f.CCBOn.IsZero() {
			t.st.CCB++
		}
	case t.year - 1:
		if !f.CCBOn.IsZero() {
			t.st.CCBBefore++
		}
	}
	if !f.Admitted {
		return
	}
	switch f.ReferredOn.Year() {
	case t.year - 1:
		s := f.statusOn(t.endOfPrev)
		if s == cases.ITClosed || s == cases.ITEndedEarly {
			t.st.EndedBefore++
			return
		}
		t.st.Continuing.Total++
		t.prevStatus[reopenedAsIntensive(f.statusOn(t.asOf))]++
	case t.year:
		t.addNew(f)
	}
}

// reopenedAsIntensive: the evaluation counts a reopened phase as intensive.
func reopenedAsIntensive(s cases.ITStatus) cases.ITStatus {
	if s == cases.ITIntensiveReopened {
		return cases.ITIntensive
	}
	return s
}

func (t *Tally) addNew(f *Facts) {
	t.st.New.Total++
	t.newStatus[reopenedAsIntensive(f.statusOn(t.asOf))]++
	if len(f.Providers) > 0 {
		t.filled++
	}
	for _, p := range f.Providers {
		t.providers[p]++
	}
	if f.HasClient {
		t.st.Clients.Evaluated++
		t.clients.add(f.Client)
	}
	if f.ColourStart != "" {
		t.start[f.ColourStart]++
		t.nStart++
	}
	var from toren.Date
	for _, e := range f.Events {
		if e.On.After(t.asOf) {
			break
		}
		if e.To == cases.ITIntensive && from.IsZero() {
			from = e.On
		}
		if e.To == cases.ITMonitor && !from.IsZero() {
			days := int(e.On.Time().Sub(from.Time()).Hours()/24 + 0.5)
			d := &t.st.Intensive
			if d.N == 0 || days < d.Min {
				d.Min = days
			}
			d.Max = max(d.Max, days)
			t.days += days
			d.N++
			if f.ColourEnd != "" {
				t.end[f.ColourEnd]++
				t.nEnd++
			}
			break
		}
	}
	one := func(g *tallyDist, v string) {
		if v == "" {
			g.missing++
			return
		}
		g.n[v]++
		g.mentions++
	}
	many := func(g *tallyDist, vs []string) {
		if len(vs) == 0 {
			g.missing++
		}
		for _, v := range vs {
			g.n[v]++
			g.mentions++
		}
	}
	one(&t.graphs[0], f.Municipality)
	one(&t.graphs[1], f.ViolenceType)
	many(&t.graphs[2], f.Natures)
	many(&t.graphs[3], f.ProblemAreas)
	// A case counts once per sex however many persons of it it names.
	cases := func(g *tallyDist, vs []string) {
		if len(vs) == 0 {
			g.missing++
		}
		for i, v := range vs {
			if !slices.Contains(vs[:i], v) {
				g.n[v]++
			}
		}
	}
	cases(&t.sexes[0], f.PerpetratorSexes)
	cases(&t.sexes[1], f.VictimSexes)
	one(&t.children, f.ChildrenPresent)
}

// Stats returns the tables of the cases added.
func (t *Tally) Stats() YearStats {
	st := t.st
	st.New.Rows = statusRows(t.newStatus, st.New.Total)
	st.Continuing.Rows = statusRows(t.prevStatus, st.Continuing.Total)
	st.Providers = MentionTable{CasesTotal: st.New.Total, CasesFilled: t.filled}
	st.Providers.Rows, st.Providers.Total = ranked(t.providers, nil)
	st.Meetings.Rows = means(MeetingItems(), t.meetings)
	st.Clients.Rows = means(ClientItems(), t.clients)
	if st.Intensive.N > 0 {
		st.Intensive.Mean = int(math.Floor(float64(t.days)/float64(st.Intensive.N) + 0.5))
	}
	colours := func(n map[cases.ITColour]int, total int) []Count {
		var out []Count
		for _, col := range Colours() {
			out = append(out, Count{Label: col.Label(), N: n[col], Percent: percent(n[col], total)})
		}
		return out
	}
	st.ColourStart, st.ColourEnd = colours(t.start, t.nStart), colours(t.end, t.nEnd)
	labels := []func(string) string{
		func(v string) string { return v }, // the page names the municipality
		func(v string) string { return reportsLabel(reports.ViolenceTypes, reports.ViolenceType(v)) },
		func(v string) string { return reportsLabel(reports.Natures, reports.Nature(v)) },
		func(v string) string { return cmpOr(optionLabel(ProblemAreas(), v), v) },
	}
	for i, d := range []*Distribution{&st.Graphs.Municipality, &st.Graphs.ViolenceType, &st.Graphs.Natures, &st.Graphs.ProblemAreas} {
		g := t.graphs[i]
		*d = Distribution{Cases: st.New.Total, Missing: g.missing}
		d.Rows, d.Mentions = ranked(g.n, labels[i])
	}
	for i, d := range []*SexDistribution{&st.Sexes.Perpetrators, &st.Sexes.Victims} {
		g := t.sexes[i]
		*d = SexDistribution{Cases: st.New.Total, Missing: g.missing, Rows: make([]Count, 0, len(reports.Sexes))}
		for _, s := range reports.Sexes {
			n := g.n[string(s.Code)]
			d.Rows = append(d.Rows, Count{Label: s.NL, Code: string(s.Code), N: n, Percent: percent(n, st.New.Total)})
		}
	}
	st.Children = CaseShares{Cases: st.New.Total, Missing: t.children.missing, Rows: make([]Count, 0, 2)}
	for _, a := range []struct {
		code reports.Tri
		nl   string
	}{{reports.Yes, "Kinderen aanwezig"}, {reports.No, "Geen kinderen aanwezig"}} {
		n := t.children.n[string(a.code)]
		st.Children.Rows = append(st.Children.Rows, Count{Label: a.nl, Code: string(a.code), N: n, Percent: percent(n, st.New.Total)})
	}
	return st
}

func statusRows(n map[cases.ITStatus]int, total int) []Count {
	rows := []Count{}
	for _, s := range statusOrder {
		if n[s] > 0 {
			rows = append(rows, Count{Label: s.Label(), N: n[s], Percent: percent(n[s], total)})
		}
	}
	return rows
}

// ranked returns the counts most first, ties by label (so that the order
// does not depend on the order the cases come in), each with its share of
// their total, and the total. label turns a value into its label (nil:
// the value is the label); Code keeps the value.
func ranked(n map[string]int, label func(string) string) ([]Count, int) {
	total := 0
	rows := make([]Count, 0, len(n))
	for v, k := range n {
		l := v
		if label != nil {
			l = label(v)
		}
		rows = append(rows, Count{Label: l, Code: v, N: k})
		total += k
	}
	slices.SortFunc(rows, func(a, b Count) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Label, b.Label)
	})
	for i := range rows {
		rows[i].Percent = percent(rows[i].N, total)
		if label == nil {
			rows[i].Code = ""
		}
	}
	return rows, total
}

func means(items []Option, m marks) []Mean {
	out := make([]Mean, 0, len(items))
	for _, it := range items {
		sum, n := m.sum[it.Value], m.n[it.Value]
		mean := Mean{Code: it.Value, Label: it.Label, N: n}
		if n > 0 {
			mean.Mean = float64((sum*20+n)/(2*n)) / 10 // tenths, half up, in integers
		}
		out = append(out, mean)
	}
	return out
}

func reportsLabel[T ~string](list []reports.Label[T], v T) string {
	for _, l := range list {
		if l.Code == v {
			return l.NL
		}
	}
	return string(v)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// percent is n of total in whole percent, half up, in integers so that
// no float rounding moves a boundary.
func percent(n, total int) int {
	if total == 0 {
		return 0
	}
	return (n*200 + total) / (2 * total)
}
