package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"toren/internal/apptest"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/reports"
	"toren/internal/toren"
)

// TestCCBFlagOnTheCaseFile: a family whose Veilig Thuis case file was
// referred to the Interventieteam and escalated to the CCB protocol is
// flagged on the case file, to whoever sees the case file: since when,
// and whom to ask; nothing of the IT case's content. Before the
// escalation there is no flag.
func TestCCBFlagOnTheCaseFile(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	apptest.Demo(t, a, 0, 1)
	ctx := t.Context()
	// A case file of the Backoffice, where the case manager works, opened
	// from the newest seed report.
	list, err := a.Store().ListReports(ctx, reports.Filter{Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no seed report: %v", err)
	}
	vt := &cases.Case{Status: cases.StatusInvestigation, Team: "Backoffice", ReportIDs: []int64{list[0].ID}, OpenedAt: a.Clock().Now()}
	if err := a.Store().CreateCase(ctx, vt); err != nil {
		t.Fatal(err)
	}
	caseID := vt.ID
	cas := apptest.Actor(t, a, "casemanager")
	lead := apptest.User(t, a, "itleider", "Ivo Leider", []authz.Role{authz.RoleTeamLeader}, "Interventieteam")
	ilse := apptest.User(t, a, "ilse", "Ilse Smit", []authz.Role{authz.RoleInterventionTeam}, "Interventieteam")
	ahmed := apptest.User(t, a, "ahmed", "Ahmed Bakr", []authz.Role{authz.RoleInterventionTeam}, "Interventieteam")
	svc := a.ITTeam()
	today := toren.DateOf(a.Clock().Now())
	c, err := svc.Refer(ctx, cas, itteamsvc.Referral{Family: "Familie Verbeek", CaseID: caseID, On: today.AddDays(-10), Admitted: true,
		Reason: "Toegelaten op verzoek van het HG-overleg"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AssignDuo(ctx, apptest.Actor(t, a, lead.Username), c.ID, itteam.Worker{ID: ilse.ID, Name: "Ilse Smit"}, itteam.Worker{ID: ahmed.ID, Name: "Ahmed Bakr"}); err != nil {
		t.Fatal(err)
	}
	s := apptest.Serve(t, a)
	path := "/dossiers/" + strconv.FormatInt(caseID, 10)
	reportPath := "/meldingen/" + strconv.FormatInt(list[0].ID, 10)
	for _, p := range []string{path, reportPath} {
		if _, page := s.SignIn(t, "casemanager").Get(p); strings.Contains(page, "CCB-protocol") {
			t.Errorf("%s: a flag before the escalation", p)
		}
	}
	if _, err := svc.EscalateCCB(ctx, apptest.Actor(t, a, "ilse"), c.ID, itteam.CCB{RiskEstimate: "Dreigt met doding na vrijlating", DecidedOn: today.AddDays(-2),
		Deciders: []itteam.Decider{{Role: itteam.DeciderWorker, Name: "Ilse Smit", ID: ilse.ID}, {Role: itteam.DeciderTeamLeader, Name: "Ivo Leider"},
			{Role: itteam.DeciderChair, Name: "Mr. De Vries"}}}); err != nil {
		t.Fatal(err)
	}
	status, page := s.SignIn(t, "casemanager").Get(path)
	if status != http.StatusOK || !strings.Contains(page, "CCB-protocol toegepast") || !strings.Contains(page, "Ilse Smit of Ahmed Bakr") ||
		strings.Contains(page, "Dreigt met doding") {
		t.Errorf("the case file after the escalation: %d, flag %v", status, strings.Contains(page, "CCB-protocol toegepast"))
	}
	// The case file's report, to whoever reads it; not to whoever may not.
	status, page = s.SignIn(t, "casemanager").Get(reportPath)
	if status != http.StatusOK || !strings.Contains(page, "CCB-protocol toegepast") || !strings.Contains(page, "Ilse Smit of Ahmed Bakr") ||
		strings.Contains(page, "Dreigt met doding") {
		t.Errorf("the report after the escalation: %d, flag %v", status, strings.Contains(page, "CCB-protocol toegepast"))
	}
	if status, page := s.SignIn(t, "analist").Get(reportPath); status == http.StatusOK || strings.Contains(page, "CCB-protocol") {
		t.Errorf("the analyst on the report: %d, flag %v", status, strings.Contains(page, "CCB-protocol"))
	}
	// The person of the case file's report, to whoever reads its signals.
	rep, err := a.Store().GetReport(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	person := "/personen/" + strconv.FormatInt(rep.Persons[0].PersonID, 10)
	flagged := 0
	for _, u := range []string{"casemanager", "intake"} {
		status, page := s.SignIn(t, u).Get(person)
		full := !strings.Contains(page, "De inhoud is alleen voor het betrokken team")
		if status == http.StatusOK && full && strings.Contains(page, "CCB-protocol toegepast") {
			flagged++
		}
		if !full && strings.Contains(page, "CCB-protocol") {
			t.Errorf("%s sees the signals only, and the flag", u)
		}
	}
	if flagged == 0 {
		t.Error("no reader of the person's signals sees the flag")
	}
	// The analyst sees no case file, so no flag either.
	if status, page := s.SignIn(t, "analist").Get(path); status == http.StatusOK || strings.Contains(page, "CCB-protocol") {
		t.Errorf("the analyst: %d", status)
	}
}
