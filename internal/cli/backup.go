package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"toren/internal/config"
	"toren/internal/store"
)

// runBackup writes an online, consistent copy of the database and checks
// the copy before it reports success: a backup that cannot be restored is
// found now, not on the day it is needed.
//
// SQLite is copied with VACUUM INTO (the server may keep running);
// PostgreSQL with pg_dump in its custom format, restored with toren restore
// or pg_restore.
func runBackup(ctx context.Context, env Env, args []string) error {
	dsn, dst, err := fileCommand(env, "backup", args, "name the file to write, e.g. toren backup toren-2026-12-07.db")
	if err != nil {
		return err
	}
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		src := strings.TrimPrefix(dsn, "sqlite:")
		if err := store.BackupSQLite(ctx, src, dst); err != nil {
			return err
		}
		sum, err := verifyDatabase(ctx, "sqlite:"+dst)
		if err != nil {
			os.Remove(dst)
			return fmt.Errorf("the copy does not verify and was removed: %w", err)
		}
		fmt.Fprintf(env.Stdout, "backup written to %s and verified: %s\n", dst, sum)
		return nil
	case isPostgres(dsn):
		if _, err := os.Stat(dst); err == nil {
			return fmt.Errorf("%s exists already; choose a new file", dst)
		}
		conn, schema, err := libpqURI(dsn)
		if err != nil {
			return err
		}
		args := []string{"--format=custom", "--no-owner", "--file=" + dst, "--dbname=" + conn}
		if schema != "" {
			args = append(args, "--schema="+schema)
		}
		if err := runTool(ctx, env.Stderr, "pg_dump", args...); err != nil {
			os.Remove(dst)
			return err
		}
		// pg_restore --list reads the whole archive's table of contents: a
		// truncated or damaged file fails here.
		if err := runTool(ctx, io.Discard, "pg_restore", "--list", dst); err != nil {
			os.Remove(dst)
			return fmt.Errorf("the dump does not read back and was removed: %w", err)
		}
		if err := store.SyncFile(dst); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "backup written to %s (pg_dump custom format); verify it with a restore drill: toren restore --db postgres://.../scratch %s\n", dst, dst)
		return nil
	default:
		return fmt.Errorf("database %q: want sqlite:PATH or postgres://...", dsn)
	}
}

// fileCommand parses the flags of backup and restore: the database and
// the one file the command works on (missing names get the hint).
func fileCommand(env Env, name string, args []string, hint string) (dsn, file string, err error) {
	fs := newFlags(env, name, name+" [--db sqlite:PATH|postgres://...] FILE")
	flags := config.NewFlags(fs, config.Maintain, env.Getenv)
	if err := parse(fs, args); err != nil {
		return "", "", err
	}
	cfg, err := flags.Config()
	if err != nil {
		return "", "", err
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(env.Stderr, "toren %s: %s\n", name, hint)
		fs.Usage()
		return "", "", errUsage
	}
	return cfg.DB, fs.Arg(0), nil
}

// runRestore puts a backup in place. The target must not be in use: stop
// the servers first. An existing SQLite database is moved aside, never
// overwritten; a PostgreSQL target must be an empty database.
func runRestore(ctx context.Context, env Env, args []string) error {
	dsn, src, err := fileCommand(env, "restore", args, "name the backup file to restore")
	if err != nil {
		return err
	}
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup file: %w", err)
	}
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		target := strings.TrimPrefix(dsn, "sqlite:")
		// Copy next to the target first and check the copy, so that the
		// target is only replaced by a database known to be whole.
		tmp := target + ".restoring"
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			os.Remove(p)
		}
		if err := store.BackupSQLite(ctx, src, tmp); err != nil {
			return err
		}
		sum, err := verifyDatabase(ctx, "sqlite:"+tmp)
		if err != nil {
			os.Remove(tmp)
			return fmt.Errorf("the backup does not verify; nothing was changed: %w", err)
		}
		for _, p := range []string{tmp + "-wal", tmp + "-shm"} {
			os.Remove(p)
		}
		var aside string
		if _, err := os.Stat(target); err == nil {
			aside = fmt.Sprintf("%s.before-restore-%s", target, timestamp())
			for _, suffix := range []string{"", "-wal", "-shm"} {
				if err := os.Rename(target+suffix, aside+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
					return fmt.Errorf("move the current database aside: %w", err)
				}
			}
		}
		if err := os.Rename(tmp, target); err != nil {
			return fmt.Errorf("put the restored database in place: %w", err)
		}
		if err := store.SyncFile(target); err != nil {
			return err
		}
		if aside != "" {
			fmt.Fprintf(env.Stdout, "the database that was there is kept as %s\n", aside)
		}
		fmt.Fprintf(env.Stdout, "restored %s from %s: %s\n", target, src, sum)
		return nil
	case isPostgres(dsn):
		db, err := store.Open(ctx, dsn)
		if err != nil {
			return err
		}
		empty, err := db.Empty(ctx)
		db.Close()
		if err != nil {
			return err
		}
		if !empty {
			return fmt.Errorf("the target database is not empty; restore into a new database (createdb) and point toren at it")
		}
		conn, _, err := libpqURI(dsn)
		if err != nil {
			return err
		}
		if err := runTool(ctx, env.Stderr, "pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", "--dbname="+conn, src); err != nil {
			return err
		}
		sum, err := verifyDatabase(ctx, dsn)
		if err != nil {
			return fmt.Errorf("restored, but the result does not verify: %w", err)
		}
		fmt.Fprintf(env.Stdout, "restored from %s: %s\n", src, sum)
		return nil
	default:
		return fmt.Errorf("database %q: want sqlite:PATH or postgres://...", dsn)
	}
}

// verifyDatabase opens a database without migrating it and checks what a
// restore depends on: a schema this binary knows, whole pages and indexes
// (SQLite), and an unbroken audit chain.
func verifyDatabase(ctx context.Context, dsn string) (string, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	cur, latest, err := db.SchemaVersion(ctx)
	if err != nil {
		return "", err
	}
	if cur > latest {
		return "", fmt.Errorf("schema version %d is newer than this toren knows (%d); use the release that wrote it", cur, latest)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		return "", err
	}
	head, err := db.VerifyAudit(ctx)
	if err != nil {
		return "", fmt.Errorf("audit log does not verify: %w", err)
	}
	return fmt.Sprintf("schema version %d, integrity ok, audit log verified: %s", cur, head), nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// libpqURI turns Toren's PostgreSQL DSN into one the PostgreSQL tools
// accept: pgx takes search_path as a query parameter, libpq does not, so
// it is returned apart (the tools take it as --schema).
func libpqURI(dsn string) (conn, schema string, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", "", fmt.Errorf("database address: %w", err)
	}
	q := u.Query()
	schema = q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String(), schema, nil
}

// runTool runs a PostgreSQL client tool, passing its error output on.
func runTool(ctx context.Context, stderr io.Writer, name string, args ...string) error {
	path, err := exec.LookPath(name)
	if err != nil {
		return fmt.Errorf("%s is needed for PostgreSQL backups and was not found; install the PostgreSQL client tools of the server's version", name)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdout = stderr
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return nil
}

// timestamp names a file moved aside; the wall clock is what an operator
// looks for in a directory listing.
func timestamp() string { return time.Now().UTC().Format("20060102T150405Z") }
