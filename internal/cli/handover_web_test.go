package cli

import (
	"context"
	"net/http"
	neturl "net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"toren/internal/cases"
	"toren/internal/casework"
)

// The handover to Team Monitoring through the web: once the decision to
// hand over is approved, Team Monitoring finds the case in its own queue
// and accepts it there; the case then is Team Monitoring's, with the
// monitoring moments in the monitoring worker's queue, and Backoffice
// keeps reading it. The case manager cannot accept on Team Monitoring's
// behalf.
func TestHandoverToTeamMonitoringInTheBrowserFlow(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	h := handOverToTeamMonitoring(t, e)
	f := e.file()
	if f.Case.Status != cases.StatusHandover {
		t.Fatalf("after the closure decision: %s", f.Case.Status)
	}
	respond := e.path("/overdracht/" + strconv.FormatInt(h.ID, 10))
	accept := neturl.Values{"accept": {"ja"}, "version": {strconv.Itoa(h.Version)}}

	// The case manager is not offered, and may not, accept for Team Monitoring.
	cm := e.as("casemanager")
	if _, body := cm.get(e.path("?deel=besluiten")); strings.Contains(body, `action="`+respond+`"`) {
		t.Error("the case manager is offered to answer the handover for Team Monitoring")
	}
	if code, _, _ := cm.post(respond, accept); code != http.StatusForbidden {
		t.Errorf("the case manager accepts for Team Monitoring: status %d", code)
	}

	// Team Monitoring sees it first on its start page, and accepts it.
	mo := e.as("monitoring")
	_, home := mo.get("/")
	if !strings.Contains(home, "Overdrachten aan uw team") || !strings.Contains(home, "?deel=besluiten#overdracht-"+strconv.FormatInt(h.ID, 10)) {
		t.Fatalf("the handover is not on Team Monitoring's start page:\n%s", home)
	}
	if i, j := strings.Index(home, "Overdrachten aan uw team"), strings.Index(home, "Mijn dossiers"); i > j {
		t.Error("the handover stands below the worker's own cases")
	}
	code, body := mo.get(e.path("?deel=besluiten"))
	if code != http.StatusOK || !strings.Contains(body, `action="`+respond+`"`) || !strings.Contains(body, "Neemt Team Monitoring het dossier over?") {
		t.Fatalf("Team Monitoring's view of the case: status %d, no form to take it over", code)
	}
	before := e.head(t)
	code, _, loc := mo.post(respond, accept)
	wantRedirect(t, "accept", code, loc, e.path("#overdracht"))

	f = e.file()
	if f.Case.Team != "Team Monitoring" || f.Case.Status != cases.StatusMonitoring || len(f.Monitoring) != 2 {
		t.Fatalf("after acceptance: team %s, status %s, %d moments; want Team Monitoring, monitoring, 2", f.Case.Team, f.Case.Status, len(f.Monitoring))
	}
	if len(f.Assignment.Workers) != 1 || f.Assignment.Workers[0].Name != "Mo Bakker" {
		t.Errorf("after acceptance the workers are %+v, want Mo Bakker", f.Assignment.Workers)
	}
	var actions []string
	for _, en := range e.entriesAfter(t, before) {
		actions = append(actions, en.Action)
	}
	for _, want := range []string{casework.ActionHandoverRespond, casework.ActionCaseAssign, casework.ActionCaseTransition} {
		if !slices.Contains(actions, want) {
			t.Errorf("audit entries %v lack %s", actions, want)
		}
	}

	// The monitoring moments are in Mo's queue, not in the case manager's;
	// the case manager still reads the case.
	if _, home = mo.get("/"); !strings.Contains(home, "Monitoring na 3 maanden") {
		t.Error("the monitoring moments are not on Mo's start page")
	}
	if _, home = cm.get("/"); strings.Contains(home, "Monitoring na 3 maanden") {
		t.Error("the monitoring moments are still on the case manager's start page")
	}
	if code, body := cm.get(e.path("?deel=besluiten")); code != http.StatusOK || !strings.Contains(body, "Overgedragen door") {
		t.Errorf("the handing-over case manager reads the case: status %d", code)
	}
}

// handOverToTeamMonitoring takes Lisanne's case through the service to the
// approved decision that hands it over to Team Monitoring, and returns
// the handover.
func handOverToTeamMonitoring(t *testing.T, e *cwEnv) casework.Handover {
	t.Helper()
	ctx := context.Background()
	id := e.caseID
	step := func(tr cases.TransitionName) {
		t.Helper()
		if _, err := e.svc.Transition(ctx, e.cas, id, casework.TransitionRequest{Transition: tr, Version: e.file().Case.Version}); err != nil {
			t.Fatalf("%s: %v", tr, err)
		}
	}
	decide := func(in casework.DecisionInput) {
		t.Helper()
		d, err := e.svc.Propose(ctx, e.cas, id, in)
		if err != nil {
			t.Fatalf("propose %s: %v", in.Kind, err)
		}
		if _, err := e.svc.Approve(ctx, e.gert, d.ID, casework.ApproveRequest{Version: d.Version}); err != nil {
			t.Fatalf("approve %s: %v", in.Kind, err)
		}
	}
	step(cases.StartSafetyAssessment)
	decide(casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService, StructuralUnsafety: true,
		TriageRule: casework.RuleVeiligThuis, RiskColour: cases.ColourYellow, Reasoning: "Structurele onveiligheid; kinderen getuige."})
	decide(casework.DecisionInput{Kind: casework.KindInterventionChoice, Outcome: string(cases.DecideConditions),
		Reasoning: "Ouders werken mee."})
	c, err := e.svc.AddCondition(ctx, e.cas, id, casework.ConditionInput{Text: "Er vindt geen huiselijk geweld plaats.", CheckedBy: "Team Monitoring"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.svc.ProposeHandover(ctx, e.cas, id, casework.HandoverInput{Partner: "Team Monitoring Veilig Thuis",
		PartnerKind: casework.PartnerTeamMonitoring, CaseDirector: "Wijkteam Utrecht-Oost", ReportsBack: "Schendingen",
		ReportBackWhen: "Direct", ConditionIDs: []int64{c.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.RecordLetter(ctx, e.cas, id, casework.LetterInput{Kind: casework.LetterClosing, SentAt: e.app.Clock().Now(),
		Recipient: "Moeder"}); err != nil {
		t.Fatal(err)
	}
	decide(casework.DecisionInput{Kind: casework.KindClosure, Outcome: string(cases.HandOverConditions), Reasoning: "Voorwaarden gesteld."})
	return *h
}
