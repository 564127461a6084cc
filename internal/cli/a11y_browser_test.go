package cli

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/browsertest"
)

// pageVisit is one look at a page in the browser.
type pageVisit struct {
	user   string // demo account; "" for signed out
	path   string // with {report}, {person}, {otherReport}, {otherPerson}
	status int    // the HTTP status the page must have
	// shot names the screenshot (docs/screenshots/<shot>.png) for the
	// README; "" for none.
	shot string
}

// pageVisits are the looks TestBrowserEveryPageIsAccessible takes, per route.
// Every GET route of the web interface must have at least one: a new page
// adds its line here, with the user who works with it.
var pageVisits = map[string][]pageVisit{
	"GET /inloggen": {{"", "/inloggen", 200, "inloggen"}},
	// Not configured here (the sign-in at the provider is tested in
	// internal/web against a provider started in the test).
	"GET /inloggen/organisatie":       {{"", "/inloggen/organisatie", http.StatusNotFound, ""}},
	"GET /inloggen/organisatie/terug": {{"", "/inloggen/organisatie/terug", http.StatusNotFound, ""}},
	"GET /{$}": {{"intake", "/", 200, "startpagina"}, {"analist", "/", http.StatusForbidden, "geen-toegang"},
		// Each role's start page, what only that role does first.
		// (Their screenshots: TestBrowserStartPagesByRole.)
		{"teamleider", "/", 200, ""}, {"monitoring", "/", 200, ""}, {"casemanager", "/", 200, ""}, {"gedragswetenschapper", "/", 200, ""}},
	"GET /meldingen/{id}": {
		{"intake", "/meldingen/{report}", 200, "melding"},
		{"intake", "/meldingen/{otherReport}", http.StatusForbidden, "alleen-signalen-noodtoegang"},
		{"intake", "/meldingen/999999", http.StatusNotFound, ""},
	},
	"GET /personen/{id}": {
		{"intake", "/personen/{person}", 200, "persoon"},
		{"casemanager", "/personen/{otherPerson}", 200, "persoon-alleen-signalen"},
	},
	"GET /personen/{id}/inzage": {{"privacy", "/personen/{otherPerson}/inzage", 200, "inzage-logboek"}},
	"GET /noodtoegang":          {{"teamleider", "/noodtoegang", 200, "noodtoegang-nakijken"}},
	"GET /meldingen/nieuw":      {{"intake", "/meldingen/nieuw", 200, "nieuwe-melding"}},
	"GET /signalen": {
		{"intake", "/signalen", 200, "signalen"},
		{"intake", "/signalen?urgentie=urgent&leeftijd=week", 200, "signalen-gefilterd"},
		{"intake", "/signalen?leeftijd=gisteren", http.StatusBadRequest, ""},
	},
	"GET /signalen/{id}": {
		{"intake", "/signalen/{alert}", 200, "signalering"},
		{"casemanager", "/signalen/{alert}", http.StatusNotFound, ""},
	},
	"GET /triage":                {{"intake", "/triage", 200, "triage"}, {"intake", "/triage?urgent=1&melder=onbekend", http.StatusBadRequest, ""}},
	"GET /radar/beoordelen":      {{"intake", "/radar/beoordelen", 200, "koppelingen-beoordelen"}},
	"GET /radar/beoordelen/{id}": {{"intake", "/radar/beoordelen/{review}", 200, "koppeling-beoordelen"}},
	"GET /zoeken": {
		{"intake", "/zoeken", 200, ""},
		{"intake", "/zoeken?q=Wijnand", 200, "zoeken"},
	},
	"GET /beheer":                {{"beheerder", "/beheer", 200, "beheer"}},
	"GET /beheer/gebruikers":     {{"beheerder", "/beheer/gebruikers", 200, "beheer-gebruikers"}},
	"GET /beheer/teams":          {{"beheerder", "/beheer/teams", 200, ""}},
	"GET /beheer/partners":       {{"beheerder", "/beheer/partners", 200, ""}},
	"GET /beheer/melderssoorten": {{"beheerder", "/beheer/melderssoorten", 200, ""}},
	"GET /beheer/organisatie":    {{"beheerder", "/beheer/organisatie", 200, ""}},
	"GET /beheer/koppelingen":    {{"beheerder", "/beheer/koppelingen", 200, ""}},
	"GET /personen/{id}/geschiedenis": {
		{"intake", "/personen/{person}/geschiedenis", 200, "geschiedenis"},
		{"casemanager", "/personen/{otherPerson}/geschiedenis", 200, ""},
	},
	"GET /dossiers": {{"casemanager", "/dossiers", 200, "dossiers"}},
	"GET /dossiers/{id}": {
		{"casemanager", "/dossiers/{case}", 200, ""},
		{"casemanager", "/dossiers/{case}?deel=veiligheid", 200, ""},
		{"casemanager", "/dossiers/{case}?deel=besluiten", 200, ""},
		{"casemanager", "/dossiers/{case}?deel=alles", 200, "dossier-alles"},
		{"casemanager", "/dossiers/{case}?deel=onbekend", http.StatusBadRequest, ""},
		{"gedragswetenschapper", "/dossiers/{case}", 200, ""},
		{"monitoring", "/dossiers/{case}", http.StatusForbidden, ""},
	},
	"GET /dossiers/{id}/logboek":        {{"privacy", "/dossiers/{case}/logboek", 200, "dossier-logboek"}},
	"GET /bewaartermijnen":              {{"privacy", "/bewaartermijnen", 200, ""}},
	"GET /dossiers/{id}/brieven/{item}": {{"casemanager", "/dossiers/{case}/brieven/{letter}", 200, "afsluitbrief"}},
	"GET /statistiek":                   {{"analist", "/statistiek", 200, "statistiek"}, {"teamleider", "/statistiek?jaar=1990", http.StatusBadRequest, ""}},
	"GET /start":                        {{"beheerder", "/start", 200, ""}, {"privacy", "/start", 200, ""}},
	// The Interventieteam, with the demo's 2013 and 2014.
	"GET /interventieteam":            {{"interventieteam", "/interventieteam", 200, ""}, {"casemanager", "/interventieteam", 200, ""}},
	"GET /interventieteam/statistiek": {{"analist", "/interventieteam/statistiek?jaar=2014&peildatum=2014-12-31", 200, ""}},
	"GET /interventieteam/{id}": {
		{"interventieteam", "/interventieteam/{itcase}", 200, ""},
		{"monitoring", "/interventieteam/{itcase}", 200, ""},
	},
	"GET /interventieteam/{id}/plan/{item}": {{"interventieteam", "/interventieteam/{itcase}/plan/1", 200, ""}},
	// An incident report (MIC): the IT team leader's, with both follow-ups
	// recorded; the other of the duo may not read it.
	"GET /incidentmeldingen/{id}": {{"itteamleider", "/incidentmeldingen/{mic}", 200, ""}, {"interventieteam2", "/incidentmeldingen/{mic}", http.StatusForbidden, ""}},
}

