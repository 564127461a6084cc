package web_test

import (
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/apptest"
	"toren/internal/authz"
	"toren/internal/browsertest"
	"toren/internal/toren"
)

// itTeam starts the app with an Interventieteam: its team leader, the two
// workers of the duo, and a case manager and a monitoring worker of other
// teams.
func itTeam(t testing.TB, opts ...apptest.Option) *apptest.Server {
	t.Helper()
	a := apptest.New(t, opts...)
	apptest.User(t, a, "itleider", "Tim Leider", []authz.Role{authz.RoleTeamLeader}, "Interventieteam")
	apptest.User(t, a, "ilse", "Ilse Smit", []authz.Role{authz.RoleInterventionTeam}, "Interventieteam")
	apptest.User(t, a, "ahmed", "Ahmed Bakr", []authz.Role{authz.RoleInterventionTeam}, "Interventieteam")
	apptest.User(t, a, "cas", "Cas Jansen", []authz.Role{authz.RoleCaseManager}, "Backoffice")
	apptest.User(t, a, "mo", "Mo Bakker", []authz.Role{authz.RoleMonitoring}, "Team Monitoring")
	apptest.User(t, a, "analist", "Anouk Bos", []authz.Role{authz.RoleAnalyst})
	// The involved care providers are chosen from the partner catalogue.
	apptest.Partner(t, a, "Maatschappelijk werk")
	apptest.Partner(t, a, "GGZ Breburg")
	return apptest.Serve(t, a)
}

func day(offset int) string { return toren.DateOf(time.Now()).AddDays(offset).String() }

