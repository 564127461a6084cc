package cli

import (
	"strconv"
	"strings"
	"testing"

	"toren/internal/browsertest"
)

// lisannePerson is one person row of the intake form as a worker types it.
type lisannePerson struct {
	role, names, particle, surname, born, age, sex, bsn string
}

// lisanneReport is a report of the story as the intake worker types it
// from the phone call or the police message.
type lisanneReport struct {
	reporterKind, organisation, name, phone, email, description string
	persons                                                     []lisannePerson
}

// The two reports of "De casus van Lisanne" (seed documents): the police
// report after the incident at the shelter, and, a day later, the shelter's
// own report, where the mother's surname is spelled differently and no
// BSN is known.
var (
	lisannePolice = lisanneReport{
		reporterKind: "police", organisation: "Politie Eenheid Midden-Nederland", phone: "0900-8844",
		description: "Politie ter plaatse bij de opvanglocatie. Vader was verbaal agressief naar moeder, sloeg de telefoon " +
			"uit de handen van de hulpverlener en nam de handtas van moeder mee. De kinderen waren getuige.",
		persons: []lisannePerson{
			{role: "victim", names: "Lisanne Johanna", surname: "Wijnands", born: "14-03-1993", sex: "female", bsn: "111222333"},
			{role: "perpetrator", names: "Dennis Pieter", particle: "van der", surname: "Meulen", born: "02-08-1990", sex: "male"},
			{role: "child", names: "Fleur Anna", particle: "van der", surname: "Meulen", born: "20-05-2015", sex: "female"},
		},
	}
	lisanneShelter = lisanneReport{
		reporterKind: "social_care", organisation: "Stichting Opvang De Linde", name: "Marieke Bakker",
		email: "m.bakker@opvangdelinde.example",
		description: "Moeder verblijft met haar kinderen bij onze opvang. Gisteravond kwam vader verhaal halen en nam haar tas mee. " +
			"Volgens moeder is er eerder ook fysiek geweld geweest. Wij maken ons zorgen over de veiligheid.",
		persons: []lisannePerson{
			{role: "victim", names: "Lisanne", surname: "Wijnants", born: "14-03-1993", sex: "female"},
			{role: "perpetrator", names: "Dennis", particle: "v.d.", surname: "Meulen", sex: "male"},
			{role: "child", names: "Fleur", particle: "van der", surname: "Meulen", age: "11", sex: "female"},
		},
	}
)

// enterReport types a report into the intake form, keyboard and htmx as a
// worker on the phone would, and registers it. It returns the new report's
// page path.
func enterReport(t *testing.T, p *browsertest.Page, r lisanneReport, checkHits func(row int)) string {
	t.Helper()
	if status := p.Goto("/meldingen/nieuw"); status != 200 {
		t.Fatalf("intake form: status %d", status)
	}
	choose(t, p, "#channel", "phone")
	choose(t, p, "#reporter-kind", r.reporterKind)
	p.Fill("#reporter-organisation", r.organisation)
	if r.name != "" {
		p.Fill("#reporter-name", r.name)
	}
	if r.phone != "" {
		p.Fill("#reporter-phone", r.phone)
	}
	if r.email != "" {
		p.Fill("#reporter-email", r.email)
	}
	p.Fill("#description", r.description)
	p.Click(`input[name="children_present"][value="yes"]`)
	p.Click(`input[name="violence_types"][value="ex_partner"]`)
	p.Click(`input[name="violence_types"][value="witnessing_domestic"]`)
	for i, m := range r.persons {
		row := "#persons-" + strconv.Itoa(i) + "-"
		if !p.Has(row + "surname") {
			p.Click(`button[name="actie"][value="persoon-toevoegen"]`)
			p.WaitVisible(row + "surname")
		}
		choose(t, p, row+"role", m.role)
		p.Fill(row+"names", m.names)
		if m.particle != "" {
			p.Fill(row+"particle", m.particle)
		}
		p.Fill(row+"surname", m.surname)
		if m.born != "" {
			p.Fill(row+"birth_date", m.born)
		}
		if m.age != "" {
			p.Fill(row+"age", m.age)
		}
		choose(t, p, row+"sex", m.sex)
		if m.bsn != "" {
			p.Fill(row+"bsn", m.bsn)
		}
		if checkHits != nil {
			checkHits(i)
		}
	}
	browsertest.CheckA11y(t, p)
	if status := p.ClickAndWait(`button[name="actie"][value="registreren"]`); status != 200 {
		t.Fatalf("register: status %d on %s: %s", status, p.Path(), p.Text("main"))
	}
	if !strings.HasPrefix(p.Path(), "/meldingen/") || p.Path() == "/meldingen/nieuw" {
		t.Fatalf("after registering: on %s: %s", p.Path(), p.Text("main"))
	}
	flash(t, p, "Melding geregistreerd")
	return p.Path()
}

