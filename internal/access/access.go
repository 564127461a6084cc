// Package access is the gate every HTTP request passes before its handler:
// it finds the route's requirement in the authorisation table (a route
// without one is refused: fail closed), loads the signed-in user from the
// session, checks the CSRF token on state-changing requests, asks the
// policy (authz) whether the user's roles allow the route's action, and
// writes the audit entry for the access. Handlers then ask the policy
// again about the object they load (need-to-know).
package access

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/clients"
	"toren/internal/httpx"
	"toren/internal/session"
	"toren/internal/toren"
)

// Users loads the session of a request with its account (satisfied by
// *store.DB).
type Users interface {
	// GetSessionUser returns the live session with that key and its
	// account with its teams, in one read; toren.CodeNotFound when the
	// session is unknown or revoked or its account is disabled or gone.
	GetSessionUser(ctx context.Context, keyHash string) (auth.Session, accounts.User, error)
}

// Auditor appends audit entries (satisfied by *store.DB).
type Auditor interface {
	AppendAudit(ctx context.Context, entries ...audit.Entry) error
}

// Guard is the access gate.
type Guard struct {
	Router   *httpx.Router
	Routes   authz.Routes
	Sessions *session.Manager
	Users    Users
	Audit    Auditor
	Clock    toren.Clock
	Log      *slog.Logger
	// RequireMFA refuses sessions signed in without a second factor. It is
	// off only in demo mode.
	RequireMFA bool
	// SignInPath is where a browser without a session is sent.
	SignInPath string
	// RefusePage, when set, answers a refused browser request (not /api/)
	// with a page; the request carries the Principal when there is one.
	// Without it the refusal is plain text.
	RefusePage func(w http.ResponseWriter, r *http.Request, status int)
	// Clients authenticates API clients' bearer tokens; nil: no client
	// is accepted.
	Clients ClientAuthenticator

	limits limiters
}

type ctxKey struct{}

// Principal is the signed-in user of a request.
type Principal struct {
	Actor   authz.Actor
	Session auth.Session
	User    accounts.User
	// Client is set, and User and Session are zero, when an API client
	// calls with its token.
	Client *clients.Client

	mu         sync.Mutex
	touched    []int64 // persons whose data the request showed
	breakGlass string  // the grant's reason, when the request used one
	notes      []string
}

// Note adds a remark to the request's audit entry: what was shown, in
// which view (never personal data itself).
func (p *Principal) Note(s string) {
	p.mu.Lock()
	p.notes = append(p.notes, s)
	p.mu.Unlock()
}

func (p *Principal) notesText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.notes, "; ")
}

func (p *Principal) noteBreakGlass(reason string) {
	p.mu.Lock()
	p.breakGlass = reason
	p.mu.Unlock()
}

func (p *Principal) brokeGlass() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.breakGlass
}

// Touch records that the request showed personal data of these persons,
// so the audit entry names them (for the person's access request).
func (p *Principal) Touch(personIDs ...int64) {
	p.mu.Lock()
	p.touched = append(p.touched, personIDs...)
	p.mu.Unlock()
}

func (p *Principal) touchedPersons() []int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]int64(nil), p.touched...)
}

// withPrincipal returns r carrying p, for a page that shows who is signed in.
func withPrincipal(r *http.Request, p *Principal) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), ctxKey{}, p))
}

// FromContext returns the request's signed-in user, if any.
func FromContext(ctx context.Context) (*Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(*Principal)
	return p, ok
}

// Middleware wraps next (the router) with the gate.
func (g *Guard) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pattern := g.Router.Match(r)
		if pattern == "" {
			next.ServeHTTP(w, r) // the router answers 404 or 405
			return
		}
		req, ok := g.Routes.Lookup(pattern)
		if !ok {
			g.Log.ErrorContext(r.Context(), "route has no authorisation requirement; refused", "route", pattern)
			g.refuse(w, r, toren.CodeForbidden)
			return
		}
		if req.Public {
			next.ServeHTTP(w, r)
			return
		}
		if tok, ok := bearerToken(r); ok {
			g.serveClient(w, r, next, req, pattern, tok)
			return
		}
		p, err := g.principal(r)
		if err != nil {
			if !errors.Is(err, session.ErrNoSession) {
				g.Log.ErrorContext(r.Context(), "load session", "err", err)
			}
			g.signIn(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !session.CheckCSRF(r, p.Session) {
			g.record(r, p, req, pattern, audit.OutcomeDenied, "missing or wrong CSRF token")
			g.refuse(w, withPrincipal(r, p), toren.CodeForbidden)
			return
		}
		if !req.SignedIn {
			if d := authz.Gate(&p.Actor, req); !d.Allowed {
				g.record(r, p, req, pattern, audit.OutcomeDenied, d.Reason)
				g.refuse(w, withPrincipal(r, p), toren.CodeForbidden)
				return
			}
		}
		g.serve(w, r, next, p, req, pattern)
	})
}

// serve runs the handler for p, with the audit recorder of the request,
// and writes the access's audit entry unless the handler's write did.
func (g *Guard) serve(w http.ResponseWriter, r *http.Request, next http.Handler, p *Principal, req authz.Requirement, pattern string) {
	rec := httpx.NewStatusWriter(w)
	recorder := recorderFor(r, p)
	ctx := audit.WithRecorder(context.WithValue(r.Context(), ctxKey{}, p), recorder)
	next.ServeHTTP(rec, r.WithContext(ctx))
	// A write that recorded itself in its own transaction needs no
	// second entry here.
	if req.Action != "" && recorder.Written() == 0 {
		outcome := audit.OutcomeOK
		if rec.Status >= 400 {
			outcome = audit.OutcomeError
			if rec.Status == http.StatusForbidden {
				outcome = audit.OutcomeDenied
			}
		}
		g.record(r, p, req, pattern, outcome, recorder.Notes())
	}
}

