package radar

import (
	"fmt"
	"math"
	"slices"
	"sync"
)

// Config is the matcher's configuration.
type Config struct {
	Thresholds Thresholds `json:"thresholds"`
	// PriorInRegistry is the chance that a person named in a new report
	// is in the registry already. Spread over the registry's records it
	// gives the prior odds that the query is one given candidate, so a
	// score means the same in a registry of a thousand and of a million.
	PriorInRegistry float64 `json:"prior_in_registry"`
	// MaxCandidates is how many persons Match returns, best first.
	MaxCandidates int `json:"max_candidates"`
}

// DefaultConfig returns the default thresholds, a prior of one half and
// five candidates.
func DefaultConfig() Config {
	return Config{Thresholds: DefaultThresholds(), PriorInRegistry: 0.5, MaxCandidates: 5}
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if !(c.PriorInRegistry > 0 && c.PriorInRegistry < 1) {
		return fmt.Errorf("radar config: prior_in_registry %g not in (0, 1)", c.PriorInRegistry)
	}
	if c.MaxCandidates < 1 {
		return fmt.Errorf("radar config: max_candidates %d < 1", c.MaxCandidates)
	}
	return c.Thresholds.Validate()
}

// Candidate is one registry person scored against a query, with the
// evidence that explains the score.
type Candidate struct {
	ID int64 `json:"id"`
	// Record is the registry record (of this person) that scored best.
	Record Record `json:"-"`
	// Weight is the sum of the field weights: log2 of how much more
	// likely the evidence is for one person than for two.
	Weight float64 `json:"weight"`
	// Prior is log2 of the prior odds that the query is this candidate.
	Prior float64 `json:"prior"`
	// Score is Weight + Prior, the log2 posterior odds of a match; the
	// thresholds apply to it.
	Score       float64    `json:"score"`
	Probability float64    `json:"probability"`
	Evidence    []Evidence `json:"evidence"`
	Levels      Vector     `json:"-"`
	// Identity is the evidence from the fields that tell members of one
	// household apart: given names, date of birth, sex, national id, with
	// the given name's average weight (no term-frequency adjustment).
	Identity float64 `json:"identity"`
	// WithoutID is Weight without the national id's part: what the rest of
	// the record says.
	WithoutID float64 `json:"without_id"`
	// Contradictions holds the identity fields on which the two clearly
	// disagree (see Contradictions).
	Contradictions FieldSet `json:"contradictions"`
	// BSN is true when both carry the same BSN that passes the eleven test.
	BSN bool `json:"bsn"`
}

// Evidence is one field's contribution to a score.
type Evidence struct {
	Field  Field   `json:"field"`
	Level  string  `json:"level"`
	Weight float64 `json:"weight"`
	// TF is true when the weight was adjusted for how common the value is.
	TF bool `json:"tf,omitempty"`
}

// Matcher scores queries against an index. It is safe for concurrent use.
type Matcher struct {
	index   *Index
	model   Model
	w       *weights
	cfg     Config
	scratch sync.Pool // *scratch
}

// scratch holds the buffers of one lookup, reused between lookups.
type scratch struct {
	keys   []uint64
	pos    []uint32
	scored []scored
}

type scored struct {
	pos    uint32
	weight float64
	bsn    bool
	v      Vector // the comparison, kept for the best (candidate)
}

// NewMatcher returns a matcher over the index with the model and config.
func NewMatcher(ix *Index, model Model, cfg Config) (*Matcher, error) {
	if err := model.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	model = model.Clone()
	m := &Matcher{index: ix, model: model, w: model.prepare(), cfg: cfg}
	m.scratch.New = func() any { return new(scratch) }
	return m, nil
}

// Config returns the matcher's configuration.
func (m *Matcher) Config() Config { return m.cfg }

// Match returns the registry persons most like q, best first, at most
// Config.MaxCandidates, each with its evidence. A person known by several
// records is scored by their best one. A candidate sharing a valid BSN
// with q comes first, whatever its score, so that the BSN rule sees it.
func (m *Matcher) Match(q Record) []Candidate {
	m.index.mu.RLock()
	defer m.index.mu.RUnlock()
	return m.match(&q, uint32(m.index.n), m.cfg.MaxCandidates, true)
}

