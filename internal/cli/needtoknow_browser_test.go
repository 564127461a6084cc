package cli

import (
	"net/http"
	"strings"
	"testing"

	"toren/internal/browsertest"
)

// In the browser, a worker of another team who opens a report or person of
// Team Zuid's case sees that a signal exists and whom to ask, never the
// content; an intake worker is offered the break-glass form, whose reason
// is checked at the field.
func TestBrowserNeedToKnow(t *testing.T) {
	t.Parallel()
	e := newBrowserEnv(t)
	secret := []string{"Anderteam", "Ruzie met letsel", "Zuidweg", "Noor"}
	noSecrets := func(t *testing.T, p *browsertest.Page) {
		t.Helper()
		body := p.Text("main")
		for _, s := range secret {
			if strings.Contains(body, s) {
				t.Errorf("%s shows %q to a worker outside the team:\n%s", p.Path(), s, body)
			}
		}
	}

	cm := e.signedIn(t, "casemanager")
	if status := cm.Goto(e.path("/meldingen/{otherReport}")); status != http.StatusForbidden {
		t.Errorf("case manager opens another team's report: status %d, want 403", status)
	}
	if got := cm.Text("h1"); got != "Alleen signalen" {
		t.Errorf("heading %q", got)
	}
	if !strings.Contains(cm.Text("main"), "Team Zuid") {
		t.Error("the signal-only page does not say whom to ask")
	}
	if cm.Has("#reden") {
		t.Error("a case manager is offered break-glass access")
	}
	noSecrets(t, cm)
	browsertest.CheckA11y(t, cm)

	if status := cm.Goto(e.path("/personen/{otherPerson}")); status != http.StatusOK {
		t.Errorf("case manager opens another team's person: status %d", status)
	}
	if main := cm.Text("main"); !strings.Contains(main, "Er zijn eerdere signalen") || !strings.Contains(main, "Team Zuid") {
		t.Errorf("person page without the signal notice:\n%s", main)
	}
	// The name heads the page (the person exists); the content does not.
	secret = []string{"Ruzie met letsel", "Zuidweg", "M-2026"}
	noSecrets(t, cm)

	// A Backoffice case file, opened by Team Monitoring: that it exists and
	// whom to ask, none of its content.
	mon := e.signedIn(t, "monitoring")
	if status := mon.Goto(e.path("/dossiers/{case}")); status != http.StatusForbidden {
		t.Errorf("monitoring opens another team's case file: status %d, want 403", status)
	}
	if got := mon.Text("h1"); got != "Alleen signalen" || !strings.Contains(mon.Text("main"), "Backoffice") {
		t.Errorf("case file of another team: heading %q:\n%s", got, mon.Text("main"))
	}
	secret = []string{"Naomi", "Brouwer", "verslaving", "Veiligheidsafspraken", "Contacten"}
	noSecrets(t, mon)
	browsertest.CheckA11y(t, mon)

	// The intake worker may break the glass; too short a reason is refused
	// at the field. The browser itself already refuses it (minlength), so
	// the test switches that off to see the server's answer.
	in := e.signedIn(t, "intake")
	if status := in.Goto(e.path("/meldingen/{otherReport}")); status != http.StatusForbidden {
		t.Fatalf("intake opens another team's report: status %d", status)
	}
	in.Fill("#reden", "spoed")
	browsertest.Eval[bool](in, `document.querySelector("#reden").form.noValidate = true`)
	if status := in.ClickAndWait(`form[action$="/noodtoegang"] button[type="submit"]`); status != http.StatusUnprocessableEntity {
		t.Fatalf("too short a reason: status %d, want 422", status)
	}
	if got := in.Text("#reden-fout"); !strings.Contains(got, "minstens 20 tekens") {
		t.Errorf("reason error %q", got)
	}
	if f := in.Focused(); !strings.HasPrefix(f, "textarea#reden") {
		t.Errorf("focus after the error on %q, want the reason", f)
	}
	browsertest.CheckA11y(t, in)
}
