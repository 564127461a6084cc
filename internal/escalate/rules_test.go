package escalate

import (
	"slices"
	"strings"
	"testing"
	"time"

	"toren/internal/cases"
	"toren/internal/reports"
	"toren/internal/toren"
)

// at is noon in Amsterdam on the given day.
func at(date string) time.Time {
	d := toren.MustDate(date)
	return time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, toren.Amsterdam)
}

var (
	police = Reporter{Kind: reports.ReporterPolice, Organisation: "Politie Eenheid Midden-Nederland"}
	care   = Reporter{Kind: reports.ReporterSocialCare, Organisation: "Stichting Opvang De Linde"}
)

// signal is a report about mother (person 1) received on the day given.
func signal(date string, from Reporter) Signal {
	return Signal{ReportID: 100, Number: "M-2026-000100", Kind: reports.KindReport, ReceivedAt: at(date), Reporter: from,
		Persons: []Person{{ID: 1, Role: reports.RoleVictim, BirthDate: toren.MustDate("1990-01-01")}}}
}

func earlier(id int64, date string, from Reporter, persons ...int64) EarlierReport {
	return EarlierReport{ReportID: id, Number: "M-2026-00000" + string(rune('0'+id)), Kind: reports.KindReport,
		ReceivedAt: at(date), Reporter: from, PersonIDs: persons}
}

func codes(alerts []Alert) []Code {
	var out []Code
	for _, a := range alerts {
		out = append(out, a.Rule)
	}
	return out
}

func engine(t *testing.T, cfg Config) *Engine {
	t.Helper()
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func only(t *testing.T, cfg Config, code Code, s Signal, h History) []Alert {
	t.Helper()
	var out []Alert
	for _, a := range engine(t, cfg).Evaluate(s, h) {
		if a.Rule == code {
			out = append(out, a)
		}
	}
	return out
}

func TestSeveralReporters(t *testing.T) {
	household := earlier(1, "2026-01-01", police)
	household.HouseholdIDs = []int64{7}
	advice := earlier(1, "2026-03-01", police, 1)
	advice.Kind = reports.KindAdvice
	samePoliceSpelledOtherwise := Reporter{Kind: reports.ReporterPolice, Organisation: "politie eenheid  Midden-Nederland "}
	neighbour := Reporter{Kind: reports.ReporterCitizen, Name: "Mevrouw de Boer"}
	grandma := Reporter{Kind: reports.ReporterCitizen, Name: "Oma Jansen"}
	nobody := Reporter{Kind: reports.ReporterCitizen}
	tests := []struct {
		name   string
		cfg    Config
		signal Signal
		hist   []EarlierReport
		fires  bool
	}{
		{"other reporter on day 90", DefaultConfig(), signal("2026-04-01", care), []EarlierReport{earlier(1, "2026-01-01", police, 1)}, true},
		{"other reporter on day 91", DefaultConfig(), signal("2026-04-02", care), []EarlierReport{earlier(1, "2026-01-01", police, 1)}, false},
		{"same reporter twice", DefaultConfig(), signal("2026-01-10", police), []EarlierReport{earlier(1, "2026-01-01", police, 1)}, false},
		{"same reporter spelled otherwise", DefaultConfig(), signal("2026-01-10", samePoliceSpelledOtherwise), []EarlierReport{earlier(1, "2026-01-01", police, 1)}, false},
		{"about the household", DefaultConfig(), signal("2026-01-10", care), []EarlierReport{household}, true},
		{"earlier report is advice", DefaultConfig(), signal("2026-03-10", care), []EarlierReport{advice}, false},
		{"older report imported later", DefaultConfig(), signal("2026-01-01", care), []EarlierReport{earlier(1, "2026-03-31", police, 1)}, true},
		{"older report imported later, day 91", DefaultConfig(), signal("2026-01-01", care), []EarlierReport{earlier(1, "2026-04-02", police, 1)}, false},
		{"two citizens", DefaultConfig(), signal("2026-01-10", neighbour), []EarlierReport{earlier(1, "2026-01-01", grandma, 1)}, true},
		{"one citizen twice", DefaultConfig(), signal("2026-01-10", neighbour), []EarlierReport{earlier(1, "2026-01-01", neighbour, 1)}, false},
		{"unrecognisable reporter counts as another", DefaultConfig(), signal("2026-01-10", nobody), []EarlierReport{earlier(1, "2026-01-01", nobody, 1)}, true},
		{"window of 30 days, day 30", Config{WindowDays: 30, RecidiveMonths: 12, YoungChildAge: 4}, signal("2026-01-31", care), []EarlierReport{earlier(1, "2026-01-01", police, 1)}, true},
		{"window of 30 days, day 31", Config{WindowDays: 30, RecidiveMonths: 12, YoungChildAge: 4}, signal("2026-02-01", care), []EarlierReport{earlier(1, "2026-01-01", police, 1)}, false},
		{"no history", DefaultConfig(), signal("2026-01-10", care), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := only(t, tt.cfg, CodeSeveralReporters, tt.signal, History{Reports: tt.hist})
			if (len(got) == 1) != tt.fires || len(got) > 1 {
				t.Fatalf("fired %d times, want fires=%v", len(got), tt.fires)
			}
			if !tt.fires {
				return
			}
			a := got[0]
			if a.Audience != AudienceTriage || a.Severity != SeverityHigh || a.ReportID != 100 {
				t.Errorf("alert %+v", a)
			}
			if !slices.Equal(a.RelatedReportIDs, []int64{tt.hist[0].ReportID}) || !strings.Contains(a.Explanation, tt.hist[0].Number) ||
				!strings.Contains(a.Explanation, "M-2026-000100") {
				t.Errorf("explanation does not name both reports: %q (related %v)", a.Explanation, a.RelatedReportIDs)
			}
		})
	}
}

