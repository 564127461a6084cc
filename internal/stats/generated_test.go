package stats_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/demo/generate"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/nl"
	"toren/internal/reports"
	"toren/internal/stats"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
	"toren/internal/workdays"
)

// The figures over a generated registry are the counts the test makes
// itself from the generated reports, which know the true persons in them;
// the case files and decisions are made by the test on a fixed pattern.

// stored is a generated report as stored, with what the truth needs.
type stored struct {
	report  reports.Report
	trueIDs []int64
	family  int
}

// storedCase is a case file the test opened, with its decisions.
type storedCase struct {
	received time.Time // its earliest report's receipt
	acute    bool
	assessed time.Time // approval of its safety assessment; zero when none
	// decisions approved: kind, outcome, when.
	approved []approval
}

type approval struct {
	kind    authz.DecisionKind
	outcome string
	at      time.Time
}

var outcomes = []string{string(cases.DecideHandover), casework.OutcomeVTService, string(cases.RequestRvdK),
	string(cases.ConvertToAdvice), string(cases.EndInvolvement)}

// loadGenerated stores the reports of families generated families over
// three years to the end of 2025, one in nine as an advice request, and
// opens case files with decisions on a fixed pattern.
func loadGenerated(t testing.TB, db *store.DB, families int) ([]stored, []storedCase) {
	t.Helper()
	ctx := context.Background()
	end := time.Date(2026, 1, 1, 0, 0, 0, 0, toren.Amsterdam)
	g := generate.New(generate.Config{Families: families, Years: 3, Seed: 11, End: end})
	person := map[int64]int64{} // true person -> registry person
	var all []stored
	err := g.Each(func(gr generate.GeneratedReport) error {
		r := gr.Report
		if len(all)%9 == 4 {
			r.Kind = reports.KindAdvice
		}
		r.RegisteredAt = r.ReceivedAt.Add(time.Minute)
		for i := range r.Persons {
			r.Persons[i].PersonID = person[gr.TrueIDs[i]]
		}
		if _, err := (intake.Steps{Store: db}).Register(intaketest.Audited(ctx), intake.NewReport{Report: &r, IdempotencyKey: gr.Key}); err != nil {
			return err
		}
		for i, m := range r.Persons {
			person[gr.TrueIDs[i]] = m.PersonID
		}
		all = append(all, stored{report: r, trueIDs: gr.TrueIDs, family: gr.Family})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	proposer := audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: "1", ActorName: "Iris", Role: "intake", Origin: "test"}})
	approver := audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: "2", ActorName: "Gerda", Role: "team_leader", Origin: "test"}})
	decide := func(c *cases.Case, sc *storedCase, kind authz.DecisionKind, outcome string, status casework.DecisionStatus, at time.Time) {
		d := &casework.Decision{CaseID: c.ID, Episode: 1, Kind: kind, Outcome: outcome, Reasoning: "Afweging.",
			Proposed: casework.Stamp{ByID: 1, ByName: "Iris", At: at.Add(-time.Hour)}}
		if err := db.ProposeDecision(proposer, d); err != nil {
			t.Fatal(err)
		}
		d.Status, d.Decided = status, &casework.Stamp{ByID: 2, ByName: "Gerda", At: at}
		if err := db.DecideDecision(approver, d, 0, nil); err != nil {
			t.Fatal(err)
		}
		if status == casework.DecisionApproved {
			sc.approved = append(sc.approved, approval{kind, outcome, d.Decided.At})
		}
	}
	// A case file for every fourth report, of two reports when the next
	// report is about the same family.
	var cs []storedCase
	used := map[int]bool{}
	for i := range all {
		if used[i] || all[i].report.Kind != reports.KindReport || i%4 != 0 {
			continue
		}
		rs := []int{i}
		if j := i + 1; j < len(all) && all[j].family == all[i].family && all[j].report.Kind == reports.KindReport {
			rs = append(rs, j)
		}
		c := &cases.Case{Status: cases.StatusSafetyAssessment, Team: "Frontoffice", OpenedAt: all[i].report.ReceivedAt}
		sc := storedCase{received: all[i].report.ReceivedAt}
		for _, k := range rs {
			used[k] = true
			c.ReportIDs = append(c.ReportIDs, all[k].report.ID)
			sc.acute = sc.acute || all[k].report.Acute
			if all[k].report.ReceivedAt.Before(sc.received) {
				sc.received = all[k].report.ReceivedAt
			}
		}
		if err := db.OpenCase(proposer, c, casework.TransitionRecord{Episode: 1, To: c.Status, Transition: casework.TransitionOpen,
			Recorded: casework.Stamp{ByID: 1, At: c.OpenedAt}}); err != nil {
			t.Fatal(err)
		}
		n := len(cs)
		if n%6 != 5 {
			if n%7 == 0 {
				decide(c, &sc, casework.KindSafetyAssessment, string(cases.DecideHandover), casework.DecisionRefused, sc.received.Add(time.Hour))
			}
			// Up to two weeks later, in steps of 53 minutes.
			at := sc.received.Add(time.Duration((n*53*60)%(14*24*60)) * time.Minute).Add(2 * time.Hour)
			outcome := outcomes[n%len(outcomes)]
			decide(c, &sc, casework.KindSafetyAssessment, outcome, casework.DecisionApproved, at)
			sc.assessed = at.UTC().Truncate(time.Microsecond)
			if outcome == casework.OutcomeVTService {
				choice := []string{string(cases.DecideConditions), string(cases.DecideInvestigation)}[n%2]
				decide(c, &sc, casework.KindInterventionChoice, choice, casework.DecisionApproved, at.Add(50*time.Hour))
			}
		}
		cs = append(cs, sc)
	}
	return all, cs
}

