package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"toren/internal/ci"

	"toren/internal/store"
)

// OpenSQLite returns a fresh migrated SQLite database in a temp dir.
func OpenSQLite(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "toren.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// PostgresDSN returns TOREN_TEST_POSTGRES. Without it the test is skipped,
// except in CI, where a skipped PostgreSQL suite is a failure.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("TOREN_TEST_POSTGRES")
	if dsn == "" {
		if ci.Running() {
			t.Fatal("TOREN_TEST_POSTGRES is not set: in CI the PostgreSQL suite must run")
		}
		t.Skip("PostgreSQL suite skipped: set TOREN_TEST_POSTGRES=postgres://... to run it")
	}
	return dsn
}

// OpenPostgres returns a fresh migrated PostgreSQL schema of its own, so
// tests never see each other's rows; the schema is dropped afterwards.
func OpenPostgres(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, PostgresSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// PostgresSchema makes an empty PostgreSQL schema of the test's own in
// TOREN_TEST_POSTGRES, dropped after the test, and returns the DSN that
// works in it (for a test that opens the database itself, such as the
// whole app in internal/apptest).
func PostgresSchema(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	dsn := PostgresDSN(t)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", dsn)
		if err == nil {
			a.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenPostgresTwice returns two connections (pools) to one fresh migrated
// PostgreSQL schema: what two servers on one database share.
func OpenPostgresTwice(t testing.TB) (*store.DB, *store.DB) {
	t.Helper()
	ctx := context.Background()
	dsn := PostgresSchema(t)
	var dbs [2]*store.DB
	for i := range dbs {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	if _, err := dbs[0].Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return dbs[0], dbs[1]
}