// itRefer has the case manager cas refer the Verbeek family, admitted, on
// day on, and returns the IT case's page path.
func itRefer(t *testing.T, s *apptest.Server, on string) string {
	t.Helper()
	status, body, loc := s.SignIn(t, "cas").Post("/interventieteam", neturl.Values{"gezin": {"Familie Verbeek"}, "aangemeld": {on}, "toelating": {"ja"},
		"c_dreigend_gevaar": {"orange"}, "c_geweld_per_maand": {"3"}, "c_kans_herhaling": {"75"}, "c_veiligheidsschaal": {"3"},
		"c_leefgebieden": {"huisvesting", "werk_inkomen", "gezondheid", "veiligheid", "opvoeding"}, "c_geen_vooruitgang": {"2"},
		"s_geen_vooruitgang": {"gesloten_deur"}, "c_hulpverlening": {"onvoldoende_progressie"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/interventieteam/") {
		t.Fatalf("referral: %d %s\n%s", status, loc, body)
	}
	return loc
}

// itWalk takes one case from the referral to closure through the forms,
// as the team would, and returns its page path.
func itWalk(t *testing.T, s *apptest.Server) string {
	t.Helper()
	path := itRefer(t, s, day(-60))
	lead, ilse := s.SignIn(t, "itleider"), s.SignIn(t, "ilse")
	ids := map[string]string{}
	for _, u := range []string{"ilse", "ahmed"} {
		usr, err := s.Store().GetUserByUsername(t.Context(), u)
		if err != nil {
			t.Fatal(err)
		}
		ids[u] = strconv.FormatInt(usr.ID, 10)
	}
	post := func(c *apptest.Client, what string, form neturl.Values) {
		t.Helper()
		if status, body, _ := c.Post(path+"/"+what, form); status != http.StatusSeeOther {
			t.Fatalf("%s: %d\n%s", what, status, body)
		}
	}
	post(lead, "duo", neturl.Values{"medewerker1": {ids["ilse"]}, "medewerker2": {ids["ahmed"]}})
	post(ilse, "kleurcode", neturl.Values{"kleur": {"orange"}, "moment": {"start"}, "datum": {day(-60)}})
	post(ilse, "fase", neturl.Values{"stap": {"start_intensive"}, "datum": {day(-60)}})
	post(ilse, "plan", neturl.Values{"zorgen": {"Ex-vriend valt haar lastig"}, "goed": {"Ouders houden de deur open"}, "doelen": {"Los van hem, afkicken"},
		"bodemeisen": {"Geen geweld"}, "wie": {"Chantal", "Moeder", "Politie"}, "wat": {"Geen contact met ex", "Samen eten", "Rijdt langs bij melding"},
		"wanneer": {"vanaf nu", "dagelijks", "bij elke melding"}, "controle": {"moeder vraagt wekelijks", "IT bij huisbezoek", "terugkoppeling aan IT"}})
	post(ilse, "beraden", neturl.Values{"datum": {day(-55)}, "familie": {"ja"}, "naam": {"Moeder", "Vader", "Begeleider NK"},
		"rol": {"family", "family", "professional"}, "organisatie": {"", "", "Novadic-Kentron"}, "besluiten": {"Opname bespreken"}, "afspraken": {"1", "2"}})
	post(ilse, "beraden/1", neturl.Values{"door": {"moeder"}, "v_respect": {"9"}, "v_vertrouwen": {"8"}, "v_vertrouwen_toekomst": {"7"}})
	post(ilse, "schaalvragen", neturl.Values{"datum": {day(-50)}, "beoordelaar": {"Chantal", "Moeder", "IT"}, "soort": {"family", "family", "professional"},
		"veiligheid": {"3", "2", "3"}, "voortgang": {"2", "", "3"}})
	post(ilse, "schaalvragen", neturl.Values{"datum": {day(-10)}, "beoordelaar": {"Chantal", "Moeder", "IT"}, "soort": {"family", "family", "professional"},
		"veiligheid": {"7", "6", "7"}, "voortgang": {"7", "6", ""}})
	post(ilse, "afspraken/1", neturl.Values{"datum": {day(-10)}, "status": {"kept"}})
	post(ilse, "kleurcode", neturl.Values{"kleur": {"green"}, "moment": {"end"}, "datum": {day(-5)}})
	post(ilse, "fase", neturl.Values{"stap": {"start_monitor"}, "datum": {day(-5)}, "veilig": {"ja"}})
	post(ilse, "clientevaluatie", neturl.Values{"datum": {day(-5)}, "v_informatie": {"8"}, "v_eindoordeel": {"9"}})
	// Escalation to CCB needs all three; with two nothing is recorded.
	if status, body, _ := ilse.Post(path+"/ccb", neturl.Values{"risico": {"Dreigt met doding na vrijlating"}, "datum": {day(-40)},
		"medewerker": {ids["ilse"]}, "teamleider": {"Tim Leider"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "alle drie zijn nodig") {
		t.Errorf("CCB with two deciders: %d", status)
	}
	post(ilse, "ccb", neturl.Values{"risico": {"Dreigt met doding na vrijlating"}, "datum": {day(-40)},
		"medewerker": {ids["ilse"]}, "teamleider": {"Tim Leider"}, "voorzitter": {"Mr. De Vries"}})
	post(ilse, "ccb/uitkomst", neturl.Values{"stelsel": {"ja"}, "datum": {day(-38)}, "actie": {"Alarmknop"}, "eigenaar": {"Politie"}, "actiedatum": {day(-37)}})
	post(ilse, "registratie", neturl.Values{"gemeente": {"GM0758"}, "kinderen": {"nee"}, "type": {"ex_partner"}, "aard": {"threats"},
		"probleem": {"verslaving"}, "plegers_man": {"2"}, "plegers_vrouw": {"0"}, "slachtoffers_vrouw": {"1"}, "slachtoffers_x": {"1"},
		"hulpverleners": {"Maatschappelijk werk", "GGZ Breburg"}})
	return path
}

func TestITCaseFromReferralToClosure(t *testing.T) {
	t.Parallel()
	s := itTeam(t)
	path := itWalk(t, s)
	ilse := s.SignIn(t, "ilse")

	// Bad input: the page again, 422, the field and the rule in Dutch,
	// and nothing stored.
	for _, tt := range []struct {
		what string
		form neturl.Values
		want string
	}{
		{"schaalvragen", neturl.Values{"datum": {day(0)}, "beoordelaar": {"Moeder"}, "soort": {"family"}, "veiligheid": {"11"}}, "Beoordelaar 1, veiligheid: Een schaalscore ligt tussen 0 en 10."},
		{"schaalvragen", neturl.Values{"datum": {day(0)}, "beoordelaar": {"Moeder"}, "soort": {"family"}, "veiligheid": {"zes"}}, "Beoordelaar 1, veiligheid: Vul een heel getal in."},
		{"schaalvragen", neturl.Values{"datum": {day(1)}, "beoordelaar": {"Moeder", "IT"}, "soort": {"family", "professional"}, "veiligheid": {"5", "6"}},
			"Datum van de ronde: Vul een datum in die niet in de toekomst ligt."},
		{"plan", neturl.Values{"zorgen": {"x"}, "wat": {"Geen contact"}}, "Afspraak 4, wie: Vul in wie de afspraak nakomt."},
		{"fase", neturl.Values{"stap": {"start_intensive"}, "datum": {day(0)}}, "Fase: Deze stap kan niet vanuit de status die de casus nu heeft"},
		{"fase", neturl.Values{"stap": {"end_early"}, "datum": {day(1)}, "einde": {"moved"}}, "Datum van de overgang: De datum ligt niet in de toekomst."},
		{"kleurcode", neturl.Values{"kleur": {"paars"}, "moment": {"change"}, "datum": {day(0)}}, "Kleurcode: Kies rood, oranje, geel of groen."},
		{"kleurcode", neturl.Values{"kleur": {"green"}, "moment": {"change"}, "datum": {"31-12-2024"}}, "Datum van de kleurcode: Vul een datum in als jjjj-mm-dd."},
		{"afspraken/9", neturl.Values{"datum": {day(0)}, "status": {"kept"}}, "Afspraak: Deze afspraak staat niet in het veiligheidsplan."},
		{"beraden", neturl.Values{"datum": {day(0)}, "naam": {"Wijkagent"}, "rol": {"professional"}}, "Deelnemer 1, organisatie: Vul de organisatie van de professional in."},
		{"beraden/1", neturl.Values{"v_respect": {"0"}}, "Met respect behandeld: Een cijfer ligt tussen 1 en 10."},
		{"clientevaluatie", neturl.Values{"datum": {day(2)}, "v_informatie": {"8"}}, "Datum van de evaluatie: Vul een datum in die niet in de toekomst ligt."},
		{"ccb", neturl.Values{"risico": {"Dreigt"}, "datum": {day(0)}}, "Wie besloten: Wie het besluit vastlegt, is een van de drie die besloten."},
		{"ccb/uitkomst", neturl.Values{"datum": {day(0)}, "actie": {"Alarmknop"}}, "Veiligheidsactie 1, wie: Vul in wie de actie uitvoert."},
		{"mic", neturl.Values{"datum": {day(-1)}, "betrokken": {"Vader"}}, "Wat is er gebeurd: Beschrijf wat er gebeurde."},
		{"registratie", neturl.Values{"hulpverleners": {"Maatschappelijk werk", "Zorgboerderij De Vlinder"}}, "Betrokken hulpverlener Zorgboerderij De Vlinder: Staat niet in de lijst van partners."},
		{"registratie", neturl.Values{"gemeente": {"GM1674"}, "plegers_man": {"-1"}}, "Plegers, man: Vul een aantal in van 0 tot en met 20."},
		{"registratie", neturl.Values{"gemeente": {"GM1674"}, "slachtoffers_vrouw": {"twee"}}, "Slachtoffers, vrouw: Vul een aantal in van 0 tot en met 20."},
		{"registratie", neturl.Values{"gemeente": {"GM1674"}, "slachtoffers_x": {"21"}}, "Slachtoffers, X: Vul een aantal in van 0 tot en met 20."},
	} {
		status, body, _ := ilse.Post(path+"/"+tt.what, tt.form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, tt.want) || !strings.Contains(body, `id="fouten"`) {
			t.Errorf("%s: %d, want 422 with %q", tt.what, status, tt.want)
		}
		// The list of errors is Dutch only: no field code ("scores.respect",
		// "agreements.0.owner") nor the API's English message beside it,
		// nor the generic words of a rule the catalogue lacks.
		if i := strings.Index(body, `id="fouten"`); i >= 0 {
			list := body[i:]
			list = list[:strings.Index(list, "</ul>")]
			if strings.Contains(list, "<strong>") || strings.Contains(list, " must ") || strings.Contains(list, " needs ") ||
				strings.Contains(list, "De invoer klopt niet.") || strings.Contains(list, "[it.") {
				t.Errorf("%s: the error list shows codes, English or no words: %s", tt.what, list)
			}
		}
	}

	// The referral form names a refused answer by its criterion.
	cas := s.SignIn(t, "cas")
	for _, tt := range []struct {
		form neturl.Values
		want []string
	}{
		{neturl.Values{"gezin": {"Familie Jansen"}, "aangemeld": {day(0)}, "toelating": {"nee"}, "c_veiligheidsschaal": {"elf"}},
			[]string{"Veiligheid betrokkenen komt in het geding (veiligheidsschaal 0-10): Vul een getal in."}},
		{neturl.Values{"gezin": {" "}, "aangemeld": {day(0)}, "toelating": {"nee"}, "c_veiligheidsschaal": {"11"}},
			[]string{"Gezin: Vul de naam van het gezin in.", "Veiligheid betrokkenen komt in het geding (veiligheidsschaal 0-10): Vul een getal van 0 tot en met 10 in."}},
	} {
		status, body, _ := cas.Post("/interventieteam", tt.form)
		for _, w := range tt.want {
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, w) {
				t.Errorf("referral %v: %d, want 422 with %q", tt.form, status, w)
			}
		}
	}

	status, page := ilse.Get(path)
	// The sexes as saved (two perpetrators, both men; two victims), and
	// the refused counts changed nothing (the municipality neither).
	for _, want := range []string{`Plegers</dt><dd class="utrecht-data-list__item-value">Man 2</dd>`,
		`Slachtoffers</dt><dd class="utrecht-data-list__item-value">Vrouw 1, X 1</dd>`, `name="gemeente" value="GM0758"`} {
		if !strings.Contains(page, want) {
			t.Errorf("case page lacks %s", want)
		}
	}
	for _, want := range []string{"Monitorfase eindigt uiterlijk", "Oranje</strong> (onmiddellijk risico binnen 2 maanden)", "Groen</strong>",
		"Rijdt langs bij melding", "Nagekomen", "CCB-protocol toegepast", "Stelsel bewaken en beveiligen: ja", "Alarmknop: Politie", "Veiligheid per beoordelaar over de tijd", "Novadic-Kentron", "versie 2", "Ex-partnergeweld"} {
		if !strings.Contains(page, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	// The involved care providers are boxes of the catalogue's partners,
	// the case's own ticked. The form saves the whole registration, so it
	// shows what the case has: saved unchanged, nothing is lost.
	for _, want := range []string{`name="hulpverleners" value="GGZ Breburg" checked>`, `name="hulpverleners" value="Maatschappelijk werk" checked>`,
		`name="aard" value="threats" checked>`, `name="probleem" value="verslaving" checked>`, `<option value="nee" selected>`,
		`name="plegers_man" value="2">`, `name="plegers_vrouw" value="0">`, `name="plegers_x" value="0">`,
		`name="slachtoffers_man" value="0">`, `name="slachtoffers_vrouw" value="1">`, `name="slachtoffers_x" value="1">`} {
		if !strings.Contains(page, want) {
			t.Errorf("registration form lacks %s", want)
		}
	}
	if strings.Contains(page, "Zorgboerderij De Vlinder") || strings.Contains(page, `<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="hulpverleners"`) {
		t.Error("the refused provider or a typed list of providers on the page")
	}
	if status != http.StatusOK || strings.Count(page, "<circle") != 2 || strings.Count(page, "<rect") != 2 {
		t.Errorf("case page %d: chart marks circle %d rect %d, want 2 each (two rounds)", status, strings.Count(page, "<circle"), strings.Count(page, "<rect"))
	}
	if _, old := ilse.Get(path + "/plan/1"); !strings.Contains(old, "eerdere versie") || strings.Contains(old, "Nagekomen</td>") {
		t.Error("plan version 1 is not shown as it was")
	}
	// Other teams: that the family is known to the IT, and whom to ask.
	for _, u := range []string{"cas", "mo"} {
		status, page := s.SignIn(t, u).Get(path)
		if status != http.StatusOK || !strings.Contains(page, "bekend bij het Interventieteam") || !strings.Contains(page, "Ilse Smit") ||
			strings.Contains(page, "Ex-vriend") || strings.Contains(page, "Checklist bij aanmelding") {
			t.Errorf("%s sees more than the signal (status %d)", u, status)
		}
		if status, _, _ := s.SignIn(t, u).Post(path+"/kleurcode", neturl.Values{"kleur": {"red"}, "moment": {"change"}, "datum": {day(0)}}); status != http.StatusForbidden {
			t.Errorf("%s changes the colour code: %d", u, status)
		}
	}
	if status, _ := s.SignIn(t, "analist").Get(path); status != http.StatusForbidden && status != http.StatusUnauthorized {
		t.Errorf("analyst on an IT case: %d", status)
	}

	status, body, _ := s.SignIn(t, "ahmed").Post(path+"/fase", neturl.Values{"stap": {"close"}, "datum": {day(0)}, "blijvend": {"ja"}})
	if status != http.StatusSeeOther {
		t.Fatalf("closure by the other of the duo: %d\n%s", status, body)
	}
	if _, page := ilse.Get(path); !strings.Contains(page, "Afgesloten") || strings.Contains(page, `action="`+path+`/kleurcode"`) {
		t.Error("a closed case still offers its forms")
	}
	year := strconv.Itoa(time.Now().Year())
	status, stats := s.SignIn(t, "itleider").Get("/interventieteam/statistiek?jaar=" + year + "&peildatum=" + day(0))
	if status != http.StatusOK || !strings.Contains(stats, "Tabel 1") || !strings.Contains(stats, "Maatschappelijk werk") {
		t.Errorf("statistics page: %d", status)
	}
}

// The Interventieteam's pages pass axe-core: the list with the referral
// form, a case with everything filled in, an earlier plan version, the
// signal page another team sees, and the year's tables.
func TestBrowserITPagesAreAccessible(t *testing.T) {
	t.Parallel()
	browsertest.RequireBrowser(t)
	s := itTeam(t)
	path := itWalk(t, s)
	if status, _, loc := s.SignIn(t, "ilse").Post(path+"/mic", neturl.Values{"datum": {day(-1)}, "wat": {"Dreigende taal aan de deur"},
		"betrokken": {"Vader"}, "schade": {"mental"}}); status != http.StatusSeeOther || loc != path {
		t.Fatalf("incident report: %d", status)
	}
	for _, tt := range []struct{ user, path, shot string }{
		{"itleider", "/incidentmeldingen/1", "interventieteam-incidentmelding"},
		{"itleider", "/", ""},
		{"ilse", "/interventieteam", "interventieteam"},
		{"ilse", path, "interventieteam-casus"},
		{"ilse", path + "/plan/1", ""},
		{"cas", "/interventieteam", ""},
		{"mo", path, "interventieteam-alleen-signaal"},
		{"itleider", "/interventieteam/statistiek?jaar=" + strconv.Itoa(time.Now().Year()) + "&peildatum=" + day(0), "interventieteam-jaarcijfers"},
	} {
		// The pages only read: each in a tab of its own, side by side.
		t.Run(tt.user+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			p := s.SignedIn(t, tt.user)
			if status := p.Goto(tt.path); status != http.StatusOK {
				t.Fatalf("%s as %s: %d", tt.path, tt.user, status)
			}
			for _, v := range p.Axe() {
				if v.Blocking() {
					t.Errorf("%s as %s: %s", tt.path, tt.user, v)
				}
			}
			for _, f := range p.FocusProblems() {
				t.Errorf("%s as %s: focus: %s", tt.path, tt.user, f)
			}
			if tt.shot != "" {
				p.Screenshot(tt.shot)
			}
		})
	}
}

// A worker sets the sexes of the registration by keyboard: opens the
// form, types the number of persons per sex and submits with Enter. The
// open form passes axe (the closed one hides its controls from it), and
// the case page shows the counts saved.
func TestBrowserITRegistrationSexesByKeyboard(t *testing.T) {
	t.Parallel()
	browsertest.RequireBrowser(t)
	s := itTeam(t)
	path := itWalk(t, s)
	p := s.SignedIn(t, "ilse")
	if status := p.Goto(path); status != http.StatusOK {
		t.Fatalf("case page: %d", status)
	}
	p.Focus(`details:has(form[action$="/registratie"]) > summary`)
	p.Press(browsertest.Enter)
	p.WaitVisible("#plegers-vrouw")
	for _, v := range p.Axe() {
		if v.Blocking() {
			t.Errorf("open registration form: %s", v)
		}
	}
	p.Fill("#plegers-vrouw", "1")
	p.Fill("#slachtoffers-man", "3")
	p.Fill("#slachtoffers-x", "0")
	if status := p.PressAndWait(browsertest.Enter); status != http.StatusOK {
		t.Fatalf("saving the registration: %d", status)
	}
	got := p.Text("#registratie-kop + dl")
	for _, want := range []string{"Plegers\nMan 2, Vrouw 1", "Slachtoffers\nMan 3, Vrouw 1"} {
		if !strings.Contains(got, want) {
			t.Errorf("registration after saving lacks %q:\n%s", want, got)
		}
	}
}
