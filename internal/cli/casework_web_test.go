package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"net/http"
	neturl "net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/history"
	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Every form of the case file: it stores on success and redirects with a
// flash (POST-redirect-GET); a refused form comes back with what was typed
// and the Dutch error next to the field, and stores nothing; the wrong
// role or team is refused.

func formAt(t time.Time) string { return t.In(toren.Amsterdam).Format("02-01-2006 15:04") }

// caseSectionParts are the parts of the case file each section is on.
var caseSectionParts = map[string]string{
	"samenvatting": "overzicht", "proces": "overzicht", "betrokkenen": "betrokkenen",
	"contacten": "contacten", "informanten": "contacten", "afspraken": "veiligheid", "voorwaarden": "veiligheid",
	"besluiten": "besluiten", "overdracht": "besluiten", "politie": "besluiten", "monitoring": "besluiten",
	"brieven": "brieven", "terugkoppeling": "brieven", "verloop": "verloop",
}

// wantRedirect checks a successful form: 303 to the case's section
// ("/dossiers/7#contacten"), in the part of the file it is on, with the
// confirmation there.
func wantRedirect(t *testing.T, what string, code int, loc, want string) {
	t.Helper()
	if path, section, ok := strings.Cut(want, "#"); ok {
		want = path + "?bij=" + section + "&deel=" + caseSectionParts[section] + "#" + section
	}
	if code != http.StatusSeeOther || loc != want {
		t.Fatalf("%s: status %d to %q, want 303 to %q", what, code, loc, want)
	}
}

// wantFieldError checks that msg stands next to field id and that the
// field is marked invalid and described by it.
func wantFieldError(t *testing.T, body, id, msg string) {
	t.Helper()
	if !regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `-fout">[^<]*` + regexp.QuoteMeta(msg)).MatchString(body) {
		t.Errorf("no error %q next to %s", msg, id)
	}
	tag := regexp.MustCompile(`<(?:input|select|textarea|fieldset)[^>]* id="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(body)
	if tag == "" || !regexp.MustCompile(`aria-describedby="[^"]*`+regexp.QuoteMeta(id)+`-fout`).MatchString(tag) {
		t.Errorf("%s is not described by its error: %s", id, tag)
	}
}

func TestCaseFilePage(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	cm := e.as("casemanager")
	code, body := cm.get(e.path("?deel=alles"))
	if code != http.StatusOK {
		t.Fatalf("GET case file = %d", code)
	}
	for _, want := range []string{
		"Dossier " + e.lisanneNumber, "Melding ontvangen", "Backoffice", "Cas Jansen",
		// Persons with their roles and a link to their person page.
		"Lisanne Johanna Wijnands", "Slachtoffer", `href="/personen/`,
		// The next deadline, with the time left in words.
		// Lisanne's reports came 12 and 11 days ago: the assessment is
		// overdue, which the page says in words.
		"Eerstvolgende termijn", "Veiligheidsbeoordeling: ", "Te laat", "dagen te laat)",
		// The process: the step that is possible now as a button, the one
		// that is not with its reason in Dutch.
		`name="transition" value="start_safety_assessment"`, "Veiligheidsbeoordeling starten",
		"Acute actie starten", "de melding moet als acuut beoordeeld zijn",
		// The reports it came from.
		e.police.Number, e.care.Number,
	} {
		if !strings.Contains(body, html.EscapeString(want)) && !strings.Contains(body, want) {
			t.Errorf("the case file lacks %q", want)
		}
	}
	// No approval form for a case manager.
	if strings.Contains(body, "/goedkeuring") {
		t.Error("a case manager is offered to approve")
	}

	// A worker of another team sees that a case exists and whom to ask.
	code, body = e.as("monitoring").get(e.path(""))
	if code != http.StatusForbidden || !strings.Contains(body, "Alleen signalen") || !strings.Contains(body, "Backoffice") {
		t.Errorf("another team's worker: status %d\n%s", code, body)
	}
	for _, secret := range []string{"Wijnands", "Escalatie", "Merelstraat"} {
		if strings.Contains(body, secret) {
			t.Errorf("another team's worker sees %q", secret)
		}
	}
	// A role without case work is refused at the gate.
	if code, _ := e.as("analist").get(e.path("")); code != http.StatusForbidden {
		t.Errorf("analyst: status %d", code)
	}
	if code, _ := cm.get("/dossiers/999999"); code != http.StatusNotFound {
		t.Errorf("unknown case: status %d", code)
	}
}

