package store

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/pressly/goose/v3"

	"toren/internal/toren"
)

// refuseNewer fails when the database's schema is newer than the newest
// migration this binary carries.
func refuseNewer(ctx context.Context, p *goose.Provider) error {
	cur, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("store: schema version: %w", err)
	}
	var latest int64
	if srcs := p.ListSources(); len(srcs) > 0 {
		latest = srcs[len(srcs)-1].Version
	}
	if cur > latest {
		return toren.Errorf(toren.CodeConflict,
			"the database schema is at version %d, newer than this toren knows (%d): run the release of toren that upgraded it, or a newer one (toren version prints the release)", cur, latest)
	}
	return nil
}

// Migration is one schema change, as toren migrate --dry-run lists it.
type Migration struct {
	Version int64
	File    string
	// Summary is the comment at the top of the migration: why it exists.
	Summary string
}

// PendingMigrations returns the migrations Migrate would apply, without
// applying any.
func (db *DB) PendingMigrations(ctx context.Context) ([]Migration, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	if err := refuseNewer(ctx, p); err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migration status: %w", err)
	}
	sub, err := fs.Sub(migrations, "migrations/"+string(db.dialect))
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	var out []Migration
	for _, s := range st {
		if s.State != goose.StatePending {
			continue
		}
		name := path.Base(s.Source.Path)
		out = append(out, Migration{Version: s.Source.Version, File: name, Summary: summary(sub, name)})
	}
	return out, nil
}

// summary returns the leading comment of a migration file, joined into one
// line, without goose's annotations.
func summary(fsys fs.FS, name string) string {
	f, err := fsys.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	var parts []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "-- +goose") {
			continue
		}
		if !strings.HasPrefix(line, "--") {
			break
		}
		parts = append(parts, strings.TrimSpace(strings.TrimPrefix(line, "--")))
	}
	return strings.Join(parts, " ")
}
