package cli

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"toren/internal/auth"
	"toren/internal/cases"
	"toren/internal/config"

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
	flags := config.NewFlags(fs, config.Serve, env.Getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := flags.Config()
	if err != nil {
		return err
	}
	log := cfg.Logger(env.Stderr)
	d := cfg.Deadlines
	opts := serverOptions{intakeTeam: cfg.IntakeTeam, secureCookies: cfg.SecureCookies, escalation: cfg.Escalation, deadlines: &d}
	if cfg.TLSCert != "" {
		pair, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return fmt.Errorf("load TLS key pair: %w", err)
		}
		opts.tls = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{pair}}
	}
	thresholds := cfg.Radar
	dsn, addr := &cfg.DB, &cfg.Addr
	a, err := openApp(ctx, *dsn, log)
	if err != nil {
		return err
	}
	defer a.Close()
	a.thresholds = &thresholds
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
	fs := newFlags(env, "migrate", "migrate [--db sqlite:PATH|postgres://...]")
	dsn := fs.String("db", envOr(env, "TOREN_DB", "sqlite:toren.db"), "database (env TOREN_DB)")
	if err := parse(fs, args); err != nil {
		return err
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