// fragments are GET routes that answer htmx with part of a page; they are
// checked inside the page that loads them.
var fragments = []string{"GET /radar/treffers"}

// downloads are GET routes that serve a file, not a page.
var downloads = []string{"GET /dossiers/{id}/brieven/{item}/pdf", "GET /interventieteam/{id}/plan/{item}/pdf", "GET /interventieteam/statistiek/export.csv", "GET /personen/{id}/inzage/kopie.json", "GET /personen/{id}/inzage/kopie.pdf"}

// notAPage are GET routes that serve no HTML page.
func notAPage(pattern string) bool {
	if contains(downloads, pattern) {
		return true
	}
	for _, prefix := range []string{"GET /static/", "GET /api/", "GET /healthz", "GET /readyz", "GET /metrics", "GET /statistiek/export.csv"} {
		if strings.HasPrefix(pattern, prefix) {
			return true
		}
	}
	return !strings.HasPrefix(pattern, "GET ") || contains(fragments, pattern)
}

// visitsPerTab is how many pages of a user TestBrowserEveryPageIsAccessible
// looks at one after the other in one tab: a user with more pages gets
// more tabs, side by side. A tab costs Chromium a renderer process, so not
// one per page.
const visitsPerTab = 6

// TestBrowserEveryPageIsAccessible opens every page of the web interface in a
// real browser, as the user who works with it, and runs axe-core and the
// keyboard focus walk on it (browsertest.CheckA11y). With
// TOREN_SCREENSHOTS=1 (or in CI) it also writes the README's screenshots.
func TestBrowserEveryPageIsAccessible(t *testing.T) {
	t.Parallel()
	e := newBrowserEnv(t)
	var routes []string
	for _, p := range e.patterns {
		if notAPage(p) {
			continue
		}
		routes = append(routes, p)
		if len(pageVisits[p]) == 0 {
			t.Errorf("page route %q has no entry in pageVisits (a11y_browser_test.go): add one with the user who uses it", p)
		}
	}
	for p := range pageVisits {
		if !contains(e.patterns, p) {
			t.Errorf("pageVisits entry %q is not a route", p)
		}
	}
	sort.Strings(routes)
	// Each user signs in once and looks at their pages in tabs of that
	// browser context (the user's cookies), visitsPerTab pages one after
	// the other in each tab, the tabs side by side. The privacy officer
	// goes last, in one tab: the access logs they look at (and their
	// screenshots) then hold the other users' visits, the same ones on
	// every run.
	byUser := map[string][]pageVisit{}
	var users []string
	for _, route := range routes {
		for _, v := range pageVisits[route] {
			if _, ok := byUser[v.user]; !ok {
				users = append(users, v.user)
			}
			byUser[v.user] = append(byUser[v.user], v)
		}
	}
	name := func(user string) string {
		if user == "" {
			return "signed-out"
		}
		return user
	}
	codes := englishCodes()
	look := func(t *testing.T, tab *browsertest.Page, visits []pageVisit) {
		for _, v := range visits {
			path := e.path(v.path)
			t.Run(path, func(t *testing.T) {
				start := time.Now()
				p := tab.In(t)
				if got := p.Goto(path); got != v.status {
					t.Fatalf("GET %s: status %d, want %d", path, got, v.status)
				}
				browsertest.CheckA11y(t, p)
				checkNoEnglishCodes(t, p, codes)
				if v.shot != "" {
					p.Screenshot(v.shot)
				}
				t.Logf("%s as %s: %v", path, name(v.user), time.Since(start).Round(time.Millisecond))
			})
		}
	}
	visit := func(t *testing.T, user string) {
		var page *browsertest.Page
		if user == "" {
			page = e.page(t)
		} else {
			page = e.signedIn(t, user)
		}
		visits := byUser[user]
		for i := 0; i*visitsPerTab < len(visits); i++ {
			share := visits[i*visitsPerTab : min(len(visits), (i+1)*visitsPerTab)]
			t.Run("tab"+strconv.Itoa(i+1), func(t *testing.T) {
				t.Parallel()
				tab := page
				if i > 0 {
					tab = page.NewTab(t)
				}
				look(t, tab, share)
			})
		}
	}
	t.Run("users", func(t *testing.T) {
		for _, user := range users {
			if user == "privacy" {
				continue
			}
			t.Run(name(user), func(t *testing.T) {
				t.Parallel()
				visit(t, user)
			})
		}
	})
	t.Run("privacy", func(t *testing.T) {
		look(t, e.signedIn(t, "privacy"), byUser["privacy"])
	})
}
