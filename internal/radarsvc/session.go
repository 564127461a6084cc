package radarsvc

import (
	"cmp"
	"context"
	"math"
	"slices"

	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/radar"
	"toren/internal/reports"
	"toren/internal/toren"
)

// session is the resolver's view of one write transaction: the shared
// index plus an overlay of the persons the transaction created or changed.
type session struct {
	r *Resolver
	// overlay indexes added, made on the first Stored.
	overlay *radar.Index
	added   []radar.Record
	// ahead holds the batch's mentions matched against the shared index
	// ahead of Link (nil for a small batch).
	ahead *lookahead
	// reports holds the batch's reports, for household evidence.
	reports householdBatch
	// locked: the batch's creation keys are locked (serialise); unlocked:
	// the store needs no locks.
	locked, unlocked bool
	// found holds what lookUpAhead read for the batch's mentions, by
	// againKey (nil: nothing read ahead).
	found map[string][]persons.Person
	// kept and nextKept are the ring of the mentions whose matches the
	// session keeps (see keep); inlined holds the entries of a session
	// without a look-ahead (see inline).
	kept     []*early
	nextKept int
	inlined  []inlined
	// synced is set once the session has waited for the publications of
	// the commits before it (awaitPublished).
	synced bool
	// labels holds the family labels of the registry persons the
	// session's mentions were linked to (joinFamilies).
	labels map[int64]radar.Family
	// published says where in the shared index Commit put the overlay,
	// for the notes the session made (see checkedNote.published); nil
	// until the first note.
	published *published
}

// Link implements intake.Session. The index and the overlay are the
// registry as this transaction sees it; only before a new person is made,
// on a store whose writers run side by side, it locks and reads the
// database again (serialise).
func (s *session) Link(ctx context.Context, f intake.PersonFinder, m reports.Mention, on toren.Date) (intake.Link, error) {
	s.awaitPublished()
	q, d, cands, at := s.decide(m, on)
	if at.full {
		// Before the household's evidence, as the merge proposer matches.
		// A mention linked by the BSN shortcut is not noted: the shortcut
		// scores the BSN's sole carrier only, and the same person recorded
		// once more without a BSN may fit the mention as well, a pair the
		// proposer must find by a full match
		// (TestBSNLinkedMentionCanShowAPair).
		s.noteChecked(q, on, cands, at)
	}
	d, cands = s.household(m, on, d, cands)
	for i := range cands {
		s.noteLabel(&cands[i])
	}
	if d.Outcome != radar.OutcomeLink && f != nil {
		var err error
		if !s.r.ready.Load() {
			// The index is still loading: what it lacks, the database has.
			if d, cands, err = s.lookUpAgain(ctx, f, m, q, d, cands); err != nil {
				return intake.Link{}, err
			}
		}
		if d, cands, err = s.serialise(ctx, f, m, q, d, cands); err != nil {
			return intake.Link{}, err
		}
	}
	switch d.Outcome {
	case radar.OutcomeLink:
		ev, err := explain(d, nil)
		if err != nil {
			return intake.Link{}, err
		}
		method := intake.LinkProbabilistic
		if d.Reason == radar.ReasonBSN {
			method = intake.LinkBSN
		}
		return intake.Link{PersonID: d.Candidate.ID, Method: method, Score: d.Candidate.Score, Evidence: ev}, nil
	case radar.OutcomeReview:
		ev, err := explain(d, cands)
		if err != nil {
			return intake.Link{}, err
		}
		return intake.Link{Review: &intake.ReviewProposal{PersonID: d.Candidate.ID, Score: d.Candidate.Score, Evidence: ev}}, nil
	}
	return intake.Link{}, nil
}

// query is the record a mention of a report received on day on is
// matched as.
func query(m reports.Mention, on toren.Date) radar.Record {
	q := radar.FromMention(m, on)
	q.ID = 0 // the mention's link, if any, is not part of what it says
	return q
}

