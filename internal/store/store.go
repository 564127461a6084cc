// Package store keeps Toren's data in SQLite (embedded, the default) or
// PostgreSQL (production). Both run the same SQL through database/sql;
// the differences between the two dialects (placeholders, schema types,
// connection set-up, and on PostgreSQL intake's writes sent as pgx
// batches: pgbatch.go) live in this package alone, and one conformance
// suite (storetest) runs against both so their behaviour cannot drift.
//
// Every write is one transaction. Updates carry a version: a concurrent
// update of the same record returns a toren.CodeConflict error.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pressly/goose/v3"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver (pure Go)

	"toren/internal/audit"
	"toren/internal/toren"
)

//go:embed migrations
var migrations embed.FS

// Dialect is the SQL dialect of the connected database.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is Toren's storage. For SQLite, writes go through a single connection
// (SQLite has one writer; queuing in Go is cheaper than busy-waiting in
// SQLite) and reads through a pool; PostgreSQL uses one pool for both.
type DB struct {
	dialect    Dialect
	write      *sql.DB
	read       *sql.DB
	writeStmts *stmtCache
	readStmts  *stmtCache
	// writeFailures counts writes refused because the storage was down.
	writeFailures atomic.Uint64
	// writeRoundTrips counts what write transactions sent to the
	// database and waited for: begin, each statement or batch, commit
	// (WriteRoundTrips; on PostgreSQL each is a network round trip).
	writeRoundTrips atomic.Uint64
	// checkpoints copies the WAL into the database file (SQLite only).
	checkpoints *checkpointer
	// auditKeys key the audit chain (empty: entries are not keyed).
	auditKeys audit.Keyring
}

// Option sets up a DB as it is opened.
type Option func(*DB)

// AuditKeys keys every audit entry the DB appends with the current key of
// ring (internal/audit/key.go); an empty ring appends unkeyed entries.
func AuditKeys(ring audit.Keyring) Option { return func(db *DB) { db.auditKeys = ring } }

func newDB(d Dialect, write, read *sql.DB) *DB {
	db := &DB{dialect: d, write: write, read: read, writeStmts: newStmtCache(write), readStmts: newStmtCache(read)}
	if read == write {
		db.readStmts = db.writeStmts
	}
	return db
}

// Open connects to dsn: "sqlite:PATH" (":memory:" is not supported, since
// the reader and writer pools must share one database; use a temp file) or
// "postgres://..." / "postgresql://...". It does not migrate: call Migrate.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	var db *DB
	var err error
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		db, err = openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err = openPostgres(ctx, dsn)
	default:
		return nil, fmt.Errorf("store: database %q: want sqlite:PATH or postgres://...", redact(dsn))
	}
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		o(db)
	}
	return db, nil
}

// SQLite pragmas. WAL lets readers run beside the writer. synchronous=FULL
// makes every commit fsync the WAL before it returns, so an acknowledged
// report survives a power cut, not only a process crash (NORMAL would risk
// the last transactions on power loss). busy_timeout covers the rare
// checkpoint contention; foreign_keys enforces the references. The writer
// gets a larger page cache (64 MiB) than each reader (16 MiB): it touches
// every index of a growing registry on each insert.
const sqlitePragmas = "_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=temp_store(MEMORY)"

// sqlitePageSize is the page size of a new SQLite database. A report adds
// keys at random places in a dozen indexes (persons by name and date of
// birth, BSN, address, the search keys, the idempotency key), and each
// such key makes its commit write a whole page to the WAL: at 2 KiB
// instead of SQLite's default 4 KiB a report writes about a third fewer
// bytes (docs/benchmarks.md), and the CPU cost stayed the same in the
// benchmark. (1 KiB cuts the WAL by another third, but not the
// checkpoints, which write each page as a 4 KiB block of the file
// system whatever its size, and on a large registry those are most of
// the bytes; the server's CPU per report rose by about 5%.) An existing
// database keeps the page size it was made with.
const sqlitePageSize = 2048

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" || path == ":memory:" {
		return nil, fmt.Errorf("store: sqlite needs a file path")
	}
	if err := createSQLite(ctx, path); err != nil {
		return nil, err
	}
	// The writer never checkpoints: the checkpointer does (checkpoint.go).
	w, err := sql.Open("sqlite", "file:"+path+"?"+sqlitePragmas+"&_pragma=cache_size(-65536)&_pragma=wal_autocheckpoint(0)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+sqlitePragmas+"&_pragma=cache_size(-16384)&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open sqlite %s for reading: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	db := newDB(SQLite, w, r)
	if db.checkpoints, err = startCheckpointer(path); err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	return db, nil
}

// createSQLite makes a new database file with Toren's page size; an
// existing database keeps the page size it was made with.
func createSQLite(ctx context.Context, path string) error {
	if st, err := os.Stat(path); err == nil && st.Size() > 0 {
		return nil
	}
	c, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return fmt.Errorf("store: create sqlite %s: %w", path, err)
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	for _, q := range []string{fmt.Sprintf("PRAGMA page_size = %d", sqlitePageSize), "PRAGMA journal_mode = WAL"} {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: create sqlite %s: %s: %w", path, q, err)
		}
	}
	return nil
}

