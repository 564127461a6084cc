package store_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/store/storetest"
)

// The reads of the case-work screens, on both databases.

func TestCaseViewsSQLite(t *testing.T) { testCaseViews(t, storetest.OpenSQLite(t)) }

func TestCaseViewsPostgres(t *testing.T) {
	storetest.PostgresDSN(t)
	testCaseViews(t, storetest.OpenPostgres(t))
}

func testCaseViews(t *testing.T, db *store.DB) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	newReport := func(kind reports.Kind, at time.Time) *reports.Report {
		r := &reports.Report{Kind: kind, ReceivedAt: at, Channel: reports.ChannelPhone,
			Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
			ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Test.", RegisteredAt: at,
			Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: "Test", Surname: "Persoon"}}}
		if _, err := (intake.Steps{Store: db}).Register(intaketest.Audited(ctx), intake.NewReport{Report: r}); err != nil {
			t.Fatal(err)
		}
		return r
	}
	late := newReport(reports.KindReport, t0.Add(2*time.Hour))
	early := newReport(reports.KindReport, t0)
	newReport(reports.KindAdvice, t0.Add(-time.Hour)) // advice requests are not triaged as reports
	inCase := newReport(reports.KindReport, t0.Add(-2*time.Hour))

	rec := func(id string) context.Context {
		return audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: id, ActorName: "Test", Origin: "test"}})
	}
	c := &cases.Case{Status: cases.StatusReceived, Team: "Backoffice", ReportIDs: []int64{inCase.ID}, OpenedAt: t0}
	if err := db.OpenCase(rec("1"), c, casework.TransitionRecord{Episode: 1, To: cases.StatusReceived,
		Transition: casework.TransitionOpen, Recorded: casework.Stamp{ByID: 1, At: t0}}); err != nil {
		t.Fatal(err)
	}

	// An acute report from a citizen, received last, goes first.
	acute := &reports.Report{Kind: reports.KindReport, ReceivedAt: t0.Add(3 * time.Hour), Channel: reports.ChannelPhone, Acute: true,
		Reporter:      reports.Reporter{Kind: reports.ReporterCitizen, Name: "Buurvrouw", Phone: "06-12345678"},
		ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Test.", RegisteredAt: t0.Add(3 * time.Hour),
		Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: "Test", Surname: "Persoon"}}}
	if _, err := (intake.Steps{Store: db}).Register(intaketest.Audited(ctx), intake.NewReport{Report: acute}); err != nil {
		t.Fatal(err)
	}
	ids := func(rows []casework.TriageRow) []int64 {
		var out []int64
		for _, r := range rows {
			out = append(out, r.ID)
		}
		return out
	}
	for _, tt := range []struct {
		name      string
		q         casework.TriageQuery
		want      []int64
		wantTotal int
	}{
		{"all: urgent first, then oldest", casework.TriageQuery{Limit: 10}, []int64{acute.ID, early.ID, late.ID}, 3},
		{"a page", casework.TriageQuery{Limit: 1, Offset: 1}, []int64{early.ID}, 3},
		{"urgent only", casework.TriageQuery{Urgent: true, Limit: 10}, []int64{acute.ID}, 1},
		{"police only", casework.TriageQuery{ReporterKind: reports.ReporterPolice, Limit: 10}, []int64{early.ID, late.ID}, 2},
		{"overdue: acute and received before", casework.TriageQuery{OverdueBefore: t0.Add(time.Hour), Limit: 10}, []int64{acute.ID, early.ID}, 2},
		{"no teams", casework.TriageQuery{Teams: []string{}, Limit: 10}, nil, 0},
		{"a team without signals", casework.TriageQuery{Teams: []string{"Frontoffice"}, Limit: 10}, nil, 0},
	} {
		rows, total, err := db.TriageReports(ctx, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(rows), tt.want) || total != tt.wantTotal {
			t.Errorf("%s: triage %v of %d, want %v of %d", tt.name, ids(rows), total, tt.want, tt.wantTotal)
		}
		if len(rows) > 0 && rows[0].ID == acute.ID && (!rows[0].Urgent || !rows[0].Acute) {
			t.Errorf("%s: the acute report is not marked urgent: %+v", tt.name, rows[0])
		}
	}

	refs, err := db.CasesOfReport(ctx, inCase.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 1 || refs[0].ID != c.ID || refs[0].Number != c.Number || refs[0].Team != "Backoffice" || refs[0].Status != cases.StatusReceived {
		t.Errorf("cases of report %+v, want case %s", refs, c.Number)
	}
	if refs, err := db.CasesOfReport(ctx, early.ID); err != nil || len(refs) != 0 {
		t.Errorf("cases of a report in triage: %+v, %v", refs, err)
	}

	// The case's audit: its opening, a view, a decision on it; not the
	// entries of another case or object.
	d := &casework.Decision{CaseID: c.ID, Episode: 1, Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService,
		Status: casework.DecisionProposed, Reasoning: "Test.", TriageRule: casework.RuleVeiligThuis,
		Proposed: casework.Stamp{ByID: 1, At: t0.Add(time.Minute)}}
	if err := db.ProposeDecision(rec("1"), d); err != nil {
		t.Fatal(err)
	}
	caseID := strconv.FormatInt(c.ID, 10)
	if err := db.AppendAudit(ctx,
		audit.Entry{At: t0.Add(2 * time.Minute), ActorID: "2", Action: "case.view", ObjectType: "case", ObjectID: caseID, Outcome: audit.OutcomeOK},
		audit.Entry{At: t0.Add(3 * time.Minute), ActorID: "2", Action: "case.view", ObjectType: "case", ObjectID: caseID + "0", Outcome: audit.OutcomeOK},
		audit.Entry{At: t0.Add(4 * time.Minute), ActorID: "2", Action: "report.view", ObjectType: "report", ObjectID: caseID, Outcome: audit.OutcomeOK},
	); err != nil {
		t.Fatal(err)
	}
	entries, err := db.AuditForCase(ctx, c.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Action+" "+e.ObjectType)
	}
	want := []string{"case.view case", casework.ActionDecisionPropose + " decision", casework.ActionCaseOpen + " case"}
	if len(got) != len(want) {
		t.Fatalf("audit of the case %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("audit of the case %v, want %v (newest first)", got, want)
			break
		}
	}
}