// decided is a mention's candidates in this session, before any
// household evidence, for the shared index and the overlay as they were
// when it was matched: the persons named beside a mention are matched for
// its household evidence (anchorRecords) and then again at their own
// Link, and the second look only scores what the overlay gained since.
// It is kept with the mention's match ahead (early.decided); a mention
// without one (a small batch) is matched afresh each time.
type decided struct {
	q     radar.Record
	cands []radar.Candidate // the session's own: callers get a copy
	// full is set when the shared index's part is a full match, not the
	// short cut for a sole BSN holder (Resolver.match).
	full bool
	// n and epoch are the shared index's length and epoch the candidates
	// are for; added is how many overlay records are scored.
	n     int
	epoch uint64
	added int
}

// matchedAgainst is what a mention's candidates in a session were matched
// against: the shared index's length and epoch and the overlay's first
// added records, and whether the shared index's part is a full match (see
// decided.full).
type matchedAgainst struct {
	full  bool
	n     int
	epoch uint64
	added int
}

// decide matches mention m of a report received on on against the shared
// index and the overlay and applies the radar's decision rules to the
// merged candidates. It returns the query m is matched as, and what the
// candidates were matched against.
func (s *session) decide(m reports.Mention, on toren.Date) (radar.Record, radar.Decision, []radar.Candidate, matchedAgainst) {
	r := s.r
	e := s.ahead.find(m, on)
	if e == nil && s.ahead == nil {
		e = s.inline(m, on)
	}
	var p *decided
	if e != nil {
		p = e.decided
	}
	r.gate.RLock()
	stale := p == nil || p.n != r.index.Len() || p.epoch != r.epoch
	r.gate.RUnlock()
	if stale {
		p = s.matchShared(m, on, e)
	}
	if len(s.added) > p.added {
		// The prior spreads the chance that the person is known over all
		// records; the overlay's records count too.
		prior := priorBits(r.cfg.PriorInRegistry, p.n+len(s.added))
		for i := range p.cands {
			setPrior(&p.cands[i], prior)
		}
		for _, c := range r.matcher.ScoreFrom(s.overlay, p.q, p.added, prior, r.cfg.MaxCandidates) {
			// A caller's append (household evidence) never writes into
			// the array another copy shares.
			c.Evidence = slices.Clip(c.Evidence)
			p.cands = append(p.cands, c)
		}
		p.cands = bestPerPerson(p.cands, r.cfg.MaxCandidates)
		p.added = len(s.added)
	}
	if e != nil {
		s.keep(e, p)
	}
	cands := slices.Clone(p.cands)
	return p.q, radar.Decide(cands, r.cfg.Thresholds), cands, matchedAgainst{full: p.full, n: p.n, epoch: p.epoch, added: p.added}
}

// maxKept is how many mentions' matches a session keeps (decided): a
// mention is matched again for the persons of its own report, a few
// mentions on. A session that kept every match to its end held
// megabytes of candidates.
const maxKept = 32

// keep keeps p as e's match, letting the oldest kept one go.
func (s *session) keep(e *early, p *decided) {
	if e.decided == nil {
		if len(s.kept) == maxKept {
			s.kept[s.nextKept].decided = nil
			s.kept[s.nextKept] = e
			s.nextKept = (s.nextKept + 1) % maxKept
		} else {
			s.kept = append(s.kept, e)
		}
	}
	e.decided = p
}

// inline returns the entry under which a session without a look-ahead
// (a few reports through the server) keeps m's match, as keep keeps a
// looked-ahead mention's: the persons of one report are matched for one
// another's household evidence and at their own Link. There are a few
// mentions at most: a list is searched.
func (s *session) inline(m reports.Mention, on toren.Date) *early {
	k := keyOf(m, on)
	for _, o := range s.inlined {
		if o.k == k {
			return o.e
		}
	}
	if len(s.inlined) == maxKept {
		return nil
	}
	// Taken: there is no match ahead to take (matchShared matches it).
	e := &early{q: query(m, on), taken: true}
	s.inlined = append(s.inlined, inlined{k, e})
	return e
}

type inlined struct {
	k mentionOn
	e *early
}