func TestSeveralReportersAdviceSignal(t *testing.T) {
	s := signal("2026-01-10", care)
	s.Kind = reports.KindAdvice
	if got := only(t, DefaultConfig(), CodeSeveralReporters, s, History{Reports: []EarlierReport{earlier(1, "2026-01-01", police, 1)}}); len(got) != 0 {
		t.Errorf("an advice request escalated as a report: %+v", got)
	}
}

func TestSeveralReportersExplainsHousehold(t *testing.T) {
	h := earlier(3, "2026-01-01", police)
	h.HouseholdIDs = []int64{7}
	got := only(t, DefaultConfig(), CodeSeveralReporters, signal("2026-01-10", care), History{Reports: []EarlierReport{h}})
	if len(got) != 1 || !strings.Contains(got[0].Explanation, "over het huishouden") || got[0].PersonID != 1 {
		t.Errorf("%+v", got)
	}
}

func caseWith(status cases.Status, closedAt string, persons ...int64) Case {
	c := Case{ID: 9, Number: "D-2025-000009", Status: status, Team: "Backoffice", OpenedAt: at("2025-01-01"), PersonIDs: persons}
	if closedAt != "" {
		c.ClosedAt = at(closedAt)
	}
	return c
}

func TestCaseStatusRules(t *testing.T) {
	tests := []struct {
		name string
		cs   Case
		want []Code
	}{
		{"open case", caseWith(cases.StatusConditions, "", 1), []Code{CodeOpenCase}},
		{"reopened case", caseWith(cases.StatusReopened, "", 1), []Code{CodeOpenCase}},
		{"in monitoring", caseWith(cases.StatusMonitoring, "", 1), []Code{CodeMonitoring}},
		{"closed long ago", caseWith(cases.StatusClosed, "2020-01-01", 1), nil},
		{"converted to advice", caseWith(cases.StatusConvertedToAdvice, "", 1), nil},
		{"open case of someone else", caseWith(cases.StatusConditions, ""), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := signal("2026-01-10", care)
			s.Persons[0].BirthDate = toren.Date{} // keep urgent_triage quiet
			got := engine(t, DefaultConfig()).Evaluate(s, History{Cases: []Case{tt.cs}})
			if !slices.Equal(codes(got), tt.want) {
				t.Fatalf("rules %v, want %v", codes(got), tt.want)
			}
			for _, a := range got {
				if a.Case == nil || a.Case.ID != 9 || a.PersonID != 1 || !strings.Contains(a.Explanation, "D-2025-000009") ||
					!strings.Contains(a.Explanation, "Backoffice") {
					t.Errorf("alert does not name the case: %+v", a)
				}
			}
			if len(got) == 1 {
				want := map[Code]Audience{CodeOpenCase: AudienceCaseManager, CodeMonitoring: AudienceMonitoring}[got[0].Rule]
				if got[0].Audience != want {
					t.Errorf("audience %s, want %s", got[0].Audience, want)
				}
			}
		})
	}
}

