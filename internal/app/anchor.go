package app

import (
	"context"
	"fmt"
	"os"
	"time"

	"toren/internal/audit"
)

// writeAnchors appends the audit log's head to path at start, every
// interval while it changes, and at shutdown. The file is the anchor the
// audit package's documentation calls for: kept outside the database
// (another disk, a log shipper, an append-only file), it lets toren audit
// verify --anchor detect a log that was cut short, wiped or rewritten
// together with its in-database head. Each line is synced before the next
// tick, so an anchor that was written survives a crash.
func (a *App) writeAnchors(ctx context.Context, path string, every time.Duration) {
	var last audit.Head
	write := func() {
		head, err := a.db.AuditHead(context.WithoutCancel(ctx))
		if err != nil {
			a.log.Error("audit anchor: read the head", "err", err)
			return
		}
		if head == last {
			return
		}
		if err := appendAnchor(path, audit.Anchor{At: a.clock.Now(), Head: head}); err != nil {
			a.log.Error("audit anchor: write", "file", path, "err", err)
			return
		}
		last = head
	}
	write()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			write()
			return
		case <-t.C:
			write()
		}
	}
}

func appendAnchor(path string, an audit.Anchor) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, an.String()); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
