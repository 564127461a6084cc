package radarsvc

import (
	"runtime"
	"sync/atomic"

	"toren/internal/intake"
	"toren/internal/radar"
	"toren/internal/reports"
	"toren/internal/toren"
)

// A batch's mentions are matched against the shared index ahead of the
// store's Link calls, on the other cores: one match costs about as much as
// the SQL that stores a mention (tens of microseconds), and the store's
// transaction runs on one core. Only the overlay (the persons the batch
// itself made) is left for Link, and it is small.
const (
	// minLookahead is the smallest batch worth a goroutine: a report from
	// the web form is matched inline.
	minLookahead = 16
	maxWorkers   = 4
)

type lookahead struct {
	r *Resolver
	// byMention finds a mention's early match without normalising it
	// again: the store passes Link the batch's mentions as they were.
	byMention map[mentionOn]*early
	order     []*early
	next      atomic.Int64
	stopped   atomic.Bool
}

type mentionOn struct {
	m  reports.Mention
	on toren.Date
}

// keyOf is the key a mention's match is found under (the look-ahead's and
// a session's kept matches): the mention as it says, without its link.
// intake sets PersonID once it links a mention, and the persons named
// beside a later mention of its report are matched again for household
// evidence (anchorRecords): with the link in the key such an anchor found
// no match and was matched in full, on the transaction's core, once per
// mention of the report. The query is the same either way (query drops
// the link).
func keyOf(m reports.Mention, on toren.Date) mentionOn {
	m.PersonID = 0
	return mentionOn{m, on}
}

// early is one query matched ahead: the candidates from the shared index
// and the index's length and epoch they are for. A later commit or
// registry change makes them stale. state says who has it: the fields
// after q are written once, by whoever moved state from pending to
// claimed, and read only after state is done.
type early struct {
	q     radar.Record
	state atomic.Int32
	cands []radar.Candidate
	full  bool
	n     int
	epoch uint64
	// decided and taken are the session's own, used by its goroutine
	// only (see session.decide): its kept match, and whether it took
	// cands over (they are not e's to give again).
	decided *decided
	taken   bool
}

const (
	pending int32 = iota
	claimed
	done
)

// lookAhead starts matching the batch's unlinked mentions, or returns nil
// for a small batch.
func (r *Resolver) lookAhead(batch []intake.NewReport) *lookahead {
	la := &lookahead{r: r, byMention: map[mentionOn]*early{}}
	for _, nr := range batch {
		on := toren.DateOf(nr.Report.ReceivedAt.In(toren.Amsterdam))
		for _, m := range nr.Report.Persons {
			k := mentionOn{m, on}
			if _, dup := la.byMention[k]; dup || m.PersonID != 0 {
				continue
			}
			e := &early{q: query(m, on)}
			la.byMention[k] = e
			la.order = append(la.order, e)
		}
	}
	if len(la.order) < minLookahead {
		return nil
	}
	for range min(max(runtime.GOMAXPROCS(0)-1, 1), maxWorkers) {
		go la.work()
	}
	return la
}

func (la *lookahead) work() {
	for !la.stopped.Load() {
		i := int(la.next.Add(1)) - 1
		if i >= len(la.order) {
			return
		}
		if e := la.order[i]; e.state.CompareAndSwap(pending, claimed) {
			e.cands, e.full, e.n, e.epoch = la.match(e.q)
			e.state.Store(done)
		}
	}
}

func (la *lookahead) match(q radar.Record) ([]radar.Candidate, bool, int, uint64) {
	la.r.gate.RLock()
	defer la.r.gate.RUnlock()
	cands, full := la.r.match(q)
	return cands, full, la.r.index.Len(), la.r.epoch
}

// find returns the early match of a mention of the batch, or nil.
func (la *lookahead) find(m reports.Mention, on toren.Date) *early {
	if la == nil {
		return nil
	}
	return la.byMention[keyOf(m, on)]
}

// result returns e's candidates from the shared index, whether they are a
// full match, and the index length and epoch they are for. When no worker has matched e yet it matches e
// now, and it never waits for a worker that is on e: on a busy machine a
// worker thread may be off its core for milliseconds, and waiting for it
// mention after mention halved the import's speed. The caller must not
// hold the gate.
func (la *lookahead) result(e *early) ([]radar.Candidate, bool, int, uint64) {
	switch {
	case e.state.Load() == done:
		return e.cands, e.full, e.n, e.epoch
	case e.state.CompareAndSwap(pending, claimed):
		e.cands, e.full, e.n, e.epoch = la.match(e.q)
		e.state.Store(done)
		return e.cands, e.full, e.n, e.epoch
	}
	return la.match(e.q) // a worker is on it: match it again rather than wait
}

// stop ends the workers after the query each is on.
func (la *lookahead) stop() {
	if la != nil {
		la.stopped.Store(true)
	}
}