func TestCaseStatusOneAlertPerCase(t *testing.T) {
	a, b := caseWith(cases.StatusConditions, "", 1), caseWith(cases.StatusInvestigation, "", 1)
	b.ID, b.Number = 10, "D-2025-000010"
	got := only(t, DefaultConfig(), CodeOpenCase, signal("2026-01-10", care), History{Cases: []Case{a, b}})
	if len(got) != 2 || got[0].Case.ID != 9 || got[1].Case.ID != 10 {
		t.Errorf("%+v", got)
	}
}

func TestRecidive(t *testing.T) {
	tests := []struct {
		name   string
		signal string
		cases  []Case
		fires  bool
	}{
		{"on the last day of 12 months", "2026-03-10", []Case{caseWith(cases.StatusClosed, "2025-03-10", 1)}, true},
		{"a day after 12 months", "2026-03-11", []Case{caseWith(cases.StatusClosed, "2025-03-10", 1)}, false},
		{"on the day of closure", "2025-03-10", []Case{caseWith(cases.StatusClosed, "2025-03-10", 1)}, true},
		{"before the closure", "2025-03-09", []Case{caseWith(cases.StatusClosed, "2025-03-10", 1)}, false},
		{"ended, not closed", "2025-06-01", []Case{caseWith(cases.StatusEnded, "2025-03-10", 1)}, true},
		{"closing moment unknown", "2025-06-01", []Case{caseWith(cases.StatusClosed, "", 1)}, false},
		{"another case still runs", "2025-06-01", []Case{caseWith(cases.StatusClosed, "2025-03-10", 1), caseWith(cases.StatusMonitoring, "", 1)}, false},
		{"closed case of someone else", "2025-06-01", []Case{caseWith(cases.StatusClosed, "2025-03-10")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := only(t, DefaultConfig(), CodeRecidive, signal(tt.signal, care), History{Cases: tt.cases})
			if (len(got) == 1) != tt.fires || len(got) > 1 {
				t.Fatalf("fired %d times, want fires=%v", len(got), tt.fires)
			}
			if tt.fires && (got[0].Audience != AudienceTriage || got[0].Case == nil || !strings.Contains(got[0].Explanation, "10-03-2025")) {
				t.Errorf("%+v", got[0])
			}
		})
	}
	six := Config{WindowDays: 90, RecidiveMonths: 6, YoungChildAge: 4}
	if got := only(t, six, CodeRecidive, signal("2025-09-11", care), History{Cases: []Case{caseWith(cases.StatusClosed, "2025-03-10", 1)}}); len(got) != 0 {
		t.Errorf("6 months configured, fired after 6 months and a day: %+v", got)
	}
	if got := only(t, six, CodeRecidive, signal("2025-09-10", care), History{Cases: []Case{caseWith(cases.StatusClosed, "2025-03-10", 1)}}); len(got) != 1 {
		t.Errorf("6 months configured, did not fire on the last day")
	}
}

