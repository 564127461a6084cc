package browsertest

import "strings"

// SignIn signs in through Toren's sign-in form (no second factor: demo
// accounts) and waits for the page it leads to, whatever its status (a
// role without the start page gets "Geen toegang" there). It fails the
// test when the form is shown again, such as after a wrong password.
func (p *Page) SignIn(username, password string) {
	p.t.Helper()
	p.Goto("/inloggen")
	p.Fill("#gebruikersnaam", username)
	p.Fill("#wachtwoord", password)
	status := p.ClickAndWait(`form[action="/inloggen"] button[type="submit"]`)
	if path := p.Path(); status >= 500 || strings.HasPrefix(path, "/inloggen") {
		p.t.Fatalf("sign in as %s: status %d, on %s", username, status, path)
	}
}
