// Package persons holds the person registry: the resolved identities the
// radar links mentions to. A registry person carries the best-known values;
// the mentions keep what each reporter said.
package persons

import (
	"strings"
	"time"

	"toren/internal/reports"
	"toren/internal/toren"
)

// Person is one real person as Toren knows them.
type Person struct {
	ID           int64       `json:"id"`
	FirstNames   string      `json:"first_names,omitempty"`
	Initials     string      `json:"initials,omitempty"`
	Particle     string      `json:"particle,omitempty"`
	Surname      string      `json:"surname,omitempty"`
	BirthDate    toren.Date  `json:"birth_date"`
	Sex          reports.Sex `json:"sex,omitempty"`
	BSN          string      `json:"bsn,omitempty"`
	Postcode     string      `json:"postcode,omitempty"`
	HouseNumber  string      `json:"house_number,omitempty"`
	Street       string      `json:"street,omitempty"`
	City         string      `json:"city,omitempty"`
	Municipality string      `json:"municipality,omitempty"`
	Phone        string      `json:"phone,omitempty"`
	CreatedAt    time.Time   `json:"created_at"`
	UpdatedAt    time.Time   `json:"updated_at"`
	Version      int         `json:"version"`
	// Mentions counts the mentions linked to this person (read model only).
	Mentions int `json:"mentions"`
}

// FullName is the name as Dutch people write it.
func (p Person) FullName() string {
	first := p.FirstNames
	if first == "" {
		first = p.Initials
	}
	return strings.Join(strings.Fields(first+" "+p.Particle+" "+p.Surname), " ")
}

// SortName is "Berg, Lisa van der", the order Dutch registers sort by.
func (p Person) SortName() string {
	first := p.FirstNames
	if first == "" {
		first = p.Initials
	}
	rest := strings.TrimSpace(first + " " + p.Particle)
	if rest == "" {
		return p.Surname
	}
	return p.Surname + ", " + rest
}

// FromMention makes a new registry person out of the first mention of them.
func FromMention(m reports.Mention, now time.Time) Person {
	return Person{
		FirstNames: m.FirstNames, Initials: m.Initials, Particle: m.Particle, Surname: m.Surname,
		BirthDate: m.BirthDate, Sex: m.Sex, BSN: m.BSN,
		Postcode: m.Postcode, HouseNumber: m.HouseNumber, Street: m.Street, City: m.City,
		Municipality: m.Municipality, Phone: m.Phone,
		CreatedAt: now, UpdatedAt: now,
	}
}

// Enrich fills the person's unknown fields from a newly linked mention and
// reports whether anything changed. Known values are never overwritten by a
// mention: a reporter's typo must not replace a confirmed value; newer
// addresses replace older ones, because people move.
func (p *Person) Enrich(m reports.Mention) bool {
	changed := false
	fill := func(dst *string, v string) {
		if *dst == "" && v != "" {
			*dst = v
			changed = true
		}
	}
	fill(&p.FirstNames, m.FirstNames)
	fill(&p.Initials, m.Initials)
	fill(&p.Particle, m.Particle)
	fill(&p.Surname, m.Surname)
	fill(&p.BSN, m.BSN)
	fill(&p.Phone, m.Phone)
	if p.BirthDate.IsZero() && !m.BirthDate.IsZero() {
		p.BirthDate = m.BirthDate
		changed = true
	}
	if p.Sex == reports.SexUnknown && m.Sex != reports.SexUnknown {
		p.Sex = m.Sex
		changed = true
	}
	if m.HasAddress() && (m.Postcode != p.Postcode || m.HouseNumber != p.HouseNumber || m.Street != p.Street) {
		p.Postcode, p.HouseNumber, p.Street, p.City = m.Postcode, m.HouseNumber, m.Street, m.City
		if m.Municipality != "" {
			p.Municipality = m.Municipality
		}
		changed = true
	}
	return changed
}
