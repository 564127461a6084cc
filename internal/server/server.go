// Package server runs Toren's HTTP server: it mounts the web interface
// and the API on one mux, adds the middleware every request passes
// (recovery, security headers, metrics and logging), serves /healthz and
// /metrics, and shuts down gracefully, finishing requests in flight.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
	"toren/internal/authz"
	"toren/internal/httpx"

	"toren/internal/observe"
)

const maxBody = 2 << 20

// Mounter is a part of the application that registers its routes.
type Mounter interface {
	Register(mux *httpx.Router)
}

// Pinger reports whether a dependency (the database) answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Config wires a server.
type Config struct {
	Logger  *slog.Logger
	Metrics *observe.Metrics
	Health  Pinger
	// Ready, when set, is probed by /readyz and in the background: a
	// database that cannot take a write makes the instance not ready.
	Ready Readier
	Parts []Mounter
	// TLS, when set, makes the server speak HTTPS and send HSTS.
	TLS *tls.Config
	// Guard, when set, wraps the router: the access gate every request
	// passes before its handler.
	Guard func(router *httpx.Router, next http.Handler) http.Handler
	// ShutdownTimeout bounds how long requests in flight may take to
	// finish after a stop signal.
	ShutdownTimeout time.Duration
}

// Server is Toren's HTTP server.
type Server struct {
	cfg     Config
	mux     *httpx.Router
	handler http.Handler
	ready   *readiness
}

// New builds the server and its routes.
func New(cfg Config) *Server {
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 30 * time.Second
	}
	mux := httpx.NewRouter()
	// /healthz is liveness: the process serves and the database answers.
	// Whether the database can take writes is readiness (/readyz): a full
	// disk should take the instance out of the load balancer, not make
	// the orchestrator restart it, which cures nothing.
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if cfg.Health != nil {
			if err := cfg.Health.Ping(ctx); err != nil {
				cfg.Logger.ErrorContext(ctx, "health check failed", "err", err)
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprintln(w, "database unavailable")
				return
			}
		}
		fmt.Fprintln(w, "ok")
	})
	var ready *readiness
	if cfg.Ready != nil {
		ready = newReadiness(cfg.Ready, cfg.Logger, cfg.Metrics.Registry())
		mux.HandleFunc("GET /readyz", ready.handler)
	}
	mux.Handle("GET /metrics", cfg.Metrics.Handler())
	for _, p := range cfg.Parts {
		p.Register(mux)
	}
	s := &Server{cfg: cfg, mux: mux, ready: ready}
	var h http.Handler = mux
	if cfg.Guard != nil {
		h = cfg.Guard(mux, h)
	}
	// Refuse state-changing requests from other sites (Fetch metadata and
	// Origin), before the guard and its CSRF tokens even look at them.
	h = http.NewCrossOriginProtection().Handler(h)
	// No request body may exceed 2 MiB (the API allows 1 MiB of JSON, the
	// forms far less); larger ones are cut off before a handler reads them.
	h = http.MaxBytesHandler(h, maxBody)
	h = securityHeaders(cfg.TLS != nil, h)
	h = recoverer(cfg.Logger, h)
	h = cfg.Metrics.Middleware(cfg.Logger, mux.Match, h)
	s.handler = h
	return s
}

// Routes returns the server's own routes with their requirements.
func Routes() authz.Routes {
	return authz.Routes{
		"GET /healthz": authz.PublicRoute(),
		"GET /readyz":  authz.PublicRoute(),
		// Metrics hold no personal data; restrict them at the network level.
		"GET /metrics": authz.PublicRoute(),
	}
}

// Handler returns the complete handler with middleware (for tests).
func (s *Server) Handler() http.Handler { return s.handler }

// Mux returns the route table (for tests that enumerate routes).
func (s *Server) Mux() *httpx.Router { return s.mux }

// Serve answers requests on ln until ctx is cancelled, then stops taking
// new connections and waits for requests in flight to finish (up to
// ShutdownTimeout). It returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if s.cfg.TLS != nil {
		srv.TLSConfig = s.cfg.TLS
		ln = tls.NewListener(ln, s.cfg.TLS)
	}
	if s.ready != nil {
		wctx, stop := context.WithCancel(ctx)
		defer stop()
		go s.ready.watch(wctx, 10*time.Second)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	s.cfg.Logger.Info("shutting down; finishing requests in flight", "timeout", s.cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}

// securityHeaders sets the headers every response carries. The policy
// allows no inline script or style: all of it comes from /static.
func securityHeaders(tls bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if tls {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic in a handler into a plain 500: the stack goes
// to the log, never to the user.
func recoverer(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.ErrorContext(r.Context(), "panic in handler", "panic", v, "route", r.Pattern)
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.WriteHeader(http.StatusInternalServerError)
				fmt.Fprintln(w, "Er ging iets mis aan onze kant. Probeer het opnieuw of bel de functioneel beheerder.")
			}
		}()
		next.ServeHTTP(w, r)
	})
}
