package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
)

// BackupSQLite writes a consistent copy of the SQLite database at src to
// dst while the server may keep writing. It uses VACUUM INTO, which reads
// the database in one read transaction: the copy holds every transaction
// committed before it started, including those still in the write-ahead
// log, which a plain copy of the database file would miss. Writers are not
// blocked (WAL). dst must not exist.
//
// It opens a connection of its own because the store's read pool is
// query_only, which SQLite applies to VACUUM INTO as well.
func BackupSQLite(ctx context.Context, src, dst string) error {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("store: backup: database %s: %w", src, err)
	}
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("store: backup: %s exists already; choose a new file", dst)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("store: backup: %s: %w", dst, err)
	}
	conn, err := sql.Open("sqlite", "file:"+src+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("store: backup: open %s: %w", src, err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		os.Remove(dst)
		return fmt.Errorf("store: backup: copy %s to %s: %w", src, dst, err)
	}
	// VACUUM INTO does not sync the new file; a backup that a power cut
	// can take back is no backup.
	if err := syncFile(dst); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// syncFile flushes a file and the directory entry that names it.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	err = f.Sync()
	f.Close()
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	dir := "."
	if i := strings.LastIndexByte(path, os.PathSeparator); i > 0 {
		dir = path[:i]
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// SyncFile is syncFile for commands that place database files (restore).
func SyncFile(path string) error { return syncFile(path) }

// IntegrityCheck asks SQLite to check the whole database file (every page,
// index and constraint). PostgreSQL has no counterpart that a client can
// run; there it checks only that the schema can be read.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	if db.dialect != SQLite {
		var n int
		if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM audit_log").Scan(&n); err != nil {
			return fmt.Errorf("store: integrity check: %w", err)
		}
		return nil
	}
	rows, err := db.read.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("store: integrity check: %w", err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	if len(problems) > 0 {
		if len(problems) > 5 {
			problems = append(problems[:5], fmt.Sprintf("and %d more", len(problems)-5))
		}
		return fmt.Errorf("store: integrity check failed: %s", strings.Join(problems, "; "))
	}
	return nil
}

// Empty reports whether the database holds no Toren schema yet (a restore
// target must be empty).
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var q string
	switch db.dialect {
	case SQLite:
		q = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	default:
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
	}
	var n int
	if err := db.read.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return false, fmt.Errorf("store: is the database empty: %w", err)
	}
	return n == 0, nil
}
