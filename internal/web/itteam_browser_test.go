package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"toren/internal/browsertest"
)

// TestBrowserITCaseWalk walks one case through the Interventieteam in the
// browser, as the team would, on the forms of the pages: the referral
// with the selection checklist, the duo assigned by the team leader, the
// colour code, a safety plan with three agreements, a network meeting
// with its evaluation form, two rounds of scaling questions shown in the
// chart, the move to monitoring with the client evaluation, and closure
// after monitoring. Every page on the way is axe-clean.
func TestBrowserITCaseWalk(t *testing.T) {
	t.Parallel()
	browsertest.RequireBrowser(t)
	s := itTeam(t)

	// set gives a field its value as a user's choice would (a select's
	// option, a date typed in); check ticks a box or picks a radio button.
	set := func(p *browsertest.Page, sel, v string) {
		t.Helper()
		if !browsertest.Eval[bool](p, fmt.Sprintf(`(() => { const el = document.querySelector(%q); if (!el) return false;
			el.value = %q; el.dispatchEvent(new Event("change", {bubbles: true})); return el.value === %q })()`, sel, v, v)) {
			t.Fatalf("%s: no field %s taking %q", p.Path(), sel, v)
		}
	}
	check := func(p *browsertest.Page, sel string) {
		t.Helper()
		if !browsertest.Eval[bool](p, fmt.Sprintf(`(() => { const el = document.querySelector(%q); if (!el) return false; el.checked = true; return true })()`, sel)) {
			t.Fatalf("%s: no box %s", p.Path(), sel)
		}
	}
	openAll := func(p *browsertest.Page) {
		browsertest.Eval[bool](p, `(() => { document.querySelectorAll("details").forEach(d => d.open = true); return true })()`)
	}
	clean := func(p *browsertest.Page, what string) {
		t.Helper()
		for _, v := range p.Axe() {
			if v.Blocking() {
				t.Errorf("%s (%s): %s", what, p.Path(), v)
			}
		}
	}
	submit := func(p *browsertest.Page, action, what string) {
		t.Helper()
		if status := p.ClickAndWait(`form[action$="` + action + `"] button[type="submit"]`); status != http.StatusOK {
			t.Fatalf("%s: %d on %s", what, status, p.Path())
		}
		if p.Has("#fouten") {
			t.Fatalf("%s refused: %s", what, p.Text("#fouten"))
		}
		clean(p, what)
	}

	// The referral with the checklist, by the HG-overleg's case manager.
	cas := s.SignedIn(t, "cas")
	if status := cas.Goto("/interventieteam"); status != http.StatusOK {
		t.Fatalf("list: %d", status)
	}
	cas.Fill("#gezin", "Familie Verbeek")
	cas.Fill("#verwijzer", "HG-overleg Veiligheidshuis")
	set(cas, "#aangemeld", day(-30))
	set(cas, "#c_dreigend_gevaar", "orange")
	for sel, v := range map[string]string{"#c_geweld_per_maand": "3", "#c_kans_herhaling": "75", "#c_veiligheidsschaal": "3", "#c_geen_vooruitgang": "2"} {
		cas.Fill(sel, v)
	}
	for _, sel := range []string{"#c_leefgebieden_huisvesting", "#c_leefgebieden_werk_inkomen", "#c_leefgebieden_gezondheid", "#c_leefgebieden_veiligheid",
		"#c_leefgebieden_opvoeding", "#s_geen_vooruitgang_gesloten_deur", "#c_hulpverlening_onvoldoende_progressie"} {
		check(cas, sel)
	}
	submit(cas, "/interventieteam", "referral")
	path := cas.Path()
	// The referrer is no member of the IT team: from now on the family is
	// known to the IT, the content is the team's.
	if !strings.HasPrefix(path, "/interventieteam/") || !strings.Contains(cas.Text("main"), "bekend bij het Interventieteam") {
		t.Fatalf("after the referral: %s\n%s", path, cas.Text("main"))
	}

	// The duo, by the IT team leader.
	lead := s.SignedIn(t, "itleider")
	lead.Goto(path)
	if !strings.Contains(lead.Text("main"), "voldoet aan de checklist (versie 1)") {
		t.Error("the team leader does not see the checklist's verdict")
	}
	for sel, name := range map[string]string{"#medewerker1": "Ilse Smit", "#medewerker2": "Ahmed Bakr"} {
		v := browsertest.Eval[string](lead, fmt.Sprintf(`[...document.querySelectorAll("%s option")].find(o => o.textContent.includes(%q))?.value || ""`, sel, name))
		set(lead, sel, v)
	}
	submit(lead, "/duo", "duo")
	if !strings.Contains(lead.Text("main"), "Ilse Smit en Ahmed Bakr") {
		t.Error("the duo is not shown")
	}

	// The duo works the case.
	ilse := s.SignedIn(t, "ilse")
	ilse.Goto(path)
	check(ilse, "#kleur-orange")
	set(ilse, "#moment", "start")
	set(ilse, "#kleur-datum", day(-30))
	submit(ilse, "/kleurcode", "colour code at the start")
	set(ilse, "#stap", "start_intensive")
	set(ilse, "#fase-datum", day(-30))
	submit(ilse, "/fase", "start of the intensive phase")

	openAll(ilse)
	ilse.Fill("#zorgen", "Ex-vriend valt haar lastig")
	ilse.Fill("#goed", "Ouders houden de deur open")
	ilse.Fill("#doelen", "Los van hem")
	ilse.Fill("#bodemeisen", "Geen geweld waar de kinderen bij zijn")
	for i, a := range [][4]string{{"Chantal", "Geen contact met ex", "vanaf nu", "moeder vraagt wekelijks"},
		{"Moeder", "Samen eten", "dagelijks", "IT bij huisbezoek"}, {"Politie", "Rijdt langs bij melding", "bij elke melding", "terugkoppeling aan IT"}} {
		for j, f := range []string{"wie", "wat", "wanneer", "controle"} {
			ilse.Fill(fmt.Sprintf("#%s-%d", f, i), a[j])
		}
	}
	submit(ilse, "/plan", "safety plan")
	if n := browsertest.Eval[int](ilse, `document.querySelectorAll('form[action*="/afspraken/"]').length`); n != 3 {
		t.Errorf("%d agreements with a status form, want 3", n)
	}

	openAll(ilse)
	set(ilse, "#beraad-datum", day(-25))
	check(ilse, "#familie")
	for i, pp := range [][3]string{{"Moeder", "family", ""}, {"Buurvrouw", "network", ""}, {"Begeleider", "professional", "Novadic-Kentron"}} {
		ilse.Fill(fmt.Sprintf("#naam-%d", i), pp[0])
		set(ilse, fmt.Sprintf("#rol-%d", i), pp[1])
		if pp[2] != "" {
			ilse.Fill(fmt.Sprintf("#organisatie-%d", i), pp[2])
		}
	}
	ilse.Fill("#besluiten", "Moeder spreekt de buurvrouw aan bij zorgen")
	check(ilse, "#afspraak-1")
	submit(ilse, "/beraden", "network meeting")
	openAll(ilse)
	ilse.Fill("#door-1", "moeder")
	for item, v := range map[string]string{"respect": "9", "vertrouwen": "8", "vertrouwen_toekomst": "7"} {
		ilse.Fill("#v-1-"+item, v)
	}
	submit(ilse, "/beraden/1", "the meeting's evaluation form")

	for _, round := range []struct {
		on               string
		safety, progress [2]string
	}{{day(-20), [2]string{"3", "4"}, [2]string{"2", "3"}}, {day(-5), [2]string{"7", "7"}, [2]string{"6", ""}}} {
		set(ilse, "#schaal-datum", round.on)
		for i, r := range [][2]string{{"Chantal", "family"}, {"IT", "professional"}} {
			ilse.Fill(fmt.Sprintf("#beoordelaar-%d", i), r[0])
			set(ilse, fmt.Sprintf("#soort-%d", i), r[1])
			ilse.Fill(fmt.Sprintf("#veiligheid-%d", i), round.safety[i])
			if round.progress[i] != "" {
				ilse.Fill(fmt.Sprintf("#voortgang-%d", i), round.progress[i])
			}
		}
		submit(ilse, "/schaalvragen", "scaling questions of "+round.on)
	}
	// Two rounds of two raters: each rater a line with its own marker.
	if c, r := browsertest.Eval[int](ilse, `document.querySelectorAll("figure svg circle").length`),
		browsertest.Eval[int](ilse, `document.querySelectorAll("figure svg rect").length`); c != 2 || r != 2 {
		t.Errorf("chart marks: %d circles, %d squares; want 2 rounds each", c, r)
	}

	// The registration: the involved care providers ticked from the
	// partner catalogue.
	openAll(ilse)
	set(ilse, "#gemeente", "GM0758")
	for _, name := range []string{"GGZ Breburg", "Maatschappelijk werk"} {
		id := browsertest.Eval[string](ilse, fmt.Sprintf(`[...document.querySelectorAll("#hulpverleners input[type=checkbox]")].find(b => b.labels[0].textContent.trim() === %q)?.id || ""`, name))
		if id == "" {
			t.Fatalf("no box for %s among the care providers", name)
		}
		check(ilse, "#"+id)
	}
	clean(ilse, "the registration form open")
	submit(ilse, "/registratie", "registration")
	if n := browsertest.Eval[int](ilse, `document.querySelectorAll("#hulpverleners input:checked").length`); n != 2 {
		t.Errorf("%d care providers ticked after saving, want 2", n)
	}

	// Monitoring, with the colour at the end and the client evaluation.
	check(ilse, "#kleur-green")
	set(ilse, "#moment", "end")
	set(ilse, "#kleur-datum", day(-2))
	submit(ilse, "/kleurcode", "colour code at the end")
	set(ilse, "#stap", "start_monitor")
	set(ilse, "#fase-datum", day(-2))
	check(ilse, "#veilig")
	submit(ilse, "/fase", "start of monitoring")
	if !strings.Contains(ilse.Text("main"), "Monitorfase eindigt uiterlijk") {
		t.Error("no monitoring due date")
	}
	openAll(ilse)
	set(ilse, "#evaluatie-datum", day(-2))
	ilse.Fill("#ce-informatie", "8")
	ilse.Fill("#ce-eindoordeel", "9")
	submit(ilse, "/clientevaluatie", "client evaluation")

	// Closure after monitoring, by the other of the duo.
	ahmed := s.SignedIn(t, "ahmed")
	ahmed.Goto(path)
	set(ahmed, "#stap", "close")
	set(ahmed, "#fase-datum", day(0))
	check(ahmed, "#blijvend")
	submit(ahmed, "/fase", "closure")
	main := ahmed.Text("main")
	for _, want := range []string{"Afgesloten", "Groen", "Oranje", "Rijdt langs bij melding", "Novadic-Kentron", "Informatievoorziening", "GGZ Breburg, Maatschappelijk werk"} {
		if !strings.Contains(main, want) {
			t.Errorf("the closed case lacks %q", want)
		}
	}
	if ahmed.Has(`form[action$="/kleurcode"]`) {
		t.Error("a closed case still offers its forms")
	}
}
