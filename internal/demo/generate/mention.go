package generate

import (
	"math/rand/v2"
	"strings"

	"toren/internal/reports"
	"toren/internal/toren"
)

// mention writes one person as this reporter names them.
func (g *Generator) mention(f *family, r *rand.Rand, prof *profile, ev *event, slot int, role reports.Role) (reports.Mention, Noise) {
	m := &f.members[slot]
	out := reports.Mention{Role: role}
	var noise Noise
	age := m.born.AgeOn(ev.day)
	child := age < 18

	// Names.
	first := m.callName
	if r.Float64() < prof.fullNames {
		first = m.firstNames()
	}
	particle, surname := m.particle, m.surname
	if m.partnerSurname != "" {
		p := prof.marriedName
		if m.born.Year() < 1965 {
			p = min(0.9, 2*p+0.2) // older women mostly go by their husband's name
		}
		if r.Float64() < p && (m.partnerParticle != m.particle || m.partnerSurname != m.surname) {
			if r.IntN(2) == 0 {
				particle, surname = m.partnerParticle, m.partnerSurname
			} else {
				// Double name: "Jansen-de Vries", "van Dijk-Bakker".
				particle, surname = m.partnerParticle, m.partnerSurname+"-"+joinName(m.particle, m.surname)
			}
			noise |= NoiseMarriedName
		}
	}
	switch {
	case !child && r.Float64() < prof.initials:
		out.Initials = initialsOf(m.firstNames())
		first = ""
		noise |= NoiseInitials
	case m.second != "" && m.second != m.callName && r.Float64() < prof.secondName:
		first = m.second
		noise |= NoiseSecondName
	}
	if r.Float64() < prof.variant {
		if v, ok := firstNameVariant(r, first); ok && r.IntN(2) == 0 {
			first = v
			noise |= NoiseSpellingVariant
		} else if v, ok := surnameVariant(r, surname); ok {
			surname = v
			noise |= NoiseSpellingVariant
		}
	}
	if particle != "" && particle == m.particle && r.Float64() < prof.particle {
		particle, surname = particleVariant(r, particle, surname)
		noise |= NoiseParticle
	}
	if (!isASCII(first) || !isASCII(surname)) && r.Float64() < prof.diacritics {
		first, surname = foldDiacritics(first), foldDiacritics(surname)
		noise |= NoiseDiacritics
	}
	if r.Float64() < prof.typo {
		if first == "" || r.Float64() < 0.7 {
			if t := typo(r, surname); t != surname {
				surname = t
				noise |= NoiseTypo
			}
		} else if t := typo(r, first); t != first {
			first = t
			noise |= NoiseTypo
		}
	}
	if first != "" && r.Float64() < prof.noSurname {
		particle, surname = "", ""
		noise |= NoiseNoSurname
	}
	if out.Initials == "" && particle == m.particle && surname == m.surname && (first == m.callName || first == m.firstNames()) {
		noise &^= NameNoise // the variations cancelled out
	}
	out.FirstNames, out.Particle, out.Surname = first, particle, surname

	// Date of birth or age.
	dob := prof.dobAdult
	if child {
		dob = prof.dobChild
	}
	switch {
	case r.Float64() < dob:
		out.BirthDate = m.born
		if r.Float64() < prof.dobError {
			if d, nz, ok := dobError(r, m.born, ev.day); ok {
				out.BirthDate = d
				noise |= nz
			}
		}
	case r.Float64() < prof.ageIfNoDOB:
		a := age
		if r.Float64() < prof.ageGuess {
			a = max(0, a+r.IntN(5)-2)
		}
		out.Age = &a
		noise |= NoiseAgeOnly
	default:
		noise |= NoiseNoDOB
	}

	// BSN.
	if r.Float64() < prof.bsn {
		out.BSN = bsnFor(m.ID - 1)
		if r.Float64() < prof.wrongBSN {
			if other := f.otherMember(r, slot); other != 0 {
				out.BSN = bsnFor(other - 1)
				noise |= NoiseWrongBSN
			}
		}
	} else {
		noise |= NoiseNoBSN
	}
	if r.Float64() < prof.sex {
		out.Sex = m.sex
	}

	// Address.
	cur, prev, hasPrev := f.addressOf(slot, ev.day)
	if r.Float64() < prof.address {
		a := cur
		if hasPrev && r.Float64() < prof.oldAddress {
			a = prev
			noise |= NoiseOldAddress
		}
		pl := &g.places[a.place]
		out.Street, out.HouseNumber, out.City, out.Municipality = a.street, a.number, pl.city, pl.code
		if r.Float64() < prof.postcode {
			out.Postcode = a.postcode
		}
	} else {
		noise |= NoiseNoAddress
	}
	return out, noise
}

// addressOf returns where the member lived on day, and the home before.
func (f *family) addressOf(slot int, day toren.Date) (cur, prev address, hasPrev bool) {
	m := &f.members[slot]
	if m.livesApart {
		return m.home, address{}, false
	}
	if slot == slotB && !f.separated.IsZero() && !day.Before(f.separated) {
		return f.bHome, f.homes[f.homeOn(f.separated.AddDays(-1))].addr, true
	}
	h := f.homeOn(day)
	if h > 0 {
		return f.homes[h].addr, f.homes[h-1].addr, true
	}
	return f.homes[h].addr, address{}, false
}

// otherMember returns the ID of another member of the family, or 0.
func (f *family) otherMember(r *rand.Rand, slot int) int64 {
	start := r.IntN(slotsPerFamily)
	for k := 0; k < slotsPerFamily; k++ {
		s := (start + k) % slotsPerFamily
		if s != slot && f.members[s].ID != 0 {
			return f.members[s].ID
		}
	}
	return 0
}

func firstNameVariant(r *rand.Rand, first string) (string, bool) {
	if first == "" {
		return "", false
	}
	head, rest, _ := strings.Cut(first, " ")
	vs, ok := firstNameVariants[head]
	if !ok {
		return "", false
	}
	v := vs[r.IntN(len(vs))]
	if rest != "" {
		v += " " + rest
	}
	return v, true
}

func joinName(particle, surname string) string {
	if particle == "" {
		return surname
	}
	return particle + " " + surname
}
