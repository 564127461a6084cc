package persons

import "toren/internal/reports"

// Absorb fills the person's unknown fields from o, a registry person being
// merged into this one, and reports whether anything changed. Known
// values stay: the person that survives a merge keeps what it knows, and
// an address is only taken when it has none.
func (p *Person) Absorb(o Person) bool {
	changed := false
	fill := func(dst *string, v string) {
		if *dst == "" && v != "" {
			*dst = v
			changed = true
		}
	}
	fill(&p.FirstNames, o.FirstNames)
	fill(&p.Initials, o.Initials)
	fill(&p.Particle, o.Particle)
	fill(&p.Surname, o.Surname)
	fill(&p.BSN, o.BSN)
	fill(&p.Phone, o.Phone)
	if p.BirthDate.IsZero() && !o.BirthDate.IsZero() {
		p.BirthDate = o.BirthDate
		changed = true
	}
	if p.Sex == reports.SexUnknown && o.Sex != reports.SexUnknown {
		p.Sex = o.Sex
		changed = true
	}
	if p.Postcode == "" && p.HouseNumber == "" && p.Street == "" && (o.Postcode != "" || o.Street != "") {
		p.Postcode, p.HouseNumber, p.Street, p.City = o.Postcode, o.HouseNumber, o.Street, o.City
		changed = true
	}
	fill(&p.City, o.City)
	fill(&p.Municipality, o.Municipality)
	return changed
}

// Restore undoes a merge's Absorb field by field: each field the merge
// changed from before to after is set back to before, unless it has
// changed again since (then the newer value stays). It reports whether
// anything changed.
func (p *Person) Restore(before, after Person) bool {
	changed := false
	str := func(cur *string, b, a string) {
		if b != a && *cur == a {
			*cur = b
			changed = true
		}
	}
	str(&p.FirstNames, before.FirstNames, after.FirstNames)
	str(&p.Initials, before.Initials, after.Initials)
	str(&p.Particle, before.Particle, after.Particle)
	str(&p.Surname, before.Surname, after.Surname)
	str(&p.BSN, before.BSN, after.BSN)
	str(&p.Phone, before.Phone, after.Phone)
	// The address goes back as a whole, or not at all.
	addr := func(x Person) [4]string { return [4]string{x.Postcode, x.HouseNumber, x.Street, x.City} }
	if addr(before) != addr(after) && addr(*p) == addr(after) {
		p.Postcode, p.HouseNumber, p.Street, p.City = before.Postcode, before.HouseNumber, before.Street, before.City
		changed = true
	}
	str(&p.Municipality, before.Municipality, after.Municipality)
	if !before.BirthDate.Equal(after.BirthDate) && p.BirthDate.Equal(after.BirthDate) {
		p.BirthDate = before.BirthDate
		changed = true
	}
	if before.Sex != after.Sex && p.Sex == after.Sex {
		p.Sex = before.Sex
		changed = true
	}
	return changed
}
