package web_test

import (
	"context"
	"io"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"toren/internal/accounts"
	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/config"
	"toren/internal/toren"
)

// idpUser is a user of the organisation's identity provider, with the
// claims Toren reads: the user name, the groups and how they signed in.
type idpUser struct {
	sub, username string
	groups, amr   []string
	acr           string
}

func (u idpUser) ID() string                        { return u.sub }
func (u idpUser) Userinfo([]string) ([]byte, error) { return []byte(`{"sub":"` + u.sub + `"}`), nil }
func (u idpUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return struct {
		*mockoidc.IDTokenClaims
		PreferredUsername string   `json:"preferred_username,omitempty"`
		Groups            []string `json:"groups,omitempty"`
		AMR               []string `json:"amr,omitempty"`
		ACR               string   `json:"acr,omitempty"`
	}{base, u.username, u.groups, u.amr, u.acr}, nil
}

const redirectBase = "http://toren.test"

// startOIDC runs Toren in production mode (second factor required) with
// an OpenID provider started in the test: a real provider of the protocol
// (discovery, signed ID tokens, code exchange checking the PKCE
// verifier), whose users the test chooses.
func startOIDC(t *testing.T) (*mockoidc.MockOIDC, *apptest.Server, func(username string) *accounts.User) {
	t.Helper()
	idp, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Shutdown() })
	cfg := idp.Config()
	a := apptest.New(t, apptest.Quiet(), apptest.SecondFactor(), apptest.Configure(func(c *config.Config) {
		c.OIDC = config.OIDC{Issuer: idp.Issuer(), ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
			RedirectURL: redirectBase + "/inloggen/organisatie/terug",
			Policy: auth.OIDCPolicy{Roles: map[string]string{"vt-casemanagers": "case_manager", "vt-intake": "intake"},
				Teams: map[string]string{"vt-casemanagers": "Backoffice", "vt-intake": "Frontoffice"}, MFAMethods: []string{"otp"}}}
	}))
	srv := apptest.Serve(t, a)
	mk := func(username string) *accounts.User {
		return apptest.User(t, a, username, "Anna de Vries", []authz.Role{authz.RoleIntake}, "Frontoffice")
	}
	return idp, srv, mk
}

