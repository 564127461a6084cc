package radarsvc

import (
	"toren/internal/radar"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Duplicate is a pair of registry persons a mention shows to be one
// person recorded twice: the older (SurvivorID) and the younger.
type Duplicate struct {
	SurvivorID int64
	AbsorbedID int64
	// Score and Evidence are the radar's comparison of the younger person
	// with the older (Evidence an Explanation, JSON).
	Score    float64
	Evidence []byte
}

// maxDuplicatePairs bounds the candidates paired up per mention: the
// best few the mention fits.
const maxDuplicatePairs = 4

// Duplicates returns the pairs of registry persons that the mention m
// (of a report that came in on on) shows to be one: m fits each of them
// well enough to be linked to it alone (radar.Decide on that candidate),
// and the radar would link the one to the other (radar.Matcher.SamePerson).
// Such pairs were made before the registry knew what m tells (an earlier
// duplicate, a person enriched since); merging them is for a person to
// decide. It reads the index only.
//
// A mention that intake matched in full on this server a moment before
// and found to fit fewer than two persons (noteChecked) is not matched
// again, unless a record the index gained since fits it and is of
// another person than the one it fitted (stillNoPair): then it is matched
// in full.
func (r *Resolver) Duplicates(m reports.Mention, on toren.Date) ([]Duplicate, error) {
	q := query(m, on)
	if note, ok := r.checked.take(checkedKey{q, on}); ok && r.stillNoPair(q, note) {
		return nil, nil
	}
	r.gate.RLock()
	cands := r.matcher.Match(q)
	r.gate.RUnlock()
	fits := r.fits(bestPerPerson(cands, len(cands)))
	var out []Duplicate
	for i := range fits {
		for j := i + 1; j < len(fits); j++ {
			a, b := fits[i], fits[j]
			if a.ID > b.ID {
				a, b = b, a
			}
			c, same := r.matcher.SamePerson(a.Record, b.Record, a.Prior)
			if !same {
				continue
			}
			ev, err := explain(radar.Decision{Outcome: radar.OutcomeReview, Reason: radar.ReasonScore, Candidate: &c}, nil)
			if err != nil {
				return nil, err
			}
			out = append(out, Duplicate{SurvivorID: a.ID, AbsorbedID: b.ID, Score: c.Score, Evidence: ev})
		}
	}
	return out, nil
}
