package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"toren/internal/app"
	"toren/internal/config"
)

func runDemo(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "demo", "demo [--addr HOST:PORT] [--families N] [--years Y] [--seed S] [--db sqlite:PATH]")
	flags := config.NewFlags(fs, config.Demo, env.Getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := flags.Config()
	if err != nil {
		return err
	}
	log := cfg.Logger(env.Stderr)
	if cfg.DB == "" {
		dir, err := os.MkdirTemp("", "toren-demo-")
		if err != nil {
			return fmt.Errorf("make temporary folder: %w", err)
		}
		defer os.RemoveAll(dir)
		cfg.DB = "sqlite:" + filepath.Join(dir, "toren.db")
	}
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	n, err := a.LoadDemo(ctx, cfg.DemoData.Families, cfg.DemoData.Years, cfg.DemoData.Seed)
	if err != nil {
		return err
	}
	log.Info("demo data loaded", "reports", n, "took", time.Since(start).Round(time.Millisecond))

	accounts, err := a.DemoAccounts(ctx)
	if err != nil {
		return err
	}
	if played, err := a.LoadDemoCases(ctx); err != nil {
		return err
	} else if played > 0 {
		log.Info("demo cases played through the process", "cases", played)
	}
	if it, err := a.LoadDemoITYear(ctx); err != nil {
		return err
	} else if it > 0 {
		log.Info("Interventieteam's 2013 and 2014 taken over", "cases", it)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	fmt.Fprintf(env.Stdout, "Toren demo is running at http://%s/ (%d reports; stop with Ctrl-C)\n", ln.Addr(), n)
	fmt.Fprintf(env.Stdout, "Demo accounts (password %q, no second factor in the demo):\n", app.DemoPassword)
	for _, acc := range accounts {
		fmt.Fprintf(env.Stdout, "  %-22s %s\n", acc.Username, acc.About)
	}
	return a.Serve(ctx, ln)
}
