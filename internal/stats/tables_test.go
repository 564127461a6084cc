package stats

import (
	"context"
	"testing"
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/reports"
	"toren/internal/toren"
	"toren/internal/workdays"
)

// fakeStore answers every query with the rows it holds.
type fakeStore struct {
	volume      []VolumeRow
	reporters   []ReporterRow
	violence    []ViolenceRow
	mun         []MunicipalityRow
	children    []ChildrenRow
	acute       []AcuteRow
	meldcode    []MeldcodeRow
	repeats     []RepeatRow
	decisions   []DecisionRow
	assessments []AssessmentRow
	bounds      []time.Time
}

func (f *fakeStore) StatsSnapshot(_ context.Context, fn func(Queries) error) error { return fn(f) }

func (f *fakeStore) StatsVolume(_ context.Context, _ Range, b []time.Time) ([]VolumeRow, error) {
	f.bounds = b
	return f.volume, nil
}
func (f *fakeStore) StatsReporters(context.Context, Range) ([]ReporterRow, error) {
	return f.reporters, nil
}
func (f *fakeStore) StatsViolence(context.Context, Range, []reports.ViolenceType) ([]ViolenceRow, error) {
	return f.violence, nil
}
func (f *fakeStore) StatsMunicipalities(context.Context, Range) ([]MunicipalityRow, error) {
	return f.mun, nil
}
func (f *fakeStore) StatsChildren(context.Context, Range) ([]ChildrenRow, error) {
	return f.children, nil
}
func (f *fakeStore) StatsAcute(context.Context, Range) ([]AcuteRow, error) { return f.acute, nil }
func (f *fakeStore) StatsMeldcode(context.Context, Range) ([]MeldcodeRow, error) {
	return f.meldcode, nil
}
func (f *fakeStore) StatsRepeats(context.Context, Range) ([]RepeatRow, error) {
	return f.repeats, nil
}
func (f *fakeStore) StatsDecisions(context.Context, Range) ([]DecisionRow, error) {
	return f.decisions, nil
}
func (f *fakeStore) StatsAssessments(context.Context, Range) ([]AssessmentRow, error) {
	return f.assessments, nil
}

// analyst may view and export the statistics.
var analyst = authz.Actor{UserID: 1, Name: "Ada Analist", Roles: []authz.Role{authz.RoleAnalyst}}

func newTestService(st Store) *Service {
	names := map[string]string{"GM0363": "Amsterdam", "GM0153": "Enschede", "GM0344": "Utrecht"}
	return New(Config{Store: st, Calendar: workdays.Dutch(), Deadlines: cases.DefaultDeadlines(), Clock: toren.NewFixedClock(time.Date(2024, 5, 20, 12, 0, 0, 0, toren.Amsterdam)),
		MunicipalityName: func(c string) string { return names[c] }})
}

func cellOf(t *testing.T, rep *Report, table, row string, col int) Cell {
	t.Helper()
	tb := rep.Table(table)
	if tb == nil {
		t.Fatalf("no table %s", table)
	}
	rows := tb.Rows
	if tb.Total != nil {
		rows = append(rows[:len(rows):len(rows)], *tb.Total)
	}
	for _, r := range rows {
		if r.Label == row || r.Code == row {
			return r.Cells[col]
		}
	}
	t.Fatalf("table %s has no row %q", table, row)
	return Cell{}
}

func d(s string) toren.Date { return toren.MustDate(s) }

