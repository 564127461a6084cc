package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"toren/internal/accounts"
	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/auth"
	"toren/internal/toren"
)

type signInEnv struct {
	app    *app.App
	clock  *toren.FixedClock
	srv    *apptest.Server
	secret string
	// page is the body of the last sign-in's answer.
	page string
}

// newSignInEnv runs Toren as in production (second factor required) with
// a fixed clock and one account with TOTP.
func newSignInEnv(t *testing.T) *signInEnv {
	t.Helper()
	ctx := context.Background()
	clock := toren.NewFixedClock(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC))
	a := apptest.New(t, apptest.Quiet(), apptest.SecondFactor(), apptest.Clock(clock))
	hash, err := auth.HashPassword("correct horse battery", a.Config().Passwords)
	if err != nil {
		t.Fatal(err)
	}
	key, err := auth.NewTOTPKey("Toren", "iris")
	if err != nil {
		t.Fatal(err)
	}
	now := clock.Now()
	for _, u := range []*accounts.User{
		{Username: "iris", DisplayName: "Iris", PasswordHash: hash, TOTPSecret: key.Secret, Roles: []string{"intake"}, CreatedAt: now, UpdatedAt: now},
		{Username: "nofactor", PasswordHash: hash, Roles: []string{"intake"}, CreatedAt: now, UpdatedAt: now},
	} {
		if err := a.Store().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	hs := apptest.Serve(t, a)
	return &signInEnv{app: a, clock: clock, srv: hs, secret: key.Secret}
}

