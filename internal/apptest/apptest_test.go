package apptest_test

import (
	"net/http"
	"strings"
	"testing"

	"toren/internal/apptest"
)

// The harness starts the whole app on either database, the demo data and
// accounts load, and a signed-in client reaches pages and the API with its
// CSRF token; a client that is not signed in is sent to sign in.
func TestWholeAppOnBothDatabases(t *testing.T) {
	t.Parallel()
	for _, db := range []struct {
		name string
		opts []apptest.Option
	}{{"sqlite", nil}, {"postgres", []apptest.Option{apptest.OnPostgres()}}} {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db.opts...)
			apptest.Demo(t, s.App, 0, 1)
			if code, _ := s.Client(t).Get("/"); code != http.StatusSeeOther {
				t.Errorf("start page signed out: %d, want a redirect to sign in", code)
			}
			c := s.SignIn(t, "intake")
			if c.CSRF == "" {
				t.Fatal("signed in without a CSRF token")
			}
			if code, body := c.Get("/"); code != http.StatusOK || !strings.Contains(body, "Laatste meldingen") {
				t.Errorf("start page: %d", code)
			}
			before := apptest.AuditHead(t, s.App)
			code, body := c.Do("GET", "/api/v1/persons?q=Wijnand", nil)
			if code != http.StatusOK || !strings.Contains(string(body), "Wijnand") {
				t.Errorf("API person search: %d %s", code, body)
			}
			if en := apptest.AuditAfter(t, s.App, before); len(en) == 0 {
				t.Error("the API search left no audit entry")
			}
			// A state-changing API call without the token is refused.
			c.CSRF = ""
			if code, _ := c.Do("POST", "/api/v1/reports", map[string]string{}); code != http.StatusForbidden {
				t.Errorf("POST without CSRF token: %d, want 403", code)
			}
		})
	}
}