func TestRecidiveNamesLatestClosure(t *testing.T) {
	old, recent := caseWith(cases.StatusClosed, "2025-02-01", 1), caseWith(cases.StatusClosed, "2025-05-01", 1)
	recent.ID, recent.Number = 11, "D-2025-000011"
	got := only(t, DefaultConfig(), CodeRecidive, signal("2025-06-01", care), History{Cases: []Case{old, recent}})
	if len(got) != 1 || got[0].Case.ID != 11 || !strings.Contains(got[0].Explanation, "D-2025-000009") {
		t.Errorf("%+v", got)
	}
}

func TestUrgent(t *testing.T) {
	age := func(n int) *int { return &n }
	child := func(born string, stated *int) Person {
		p := Person{ID: 2, Role: reports.RoleChild, Age: stated}
		if born != "" {
			p.BirthDate = toren.MustDate(born)
		}
		return p
	}
	tests := []struct {
		name  string
		on    string
		acute bool
		kind  reports.Kind
		kid   *Person
		cfg   Config
		fires bool
	}{
		{"acute", "2026-04-30", true, reports.KindReport, nil, DefaultConfig(), true},
		{"child aged 3, the day before the 4th birthday", "2026-04-30", false, reports.KindReport, ptr(child("2022-05-01", nil)), DefaultConfig(), true},
		{"child aged 4 on the birthday", "2026-05-01", false, reports.KindReport, ptr(child("2022-05-01", nil)), DefaultConfig(), false},
		{"stated age 3", "2026-05-01", false, reports.KindReport, ptr(child("", age(3))), DefaultConfig(), true},
		{"stated age 4", "2026-05-01", false, reports.KindReport, ptr(child("", age(4))), DefaultConfig(), false},
		{"age unknown", "2026-05-01", false, reports.KindReport, ptr(child("", nil)), DefaultConfig(), false},
		{"acute advice request", "2026-05-01", true, reports.KindAdvice, nil, DefaultConfig(), false},
		{"age 5 with the age set to 6", "2026-05-01", false, reports.KindReport, ptr(child("", age(5))), Config{WindowDays: 90, RecidiveMonths: 12, YoungChildAge: 6}, true},
		{"not acute, adults only", "2026-05-01", false, reports.KindReport, nil, DefaultConfig(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := signal(tt.on, care)
			s.Acute, s.Kind = tt.acute, tt.kind
			if tt.kid != nil {
				s.Persons = append(s.Persons, *tt.kid)
			}
			got := only(t, tt.cfg, CodeUrgent, s, History{})
			if (len(got) == 1) != tt.fires || len(got) > 1 {
				t.Fatalf("fired %d times, want fires=%v", len(got), tt.fires)
			}
			if tt.fires && (got[0].Severity != SeverityUrgent || got[0].Audience != AudienceTriage) {
				t.Errorf("%+v", got[0])
			}
			if tt.fires && tt.kid != nil && got[0].PersonID != 2 {
				t.Errorf("alert about person %d, want the child", got[0].PersonID)
			}
		})
	}
}

// A report received late in the evening in Amsterdam counts on that
// Amsterdam day, not on the UTC day.
func TestWindowCountsAmsterdamDays(t *testing.T) {
	s := signal("2026-04-01", care)
	s.ReceivedAt = time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC) // 1 April 00:30 in Amsterdam
	e := earlier(1, "2026-01-01", police, 1)
	if got := only(t, DefaultConfig(), CodeSeveralReporters, s, History{Reports: []EarlierReport{e}}); len(got) != 1 {
		t.Errorf("day 90 in Amsterdam did not fire")
	}
	s.ReceivedAt = time.Date(2026, 4, 1, 22, 30, 0, 0, time.UTC) // 2 April 00:30 in Amsterdam: day 91
	if got := only(t, DefaultConfig(), CodeSeveralReporters, s, History{Reports: []EarlierReport{e}}); len(got) != 0 {
		t.Errorf("day 91 in Amsterdam fired")
	}
}

