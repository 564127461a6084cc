package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"toren/internal/app"
	"toren/internal/audit"
	"toren/internal/config"
	"toren/internal/store"
)

// runAudit checks the audit log's hash chain against its anchor.
func runAudit(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "audit", "audit verify [--db ...] [--anchor FILE] [--audit-key FILE]")
	if len(args) == 0 || args[0] != "verify" {
		if err := parse(fs, args); err != nil {
			return err
		}
		fs.Usage()
		return errUsage
	}
	flags := config.NewFlags(fs, config.Maintain, env.Getenv)
	anchorFile := fs.String("anchor", "", "anchor file written by toren serve --audit-anchor: every anchor in it must match the log")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	cfg, err := flags.Config()
	if err != nil {
		return err
	}
	db, err := app.OpenStore(ctx, cfg.DB, cfg.Logger(env.Stderr), store.AuditKeys(cfg.AuditKeys))
	if err != nil {
		return err
	}
	defer db.Close()
	// With the key (--audit-key, TOREN_AUDIT_KEY_FILE) the keyed hashes
	// are checked too: a log rewritten without the key fails here.
	var head audit.Head
	keyed := ""
	if cfg.AuditKeys.Empty() {
		head, err = db.VerifyAudit(ctx)
	} else {
		var rep audit.KeyReport
		head, rep, err = db.VerifyAuditKeyed(ctx, cfg.AuditKeys)
		keyed = "; " + rep.String()
	}
	if err != nil {
		return fmt.Errorf("audit log does NOT verify: %w", err)
	}
	if *anchorFile == "" {
		fmt.Fprintf(env.Stdout, "audit log verified: %s%s\n", head, keyed)
		return nil
	}
	f, err := os.Open(*anchorFile)
	if err != nil {
		return fmt.Errorf("anchor file: %w", err)
	}
	defer f.Close()
	anchors, err := audit.ParseAnchors(f)
	if err != nil {
		return err
	}
	if len(anchors) == 0 {
		return fmt.Errorf("anchor file %s holds no anchor: it proves nothing", *anchorFile)
	}
	if err := audit.CheckAnchors(head, anchors, func(seq int64) (string, bool, error) { return db.AuditEntryHash(ctx, seq) }); err != nil {
		return fmt.Errorf("audit log does NOT verify against its anchors: %w", err)
	}
	fmt.Fprintf(env.Stdout, "audit log verified: %s%s; all %d anchors match (the newest of %s)\n", head, keyed, len(anchors), anchors[len(anchors)-1].At.UTC().Format(time.RFC3339))
	return nil
}
