package web_test

import (
	"net/http"
	"strings"
	"testing"

	"toren/internal/apptest"
	"toren/internal/browsertest"
)

// A keyboard user signs in without touching the mouse: the cursor starts
// in the user name field, Tab moves through the form, Enter signs in and
// lands on the start page; there the first Tab reaches the skip link,
// which takes the focus to the main content.
func TestBrowserSignInWithKeyboardOnly(t *testing.T) {
	t.Parallel()
	browsertest.RequireBrowser(t)
	p := startDemo(t).Browser(t).NewPage(t)
	p.Goto("/")
	if got := p.Path(); got != "/inloggen?terug=%2F" {
		t.Fatalf("signed out, / leads to %q, want the sign-in page", got)
	}
	steps := []struct{ typed, wantNext string }{
		{"intake", "input#wachtwoord"},
		{apptest.Password, "input#code"},
		{"", `button.utrecht-button.utrecht-button--primary-action "Inloggen"`},
	}
	if got := p.Focused(); !strings.HasPrefix(got, "input#gebruikersnaam") {
		t.Fatalf("focus on arrival: %q, want the user name field", got)
	}
	for _, s := range steps {
		if s.typed != "" {
			p.Press(s.typed)
		}
		p.Press(browsertest.Tab)
		if got := p.Focused(); !strings.HasPrefix(got, s.wantNext) {
			t.Fatalf("after Tab: focus on %q, want %q", got, s.wantNext)
		}
	}
	if status := p.PressAndWait(browsertest.Enter); status != http.StatusOK || p.Path() != "/" {
		t.Fatalf("Enter on Inloggen: status %d, on %s; want the start page", status, p.Path())
	}
	if got := p.Text("h1"); got != "Startpagina" {
		t.Errorf("heading %q", got)
	}

	p.Press(browsertest.Tab)
	if got := p.Focused(); !strings.Contains(got, "Naar de hoofdinhoud") {
		t.Fatalf("first Tab on the start page reaches %q, want the skip link", got)
	}
	if !browsertest.Eval[bool](p, `(() => { const r = document.activeElement.getBoundingClientRect(); return r.width > 1 && r.height > 1 && r.top >= 0; })()`) {
		t.Error("the focused skip link is not visible")
	}
	p.Press(browsertest.Enter)
	if got := p.Focused(); !strings.HasPrefix(got, "main#inhoud") {
		t.Errorf("skip link leads the focus to %q, want main#inhoud", got)
	}
	p.Press(browsertest.Tab)
	if got := p.Focused(); strings.Contains(got, "nav") || strings.Contains(got, "Startpagina") || strings.Contains(got, "Uitloggen") {
		t.Errorf("after the skip link, Tab goes back to the page frame: %q", got)
	}
}

// A wrong password shows the Dutch message next to the password field,
// tied to it for screen readers, with the focus there to type it again.
func TestBrowserWrongPassword(t *testing.T) {
	t.Parallel()
	browsertest.RequireBrowser(t)
	p := startDemo(t).Browser(t).NewPage(t)
	p.Goto("/inloggen")
	p.Fill("#gebruikersnaam", "intake")
	p.Fill("#wachtwoord", "niet-het-wachtwoord")
	if status := p.ClickAndWait(`form[action="/inloggen"] button[type="submit"]`); status != http.StatusUnauthorized {
		t.Fatalf("wrong password: status %d, want 401", status)
	}
	if got := p.Text("#wachtwoord-fout"); got != "Gebruikersnaam of wachtwoord onjuist." {
		t.Errorf("error message %q", got)
	}
	type field struct {
		SameField   bool   `json:"sameField"`
		DescribedBy string `json:"describedBy"`
		Invalid     string `json:"invalid"`
		Username    string `json:"username"`
		Password    string `json:"password"`
	}
	got := browsertest.Eval[field](p, `(() => {
		const pw = document.getElementById("wachtwoord");
		return {
			sameField: document.getElementById("wachtwoord-fout").closest(".utrecht-form-field").contains(pw),
			describedBy: pw.getAttribute("aria-describedby") || "",
			invalid: pw.getAttribute("aria-invalid") || "",
			username: document.getElementById("gebruikersnaam").value,
			password: pw.value,
		};
	})()`)
	want := field{SameField: true, DescribedBy: "wachtwoord-fout", Invalid: "true", Username: "intake"}
	if got != want {
		t.Errorf("password field after the error = %+v, want %+v", got, want)
	}
	if f := p.Focused(); !strings.HasPrefix(f, "input#wachtwoord") {
		t.Errorf("focus after the error on %q, want the password field", f)
	}
	browsertest.CheckA11y(t, p)
	p.Screenshot("inloggen-fout")
}
