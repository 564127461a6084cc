package radarsvc

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/radar"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Hit is a registry person who may be the person an intake worker is
// typing in. It only says who and how likely: the worker decides nothing
// with it, the radar links at submit as always.
type Hit struct {
	PersonID int64
	// Score is the radar's log2 posterior odds (radar.Candidate.Score).
	Score       float64
	Probability float64
	// BSN is true when the person carries the same valid BSN.
	BSN bool
}

// MaxHits is how many hits a look-up returns at most.
const MaxHits = 5

// Hits returns the registry persons like m, best first: those the radar
// would at least put to review (score at or above the review threshold)
// or that carry the same valid BSN. on is the day an age refers to. It is
// the index-backed look-up for the intake form; it reads no database.
func (r *Resolver) Hits(_ context.Context, m reports.Mention, on toren.Date) ([]Hit, error) {
	q := query(m, on)
	r.gate.RLock()
	cands, _ := r.match(q) // retired persons left the index (Apply)
	r.gate.RUnlock()
	return hitsOf(cands, r.cfg.Thresholds.Review), nil
}

// hitsOf keeps the candidates worth showing, best first, each person once.
func hitsOf(cands []radar.Candidate, review float64) []Hit {
	cands = bestPerPerson(cands, len(cands))
	var out []Hit
	for _, c := range cands {
		if len(out) == MaxHits {
			break
		}
		if c.Score < review && !c.BSN {
			continue
		}
		out = append(out, Hit{PersonID: c.ID, Score: c.Score, Probability: c.Probability, BSN: c.BSN})
	}
	return out
}

// Finder is the registry look-up FinderHits gathers candidates with when
// the app keeps no radar index (a store.DB behind a small adapter).
type Finder interface {
	intake.PersonFinder
	// PersonsBySurnamePrefix returns registry persons whose folded surname
	// (without particle) starts with prefix, at most limit.
	PersonsBySurnamePrefix(ctx context.Context, prefix string, limit int) ([]persons.Person, error)
	// RegistrySize is the number of registry persons (for the prior).
	RegistrySize(ctx context.Context) (int, error)
}

// FinderHits finds hits without the radar's index: SQL look-ups gather
// candidates (the same BSN; the same surname and date of birth; surnames
// sharing their first letters, which catches most misspellings) and the
// radar's matcher scores them. It misses what the index's other blocking
// keys would find (a misspelt first letter, a changed surname); use
// Resolver.Hits where the app has the index.
type FinderHits struct {
	finder  Finder
	matcher *radar.Matcher
	cfg     radar.Config
}

// Prefix and limit of the surname look-up: four letters keep "Wijnants"
// and "Wijnands" together while a common prefix still reads few rows.
const (
	surnamePrefixLen   = 4
	surnamePrefixLimit = 50
)

// NewFinderHits scores with the options' model and thresholds.
func NewFinderHits(f Finder, opt Options) (*FinderHits, error) {
	m, err := radar.NewMatcher(radar.NewIndex(0), opt.Model, opt.Config)
	if err != nil {
		return nil, fmt.Errorf("radarsvc: %w", err)
	}
	return &FinderHits{finder: f, matcher: m, cfg: opt.Config}, nil
}

// Hits returns the registry persons like m, best first (see Resolver.Hits).
func (h *FinderHits) Hits(ctx context.Context, m reports.Mention, on toren.Date) ([]Hit, error) {
	q := query(m, on)
	found := map[int64]persons.Person{}
	add := func(ps []persons.Person, err error) error {
		if err != nil {
			return fmt.Errorf("radarsvc: find candidates: %w", err)
		}
		for _, p := range ps {
			found[p.ID] = p
		}
		return nil
	}
	cq := intake.CandidateQuery{BirthDate: m.BirthDate}
	if q.BSNVerified {
		cq.BSN = q.NationalID
	}
	if m.Surname != "" && !m.BirthDate.IsZero() {
		cq.SurnameKey = persons.SurnameKey(m.Particle, m.Surname)
	}
	if cq.BSN != "" || cq.SurnameKey != "" {
		if err := add(h.finder.Candidates(ctx, cq)); err != nil {
			return nil, err
		}
	}
	if key := []rune(persons.SurnameKey(m.Particle, m.Surname)); len(key) >= 2 {
		prefix := string(key[:min(len(key), surnamePrefixLen)])
		if err := add(h.finder.PersonsBySurnamePrefix(ctx, prefix, surnamePrefixLimit)); err != nil {
			return nil, err
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	n, err := h.finder.RegistrySize(ctx)
	if err != nil {
		return nil, fmt.Errorf("radarsvc: registry size: %w", err)
	}
	prior := priorBits(h.cfg.PriorInRegistry, n)
	cands := make([]radar.Candidate, 0, len(found))
	for _, p := range found {
		cands = append(cands, h.matcher.Score(q, radar.FromPerson(p), prior))
	}
	// A stable order for equal scores: the map's is random.
	slices.SortFunc(cands, func(a, b radar.Candidate) int { return cmp.Compare(a.ID, b.ID) })
	return hitsOf(cands, h.cfg.Thresholds.Review), nil
}
