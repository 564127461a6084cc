package cli

import (
	"compress/gzip"
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"toren/internal/store"
)

// loadFixture writes a SQLite database from a release fixture (SQL text
// made by scripts/release-fixture.sh with that release's toren demo).
func loadFixture(t *testing.T, fixture, path string) {
	t.Helper()
	f, err := os.Open(fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	script, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(string(script)); err != nil {
		t.Fatalf("load %s: %v", fixture, err)
	}
}

// A database made by the previous release, with its data, migrates to the
// current schema, keeps every report and person, and its audit chain still
// verifies; a second migration changes nothing.
func TestUpgradeFromPreviousRelease(t *testing.T) {
	t.Parallel()
	fixtures, _ := filepath.Glob("testdata/upgrade/release-*.sql.gz")
	if len(fixtures) == 0 {
		t.Fatal("no release fixture in testdata/upgrade (scripts/release-fixture.sh makes one)")
	}
	for _, fx := range fixtures {
		t.Run(filepath.Base(fx), func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "old.db")
			loadFixture(t, fx, path)
			dsn := "sqlite:" + path
			wantReports, wantPersons := counts(t, dsn)
			if wantReports == 0 || wantPersons == 0 {
				t.Fatalf("fixture holds %d reports and %d persons", wantReports, wantPersons)
			}
			code, out, _ := run(t, "migrate", "--db", dsn, "--dry-run")
			if code != 0 {
				t.Fatalf("migrate --dry-run: exit %d", code)
			}
			pendingLines := strings.Count(out, "\n  ")
			if r, p := counts(t, dsn); r != wantReports || p != wantPersons {
				t.Fatalf("--dry-run changed the data")
			}
			code, out, errOut := run(t, "migrate", "--db", dsn)
			if code != 0 {
				t.Fatalf("migrate: exit %d %q %q", code, out, errOut)
			}
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			cur, latest, err := db.SchemaVersion(ctx)
			db.Close()
			if err != nil || cur != latest {
				t.Fatalf("after migrate: schema %d of %d (%v)", cur, latest, err)
			}
			t.Logf("%d schema changes applied", pendingLines)
			if r, p := counts(t, dsn); r != wantReports || p != wantPersons {
				t.Errorf("after migrate: %d reports, %d persons; want %d, %d", r, p, wantReports, wantPersons)
			}
			if code, out, errOut := run(t, "audit", "verify", "--db", dsn); code != 0 {
				t.Errorf("audit verify after migrate: %d %q %q", code, out, errOut)
			}
			if _, out, _ := run(t, "migrate", "--db", dsn, "--dry-run"); !strings.Contains(out, "nothing to change") {
				t.Errorf("second dry run: %q", out)
			}
		})
	}
}

// A schema newer than the binary knows is refused by serve and migrate,
// with the version named; --dry-run lists what a migration would apply.
func TestRefusesNewerSchemaAndDryRunLists(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	dsn := "sqlite:" + path
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	pending, err := db.PendingMigrations(ctx)
	if err != nil || len(pending) == 0 || pending[0].Version != 1 || pending[0].Summary == "" {
		t.Fatalf("pending on an empty database: %+v %v", pending, err)
	}
	_, latest, _ := db.SchemaVersion(ctx)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.ExecForTest(ctx, "INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)", latest+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, args := range [][]string{{"migrate", "--db", dsn}, {"migrate", "--db", dsn, "--dry-run"}, {"serve", "--db", dsn, "--addr", "127.0.0.1:0"}} {
		code, _, errOut := run(t, args...)
		if code != 1 || !strings.Contains(errOut, "newer than this toren knows") {
			t.Errorf("%v on a newer schema: exit %d, %q", args, code, errOut)
		}
	}
}
