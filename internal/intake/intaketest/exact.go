// Package intaketest holds test support for intake: a resolver with fixed,
// obvious rules, for tests of storage and services that need persons
// linked without the radar. The application links persons with the radar
// alone (internal/radarsvc).
package intaketest

import (
	"context"
	"fmt"

	"toren/internal/intake"
	"toren/internal/nl"
	"toren/internal/persons"
	"toren/internal/reports"
)

// ExactResolver links a mention only on certain evidence: the same valid
// BSN, or the same folded surname and the same full date of birth with a
// compatible first name. Anything less makes a new registry person. Its
// links are labelled intake.LinkExact.
type ExactResolver struct{}

// Resolve implements intake.Resolver.
func (ExactResolver) Resolve(ctx context.Context, f intake.PersonFinder, m reports.Mention) (int64, error) {
	q := intake.CandidateQuery{}
	if m.BSN != "" && nl.ValidBSN(m.BSN) {
		q.BSN = m.BSN
	}
	if m.Surname != "" && !m.BirthDate.IsZero() {
		q.SurnameKey = persons.SurnameKey(m.Particle, m.Surname)
		q.BirthDate = m.BirthDate
	}
	if q.BSN == "" && q.SurnameKey == "" {
		return 0, nil
	}
	cands, err := f.Candidates(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("find candidates: %w", err)
	}
	if q.BSN != "" {
		var byBSN []persons.Person
		for _, p := range cands {
			if p.BSN == q.BSN {
				byBSN = append(byBSN, p)
			}
		}
		if len(byBSN) == 1 {
			return byBSN[0].ID, nil
		}
	}
	if q.SurnameKey == "" {
		return 0, nil
	}
	var match []persons.Person
	for _, p := range cands {
		if persons.SurnameKey(p.Particle, p.Surname) != q.SurnameKey || !p.BirthDate.Equal(q.BirthDate) {
			continue
		}
		if p.BSN != "" && m.BSN != "" && p.BSN != m.BSN {
			continue // two different BSNs are two people
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