// The PostgreSQL pool: at most pgPoolSize connections, all kept open
// while in use; one idle for pgConnMaxIdle is closed (a quiet server does
// not hold connections the database could give to others), and one
// older than pgConnMaxLifetime is replaced when it is next free.
const (
	pgPoolSize        = 16
	pgConnMaxIdle     = 5 * time.Minute
	pgConnMaxLifetime = 30 * time.Minute
)

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres %s: %w", redact(dsn), err)
	}
	// Keep every connection the pool may open: database/sql keeps only two
	// idle by default, so under concurrent requests the pool closed and
	// reopened connections all the time, each a TLS handshake and a SCRAM
	// authentication (CPU on both ends, several round trips) and a fresh
	// preparation of every statement it then ran. At 16 clients that made
	// intake slower than at one.
	db.SetMaxOpenConns(pgPoolSize)
	db.SetMaxIdleConns(pgPoolSize)
	db.SetConnMaxIdleTime(pgConnMaxIdle)
	// A connection kept busy is still replaced now and then: after a
	// failover that leaves old connections open to a server that became
	// read-only, writes would otherwise fail until Toren restarts.
	db.SetConnMaxLifetime(pgConnMaxLifetime)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect postgres %s: %w", redact(dsn), err)
	}
	return newDB(Postgres, db, db), nil
}

// redact hides a password in a DSN before it reaches a log or error.
func redact(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return dsn[:scheme+3] + userinfo[:i] + ":***" + dsn[at:]
	}
	return dsn
}

// Dialect returns the SQL dialect in use.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes the connections.
func (db *DB) Close() error {
	var err error
	if db.checkpoints != nil {
		err = db.checkpoints.close()
	}
	db.writeStmts.close()
	if db.readStmts != db.writeStmts {
		db.readStmts.close()
	}
	err = errors.Join(err, db.write.Close())
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers (for /healthz).
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

func (db *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(db.dialect))
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	d := goose.DialectSQLite3
	if db.dialect == Postgres {
		d = goose.DialectPostgres
	}
	p, err := goose.NewProvider(d, db.write, sub)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// Migrate brings the schema up to date and returns the versions applied.
// A schema newer than this binary knows is refused (toren.CodeConflict):
// goose would accept it silently, and an older binary writing to a newer
// schema can break it in ways no test of either release covers.
func (db *DB) Migrate(ctx context.Context) ([]int64, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	if err := refuseNewer(ctx, p); err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	var applied []int64
	for _, r := range res {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}

// SchemaVersion returns the current and the newest known schema version.
func (db *DB) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	p, err := db.provider()
	if err != nil {
		return 0, 0, err
	}
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("store: schema version: %w", err)
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		latest = srcs[len(srcs)-1].Version
	}
	return current, latest, nil
}

// q rewrites "?" placeholders to "$1, $2..." for PostgreSQL. Queries in
// this package are written with "?" and never contain a literal "?".
func (db *DB) q(query string) string {
	if db.dialect != Postgres {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// inTx runs fn in one write transaction, committing when fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tq txQ) error) error {
	return db.inTxCommit(ctx, fn, nil)
}

// inTxCommit is inTx with the commit run by wrap (directly when nil), so
// that a resolver session can order what it publishes against the commit.
func (db *DB) inTxCommit(ctx context.Context, fn func(tq txQ) error, wrap func(commit func() error) error) error {
	return db.runTx(ctx, nil, fn, wrap)
}

// runTx runs fn in a write transaction: on the pool, or on conn, with its
// writes deferred (inTxBatched).
func (db *DB) runTx(ctx context.Context, conn *sql.Conn, fn func(tq txQ) error, wrap func(commit func() error) error) error {
	tq := txQ{db: db, stmts: map[string]*sql.Stmt{}}
	var err error
	if conn != nil {
		tq.conn, tq.pend = conn, &pending{}
		tq.tx, err = conn.BeginTx(ctx, nil)
	} else {
		tq.tx, err = db.write.BeginTx(ctx, nil)
	}
	if err != nil {
		return db.unavailable(fmt.Errorf("begin: %w", err))
	}
	db.writeRoundTrips.Add(2) // begin and commit (or rollback)
	defer db.writeStmts.preparePending(ctx)
	err = fn(tq)
	if err == nil {
		// What is still deferred goes before the commit.
		err = tq.flush(ctx)
	}
	if tq.pend != nil && tq.pend.err != nil {
		// A deferred write failed at a flush that could not say so: it is
		// the cause of whatever failed after it.
		err = tq.pend.err
	}
	if err != nil {
		_ = tq.tx.Rollback()
		return db.unavailable(err)
	}
	if wrap == nil {
		err = tq.tx.Commit()
	} else {
		err = wrap(tq.tx.Commit)
	}
	if err != nil {
		return db.unavailable(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// notFound and conflict build the application errors callers map to 404/409.
func notFound(what string, id any) error {
	return toren.Errorf(toren.CodeNotFound, "%s %v not found", what, id)
}

func conflict(what string, id any) error {
	return toren.Errorf(toren.CodeConflict, "%s %v was changed by someone else; reload and try again", what, id)
}