// tellLisanneAtIntake walks the first part of the story in the browser:
// the police report comes in, then the shelter's report; the radar links
// the mother despite the spelling and escalates (two reporters within 90
// days); the intake worker opens a case for the Backoffice and the team
// leader assigns the case manager. It returns the case file's path.
func tellLisanneAtIntake(t *testing.T, e *browserEnv) string {
	t.Helper()
	in := e.signedIn(t, "intake")
	policePath := enterReport(t, in, lisannePolice, nil)
	policeNumber := strings.TrimSpace(in.Text("h1"))

	// While the shelter's report is typed, the radar already shows the
	// mother from the police report.
	shelterPath := enterReport(t, in, lisanneShelter, func(row int) {
		if row != 0 {
			return
		}
		hits := "#treffers-0"
		in.WaitVisible(hits + " li, " + hits + " tr")
		if got := in.Text(hits); !strings.Contains(got, "Wijnands") {
			t.Errorf("live radar hits while typing Lisanne Wijnants: %q", got)
		}
	})
	if shelterPath == policePath {
		t.Fatal("the second report replaced the first")
	}

	// The radar linked her: her person page holds both reports.
	in.Click(`main a[href^="/personen/"]`)
	in.WaitVisible("h1")
	person := in.Text("main")
	if !strings.Contains(person, strings.Fields(policeNumber)[len(strings.Fields(policeNumber))-1]) {
		t.Errorf("Lisanne's person page lacks the police report %q:\n%s", policeNumber, person)
	}
	browsertest.CheckA11y(t, in)

	// And escalated: two reporters within 90 days.
	in.Goto("/signalen")
	if got := in.Text("main"); !strings.Contains(got, "Meerdere melders") {
		t.Errorf("no escalation for two reporters:\n%s", got)
	}
	browsertest.CheckA11y(t, in)
	in.Screenshot("signalen-lisanne")

	// The intake worker opens the case for the Backoffice.
	in.Goto(shelterPath)
	in.Click(`details:has(form[action$="/dossier"]) > summary`)
	choose(t, in, "#open-team", "Backoffice")
	in.Fill("#open-summary", "Escalatie tussen ex-partners; drie kinderen getuige. Politie en opvang meldden binnen een dag.")
	if status := in.ClickAndWait(`form[action$="/dossier"] button[type="submit"]`); status != 200 {
		t.Fatalf("open the case: status %d", status)
	}

	// The team leader assigns the case manager.
	tl := e.signedIn(t, "teamleider")
	tl.Goto(shelterPath)
	tl.Click(`main a[href^="/dossiers/"]`)
	tl.WaitVisible("h1")
	casePath := tl.Path()
	if !strings.HasPrefix(casePath, "/dossiers/") {
		t.Fatalf("the report does not link its case: on %s", casePath)
	}
	cas := demoActor(t, e.app, "casemanager")
	tl.Click(`details:has(form[action$="/toewijzing"]) > summary`)
	choose(t, tl, "#assign-team", "Backoffice")
	tl.Click(`input[name="workers"][value="` + strconv.FormatInt(cas.UserID, 10) + `"]`)
	if status := tl.ClickAndWait(`form[action$="/toewijzing"] button[type="submit"]`); status != 200 {
		t.Fatalf("assign: status %d", status)
	}
	if got := tl.Text("main"); !strings.Contains(got, "Cas Jansen") {
		t.Errorf("the case manager is not on the case after assigning:\n%s", got)
	}
	return casePath
}
