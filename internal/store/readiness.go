package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"toren/internal/toren"
)

// SQLite result codes (the primary code is the low byte of an extended one).
const (
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
)

// Ready checks that the database can take a durable write now: it rewrites
// one row and commits. A database that answers reads while every write
// fails (a full disk, a file system remounted read-only) is not ready.
func (db *DB) Ready(ctx context.Context) error {
	return db.inTx(ctx, func(tq txQ) error {
		_, err := tq.exec(ctx, "UPDATE readiness SET checked_at = ? WHERE id = 1", time.Now().UTC())
		if err != nil {
			return fmt.Errorf("store: readiness write: %w", err)
		}
		return nil
	})
}

// WriteFailures returns how many writes failed because the database could
// not store anything (full disk, I/O error, read-only), since start-up.
func (db *DB) WriteFailures() uint64 { return db.writeFailures.Load() }

// WriteRoundTrips returns how many times write transactions waited on the
// database: for begin, each statement or batch of statements, and the
// commit. On PostgreSQL each is a network round trip of the writer.
func (db *DB) WriteRoundTrips() uint64 { return db.writeRoundTrips.Load() }

// unavailable turns a failure of the storage itself into an application
// error with toren.CodeUnavailable, counted, so adapters answer 503 with a
// maintenance page instead of a 500, and the operator sees it in metrics.
// Other errors pass unchanged.
func (db *DB) unavailable(err error) error {
	if err == nil || !storageDown(err) {
		return err
	}
	db.writeFailures.Add(1)
	return &toren.Error{Code: toren.CodeUnavailable, Message: "the database cannot store anything now; try again later", Err: err}
}

// storageDown reports whether err says the storage cannot take writes at
// all (as opposed to a rule, a conflict or a bug).
func storageDown(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqliteFull, sqliteIOErr, sqliteReadOnly, sqliteCantOpen:
			return true
		}
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		// Class 53: insufficient resources (53100 disk full, 53200 out
		// of memory, 53300 too many connections); 58030: I/O error;
		// 25006: read-only transaction (a standby after failover).
		return strings.HasPrefix(pg.Code, "53") || pg.Code == "58030" || pg.Code == "25006"
	}
	var ce *pgconn.ConnectError
	return errors.As(err, &ce)
}
