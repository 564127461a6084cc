package cli

import (
	"context"
	"html"
	"net/http"
	neturl "net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/cases"
	"toren/internal/casework"
)

// A report to the police through the case page: a follow-up step once the
// safety assessment decided on a service, refused before; a form that
// names each broken field; stored with what was shared, to whom, on which
// legal ground and why, shown on the case page, and audited as the step
// and as a disclosure (an export) naming the recipient and the ground.
func TestCasePoliceReportForm(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	cm := e.as("casemanager")
	now := e.app.Clock().Now()
	form := neturl.Values{"reported_at": {formAt(now.Add(-time.Hour))}, "police_unit": {"Politie Oost-Brabant, district Eindhoven"},
		"legal_ground": {"conflict_of_duties"}, "shared": {"Namen en adres van het gezin; het geweld dat moeder <beschreef>."},
		"weighing": {"Acuut gevaar voor de kinderen weegt zwaarder dan het beroepsgeheim."}, "reference": {"PL2026-123"}}

	// Before the safety assessment decided: not a follow-up step yet.
	if code, body, _ := cm.post(e.path("/politie"), form); code != http.StatusConflict || !strings.Contains(body, "vervolgstap") {
		t.Errorf("a report to the police on a case just received: status %d", code)
	}

	toInvestigation(t, e)

	// Every broken field named; what was typed comes back.
	bad := neturl.Values{"reported_at": {"gisteren"}, "police_unit": {" "}, "legal_ground": {"omdat het moet"},
		"shared": {"Alles <uit> het dossier."}, "weighing": {""}}
	code, body, _ := cm.post(e.path("/politie"), bad)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: status %d, want 422", code)
	}
	wantFieldError(t, body, "police-reported_at", "Vul datum en tijd in als dd-mm-jjjj uu:mm")
	form2 := neturl.Values{}
	for k, v := range bad {
		form2[k] = v
	}
	form2.Set("reported_at", formAt(now.Add(-time.Hour)))
	code, body, _ = cm.post(e.path("/politie"), form2)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: status %d, want 422", code)
	}
	wantFieldError(t, body, "police-police_unit", "Dit veld is verplicht.")
	wantFieldError(t, body, "police-legal_ground", "Kies een van de mogelijkheden.")
	wantFieldError(t, body, "police-weighing", "Dit veld is verplicht.")
	for _, want := range []string{`href="#police-police_unit"`, "Bij wie: Dit veld is verplicht.", "Grondslag: Kies een van de mogelijkheden.",
		html.EscapeString("Alles <uit> het dossier.")} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if n := len(e.file().PoliceReports); n != 0 {
		t.Fatalf("a refused form stored %d reports to the police", n)
	}

	// Only who may disclose from the case: not the behavioural scientist,
	// not another team.
	for _, who := range []string{"gedragswetenschapper", "monitoring"} {
		if code, _, _ := e.as(who).post(e.path("/politie"), form); code != http.StatusForbidden {
			t.Errorf("%s records a report to the police: status %d", who, code)
		}
	}

	before := e.head(t)
	code, _, loc := cm.post(e.path("/politie"), form)
	wantRedirect(t, "police report", code, loc, e.path("#politie"))
	code, body = cm.get(loc)
	for _, want := range []string{"Melding bij de politie vastgelegd", "Gemeld bij Politie Oost-Brabant, district Eindhoven",
		"Conflict van plichten (zwaarwegend belang)", html.EscapeString("het geweld dat moeder <beschreef>."), "PL2026-123", "Cas Jansen"} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("the case page after recording lacks %q (status %d)", want, code)
		}
	}
	prs := e.file().PoliceReports
	if len(prs) != 1 || prs[0].LegalGround != casework.GroundConflictOfDuties || prs[0].Recorded.ByName != "Cas Jansen" ||
		prs[0].PoliceUnit != "Politie Oost-Brabant, district Eindhoven" || prs[0].Reference != "PL2026-123" {
		t.Fatalf("stored %+v", prs)
	}
	var got []string
	for _, en := range e.entriesAfter(t, before) {
		got = append(got, en.Action)
		if en.Action == audit.ActionExport && (!strings.Contains(en.Reason, "Politie Oost-Brabant") ||
			!strings.Contains(en.Reason, "conflict_of_duties") || len(en.PersonIDs) == 0) {
			t.Errorf("the disclosure's audit entry %+v", en)
		}
	}
	for _, want := range []string{casework.ActionPoliceReport, audit.ActionExport} {
		if !slices.Contains(got, want) {
			t.Errorf("audit entries %v lack %s", got, want)
		}
	}
}

// toInvestigation takes the case from received to an Onderzoek: the
// safety assessment and the choice of the service, each approved.
func toInvestigation(t *testing.T, e *cwEnv) {
	t.Helper()
	ctx := context.Background()
	if _, err := e.svc.Transition(ctx, e.cas, e.caseID, casework.TransitionRequest{Transition: cases.StartSafetyAssessment,
		Version: e.file().Case.Version}); err != nil {
		t.Fatal(err)
	}
	for _, in := range []casework.DecisionInput{
		{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService, StructuralUnsafety: true,
			TriageRule: casework.RuleVeiligThuis, RiskColour: cases.ColourYellow, Reasoning: "Structurele onveiligheid."},
		{Kind: casework.KindInterventionChoice, Outcome: string(cases.DecideInvestigation), Reasoning: "Ouders ontkennen."},
	} {
		d, err := e.svc.Propose(ctx, e.cas, e.caseID, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Approve(ctx, e.gert, d.ID, casework.ApproveRequest{Version: d.Version}); err != nil {
			t.Fatal(err)
		}
	}
	if st := e.file().Case.Status; st != cases.StatusInvestigation {
		t.Fatalf("status %s, want investigation", st)
	}
}

// The handover form offers the partners of the catalogue as one types;
// a partner named as the catalogue has it is linked to the handover, so
// its own client can read and answer it.
func TestCaseHandoverToCataloguePartner(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	partner := apptest.Partner(t, e.app, "Wijkteam Utrecht-Oost")
	toInvestigation(t, e)
	c, err := e.svc.AddCondition(context.Background(), e.cas, e.caseID, casework.ConditionInput{Text: "Geen geweld.", CheckedBy: "Wijkteam"})
	if err != nil {
		t.Fatal(err)
	}
	cm := e.as("casemanager")
	_, body := cm.get(e.path("?deel=besluiten"))
	if !strings.Contains(body, `list="partnerlijst"`) || !strings.Contains(body, `<option value="Wijkteam Utrecht-Oost">`) {
		t.Fatal("the handover form does not offer the catalogue's partners")
	}
	code, _, loc := cm.post(e.path("/overdracht"), neturl.Values{"partner": {"Wijkteam Utrecht-Oost"}, "partner_kind": {"local_team"},
		"case_director": {"Wijkteam Utrecht-Oost"}, "reports_back": {"Schendingen"}, "report_back_when": {"Direct"},
		"condition_ids": {strconv.FormatInt(c.ID, 10)}})
	wantRedirect(t, "handover", code, loc, e.path("#overdracht"))
	hs := e.file().Handovers
	if len(hs) != 1 || hs[0].PartnerID != partner.ID {
		t.Fatalf("handovers %+v, want one linked to partner %d", hs, partner.ID)
	}
	if _, body = cm.get(loc); !strings.Contains(body, "uit de partnerlijst") {
		t.Error("the case page does not say the handover goes to a catalogue partner")
	}
}
