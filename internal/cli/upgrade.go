package cli

import (
	"context"
	"fmt"

	"toren/internal/store"
)

// listPendingMigrations prints what toren migrate would change. It opens
// the database without the app, which would migrate it.
func listPendingMigrations(ctx context.Context, env Env, dsn string) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	pending, err := db.PendingMigrations(ctx)
	if err != nil {
		return err
	}
	cur, latest, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if len(pending) == 0 {
		fmt.Fprintf(env.Stdout, "schema version %d of %d: nothing to change\n", cur, latest)
		return nil
	}
	fmt.Fprintf(env.Stdout, "schema version %d of %d; toren migrate would apply %d changes (take a backup first: toren backup):\n", cur, latest, len(pending))
	for _, m := range pending {
		fmt.Fprintf(env.Stdout, "  %05d %s: %s\n", m.Version, m.File, m.Summary)
	}
	return nil
}