func (e *signInEnv) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (e *signInEnv) code(t *testing.T, at time.Time) string {
	c, err := auth.TOTPCode(e.secret, auth.TOTPStep(at))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *signInEnv) signIn(t *testing.T, c *http.Client, user, password, code string) int {
	t.Helper()
	resp, err := c.PostForm(e.srv.URL+"/inloggen", neturl.Values{"gebruikersnaam": {user}, "wachtwoord": {password}, "code": {code}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	e.page = string(b)
	return resp.StatusCode
}

// said checks that the last sign-in's page says want (next to a field).
func (e *signInEnv) said(t *testing.T, want string) {
	t.Helper()
	if !strings.Contains(e.page, want) {
		t.Errorf("the sign-in page does not say %q", want)
	}
}

func (e *signInEnv) startPage(t *testing.T, c *http.Client) int {
	t.Helper()
	resp, err := c.Get(e.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/inloggen") {
		return http.StatusUnauthorized
	}
	return resp.StatusCode
}

func (e *signInEnv) cookie(c *http.Client) string {
	u, _ := neturl.Parse(e.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "toren" {
			return ck.Value
		}
	}
	return ""
}

func TestSignInRefusals(t *testing.T) {
	t.Parallel()
	e := newSignInEnv(t)
	now := e.clock.Now()
	c := e.client()
	if got := e.signIn(t, c, "iris", "wrong password!", e.code(t, now)); got != http.StatusUnauthorized || e.cookie(c) != "" {
		t.Errorf("wrong password: %d, cookie %q", got, e.cookie(c))
	}
	e.said(t, `id="wachtwoord-fout">Gebruikersnaam of wachtwoord onjuist.`)
	if got := e.signIn(t, c, "iris", "correct horse battery", ""); got != http.StatusUnauthorized {
		t.Errorf("missing code: %d", got)
	}
	e.said(t, "Voer de zescijferige code uit uw authenticator-app in.")
	if got := e.signIn(t, c, "iris", "correct horse battery", "000000"); got != http.StatusUnauthorized {
		t.Errorf("wrong code: %d", got)
	}
	e.said(t, "De code is onjuist of al gebruikt. Wacht op de volgende code en probeer het opnieuw.")
	if got := e.signIn(t, c, "nofactor", "correct horse battery", ""); got != http.StatusUnauthorized || e.cookie(c) != "" {
		t.Errorf("account without second factor outside demo mode: %d", got)
	}
	code := e.code(t, now)
	if got := e.signIn(t, c, "iris", "correct horse battery", code); got != http.StatusSeeOther || e.startPage(t, c) != http.StatusOK {
		t.Fatalf("right password and code: %d", got)
	}
	if got := e.signIn(t, e.client(), "iris", "correct horse battery", code); got != http.StatusUnauthorized {
		t.Errorf("replayed code: %d, want 401", got)
	}
}

func TestSignInLockout(t *testing.T) {
	t.Parallel()
	e := newSignInEnv(t)
	c := e.client()
	for i := 0; i < 5; i++ {
		e.signIn(t, c, "iris", "wrong password!", "")
	}
	if got := e.signIn(t, c, "iris", "correct horse battery", e.code(t, e.clock.Now())); got != http.StatusTooManyRequests {
		t.Errorf("right password during lockout: %d, want 429", got)
	}
	e.said(t, "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw.")
	// An unknown account is throttled the same way: no telling which exist.
	for i := 0; i < 5; i++ {
		e.signIn(t, c, "nobody", "wrong password!", "")
	}
	if got := e.signIn(t, c, "nobody", "wrong password!", ""); got != http.StatusTooManyRequests {
		t.Errorf("unknown account after 5 failures: %d, want 429", got)
	}
	e.clock.Advance(16 * time.Minute)
	e.clock.Advance(time.Minute)
	if got := e.signIn(t, c, "iris", "correct horse battery", e.code(t, e.clock.Now())); got != http.StatusSeeOther {
		t.Errorf("after the lockout: %d, want 303", got)
	}
}

func TestSessionFixationAndExpiry(t *testing.T) {
	t.Parallel()
	e := newSignInEnv(t)
	c := e.client()
	planted := auth.NewSessionID()
	u, _ := neturl.Parse(e.srv.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: "toren", Value: planted, Path: "/"}})
	if got := e.signIn(t, c, "iris", "correct horse battery", e.code(t, e.clock.Now())); got != http.StatusSeeOther {
		t.Fatalf("sign in: %d", got)
	}
	if e.cookie(c) == planted || e.cookie(c) == "" {
		t.Fatal("sign-in kept the session token the browser came with")
	}
	attacker := e.client()
	attacker.Jar.SetCookies(u, []*http.Cookie{{Name: "toren", Value: planted, Path: "/"}})
	if e.startPage(t, attacker) != http.StatusUnauthorized {
		t.Error("the planted token gives access")
	}
	// Idle: 31 minutes without a request ends the session.
	e.clock.Advance(20 * time.Minute)
	if e.startPage(t, c) != http.StatusOK {
		t.Fatal("session ended after 20 idle minutes")
	}
	e.clock.Advance(31 * time.Minute)
	if e.startPage(t, c) != http.StatusUnauthorized {
		t.Error("session alive after 31 idle minutes")
	}
	// Absolute: activity every 20 minutes keeps it alive for 12 hours, no longer.
	e.clock.Advance(time.Minute)
	c = e.client()
	if got := e.signIn(t, c, "iris", "correct horse battery", e.code(t, e.clock.Now())); got != http.StatusSeeOther {
		t.Fatalf("sign in again: %d", got)
	}
	for i := 0; i < 35; i++ { // 11h40m
		e.clock.Advance(20 * time.Minute)
		if e.startPage(t, c) != http.StatusOK {
			t.Fatalf("active session ended after %v", time.Duration(i+1)*20*time.Minute)
		}
	}
	e.clock.Advance(21 * time.Minute)
	if e.startPage(t, c) != http.StatusUnauthorized {
		t.Error("session alive past its 12-hour absolute lifetime")
	}
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	e := newSignInEnv(t)
	c := e.client()
	if got := e.signIn(t, c, "iris", "correct horse battery", e.code(t, e.clock.Now())); got != http.StatusSeeOther {
		t.Fatalf("sign in: %d", got)
	}
	s, err := e.app.Store().GetSession(context.Background(), auth.SessionKey(e.cookie(c)))
	if err != nil {
		t.Fatal(err)
	}
	body := `{"reporter":{"kind":"citizen","name":"Buur","phone":"0612345678"},"violence_types":["partner"],"description":"Geschreeuw.","persons":[{"role":"victim","surname":"Test"}]}`
	post := func(token string, header map[string]string) int {
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/reports", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("X-CSRF-Token", token)
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post("", nil); got != http.StatusForbidden {
		t.Errorf("no CSRF token: %d, want 403", got)
	}
	if got := post("not-the-token", nil); got != http.StatusForbidden {
		t.Errorf("wrong CSRF token: %d, want 403", got)
	}
	if got := post(s.CSRFToken, map[string]string{"Sec-Fetch-Site": "cross-site"}); got != http.StatusForbidden {
		t.Errorf("cross-site request with the token: %d, want 403", got)
	}
	if n, _, _, _ := e.app.Store().Counts(context.Background()); n != 0 {
		t.Fatalf("refused requests stored %d reports", n)
	}
	if got := post(s.CSRFToken, nil); got != http.StatusCreated {
		t.Errorf("right CSRF token: %d, want 201", got)
	}
	// Sign-out without the token is refused too.
	resp, err := c.PostForm(e.srv.URL+"/uitloggen", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-out without CSRF token: %d", resp.StatusCode)
	}
}

// startDemo serves the whole app with the demo's seed reports and
// accounts (password apptest.Password, no second factor).
func startDemo(t *testing.T) *apptest.Server {
	t.Helper()
	a := apptest.New(t)
	apptest.Demo(t, a, 0, 1)
	return apptest.Serve(t, a)
}
