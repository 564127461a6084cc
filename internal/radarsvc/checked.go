package radarsvc

import (
	"hash/maphash"
	"sync"
	"sync/atomic"

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
	mu sync.Mutex
	// cur and prev are keyed by a hash of the query and the day
	// (checkedKey.hash), not the query itself: a note is 16 bytes and
	// holds no strings alive. Two queries sharing a hash (odds of 2^-64 a
	// pair) would at worst let the proposer pass one mention by.
	cur, prev map[uint64]checkedNote
	seed      maphash.Seed
}

// checkedNote is what intake's match showed, and the registry it was made
// against: the index's length and epoch. The proposer trusts it only for
// that registry and scores what the index gained since.
type checkedNote struct {
	noPair bool
	// fit is the one person the mention fitted (0: none). The mention's
	// own person, made or enriched from it after the note, is among what
	// the index gains: counted with fit it is one person, not a pair.
	fit   int64
	n     int
	epoch uint64
	// added is how many of the session's own new records (its overlay)
	// the match scored besides the index's first n. published says where
	// the session's commit put them in the index: when right after the
	// first n, those records need no scoring again.
	added     int
	published *published
}

// published is where a session's commit put its overlay in the shared
// index: the index's length before, plus one (0: not committed).
type published struct{ at atomic.Int64 }

// scoredUpTo returns how many of the index's first records the note's
// match scored: n, and the session's overlay when its commit appended it
// right after them.
func (n checkedNote) scoredUpTo() int {
	if n.published != nil && n.added > 0 && n.published.at.Load() == int64(n.n)+1 {
		return n.n + n.added
	}
	return n.n
}

type checkedKey struct {
	q  radar.Record
	on toren.Date
}

func (c *checkedMentions) hash(k checkedKey) uint64 { return maphash.Comparable(c.seed, k) }

// note records what intake's match of q showed: noPair is false when it
// fits two registry persons or more.
func (c *checkedMentions) note(k checkedKey, v checkedNote) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == nil || len(c.cur) >= maxChecked/2 {
		if c.cur == nil {
			c.seed = maphash.MakeSeed()
		}
		c.prev, c.cur = c.cur, make(map[uint64]checkedNote, 64)
	}
	h := c.hash(k)
	c.cur[h] = v
	delete(c.prev, h)
}

// take returns, once, the note intake made for k.
func (c *checkedMentions) take(k checkedKey) (checkedNote, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == nil {
		return checkedNote{}, false
	}
	h := c.hash(k)
	for _, m := range []map[uint64]checkedNote{c.cur, c.prev} {
		if v, ok := m[h]; ok {
			delete(m, h)
			return v, true
		}
	}
	return checkedNote{}, false
}

// noteChecked records, for the merge proposer, intake's full match of the
// query q of a mention of a report received on on (candidates from the
// shared index and the session's overlay, before household evidence,
// matched against at): a mention that fits fewer than two persons well
// enough to be linked to each alone can show no pair of them to be one
// (see Duplicates). Only a server that holds the whole registry in its
// index notes anything: with other servers writing beside it (Follow), a
// person they created may be missing from what intake saw.
//
// The note is for the index the candidates were matched against (at),
// not for the index as it is when noting: another session may have
// committed in between.
func (s *session) noteChecked(q radar.Record, on toren.Date, cands []radar.Candidate, at matchedAgainst) {
	r := s.r
	if !r.ready.Load() || r.following.Load() {
		return
	}
	if s.published == nil {
		s.published = &published{}
	}
	note := checkedNote{n: at.n, epoch: at.epoch, added: at.added, published: s.published, noPair: true}
	for i := range cands {
		if !r.fit(cands, i) {
			continue
		}
		if note.fit != 0 {
			note.noPair, note.fit = false, 0
			break
		}
		note.fit = cands[i].ID
	}
	r.checked.note(checkedKey{q, on}, note)
}

// stillNoPair reports whether note, made for q, still shows no pair: the
// index is the one it was made against (same epoch), and the records it
// gained since that fit q well enough to be linked to each alone are,
// with the person the note fitted, of one person at most. A person the
// full match would find fitting is either in the index the note was made
// against (then the note fitted it: the prior only falls as the index
// grows) or has a record gained since (scored here).
//
// Almost every mention's own person has a record gained since: the
// person made from it, or the one it was linked to, enriched. Counting
// only the gained records (as before) sent those mentions to a full match.
func (r *Resolver) stillNoPair(q radar.Record, note checkedNote) bool {
	if !note.noPair {
		return false
	}
	r.gate.RLock()
	defer r.gate.RUnlock()
	if r.epoch != note.epoch {
		return false
	}
	n, from := r.index.Len(), note.scoredUpTo()
	if n <= from {
		return true
	}
	gained := r.matcher.WeighFrom(r.index, q, from, priorBits(r.cfg.PriorInRegistry, n), r.cfg.MaxCandidates)
	one := note.fit
	for i := range gained {
		if !r.fit(gained, i) {
			continue
		}
		if one == 0 {
			one = gained[i].ID
		} else if gained[i].ID != one {
			return false
		}
	}
	return true
}

// fits returns the first candidates (at most maxDuplicatePairs) that the
// mention fits well enough to be linked to each alone (radar.Decide on
// that candidate); cands are sorted as bestPerPerson sorts them.
func (r *Resolver) fits(cands []radar.Candidate) []radar.Candidate {
	var out []radar.Candidate
	for i := range cands {
		if len(out) == maxDuplicatePairs {
			break
		}
		if r.fit(cands, i) {
			out = append(out, cands[i])
		}
	}
	return out
}

// fit reports whether the mention fits cands[i] well enough to be linked
// to it alone (radar.Decide on that candidate; it only reads it).
func (r *Resolver) fit(cands []radar.Candidate, i int) bool {
	return radar.Decide(cands[i:i+1], r.cfg.Thresholds).Outcome == radar.OutcomeLink
}
