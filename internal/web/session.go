package web

import (
	"encoding/json"
	"net/http"
	"time"

	"toren/internal/access"
	"toren/internal/toren"
)

// SessionTimer tells the layout's script (static/session.js) when the
// session ends if the user does nothing, so it can warn in time and offer
// to stay signed in (WCAG 2.2.1 Timing Adjustable). All in seconds.
type SessionTimer struct {
	ExpiresIn  int // until the session ends without activity
	WarnBefore int // how long before the end the warning shows
	Idle       int // the idle limit: activity restarts this much time
}

// maxWarning is how early the warning comes at the most: five minutes
// before the 30-minute idle limit ends. Shorter limits (tests) warn at
// half the limit.
const maxWarning = 5 * time.Minute

// sessionTimer returns the timer of p's session, nil without sessions.
func (w *Web) sessionTimer(p *access.Principal) *SessionTimer {
	if w.cfg.Sessions == nil {
		return nil
	}
	policy := w.cfg.Sessions.Policy()
	left := policy.ExpiresAt(p.Session.CreatedAt, p.Session.LastSeenAt).Sub(w.cfg.Clock.Now())
	return &SessionTimer{
		// Rounded up: the page arrives a moment after this, so the
		// script's end is never before the server's.
		ExpiresIn:  max(0, int((left+time.Second-1)/time.Second)),
		WarnBefore: int(min(maxWarning, policy.Idle/2) / time.Second),
		Idle:       int(policy.Idle / time.Second),
	}
}

// chrome is what the layout shows around a page for p.
func (w *Web) chrome(r *http.Request, p *access.Principal) Chrome {
	nav := navFor(r, p)
	for i := range nav {
		if nav[i].Path == alertsPath {
			nav[i].Count = w.openAlerts(r, p)
		}
	}
	return Chrome{UserName: p.Actor.Name, CSRF: p.Session.CSRFToken, Nav: nav, Session: w.sessionTimer(p)}
}

// extendSession is the "Ingelogd blijven" button: the access guard has
// loaded the session, which records the activity; the answer says when
// the session now ends. Cheap: no audit entry, no personal data.
func (w *Web) extendSession(rw http.ResponseWriter, r *http.Request) {
	p, ok := access.FromContext(r.Context())
	if !ok {
		w.fail(rw, r, toren.Errorf(toren.CodeForbidden, "not signed in"))
		return
	}
	t := w.sessionTimer(p)
	if t == nil {
		t = &SessionTimer{}
	}
	rw.Header().Set("Content-Type", "application/json")
	rw.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(rw).Encode(map[string]int{"expiresIn": t.ExpiresIn, "warnBefore": t.WarnBefore, "idle": t.Idle})
}

// Refused is the page the access guard shows a browser it refuses (the
// user's roles do not allow the page or the action).
func (w *Web) Refused(rw http.ResponseWriter, r *http.Request, status int) {
	w.render(rw, r, status, "error", &errorPage{Title: msg("refused.title"), Message: msg("refused.text")})
}
