package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// querier runs queries written with "?" placeholders through statements
// prepared once and reused: SQLite spends more time parsing a statement
// than running one of Toren's small inserts, and PostgreSQL saves a round
// trip per query.
type querier interface {
	row(ctx context.Context, query string, args ...any) *sql.Row
	rows(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	exec(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// stmtCache holds the prepared statements of one pool, by query text.
type stmtCache struct {
	pool    *sql.DB
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// peek returns the statement for query if it was prepared before; if not,
// it notes the query, to be prepared by preparePending once the
// transaction that asked for it is over. (Preparing needs a connection,
// and SQLite's write pool has one, held by that transaction.)
func (c *stmtCache) peek(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.stmts[query]
	if !ok {
		c.pending[query] = true
	}
	return s
}

// preparePending prepares the queries noted by peek. A failure only means
// the query keeps running unprepared, so it is not an error.
func (c *stmtCache) preparePending(ctx context.Context) {
	c.mu.Lock()
	var todo []string
	for q := range c.pending {
		todo = append(todo, q)
		delete(c.pending, q)
	}
	c.mu.Unlock()
	// Prepare without holding the lock: preparing waits for a connection,
	// and the transaction holding it may need the lock to peek.
	for _, q := range todo {
		s, err := c.pool.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, dup := c.stmts[q]; dup {
			s.Close()
		} else {
			c.stmts[q] = s
		}
		c.mu.Unlock()
	}
}

// errStoreClosed is returned by a read on a closed database.
var errStoreClosed = errors.New("store: the database is closed")

// get returns the prepared statement for query (already rewritten for the
// dialect), preparing it on first use.
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	s, ok := c.stmts[query]
	c.mu.Unlock()
	if ok {
		return s, nil
	}
	// Prepare outside the lock (it waits for a connection; see preparePending).
	s, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stmts == nil {
		// Closed while this statement was prepared: a background reader
		// that outlived its database gets an error, not a panic.
		s.Close()
		return nil, errStoreClosed
	}
	if old, dup := c.stmts[query]; dup {
		s.Close()
		return old, nil
	}
	c.stmts[query] = s
	return s, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stmts {
		s.Close()
	}
	c.stmts = nil
}

// poolQ runs queries on a pool outside a transaction (reads).
type poolQ struct {
	db    *DB
	cache *stmtCache
}

func (p poolQ) row(ctx context.Context, query string, args ...any) *sql.Row {
	q := p.db.q(query)
	s, err := p.cache.get(ctx, q)
	if err != nil {
		// The plain call fails the same way and carries the error in its Row.
		return p.cache.pool.QueryRowContext(ctx, q, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

func (p poolQ) rows(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := p.cache.get(ctx, p.db.q(query))
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (p poolQ) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := p.cache.get(ctx, p.db.q(query))
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

// txQ runs queries inside a write transaction, on the statements prepared
// for the write pool.
type txQ struct {
	db *DB
	tx *sql.Tx
	// stmts keeps the transaction's copies of prepared statements, so a
	// batch of a thousand reports binds each statement to the transaction
	// once, not once per use.
	stmts map[string]*sql.Stmt
	// conn and pend are set in a transaction that defers its writes
	// (inTxBatched, PostgreSQL): the connection it runs on, and the
	// writes waiting for the next flush (pgbatch.go).
	conn *sql.Conn
	pend *pending
}

// stmt returns the transaction's copy of the prepared statement, or an
// error when it is not prepared yet (the callers then run the query as is).
func (t txQ) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := t.stmts[query]; ok {
		return s, nil
	}
	s := t.db.writeStmts.peek(t.db.q(query))
	if s == nil {
		return nil, errNotPrepared
	}
	ts := t.tx.StmtContext(ctx, s)
	t.stmts[query] = ts
	return ts, nil
}

var errNotPrepared = errors.New("statement not prepared yet")

func (t txQ) row(ctx context.Context, query string, args ...any) *sql.Row {
	// A failed flush aborts the transaction, so the query fails too; the
	// flush's error is kept as the cause (pending.err).
	_ = t.flush(ctx)
	t.db.writeRoundTrips.Add(1)
	s, err := t.stmt(ctx, query)
	if err != nil {
		return t.tx.QueryRowContext(ctx, t.db.q(query), args...)
	}
	return s.QueryRowContext(ctx, args...)
}

func (t txQ) rows(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := t.flush(ctx); err != nil {
		return nil, err
	}
	t.db.writeRoundTrips.Add(1)
	s, err := t.stmt(ctx, query)
	if err != nil {
		return t.tx.QueryContext(ctx, t.db.q(query), args...)
	}
	return s.QueryContext(ctx, args...)
}

func (t txQ) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := t.flush(ctx); err != nil {
		return nil, err
	}
	t.db.writeRoundTrips.Add(1)
	s, err := t.stmt(ctx, query)
	if err != nil {
		return t.tx.ExecContext(ctx, t.db.q(query), args...)
	}
	return s.ExecContext(ctx, args...)
}

// reader returns the querier for reads outside a transaction.
func (db *DB) reader() querier { return poolQ{db: db, cache: db.readStmts} }

// insert runs an INSERT written without RETURNING and returns the new
// row's id: SQLite reports it through LastInsertId, which spares the
// driver a result set; PostgreSQL needs RETURNING.
func (t txQ) insert(ctx context.Context, query string, args ...any) (int64, error) {
	if t.db.dialect == Postgres {
		var id int64
		err := t.row(ctx, query+" RETURNING id", args...).Scan(&id)
		return id, err
	}
	res, err := t.exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}