func TestCaseContactForm(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	cm := e.as("casemanager")
	now := e.app.Clock().Now()

	// Unreadable date: the form comes back with everything typed.
	form := neturl.Values{"at": {"gisteren"}, "with": {"Juf Annemiek <groep 7>"}, "role": {"informant"}, "channel": {"phone"},
		"summary": {"Fleur is stil in de klas & huilt vaak."}}
	code, body, _ := cm.post(e.path("/contacten"), form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad date: status %d, want 422", code)
	}
	wantFieldError(t, body, "contact-at", "Vul datum en tijd in als dd-mm-jjjj uu:mm")
	for _, v := range []string{"gisteren", "Juf Annemiek <groep 7>", "Fleur is stil in de klas & huilt vaak."} {
		if !strings.Contains(body, html.EscapeString(v)) {
			t.Errorf("the form lost %q", v)
		}
	}
	if !strings.Contains(body, `value="informant" selected`) || !strings.Contains(body, `value="phone" selected`) {
		t.Error("the form lost a choice")
	}
	if !strings.Contains(body, `<details class="toren-formulier" open>`) || !strings.Contains(body, `href="#contact-at"`) {
		t.Error("the refused form is not open with a summary that links to the field")
	}
	// The service's own rule: a summary is required; a talk at school
	// without the parents is with a child.
	form.Set("at", formAt(now.Add(-time.Hour)))
	form.Set("summary", "  ")
	form.Set("channel", "at_school_without_parents")
	code, body, _ = cm.post(e.path("/contacten"), form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("no summary: status %d", code)
	}
	wantFieldError(t, body, "contact-summary", "Dit veld is verplicht.")
	wantFieldError(t, body, "contact-channel", "Een gesprek op school zonder ouders is met een kind.")
	if n := len(e.file().Contacts); n != 0 {
		t.Fatalf("a refused form stored %d contacts", n)
	}

	// Stored: redirect back to the contacts, with a flash on the next page.
	form.Set("summary", "Fleur is stil in de klas en huilt vaak.")
	form.Set("channel", "phone")
	code, _, loc := cm.post(e.path("/contacten"), form)
	wantRedirect(t, "contact", code, loc, e.path("#contacten"))
	code, body = cm.get(loc)
	if code != 200 || !strings.Contains(body, "Contact vastgelegd") || !strings.Contains(body, html.EscapeString("Juf Annemiek <groep 7>")) {
		t.Errorf("after the redirect: status %d, no flash or no contact", code)
	}
	if _, body = cm.get(e.path("")); strings.Contains(body, "Contact vastgelegd") {
		t.Error("the flash shows twice")
	}
	if c := e.file().Contacts; len(c) != 1 || c[0].With != "Juf Annemiek <groep 7>" || c[0].Recorded.ByName != "Cas Jansen" {
		t.Errorf("stored contacts %+v", c)
	}

	// Another team's worker, and a role that does not write, are refused.
	if code, _, _ := e.as("monitoring").post(e.path("/contacten"), form); code != http.StatusForbidden {
		t.Errorf("another team's worker: status %d", code)
	}
	if code, _, _ := e.as("gedragswetenschapper").post(e.path("/contacten"), form); code != http.StatusForbidden {
		t.Errorf("behavioural scientist: status %d", code)
	}
	if n := len(e.file().Contacts); n != 1 {
		t.Errorf("refused requests stored contacts: %d", n)
	}
}

func TestCaseDecisionsNeedASecondPerson(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	cm, tl, gs := e.as("casemanager"), e.as("teamleider"), e.as("gedragswetenschapper")

	// The step that needs no decision is a button.
	f := e.file()
	code, _, loc := cm.post(e.path("/stap"), neturl.Values{"transition": {"start_safety_assessment"}, "version": {strconv.Itoa(f.Case.Version)}})
	wantRedirect(t, "start assessment", code, loc, e.path("#proces"))
	if s := e.file().Case.Status; s != cases.StatusSafetyAssessment {
		t.Fatalf("status %s", s)
	}
	// A stale version is refused as a change by someone else.
	code, body, _ := cm.post(e.path("/stap"), neturl.Values{"transition": {"start_safety_assessment"}, "version": {strconv.Itoa(f.Case.Version)}})
	if code != http.StatusConflict && code != http.StatusUnprocessableEntity {
		t.Errorf("stale step: status %d", code)
	}
	if !strings.Contains(body, "Niet opgeslagen") {
		t.Error("a refused step says nothing")
	}

	// A decision without its triage rule comes back.
	triage := neturl.Values{"kind": {"safety_assessment"}, "outcome": {casework.OutcomeVTService}, "structural_unsafety": {"ja"},
		"reasoning": {"Structurele onveiligheid; ouders willen meewerken."}}
	code, body, _ = tl.post(e.path("/besluiten"), triage)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("no triage rule: status %d", code)
	}
	wantFieldError(t, body, "decision-safety_assessment-triage_rule", "Kies de triageregel die van toepassing is.")
	if !strings.Contains(body, "Structurele onveiligheid; ouders willen meewerken.") || !strings.Contains(body, `value="ja" checked`) {
		t.Error("the decision form lost what was typed")
	}

	// The team leader proposes; the proposal takes no effect yet.
	triage.Set("triage_rule", string(casework.RuleDirectIntervention))
	code, _, loc = tl.post(e.path("/besluiten"), triage)
	wantRedirect(t, "propose", code, loc, e.path("#besluiten"))
	f = e.file()
	if len(f.Decisions) != 1 || f.Decisions[0].Status != casework.DecisionProposed || f.Facts.SafetyAssessed {
		t.Fatalf("decisions %+v", f.Decisions)
	}
	d := f.Decisions[0]
	approve := "/besluiten/" + strconv.FormatInt(d.ID, 10) + "/goedkeuring"
	version := neturl.Values{"version": {strconv.Itoa(d.Version)}}

	// The proposer is not offered the approval and cannot approve.
	if _, body := tl.get(e.path("?deel=besluiten")); strings.Contains(body, approve) {
		t.Error("the proposer is offered to approve their own decision")
	}
	if code, _, _ := tl.post(approve, version); code != http.StatusForbidden {
		t.Errorf("proposer approves own decision: status %d, want 403", code)
	}
	// A case manager may not approve at all.
	if code, _, _ := cm.post(approve, version); code != http.StatusForbidden {
		t.Errorf("case manager approves: status %d", code)
	}
	if e.file().Decisions[0].Status != casework.DecisionProposed {
		t.Fatal("a refused approval changed the decision")
	}
	// The behavioural scientist sees it waiting on the start page and in
	// the case, and approves it.
	if _, body := gs.get("/"); !strings.Contains(body, "Besluiten die wachten op uw tweede paar ogen") || !strings.Contains(body, e.lisanneNumber) {
		t.Error("the approval is not in the behavioural scientist's work queue")
	}
	if _, body := gs.get(e.path("?deel=besluiten")); !strings.Contains(body, approve) {
		t.Fatal("the second person is not offered the approval")
	}
	code, _, loc = gs.post(approve, version)
	wantRedirect(t, "approve", code, loc, e.path("#besluiten"))
	f = e.file()
	if f.Decisions[0].Status != casework.DecisionApproved || f.Decisions[0].Decided.ByName != "Gert Visser" || !f.Facts.SafetyAssessed {
		t.Fatalf("after approval: %+v", f.Decisions[0])
	}
	_, body = cm.get(e.path("?deel=besluiten"))
	for _, want := range []string{"Goedgekeurd", "Gert Visser", "Tara Mulder", "C. Veilig Thuis: direct ingrijpen is nodig"} {
		if !strings.Contains(body, want) {
			t.Errorf("the decision does not show %q", want)
		}
	}
	// Approved already: a second approval is refused as such.
	code, body, _ = gs.post(approve, version)
	if code != http.StatusConflict || !strings.Contains(body, "Over dit besluit is al beslist.") {
		t.Errorf("second approval: status %d", code)
	}

	// A refusal needs its reason, and returns the decision with it.
	choice := neturl.Values{"kind": {"intervention_choice"}, "outcome": {string(cases.DecideConditions)}, "reasoning": {"Ouders werken mee."}}
	code, _, loc = cm.post(e.path("/besluiten"), choice)
	wantRedirect(t, "propose choice", code, loc, e.path("#besluiten"))
	f = e.file()
	d = f.Decisions[len(f.Decisions)-1]
	refuse := "/besluiten/" + strconv.FormatInt(d.ID, 10) + "/afwijzing"
	code, body, _ = gs.post(refuse, neturl.Values{"version": {strconv.Itoa(d.Version)}, "reason": {""}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("refusal without reason: status %d", code)
	}
	wantFieldError(t, body, "refuse-"+strconv.FormatInt(d.ID, 10)+"-reason", "Dit veld is verplicht.")
	code, _, loc = gs.post(refuse, neturl.Values{"version": {strconv.Itoa(d.Version)}, "reason": {"Eerst het netwerk spreken."}})
	wantRedirect(t, "refuse", code, loc, e.path("#besluiten"))
	if d := e.file().Decisions[1]; d.Status != casework.DecisionRefused || d.RefusalReason != "Eerst het netwerk spreken." {
		t.Errorf("refused decision %+v", d)
	}
}

