package radarsvc

import (
	"context"
	"sync"
	"time"

	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/radar"
)

// Feed is where a resolver learns the registry persons other servers on
// the same database created (store.DB).
type Feed interface {
	// PersonsAfter returns the persons with an ID above afterID, or one of
	// ids, in ID order, at most limit.
	PersonsAfter(ctx context.Context, afterID int64, ids []int64, limit int) ([]persons.Person, error)
}

// ChangeFeed is where a resolver learns the changes other servers made
// to known registry persons: enrichments, merges and their undoing,
// reviewers' links (store.DB). A Feed or Registry that is one too is
// followed for them.
type ChangeFeed interface {
	// RegistryChangeHead returns the newest change's sequence number.
	RegistryChangeHead(ctx context.Context) (int64, error)
	// RegistryChangesAfter returns the changes numbered above afterSeq,
	// or one of gaps, at most limit: the numbers read and the change.
	RegistryChangesAfter(ctx context.Context, afterSeq int64, gaps []int64, limit int) (intake.RegistryChange, []int64, error)
}

const (
	// followBatch is how many persons one poll reads.
	followBatch = 1000
	// holdGap is how long an ID below the newest one seen but not yet
	// seen is asked for again: a transaction that took its ID earlier may
	// commit later. An ID that never comes was rolled back.
	holdGap = 30 * time.Second
	// followTail: the first poll reads again this many IDs below the
	// newest the load saw, for persons committed while it ran.
	followTail = 1000
	// maxGap: a jump of more IDs than this is not a few transactions
	// still committing (a sequence moved on), and is not waited for.
	maxGap = 1000
)

// follower is the state of Follow and Sync.
type follower struct {
	mu    sync.Mutex
	init  bool
	after int64
	gaps  map[int64]time.Time // IDs not seen yet, since when
	// changes follows the change feed as after and gaps follow IDs.
	changes cursor
}

// cursor is how far a feed numbered by a sequence has been read: a number
// below the newest one read but not seen yet may belong to a transaction
// that commits later, and is asked for again for holdGap.
type cursor struct {
	init  bool
	after int64
	gaps  map[int64]time.Time
}

// open returns the gaps still worth asking for.
func (c *cursor) open(now time.Time) []int64 {
	out := make([]int64, 0, len(c.gaps))
	for n, since := range c.gaps {
		if now.Sub(since) > holdGap {
			delete(c.gaps, n)
			continue
		}
		out = append(out, n)
	}
	return out
}

// saw notes the numbers read, in order.
func (c *cursor) saw(nums []int64, now time.Time) {
	for _, n := range nums {
		if n > c.after {
			if n-c.after <= maxGap {
				for g := c.after + 1; g < n; g++ {
					c.gaps[g] = now
				}
			}
			c.after = n
		}
		delete(c.gaps, n)
	}
}

