package cli

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/store"
	"toren/internal/store/storetest"
)

// openTestApp starts the app as the commands do over the database dsn,
// quietly.
func openTestApp(ctx context.Context, dsn string) (*app.App, error) {
	cfg := apptest.Config(os.TempDir())
	cfg.DB = dsn
	return app.New(ctx, cfg, slog.New(slog.DiscardHandler))
}

func quietEnv() Env { return Env{Getenv: func(string) string { return "" }} }

// counts reads the number of reports and persons of a database without
// migrating it.
func counts(t *testing.T, dsn string) (reportsN, personsN int64) {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, _, p, err := db.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r, p
}

// A backup taken while the server holds the database open has every
// committed report, including those still in the write-ahead log, and
// restores to a database that verifies.
func TestBackupWhileServingAndRestore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	a, err := openTestApp(ctx, "sqlite:"+live)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.LoadDemo(ctx, 10, 2, 3); err != nil {
		t.Fatal(err)
	}
	wantReports, wantPersons, _, err := func() (int64, int64, int64, error) {
		r, _, p, err := a.Store().Counts(ctx)
		return r, p, 0, err
	}()
	if err != nil || wantReports == 0 {
		t.Fatalf("demo data: %d reports, %v", wantReports, err)
	}
	if fi, err := os.Stat(live + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("precondition: the live database should have a write-ahead log with commits in it (%v)", err)
	}

	bk := filepath.Join(dir, "backup.db")
	code, out, errOut := run(t, "backup", "--db", "sqlite:"+live, bk)
	if code != 0 || !strings.Contains(out, "verified") {
		t.Fatalf("backup: exit %d, %q %q", code, out, errOut)
	}
	if r, p := counts(t, "sqlite:"+bk); r != wantReports || p != wantPersons {
		t.Errorf("backup holds %d reports and %d persons, live has %d and %d", r, p, wantReports, wantPersons)
	}
	if code, _, errOut := run(t, "backup", "--db", "sqlite:"+live, bk); code != 1 || !strings.Contains(errOut, "exists already") {
		t.Errorf("backup over an existing file: exit %d, %q", code, errOut)
	}
	if code, _, _ := run(t, "backup", "--db", "sqlite:"+live); code != 2 {
		t.Errorf("backup without a file: exit %d, want 2", code)
	}

	// Restore into a new place, then over an existing database, which is
	// kept aside, never overwritten.
	target := filepath.Join(dir, "restored.db")
	code, out, errOut = run(t, "restore", "--db", "sqlite:"+target, bk)
	if code != 0 || !strings.Contains(out, "audit log verified") {
		t.Fatalf("restore: exit %d, %q %q", code, out, errOut)
	}
	if r, p := counts(t, "sqlite:"+target); r != wantReports || p != wantPersons {
		t.Errorf("restored database holds %d reports and %d persons, want %d and %d", r, p, wantReports, wantPersons)
	}
	if code, out, _ := run(t, "audit", "verify", "--db", "sqlite:"+target); code != 0 || !strings.Contains(out, "verified") {
		t.Errorf("audit verify on the restored database: %d %q", code, out)
	}
	code, out, _ = run(t, "restore", "--db", "sqlite:"+target, bk)
	if code != 0 || !strings.Contains(out, "kept as") {
		t.Fatalf("restore over a database: exit %d, %q", code, out)
	}
	aside, _ := filepath.Glob(target + ".before-restore-*")
	if len(aside) != 1 {
		t.Errorf("the database restored over was not kept aside: %v", aside)
	}
}

// A damaged backup is refused and the target is left as it was.
func TestRestoreRefusesADamagedBackup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	a, err := openTestApp(ctx, "sqlite:"+live)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.LoadDemo(ctx, 0, 1, 1); err != nil {
		t.Fatal(err)
	}
	a.Close()
	bk := filepath.Join(dir, "backup.db")
	if code, out, errOut := run(t, "backup", "--db", "sqlite:"+live, bk); code != 0 {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	// Rewrite one audit entry in the backup, as a careless or hostile
	// edit would.
	raw, err := sql.Open("sqlite", "file:"+bk)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET actor_name = 'niemand' WHERE seq = 2"} {
		if _, err := raw.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	before, err := os.ReadFile(live)
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "restore", "--db", "sqlite:"+live, bk)
	if code != 1 || !strings.Contains(errOut, "nothing was changed") {
		t.Fatalf("restore of a damaged backup: exit %d, %q", code, errOut)
	}
	after, err := os.ReadFile(live)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Error("the refused restore changed the target database")
	}
	if left, _ := filepath.Glob(live + ".*"); len(left) != 0 {
		t.Errorf("the refused restore left files behind: %v", left)
	}
}

// On PostgreSQL, toren backup runs pg_dump and toren restore pg_restore
// into an empty database; the restored database verifies and holds what
// the original held. This is the restore drill of docs/operations.md.
func TestBackupRestorePostgres(t *testing.T) {
	t.Parallel()
	base := storetest.PostgresDSN(t)
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed: in CI the PostgreSQL backup drill must run", tool)
			}
			t.Skipf("%s not found: PostgreSQL backup drill skipped", tool)
		}
	}
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	suffix := hex.EncodeToString(b)
	schema, restoredDB := "bk_"+suffix, "toren_restore_"+suffix
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	// Cleanups run last-registered first: the connection must outlive the
	// drops below (a deferred Close ran before them and left databases behind).
	t.Cleanup(func() { admin.Close() })
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+restoredDB); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE "+restoredDB+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", restoredDB, err)
		}
	})
	withPath := func(dsn, db string) string {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		if db != "" {
			u.Path = "/" + db
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	src := withPath(base, "")
	a, err := openTestApp(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.LoadDemo(ctx, 5, 1, 2); err != nil {
		t.Fatal(err)
	}
	a.Close()
	wantReports, wantPersons := counts(t, src)

	dump := filepath.Join(t.TempDir(), "toren.dump")
	code, out, errOut := run(t, "backup", "--db", src, dump)
	if code != 0 {
		t.Fatalf("backup: exit %d, %q %q", code, out, errOut)
	}
	dst := withPath(base, restoredDB)
	code, out, errOut = run(t, "restore", "--db", dst, dump)
	if code != 0 || !strings.Contains(out, "audit log verified") {
		t.Fatalf("restore: exit %d, %q %q", code, out, errOut)
	}
	if r, p := counts(t, dst); r != wantReports || p != wantPersons {
		t.Errorf("restored database holds %d reports and %d persons, want %d and %d", r, p, wantReports, wantPersons)
	}
	if code, _, errOut := run(t, "restore", "--db", dst, dump); code != 1 || !strings.Contains(errOut, "not empty") {
		t.Errorf("restore into a database in use: exit %d, %q", code, errOut)
	}
}
