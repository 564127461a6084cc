// Package bench measures Toren as its users meet it: reports posted to a
// running server by concurrent clients, next to the physical limit of the
// same disk or database measured in the same run (how many small durable
// transactions it commits per second).
package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "modernc.org/sqlite" // the driver Toren uses
)

// RawRows is the number of rows each raw transaction inserts: about what
// one small report would be without indexes (report, four persons, audit).
const RawRows = 6

// rawRow is a row of roughly the size of a report's row.
var rawRow = fmt.Sprintf("%0200d", 0)

// Raw is the result of a raw commit measurement.
type Raw struct {
	Clients int
	Commits int
	Elapsed time.Duration
}

// PerSecond is the commit rate.
func (r Raw) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Commits) / r.Elapsed.Seconds()
}

// RawSQLite commits RawRows-row transactions for d into a fresh database
// file in dir with the pragmas Toren uses (WAL, synchronous=FULL), from
// one connection (SQLite has one writer), and removes the file after.
func RawSQLite(ctx context.Context, dir string, d time.Duration) (Raw, error) {
	path := filepath.Join(dir, fmt.Sprintf("toren-raw-%d.db", os.Getpid()))
	defer func() {
		for _, s := range []string{"", "-wal", "-shm"} {
			os.Remove(path + s)
		}
	}()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		return Raw{}, fmt.Errorf("bench: raw sqlite: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE raw (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		return Raw{}, fmt.Errorf("bench: raw sqlite: %w", err)
	}
	ins, err := db.PrepareContext(ctx, `INSERT INTO raw (v) VALUES (?)`)
	if err != nil {
		return Raw{}, fmt.Errorf("bench: raw sqlite: %w", err)
	}
	defer ins.Close()
	out := Raw{Clients: 1}
	start := time.Now()
	for time.Since(start) < d {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return out, fmt.Errorf("bench: raw sqlite: %w", err)
		}
		st := tx.StmtContext(ctx, ins)
		for range RawRows {
			if _, err := st.ExecContext(ctx, rawRow); err != nil {
				tx.Rollback()
				return out, fmt.Errorf("bench: raw sqlite: %w", err)
			}
		}
		if err := tx.Commit(); err != nil {
			return out, fmt.Errorf("bench: raw sqlite: %w", err)
		}
		out.Commits++
	}
	out.Elapsed = time.Since(start)
	return out, nil
}

// RawPostgres commits RawRows-row transactions for d from clients
// connections into a scratch table (synchronous_commit as the server has
// it, on by default), each transaction one batch of inserts and a commit.
func RawPostgres(ctx context.Context, dsn string, clients int, d time.Duration) (Raw, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return Raw{}, fmt.Errorf("bench: raw postgres: %w", err)
	}
	cfg.MaxConns = int32(max(clients, 1))
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return Raw{}, fmt.Errorf("bench: raw postgres: %w", err)
	}
	defer pool.Close()
	table := fmt.Sprintf("toren_raw_%d", os.Getpid())
	if _, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+table+` (id bigserial PRIMARY KEY, v text NOT NULL)`); err != nil {
		return Raw{}, fmt.Errorf("bench: raw postgres: %w", err)
	}
	defer pool.Exec(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS `+table)
	var mu sync.Mutex
	out := Raw{Clients: clients}
	var firstErr error
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Go(func() {
			n := 0
			for time.Since(start) < d {
				err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
					var b pgx.Batch
					for range RawRows {
						b.Queue(`INSERT INTO `+table+` (v) VALUES ($1)`, rawRow)
					}
					return tx.SendBatch(ctx, &b).Close()
				})
				if err != nil {
					mu.Lock()
					firstErr = cmpErr(firstErr, err)
					mu.Unlock()
					return
				}
				n++
			}
			mu.Lock()
			out.Commits += n
			mu.Unlock()
		})
	}
	wg.Wait()
	out.Elapsed = time.Since(start)
	if firstErr != nil {
		return out, fmt.Errorf("bench: raw postgres: %w", firstErr)
	}
	return out, nil
}

func cmpErr(old, err error) error {
	if old != nil {
		return old
	}
	return err
}