func localDay(t time.Time) toren.Date { return toren.DateOf(t.In(toren.Amsterdam)) }

func inPeriod(p stats.Period, t time.Time) bool {
	d := localDay(t)
	return !d.Before(p.From) && !d.After(p.To)
}

// key is a category and the kind of signal.
type key struct {
	cat  string
	kind reports.Kind
}

// truth counts what the figures of period p must say, from the generated
// reports and the test's case files.
type truth struct {
	quarter                        map[key]int64 // cat: the quarter 1-4
	reporter                       map[key]int64
	violence                       map[key]int64 // cat: the code; "" for none
	total                          map[reports.Kind]int64
	municipality                   map[key]int64
	children                       map[key]int64
	acute                          map[key]int64
	repeat                         map[bool]int64
	decisions                      map[string]int64 // kind/outcome
	assessments                    map[stats.AssessmentRow]int64
	within, late, overdue, running int64
}

func count(all []stored, cs []storedCase, p stats.Period, today toren.Date) *truth {
	tr := &truth{quarter: map[key]int64{}, reporter: map[key]int64{}, violence: map[key]int64{}, total: map[reports.Kind]int64{},
		municipality: map[key]int64{}, children: map[key]int64{}, acute: map[key]int64{}, repeat: map[bool]int64{},
		decisions: map[string]int64{}, assessments: map[stats.AssessmentRow]int64{}}
	named := map[int64]bool{} // true persons named in an earlier report
	for _, s := range all {
		r := s.report
		if inPeriod(p, r.ReceivedAt) {
			k := r.Kind
			tr.total[k]++
			tr.quarter[key{fmt.Sprint(int(localDay(r.ReceivedAt).Month()-1)/3 + 1), k}]++
			tr.reporter[key{string(r.Reporter.Kind), k}]++
			tr.municipality[key{r.Municipality, k}]++
			tr.children[key{string(r.ChildrenPresent), k}]++
			tr.acute[key{fmt.Sprint(r.Acute), k}]++
			if len(r.ViolenceTypes) == 0 {
				tr.violence[key{"", k}]++
			}
			for _, v := range r.ViolenceTypes {
				tr.violence[key{string(v), k}]++
			}
			if k == reports.KindReport {
				repeat := false
				for _, id := range s.trueIDs {
					repeat = repeat || named[id]
				}
				tr.repeat[repeat]++
			}
		}
		if r.Kind == reports.KindReport {
			for _, id := range s.trueIDs {
				named[id] = true
			}
		}
	}
	cal := workdays.Dutch()
	for _, c := range cs {
		for _, a := range c.approved {
			if inPeriod(p, a.at) {
				tr.decisions[string(a.kind)+"/"+a.outcome]++
			}
		}
		if !inPeriod(p, c.received) {
			continue
		}
		row := stats.AssessmentRow{Received: localDay(c.received), Acute: c.acute}
		if !c.assessed.IsZero() {
			row.Assessed = localDay(c.assessed)
		}
		tr.assessments[row]++
		if c.acute {
			continue
		}
		due := cal.AddWorkingDays(row.Received, 5)
		switch {
		case c.assessed.IsZero() && today.After(due):
			tr.overdue++
		case c.assessed.IsZero():
			tr.running++
		case row.Assessed.After(due):
			tr.late++
		default:
			tr.within++
		}
	}
	return tr
}