// Resolve matches q and decides: link, review or new.
func (m *Matcher) Resolve(q Record) (Decision, []Candidate) {
	c := m.Match(q)
	return Decide(c, m.cfg.Thresholds), c
}

// match scores q against the entries before limit and returns the best
// want persons, with evidence when explain is set. Caller holds the read
// lock.
func (m *Matcher) match(q *Record, limit uint32, want int, explain bool) []Candidate {
	sc := m.scratch.Get().(*scratch)
	defer m.scratch.Put(sc)
	all := m.scoreShared(q, limit, sc)
	return m.best(m.index, q, all, m.priorBits(int(limit)), want, true, explain)
}

// scoreShared scores q against its candidates among the entries before
// limit, in sc's buffers. Caller holds the read lock.
func (m *Matcher) scoreShared(q *Record, limit uint32, sc *scratch) []scored {
	ix := m.index
	sc.keys = queryKeys(q, sc.keys[:0])
	sc.pos = ix.collect(q, sc.keys, sc.pos[:0])
	all := sc.scored[:0]
	for _, pos := range sc.pos {
		if pos >= limit {
			continue
		}
		rec := ix.record(pos)
		v := Compare(q, &rec)
		fr := frequencies(ix, q, &rec, pos)
		all = append(all, scored{pos: pos, weight: m.weigh(&v, &fr), bsn: bsnMatch(q, &rec), v: v})
	}
	sc.scored = all
	return all
}

// ScoreFrom scores q against the records of ix added at or after the
// from-th and returns the best want persons, explained: what Score gives
// for each of ix.CandidatesFrom(q, from), best first, without explaining
// the ones that cannot be among the best (a transaction's overlay, whose
// few hundred records share a postcode or a birthday with many queries).
// No registry frequencies are used, as in Score.
func (m *Matcher) ScoreFrom(ix *Index, q Record, from int, prior float64, want int) []Candidate {
	return m.scoreFrom(ix, q, from, prior, want, true)
}

// WeighFrom is ScoreFrom without the evidence (Candidate.Evidence is nil):
// for deciding only, as the merge proposer does for the records the index
// gained since intake matched a mention, tens of thousands of times an
// import.
func (m *Matcher) WeighFrom(ix *Index, q Record, from int, prior float64, want int) []Candidate {
	return m.scoreFrom(ix, q, from, prior, want, false)
}

func (m *Matcher) scoreFrom(ix *Index, q Record, from int, prior float64, want int, explain bool) []Candidate {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if from >= ix.n {
		return nil
	}
	sc := m.scratch.Get().(*scratch)
	defer m.scratch.Put(sc)
	sc.keys = queryKeys(&q, sc.keys[:0])
	sc.pos = ix.collectFrom(&q, sc.keys, sc.pos[:0], uint32(max(from, 0)))
	all := sc.scored[:0]
	for _, pos := range sc.pos {
		rec := ix.record(pos)
		v := Compare(&q, &rec)
		all = append(all, scored{pos: pos, weight: m.weigh(&v, nil), bsn: bsnMatch(&q, &rec), v: v})
	}
	sc.scored = all
	return m.best(ix, &q, all, prior, want, false, explain)
}

// frequencies returns the registry counts of entry pos's values for
// weighing it against q. Caller holds ix's read lock.
func frequencies(ix *Index, q, rec *Record, pos uint32) termCounts {
	fr := ix.frequencies(pos)
	if q.City == "" || rec.City == "" {
		fr.City = -1 // place agreement came from the municipality
	}
	return fr
}

// best sorts the scored entries of ix (a shared valid BSN first, then by
// weight) and returns the best want persons as candidates, weighed with
// ix's frequencies when withFreq is set. Caller holds ix's read lock.
func (m *Matcher) best(ix *Index, q *Record, all []scored, prior float64, want int, withFreq, explain bool) []Candidate {
	slices.SortFunc(all, func(a, b scored) int {
		switch {
		case a.bsn != b.bsn:
			if a.bsn {
				return -1
			}
			return 1
		case a.weight > b.weight:
			return -1
		case a.weight < b.weight:
			return 1
		}
		return int(a.pos) - int(b.pos)
	})
	out := make([]Candidate, 0, min(want, len(all)))
	for i := range all {
		s := &all[i]
		if len(out) >= want {
			break
		}
		id := ix.idOf(s.pos)
		if slices.ContainsFunc(out, func(c Candidate) bool { return c.ID == id }) {
			continue
		}
		rec := ix.record(s.pos)
		var fr *termCounts
		if withFreq {
			f := frequencies(ix, q, &rec, s.pos)
			fr = &f
		}
		out = append(out, m.candidate(q, rec, &s.v, fr, prior, explain))
	}
	return out
}

