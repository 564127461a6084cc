package radarsvc

import "toren/internal/radar"

// match returns q's candidates from the shared index, best first. The
// caller holds the gate (shared).
//
// A mention with a valid BSN that exactly one registry person carries,
// with nothing contradicting, is linked by the radar's BSN rule whatever
// the other candidates score (radar.Decide). For such a mention (a third
// of a police import) it reads only the BSN's records instead of every
// block, and explains the link with the model's average field weights
// (not adjusted for how common a name is). Any other case takes the full
// match; full reports which it was.
func (r *Resolver) match(q radar.Record) (cands []radar.Candidate, full bool) {
	if q.BSNVerified && q.NationalID != "" {
		if c, ok := r.soleBSN(q); ok {
			return []radar.Candidate{c}, false
		}
	}
	return r.matcher.Match(q), true
}

// soleBSN scores the one registry person carrying q's BSN, when there is
// exactly one and it does not contradict q.
func (r *Resolver) soleBSN(q radar.Record) (radar.Candidate, bool) {
	var best radar.Record
	found := false
	for _, rec := range r.index.Candidates(radar.Record{NationalID: q.NationalID, BSNVerified: true}) {
		if !rec.BSNVerified || rec.NationalID != q.NationalID {
			continue
		}
		if found && rec.ID != best.ID {
			return radar.Candidate{}, false // two persons: ambiguous, the full match decides
		}
		// Records of one person are added oldest first: the last is the
		// most complete.
		best, found = rec, true
	}
	if !found {
		return radar.Candidate{}, false
	}
	c := r.matcher.Score(q, best, priorBits(r.cfg.PriorInRegistry, r.index.Len()))
	if c.Contradictions.Len() > 0 || !c.BSN {
		return radar.Candidate{}, false
	}
	return c, true
}
