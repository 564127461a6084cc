package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// site serves small pages for checking the harness itself.
func site(t *testing.T) *httptest.Server {
	t.Helper()
	pages := map[string]string{
		// Clean: labelled field, a heading, a landmark, a visible focus style.
		"/goed": `<main><h1>Goed</h1><form action="/verstuurd" method="get">
			<label for="naam">Naam</label> <input id="naam" name="naam">
			<button type="submit">Versturen</button></form></main>`,
		// An unlabelled field (critical) and a button whose focus ring is removed.
		"/fout": `<main><h1>Fout</h1><input id="zonder-label">
			<button id="geen-ring">Knop</button></main>`,
		"/verstuurd": `<main><h1>Verstuurd</h1><p id="uitkomst">ontvangen</p></main>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if r.URL.Path == "/verstuurd" {
			body = strings.Replace(body, "ontvangen", "ontvangen: "+r.URL.Query().Get("naam"), 1)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="nl"><head><title>Test</title><style>
			:focus-visible { outline: 3px solid black; } #geen-ring:focus-visible { outline: none; }
			</style></head><body>%s</body></html>`, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestBrowserHarnessFindsViolationsAndFocusProblems(t *testing.T) {
	t.Parallel()
	srv := site(t)
	p := Start(t, srv.URL).NewPage(t)

	if got := p.Goto("/goed"); got != 200 {
		t.Fatalf("status %d", got)
	}
	for _, v := range p.Axe() {
		if v.Blocking() {
			t.Errorf("clean page: %s", v)
		}
	}
	if got := p.FocusProblems(); len(got) != 0 {
		t.Errorf("clean page focus problems: %q", got)
	}

	p.Goto("/fout")
	var rules []string
	for _, v := range p.Axe() {
		if v.Blocking() {
			rules = append(rules, v.Rule)
			if len(v.Nodes) == 0 || v.Help == "" || v.HelpURL == "" {
				t.Errorf("violation without elements or help: %+v", v)
			}
		}
	}
	if !strings.Contains(strings.Join(rules, " "), "label") {
		t.Errorf("unlabelled field not found; blocking rules %q", rules)
	}
	got := p.FocusProblems()
	if len(got) != 1 || !strings.Contains(got[0], "#geen-ring") {
		t.Errorf("focus problems = %q, want one for #geen-ring", got)
	}
}

func TestBrowserHarnessKeyboardAndForms(t *testing.T) {
	t.Parallel()
	srv := site(t)
	p := Shared(t, srv.URL).NewPage(t)
	p.Goto("/goed")
	p.Press(Tab)
	if got := p.Focused(); !strings.HasPrefix(got, "input#naam") {
		t.Fatalf("first tab stop %q, want the field", got)
	}
	p.Press("Ada")
	p.Press(Tab)
	if got := p.PressAndWait(Enter); got != 200 {
		t.Fatalf("submit with Enter: status %d", got)
	}
	if got := p.Path(); got != "/verstuurd?naam=Ada" {
		t.Errorf("path after submit %q", got)
	}
	if got := p.Text("#uitkomst"); got != "ontvangen: Ada" {
		t.Errorf("text %q", got)
	}
	if p.Has("#naam") || !p.Has("#uitkomst") {
		t.Error("Has does not match the page")
	}
	if got := p.Goto("/bestaat-niet"); got != http.StatusNotFound {
		t.Errorf("missing page: status %d", got)
	}
}

func TestConsoleProblems(t *testing.T) {
	tests := []struct {
		m    chromedp.ConsoleMessage
		want string
	}{
		{chromedp.ConsoleMessage{Type: chromedp.ConsoleException, Text: "TypeError: x is undefined", URL: "/static/a.js"}, "uncaught exception"},
		{chromedp.ConsoleMessage{Type: chromedp.ConsoleError, Source: "security", Text: "Refused to execute inline script because it violates the following Content Security Policy directive"}, "CSP violation"},
		{chromedp.ConsoleMessage{Type: chromedp.ConsoleError, Text: "session.js: bad answer"}, "console.error"},
		{chromedp.ConsoleMessage{Type: chromedp.ConsoleError, Source: "network", Text: "Failed to load resource: the server responded with a status of 404"}, ""},
		{chromedp.ConsoleMessage{Type: chromedp.ConsoleLog, Text: "hello"}, ""},
	}
	for _, tt := range tests {
		got := consoleProblem(tt.m)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("consoleProblem(%+v) = %q, want containing %q", tt.m, got, tt.want)
		}
	}
}

func TestFindBrowserPrefersTheEnvironment(t *testing.T) {
	t.Setenv("TOREN_CHROMIUM", "/opt/elders/chrome")
	if got := FindBrowser(); got != "/opt/elders/chrome" {
		t.Errorf("FindBrowser() = %q", got)
	}
}

func TestMain(m *testing.M) { Main(m) }