func TestCaseAgreementsConditionsAndHandover(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	cm := e.as("casemanager")

	// A safety agreement: the date is checked, nothing is lost.
	ag := neturl.Values{"who": {"Moeder"}, "what": {"Belt de politie als vader komt."}, "due": {"31-02-2026"}}
	code, body, _ := cm.post(e.path("/afspraken"), ag)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad due date: status %d", code)
	}
	wantFieldError(t, body, "agreement-due", "Vul een datum in als dd-mm-jjjj")
	if !strings.Contains(body, `value="Moeder"`) || !strings.Contains(body, "Belt de politie als vader komt.") || !strings.Contains(body, `value="31-02-2026"`) {
		t.Error("the agreement form lost what was typed")
	}
	ag.Set("due", toren.DateOf(e.app.Clock().Now()).AddDays(7).Dutch())
	code, _, loc := cm.post(e.path("/afspraken"), ag)
	wantRedirect(t, "agreement", code, loc, e.path("#afspraken"))
	a := e.file().Agreements[0]

	// Its status under htmx: the answer is the row, with the error or the
	// new status.
	row := e.path("/afspraken/" + strconv.FormatInt(a.ID, 10))
	code, body = cm.htmx(row, neturl.Values{"status": {"not_kept"}, "note": {""}, "version": {strconv.Itoa(a.Version)}})
	if code != 200 || !strings.HasPrefix(strings.TrimSpace(body), "<tr") || !strings.Contains(body, "agreement-"+strconv.FormatInt(a.ID, 10)+"-note-fout") {
		t.Fatalf("htmx refusal: status %d\n%s", code, body)
	}
	code, body = cm.htmx(row, neturl.Values{"status": {"done"}, "version": {strconv.Itoa(a.Version)}})
	if code != 200 || !strings.Contains(body, "Status van de veiligheidsafspraak gewijzigd") || !strings.Contains(body, "Nagekomen") || strings.Contains(body, "<html") {
		t.Fatalf("htmx change: status %d\n%s", code, body)
	}
	if got := e.file().Agreements[0].Status; got != casework.AgreementDone {
		t.Errorf("agreement status %s", got)
	}

	// A safety condition, and its status without htmx.
	code, body, _ = cm.post(e.path("/voorwaarden"), neturl.Values{"text": {""}, "checked_by": {"Wijkteam Utrecht-Oost"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("no condition text: status %d", code)
	}
	wantFieldError(t, body, "condition-text", "Dit veld is verplicht.")
	code, _, loc = cm.post(e.path("/voorwaarden"), neturl.Values{"text": {"Er vindt geen huiselijk geweld plaats."}, "checked_by": {"Wijkteam Utrecht-Oost"}})
	wantRedirect(t, "condition", code, loc, e.path("#voorwaarden"))
	c := e.file().Conditions[0]

	// The handover: the conditions travel with it.
	ho := neturl.Values{"partner": {"Team Monitoring"}, "partner_kind": {"team_monitoring"}, "case_director": {"Wijkteam Utrecht-Oost"},
		"reports_back": {"Schending van een voorwaarde"}, "report_back_when": {"Direct"}}
	f := e.file()
	if _, _, _ = cm.post(e.path("/stap"), neturl.Values{"transition": {"start_safety_assessment"}, "version": {strconv.Itoa(f.Case.Version)}}); e.file().Case.Status != cases.StatusSafetyAssessment {
		t.Fatal("the assessment did not start")
	}
	code, body, _ = cm.post(e.path("/overdracht"), ho)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("handover without conditions: status %d", code)
	}
	wantFieldError(t, body, "handover-condition_ids", "De veiligheidsvoorwaarden gaan mee met de overdracht: kies er minstens één.")
	ho.Set("condition_ids", strconv.FormatInt(c.ID, 10))
	// An intake worker may not hand over.
	if code, _, _ := e.as("intake").post(e.path("/overdracht"), ho); code != http.StatusForbidden {
		t.Errorf("intake hands over: status %d", code)
	}
	code, _, loc = cm.post(e.path("/overdracht"), ho)
	wantRedirect(t, "handover", code, loc, e.path("#overdracht"))
	if h := e.file().Handovers; len(h) != 1 || h[0].Partner != "Team Monitoring" || len(h[0].ConditionIDs) != 1 {
		t.Errorf("handovers %+v", h)
	}

	code, _, loc = cm.post(e.path("/voorwaarden/"+strconv.FormatInt(c.ID, 10)), neturl.Values{"status": {"ended"}, "note": {"Niet meer nodig."}, "version": {strconv.Itoa(c.Version)}})
	wantRedirect(t, "condition status", code, loc, e.path("#voorwaarden"))
	if got := e.file().Conditions[0].Status; got != casework.ConditionEnded {
		t.Errorf("condition status %s", got)
	}
}