// The deadline of the safety assessment in working days of the Dutch
// calendar: received Thursday 2 May 2024, the fifth working day is Friday
// 10 May, as Ascension Day (9 May) is a holiday. Assessed on Saturday 11
// May is 5 working days but after the deadline.
func TestThroughputAgainstTheDeadline(t *testing.T) {
	st := &fakeStore{assessments: []AssessmentRow{
		{Received: d("2024-05-02"), Assessed: d("2024-05-02"), N: 3}, // same day
		{Received: d("2024-05-02"), Assessed: d("2024-05-10"), N: 4}, // 5 working days, within
		{Received: d("2024-05-02"), Assessed: d("2024-05-11"), N: 2}, // Saturday after the due Friday: late
		{Received: d("2024-05-02"), Assessed: d("2024-05-13"), N: 6}, // 6 working days, late
		{Received: d("2024-05-02"), N: 5},                            // not assessed, due 10 May, now 20 May: overdue
		{Received: d("2024-05-17"), N: 7},                            // not assessed, due 24 May: running
		{Received: d("2024-05-02"), Assessed: d("2024-05-03"), Acute: true, N: 9},
	}}
	svc := newTestService(st)
	rep, err := svc.Report(context.Background(), analyst, Quarter(2024, 2))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"days.0":       {"<5", "0"},
		"days.1":       {"0", "9"},
		"days.5":       {"x", "0"}, // 4 + 2: 6 in truth; hidden as it and the 3 would give each other away? no: see below
		"days.6_10":    {"6", "0"},
		"not_assessed": {"12", "0"},
		"cases":        {"27", "9"},
	}
	// "days.5" holds 4 + 2 = 6; the column's only small count (3)
	// must not be derivable from the total, so the smallest other count,
	// 6, is hidden with it.
	for row, w := range want {
		for col := range 2 {
			if got := cellOf(t, rep, "doorlooptijd", row, col).String(); got != w[col] {
				t.Errorf("doorlooptijd %s col %d = %q, want %q", row, col, got, w[col])
			}
		}
	}
	deadline := map[string]string{
		"assessed_within_term":      "7",
		"assessed_after_term":       "8",
		"not_assessed_term_passed":  "5",
		"not_assessed_term_running": "7",
		"non_acute_cases":           "27",
	}
	for row, w := range deadline {
		if got := cellOf(t, rep, "termijn", row, 0).String(); got != w {
			t.Errorf("termijn %s = %q, want %q", row, got, w)
		}
	}
	// 7 within of the 20 whose deadline passed.
	if got := cellOf(t, rep, "kerncijfers", "within_term_share", 0).String(); got != "35,0%" {
		t.Errorf("share within the deadline %q", got)
	}
	// Working days of the 15 assessed non-acute case files, sorted:
	// 0,0,0, 5,5,5,5, 5,5, 6×6: the 8th is 5.
	if got := cellOf(t, rep, "kerncijfers", "median_days", 0).String(); got != "5,0" {
		t.Errorf("median %q", got)
	}
}

func TestMedian(t *testing.T) {
	for _, tt := range []struct {
		days map[int]int64
		want float64
	}{
		{map[int]int64{1: 1, 2: 1, 3: 1, 10: 1}, 2.5},
		{map[int]int64{4: 5}, 4},
		{map[int]int64{0: 2, 7: 3}, 7},
		{map[int]int64{0: 3, 7: 3}, 3.5},
	} {
		tp := &throughput{assessed: tt.days}
		if got, _ := tp.median(); got != tt.want {
			t.Errorf("median of %v = %v, want %v", tt.days, got, tt.want)
		}
	}
}