// matchShared matches m against the shared index, taking e, its match
// ahead, when that is for the index as it still is.
func (s *session) matchShared(m reports.Mention, on toren.Date, e *early) *decided {
	r := s.r
	p := &decided{}
	var early []radar.Candidate
	earlyLen, earlyEpoch, earlyFull := -1, uint64(0), false
	switch {
	case e != nil && !e.taken:
		p.q = e.q
		early, earlyFull, earlyLen, earlyEpoch = s.ahead.result(e)
	case e != nil:
		p.q = e.q
	default:
		p.q = query(m, on)
	}
	r.gate.RLock()
	p.n, p.epoch = r.index.Len(), r.epoch
	if earlyLen == p.n && earlyEpoch == r.epoch {
		// Matched ahead against the index as it still is. No copy: the
		// session takes them over (e.taken) and changes them.
		p.cands, p.full = early, earlyFull
		e.taken = true
	} else {
		p.cands, p.full = r.match(p.q)
	}
	r.gate.RUnlock()
	for i := range p.cands {
		// A caller's append (household evidence) never writes into the
		// array another copy shares.
		p.cands[i].Evidence = slices.Clip(p.cands[i].Evidence)
	}
	return p
}

// bestPerPerson sorts candidates as radar.Matcher.Match does (a shared
// valid BSN first, then by score) and keeps each person's best, at most
// limit.
func bestPerPerson(cands []radar.Candidate, limit int) []radar.Candidate {
	slices.SortStableFunc(cands, func(a, b radar.Candidate) int {
		if a.BSN != b.BSN {
			if a.BSN {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.Score, a.Score)
	})
	out := cands[:0]
	for _, c := range cands {
		if len(out) == limit {
			break
		}
		if !slices.ContainsFunc(out, func(o radar.Candidate) bool { return o.ID == c.ID }) {
			out = append(out, c)
		}
	}
	return out
}

// priorBits is log2 of the prior odds that a query is one given record of
// n, as the radar's matcher computes it.
func priorBits(inRegistry float64, n int) float64 {
	lambda := inRegistry / float64(max(n, 1))
	return math.Log2(lambda / (1 - lambda))
}

func setPrior(c *radar.Candidate, prior float64) {
	c.Prior = prior
	c.Score = c.Weight + prior
	c.Probability = 1 / (1 + math.Exp2(-c.Score))
}

// Stored implements intake.Session: later mentions of this transaction
// find p in the overlay.
func (s *session) Stored(p persons.Person) {
	if s.overlay == nil {
		s.overlay = radar.NewIndex(0)
	}
	rec := radar.FromPerson(p)
	s.overlay.Add(rec)
	s.added = append(s.added, rec)
}

// Commit implements intake.Session. No other writing session looks
// anything up between the database commit and the overlay's arrival in
// the shared index, so none can miss a committed person.
//
// The gate, which every look-up takes, is not held across the commit (an
// fsync, milliseconds): look-ups outside write transactions never wait
// for one. Writing sessions are ordered by publish instead: a commit and
// its publication hold it, and a session waits on it once before its
// first Link, so a transaction that began after another committed sees
// that one's persons.
func (s *session) Commit(commit func() error) error {
	s.ahead.stop()
	r := s.r
	r.publish.Lock()
	defer r.publish.Unlock()
	ids := make([]int64, 0, len(s.added))
	for _, rec := range s.added {
		ids = append(ids, rec.ID)
	}
	// Noted before the commit: Follow may read the committed persons
	// before they reach the index below.
	r.noteLocal(ids)
	if err := commit(); err != nil {
		for _, id := range ids {
			r.takeLocal(id)
		}
		return err
	}
	r.gate.Lock()
	s.joinFamilies()
	if s.published != nil {
		s.published.at.Store(int64(r.index.Len()) + 1)
	}
	for _, rec := range s.added {
		r.index.Add(rec)
	}
	r.gate.Unlock()
	s.overlay, s.added = nil, nil
	return nil
}

// awaitPublished waits until no other session is between its commit and
// its publication, once per session.
func (s *session) awaitPublished() {
	if s.synced {
		return
	}
	s.synced = true
	s.r.publish.Lock()
	s.r.publish.Unlock() //nolint:staticcheck // an empty critical section: a barrier
}

// Abort implements intake.Session.
func (s *session) Abort() {
	s.ahead.stop()
	s.overlay, s.added = nil, nil
}
