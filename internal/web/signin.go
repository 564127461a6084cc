package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"toren/internal/httpx"
	"toren/internal/toren"
	"unicode"

	"toren/internal/access"
	"toren/internal/audit"
	"toren/internal/auth"
)

// Chrome is what the layout shows around every page: who is signed in,
// and the CSRF token the sign-out form (and every other form) carries.
type Chrome struct {
	UserName string
	CSRF     string
	Nav      []NavLink     // the main navigation (nav.go)
	Session  *SessionTimer // when the session ends (session.go)
	// CanReport shows the link to the intake form; Flash is a one-time
	// message after a redirect (flash.go).
	CanReport bool
	Flash     string
}

func (c *Chrome) setChrome(v Chrome) { *c = v }

// TopFlash is the one-time message the layout shows above the page; a
// page that shows it nearer to where the user is returns "".
func (c Chrome) TopFlash() string { return c.Flash }

type chromed interface{ setChrome(Chrome) }

type signInPage struct {
	Chrome
	Username string
	Back     string
	// Error is about the form as a whole (too many attempts, no second
	// factor enrolled, a failure on our side); the others are shown next
	// to their field.
	Error         string
	PasswordError string // wrong user name or password
	CodeError     string // second-factor code missing or wrong
	// OIDC offers signing in through the organisation's identity provider.
	OIDC bool
}

// safeBack keeps the return address on this site: a path, never another
// host ("//evil.example" or "https://...").
func safeBack(s string) string {
	if sameSitePath(s) {
		return s
	}
	return "/"
}

// sameSitePath reports whether s is safe to send a signed-in user to: a
// path of this site with an optional query, as url.Parse reads it and as
// a browser does. Browsers strip tabs and newlines and read a backslash
// as a slash, so "/\t/evil.example" or "/\\evil.example" would be another
// host to them: any control character, whitespace or backslash is
// refused, as is a second slash at the start, a scheme, a host or a
// fragment.
func sameSitePath(s string) bool {
	if s == "" || len(s) > 2048 || s[0] != '/' || strings.HasPrefix(s, "//") {
		return false
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f || c == '\\' || unicode.IsSpace(c) || !unicode.IsPrint(c) {
			return false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || u.Fragment != "" {
		return false
	}
	return strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(u.Path, "//") && !strings.ContainsRune(u.Path, '\\')
}

func (w *Web) signInForm(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusOK, "signin", &signInPage{Back: safeBack(r.URL.Query().Get("terug")), OIDC: w.cfg.OIDC != nil})
}

func (w *Web) signIn(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, 16<<10)
	page := &signInPage{Username: strings.TrimSpace(r.PostFormValue("gebruikersnaam")), Back: safeBack(r.PostFormValue("terug"))}
	id, err := w.cfg.Authenticator.Authenticate(r.Context(), auth.Credentials{
		Username: page.Username, Password: r.PostFormValue("wachtwoord"), TOTPCode: r.PostFormValue("code"), ClientIP: httpx.ClientIP(r),
	})
	if err != nil {
		status := http.StatusUnauthorized
		var throttled *auth.ThrottledError
		switch {
		case errors.As(err, &throttled):
			status = http.StatusTooManyRequests
		case errors.Is(err, auth.ErrInvalidCredentials), errors.Is(err, auth.ErrTOTPRequired), errors.Is(err, auth.ErrTOTPInvalid):
		case toren.ErrorCode(err) == toren.CodeUnavailable:
			w.fail(rw, r, err)
			return
		default:
			w.cfg.Logger.ErrorContext(r.Context(), "sign in", "err", err)
			status = http.StatusInternalServerError
		}
		w.audit(r, 0, page.Username, audit.ActionSignInFailed, audit.OutcomeDenied, "")
		msg := signInMessage(err)
		switch {
		case status != http.StatusUnauthorized:
			page.Error = msg
		case errors.Is(err, auth.ErrInvalidCredentials):
			// Not saying which of the two is wrong; the password is what
			// the user types again.
			page.PasswordError = msg
		default:
			page.CodeError = msg
		}
		w.render(rw, r, status, "signin", page)
		return
	}
	userID, err := strconv.ParseInt(id.Subject, 10, 64)
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	if w.cfg.RequireMFA && !id.MultiFactor() {
		w.audit(r, userID, id.DisplayName, audit.ActionSignInFailed, audit.OutcomeDenied, "no second factor enrolled")
		page.Error = msg("signin.error.no-second-factor")
		w.render(rw, r, http.StatusUnauthorized, "signin", page)
		return
	}
	if _, err := w.cfg.Sessions.Start(rw, r, userID, id.Methods); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.audit(r, userID, id.DisplayName, audit.ActionSignIn, audit.OutcomeOK, "")
	if page.Back == "/" {
		// Not every role may open the start page: /start picks the
		// user's own first page (stats.go).
		page.Back = "/start"
	}
	http.Redirect(rw, r, page.Back, http.StatusSeeOther)
}

func (w *Web) signOut(rw http.ResponseWriter, r *http.Request) {
	atProvider := false
	if p, ok := access.FromContext(r.Context()); ok {
		w.audit(r, p.User.ID, p.Actor.Name, audit.ActionSignOut, audit.OutcomeOK, "")
		atProvider = slices.Contains(p.Session.Methods, "ext")
	}
	if err := w.cfg.Sessions.End(rw, r); err != nil {
		w.serverError(rw, r, err)
		return
	}
	// A sign-in at the organisation's provider is ended there too, when
	// the provider offers it (RP-initiated logout).
	if atProvider {
		if u := w.cfg.OIDC.endSessionURL(signInURL(r)); u != "" {
			http.Redirect(rw, r, u, http.StatusSeeOther)
			return
		}
	}
	http.Redirect(rw, r, "/inloggen", http.StatusSeeOther)
}

// audit appends the entry of a session's event (audit.SessionEntry) for
// account userID (0: not known) named name; failures are logged, as the
// answer to the user does not depend on them.
func (w *Web) audit(r *http.Request, userID int64, name, action, outcome, reason string) {
	e := audit.SessionEntry(userID, name, httpx.ClientIP(r), w.cfg.Clock.Now(), action, outcome)
	e.Reason = reason
	if err := w.cfg.Audit.AppendAudit(r.Context(), e); err != nil {
		w.cfg.Logger.ErrorContext(r.Context(), "AUDIT WRITE FAILED", "err", err, "action", e.Action)
	}
}

// signInURL is the absolute address of the sign-in page, for the
// provider to send the browser back to after signing out.
func signInURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/inloggen"
}