func TestFiguresMatchTheGeneratedRegistry(t *testing.T) {
	db := storetest.OpenSQLite(t)
	all, cs := loadGenerated(t, db, 220)
	today := toren.MustDate("2026-01-15")
	mun := nl.MustLoadMunicipalities()
	svc := stats.New(stats.Config{Store: db, Calendar: workdays.Dutch(), Deadlines: cases.DefaultDeadlines(),
		Clock: toren.NewFixedClock(time.Date(2026, 1, 15, 12, 0, 0, 0, toren.Amsterdam)),
		MunicipalityName: func(c string) string {
			m, _ := mun.ByCode(c)
			return m.Name
		}})
	if len(all) < 300 || len(cs) < 40 {
		t.Fatalf("registry too small to test: %d reports, %d case files", len(all), len(cs))
	}
	for _, p := range []stats.Period{stats.Year(2024), stats.Quarter(2025, 3),
		{From: toren.MustDate("2023-06-15"), To: toren.MustDate("2025-02-10")}} {
		t.Run(p.String(), func(t *testing.T) {
			tr := count(all, cs, p, today)
			f, err := svc.Figures(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			checkFigures(t, f, tr)
			checkTables(t, svc, f, tr, mun)
		})
	}
}

func want[K comparable](t *testing.T, what string, got, want map[K]int64) {
	t.Helper()
	for k, n := range want {
		if n != 0 && got[k] != n {
			t.Errorf("%s %v: %d, want %d", what, k, got[k], n)
		}
	}
	for k, n := range got {
		if n != want[k] {
			t.Errorf("%s %v: %d, want %d", what, k, n, want[k])
		}
	}
}

func checkFigures(t *testing.T, f *stats.Figures, tr *truth) {
	got := map[reports.Kind]int64{}
	for _, v := range f.Volume {
		got[v.Kind] += v.N
	}
	want(t, "total", got, tr.total)
	rep := map[key]int64{}
	for _, v := range f.Reporters {
		rep[key{string(v.Reporter), v.Kind}] += v.N
	}
	want(t, "reporter", rep, tr.reporter)
	vio := map[key]int64{}
	for _, v := range f.Violence {
		vio[key{"", v.Kind}] += v.None
		for i, n := range v.ByType {
			vio[key{string(reports.ViolenceTypes[i].Code), v.Kind}] += n
		}
	}
	want(t, "violence", vio, tr.violence)
	m := map[key]int64{}
	for _, v := range f.Municipalities {
		m[key{v.Municipality, v.Kind}] += v.N
	}
	want(t, "municipality", m, tr.municipality)
	ch := map[key]int64{}
	for _, v := range f.Children {
		ch[key{string(v.Children), v.Kind}] += v.N
	}
	want(t, "children", ch, tr.children)
	ac := map[key]int64{}
	for _, v := range f.Acute {
		ac[key{fmt.Sprint(v.Acute), v.Kind}] += v.N
	}
	want(t, "acute", ac, tr.acute)
	rp := map[bool]int64{}
	for _, v := range f.Repeats {
		rp[v.Repeat] += v.N
	}
	want(t, "repeat", rp, tr.repeat)
	dec := map[string]int64{}
	for _, v := range f.Decisions {
		dec[string(v.Kind)+"/"+v.Outcome] += v.N
	}
	want(t, "decisions", dec, tr.decisions)
	as := map[stats.AssessmentRow]int64{}
	for _, v := range f.Assessments {
		n := v.N
		v.N = 0
		as[v] += n
	}
	want(t, "assessments", as, tr.assessments)
	if tr.repeat[true] == 0 || len(tr.decisions) == 0 || tr.within == 0 {
		t.Errorf("the registry lacks repeats, decisions or assessments in time: %+v", tr)
	}
}

// checkCell: a count is shown as it is, or hidden: "<5" when it is small,
// "x" only to protect a small count in the same column.
func checkCell(t *testing.T, tb *stats.Table, row string, col int, truth int64) {
	t.Helper()
	var c *stats.Cell
	rows := tb.Rows
	if tb.Total != nil {
		rows = append(rows[:len(rows):len(rows)], *tb.Total)
	}
	smallInColumn := false
	for i := range rows {
		if rows[i].Label == row || rows[i].Code == row {
			c = &rows[i].Cells[col]
		}
		smallInColumn = smallInColumn || rows[i].Cells[col].String() == "<5"
	}
	if c == nil {
		if truth != 0 {
			t.Errorf("%s: no row %q (truth %d)", tb.ID, row, truth)
		}
		return
	}
	switch v, shown := c.Value(); {
	case stats.Small(truth):
		if c.String() != "<5" {
			t.Errorf("%s / %s / %d: %q, truth %d must show as <5", tb.ID, row, col, c.String(), truth)
		}
	case !shown:
		if c.String() != stats.Hidden || !smallInColumn {
			t.Errorf("%s / %s / %d: %q hidden without a small count beside it (truth %d)", tb.ID, row, col, c.String(), truth)
		}
	case v != truth:
		t.Errorf("%s / %s / %d = %d, want %d", tb.ID, row, col, v, truth)
	}
}

func checkTables(t *testing.T, svc *stats.Service, f *stats.Figures, tr *truth, mun *nl.Municipalities) {
	rep := &stats.Report{Period: f.Period, Tables: svc.Tables(f)}
	kinds := []reports.Kind{reports.KindAdvice, reports.KindReport}
	if f.Period == stats.Year(2024) {
		for q := 1; q <= 4; q++ {
			for col, k := range kinds {
				checkCell(t, rep.Table("per-periode"), fmt.Sprintf("2024-%02d-01", 3*q-2), col, tr.quarter[key{fmt.Sprint(q), k}])
			}
		}
	}
	for col, k := range kinds {
		checkCell(t, rep.Table("per-periode"), "total", col, tr.total[k])
		for _, l := range reports.ReporterKinds {
			checkCell(t, rep.Table("melders"), l.NL, col, tr.reporter[key{string(l.Code), k}])
		}
		for _, l := range reports.ViolenceTypes {
			checkCell(t, rep.Table("vormen-van-geweld"), l.NL, col, tr.violence[key{string(l.Code), k}])
		}
		for _, m := range mun.All() {
			checkCell(t, rep.Table("gemeenten"), m.Name, col, tr.municipality[key{m.Code, k}])
		}
		checkCell(t, rep.Table("kinderen"), "children", col, tr.children[key{"yes", k}])
		checkCell(t, rep.Table("kinderen"), "unknown", col, tr.children[key{"", k}])
		checkCell(t, rep.Table("acuut"), "acute", col, tr.acute[key{"true", k}])
		checkCell(t, rep.Table("acuut"), "not_acute", col, tr.acute[key{"false", k}])
	}
	checkCell(t, rep.Table("herhaald"), "repeat_report", 0, tr.repeat[true])
	checkCell(t, rep.Table("herhaald"), "first_report", 0, tr.repeat[false])
	checkCell(t, rep.Table("vervolg"), "outcome.decide_handover", 0,
		tr.decisions[string(casework.KindSafetyAssessment)+"/"+string(cases.DecideHandover)])
	checkCell(t, rep.Table("interventie"), "outcome.decide_investigation", 0,
		tr.decisions[string(casework.KindInterventionChoice)+"/"+string(cases.DecideInvestigation)])
	checkCell(t, rep.Table("termijn"), "assessed_within_term", 0, tr.within)
	checkCell(t, rep.Table("termijn"), "assessed_after_term", 0, tr.late)
	checkCell(t, rep.Table("termijn"), "not_assessed_term_passed", 0, tr.overdue)
	checkCell(t, rep.Table("termijn"), "not_assessed_term_running", 0, tr.running)
}
