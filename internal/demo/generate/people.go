package generate

import (
	"math/rand/v2"
	"slices"
	"strings"

	"toren/internal/reports"
	"toren/internal/toren"
)

// newAdult fills a member slot with a person born on born.
func (g *Generator) newAdult(f *family, r *rand.Rand, slot int, sex reports.Sex, born toren.Date, o origin) {
	m := &f.members[slot]
	m.ID = int64(f.index)*slotsPerFamily + int64(slot) + 1
	m.sex, m.born, m.origin = sex, born, o
	m.particle, m.surname = g.surname(r, o)
	if sex == reports.SexFemale {
		m.surname = feminine(m.surname)
	}
	g.givenNames(r, m)
}

// children adds n children born between lo and hi (but not after the
// period), carrying the father's surname when the parents are married or
// he acknowledged them, else the mother's.
func (g *Generator) children(f *family, r *rand.Rand, n int, lo, hi toren.Date, married bool) {
	lastDay := g.endDay.AddDays(-1)
	if hi.After(lastDay) {
		hi = lastDay
	}
	a, b := &f.members[slotA], &f.members[slotB]
	father, mother := b, a
	if a.sex == reports.SexMale {
		father, mother = a, b
	}
	fathersName := married || r.Float64() < 0.85
	for k := 0; k < n && f.nChildren < maxChildren && !hi.Before(lo); k++ {
		slot := slotChild + f.nChildren
		m := &f.members[slot]
		m.ID = int64(f.index)*slotsPerFamily + int64(slot) + 1
		m.sex = reports.SexFemale
		if r.Float64() < 0.51 {
			m.sex = reports.SexMale
		}
		if k > 0 && r.Float64() < 0.02 {
			m.born = f.members[slot-1].born // twins
		} else {
			m.born = randDay(r, lo, hi)
		}
		m.origin = father.origin
		if r.Float64() < 0.5 {
			m.origin = mother.origin
		}
		src := mother
		if fathersName {
			src = father
		}
		m.particle, m.surname = src.particle, masculine(src.surname)
		if m.sex == reports.SexFemale {
			m.surname = feminine(m.surname)
		}
		g.givenNames(r, m)
		// Parents do not give two living children one first name: draw
		// again (a few times; the pools are large) when a sibling has it.
		for try := 0; try < 8 && f.siblingNamed(slot, m.given, m.callName); try++ {
			g.givenNames(r, m)
		}
		f.nChildren++
	}
	g.sortChildren(f)
}

// sortChildren orders the children oldest first, keeping their slots'
// IDs in place (a child's ID is its slot, whoever is born first).
func (g *Generator) sortChildren(f *family) {
	kids := f.members[slotChild : slotChild+f.nChildren]
	slices.SortStableFunc(kids, func(x, y member) int { return x.born.Time().Compare(y.born.Time()) })
	for c := range kids {
		kids[c].ID = int64(f.index)*slotsPerFamily + int64(slotChild+c) + 1
	}
}

func (g *Generator) grandmother(f *family, r *rand.Rand, aBorn toren.Date, o origin) {
	born := aBorn.AddDate(-(20 + r.IntN(16)), 0, -r.IntN(365))
	g.newAdult(f, r, slotGrandma, reports.SexFemale, born, o)
	gm := &f.members[slotGrandma]
	// Her husband is the mother's father: his name is the mother's.
	gm.partnerParticle, gm.partnerSurname = f.members[slotA].particle, masculine(f.members[slotA].surname)
	gm.partnerSurname = feminine(gm.partnerSurname)
	gm.livesApart = true
}

// marry gives the wife her husband's name to be used.
func (g *Generator) marry(f *family, married bool) {
	if !married || f.members[slotB].ID == 0 && f.kind != kindElder {
		return
	}
	a, b := &f.members[slotA], &f.members[slotB]
	wife, husband := a, b
	if a.sex == reports.SexMale {
		wife, husband = b, a
	}
	wife.partnerParticle, wife.partnerSurname = husband.particle, feminine(husband.surname)
}

// givenNames draws a person's registered given names and call name.
func (g *Generator) givenNames(r *rand.Rand, m *member) {
	p := &g.pools[m.origin]
	gen := generationOf(m.born.Year())
	list, seconds := p.female[gen], p.secondFemale
	if m.sex == reports.SexMale {
		list, seconds = p.male[gen], p.secondMale
	}
	m.given = list[r.IntN(len(list))]
	m.callName = m.given
	if calls, ok := callNames[m.given]; ok {
		formal := 0.15
		if gen == genOld {
			formal = 0.8
		}
		if r.Float64() < formal {
			m.callName = calls[r.IntN(len(calls))]
		}
	}
	m.second = ""
	if len(seconds) > 0 && r.Float64() < p.secondShare {
		if s := seconds[r.IntN(len(seconds))]; s != m.given {
			m.second = s
		}
	}
}

func (g *Generator) surname(r *rand.Rand, o origin) (particle, base string) {
	cum := g.surnameCum[o]
	x := r.Int32N(cum[len(cum)-1])
	i, _ := slices.BinarySearch(cum, x+1)
	s := g.pools[o].surnames[i]
	return s.particle, s.base
}

// feminine gives a Polish surname its feminine form (Kowalski ->
// Kowalska); other names are returned as they are.
func feminine(s string) string {
	switch {
	case strings.HasSuffix(s, "ski"), strings.HasSuffix(s, "cki"), strings.HasSuffix(s, "dzki"):
		return s[:len(s)-1] + "a"
	}
	return s
}

// masculine is the inverse of feminine, for a child named after a mother.
func masculine(s string) string {
	switch {
	case strings.HasSuffix(s, "ska"), strings.HasSuffix(s, "cka"), strings.HasSuffix(s, "dzka"):
		return s[:len(s)-1] + "i"
	}
	return s
}

func opposite(s reports.Sex) reports.Sex {
	if s == reports.SexFemale {
		return reports.SexMale
	}
	return reports.SexFemale
}

// pick returns an index drawn with the given weights.
func pick(r *rand.Rand, weights ...float64) int { return pickArr(r, weights) }

func pickArr(r *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// randDay returns a day between lo and hi inclusive.
func randDay(r *rand.Rand, lo, hi toren.Date) toren.Date {
	n := int(hi.Time().Sub(lo.Time()).Hours() / 24)
	if n <= 0 {
		return lo
	}
	return lo.AddDays(r.IntN(n + 1))
}

func maxDate(a, b toren.Date) toren.Date {
	if a.After(b) {
		return a
	}
	return b
}

func clampInt(x, lo, hi int) int {
	return max(lo, min(x, hi))
}

// siblingNamed reports whether a child before slot has the first given
// name or call name given or call.
func (f *family) siblingNamed(slot int, given, call string) bool {
	for s := slotChild; s < slot; s++ {
		o := &f.members[s]
		if o.given == given || o.callName == call || o.callName == given || o.given == call {
			return true
		}
	}
	return false
}