func (g *Guard) principal(r *http.Request) (*Principal, error) {
	// One read for the session and its account, on every request: no
	// cache, so that a revoked session, a disabled account or changed
	// roles and teams count on the very next request.
	var u accounts.User
	s, err := g.Sessions.LoadWith(r, func(ctx context.Context, key string) (auth.Session, error) {
		s, su, err := g.Users.GetSessionUser(ctx, key)
		u = su
		return s, err
	})
	if err != nil {
		return nil, err
	}
	if u.Disabled || u.ID != s.UserID {
		// The store answers not found for a disabled account; this guards
		// a store that does not.
		return nil, session.ErrNoSession
	}
	mfa := slices.Contains(s.Methods, "mfa")
	if g.RequireMFA && !mfa {
		return nil, session.ErrNoSession
	}
	// In demo mode the second factor is waived, and counts as given, so
	// that every part of Toren (break-glass included) can be tried.
	a := authz.Actor{UserID: u.ID, Name: u.DisplayName, MultiFactor: mfa || !g.RequireMFA}
	if a.Name == "" {
		a.Name = u.Username
	}
	for _, role := range u.Roles {
		a.Roles = append(a.Roles, authz.Role(role))
	}
	for _, t := range u.Teams {
		a.Teams = append(a.Teams, t.Name)
	}
	return &Principal{Actor: a, Session: s, User: u}, nil
}

// record writes the audit entry of an access. A failure to audit is
// logged loudly; the response has been sent by then.
func (g *Guard) record(r *http.Request, p *Principal, req authz.Requirement, pattern, outcome, reason string) {
	action := string(req.Action)
	if action == "" {
		action = "route:" + pattern
	}
	e := audit.ActorTemplate(p.Actor, httpx.ClientIP(r))
	e.At, e.Action, e.ObjectType, e.Outcome, e.Reason = g.Clock.Now(), action, string(req.ObjectKind()), outcome, reason
	if req.Object == authz.FromPath {
		e.ObjectID = pathParam(pattern, r.URL.Path, req.Param)
	} else if req.Object == authz.FromQuery {
		e.ObjectID = r.URL.Query().Get(req.Param)
	}
	e.PersonIDs = p.touchedPersons()
	if e.Action == audit.ActionBreakGlass && e.Reason == "" {
		// A break-glass request that issued no grant (refused, or not
		// needed); a grant writes its own entry with the reason.
		e.Reason = "no grant issued"
	}
	if bg := p.brokeGlass(); bg != "" {
		e.Reason = strings.TrimSpace("break-glass grant: " + bg + " " + e.Reason)
	}
	if e.ObjectType == "person" {
		if id, err := strconv.ParseInt(e.ObjectID, 10, 64); err == nil {
			e.PersonIDs = append(e.PersonIDs, id)
		}
	}
	if n := p.notesText(); n != "" {
		e.Reason = strings.TrimSpace(e.Reason + " " + n)
	}
	// A search is logged with what was searched for (NEN 7513).
	if terms := searchTerms(r); terms != "" {
		e.Reason = strings.TrimSpace(e.Reason + " search: " + terms)
	}
	if err := g.Audit.AppendAudit(context.WithoutCancel(r.Context()), e); err != nil {
		g.Log.ErrorContext(r.Context(), "AUDIT WRITE FAILED", "err", err, "action", action, "actor", e.ActorID)
	}
}

// signIn answers a request without a live session: the API gets a 401
// problem, a browser is sent to the sign-in page and back afterwards.
func (g *Guard) signIn(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeProblem(w, http.StatusUnauthorized, "Sign in first.")
		return
	}
	if r.Method != http.MethodGet {
		http.Redirect(w, r, g.SignInPath, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, g.SignInPath+"?terug="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}

// refuse answers a request the gate does not let through, with the status
// of code.
func (g *Guard) refuse(w http.ResponseWriter, r *http.Request, code toren.Code) {
	status := httpx.Status(code)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeProblem(w, status, "You may not do this.")
		return
	}
	if g.RefusePage != nil {
		g.RefusePage(w, r, status)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintln(w, "Geen toegang. U heeft geen rechten voor deze pagina of deze handeling.")
}

// problem is an RFC 9457 problem detail without a type of its own.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

func writeProblem(w http.ResponseWriter, status int, detail string) {
	b, err := json.Marshal(problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail})
	if err != nil {
		// A problem holds only strings and an int; this cannot happen.
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// pathParam picks the value of the wildcard {param} out of path by the
// route pattern ("GET /meldingen/{id}"): the guard runs before the router
// has set the request's path values.
func pathParam(pattern, path, param string) string {
	if i := strings.IndexByte(pattern, ' '); i >= 0 {
		pattern = pattern[i+1:]
	}
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	for i, p := range ps {
		if i < len(xs) && (p == "{"+param+"}" || p == "{"+param+"...}") {
			v, err := url.PathUnescape(xs[i])
			if err != nil {
				return ""
			}
			return v
		}
	}
	return ""
}

// searchTerms returns what a request searched for: the search box (q) and
// surname as typed, the advanced search form's other fields as key=value.
func searchTerms(r *http.Request) string {
	var terms []string
	query := r.URL.Query()
	for _, key := range []string{"q", "achternaam", "surname", "voornaam", "geboortedatum", "bsn", "postcode", "huisnummer"} {
		v := strings.TrimSpace(query.Get(key))
		switch {
		case v == "":
		case key == "q" || key == "achternaam" || key == "surname":
			terms = append(terms, v)
		default:
			terms = append(terms, key+"="+v)
		}
	}
	return strings.Join(terms, " ")
}
