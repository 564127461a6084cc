// Package session keeps signed-in browsers: a random token in a cookie
// (HttpOnly, SameSite, Secure over TLS), only its hash in the database,
// idle and absolute timeouts, a fresh token at every sign-in (no session
// fixation), and a per-session CSRF token that every state-changing
// request must carry.
package session

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"time"

	"toren/internal/auth"
	"toren/internal/httpx"
	"toren/internal/toren"
)

// Store is the session storage (satisfied by *store.DB).
type Store interface {
	CreateSession(ctx context.Context, s *auth.Session) error
	GetSession(ctx context.Context, keyHash string) (auth.Session, error)
	TouchSession(ctx context.Context, keyHash string, at time.Time) error
	RevokeSession(ctx context.Context, keyHash string) error
}

// Manager starts, loads and ends sessions.
type Manager struct {
	store  Store
	policy auth.SessionPolicy
	clock  toren.Clock
	secure bool // served over TLS: Secure cookie with the __Host- prefix
}

// New returns a manager. secure must be true when Toren is reached over
// HTTPS (directly or behind a TLS-terminating proxy).
func New(s Store, policy auth.SessionPolicy, clock toren.Clock, secure bool) *Manager {
	return &Manager{store: s, policy: policy, clock: clock, secure: secure}
}

// Policy returns the timeouts in force (for the "session ends soon" warning).
func (m *Manager) Policy() auth.SessionPolicy { return m.policy }

func (m *Manager) cookieName() string {
	if m.secure {
		return "__Host-toren"
	}
	return "toren"
}

// Start signs the user in on this browser: any session the browser had is
// ended, and a new token is issued.
func (m *Manager) Start(w http.ResponseWriter, r *http.Request, userID int64, methods []string) (auth.Session, error) {
	if c, err := r.Cookie(m.cookieName()); err == nil && auth.ValidSessionID(c.Value) {
		_ = m.store.RevokeSession(r.Context(), auth.SessionKey(c.Value))
	}
	token := auth.NewSessionID()
	now := m.clock.Now()
	s := auth.Session{
		KeyHash: auth.SessionKey(token), UserID: userID, CreatedAt: now, LastSeenAt: now,
		Methods: methods, CSRFToken: randomToken(), IP: httpx.ClientIP(r), UserAgent: truncate(r.UserAgent(), 200),
	}
	if err := m.store.CreateSession(r.Context(), &s); err != nil {
		return auth.Session{}, fmt.Errorf("session: start: %w", err)
	}
	http.SetCookie(w, &http.Cookie{
		Name: m.cookieName(), Value: token, Path: "/", HttpOnly: true, Secure: m.secure,
		SameSite: http.SameSiteLaxMode,
		// No Expires: the cookie dies with the browser; the server enforces
		// the idle and absolute limits.
	})
	return s, nil
}

// ErrNoSession means the request carries no live session.
var ErrNoSession = errors.New("no session")

// Load returns the request's session, or ErrNoSession when there is none
// or it expired (an expired one is ended).
func (m *Manager) Load(r *http.Request) (auth.Session, error) {
	return m.LoadWith(r, m.store.GetSession)
}

// LoadWith is Load reading the session with get, which answers as
// Store.GetSession does (toren.CodeNotFound when there is no live
// session). The access gate passes a get that reads the session and its
// account in one statement.
func (m *Manager) LoadWith(r *http.Request, get func(ctx context.Context, keyHash string) (auth.Session, error)) (auth.Session, error) {
	c, err := r.Cookie(m.cookieName())
	if err != nil || !auth.ValidSessionID(c.Value) {
		return auth.Session{}, ErrNoSession
	}
	key := auth.SessionKey(c.Value)
	s, err := get(r.Context(), key)
	if toren.ErrorCode(err) == toren.CodeNotFound {
		return auth.Session{}, ErrNoSession
	}
	if err != nil {
		return auth.Session{}, fmt.Errorf("session: load: %w", err)
	}
	now := m.clock.Now()
	if m.policy.Expired(s.CreatedAt, s.LastSeenAt, now) {
		_ = m.store.RevokeSession(r.Context(), key)
		return auth.Session{}, ErrNoSession
	}
	// Record activity at most once a minute: enough for a 30-minute idle
	// limit, without a write on every request. A shorter limit (tests)
	// records it at least every thirtieth of the limit.
	if now.Sub(s.LastSeenAt) > min(time.Minute, m.policy.Idle/30) {
		if err := m.store.TouchSession(r.Context(), key, now); err != nil {
			return auth.Session{}, fmt.Errorf("session: touch: %w", err)
		}
		s.LastSeenAt = now
	}
	return s, nil
}

// End signs the browser out.
func (m *Manager) End(w http.ResponseWriter, r *http.Request) error {
	c, err := r.Cookie(m.cookieName())
	if err == nil && auth.ValidSessionID(c.Value) {
		if err := m.store.RevokeSession(r.Context(), auth.SessionKey(c.Value)); err != nil && toren.ErrorCode(err) != toren.CodeNotFound {
			return fmt.Errorf("session: end: %w", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: m.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: m.secure, SameSite: http.SameSiteLaxMode})
	return nil
}

// CheckCSRF reports whether the request carries the session's CSRF token
// in the form field "csrf" or the header X-CSRF-Token.
func CheckCSRF(r *http.Request, s auth.Session) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	return s.CSRFToken != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.CSRFToken)) == 1
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
