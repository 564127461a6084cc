package cli

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/app"
	"toren/internal/audit"
	"toren/internal/browsertest"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/letters"
	"toren/internal/reports"
	"toren/internal/toren"
)

// seedCasework gives the browser env a Backoffice case on the pregnant
// mother's report (seed S1), assigned to the casemanager, with a contact,
// a safety agreement and condition, a triage decision waiting for a second
// pair of eyes and a closing letter: every part of the case file has
// something to show. Lisanne's reports stay in triage for the other tests.
func (e *browserEnv) seedCasework(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	a := e.app
	svc := a.Casework()
	list, err := a.Store().ListReports(ctx, reports.Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var rep *reports.Report
	for _, s := range list {
		r, err := a.Store().GetReport(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(r.Persons, func(m reports.Mention) bool { return m.FirstNames == "Naomi" && m.Surname == "Brouwer" }) {
			rep = r
		}
	}
	if rep == nil {
		t.Fatal("the demo seed has no report about Naomi Brouwer")
	}
	iris, tara, cas := demoActor(t, a, "intake"), demoActor(t, a, "teamleider"), demoActor(t, a, "casemanager")
	f, err := svc.OpenCase(ctx, iris, casework.OpenRequest{ReportIDs: []int64{rep.ID}, Team: "Backoffice",
		Summary: "Zwangere moeder met verslavingsproblematiek; partner gebruikt geweld."})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(err)
	f, err = svc.Assign(ctx, tara, f.Case.ID, casework.AssignRequest{Team: "Backoffice", Workers: []int64{cas.UserID}, Version: f.Case.Version})
	must(err)
	f, err = svc.Transition(ctx, cas, f.Case.ID, casework.TransitionRequest{Transition: cases.StartSafetyAssessment, Version: f.Case.Version})
	must(err)
	now := a.Clock().Now()
	_, err = svc.AddContact(ctx, cas, f.Case.ID, casework.ContactInput{At: now.Add(-2 * time.Hour), With: "Naomi Brouwer",
		Role: casework.WithParent, Channel: casework.ChannelHomeVisit, Summary: "Huisbezoek: moeder wil meewerken aan de behandeling."})
	must(err)
	_, err = svc.AddAgreement(ctx, cas, f.Case.ID, casework.AgreementInput{Who: "Moeder", What: "Gaat naar de intake bij de verslavingszorg.",
		Due: toren.DateOf(now).AddDays(7)})
	must(err)
	c, err := svc.AddCondition(ctx, cas, f.Case.ID, casework.ConditionInput{Text: "Moeder rondt de behandeling bij de verslavingszorg af.",
		CheckedBy: "Verslavingszorg IJsselland"})
	must(err)
	_, err = svc.Propose(ctx, cas, f.Case.ID, casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService,
		TriageRule: casework.RuleVeiligThuis, StructuralUnsafety: true, Reasoning: "Structurele onveiligheid; moeder wil meewerken."})
	must(err)

	r, err := letters.NewRenderer(app.DefaultLetterhead(), a.Clock())
	must(err)
	today := toren.DateOf(now.In(toren.Amsterdam))
	doc, err := r.Closing(letters.ClosingLetter{CaseNumber: f.Case.Number, Date: today, Service: letters.ServiceConditions,
		Recipients: []letters.Addressee{letters.AddresseeFrom(rep.Persons[0])}, ClosedOn: today,
		Conditions:    []letters.SafetyCondition{{What: c.Text, CheckedBy: c.CheckedBy, Until: today.AddDate(1, 0, 0)}},
		CaseDirection: letters.CaseDirection{Organisation: "Wijkteam Zwolle-Zuid"}, Monitoring: letters.DefaultMonitoring(today),
		Signer: letters.Signer{Name: cas.Name, Function: "casemanager"}})
	must(err)
	rec := doc.Record(f.Case.ID, cas.UserID, now, f.PersonIDs)
	sctx := audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: strconv.FormatInt(cas.UserID, 10), ActorName: cas.Name, Origin: "test"}})
	must(a.Store().SaveLetter(sctx, &rec))
	e.caseID, e.letterID = f.Case.ID, rec.ID
}

