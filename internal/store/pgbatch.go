package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// On PostgreSQL every statement of a transaction is a network round trip,
// and intake's single group writer waits on each: a report used to cost
// about ten. An intake transaction therefore defers its writes (later):
// they queue and go to the server as one pipelined pgx.Batch just before
// the transaction next reads, or before it commits. Whatever the
// transaction reads thus sees every write it made before, as when each
// statement ran at once; a write that fails fails the transaction at the
// next read or at the commit instead of at its own call.

// pending holds the deferred writes of one transaction.
type pending struct {
	stmts []pendingStmt
	// err is the first failure of a flush run by row, which cannot return
	// it (a *sql.Row carries only its own query's error): the transaction
	// is then aborted, and inTxBatched returns err as the cause.
	err error
}

// pendingStmt is one deferred statement: a write, whose check, when set,
// judges the number of rows it changed (an update guarded by a version,
// say), or a read queued ahead (txQ.ahead), whose rows go to scan.
type pendingStmt struct {
	query string
	args  []any
	check func(rows int64) error
	scan  func(scanner) error
}

// deferring says whether writes through later wait for the next flush.
func (t txQ) deferring() bool { return t.pend != nil }

// later runs a write whose result the caller does not need now: in a
// batched transaction (PostgreSQL intake) it is queued until the next
// read or the commit, elsewhere it runs at once. check, when not nil, is
// given the number of rows the write changed.
func (t txQ) later(ctx context.Context, check func(rows int64) error, query string, args ...any) error {
	if t.pend == nil {
		res, err := t.exec(ctx, query, args...)
		if err != nil || check == nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		return check(n)
	}
	t.pend.stmts = append(t.pend.stmts, pendingStmt{query: t.db.q(query), args: args, check: check})
	return nil
}

// ahead queues a read whose answer the caller needs only after the next
// flush (a block of IDs for the next group of inserts, say): in a batched
// transaction it goes with the next batch, elsewhere it runs at once.
// fn gets each of its rows.
func (t txQ) ahead(ctx context.Context, fn func(scanner) error, query string, args ...any) error {
	if t.pend == nil {
		return t.each(ctx, fn, query, args...)
	}
	t.pend.stmts = append(t.pend.stmts, pendingStmt{query: t.db.q(query), args: args, scan: fn})
	return nil
}

// flush sends the deferred writes, if any, in one round trip.
func (t txQ) flush(ctx context.Context) error {
	if t.pend == nil || len(t.pend.stmts) == 0 {
		return nil
	}
	return t.batch(ctx, "", nil, nil)
}

// each runs query and calls fn for each row. In a batched transaction the
// deferred writes go in the same round trip, ahead of the query.
func (t txQ) each(ctx context.Context, fn func(scanner) error, query string, args ...any) error {
	if t.pend != nil && len(t.pend.stmts) > 0 {
		return t.batch(ctx, query, args, fn)
	}
	return eachRow(ctx, t, fn, query, args)
}

// queryEach is txQ.each on any querier: reads outside a transaction run
// as they are.
func queryEach(ctx context.Context, q querier, fn func(scanner) error, query string, args ...any) error {
	if tq, ok := q.(txQ); ok {
		return tq.each(ctx, fn, query, args...)
	}
	return eachRow(ctx, q, fn, query, args)
}

// eachRow runs query on q and calls fn for each row.
func eachRow(ctx context.Context, q querier, fn func(scanner) error, query string, args []any) error {
	rows, err := q.rows(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return forRows(rows, fn)
}

// rowIter is what database/sql's and pgx's rows have in common.
type rowIter interface {
	scanner
	Next() bool
	Err() error
}

// forRows calls fn for each row of rows.
func forRows(rows rowIter, fn func(scanner) error) error {
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// batch sends the deferred writes and then query (when not empty) as one
// pipelined batch on the transaction's connection, and calls fn for each
// row of query.
func (t txQ) batch(ctx context.Context, query string, args []any, fn func(scanner) error) error {
	stmts := t.pend.stmts
	t.pend.stmts = nil
	t.db.writeRoundTrips.Add(1)
	err := t.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("batch: connection is a %T, not pgx", dc)
		}
		b := &pgx.Batch{}
		for _, s := range stmts {
			b.Queue(s.query, s.args...)
		}
		if query != "" {
			b.Queue(t.db.q(query), args...)
			stmts = append(stmts, pendingStmt{scan: fn})
		}
		br := sc.Conn().SendBatch(ctx, b)
		for _, s := range stmts {
			var err error
			if s.scan != nil {
				err = scanAll(br, s.scan)
			} else {
				var tag pgconn.CommandTag
				tag, err = br.Exec()
				if err == nil && s.check != nil {
					err = s.check(tag.RowsAffected())
				}
			}
			if err != nil {
				if s.query != "" {
					err = fmt.Errorf("%s: %w", statementName(s.query), err)
				}
				// Closing reports the same failure again.
				_ = br.Close()
				return err
			}
		}
		return br.Close()
	})
	if err != nil && t.pend.err == nil {
		t.pend.err = err
	}
	return err
}

// scanAll gives fn each row of the batch's next result.
func scanAll(br pgx.BatchResults, fn func(scanner) error) error {
	rows, err := br.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	return forRows(rows, fn)
}

// statementName is the start of a statement, enough to say which of a
// batch failed.
func statementName(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if len(q) > 40 {
		q = q[:40] + "…"
	}
	return q
}

// inTxBatched is inTxCommit for a transaction that defers its writes
// (later) on PostgreSQL: it runs on a connection of its own, so that the
// batches can use the pgx connection underneath database/sql, and sends
// what is still deferred before the commit. On SQLite it is inTxCommit.
func (db *DB) inTxBatched(ctx context.Context, fn func(tq txQ) error, wrap func(commit func() error) error) error {
	if db.dialect != Postgres {
		return db.inTxCommit(ctx, fn, wrap)
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return db.unavailable(fmt.Errorf("connect: %w", err))
	}
	defer conn.Close()
	return db.runTx(ctx, conn, fn, wrap)
}