// Follow keeps the index current with the persons other servers on the
// same database create, until ctx ends: every interval it reads the
// persons with an ID above the newest it has seen (and the IDs it skipped,
// for a while), and adds those it does not hold. With several `toren serve`
// processes on one PostgreSQL database, a person one creates is found by
// the others within about interval. Persons this process created itself
// are in the index already and are skipped. When feed is a ChangeFeed,
// the changes made elsewhere to known persons (an enrichment, a merge or
// its undoing, a reviewer's link) reach the index the same way.
func (r *Resolver) Follow(ctx context.Context, feed Feed, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := r.Sync(ctx, feed); err != nil && ctx.Err() == nil {
			r.log.WarnContext(ctx, "radar: follow the registry", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Sync reads once what other servers created since the last Sync and
// adds it to the index (Follow calls it every interval); when feed is a
// ChangeFeed too, it then applies the changes other servers made to known
// persons since, as Apply does for this server's own. StartFollowing
// must have been called.
func (r *Resolver) Sync(ctx context.Context, feed Feed) error {
	fl := &r.follow
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if err := r.syncPersons(ctx, feed); err != nil {
		return err
	}
	if cf, ok := feed.(ChangeFeed); ok {
		return r.syncChanges(ctx, cf)
	}
	return nil
}

// syncChanges applies the change feed after the cursor. A change this
// server made itself is applied again: the person is replaced by what
// the database holds, which changes nothing.
func (r *Resolver) syncChanges(ctx context.Context, cf ChangeFeed) error {
	c := &r.follow.changes
	if !c.init {
		c.init, c.after, c.gaps = true, r.changesFrom.Load(), map[int64]time.Time{}
	}
	now := time.Now()
	for {
		ch, seqs, err := cf.RegistryChangesAfter(ctx, c.after, c.open(now), followBatch)
		if err != nil {
			return err
		}
		c.saw(seqs, now)
		if !ch.Empty() {
			// A changed person keeps their family, and joins the families
			// of the reports that changed them.
			recs := make([]radar.Record, len(ch.Changed))
			ids := make([]int64, len(ch.Changed))
			for i, p := range ch.Changed {
				ids[i] = p.ID
			}
			held := r.index.PersonFamilies(ids)
			for i, p := range ch.Changed {
				recs[i] = radar.FromPerson(p)
				f := held[p.ID]
				recs[i].Family, recs[i].NamedWith = f.Label, f.NamedWith
			}
			if feed, ok := cf.(Feed); ok {
				if err := r.followFamilies(ctx, feed, recs); err != nil {
					return err
				}
			}
			r.gate.Lock()
			for _, id := range ch.Retired {
				r.index.Remove(id)
			}
			for i, p := range ch.Changed {
				r.index.Remove(p.ID)
				r.index.Add(recs[i])
			}
			r.epoch++
			r.gate.Unlock()
			r.log.DebugContext(ctx, "radar: changes from other servers", "retired", len(ch.Retired), "changed", len(ch.Changed))
		}
		if len(seqs) < followBatch {
			return nil
		}
	}
}

func (r *Resolver) syncPersons(ctx context.Context, feed Feed) error {
	fl := &r.follow
	if !fl.init {
		fl.init, fl.after, fl.gaps = true, max(r.loadedMax.Load()-followTail, 0), map[int64]time.Time{}
	}
	now := time.Now()
	for {
		gaps := make([]int64, 0, len(fl.gaps))
		for id, since := range fl.gaps {
			if now.Sub(since) > holdGap {
				delete(fl.gaps, id)
				continue
			}
			gaps = append(gaps, id)
		}
		ps, err := feed.PersonsAfter(ctx, fl.after, gaps, followBatch)
		if err != nil {
			return err
		}
		var recs []radar.Record
		newest := fl.after
		for _, p := range ps {
			if p.ID > newest {
				if p.ID-newest <= maxGap {
					for id := newest + 1; id < p.ID && id > fl.after; id++ {
						fl.gaps[id] = now
					}
				}
				newest = p.ID
			}
			delete(fl.gaps, p.ID)
			if r.takeLocal(p.ID) {
				continue
			}
			recs = append(recs, radar.FromPerson(p))
		}
		fl.after = newest
		r.pruneLocal(newest)
		if err := r.followFamilies(ctx, feed, recs); err != nil {
			return err
		}
		if len(recs) > 0 {
			r.gate.Lock()
			for _, rec := range recs {
				r.index.Add(rec)
			}
			r.gate.Unlock()
			r.log.DebugContext(ctx, "radar: persons from other servers", "persons", len(recs))
		}
		if len(ps) < followBatch {
			return nil
		}
	}
}

// noteLocal remembers the persons this process created, so that Follow
// does not add them twice.
func (r *Resolver) noteLocal(ids []int64) {
	if !r.following.Load() {
		return
	}
	r.localMu.Lock()
	for _, id := range ids {
		r.local[id] = struct{}{}
	}
	r.localMu.Unlock()
}

func (r *Resolver) takeLocal(id int64) bool {
	r.localMu.Lock()
	defer r.localMu.Unlock()
	_, ok := r.local[id]
	delete(r.local, id)
	return ok
}

// pruneLocal forgets the IDs at or below upTo: Follow has passed them (the
// persons this process changed rather than created end up here too).
func (r *Resolver) pruneLocal(upTo int64) {
	r.localMu.Lock()
	defer r.localMu.Unlock()
	for id := range r.local {
		if id <= upTo {
			delete(r.local, id)
		}
	}
}