func TestNoPersonsNoAlerts(t *testing.T) {
	s := signal("2026-04-01", care)
	s.Persons, s.Acute = nil, true
	if got := engine(t, DefaultConfig()).Evaluate(s, History{}); len(got) != 0 {
		t.Errorf("%+v", got)
	}
}

func TestNewRefusesBadSetUp(t *testing.T) {
	if _, err := New(Config{WindowDays: 0, RecidiveMonths: 12, YoungChildAge: 4}); err == nil {
		t.Error("window of 0 days accepted")
	}
	r := DefaultRules()[0]
	if _, err := New(DefaultConfig(), r, r); err == nil {
		t.Error("duplicate rule accepted")
	}
	r.Audience = "nobody"
	if _, err := New(DefaultConfig(), r); err == nil {
		t.Error("unknown audience accepted")
	}
}

// Every rule can be found by its code (the web words the codes: its
// catalogue test asks for every rule's name and explanation).
func TestRulesByCode(t *testing.T) {
	for _, r := range DefaultRules() {
		if got, ok := RuleByCode(r.Code); !ok || got.Code != r.Code || got.Audience != r.Audience || got.Severity != r.Severity {
			t.Errorf("RuleByCode(%s) = %v", r.Code, ok)
		}
	}
}

func TestReporterSame(t *testing.T) {
	a := Reporter{Kind: reports.ReporterHealthCare, Organisation: "Huisartsenpraktijk Zuid"}
	b := Reporter{Kind: reports.ReporterYouthCare, Organisation: "Huisartsenpraktijk Zuid"}
	if a.Same(b) {
		t.Error("same organisation under another reporter kind counted as the same reporter")
	}
	if !a.Same(Reporter{Kind: reports.ReporterHealthCare, Organisation: "huisartsenpraktijk zuid"}) {
		t.Error("case difference made another reporter")
	}
}

func ptr[T any](v T) *T { return &v }

// A mention the radar sent to review against a person of an open case, or
// one in monitoring, tells that case's team at once.
func TestReviewCandidateRules(t *testing.T) {
	tests := []struct {
		name  string
		cs    Case
		named bool // a person the signal names is in the case too
		want  []Code
	}{
		{"candidate in an open case", caseWith(cases.StatusInvestigation, "", 7), false, []Code{CodeReviewOpenCase}},
		{"candidate in monitoring", caseWith(cases.StatusMonitoring, "", 7), false, []Code{CodeReviewMonitoring}},
		{"candidate in a closed case", caseWith(cases.StatusClosed, "2025-06-01", 7), false, nil},
		{"the case's team hears of it already", caseWith(cases.StatusInvestigation, "", 7), true, []Code{CodeOpenCase}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := signal("2026-01-10", care)
			s.Persons[0].BirthDate = toren.Date{}
			s.Candidates = []Candidate{{PersonID: 7, Probability: 0.93}}
			h := History{CandidateCases: []Case{tt.cs}}
			if tt.named {
				named := tt.cs
				named.PersonIDs = []int64{1}
				h.Cases = []Case{named}
			}
			got := engine(t, DefaultConfig()).Evaluate(s, h)
			if !slices.Equal(codes(got), tt.want) {
				t.Fatalf("rules %v, want %v", codes(got), tt.want)
			}
			if len(got) == 1 && !tt.named {
				a := got[0]
				if a.PersonID != 7 || a.Case == nil || a.Case.ID != 9 || !strings.Contains(a.Explanation, "D-2025-000009") ||
					!strings.Contains(a.Explanation, "93%") || !strings.Contains(a.Explanation, "bovenaan") {
					t.Errorf("alert = %+v", a)
				}
			}
		})
	}
}
