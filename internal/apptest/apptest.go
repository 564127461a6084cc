// Package apptest runs the whole of Toren for end-to-end tests: the app as
// `toren serve` wires it (app.New), over a fresh database of the test's
// own (SQLite, or a PostgreSQL schema in TOREN_TEST_POSTGRES), served on a
// local port; with fixture builders (the demo data, accounts) and sign-in
// helpers for HTTP clients (session and CSRF token) and for the browser.
//
// Each test gets its own database and server, so tests can run in
// parallel (t.Parallel). Passwords are hashed with cheap argon2id
// parameters: the sign-in checks are the same, the hashing costs
// microseconds instead of the production cost.
package apptest

import (
	"context"
	"io"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"toren/internal/app"
	"toren/internal/auth"
	"toren/internal/config"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

// Password is the password of every account the harness makes: the demo
// accounts' (app.DemoPassword).
const Password = app.DemoPassword

// FastPasswords are argon2id parameters for tests: valid, and cheap.
func FastPasswords() auth.Params {
	return auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Option adjusts the app a test starts.
type Option func(*options)

type options struct {
	configure []func(*config.Config)
	postgres  bool
	clock     toren.Clock
	quiet     bool
}

// Configure changes the app's settings before it starts, e.g. a short
// session idle limit or other deadlines.
func Configure(f func(*config.Config)) Option {
	return func(o *options) { o.configure = append(o.configure, f) }
}

// SecondFactor makes sign-in ask for the second factor, as in production.
// Without it the app runs in demo mode: a password alone signs in.
func SecondFactor() Option {
	return Configure(func(c *config.Config) { c.DemoMode = false })
}

// OnPostgres runs the app on a fresh schema in TOREN_TEST_POSTGRES; the
// test is skipped without it, and fails in CI.
func OnPostgres() Option { return func(o *options) { o.postgres = true } }

// Clock runs the app on clock.
func Clock(c toren.Clock) Option { return func(o *options) { o.clock = c } }

// Quiet drops the app's log instead of sending it to the test's log.
func Quiet() Option { return func(o *options) { o.quiet = true } }

// Config returns the settings New starts an app with: the defaults, demo
// mode, fast password hashing, a fresh SQLite database under dir.
func Config(dir string) config.Config {
	c := config.Default()
	c.DB = "sqlite:" + filepath.Join(dir, "toren.db")
	c.Addr = "127.0.0.1:0"
	c.DemoMode = true
	c.Passwords = FastPasswords()
	return c
}

// New builds the whole app over a fresh database of the test's own; it is
// closed when the test ends.
func New(t testing.TB, opts ...Option) *app.App {
	t.Helper()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	cfg := Config(t.TempDir())
	if o.postgres {
		cfg.DB = storetest.PostgresSchema(t)
	}
	for _, f := range o.configure {
		f(&cfg)
	}
	var w io.Writer = LogWriter{t}
	if o.quiet {
		w = io.Discard
	}
	var appOpts []app.Option
	if o.clock != nil {
		appOpts = append(appOpts, app.WithClock(o.clock))
	}
	a, err := app.New(context.Background(), cfg, cfg.Logger(w), appOpts...)
	if err != nil {
		t.Fatalf("start the app: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// Server is an app served on a local port.
type Server struct {
	*app.App
	// URL is the server's base URL, without a trailing slash.
	URL string
}

// Start builds the app (New) and serves it on a local port until the test
// ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	return Serve(t, New(t, opts...))
}

// Serve serves a on a local port until the test ends; for a test that
// fills the database before the server starts.
func Serve(t testing.TB, a *app.App) *Server {
	t.Helper()
	hs := httptest.NewServer(a.Handler())
	t.Cleanup(hs.Close)
	return &Server{App: a, URL: hs.URL}
}

// LogWriter sends the app's log to the test's log.
type LogWriter struct{ T testing.TB }

func (w LogWriter) Write(b []byte) (int, error) {
	w.T.Helper()
	w.T.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
