package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"runtime/pprof"

	"toren/internal/app"
	"toren/internal/config"
	"toren/internal/retention"
	"toren/internal/store"
)

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
	if path := env.Getenv("TOREN_CPUPROFILE"); path != "" {
		// A CPU profile of the whole run, for finding where time goes
		// under load (toren bench intake --cpuprofile).
		stop, err := startCPUProfile(path)
		if err != nil {
			return err
		}
		defer stop()
	}
	if path := env.Getenv("TOREN_MEMPROFILE"); path != "" {
		// Every allocation of the run, sampled, written when the server
		// stops (toren bench intake --memprofile).
		defer writeAllocProfile(path, log)
	}
	if env.Getenv("GOGC") == "" {
		// The collector's pace (docs/operations.md, "Memory and the
		// garbage collector"): an operator's GOGC wins.
		debug.SetGCPercent(serveGCPercent)
	}
	cfg.RadarInBackground = true
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	// The retention rule this server runs under is the one in force: a
	// console run under another is refused (internal/retention/inforce.go).
	if changed, err := retention.RecordRule(ctx, a.Store(), cfg.Retention, a.Clock().Now(), "cli:toren serve"); err != nil {
		return err
	} else if changed {
		log.Info("retention rule in force", "rule", cfg.Retention.String())
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	scheme := "http"
	if a.TLS() {
		scheme = "https"
	}
	log.Info("Toren is listening", "url", scheme+"://"+ln.Addr().String(), "database", string(a.Store().Dialect()), "version", app.Version())
	return a.Serve(ctx, ln)
}

func runMigrate(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "migrate", "migrate [--db sqlite:PATH|postgres://...] [--dry-run]")
	flags := config.NewFlags(fs, config.Maintain, env.Getenv)
	dry := fs.Bool("dry-run", false, "list the schema changes that would be made, and make none")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := flags.Config()
	if err != nil {
		return err
	}
	if *dry {
		return listPendingMigrations(ctx, env, cfg.DB)
	}
	db, err := app.OpenStore(ctx, cfg.DB, cfg.Logger(env.Stderr), store.AuditKeys(cfg.AuditKeys))
	if err != nil {
		return err
	}
	defer db.Close()
	cur, latest, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "schema version %d of %d\n", cur, latest)
	return nil
}

// serveGCPercent is the server's GOGC unless the environment sets one.
// The heap may grow to three times what is live between collections
// instead of twice: under intake load the server spent about 9 % less CPU
// a report, for about a fifth more resident memory (docs/benchmarks.md,
// issue 12). Most of the live heap is the radar's index, about 150 bytes
// a person, so a registry of a million persons costs roughly 150 - 250 MB
// more at the peak.
const serveGCPercent = 200

func writeAllocProfile(path string, log *slog.Logger) {
	f, err := os.Create(path)
	if err != nil {
		log.Error("allocation profile", "err", err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		log.Error("allocation profile", "err", err)
	}
}

func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
