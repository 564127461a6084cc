package cli

import (
	"context"
	"fmt"
	"toren/internal/app"
	"toren/internal/config"
)

// runAudit checks the audit log's hash chain against its anchor.
func runAudit(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "audit", "audit verify [--db ...]")
	if len(args) == 0 || args[0] != "verify" {
		if err := parse(fs, args); err != nil {
			return err
		}
		fs.Usage()
		return errUsage
	}
	flags := config.NewFlags(fs, config.Maintain, env.Getenv)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	cfg, err := flags.Config()
	if err != nil {
		return err
	}
	db, err := app.OpenStore(ctx, cfg.DB, cfg.Logger(env.Stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	head, err := db.VerifyAudit(ctx)
	if err != nil {
		return fmt.Errorf("audit log does NOT verify: %w", err)
	}
	fmt.Fprintf(env.Stdout, "audit log verified: %s\n", head)
	return nil
}
