// Package httpx holds HTTP plumbing shared by the web interface and the
// API: a router that remembers the patterns registered on it, so that the
// access guard and the authorisation matrix test can enumerate every route.
package httpx

import (
	"net/http"
	"sort"
)

// Router is an http.ServeMux that records its patterns.
type Router struct {
	mux      *http.ServeMux
	patterns []string
}

// NewRouter returns an empty router.
func NewRouter() *Router { return &Router{mux: http.NewServeMux()} }

// Handle registers h for pattern (Go 1.22 method patterns).
func (r *Router) Handle(pattern string, h http.Handler) {
	r.mux.Handle(pattern, h)
	r.patterns = append(r.patterns, pattern)
}

// HandleFunc registers f for pattern.
func (r *Router) HandleFunc(pattern string, f func(http.ResponseWriter, *http.Request)) {
	r.Handle(pattern, http.HandlerFunc(f))
}

// Patterns returns every registered pattern, sorted.
func (r *Router) Patterns() []string {
	out := append([]string(nil), r.patterns...)
	sort.Strings(out)
	return out
}

// Match returns the pattern that would serve req ("" when none would).
func (r *Router) Match(req *http.Request) string {
	_, pattern := r.mux.Handler(req)
	return pattern
}

func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) { r.mux.ServeHTTP(w, req) }
