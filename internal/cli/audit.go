package cli

import (
	"context"
	"fmt"
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
	dsn := fs.String("db", envOr(env, "TOREN_DB", "sqlite:toren.db"), "database (env TOREN_DB)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	a, err := openApp(ctx, *dsn, newLogger(env, env.Stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	head, err := a.db.VerifyAudit(ctx)
	if err != nil {
		return fmt.Errorf("audit log does NOT verify: %w", err)
	}
	fmt.Fprintf(env.Stdout, "audit log verified: %s\n", head)
	return nil
}
