package radarsvc

import (
	"sync"

	"toren/internal/radar"
	"toren/internal/toren"
)

// maxChecked bounds the mentions Resolver.checked remembers: two
// generations of half as many each. The merge proposer takes a mention
// within seconds of its commit; one it never takes (a transaction rolled
// back, a mention read back in another form) falls out with its
// generation.
const maxChecked = 1 << 16

// checkedMentions remembers the queries of mentions that intake matched
// in full against the registry and that fit at most one registry person
// well enough to be linked to it alone: the merge proposer
// (Resolver.Duplicates) would match them again and find no pair.
type checkedMentions struct {
	mu        sync.Mutex
	cur, prev map[checkedKey]bool
}

type checkedKey struct {
	q  radar.Record
	on toren.Date
}

// note records what intake's match of q showed: noPair is false when it
// fits two registry persons or more.
func (c *checkedMentions) note(k checkedKey, noPair bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == nil || len(c.cur) >= maxChecked/2 {
		c.prev, c.cur = c.cur, make(map[checkedKey]bool, 64)
	}
	c.cur[k] = noPair
	delete(c.prev, k)
}

// take reports, once, whether intake found no pair for k.
func (c *checkedMentions) take(k checkedKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range []map[checkedKey]bool{c.cur, c.prev} {
		if noPair, ok := m[k]; ok {
			delete(m, k)
			return noPair
		}
	}
	return false
}

// noteChecked records, for the merge proposer, intake's full match of the
// query q of a mention of a report received on on (candidates from the
// shared index and the session's overlay, before household evidence): a
// mention that fits fewer than two persons well enough to be linked to
// each alone can show no pair of them to be one (see Duplicates). Only a
// server that holds the whole registry in its index notes anything: with
// other servers writing beside it (Follow), a person they created may be
// missing from what intake saw.
func (r *Resolver) noteChecked(q radar.Record, on toren.Date, cands []radar.Candidate) {
	if !r.ready.Load() || r.following.Load() {
		return
	}
	r.checked.note(checkedKey{q, on}, len(r.fits(cands)) < 2)
}

// fits returns the first candidates (at most maxDuplicatePairs) that the
// mention fits well enough to be linked to each alone (radar.Decide on
// that candidate); cands are sorted as bestPerPerson sorts them.
func (r *Resolver) fits(cands []radar.Candidate) []radar.Candidate {
	var out []radar.Candidate
	for _, c := range cands {
		if len(out) == maxDuplicatePairs {
			break
		}
		if radar.Decide([]radar.Candidate{c}, r.cfg.Thresholds).Outcome == radar.OutcomeLink {
			out = append(out, c)
		}
	}
	return out
}