// priorBits is log2 of the prior odds that a query is one given record of
// a registry of n records.
func (m *Matcher) priorBits(n int) float64 {
	lambda := m.cfg.PriorInRegistry / float64(max(n, 1))
	return math.Log2(lambda / (1 - lambda))
}

func (m *Matcher) weigh(v *Vector, fr *termCounts) float64 {
	total := 0.0
	for f := Field(0); f < NumFields; f++ {
		total += m.w.fieldWeight(&m.model, f, v[f], fr)
	}
	return total
}

// Score compares two records outside any index and explains the result.
// Without registry frequencies the levels' average u is used; prior is
// the log2 prior odds to add (0 for a plain weight).
func (m *Matcher) Score(q, c Record, prior float64) Candidate {
	v := Compare(&q, &c)
	return m.candidate(&q, c, &v, nil, prior, true)
}

// candidate scores c against q, whose comparison v is.
func (m *Matcher) candidate(q *Record, c Record, vp *Vector, fr *termCounts, prior float64, explain bool) Candidate {
	v := *vp
	cand := Candidate{ID: c.ID, Record: c, Levels: v, Prior: prior, BSN: bsnMatch(q, &c)}
	if explain {
		cand.Evidence = make([]Evidence, 0, NumFields)
	}
	for f := Field(0); f < NumFields; f++ {
		l := v[f]
		if l == Null {
			continue
		}
		w := m.w.fieldWeight(&m.model, f, l, fr)
		cand.Weight += w
		if isIdentityField(f) {
			// A rare given name sets a person apart from strangers, not
			// from the relative named after them: identity evidence takes
			// the level's average weight.
			cand.Identity += m.w.w[f][l]
		}
		if f != FieldNationalID {
			cand.WithoutID += w
		}
		if explain {
			tf := m.w.tf[f][l] && fr != nil && fr.N > 0 && !(f == FieldPlace && fr.City < 0)
			cand.Evidence = append(cand.Evidence, Evidence{Field: f, Level: m.model.Fields[f].Levels[l].Name, Weight: w, TF: tf})
		}
	}
	cand.Contradictions = Contradictions(q, &c, v)
	cand.Score = cand.Weight + prior
	cand.Probability = 1 / (1 + math.Exp2(-cand.Score))
	return cand
}

func isIdentityField(f Field) bool {
	switch f {
	case FieldGivenNames, FieldBirthDate, FieldSex, FieldNationalID:
		return true
	}
	return false
}

func bsnMatch(q, c *Record) bool {
	return q.BSNVerified && c.BSNVerified && q.NationalID == c.NationalID
}

// Contradictions returns the identity fields on which q and c clearly
// disagree: different full given names (or initials), different full dates
// of birth, different recorded sex, two different valid BSNs, or a role
// that rules the other's year of birth out (a child against an adult). Relatives
// share a surname, an address, a phone and often a first name or a
// birthday (twins); they differ in these.
func Contradictions(q, c *Record, v Vector) FieldSet {
	var out FieldSet
	if v[FieldGivenNames] == GivenDisagree || v[FieldGivenNames] == GivenInitialsDiffer {
		out = out.With(FieldGivenNames)
	}
	if v[FieldBirthDate] == BirthDisagree || v[FieldBirthDate] == BirthAgeDiffers && (roleExcludes(q, c) || roleExcludes(c, q)) {
		out = out.With(FieldBirthDate)
	}
	if v[FieldSex] == SexDisagree {
		out = out.With(FieldSex)
	}
	if v[FieldNationalID] != IDExact && v[FieldNationalID] != Null && q.BSNVerified && c.BSNVerified {
		out = out.With(FieldNationalID)
	}
	return out
}
