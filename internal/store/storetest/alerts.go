package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/alerts"
	"toren/internal/audit"
	"toren/internal/cases"
	"toren/internal/escalate"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/toren"
)

// Conformance tests for alerts: raised in the transaction that stores the
// report, listed per team, acknowledged once with an audit entry.

const triageTeam = "Frontoffice"

// withRules is the alert step with the default rules.
func withRules(t *testing.T) intake.AlertRaiser {
	t.Helper()
	e, err := escalate.New(escalate.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return alerts.Router{Engine: e, TriageTeam: triageTeam}
}

// signalReport is a report from reporter, received daysAfter days after
// t0, naming persons. Not acute, no young children: only the rules under
// test fire.
func signalReport(from reports.Reporter, daysAfter int, persons ...reports.Mention) *reports.Report {
	at := t0.AddDate(0, 0, daysAfter)
	return &reports.Report{Kind: reports.KindReport, ReceivedAt: at, RegisteredAt: at.Add(time.Minute), Channel: reports.ChannelPhone,
		Reporter: from, ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Signaal.", Persons: persons}
}

var (
	policeReporter = reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie Eenheid Oost-Nederland", Phone: "0900-8844"}
	careReporter   = reports.Reporter{Kind: reports.ReporterSocialCare, Organisation: "Wijkteam Enschede-Noord", Phone: "053-1234567"}
	schoolReporter = reports.Reporter{Kind: reports.ReporterEducation, Organisation: "Basisschool De Regenboog", Phone: "053-7654321"}
)

func adult(role reports.Role, first, surname string, street, number, postcode string) reports.Mention {
	return reports.Mention{Role: role, FirstNames: first, Surname: surname, BirthDate: toren.MustDate("1988-02-03"),
		Street: street, HouseNumber: number, Postcode: postcode, City: "Enschede"}
}

func linked(m reports.Mention, personID int64) reports.Mention {
	m.PersonID = personID
	return m
}

func rules(as []alerts.Alert) []escalate.Code {
	var out []escalate.Code
	for _, a := range as {
		out = append(out, a.Rule)
	}
	return out
}

func alertsOf(t *testing.T, db *store.DB, reportID int64) []alerts.Alert {
	t.Helper()
	as, err := db.AlertsOfReport(context.Background(), reportID)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func testAlertsRaisedWithReport(t *testing.T, db *store.DB) {
	ctx := context.Background()
	raiser := withRules(t)
	mother := adult(reports.RoleVictim, "Sanne", "Mulder", "Lasondersingel", "3", "7514 BP")
	first := signalReport(policeReporter, 0, mother)
	createWith(t, db, raiser, first, "")
	if got := alertsOf(t, db, first.ID); len(got) != 0 {
		t.Fatalf("first report raised %v", rules(got))
	}
	// The same reporter again: no escalation.
	again := signalReport(policeReporter, 10, linked(mother, first.Persons[0].PersonID))
	createWith(t, db, raiser, again, "")
	if got := alertsOf(t, db, again.ID); len(got) != 0 {
		t.Fatalf("same reporter twice raised %v", rules(got))
	}
	// Another reporter within 90 days: the triage team is told.
	second := signalReport(careReporter, 30, linked(mother, first.Persons[0].PersonID))
	createWith(t, db, raiser, second, "")
	got := alertsOf(t, db, second.ID)
	if !slices.Equal(rules(got), []escalate.Code{escalate.CodeSeveralReporters}) {
		t.Fatalf("alerts %v, want several_reporters", rules(got))
	}
	a := got[0]
	if a.Team != triageTeam || a.UserID != 0 || a.Audience != escalate.AudienceTriage || a.Severity != escalate.SeverityHigh ||
		a.PersonID != first.Persons[0].PersonID || a.PersonName != "Sanne Mulder" || a.ReportNumber != second.Number ||
		!slices.Equal(a.RelatedReportIDs, []int64{again.ID, first.ID}) || !a.Open() || a.Version != 1 ||
		!a.CreatedAt.Equal(second.RegisteredAt.Truncate(time.Microsecond)) {
		t.Errorf("alert %+v", a)
	}
	if !strings.Contains(a.Explanation, first.Number) || !strings.Contains(a.Explanation, second.Number) {
		t.Errorf("explanation does not name the reports: %s", a.Explanation)
	}
	list, err := db.ListAlerts(ctx, alerts.Filter{Teams: []string{triageTeam}})
	if err != nil || len(list) != 1 || list[0].ID != a.ID {
		t.Errorf("list for the triage team: %v %v", list, err)
	}
	if list, _ := db.ListAlerts(ctx, alerts.Filter{Teams: []string{"Backoffice"}}); len(list) != 0 {
		t.Errorf("another team sees %d alerts", len(list))
	}
	if n, err := db.CountOpenAlerts(ctx, []string{"Backoffice", triageTeam}, 0); err != nil || n != 1 {
		t.Errorf("count %d %v", n, err)
	}
	if n, _ := db.CountOpenAlerts(ctx, nil, 0); n != 0 {
		t.Errorf("count for nobody: %d", n)
	}
	// 91 days after the first report and 61 after the second: the second
	// is still within the window.
	late := signalReport(policeReporter, 91, linked(mother, first.Persons[0].PersonID))
	createWith(t, db, raiser, late, "")
	if got := alertsOf(t, db, late.ID); len(got) != 1 || !slices.Equal(got[0].RelatedReportIDs, []int64{second.ID}) {
		t.Errorf("day 91: %+v", got)
	}
	// A replay raises nothing new.
	key := signalReport(schoolReporter, 40, linked(mother, first.Persons[0].PersonID))
	createWith(t, db, raiser, key, "k")
	replay := signalReport(schoolReporter, 40, linked(mother, first.Persons[0].PersonID))
	if !createWith(t, db, raiser, replay, "k") {
		t.Fatal("not replayed")
	}
	if n, _ := db.CountOpenAlerts(ctx, []string{triageTeam}, 0); n != 3 {
		t.Errorf("%d open alerts after a replay, want 3", n)
	}
}

// An alert about a person in an open case goes to the case's team, and a
// case in monitoring to the monitoring worker (the team, for now).
func testAlertsForCases(t *testing.T, db *store.DB) {
	ctx := context.Background()
	raiser := withRules(t)
	father := adult(reports.RolePerpetrator, "Mark", "Jansen", "Hengelosestraat", "80", "7514 AJ")
	first := signalReport(policeReporter, 0, father)
	createWith(t, db, raiser, first, "")
	open := &cases.Case{Status: cases.StatusInvestigation, Team: "Backoffice", ReportIDs: []int64{first.ID}, OpenedAt: t0}
	if err := db.CreateCase(ctx, open); err != nil {
		t.Fatal(err)
	}
	next := signalReport(policeReporter, 200, linked(father, first.Persons[0].PersonID))
	createWith(t, db, raiser, next, "")
	got := alertsOf(t, db, next.ID)
	if !slices.Equal(rules(got), []escalate.Code{escalate.CodeOpenCase}) {
		t.Fatalf("alerts %v, want open_case", rules(got))
	}
	if a := got[0]; a.Team != "Backoffice" || a.CaseID != open.ID || a.CaseNumber != open.Number || a.Audience != escalate.AudienceCaseManager ||
		!strings.Contains(a.Explanation, open.Number) {
		t.Errorf("alert %+v", a)
	}
	// The case moves to monitoring.
	c, err := db.GetCase(ctx, open.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.Status, c.Team, c.UpdatedAt = cases.StatusMonitoring, "Team Monitoring", t0.AddDate(0, 0, 210)
	if err := db.UpdateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	third := signalReport(policeReporter, 220, linked(father, first.Persons[0].PersonID))
	createWith(t, db, raiser, third, "")
	got = alertsOf(t, db, third.ID)
	if !slices.Equal(rules(got), []escalate.Code{escalate.CodeMonitoring}) || got[0].Team != "Team Monitoring" {
		t.Fatalf("alerts %+v, want monitoring for Team Monitoring", got)
	}
	// Closed: the last update is the closing moment; a signal within 12
	// months of it is a repeat report for the triage team.
	c, _ = db.GetCase(ctx, open.ID)
	c.Status, c.UpdatedAt = cases.StatusClosed, t0.AddDate(0, 0, 230)
	if err := db.UpdateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	_, h, err := db.SignalHistory(ctx, third.ID)
	if err != nil || len(h.Cases) != 1 || !h.Cases[0].ClosedAt.Equal(t0.AddDate(0, 0, 230)) {
		t.Fatalf("history cases %+v %v", h.Cases, err)
	}
	fourth := signalReport(policeReporter, 230+365, linked(father, first.Persons[0].PersonID))
	createWith(t, db, raiser, fourth, "")
	got = alertsOf(t, db, fourth.ID)
	if !slices.Equal(rules(got), []escalate.Code{escalate.CodeRecidive}) || got[0].Team != triageTeam || got[0].CaseID != open.ID {
		t.Fatalf("alerts %+v, want recidive for the triage team", got)
	}
}

// The alerts are part of the report's transaction: when the batch fails,
// neither reports nor alerts are stored, and a failing hook fails the
// report.
func testAlertsSameTransaction(t *testing.T, db *store.DB) {
	ctx := context.Background()
	raiser := withRules(t)
	acute := signalReport(policeReporter, 0, adult(reports.RoleVictim, "Eva", "Smit", "", "", ""))
	acute.Acute = true
	bad := signalReport(policeReporter, 0, reports.Mention{Role: reports.RoleVictim, Surname: "Kwijt", PersonID: 999999})
	if _, err := (intake.Steps{Store: db, Alerts: raiser}).Register(intaketest.Audited(ctx), []intake.NewReport{{Report: acute}, {Report: bad}}...); err == nil {
		t.Fatal("broken batch stored")
	}
	if n, _ := db.CountOpenAlerts(ctx, []string{triageTeam}, 0); n != 0 {
		t.Errorf("%d alerts of a rolled-back batch", n)
	}
	raiser = failingHook{}
	r := signalReport(policeReporter, 0, adult(reports.RoleVictim, "Eva", "Smit", "", "", ""))
	if _, err := (intake.Steps{Store: db, Alerts: raiser}).Register(intaketest.Audited(ctx), intake.NewReport{Report: r}); err == nil {
		t.Fatal("a report was stored although its alerts could not be raised")
	}
	if n, _, _, _ := db.Counts(ctx); n != 0 {
		t.Errorf("%d reports stored", n)
	}
	// Acute, with an audit recorder: the alert has its own audit entry.
	raiser = withRules(t)
	rec := &audit.Recorder{Template: audit.Entry{ActorID: "7", ActorName: "Iris", Role: "intake", Origin: "test"}}
	r = signalReport(policeReporter, 0, adult(reports.RoleVictim, "Eva", "Smit", "", "", ""))
	r.Acute = true
	if _, err := (intake.Steps{Store: db, Alerts: raiser}).Register(audit.WithRecorder(ctx, rec), intake.NewReport{Report: r}); err != nil {
		t.Fatal(err)
	}
	got := alertsOf(t, db, r.ID)
	if !slices.Equal(rules(got), []escalate.Code{escalate.CodeUrgent}) || got[0].Severity != escalate.SeverityUrgent {
		t.Fatalf("acute report: %+v", got)
	}
	entries := readAudit(t, db, 0)
	if len(entries) != 2 || entries[0].Action != audit.ActionReportCreate || entries[1].Action != "alert.raise" ||
		entries[1].ObjectType != "alert" || !slices.Equal(entries[1].PersonIDs, []int64{r.Persons[0].PersonID}) {
		t.Errorf("audit %+v", entries)
	}
}

type failingHook struct{}

func (failingHook) Raise(context.Context, escalate.Signal, escalate.History) ([]alerts.Alert, error) {
	return nil, errors.New("rules unavailable")
}

func testAlertAcknowledge(t *testing.T, db *store.DB) {
	ctx := context.Background()
	raiser := withRules(t)
	r := signalReport(policeReporter, 0, adult(reports.RoleVictim, "Eva", "Smit", "", "", ""))
	r.Acute = true
	createWith(t, db, raiser, r, "")
	a := alertsOf(t, db, r.ID)[0]
	u := newUser(t, db, "iris")
	rec := &audit.Recorder{Template: audit.Entry{ActorID: "1", ActorName: "Iris", Role: "intake", Origin: "test"}}
	actx := audit.WithRecorder(ctx, rec)
	at := t0.Add(2 * time.Hour)
	if _, err := db.AcknowledgeAlert(actx, alerts.Ack{ID: a.ID, Version: a.Version + 1, By: u.ID, At: at, Note: "Gebeld."}); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("stale version: %v, want conflict", err)
	}
	if _, err := db.AcknowledgeAlert(actx, alerts.Ack{ID: 98765, Version: 1, By: u.ID, At: at, Note: "Gebeld."}); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("missing alert: %v, want not found", err)
	}
	// Without a recorder saying who acknowledges, the store refuses: the
	// alert stays open and the log unchanged.
	before := readAudit(t, db, 0)
	if _, err := db.AcknowledgeAlert(ctx, alerts.Ack{ID: a.ID, Version: a.Version, By: u.ID, At: at, Note: "Gebeld."}); err == nil {
		t.Error("acknowledged without an audit recorder")
	}
	if still, _ := db.ListAlerts(ctx, alerts.Filter{Teams: []string{triageTeam}}); len(still) != 1 || still[0].ID != a.ID || !still[0].Open() || still[0].Version != a.Version {
		t.Errorf("after the refused acknowledgement the open alerts are %+v", still)
	}
	if got := readAudit(t, db, 0); len(got) != len(before) {
		t.Errorf("the refused acknowledgement wrote %+v", got[len(before):])
	}
	got, err := db.AcknowledgeAlert(actx, alerts.Ack{ID: a.ID, Version: a.Version, By: u.ID, At: at, Note: "Met moeder gebeld; veiligheidsplan besproken."})
	if err != nil {
		t.Fatal(err)
	}
	if got.Open() || !got.AcknowledgedAt.Equal(at) || got.AcknowledgedBy != u.ID || got.AcknowledgedByName != "Naam iris" ||
		got.Note != "Met moeder gebeld; veiligheidsplan besproken." || got.Version != 2 {
		t.Errorf("acknowledged alert %+v", got)
	}
	after := readAudit(t, db, 0)
	if len(after) != len(before)+1 || after[len(after)-1].Action != "alert.ack" || after[len(after)-1].ObjectID != strconv.FormatInt(a.ID, 10) ||
		!slices.Equal(after[len(after)-1].PersonIDs, []int64{r.Persons[0].PersonID}) || rec.Written() != 1 {
		t.Errorf("audit after acknowledging: %+v (written %d)", after[len(before):], rec.Written())
	}
	if _, err := db.AcknowledgeAlert(actx, alerts.Ack{ID: a.ID, Version: got.Version, By: u.ID, At: at, Note: "Nog eens."}); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("second acknowledgement: %v, want conflict", err)
	}
	open, _ := db.ListAlerts(ctx, alerts.Filter{Teams: []string{triageTeam}})
	done, _ := db.ListAlerts(ctx, alerts.Filter{Teams: []string{triageTeam}, State: alerts.StateAcknowledged})
	all, _ := db.ListAlerts(ctx, alerts.Filter{Teams: []string{triageTeam}, State: alerts.StateAll})
	if len(open) != 0 || len(done) != 1 || len(all) != 1 {
		t.Errorf("open %d, acknowledged %d, all %d", len(open), len(done), len(all))
	}
	if _, err := db.VerifyAudit(ctx); err != nil {
		t.Error(err)
	}
}

// workerOf names one worker for every case alert (case assignment).
type workerOf struct{ userID int64 }

func (w workerOf) Recipient(_ context.Context, c escalate.Case, _ escalate.Audience) (alerts.Recipient, error) {
	return alerts.Recipient{Team: c.Team, UserID: w.userID}, nil
}

// Alerts for one worker, found by their user ID; lists page newest first.
func testAlertsForWorkerAndPaging(t *testing.T, db *store.DB) {
	ctx := context.Background()
	u := newUser(t, db, "cas")
	e, err := escalate.New(escalate.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	raiser := alerts.Router{Engine: e, Workers: workerOf{u.ID}, TriageTeam: triageTeam}
	father := adult(reports.RolePerpetrator, "Mark", "Jansen", "", "", "")
	first := signalReport(policeReporter, 0, father)
	createWith(t, db, raiser, first, "")
	if err := db.CreateCase(ctx, &cases.Case{Status: cases.StatusConditions, Team: "Backoffice", ReportIDs: []int64{first.ID}, OpenedAt: t0}); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := 1; i <= 3; i++ {
		r := signalReport(policeReporter, i, linked(father, first.Persons[0].PersonID))
		createWith(t, db, raiser, r, "")
		as := alertsOf(t, db, r.ID)
		if len(as) != 1 || as[0].UserID != u.ID || as[0].Team != "Backoffice" {
			t.Fatalf("alerts %+v", as)
		}
		ids = append(ids, as[0].ID)
	}
	mine, err := db.ListAlerts(ctx, alerts.Filter{UserID: u.ID, Limit: 2})
	if err != nil || len(mine) != 2 || mine[0].ID != ids[2] || mine[1].ID != ids[1] {
		t.Fatalf("first page for the worker: %+v %v", mine, err)
	}
	rest, err := db.ListAlerts(ctx, alerts.Filter{UserID: u.ID, Limit: 2, BeforeID: mine[1].ID})
	if err != nil || len(rest) != 1 || rest[0].ID != ids[0] {
		t.Errorf("second page: %+v %v", rest, err)
	}
	if n, _ := db.CountOpenAlerts(ctx, nil, u.ID); n != 3 {
		t.Errorf("count for the worker: %d", n)
	}
	if other, _ := db.ListAlerts(ctx, alerts.Filter{UserID: u.ID + 1}); len(other) != 0 {
		t.Errorf("another worker sees %d alerts", len(other))
	}
	if _, err := db.ListAlerts(ctx, alerts.Filter{UserID: u.ID, State: "gone"}); toren.ErrorCode(err) != toren.CodeInvalid {
		t.Errorf("unknown state: %v", err)
	}
	if _, err := db.GetAlert(ctx, 98765); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("missing alert: %v", err)
	}
	got, err := db.GetAlert(ctx, ids[0])
	if err != nil || got.CaseNumber == "" || got.PersonName != "Mark Jansen" || got.Rule != escalate.CodeOpenCase {
		t.Errorf("GetAlert: %+v %v", got, err)
	}
}

// The navigation's count of open alerts stops at alerts.OpenCountCap, and
// a list over several teams gives the newest of all of them first, with
// paging, though each team is read through its own index.
func testAlertsCountCapAndTeams(t *testing.T, db *store.DB) {
	ctx := context.Background()
	raiser := withRules(t)
	var ids []int64
	for i := 0; i < alerts.OpenCountCap+3; i++ {
		r := signalReport(policeReporter, i%300, adult(reports.RoleVictim, "Anne", fmt.Sprintf("Teller%03d", i), "", "", ""))
		r.Acute = true // each raises one urgent alert for the triage team
		createWith(t, db, raiser, r, "")
		for _, a := range alertsOf(t, db, r.ID) {
			ids = append(ids, a.ID)
		}
	}
	if n, err := db.CountOpenAlerts(ctx, []string{triageTeam}, 0); err != nil || n != alerts.OpenCountCap {
		t.Errorf("count of %d open alerts = %d %v, want the cap %d", len(ids), n, err, alerts.OpenCountCap)
	}
	// Two teams, one of them without alerts: the same newest first.
	page, err := db.ListAlerts(ctx, alerts.Filter{Teams: []string{"Backoffice", triageTeam}, Limit: 5})
	if err != nil || len(page) != 5 {
		t.Fatalf("list over two teams: %d %v", len(page), err)
	}
	slices.Sort(ids)
	for i, a := range page {
		if want := ids[len(ids)-1-i]; a.ID != want {
			t.Errorf("alert %d of the page: %d, want %d", i, a.ID, want)
		}
	}
	next, err := db.ListAlerts(ctx, alerts.Filter{Teams: []string{"Backoffice", triageTeam}, Limit: 5, BeforeID: page[4].ID})
	if err != nil || len(next) != 5 || next[0].ID != ids[len(ids)-6] {
		t.Errorf("second page over two teams: %+v %v", next, err)
	}
}

// "Signalen voor mij" filters by rule, urgency, team and age, counts what
// the filter selects, and acknowledges several alerts at once: all of them
// with an audit entry each, or none.
func testAlertsFilterAndBulk(t *testing.T, db *store.DB) {
	ctx := context.Background()
	raiser := withRules(t)
	anne := adult(reports.RoleVictim, "Anne", "Filter", "", "", "")
	r1 := signalReport(policeReporter, 0, anne)
	r1.Acute = true
	createWith(t, db, raiser, r1, "")
	r2 := signalReport(policeReporter, 1, adult(reports.RoleVictim, "Bo", "Filter", "", "", ""))
	r2.Acute = true
	createWith(t, db, raiser, r2, "")
	r3 := signalReport(careReporter, 5, linked(anne, r1.Persons[0].PersonID))
	createWith(t, db, raiser, r3, "")
	a1, a2, a3 := alertsOf(t, db, r1.ID), alertsOf(t, db, r2.ID), alertsOf(t, db, r3.ID)
	if !slices.Equal(rules(a1), []escalate.Code{escalate.CodeUrgent}) || !slices.Equal(rules(a2), []escalate.Code{escalate.CodeUrgent}) ||
		!slices.Equal(rules(a3), []escalate.Code{escalate.CodeSeveralReporters}) {
		t.Fatalf("alerts %v %v %v", rules(a1), rules(a2), rules(a3))
	}
	ids := func(as []alerts.Alert) []int64 {
		var out []int64
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	team := []string{triageTeam, "Backoffice"}
	for _, tt := range []struct {
		name string
		f    alerts.Filter
		want []int64
	}{
		{"urgent", alerts.Filter{Severity: escalate.SeverityUrgent}, []int64{a2[0].ID, a1[0].ID}},
		{"one rule", alerts.Filter{Rule: escalate.CodeSeveralReporters}, []int64{a3[0].ID}},
		{"one team", alerts.Filter{Team: triageTeam}, []int64{a3[0].ID, a2[0].ID, a1[0].ID}},
		{"a team without alerts", alerts.Filter{Team: "Backoffice"}, nil},
		{"newer than two days", alerts.Filter{CreatedAfter: t0.AddDate(0, 0, 2)}, []int64{a3[0].ID}},
		{"older than a day", alerts.Filter{CreatedBefore: t0.AddDate(0, 0, 1)}, []int64{a1[0].ID}},
		{"urgent, second page", alerts.Filter{Severity: escalate.SeverityUrgent, BeforeID: a2[0].ID}, []int64{a1[0].ID}},
	} {
		f := tt.f
		f.Teams = team
		got, err := db.ListAlerts(ctx, f)
		if err != nil || !slices.Equal(ids(got), tt.want) {
			t.Errorf("%s: %v %v, want %v", tt.name, ids(got), err, tt.want)
		}
		f.BeforeID = 0
		if tt.name == "urgent, second page" {
			continue // the count is of the whole selection
		}
		if n, err := db.CountAlerts(ctx, f); err != nil || n != len(tt.want) {
			t.Errorf("%s: count %d %v, want %d", tt.name, n, err, len(tt.want))
		}
	}

	u := newUser(t, db, "bulk")
	rec := &audit.Recorder{Template: audit.Entry{ActorID: "1", ActorName: "Iris", Role: "intake", Origin: "test"}}
	actx := audit.WithRecorder(ctx, rec)
	at := t0.AddDate(0, 0, 6)
	before := readAudit(t, db, 0)
	stale := []alerts.Ack{{ID: a1[0].ID, Version: a1[0].Version, By: u.ID, At: at, Note: "Gebeld."},
		{ID: a2[0].ID, Version: a2[0].Version + 1, By: u.ID, At: at, Note: "Gebeld."}}
	if err := db.AcknowledgeAlerts(actx, stale); toren.ErrorCode(err) != toren.CodeConflict {
		t.Fatalf("one stale version: %v, want conflict", err)
	}
	if got, _ := db.GetAlert(ctx, a1[0].ID); !got.Open() || len(readAudit(t, db, 0)) != len(before) {
		t.Fatal("a refused bulk acknowledgement acknowledged the first alert")
	}
	stale[1].Version--
	if err := db.AcknowledgeAlerts(actx, stale); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{a1[0].ID, a2[0].ID} {
		if got, _ := db.GetAlert(ctx, id); got.Open() || got.Note != "Gebeld." || got.AcknowledgedBy != u.ID {
			t.Errorf("alert %d after the bulk acknowledgement: %+v", id, got)
		}
	}
	after := readAudit(t, db, 0)
	if len(after) != len(before)+2 || after[len(after)-1].Action != "alert.ack" || after[len(after)-2].Action != "alert.ack" || rec.Written() != 2 {
		t.Errorf("audit of the bulk acknowledgement: %+v (written %d)", after[len(before):], rec.Written())
	}
	if n, _ := db.CountAlerts(ctx, alerts.Filter{Teams: team}); n != 1 {
		t.Errorf("open after the bulk acknowledgement: %d, want 1", n)
	}
	if n, _ := db.CountAlerts(ctx, alerts.Filter{Teams: team, State: alerts.StateAcknowledged}); n != 2 {
		t.Errorf("acknowledged: %d, want 2", n)
	}
	if _, err := db.VerifyAudit(ctx); err != nil {
		t.Error(err)
	}
}
