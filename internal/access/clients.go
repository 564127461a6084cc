package access

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/time/rate"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/clients"
	"toren/internal/httpx"
	"toren/internal/toren"
)

// ClientAuthenticator finds the API client of a bearer token
// (*clients.Service satisfies it).
type ClientAuthenticator interface {
	Authenticate(ctx context.Context, token string) (clients.Client, error)
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(tok), true
}

// limiters holds one token bucket per client: its rate limit a minute,
// with a tenth of a minute's worth as burst.
type limiters struct {
	mu sync.Mutex
	m  map[int64]*limiter
}

type limiter struct {
	perMinute int
	l         *rate.Limiter
}

func (ls *limiters) allow(c clients.Client) bool {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.m == nil {
		ls.m = map[int64]*limiter{}
	}
	l, ok := ls.m[c.ID]
	if !ok || l.perMinute != c.RateLimit {
		burst := int(math.Max(1, float64(c.RateLimit)/10))
		l = &limiter{perMinute: c.RateLimit, l: rate.NewLimiter(rate.Limit(float64(c.RateLimit)/60), burst)}
		ls.m[c.ID] = l
	}
	return l.l.Allow()
}

// serveClient is the gate for a call with a bearer token: an API client,
// never a person. It authenticates the token, applies the client's rate
// limit, lets through only the routes a scope opens (no CSRF: a bearer
// token is not sent by a browser on its own), and audits every call with
// the client as the actor.
func (g *Guard) serveClient(w http.ResponseWriter, r *http.Request, next http.Handler, req authz.Requirement, pattern, token string) {
	if g.Clients == nil || !strings.HasPrefix(r.URL.Path, "/api/") {
		writeProblem(w, http.StatusUnauthorized, "A bearer token is accepted on /api/ only.")
		return
	}
	c, err := g.Clients.Authenticate(r.Context(), token)
	if err != nil {
		if toren.ErrorCode(err) != toren.CodeForbidden {
			g.Log.ErrorContext(r.Context(), "authenticate client", "err", err)
		}
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeProblem(w, http.StatusUnauthorized, "The token is unknown, expired or revoked.")
		return
	}
	p := &Principal{Actor: c.Actor(), Client: &c}
	if !g.limits.allow(c) {
		g.record(r, p, req, pattern, audit.OutcomeDenied, "rate limit of "+strconv.Itoa(c.RateLimit)+" requests a minute")
		w.Header().Set("Retry-After", "6")
		writeProblem(w, http.StatusTooManyRequests, "Too many requests from this client; wait and retry.")
		return
	}
	if d := authz.Gate(&p.Actor, req); !d.Allowed {
		g.record(r, p, req, pattern, audit.OutcomeDenied, d.Reason)
		writeProblem(w, http.StatusForbidden, "You may not do this.")
		return
	}
	g.serve(w, r, next, p, req, pattern)
}

// recorderFor is the audit template of a request by p.
func recorderFor(r *http.Request, p *Principal) *audit.Recorder {
	return audit.NewRecorder(p.Actor, httpx.ClientIP(r))
}
