package intake

import (
	"context"
	"fmt"

	"toren/internal/nl"
	"toren/internal/persons"
	"toren/internal/reports"
)

// ExactResolver links a mention only on certain evidence: the same valid
// BSN, or the same folded surname and the same full date of birth with a
// compatible first name. Anything less makes a new registry person. It is
// the conservative resolver Toren uses until the radar's probabilistic
// matcher is configured: it never makes a false link on a name alone.
type ExactResolver struct{}

func (ExactResolver) Resolve(ctx context.Context, f PersonFinder, m reports.Mention) (int64, error) {
	if m.BSN != "" && nl.ValidBSN(m.BSN) {
		ps, err := f.PersonsByBSN(ctx, m.BSN)
		if err != nil {
			return 0, fmt.Errorf("find by BSN: %w", err)
		}
		if len(ps) == 1 {
			return ps[0].ID, nil
		}
	}
	if m.Surname == "" || m.BirthDate.IsZero() {
		return 0, nil
	}
	ps, err := f.PersonsByNameAndBirthDate(ctx, persons.SurnameKey(m.Particle, m.Surname), m.BirthDate)
	if err != nil {
		return 0, fmt.Errorf("find by name and birth date: %w", err)
	}
	var match []persons.Person
	for _, p := range ps {
		if p.BSN != "" && m.BSN != "" && p.BSN != m.BSN {
			continue // two different valid BSNs are two people
		}
		if persons.FirstNameCompatible(p.FirstNames, p.Initials, m.FirstNames, m.Initials) {
			match = append(match, p)
		}
	}
	if len(match) == 1 {
		return match[0].ID, nil
	}
	return 0, nil
}
