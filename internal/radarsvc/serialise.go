package radarsvc

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"

	"toren/internal/intake"
	"toren/internal/nl"
	"toren/internal/persons"
	"toren/internal/radar"
	"toren/internal/reports"
)

// maxLockKeys is how many keys a transaction locks one by one; a larger
// batch (an import) locks the whole key space instead.
const maxLockKeys = 64

// creationKeys are the keys under which creating a registry person for m
// is serialised between writers: its BSN, and its folded surname with its
// date of birth, the two ways the store looks a person up again. A mention
// with neither (a first name only) has no key: two servers may make two
// persons of it, as a review of the registry would.
func creationKeys(m reports.Mention, dst []int64) []int64 {
	if m.PersonID != 0 {
		return dst
	}
	if b := nl.NormalizeBSN(m.BSN); b != "" {
		dst = append(dst, lockKey("bsn", b))
	}
	if sk := persons.SurnameKey(m.Particle, m.Surname); sk != "" && !m.BirthDate.IsZero() {
		dst = append(dst, lockKey("surname-born", sk, m.BirthDate.String()))
	}
	return dst
}

func lockKey(parts ...string) int64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return int64(h.Sum64())
}

// serialise is the last step before a mention becomes a new registry
// person (or a new person with a review item) on a store whose writers run
// side by side: it locks the batch's creation keys (once per session, all
// in one sorted go, so that two sessions never wait on each other in a
// cycle) and looks the registry up again inside the transaction, where the
// persons other servers committed meanwhile are visible. A person found
// there is scored like any candidate and the decision is made again.
func (s *session) serialise(ctx context.Context, f intake.PersonFinder, m reports.Mention, q radar.Record, d radar.Decision, cands []radar.Candidate) (radar.Decision, []radar.Candidate, error) {
	kl, ok := f.(intake.KeyLocker)
	if !ok || s.unlocked {
		return d, cands, nil
	}
	if !s.locked {
		var keys []int64
		for _, nr := range s.reports.batch {
			for _, bm := range nr.Report.Persons {
				keys = creationKeys(bm, keys)
			}
		}
		if len(s.reports.batch) == 0 {
			keys = creationKeys(m, keys)
		}
		slices.Sort(keys)
		keys = slices.Compact(keys)
		concurrent, err := kl.LockKeys(ctx, keys, len(keys) > maxLockKeys)
		if err != nil {
			return d, cands, fmt.Errorf("radarsvc: %w", err)
		}
		if !concurrent {
			s.unlocked = true
			return d, cands, nil
		}
		s.locked = true
		if bf, ok := f.(batchFinder); ok {
			if err := s.lookUpAhead(ctx, bf, m); err != nil {
				return d, cands, err
			}
		}
	}
	return s.lookUpAgain(ctx, f, m, q, d, cands)
}

// batchFinder is a PersonFinder that looks the candidates of several
// queries up in one statement (the store on PostgreSQL, where every
// statement of a transaction is a round trip).
type batchFinder interface {
	CandidatesBatch(ctx context.Context, qs []intake.CandidateQuery) ([][]persons.Person, error)
}

// lookUpAhead reads, in one statement, what lookUpAgain would read for
// each mention of the batch that may become a new person, right after the
// batch's creation keys are locked. No new person these queries would
// find can appear before the commit: another writer creating one would
// need one of the keys this transaction holds. An existing person that
// another server enriches meanwhile (a BSN or date of birth added
// without a creation key) may be missed, as it could be by a look-up at
// each mention, only over a longer window (the whole group): the worst
// outcome is a second registry person, which the merge proposer puts
// up for review; no report is lost or doubled. The persons this
// transaction creates or enriches are in the session's overlay.
func (s *session) lookUpAhead(ctx context.Context, bf batchFinder, m reports.Mention) error {
	var qs []intake.CandidateQuery
	seen := map[string]bool{}
	add := func(bm reports.Mention) {
		if bm.PersonID != 0 {
			return
		}
		cq, ok := againQuery(bm)
		if k := againKey(cq); ok && !seen[k] {
			seen[k] = true
			qs = append(qs, cq)
		}
	}
	for _, nr := range s.reports.batch {
		for _, bm := range nr.Report.Persons {
			add(bm)
		}
	}
	if len(s.reports.batch) == 0 {
		add(m)
	}
	if len(qs) == 0 {
		return nil
	}
	found, err := bf.CandidatesBatch(ctx, qs)
	if err != nil {
		return fmt.Errorf("radarsvc: look the registry up again: %w", err)
	}
	s.found = make(map[string][]persons.Person, len(qs))
	for i, cq := range qs {
		s.found[againKey(cq)] = found[i]
	}
	return nil
}

// againQuery is the query lookUpAgain runs for m: its BSN, or its surname
// with its date of birth; false when m has neither.
func againQuery(m reports.Mention) (intake.CandidateQuery, bool) {
	cq := intake.CandidateQuery{BSN: nl.NormalizeBSN(m.BSN)}
	if !m.BirthDate.IsZero() {
		cq.SurnameKey, cq.BirthDate = persons.SurnameKey(m.Particle, m.Surname), m.BirthDate
	}
	return cq, cq.BSN != "" || cq.SurnameKey != ""
}

func againKey(cq intake.CandidateQuery) string {
	return cq.BSN + "\x00" + cq.SurnameKey + "\x00" + cq.BirthDate.String()
}

// lookUpAgain reads the registry persons with m's BSN, or its surname and
// date of birth, from the database inside the transaction, scores those
// the candidates lack and decides again.
func (s *session) lookUpAgain(ctx context.Context, f intake.PersonFinder, m reports.Mention, q radar.Record, d radar.Decision, cands []radar.Candidate) (radar.Decision, []radar.Candidate, error) {
	cq, ok := againQuery(m)
	if !ok {
		return d, cands, nil
	}
	found, ahead := s.found[againKey(cq)]
	if !ahead {
		var err error
		if found, err = f.Candidates(ctx, cq); err != nil {
			return d, cands, fmt.Errorf("radarsvc: look the registry up again: %w", err)
		}
	}
	added := false
	prior := priorBits(s.r.cfg.PriorInRegistry, s.r.index.Len()+len(s.added))
	for _, p := range found {
		if slices.ContainsFunc(cands, func(c radar.Candidate) bool { return c.ID == p.ID }) {
			continue
		}
		cands = append(cands, s.r.matcher.Score(q, radar.FromPerson(p), prior))
		added = true
	}
	if !added {
		return d, cands, nil
	}
	cands = bestPerPerson(cands, s.r.cfg.MaxCandidates)
	return radar.Decide(cands, s.r.cfg.Thresholds), cands, nil
}
