package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/toren"
)

// OIDCConfig is the organisation's identity provider (OpenID Connect):
// staff sign in there, with its multi-factor policy, and come back to
// Toren by the authorization code flow with PKCE.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is Toren's callback as registered at the provider:
	// https://toren.example.nl/inloggen/organisatie/terug.
	RedirectURL string
	Policy      auth.OIDCPolicy
}

// OIDCUsers finds the Toren account of a provider's user and keeps the
// second factor's replay guard (satisfied by *store.DB).
type OIDCUsers interface {
	GetUserByUsername(ctx context.Context, username string) (accounts.User, error)
	GetUser(ctx context.Context, id int64) (accounts.User, error)
	RecordTOTPStep(ctx context.Context, userID, step int64) (bool, error)
}

// OIDCAccounts takes the roles and teams over from the provider
// (*accounts.Service).
type OIDCAccounts interface {
	SyncFromProvider(ctx context.Context, a authz.Actor, id int64, roles, teamNames []string) (accounts.User, bool, error)
}

// OIDC signs staff in through the organisation's identity provider.
type OIDC struct {
	cfg        OIDCConfig
	verifier   *oidc.IDTokenVerifier
	oauth      oauth2.Config
	endSession string
	users      OIDCUsers
	accounts   OIDCAccounts

	mu      sync.Mutex
	pending map[string]pendingCode // Toren's second factor, after a provider sign-in without one
}

// pendingCode is a provider sign-in waiting for Toren's TOTP code.
type pendingCode struct {
	userID  int64
	name    string
	back    string
	expires time.Time
	tries   int
}

// NewOIDC reads the provider's discovery document.
func NewOIDC(ctx context.Context, cfg OIDCConfig, users OIDCUsers, accts OIDCAccounts) (*OIDC, error) {
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc: discover %s: %w", cfg.Issuer, err)
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&extra); err != nil {
		return nil, fmt.Errorf("oidc: discovery document of %s: %w", cfg.Issuer, err)
	}
	return &OIDC{
		cfg:      cfg,
		verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(),
			RedirectURL: cfg.RedirectURL, Scopes: []string{oidc.ScopeOpenID, "profile", "email", "groups"}},
		endSession: extra.EndSession,
		users:      users, accounts: accts,
		pending: map[string]pendingCode{},
	}, nil
}

const oidcCookie = "toren_oidc"

// oidcState is what the browser carries from the start of a sign-in to
// the callback: the state and nonce to compare, the PKCE verifier.
type oidcState struct {
	State, Nonce, Verifier, Back string
}

func randomString() string { return rand.Text() }

// oidcStart sends the browser to the identity provider.
func (w *Web) oidcStart(rw http.ResponseWriter, r *http.Request) {
	o := w.cfg.OIDC
	if o == nil {
		w.fail(rw, r, errNoProvider)
		return
	}
	st := oidcState{State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(), Back: safeBack(r.URL.Query().Get("terug"))}
	b, _ := json.Marshal(st)
	http.SetCookie(rw, &http.Cookie{Name: oidcCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/inloggen/organisatie",
		MaxAge: 600, HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	http.Redirect(rw, r, o.oauth.AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)), http.StatusFound)
}

// oidcOrigin is the origin of the changes an identity provider's sign-in
// makes (the account's roles and teams).
const oidcOrigin = "identity provider"

