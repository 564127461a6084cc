package cli

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"toren/internal/auth"
	"toren/internal/cases"

	"toren/internal/escalate"
	"toren/internal/httpx"
)

type serverOptions struct {
	tls   *tls.Config
	extra func(mux *httpx.Router)
	// demo lets accounts sign in without a second factor.
	demo bool
	// intakeTeam owns reports in triage (default Frontoffice).
	intakeTeam string
	// secureCookies marks session cookies Secure when TLS ends at a proxy.
	secureCookies bool
	// sessionPolicy overrides auth.DefaultSessionPolicy (tests: a short
	// idle limit).
	sessionPolicy auth.SessionPolicy
	// escalation sets the escalation rules (zero: their defaults).
	escalation escalate.Config
	// deadlines are the organisation's terms (nil: the public norms).
	deadlines *cases.Deadlines
}

func runServe(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "serve", "serve [--db sqlite:PATH|postgres://...] [--addr HOST:PORT] [--tls-cert FILE --tls-key FILE]")
	dsn := fs.String("db", envOr(env, "TOREN_DB", "sqlite:toren.db"), "database: sqlite:PATH or postgres://user:pass@host/db (env TOREN_DB)")
	addr := fs.String("addr", envOr(env, "TOREN_ADDR", "127.0.0.1:8080"), "address to listen on (env TOREN_ADDR)")
	cert := fs.String("tls-cert", env.Getenv("TOREN_TLS_CERT"), "TLS certificate file (PEM); with --tls-key serves HTTPS and sends HSTS")
	key := fs.String("tls-key", env.Getenv("TOREN_TLS_KEY"), "TLS private key file (PEM)")
	intakeTeam := fs.String("intake-team", envOr(env, "TOREN_INTAKE_TEAM", defaultIntakeTeam), "team that owns reports in triage (env TOREN_INTAKE_TEAM)")
	secure := fs.Bool("secure-cookies", env.Getenv("TOREN_SECURE_COOKIES") == "true", "mark session cookies Secure (when TLS ends at a proxy in front of Toren)")
	escalation := escalationFlags(fs, env)
	deadlines := deadlineFlags(fs, env)
	radarThresholds := radarFlags(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	thresholds, err := radarThresholds()
	if err != nil {
		return err
	}
	log := newLogger(env, env.Stderr)
	opts := serverOptions{intakeTeam: *intakeTeam, secureCookies: *secure}
	if opts.escalation, err = escalation(); err != nil {
		return err
	}
	d, err := deadlines()
	if err != nil {
		return err
	}
	opts.deadlines = &d
	if (*cert == "") != (*key == "") {
		return fmt.Errorf("--tls-cert and --tls-key go together")
	}
	if *cert != "" {
		pair, err := tls.LoadX509KeyPair(*cert, *key)
		if err != nil {
			return fmt.Errorf("load TLS key pair: %w", err)
		}
		opts.tls = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{pair}}
	}
	a, err := openApp(ctx, *dsn, log)
	if err != nil {
		return err
	}
	defer a.Close()
	a.thresholds = thresholds
	if err := a.useRadar(ctx); err != nil {
		return err
	}
	srv, err := a.server(opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	scheme := "http"
	if opts.tls != nil {
		scheme = "https"
	}
	log.Info("Toren is listening", "url", scheme+"://"+ln.Addr().String(), "database", string(a.db.Dialect()), "version", Version())
	return srv.Serve(ctx, ln)
}

func runMigrate(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "migrate", "migrate [--db sqlite:PATH|postgres://...] [--dry-run]")
	dsn := fs.String("db", envOr(env, "TOREN_DB", "sqlite:toren.db"), "database (env TOREN_DB)")
	dry := fs.Bool("dry-run", false, "list the schema changes that would be made, and make none")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dry {
		return listPendingMigrations(ctx, env, *dsn)
	}
	log := newLogger(env, env.Stderr)
	a, err := openApp(ctx, *dsn, log)
	if err != nil {
		return err
	}
	defer a.Close()
	cur, latest, err := a.db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "schema version %d of %d\n", cur, latest)
	return nil
}
