package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"toren/internal/apptest"
	"toren/internal/auth"
	"toren/internal/browsertest"
	"toren/internal/config"
)

// With an idle limit of half a minute (30 minutes in production), the
// layout warns half-way in an accessible dialog whose button keeps the
// session alive on the server; left alone, the dialog then says the
// session has ended, and the server agrees.
func TestBrowserSessionTimeoutWarning(t *testing.T) {
	t.Parallel()
	// Between the warning and the end the test runs axe-core and takes a
	// screenshot; on a busy machine, with other tests beside it, that took
	// more than the 4 seconds an idle limit of 8 seconds left.
	const idle = 30 * time.Second
	e := newBrowserEnv(t, apptest.Configure(func(c *config.Config) {
		c.Session = auth.SessionPolicy{Idle: idle, Absolute: time.Hour}
	}))
	p := e.signedIn(t, "intake")
	lastSeen := func() time.Time {
		t.Helper()
		s, err := e.app.Store().GetSession(context.Background(), auth.SessionKey(p.Cookie("toren")))
		if err != nil {
			t.Fatalf("session: %v", err)
		}
		return s.LastSeenAt
	}

	p.WaitVisible("#sessie")
	if got := p.Text("#sessie-titel"); got != "U wordt bijna uitgelogd" {
		t.Errorf("dialog title %q", got)
	}
	if got := p.Focused(); !strings.Contains(got, "Ingelogd blijven") {
		t.Fatalf("focus in the warning on %q, want the button", got)
	}
	before := lastSeen()
	for _, v := range p.Axe() {
		if v.Blocking() {
			t.Errorf("accessibility of the warning: %s", v)
		}
	}
	p.Screenshot("sessie-waarschuwing") // takes the focus away
	p.Focus(`#sessie [data-action="stay"]`)
	p.Press(browsertest.Enter)
	p.WaitHidden("#sessie")
	if after := lastSeen(); !after.After(before) {
		t.Errorf("Ingelogd blijven did not record activity: last seen %v, before %v", after, before)
	}

	// Left alone now: the warning comes back, then the end (each within
	// half the idle limit, so within a page action's time-out).
	p.WaitVisible("#sessie")
	p.WaitVisible(`#sessie [data-state="expired"]`)
	if got := p.Focused(); !strings.Contains(got, "Opnieuw inloggen") {
		t.Errorf("focus when the session ended on %q, want the sign-in link", got)
	}
	if href := browsertest.Eval[string](p, `document.querySelector('[data-action="signin"]').getAttribute("href")`); href != "/inloggen?terug=%2F" {
		t.Errorf("sign-in link %q, want back to this page", href)
	}
	p.Goto("/")
	if got := p.Path(); !strings.HasPrefix(got, "/inloggen") {
		t.Errorf("after the dialog said the session ended, / still opens (%s)", got)
	}
}
