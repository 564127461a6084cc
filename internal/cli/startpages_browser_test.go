package cli

import (
	"strings"
	"testing"

	"toren/internal/browsertest"
)

// Each role's start page opens with what only that role does, on the
// first screen: the team leader's review of emergency access (the
// fixture's night-time grant of the intake worker), the behavioural
// scientist's second pair of eyes, Team Monitoring's handovers, intake's
// triage queue, the case manager's terms. Signals follow.
func TestBrowserStartPagesByRole(t *testing.T) {
	t.Parallel()
	e := newBrowserEnv(t)
	for _, c := range []struct{ user, first, shows, shot string }{
		{"teamleider", "noodtoegang", "Iris de Wit", "startpagina-teamleider"},
		{"gedragswetenschapper", "tweede-paar-ogen", "", ""}, // shot in the Lisanne story, with the proposal just made
		{"monitoring", "overdrachten", "", "startpagina-teammonitoring"},
		{"intake", "triage", "", ""}, // "startpagina", in the every-page walk
		{"casemanager", "termijnen", "", "startpagina-casemanager"},
	} {
		t.Run(c.user, func(t *testing.T) {
			p := e.signedIn(t, c.user)
			if status := p.Goto("/"); status != 200 {
				t.Fatalf("start page: %d", status)
			}
			if got := browsertest.Eval[string](p, `document.querySelector("main h2").id`); got != c.first {
				t.Errorf("the first part is %q, want %q", got, c.first)
			}
			top := browsertest.Eval[float64](p, `document.getElementById("`+c.first+`").getBoundingClientRect().top`)
			if top > browsertest.ViewportHeight/2 {
				t.Errorf("%q starts %.0f px down, below the first half screen", c.first, top)
			}
			if c.shows != "" && !strings.Contains(p.Text(`section[aria-labelledby="`+c.first+`"]`), c.shows) {
				t.Errorf("%q does not show %q", c.first, c.shows)
			}
			browsertest.CheckA11y(t, p)
			if c.shot != "" {
				p.Screenshot(c.shot)
			}
		})
	}
}
