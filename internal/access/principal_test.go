package access

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/httpx"
	"toren/internal/session"
	"toren/internal/toren"
)

// countingStore is a session and account store in memory that counts the
// reads the gate makes: each method stands for one database read.
type countingStore struct {
	sessions map[string]auth.Session
	revoked  map[string]bool
	users    map[int64]accounts.User
	reads    int
}

func (s *countingStore) CreateSession(_ context.Context, in *auth.Session) error {
	s.sessions[in.KeyHash] = *in
	return nil
}

func (s *countingStore) GetSession(_ context.Context, key string) (auth.Session, error) {
	s.reads++
	ss, ok := s.sessions[key]
	if u, found := s.users[ss.UserID]; !ok || s.revoked[key] || !found || u.Disabled {
		return auth.Session{}, toren.Errorf(toren.CodeNotFound, "session not found")
	}
	return ss, nil
}

func (s *countingStore) GetUser(_ context.Context, id int64) (accounts.User, error) {
	s.reads++
	u, ok := s.users[id]
	if !ok {
		return accounts.User{}, toren.Errorf(toren.CodeNotFound, "user not found")
	}
	return u, nil
}

func (s *countingStore) GetSessionUser(ctx context.Context, key string) (auth.Session, accounts.User, error) {
	s.reads++
	ss, ok := s.sessions[key]
	u, found := s.users[ss.UserID]
	if !ok || s.revoked[key] || !found || u.Disabled {
		return auth.Session{}, accounts.User{}, toren.Errorf(toren.CodeNotFound, "session not found")
	}
	return ss, u, nil
}

func (s *countingStore) TouchSession(_ context.Context, key string, at time.Time) error {
	ss := s.sessions[key]
	ss.LastSeenAt = at
	s.sessions[key] = ss
	return nil
}

func (s *countingStore) RevokeSession(_ context.Context, key string) error {
	s.revoked[key] = true
	return nil
}

func (s *countingStore) AppendAudit(context.Context, ...audit.Entry) error { return nil }

// TestPrincipalReads counts the store reads the gate makes to find the
// signed-in user of a request (issue 12: it was two, the session and then
// the user), and checks that a change to the session or the account takes
// effect on the very next request.
func TestPrincipalReads(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	clock := toren.NewFixedClock(now)
	st := &countingStore{
		sessions: map[string]auth.Session{},
		revoked:  map[string]bool{},
		users: map[int64]accounts.User{7: {ID: 7, Username: "anna", Roles: []string{"medewerker"},
			Teams: []accounts.Team{{ID: 1, Name: "Noord"}}}},
	}
	sessions := session.New(st, auth.DefaultSessionPolicy(), clock, false)
	router := httpx.NewRouter()
	var seen *Principal
	router.HandleFunc("GET /x", func(w http.ResponseWriter, r *http.Request) {
		seen, _ = FromContext(r.Context())
	})
	g := &Guard{Router: router, Routes: authz.Routes{"GET /x": {SignedIn: true}}, Sessions: sessions,
		Users: st, Audit: st, Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), SignInPath: "/aanmelden"}
	h := g.Middleware(router)

	rec := httptest.NewRecorder()
	if _, err := sessions.Start(rec, httptest.NewRequest("POST", "/aanmelden", nil), 7, []string{"pwd"}); err != nil {
		t.Fatal(err)
	}
	cookie := rec.Result().Cookies()[0]
	get := func() int {
		t.Helper()
		seen = nil
		st.reads = 0
		r := httptest.NewRequest("GET", "/x", nil)
		r.AddCookie(cookie)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}

	if code := get(); code != http.StatusOK || seen == nil {
		t.Fatalf("signed-in request: status %d, principal %v", code, seen)
	}
	if st.reads != 1 {
		t.Errorf("reads per request = %d, want 1 (session and user together)", st.reads)
	}
	if seen.Actor.UserID != 7 || seen.Actor.Name != "anna" || len(seen.Actor.Teams) != 1 || seen.Actor.Teams[0] != "Noord" {
		t.Errorf("actor = %+v", seen.Actor)
	}

	// Changed roles and teams count on the next request.
	u := st.users[7]
	u.Roles, u.Teams = []string{"teamleider"}, []accounts.Team{{ID: 2, Name: "Zuid"}}
	st.users[7] = u
	if get(); seen == nil || len(seen.Actor.Roles) != 1 || seen.Actor.Roles[0] != "teamleider" || seen.Actor.Teams[0] != "Zuid" {
		t.Errorf("after a change of roles and teams: %+v", seen)
	}

	// A disabled, then deleted account, and a revoked or expired session,
	// end access on the next request.
	for _, tc := range []struct {
		name   string
		change func()
		undo   func()
	}{
		{"disabled", func() { u := st.users[7]; u.Disabled = true; st.users[7] = u },
			func() { u := st.users[7]; u.Disabled = false; st.users[7] = u }},
		{"deleted", func() { delete(st.users, 7) }, func() { st.users[7] = u }},
		{"revoked", func() {
			for k := range st.sessions {
				st.revoked[k] = true
			}
		}, func() {
			clear(st.revoked)
		}},
		{"expired", func() { clock.Advance(time.Hour) }, nil},
	} {
		tc.change()
		if code := get(); code != http.StatusSeeOther || seen != nil {
			t.Errorf("%s: status %d, principal %v; want a redirect to sign in", tc.name, code, seen)
		}
		if tc.undo != nil {
			tc.undo()
			if code := get(); code != http.StatusOK {
				t.Errorf("%s undone: status %d", tc.name, code)
			}
		}
	}
}