// signInAtProvider runs the browser's part of the code flow and returns
// the answer of Toren's callback.
func signInAtProvider(t *testing.T, srv *apptest.Server, c *apptest.Client) *http.Response {
	t.Helper()
	get := func(u string) *http.Response {
		resp, err := c.HTTP.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	start := get(srv.URL + "/inloggen/organisatie")
	authURL, _ := neturl.Parse(start.Header.Get("Location"))
	if start.StatusCode != http.StatusFound || authURL.Query().Get("code_challenge_method") != "S256" || authURL.Query().Get("code_challenge") == "" ||
		authURL.Query().Get("nonce") == "" {
		t.Fatalf("start: %d %s (want a redirect with PKCE S256 and a nonce)", start.StatusCode, authURL)
	}
	back := get(authURL.String()).Header.Get("Location")
	if !strings.HasPrefix(back, redirectBase) {
		t.Fatalf("provider sent the browser to %q", back)
	}
	resp, err := c.HTTP.Get(srv.URL + strings.TrimPrefix(back, redirectBase))
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// A member of the organisation signs in at its provider: the account is
// found by its user name, its roles and teams follow the provider's
// groups (audited), the provider's second factor (amr) is accepted, and
// signing out ends the Toren session.
func TestOIDCSignInWithProviderMFA(t *testing.T) {
	t.Parallel()
	idp, srv, mk := startOIDC(t)
	u := mk("anna")
	idp.QueueUser(idpUser{sub: "idp-1", username: "anna", groups: []string{"vt-casemanagers", "wifi"}, amr: []string{"pwd", "otp"}})
	c := srv.Client(t)
	resp := signInAtProvider(t, srv, c)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/start" || c.Session() == "" {
		t.Fatalf("callback: %d %q, session %q", resp.StatusCode, resp.Header.Get("Location"), c.Session())
	}
	stored, err := srv.Store().GetUser(context.Background(), u.ID)
	if err != nil || strings.Join(stored.Roles, ",") != "case_manager" || len(stored.Teams) != 1 || stored.Teams[0].Name != "Backoffice" {
		t.Errorf("account after sign-in: %+v %v (want the provider's role and team)", stored, err)
	}
	if st, _ := c.Get("/dossiers"); st != http.StatusOK {
		t.Errorf("case list as the provider's case manager: %d", st)
	}
	var synced, signedIn bool
	for e, err := range srv.Store().AuditEntries(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Action == accounts.ActionUserSync && e.ObjectID == strconv.FormatInt(u.ID, 10) {
			synced = true
			// The account itself, as Toren knew it, through the provider.
			if e.ActorID != strconv.FormatInt(u.ID, 10) || e.ActorName != "Anna de Vries" || e.Role != "intake" || e.Origin != "identity provider" {
				t.Errorf("sync audited as %s %q, role %q, origin %q; want the account as it was, from the identity provider", e.ActorID, e.ActorName, e.Role, e.Origin)
			}
		}
		signedIn = signedIn || (e.Action == audit.ActionSignIn && strings.Contains(e.Reason, "second factor at the provider"))
	}
	if !synced || !signedIn {
		t.Errorf("audit: synced %v, signed in %v", synced, signedIn)
	}
	sess, err := srv.Store().GetSession(context.Background(), auth.SessionKey(c.Session()))
	if err != nil {
		t.Fatal(err)
	}
	c.CSRF = sess.CSRFToken
	if st, _, _ := c.Post("/uitloggen", nil); st != http.StatusSeeOther {
		t.Errorf("sign out: %d", st)
	}
	if st, _ := c.Get("/dossiers"); st != http.StatusSeeOther {
		t.Errorf("after signing out: %d, want a redirect to the sign-in page", st)
	}
}

// A user the provider knows but Toren does not is refused (never created),
// as is one whose groups give no Toren role, and a callback that did not
// start here (no state).
func TestOIDCRefusesUnknownUsers(t *testing.T) {
	t.Parallel()
	idp, srv, mk := startOIDC(t)
	mk("anna")
	for _, c := range []struct {
		what string
		user idpUser
		want string
	}{
		{"unknown to Toren", idpUser{sub: "idp-9", username: "zoe", groups: []string{"vt-intake"}, amr: []string{"mfa"}}, "geen account in Toren"},
		{"no mapped group", idpUser{sub: "idp-1", username: "anna", groups: []string{"wifi"}, amr: []string{"mfa"}}, "geen rol in Toren"},
	} {
		idp.QueueUser(c.user)
		cl := srv.Client(t)
		resp := signInAtProvider(t, srv, cl)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), c.want) || cl.Session() != "" {
			t.Errorf("%s: %d, session %q", c.what, resp.StatusCode, cl.Session())
		}
	}
	if _, err := srv.Store().GetUserByUsername(context.Background(), "zoe"); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("an unknown user was created: %v", err)
	}
	if st, body := srv.Client(t).Get("/inloggen/organisatie/terug?code=x&state=y"); st != http.StatusForbidden || !strings.Contains(body, "niet hier begonnen") {
		t.Errorf("callback without a started sign-in: %d", st)
	}
}

// Without a second factor at the provider (amr pwd), Toren asks its own
// TOTP code before the session starts.
func TestOIDCAsksTorenCodeWithoutProviderMFA(t *testing.T) {
	t.Parallel()
	idp, srv, _ := startOIDC(t)
	key, err := auth.NewTOTPKey("Toren", "bram")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	u := &accounts.User{Username: "bram", DisplayName: "Bram", Roles: []string{"intake"}, TOTPSecret: key.Secret, CreatedAt: now, UpdatedAt: now}
	if err := srv.Store().CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	idp.QueueUser(idpUser{sub: "idp-2", username: "bram", groups: []string{"vt-intake"}, amr: []string{"pwd"}})
	c := srv.Client(t)
	resp := signInAtProvider(t, srv, c)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	i := strings.Index(string(body), `name="token" value="`)
	if resp.StatusCode != http.StatusOK || c.Session() != "" || i < 0 {
		t.Fatalf("callback without provider MFA: %d, session %q", resp.StatusCode, c.Session())
	}
	token := string(body)[i+len(`name="token" value="`):]
	token = token[:strings.IndexByte(token, '"')]
	if st, _, _ := c.Post("/inloggen/organisatie/code", neturl.Values{"token": {token}, "code": {"000000"}}); st != http.StatusUnauthorized || c.Session() != "" {
		t.Errorf("wrong code: %d", st)
	}
	code, err := auth.TOTPCode(key.Secret, auth.TOTPStep(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if st, _, loc := c.Post("/inloggen/organisatie/code", neturl.Values{"token": {token}, "code": {code}}); st != http.StatusSeeOther || loc != "/start" || c.Session() == "" {
		t.Fatalf("right code: %d %q", st, loc)
	}
	if st, _ := c.Get("/"); st != http.StatusOK {
		t.Errorf("start page after Toren's code: %d", st)
	}
	if st, _, _ := c.Post("/inloggen/organisatie/code", neturl.Values{"token": {token}, "code": {code}}); st != http.StatusUnauthorized {
		t.Errorf("the token is used once: %d", st)
	}
}
