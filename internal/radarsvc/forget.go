package radarsvc

import (
	"context"
	"time"
)

// DestroyedFeed is where a resolver learns the registry persons a
// retention run destroyed, in this process or another (store.DB).
type DestroyedFeed interface {
	// DestroyedPersonsAfter returns the persons destroyed after tombstone
	// record after, at most limit, and the newest record read.
	DestroyedPersonsAfter(ctx context.Context, after int64, limit int) ([]int64, int64, error)
}

// FollowDestroyed keeps the index free of destroyed persons until ctx
// ends: every interval it reads the tombstones written since the last
// look and takes their persons out, so that the radar never proposes a
// person whose file was destroyed, whichever process ran the destruction.
func (r *Resolver) FollowDestroyed(ctx context.Context, feed DestroyedFeed, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := r.ForgetDestroyed(ctx, feed); err != nil && ctx.Err() == nil {
			r.log.WarnContext(ctx, "radar: forget destroyed persons", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ForgetDestroyed reads once the tombstones since the last call and takes
// their persons out of the index.
func (r *Resolver) ForgetDestroyed(ctx context.Context, feed DestroyedFeed) error {
	r.forgetMu.Lock()
	defer r.forgetMu.Unlock()
	for {
		ids, newest, err := feed.DestroyedPersonsAfter(ctx, r.forgotten, followBatch)
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			set := make(map[int64]struct{}, len(ids))
			for _, id := range ids {
				set[id] = struct{}{}
			}
			r.gate.Lock()
			n := r.index.RemoveAll(set)
			if n > 0 {
				r.epoch++
			}
			r.gate.Unlock()
			r.log.InfoContext(ctx, "radar: destroyed persons forgotten", "persons", len(ids), "records", n)
		}
		r.forgotten = newest
		if len(ids) < followBatch {
			return nil
		}
	}
}