// choose picks an option of a select, as a user would with the mouse:
// the value changes and the page hears of it.
func choose(t *testing.T, p *browsertest.Page, selector, value string) {
	t.Helper()
	if !browsertest.Eval[bool](p, `(() => { const s = document.querySelector(`+strconv.Quote(selector)+`); s.value = `+strconv.Quote(value)+
		`; s.dispatchEvent(new Event("change", {bubbles: true})); return s.value === `+strconv.Quote(value)+` })()`) {
		t.Fatalf("%s on %s has no option %q", selector, p.Path(), value)
	}
}

// flash is the one-time message after a form was stored.
func flash(t *testing.T, p *browsertest.Page, want string) {
	t.Helper()
	if got := p.Text(".utrecht-alert--ok"); !strings.Contains(got, want) {
		t.Errorf("after the form on %s: message %q, want %q", p.Path(), got, want)
	}
	// The confirmation is where the user is: in the window, not at the top
	// of a page scrolled away to the section.
	if !browsertest.Eval[bool](p, `(() => { const r = document.querySelector(".utrecht-alert--ok").getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight })()`) {
		t.Errorf("after the form on %s: the message %q is outside the window", p.Path(), want)
	}
}

// TestBrowserLisanneStory walks the seed story "De casus van Lisanne" in
// the browser as its workers would: the police report comes in, then the
// shelter's report with the mother's surname spelled differently; the
// radar links them and escalates; the intake worker opens the case and the
// team leader assigns it; the case manager starts the safety assessment
// and proposes the triage decision, the behavioural scientist approves it;
// the intervention (Voorwaarden & Vervolg) is chosen with a second pair of
// eyes too; the case manager records a contact, a safety agreement and a
// condition and hands the case over to Team Monitoring. Every page passes
// axe-core.
func TestBrowserLisanneStory(t *testing.T) {
	t.Parallel()
	e := newBrowserEnvWithout(t, []string{"lisanne"})
	svc := e.app.Casework()
	casePath := tellLisanneAtIntake(t, e)
	id, err := strconv.ParseInt(strings.TrimPrefix(casePath, "/dossiers/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	f, err := svc.File(context.Background(), demoActor(t, e.app, "teamleider"), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Reports) != 1 {
		t.Errorf("the case holds %d reports, want the shelter's it was opened from", len(f.Reports))
	}

	cm := e.signedIn(t, "casemanager")
	if status := cm.Goto(casePath); status != 200 {
		t.Fatalf("case file: status %d", status)
	}
	if h := cm.Text("h1"); !strings.Contains(h, f.Case.Number) || !strings.Contains(h, "Melding ontvangen") {
		t.Errorf("heading %q", h)
	}
	browsertest.CheckA11y(t, cm)

	// The step the process allows now.
	if status := cm.ClickAndWait(`form[action$="/stap"] button[type="submit"]`); status != 200 {
		t.Fatalf("start the assessment: status %d", status)
	}
	flash(t, cm, "volgende stap")
	if h := cm.Text("h1"); !strings.Contains(h, "Veiligheidsbeoordeling") {
		t.Errorf("after the step: %q", h)
	}
	// The decisions are a part of the file of their own.
	cm.ClickAndWait(`nav[aria-label="Delen van het dossier"] a[href$="?deel=besluiten"]`)

	// The triage decision.
	triage := `input[name="kind"][value="safety_assessment"]`
	cm.Click(`details:has(` + triage + `) > summary`)
	choose(t, cm, "#decision-safety_assessment-outcome", casework.OutcomeVTService)
	choose(t, cm, "#decision-safety_assessment-triage_rule", string(casework.RuleDirectIntervention))
	cm.Click("#decision-safety_assessment-structural_unsafety")
	cm.Fill("#decision-safety_assessment-reasoning", "Vader accepteert de breuk niet; de kinderen waren getuige. Veilig Thuis grijpt zelf in.")
	browsertest.CheckA11y(t, cm)
	if status := cm.ClickAndWait(`form:has(` + triage + `) button[type="submit"]`); status != 200 {
		t.Fatalf("propose: status %d", status)
	}
	flash(t, cm, "Besluit voorgesteld")
	browsertest.CheckA11y(t, cm)

	// The second pair of eyes.
	gs := e.signedIn(t, "gedragswetenschapper")
	if status := gs.Goto("/"); status != 200 {
		t.Fatalf("start page: %d", status)
	}
	if q := gs.Text("#werkvoorraad"); q == "" || !strings.Contains(gs.Text("main"), f.Case.Number) {
		t.Error("the decision is not in the behavioural scientist's work queue")
	}
	// What only the behavioural scientist does comes first: the proposal
	// made a minute ago is on the first screen, with a day to answer it,
	// not late.
	proposal := `#tweede-paar-ogen + * tr:has(a[href^="` + casePath + `?"])`
	if !gs.Has(proposal) {
		t.Fatal("the proposal is not in the second-pair-of-eyes table")
	}
	if bottom := browsertest.Eval[float64](gs, `document.querySelector('`+proposal+`').getBoundingClientRect().bottom`); bottom > browsertest.ViewportHeight {
		t.Errorf("the proposal's row ends %.0f px down the start page, below the first screen (%d px)", bottom, browsertest.ViewportHeight)
	}
	if due := gs.Text(proposal); strings.Contains(due, "Te laat") || !strings.Contains(due, "nog ") {
		t.Errorf("a proposal made a minute ago: %q", due)
	}
	gs.Screenshot("startpagina-gedragswetenschapper")
	browsertest.CheckA11y(t, gs)
	gs.Goto(casePath + "?deel=besluiten")
	browsertest.CheckA11y(t, gs)
	if status := gs.ClickAndWait(`form[action$="/goedkeuring"] button[type="submit"]`); status != 200 {
		t.Fatalf("approve: status %d", status)
	}
	flash(t, gs, "Besluit goedgekeurd")

	// The intervention: Voorwaarden & Vervolg, again with a second pair
	// of eyes.
	cm.Goto(casePath + "?deel=besluiten")
	choice := `input[name="kind"][value="intervention_choice"]`
	cm.Click(`details:has(` + choice + `) > summary`)
	choose(t, cm, "#decision-intervention_choice-outcome", string(cases.DecideConditions))
	cm.Fill("#decision-intervention_choice-reasoning", "Ouders erkennen de zorgen en willen meewerken; met voorwaarden is veiligheid haalbaar.")
	if status := cm.ClickAndWait(`form:has(` + choice + `) button[type="submit"]`); status != 200 {
		t.Fatalf("propose the intervention: status %d", status)
	}
	flash(t, cm, "Besluit voorgesteld")
	gs.Goto(casePath + "?deel=besluiten")
	if status := gs.ClickAndWait(`form[action$="/goedkeuring"] button[type="submit"]`); status != 200 {
		t.Fatalf("approve the intervention: status %d", status)
	}
	flash(t, gs, "Besluit goedgekeurd")
	if h := gs.Text("h1"); !strings.Contains(h, "Voorwaarden") {
		t.Errorf("after the intervention choice: %q", h)
	}

	// Back to the case manager: a contact, a safety agreement, a condition.
	cm.Goto(casePath + "?deel=besluiten")
	if !strings.Contains(cm.Text("#besluiten ~ article, main"), "Goedgekeurd") {
		t.Error("the approval does not show in the case manager's view")
	}
	cm.ClickAndWait(`nav[aria-label="Delen van het dossier"] a[href$="?deel=contacten"]`)
	cm.Click(`details:has(form[action$="/contacten"]) > summary`)
	cm.Fill("#contact-with", "Lisanne Wijnands")
	choose(t, cm, "#contact-role", string(casework.WithVictim))
	choose(t, cm, "#contact-channel", string(casework.ChannelVideo))
	cm.Fill("#contact-summary", "Eerste gesprek online, met het wijkteam erbij. Moeder wil meewerken aan een veiligheidsplan.")
	if status := cm.ClickAndWait(`form[action$="/contacten"] button[type="submit"]`); status != 200 {
		t.Fatalf("contact: status %d", status)
	}
	flash(t, cm, "Contact vastgelegd")
	cm.ClickAndWait(`nav[aria-label="Delen van het dossier"] a[href$="?deel=veiligheid"]`)
	if got := cm.Text(`nav[aria-label="Delen van het dossier"] [aria-current="page"]`); !strings.HasPrefix(got, "Veiligheidsplan") {
		t.Errorf("current part %q", got)
	}

	cm.Click(`details:has(form[action$="/afspraken"]) > summary`)
	cm.Fill("#agreement-who", "Moeder")
	cm.Fill("#agreement-what", "Vraagt een contactverbod aan en belt 112 als vader aan de deur komt.")
	// A date in the past (a typing error) is not saved without a word:
	// the form comes back naming the field, with a box to confirm it.
	today := toren.DateOf(e.app.Clock().Now().In(toren.Amsterdam))
	cm.Fill("#agreement-due", today.AddDays(-7).Dutch())
	if status := cm.ClickAndWait(`form[action$="/afspraken"] button[type="submit"]`); status != http.StatusUnprocessableEntity {
		t.Fatalf("agreement dated last week: status %d, want 422", status)
	}
	if got := cm.Text(".toren-foutoverzicht"); !strings.Contains(got, "Uiterlijk op: Deze datum ligt in het verleden") {
		t.Errorf("the error summary: %q", got)
	}
	if !cm.Has("#agreement-past_due") || browsertest.Eval[string](cm, `document.querySelector("#agreement-who").value`) != "Moeder" {
		t.Error("no box to confirm the date, or the form lost what was typed")
	}
	browsertest.CheckA11y(t, cm)
	cm.ScreenshotOf("dossier-afspraak-datum-verleden", "#agreement-due")
	cm.Fill("#agreement-due", today.AddDays(7).Dutch())
	if status := cm.ClickAndWait(`form[action$="/afspraken"] button[type="submit"]`); status != 200 {
		t.Fatalf("agreement: status %d", status)
	}
	flash(t, cm, "Veiligheidsafspraak vastgelegd")

	cm.Click(`details:has(form[action$="/voorwaarden"]) > summary`)
	cm.Fill("#condition-text", "Er vindt geen huiselijk geweld plaats.")
	cm.Fill("#condition-checked_by", "Wijkteam Utrecht-Oost")
	if status := cm.ClickAndWait(`form[action$="/voorwaarden"] button[type="submit"]`); status != 200 {
		t.Fatalf("condition: status %d", status)
	}
	flash(t, cm, "Veiligheidsvoorwaarde vastgelegd")
	browsertest.CheckA11y(t, cm)

	// The agreement's status changes in its row (htmx), the page stays.
	f, err = svc.File(context.Background(), demoActor(t, e.app, "casemanager"), f.Case.ID)
	if err != nil {
		t.Fatal(err)
	}
	row := "#agreement-" + strconv.FormatInt(f.Agreements[0].ID, 10)
	// A compact row: the status form opens from its edit action.
	if browsertest.Eval[bool](cm, `document.querySelector("`+row+`-opslaan").checkVisibility()`) {
		t.Error("the status form of an agreement row is open before it is asked for")
	}
	cm.Click(row + " .toren-bewerk > summary")
	choose(t, cm, row+"-status", string(casework.AgreementDone))
	cm.Click(row + "-opslaan")
	cm.WaitVisible(row + ` [role="status"]`)
	if got := cm.Text(row); !strings.Contains(got, "Nagekomen") || !strings.Contains(got, "gewijzigd") {
		t.Errorf("the row after the change: %q", got)
	}

	// The handover to Team Monitoring; the condition goes with it.
	cm.Goto(casePath + "?deel=besluiten")
	cm.Click(`details:has(form[action$="/overdracht"]) > summary`)
	cm.Fill("#handover-partner", "Team Monitoring")
	choose(t, cm, "#handover-partner_kind", string(casework.PartnerTeamMonitoring))
	cm.Fill("#handover-case_director", "Wijkteam Utrecht-Oost")
	cm.Fill("#handover-reports_back", "Een schending van de voorwaarden en nieuwe zorgen over de kinderen.")
	cm.Fill("#handover-report_back_when", "Direct bij een schending; verder na 3 en 12 maanden.")
	if !browsertest.Eval[bool](cm, `document.querySelector("#handover-condition_ids-0").checked`) {
		t.Error("the active condition is not ticked for the handover")
	}
	if status := cm.ClickAndWait(`form[action$="/overdracht"] button[type="submit"]`); status != 200 {
		t.Fatalf("handover: status %d", status)
	}
	flash(t, cm, "Overdracht voorgesteld")
	if !strings.Contains(cm.Text("main"), "Overdracht aan Team Monitoring") {
		t.Error("the handover does not show")
	}
	browsertest.CheckA11y(t, cm)
	cm.Screenshot("dossier")

	// Every part of the file fits in a few screens, with the side
	// navigation marking where the worker is; the whole file is one click
	// away.
	for _, part := range []string{"overzicht", "betrokkenen", "contacten", "veiligheid", "besluiten", "brieven", "verloop"} {
		cm.Goto(casePath + "?deel=" + part)
		if h := browsertest.Eval[int](cm, `document.documentElement.scrollHeight`); h > 3500 {
			t.Errorf("part %s is %d px high", part, h)
		}
		if n := browsertest.Eval[int](cm, `document.querySelectorAll('nav[aria-label="Delen van het dossier"] [aria-current="page"]').length`); n != 1 {
			t.Errorf("part %s: %d parts marked current", part, n)
		}
	}
	cm.Goto(casePath + "?deel=veiligheid")
	cm.Screenshot("dossier-veiligheidsplan")

	cm.Goto("/")
	if !strings.Contains(cm.Text("#werkvoorraad ~ *, main"), f.Case.Number) {
		t.Error("the case is not in the case manager's work queue")
	}
	browsertest.CheckA11y(t, cm)
	cm.Screenshot("werkvoorraad")

	// What the browser did is what the file holds.
	f, err = svc.File(context.Background(), demoActor(t, e.app, "teamleider"), f.Case.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Decisions) != 2 || f.Case.Status != cases.StatusConditions {
		t.Errorf("status %s, decisions %+v", f.Case.Status, f.Decisions)
	}
	for _, d := range f.Decisions {
		if d.Status != casework.DecisionApproved || d.Decided.ByName != "Gert Visser" || d.Proposed.ByName != "Cas Jansen" {
			t.Errorf("decision %+v", d)
		}
	}
	if len(f.Contacts) != 1 || len(f.Agreements) != 1 || f.Agreements[0].Status != casework.AgreementDone || len(f.Conditions) != 1 {
		t.Errorf("records: %d contacts, %d agreements, %d conditions", len(f.Contacts), len(f.Agreements), len(f.Conditions))
	}
	if len(f.Handovers) != 1 || f.Handovers[0].PartnerKind != casework.PartnerTeamMonitoring || len(f.Handovers[0].ConditionIDs) != 1 {
		t.Errorf("handovers %+v", f.Handovers)
	}
}
