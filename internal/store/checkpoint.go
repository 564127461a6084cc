package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// SQLite writes every commit to the WAL; a checkpoint copies the WAL's
// pages back into the database file. SQLite's own (automatic) checkpoint
// runs inside the commit that takes the WAL past 1,000 pages: that commit,
// and every request waiting for it, then also writes and fsyncs up to
// 1,000 random pages of the database file. Toren turns it off on the
// writer and checkpoints from a connection of its own beside the writer
// (PASSIVE: it never blocks the writer or a reader), after the WAL has
// grown by walCheckpointBytes. Between two checkpoints a page written by
// many commits (an index leaf, the audit head, a counter) is copied once,
// so fewer bytes reach the disk, and no request waits for a checkpoint.
// Durability does not depend on it: a commit is durable once the WAL is
// fsynced (synchronous=FULL).
const (
	walCheckpointBytes = 32 << 20
	walCheckpointEvery = 250 * time.Millisecond
	// walRestartBytes is where the checkpointer, when the WAL could not
	// start over (a reader kept an old snapshot for a long time), waits
	// for the writer and the readers (RESTART) so that the WAL is reused
	// from its start instead of growing.
	walRestartBytes = 4 * walCheckpointBytes
)

// checkpointer runs the checkpoints of a SQLite database until stop.
type checkpointer struct {
	conn *sql.DB
	// checkpointAt and restartAt are walCheckpointBytes and
	// walRestartBytes in pages.
	checkpointAt, restartAt int
	stop                    chan struct{}
	done                    sync.WaitGroup
}

func startCheckpointer(path string) (*checkpointer, error) {
	conn, err := sql.Open("sqlite", "file:"+path+"?"+sqlitePragmas)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite %s for checkpoints: %w", path, err)
	}
	conn.SetMaxOpenConns(1)
	var pageSize int
	if err := conn.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		conn.Close()
		return nil, fmt.Errorf("store: sqlite %s: page size: %w", path, err)
	}
	c := &checkpointer{conn: conn, stop: make(chan struct{}), checkpointAt: walCheckpointBytes / pageSize, restartAt: walRestartBytes / pageSize}
	c.done.Add(1)
	go c.run()
	return c, nil
}

func (c *checkpointer) run() {
	defer c.done.Done()
	t := time.NewTicker(walCheckpointEvery)
	defer t.Stop()
	ctx := context.Background()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		// wal_checkpoint returns how many frames the WAL holds; a
		// checkpoint that copied them all lets the next commit start the
		// WAL over from its beginning.
		var busy, frames, copied int
		if err := c.conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(NOOP)`).Scan(&busy, &frames, &copied); err != nil {
			// NOOP is not a mode every SQLite knows: fall back to PASSIVE.
			frames = c.checkpointAt
		}
		mode := ""
		switch {
		case frames >= c.restartAt:
			mode = "RESTART"
		case frames >= c.checkpointAt:
			mode = "PASSIVE"
		default:
			continue
		}
		if err := c.conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(`+mode+`)`).Scan(&busy, &frames, &copied); err != nil {
			slog.Warn("store: WAL checkpoint failed", "mode", mode, "err", err)
		}
	}
}

func (c *checkpointer) close() error {
	close(c.stop)
	c.done.Wait()
	return c.conn.Close()
}