// The key figures hide what the tables they come from hide: 98 acute of
// 100 reports would show the 2 that are not.
func TestKeyFiguresHideWhatTheTablesHide(t *testing.T) {
	st := &fakeStore{
		volume:  []VolumeRow{{Bucket: 0, Kind: reports.KindReport, N: 100}, {Bucket: 1, Kind: reports.KindAdvice, N: 3}},
		acute:   []AcuteRow{{Acute: true, Kind: reports.KindReport, N: 98}, {Acute: false, Kind: reports.KindReport, N: 2}, {Kind: reports.KindAdvice, N: 3}},
		repeats: []RepeatRow{{Repeat: true, N: 40}, {Repeat: false, N: 60}},
	}
	rep, err := newTestService(st).Report(context.Background(), analyst, Year(2024))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		table, row string
		col        int
		want       string
	}{
		{"kerncijfers", "reports", 0, "100"},
		{"kerncijfers", "advice", 0, "<5"},
		{"kerncijfers", "acute_share", 0, "x"},
		{"kerncijfers", "repeat_share", 0, "40,0%"},
		{"acuut", "acute", 1, "x"},
		{"acuut", "not_acute", 1, "<5"},
		{"acuut", "acute", 2, "x"},
		{"acuut", "total", 1, "100"},
		{"per-periode", "2024-01-01", 1, "100"},
		{"per-periode", "2024-04-01", 0, "<5"},
		{"per-periode", "total", 0, "<5"},
	}
	for _, c := range checks {
		if got := cellOf(t, rep, c.table, c.row, c.col).String(); got != c.want {
			t.Errorf("%s / %s / %d = %q, want %q", c.table, c.row, c.col, got, c.want)
		}
	}
	if len(st.bounds) != 5 || !st.bounds[0].Equal(Year(2024).Range().From) || !st.bounds[4].Equal(Year(2024).Range().To) {
		t.Errorf("bounds asked for %v", st.bounds)
	}
}

func TestCategoriesAndLabels(t *testing.T) {
	st := &fakeStore{
		reporters: []ReporterRow{{Reporter: reports.ReporterPolice, Kind: reports.KindReport, N: 50}, {Reporter: "fax", Kind: reports.KindReport, N: 7}},
		mun: []MunicipalityRow{{Municipality: "GM0344", Kind: reports.KindReport, N: 9}, {Municipality: "", Kind: reports.KindReport, N: 8},
			{Municipality: "GM0363", Kind: reports.KindReport, N: 30}, {Municipality: "GM0363", Kind: reports.KindAdvice, N: 12}},
		violence: []ViolenceRow{{Kind: reports.KindReport, N: 57, ByType: make([]int64, len(reports.ViolenceTypes)), None: 0}},
		decisions: []DecisionRow{{Kind: casework.KindSafetyAssessment, Outcome: string(cases.DecideHandover), N: 20},
			{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService, N: 10},
			{Kind: casework.KindInterventionChoice, Outcome: string(cases.DecideInvestigation), N: 6},
			{Kind: casework.KindClosure, Outcome: string(cases.CloseCase), N: 50}},
	}
	st.violence[0].ByType[1] = 30 // partner
	st.violence[0].ByType[2] = 27 // ex-partner
	rep, err := newTestService(st).Report(context.Background(), analyst, Year(2024))
	if err != nil {
		t.Fatal(err)
	}
	if got := cellOf(t, rep, "melders", "other_or_unknown", 1).String(); got != "7" {
		t.Errorf("unknown reporter kind %q", got)
	}
	var names []string
	for _, r := range rep.Table("gemeenten").Rows {
		names = append(names, r.Label+r.Code)
	}
	if len(names) != 3 || names[0] != "Amsterdam" || names[1] != "Utrecht" || names[2] != "unknown" {
		t.Errorf("municipalities %v", names)
	}
	if got := cellOf(t, rep, "gemeenten", "Amsterdam", 0).String(); got != "12" {
		t.Errorf("advice in Amsterdam %q", got)
	}
	if got := cellOf(t, rep, "vormen-van-geweld", "Partnergeweld", 2).String(); got != "52,6%" {
		t.Errorf("share of partner violence %q", got)
	}
	if got := cellOf(t, rep, "vervolg", "outcome.decide_handover", 1).String(); got != "66,7%" {
		t.Errorf("share of handovers %q", got)
	}
	if got := cellOf(t, rep, "interventie", "outcome.decide_investigation", 0).String(); got != "6" {
		t.Errorf("investigations %q", got)
	}
	if got := cellOf(t, rep, "vervolg", "total", 0).String(); got != "30" {
		t.Errorf("closures must not count as follow-up: total %q", got)
	}
}
