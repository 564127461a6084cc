// Package browsertest drives Toren's pages in a real headless Chromium for
// tests: it opens pages, signs in, types and presses keys as a user would,
// checks each page for accessibility problems with axe-core, and takes
// screenshots for the documentation.
//
// It knows nothing of how the app is started: a test starts the real app
// and hands its base URL to Start. In internal/cli, newBrowserEnv does all
// of it (the real app over SQLite with the demo seed and accounts), so a
// page test is:
//
//	func TestBrowserIntakeForm(t *testing.T) {     // name it TestBrowser*: CI checks those ran
//		e := newBrowserEnv(t)
//		p := e.signedIn(t, "intake")               // any demo account, or e.page(t) signed out
//		p.Goto("/meldingen/nieuw")
//		browsertest.CheckA11y(t, p)
//		p.Fill("#achternaam", "Jansen")
//		if status := p.ClickAndWait("button[type=submit]"); status != 422 { ... }
//	}
//
// and every new GET page also gets a line in pageVisits
// (internal/cli/a11y_browser_test.go), which checks each page of the app.
//
// The parts, for use elsewhere:
//
//	b := browsertest.Start(t, baseURL)   // skips without Chromium, unless CI=true
//	p := b.NewPage(t)                    // own cookies, viewport 1280x900
//	p.SignIn("intake", "veilig-thuis-demo")
//	p.Goto("/meldingen/1")
//	browsertest.CheckA11y(t, p)          // axe: no serious or critical violation; visible focus
//	p.Screenshot("melding")              // docs/screenshots/melding.png, when enabled
//
// The browser is found through $TOREN_CHROMIUM, else chromium,
// chromium-browser, google-chrome or google-chrome-stable on the PATH.
// Without one the tests skip with a message, except when CI=true: a CI run
// must not pass by skipping its browser tests.
//
// Only test code imports this package, so axe-core (embedded from
// testdata/) never reaches the toren binary or its served assets.
package browsertest