// oidcCallback takes the provider's answer: the code is exchanged (with
// the PKCE verifier), the ID token verified (signature, issuer, audience,
// expiry, nonce), the account found by its user name claim (an unknown or
// blocked user is refused), its roles and teams taken over from the
// groups, and the session started, or Toren's second factor asked first
// when the provider's amr/acr shows none.
func (w *Web) oidcCallback(rw http.ResponseWriter, r *http.Request) {
	o := w.cfg.OIDC
	if o == nil {
		w.fail(rw, r, errNoProvider)
		return
	}
	refuse := func(reason, msg string, name string) {
		w.audit(r, 0, name, audit.ActionSignInFailed, audit.OutcomeDenied, "identity provider: "+reason)
		w.render(rw, r, http.StatusForbidden, "signin", &signInPage{Error: msg, OIDC: true, Back: "/"})
	}
	ck, err := r.Cookie(oidcCookie)
	http.SetCookie(rw, &http.Cookie{Name: oidcCookie, Path: "/inloggen/organisatie", MaxAge: -1, HttpOnly: true})
	var st oidcState
	if err == nil {
		var b []byte
		if b, err = base64.RawURLEncoding.DecodeString(ck.Value); err == nil {
			err = json.Unmarshal(b, &st)
		}
	}
	q := r.URL.Query()
	switch {
	case err != nil || st.State == "" || q.Get("state") != st.State:
		refuse("state missing or different", msg("oidc.error.state"), "")
		return
	case q.Get("error") != "":
		refuse("provider answered "+q.Get("error"), msg("oidc.error.refused"), "")
		return
	}
	tok, err := o.oauth.Exchange(r.Context(), q.Get("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		w.cfg.Logger.WarnContext(r.Context(), "oidc: exchange code", "err", err)
		refuse("code exchange failed", msg("oidc.error.failed"), "")
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := o.verifier.Verify(r.Context(), raw)
	if err != nil || idt.Nonce != st.Nonce {
		w.cfg.Logger.WarnContext(r.Context(), "oidc: ID token refused", "err", err)
		refuse("ID token not valid", msg("oidc.error.failed"), "")
		return
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		w.serverError(rw, r, err)
		return
	}
	pol := o.cfg.Policy
	username, _ := claims[pol.Username()].(string)
	u, err := o.users.GetUserByUsername(r.Context(), username)
	if err != nil || u.Disabled || username == "" {
		if err != nil && toren.ErrorCode(err) != toren.CodeNotFound {
			w.fail(rw, r, err)
			return
		}
		refuse("user "+strconv.Quote(username)+" unknown to Toren or blocked",
			msg("oidc.error.no-account"), username)
		return
	}
	roles, teams := pol.Map(stringList(claims[pol.Groups()]))
	if len(roles) == 0 {
		refuse("no group of the user gives a Toren role",
			msg("oidc.error.no-role"), username)
		return
	}
	name := u.DisplayName
	if name == "" {
		name = u.Username
	}
	// The account signing in takes its roles and teams over itself, as
	// Toren knew it until now; the entry's reason says what changed.
	me := authz.Actor{UserID: u.ID, Name: name}
	for _, role := range u.Roles {
		me.Roles = append(me.Roles, authz.Role(role))
	}
	if _, _, err := o.accounts.SyncFromProvider(audit.As(r.Context(), me, oidcOrigin), me, u.ID, roles, teams); err != nil {
		w.fail(rw, r, err)
		return
	}
	acr, _ := claims["acr"].(string)
	amr := stringList(claims["amr"])
	methods := append([]string{"ext"}, amr...) // "ext": signed in at the provider
	switch {
	case pol.MultiFactor(amr, acr):
		methods = append(methods, "mfa")
	case w.cfg.RequireMFA && u.TOTPSecret == "":
		refuse("no second factor at the provider and none enrolled in Toren",
			msg("oidc.error.no-second-factor"), username)
		return
	case w.cfg.RequireMFA:
		// Toren's own second factor, then the session.
		token := randomString()
		o.mu.Lock()
		now := w.cfg.Clock.Now()
		for k, p := range o.pending {
			if now.After(p.expires) {
				delete(o.pending, k)
			}
		}
		o.pending[token] = pendingCode{userID: u.ID, name: name, back: st.Back, expires: now.Add(5 * time.Minute)}
		o.mu.Unlock()
		w.render(rw, r, http.StatusOK, "oidc_code", &oidcCodePage{Token: token})
		return
	}
	w.startProviderSession(rw, r, u.ID, name, methods, st.Back, "second factor at the provider")
}

func (w *Web) startProviderSession(rw http.ResponseWriter, r *http.Request, userID int64, name string, methods []string, back, how string) {
	if _, err := w.cfg.Sessions.Start(rw, r, userID, methods); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.audit(r, userID, name, audit.ActionSignIn, audit.OutcomeOK, "identity provider "+w.cfg.OIDC.cfg.Issuer+"; "+how)
	if back == "/" || back == "" {
		back = "/start"
	}
	http.Redirect(rw, r, back, http.StatusSeeOther)
}

type oidcCodePage struct {
	Chrome
	Token, Error string
}

// oidcCode checks Toren's TOTP code after a provider sign-in without a
// second factor; five wrong codes end the attempt.
func (w *Web) oidcCode(rw http.ResponseWriter, r *http.Request) {
	o := w.cfg.OIDC
	if o == nil {
		w.fail(rw, r, errNoProvider)
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, 16<<10)
	token := r.PostFormValue("token")
	now := w.cfg.Clock.Now()
	o.mu.Lock()
	p, ok := o.pending[token]
	if ok && now.After(p.expires) {
		delete(o.pending, token)
		ok = false
	}
	o.mu.Unlock()
	if !ok {
		w.render(rw, r, http.StatusUnauthorized, "signin", &signInPage{Error: msg("oidc.error.expired"), OIDC: true, Back: "/"})
		return
	}
	code := strings.ReplaceAll(r.PostFormValue("code"), " ", "")
	if err := w.checkCode(r.Context(), p.userID, code, now); err != nil {
		o.mu.Lock()
		p.tries++
		if p.tries >= 5 {
			delete(o.pending, token)
		} else {
			o.pending[token] = p
		}
		o.mu.Unlock()
		w.audit(r, p.userID, p.name, audit.ActionSignInFailed, audit.OutcomeDenied, "identity provider sign-in: wrong Toren code")
		w.render(rw, r, http.StatusUnauthorized, "oidc_code", &oidcCodePage{Token: token, Error: msg("oidc.error.code")})
		return
	}
	o.mu.Lock()
	delete(o.pending, token)
	o.mu.Unlock()
	w.startProviderSession(rw, r, p.userID, p.name, []string{"ext", "otp", "mfa"}, p.back, "Toren's second factor")
}

var errWrongCode = errors.New("wrong code")

// errNoProvider answers the provider's routes on a server without one:
// the page of a page that does not exist.
var errNoProvider = toren.Errorf(toren.CodeNotFound, "no identity provider is configured")

func (w *Web) checkCode(ctx context.Context, userID int64, code string, now time.Time) error {
	u, err := w.cfg.OIDC.users.GetUser(ctx, userID)
	if err != nil {
		return err
	}
	step, ok := auth.VerifyTOTP(u.TOTPSecret, code, now, u.TOTPLastStep)
	if !ok {
		return errWrongCode
	}
	if ok, err := w.cfg.OIDC.users.RecordTOTPStep(ctx, userID, step); err != nil || !ok {
		return errWrongCode
	}
	return nil
}

// endSessionURL is where sign-out sends a browser that signed in at the
// provider, so the provider's session ends too; "" when it has none.
func (o *OIDC) endSessionURL(back string) string {
	if o == nil || o.endSession == "" {
		return ""
	}
	u, err := url.Parse(o.endSession)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("client_id", o.cfg.ClientID)
	q.Set("post_logout_redirect_uri", back)
	u.RawQuery = q.Encode()
	return u.String()
}

// stringList reads a claim that is a list of strings (or one string).
func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