func TestCaseInformantPhaseAndFeedback(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	cm := e.as("casemanager")
	code, body, _ := cm.post(e.path("/informanten"), neturl.Values{"function": {"leerkracht"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("informant without name: status %d", code)
	}
	wantFieldError(t, body, "informant-name", "Vul een naam of een organisatie in.")
	code, _, loc := cm.post(e.path("/informanten"), neturl.Values{"name": {"Juf Annemiek"}, "organisation": {"Basisschool De Regenboog"},
		"function": {"leerkracht groep 7"}, "signal_function": {"ja"}})
	wantRedirect(t, "informant", code, loc, e.path("#informanten"))
	if in := e.file().Informants; len(in) != 1 || !in[0].SignalFunction {
		t.Errorf("informants %+v", in)
	}

	code, body, _ = cm.post(e.path("/fase"), neturl.Values{"phase": {"fase_9"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("unknown phase: status %d", code)
	}
	wantFieldError(t, body, "phase-phase", "Kies een van de mogelijkheden.")
	code, _, loc = cm.post(e.path("/fase"), neturl.Values{"phase": {string(casework.PhaseDirectSafety)}})
	wantRedirect(t, "phase", code, loc, e.path("#samenvatting"))
	if _, body = cm.get(e.path("")); !strings.Contains(body, "Fase 1: directe veiligheid") {
		t.Error("the phase is not in the summary")
	}

	// Feedback after the assessment needs the assessment decided.
	fb := neturl.Values{"report_id": {strconv.FormatInt(e.police.ID, 10)}, "moment": {"after_assessment"},
		"given_at": {formAt(e.app.Clock().Now().Add(-time.Minute))}, "channel": {"phone"}, "summary": {"Gebeld met de politie."}}
	code, body, _ = cm.post(e.path("/terugkoppeling"), fb)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("feedback before the assessment: status %d", code)
	}
	wantFieldError(t, body, "feedback-moment", "De veiligheidsbeoordeling is nog niet genomen.")
	fb.Set("moment", "other")
	code, _, loc = cm.post(e.path("/terugkoppeling"), fb)
	wantRedirect(t, "feedback", code, loc, e.path("#terugkoppeling"))
	if got := e.file().Feedback; len(got) != 1 || got[0].ReportNumber != e.police.Number {
		t.Errorf("feedback %+v", got)
	}
}

// A reporter who asked not to be known to the family: the case page
// never shows their name to a worker who may not know it, and the
// feedback letter to them carries no name either.
func TestCaseProtectedReporter(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	ctx := audit.WithRecorder(context.Background(), &audit.Recorder{Template: audit.Entry{ActorID: "system", ActorName: "test"}})
	rep := &reports.Report{Kind: reports.KindReport, ReceivedAt: e.app.Clock().Now().Add(-48 * time.Hour), Channel: reports.ChannelPhone,
		Reporter: reports.Reporter{Kind: reports.ReporterEducation, Name: "Meester Geheimzinnig", Organisation: "OBS Het Anker",
			Phone: "030-1234567", ProtectIdentity: true},
		ViolenceTypes: []reports.ViolenceType{reports.TypeChildAbuse}, ChildrenPresent: reports.Yes, Description: "Blauwe plekken.",
		Persons: []reports.Mention{{Role: reports.RoleChild, FirstNames: "Tim", Surname: "Anker", Age: ptr(8)},
			{Role: reports.RoleParent, FirstNames: "Sanne", Surname: "Anker", Street: "Kade", HouseNumber: "1", Postcode: "3511 AA", City: "Utrecht"}}}
	if _, err := e.app.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: rep}); err != nil {
		t.Fatal(err)
	}
	f, err := e.svc.OpenCase(ctx, e.iris, casework.OpenRequest{ReportIDs: []int64{rep.ID}, Team: "Backoffice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Assign(ctx, e.tara, f.Case.ID, casework.AssignRequest{Team: "Backoffice", Workers: []int64{e.cas.UserID}, Version: f.Case.Version}); err != nil {
		t.Fatal(err)
	}
	path := caseURLForTest(f.Case.ID)
	code, body := e.as("gedragswetenschapper").get(path)
	if code != 200 {
		t.Fatalf("case of the protected reporter: %d", code)
	}
	if strings.Contains(body, "Geheimzinnig") {
		t.Error("the case page shows a protected reporter's name to a behavioural scientist")
	}
	if !strings.Contains(body, "identiteit afgeschermd") {
		t.Error("the case page does not say the reporter's identity is protected")
	}
	// The assigned case manager makes the feedback letter: no name in it.
	cm := e.as("casemanager")
	code, body, loc := cm.post(path+"/brieven", neturl.Values{"kind": {"feedback"}, "report_id": {strconv.FormatInt(rep.ID, 10)},
		"moment": {"after_assessment"}, "decided_on": {toren.DateOf(e.app.Clock().Now()).Dutch()}, "follow_up": {"conditions"},
		"concerning": {"het gezin Anker"}})
	if code != http.StatusSeeOther {
		t.Fatalf("feedback letter: status %d\n%s", code, body)
	}
	code, body = cm.get(loc)
	if code != 200 || !strings.Contains(body, "Aan de melder van melding "+rep.Number) {
		t.Fatalf("letter page: %d", code)
	}
	for _, secret := range []string{"Geheimzinnig", "OBS Het Anker", "030-1234567"} {
		if strings.Contains(body, secret) {
			t.Errorf("the feedback letter names the protected reporter: %q", secret)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestCaseLetters(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	cm := e.as("casemanager")
	// A closing letter names the conditions; without a recipient it
	// comes back.
	if _, _, loc := cm.post(e.path("/voorwaarden"), neturl.Values{"text": {"Er vindt geen huiselijk geweld plaats."},
		"checked_by": {"Wijkteam Utrecht-Oost"}}); loc == "" {
		t.Fatal("no condition")
	}
	closing := neturl.Values{"kind": {"closing"}, "service": {"conditions"}, "closed_on": {toren.DateOf(e.app.Clock().Now()).Dutch()},
		"conditions_until": {toren.DateOf(e.app.Clock().Now()).AddDate(1, 0, 0).Dutch()}, "case_direction.organisation": {"Wijkteam Utrecht-Oost"},
		"note": {"U mag trots zijn op de stappen die u heeft gezet."}}
	code, body, _ := cm.post(e.path("/brieven"), closing)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("closing letter without recipients: status %d", code)
	}
	wantFieldError(t, body, "closing-recipients", "Kies aan wie de brief gericht is.")
	if !strings.Contains(body, "U mag trots zijn op de stappen die u heeft gezet.") {
		t.Error("the letter form lost the note")
	}
	var lisanne int64
	for _, m := range e.police.Persons {
		if m.Role == reports.RoleVictim {
			lisanne = m.PersonID
		}
	}
	closing.Set("recipients", strconv.FormatInt(lisanne, 10))
	code, _, loc := cm.post(e.path("/brieven"), closing)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, e.path("/brieven/")) {
		t.Fatalf("closing letter: status %d to %q", code, loc)
	}
	code, body = cm.get(loc)
	if code != 200 || !strings.Contains(body, "Afsluitbrief") || !strings.Contains(body, "Er vindt geen huiselijk geweld plaats.") ||
		!strings.Contains(body, "Merelstraat 14") || !strings.Contains(body, "Brief gemaakt") {
		t.Errorf("letter page: %d", code)
	}
	// The PDF: a copy out of Toren, for those who may export.
	resp, err := cm.c.Get(e.srv.URL + loc + "/pdf")
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 5)
	_, _ = resp.Body.Read(b)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || string(b) != "%PDF-" {
		t.Errorf("PDF: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	if code, _ := e.as("intake").get(loc + "/pdf"); code != http.StatusForbidden {
		t.Errorf("intake downloads the PDF: %d", code)
	}
	if code, _ := e.as("monitoring").get(loc); code != http.StatusForbidden {
		t.Errorf("another team reads the letter: %d", code)
	}
	// The letter is filed with its audit entry, naming the persons.
	list, err := e.app.Store().ListLetters(context.Background(), e.caseID)
	if err != nil || len(list) != 1 || list[0].CreatedBy != e.cas.UserID {
		t.Errorf("letters %+v, %v", list, err)
	}

	// The closing letter greets in Dutch letter style.
	if !strings.Contains(body, "Beste mevrouw Wijnands,") && !strings.Contains(body, "Beste Lisanne Wijnands,") {
		t.Error("the closing letter does not greet Lisanne by title and surname (or her first given name)")
	}
	if strings.Contains(body, "Beste Lisanne Johanna") {
		t.Error("the closing letter greets with every official first name")
	}

	// Nobody is ticked beforehand; only persons with an address are
	// offered; two addressees get a letter each.
	_, form := cm.get(e.path("?deel=brieven"))
	if regexp.MustCompile(`name="recipients" value="\d+"[^>]*checked`).MatchString(form) {
		t.Error("addressees are ticked beforehand")
	}
	offered := regexp.MustCompile(`name="recipients" value="(\d+)"`).FindAllStringSubmatch(form, -1)
	var others []string
	for _, r := range e.police.Persons {
		id := strconv.FormatInt(r.PersonID, 10)
		on := slices.ContainsFunc(offered, func(m []string) bool { return m[1] == id })
		if on && r.Street == "" && r.Postcode == "" {
			t.Errorf("%s has no address and is offered as addressee", r.FullName())
		}
		if on && r.PersonID != lisanne {
			others = append(others, id)
		}
	}
	if len(others) == 0 {
		t.Fatal("no second person with an address is offered")
	}
	{
		before, _ := e.app.Store().ListLetters(context.Background(), e.caseID)
		closing["recipients"] = []string{strconv.FormatInt(lisanne, 10), others[0]}
		code, _, loc = cm.post(e.path("/brieven"), closing)
		if code != http.StatusSeeOther || !strings.Contains(loc, "deel=brieven") {
			t.Fatalf("two addressees: status %d to %q", code, loc)
		}
		after, _ := e.app.Store().ListLetters(context.Background(), e.caseID)
		if len(after) != len(before)+2 {
			t.Errorf("two addressees made %d letters, want 2", len(after)-len(before))
		}
	}

	// Recording that it was sent.
	code, body, _ = cm.post(e.path("/verzonden"), neturl.Values{"kind": {"closing_letter"}, "sent_at": {"morgen"}, "recipient": {"Lisanne Wijnands"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad sent date: %d", code)
	}
	wantFieldError(t, body, "sent-sent_at", "Vul datum en tijd in")
	code, _, loc = cm.post(e.path("/verzonden"), neturl.Values{"kind": {"closing_letter"}, "sent_at": {formAt(e.app.Clock().Now())}, "recipient": {"Lisanne Wijnands"}})
	wantRedirect(t, "sent", code, loc, e.path("#brieven"))
	if !e.file().Facts.ClosingLetterSent {
		t.Error("the closing letter is not recorded as sent")
	}
}

// The monitoring moment's form checks every condition; a condition that
// does not hold reopens the case.
func TestCaseMonitoringForm(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	ctx := e.ctx
	f := e.file()
	step := func(a func() (*casework.File, error)) {
		t.Helper()
		var err error
		if f, err = a(); err != nil {
			t.Fatal(err)
		}
	}
	decide := func(in casework.DecisionInput) {
		t.Helper()
		d, err := e.svc.Propose(ctx, e.cas, e.caseID, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Approve(ctx, e.gert, d.ID, casework.ApproveRequest{Version: d.Version}); err != nil {
			t.Fatal(err)
		}
	}
	step(func() (*casework.File, error) {
		return e.svc.Transition(ctx, e.cas, e.caseID, casework.TransitionRequest{Transition: cases.StartSafetyAssessment, Version: f.Case.Version})
	})
	decide(casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService, TriageRule: casework.RuleVeiligThuis, Reasoning: "V&V."})
	decide(casework.DecisionInput{Kind: casework.KindInterventionChoice, Outcome: string(cases.DecideConditions), Reasoning: "Ouders werken mee."})
	c, err := e.svc.AddCondition(ctx, e.cas, e.caseID, casework.ConditionInput{Text: "Geen huiselijk geweld.", CheckedBy: "Wijkteam"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.svc.ProposeHandover(ctx, e.cas, e.caseID, casework.HandoverInput{Partner: "Team Monitoring", PartnerKind: casework.PartnerTeamMonitoring,
		CaseDirector: "Wijkteam", ReportsBack: "Schendingen", ReportBackWhen: "Direct", ConditionIDs: []int64{c.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.RecordLetter(ctx, e.cas, e.caseID, casework.LetterInput{Kind: casework.LetterClosing, SentAt: e.app.Clock().Now(), Recipient: "Moeder"}); err != nil {
		t.Fatal(err)
	}
	decide(casework.DecisionInput{Kind: casework.KindClosure, Outcome: string(cases.HandOverConditions), Reasoning: "Over naar Team Monitoring."})

	// Team Monitoring answers the handover itself, through the form;
	// accepting starts the monitoring.
	cm := e.as("monitoring")
	respond := e.path("/overdracht/" + strconv.FormatInt(h.ID, 10))
	code, body, _ := cm.post(respond, neturl.Values{"accept": {"nee"}, "version": {strconv.Itoa(h.Version)}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("decline without reason: %d", code)
	}
	wantFieldError(t, body, "respond-"+strconv.FormatInt(h.ID, 10)+"-note", "Dit veld is verplicht.")
	code, _, loc := cm.post(respond, neturl.Values{"accept": {"ja"}, "version": {strconv.Itoa(h.Version)}})
	wantRedirect(t, "accept", code, loc, e.path("#overdracht"))
	f = e.file()
	if len(f.Monitoring) != 2 || f.Case.Status != cases.StatusMonitoring {
		t.Fatalf("monitoring moments %+v", f.Monitoring)
	}
	m := f.Monitoring[0]
	moment := e.path("/monitoring/" + strconv.FormatInt(m.ID, 10))
	code, body = cm.get(e.path("?deel=besluiten"))
	if code != 200 || !strings.Contains(body, `name="checks[0].condition_id" value="`+strconv.FormatInt(c.ID, 10)+`"`) {
		t.Fatal("the monitoring form does not ask for the condition")
	}
	// Not holding, without a note: refused at the condition.
	code, body, _ = cm.post(moment, neturl.Values{"version": {strconv.Itoa(m.Version)}, "checks[0].condition_id": {strconv.FormatInt(c.ID, 10)},
		"checks[0].result": {"does_not_hold"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("breach without note: %d", code)
	}
	formName := "monitoring-" + strconv.FormatInt(m.ID, 10)
	wantFieldError(t, body, formName+"-checks-0-note", "Dit veld is verplicht.")
	if !strings.Contains(body, `value="does_not_hold" checked`) {
		t.Error("the monitoring form lost the result")
	}
	code, _, loc = cm.post(moment, neturl.Values{"version": {strconv.Itoa(m.Version)}, "checks[0].condition_id": {strconv.FormatInt(c.ID, 10)},
		"checks[0].result": {"does_not_hold"}, "checks[0].note": {"Politie was er vorige week."}})
	wantRedirect(t, "monitoring", code, loc, e.path("#monitoring"))
	if f := e.file(); f.Case.Status != cases.StatusReopened {
		t.Errorf("after a breach: status %s, want reopened", f.Case.Status)
	}
}

func TestCaseOpenFromReportAndLists(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	ctx := audit.WithRecorder(context.Background(), &audit.Recorder{Template: audit.Entry{ActorID: "system", ActorName: "test"}})
	rep := &reports.Report{Kind: reports.KindReport, ReceivedAt: e.app.Clock().Now().Add(-8 * 24 * time.Hour), Channel: reports.ChannelPhone,
		Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
		ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Ruzie.",
		Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: "Anna", Surname: "Triage"}}}
	if _, err := e.app.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: rep}); err != nil {
		t.Fatal(err)
	}
	in := e.as("intake")
	// In triage for the intake worker, overdue after 8 days, said in words.
	_, body := in.get("/")
	if !strings.Contains(body, "Meldingen voor triage") || !strings.Contains(body, rep.Number) || !strings.Contains(body, "te laat)") {
		t.Error("the intake worker's queue lacks the overdue report")
	}
	reportPath := "/meldingen/" + strconv.FormatInt(rep.ID, 10)
	if _, body := in.get(reportPath); !strings.Contains(body, "Deze melding is nog niet in een dossier.") || !strings.Contains(body, reportPath+"/dossier") {
		t.Fatal("the report page offers no case")
	}
	code, body, _ := in.post(reportPath+"/dossier", neturl.Values{"team": {""}, "summary": {"Partnergeweld."}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("no team: %d", code)
	}
	wantFieldError(t, body, "open-team", "Dit veld is verplicht.")
	if !strings.Contains(body, "Partnergeweld.") {
		t.Error("the open form lost the summary")
	}
	// A case manager cannot open a case on a report in triage (the
	// intake team's).
	if code, _, _ := e.as("casemanager").post(reportPath+"/dossier", neturl.Values{"team": {"Backoffice"}}); code != http.StatusForbidden {
		t.Errorf("case manager opens a case on a triage report: %d", code)
	}
	code, _, loc := in.post(reportPath+"/dossier", neturl.Values{"team": {"Backoffice"}, "summary": {"Partnergeweld."}})
	if code != http.StatusSeeOther {
		t.Fatalf("open: %d to %q", code, loc)
	}
	if loc != "/" {
		t.Errorf("intake opened a Backoffice case and is sent to %q, want the start page", loc)
	}
	if _, body := e.as("casemanager").get(reportPath); !strings.Contains(body, "In dossier") || strings.Contains(body, reportPath+"/dossier\"") {
		t.Error("the report page does not link its case or still offers to open one")
	}

	// The case list: the team's cases, not another team's.
	if _, body := e.as("casemanager").get("/dossiers"); !strings.Contains(body, e.lisanneNumber) || !strings.Contains(body, "Veiligheidsbeoordeling:") {
		t.Error("the case manager's list lacks the team's case with its deadline")
	}
	if _, body := e.as("monitoring").get("/dossiers"); strings.Contains(body, e.lisanneNumber) {
		t.Error("Team Monitoring lists the Backoffice's case")
	}
	// The start page: my cases with their next deadline.
	_, body = e.as("casemanager").get("/")
	if !strings.Contains(body, "Mijn werkvoorraad") || !strings.Contains(body, "Mijn dossiers") || !strings.Contains(body, e.lisanneNumber) {
		t.Error("the case manager's start page lacks the case")
	}
	if !strings.Contains(body, "Laatste meldingen") {
		t.Error("the start page lost the latest reports")
	}

	// The case's audit trail: the privacy officer's, not the team's.
	e.as("casemanager").get(e.path(""))
	if code, _ := e.as("casemanager").get(e.path("/logboek")); code != http.StatusForbidden {
		t.Errorf("case manager reads the audit trail: %d", code)
	}
	code, body = e.as("privacy").get(e.path("/logboek"))
	if code != 200 || !strings.Contains(body, "Dossier inzien") || !strings.Contains(body, "Cas Jansen") {
		t.Errorf("audit trail: %d", code)
	}
}

// The case list shows 50 cases a page, earliest deadline first, with the
// total and links to the neighbouring pages; every case is on exactly one
// page, and a page number that is not one is refused.
func TestCaseListIsPaged(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	ctx := audit.WithRecorder(context.Background(), &audit.Recorder{Template: audit.Entry{ActorID: "system", ActorName: "test"}})
	for i := range 55 {
		rep := &reports.Report{Kind: reports.KindReport, ReceivedAt: e.app.Clock().Now().Add(-time.Duration(i) * time.Hour), Channel: reports.ChannelPhone,
			Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
			ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Ruzie.",
			Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: "Anna", Surname: "Pagina"}}}
		if _, err := e.app.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: rep}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.OpenCase(e.ctx, e.iris, casework.OpenRequest{ReportIDs: []int64{rep.ID}, Team: "Backoffice"}); err != nil {
			t.Fatal(err)
		}
	}
	list, err := e.svc.Cases(e.ctx, e.cas, casework.CaseListRequest{})
	if err != nil {
		t.Fatal(err)
	}
	total := len(list)
	if total <= 50 || total > 100 {
		t.Fatalf("%d cases listed, want two pages", total)
	}
	cm := e.as("casemanager")
	rows := regexp.MustCompile(`href="/dossiers/(\d+)">`)
	seen := map[string]int{}
	for page, want := range map[string]struct {
		status, prev, next string
		rows               int
	}{
		"/dossiers":          {fmt.Sprintf("%d dossiers; pagina 1 van 2.", total), "", `href="/dossiers?pagina=2" rel="next"`, 50},
		"/dossiers?pagina=2": {fmt.Sprintf("%d dossiers; pagina 2 van 2.", total), `href="/dossiers" rel="prev"`, "", total - 50},
	} {
		code, body := cm.get(page)
		if code != http.StatusOK {
			t.Fatalf("%s: status %d", page, code)
		}
		if !strings.Contains(body, want.status) {
			t.Errorf("%s does not say %q", page, want.status)
		}
		for _, link := range []string{want.prev, want.next} {
			if link != "" && !strings.Contains(body, link) {
				t.Errorf("%s lacks the link %s", page, link)
			}
		}
		if want.prev == "" && strings.Contains(body, `rel="prev"`) || want.next == "" && strings.Contains(body, `rel="next"`) {
			t.Errorf("%s links a page that is not there", page)
		}
		found := rows.FindAllStringSubmatch(body, -1)
		if len(found) != want.rows {
			t.Errorf("%s shows %d cases, want %d", page, len(found), want.rows)
		}
		for _, m := range found {
			seen[m[1]]++
		}
	}
	for _, cs := range list {
		if n := seen[strconv.FormatInt(cs.Case.ID, 10)]; n != 1 {
			t.Errorf("case %s is on %d pages", cs.Case.Number, n)
		}
	}
	if code, body := cm.get("/dossiers?pagina=9"); code != http.StatusOK || !strings.Contains(body, "pagina 2 van 2") {
		t.Errorf("a page past the last: status %d, want the last page", code)
	}
	for _, bad := range []string{"twee", "0", "-1"} {
		if code, body := cm.get("/dossiers?pagina=" + bad); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Pagina „"+bad+"” bestaat niet: een paginanummer is een heel getal vanaf 1.") {
			t.Errorf("page %q: status %d, want 422 naming the page number and the rule", bad, code)
		}
	}

	// Reading page 2 is logged with the persons of page 2's cases, as the
	// first page's read is with its own.
	before := e.head(t)
	_, body := cm.get("/dossiers?pagina=2")
	want := map[int64]bool{}
	for _, m := range rows.FindAllStringSubmatch(body, -1) {
		for _, cs := range list {
			if strconv.FormatInt(cs.Case.ID, 10) == m[1] {
				for _, id := range cs.PersonIDs {
					want[id] = true
				}
			}
		}
	}
	en := e.entriesAfter(t, before)
	if len(want) == 0 || len(en) != 1 || en[0].Action != string(authz.ActionCaseList) {
		t.Fatalf("reading page 2 (%d persons shown) left %+v, want one %s entry", len(want), en, authz.ActionCaseList)
	}
	got := map[int64]bool{}
	for _, id := range en[0].PersonIDs {
		got[id] = true
	}
	if !maps.Equal(got, want) {
		t.Errorf("the access log of page 2 names persons %v, want those of page 2's cases %v", got, want)
	}
}

// The steps in a person's timeline (a decision, a handover, a monitoring
// moment) are worded once, by the web's catalogue: the history API gives
// the same sentence beside the step's facts as the history page shows.
func TestHistoryStepsWordedOnce(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	// An approved safety assessment: a decision on Lisanne's timeline.
	f, err := e.svc.File(e.ctx, e.cas, e.caseID)
	if err != nil {
		t.Fatal(err)
	}
	if f.Case.Status == cases.StatusReceived {
		if f, err = e.svc.Transition(e.ctx, e.cas, e.caseID, casework.TransitionRequest{Transition: cases.StartSafetyAssessment, Version: f.Case.Version}); err != nil {
			t.Fatal(err)
		}
	}
	d, err := e.svc.Propose(e.ctx, e.cas, e.caseID, casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService,
		StructuralUnsafety: true, TriageRule: casework.RuleVeiligThuis, RiskColour: cases.ColourYellow, Reasoning: "Structurele onveiligheid; ouders bereikbaar."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Approve(e.ctx, e.gert, d.ID, casework.ApproveRequest{Version: d.Version}); err != nil {
		t.Fatal(err)
	}
	list, err := e.svc.Cases(e.ctx, e.cas, casework.CaseListRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cm := e.as("casemanager")
	steps := 0
	for _, cs := range list {
		if len(cs.PersonIDs) == 0 {
			continue
		}
		id := strconv.FormatInt(cs.PersonIDs[0], 10)
		code, body := cm.get("/api/v1/persons/" + id + "/history")
		var h struct {
			Events []struct {
				Kind string             `json:"kind"`
				Step *history.StepFacts `json:"step"`
			} `json:"events"`
		}
		if err := json.Unmarshal([]byte(body), &h); code != http.StatusOK || err != nil {
			t.Fatalf("history of person %s: %d %v", id, code, err)
		}
		_, page := cm.get("/personen/" + id + "/geschiedenis")
		for _, ev := range h.Events {
			if ev.Step == nil {
				continue
			}
			steps++
			if ev.Step.What == "" || !strings.Contains(html.UnescapeString(page), ev.Step.What) {
				t.Errorf("person %s, %s step %+v: the API's words are not the page's", id, ev.Kind, ev.Step)
			}
		}
	}
	if steps == 0 {
		t.Fatal("no case in the demo has a step on its timeline")
	}
}
