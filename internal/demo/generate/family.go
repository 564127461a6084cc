package generate

import (
	"time"

	"toren/internal/reports"
	"toren/internal/toren"
)

// Each household has fixed slots for its members, so that a true person
// ID (family*slotsPerFamily + slot + 1) says which family it belongs to.
const (
	slotA          = 0 // the mother; in elder abuse, the elderly parent
	slotB          = 1 // her (former) partner, the children's father
	slotNewPartner = 2 // her new partner after a separation
	slotGrandma    = 3 // the mother's mother
	slotChild      = 4 // first child
	maxChildren    = 6
	slotsPerFamily = slotChild + maxChildren

	maxEpisodes = 8
	maxEvents   = maxEpisodes * 3
	maxHomes    = 4
)

// famKind is the story of a household.
type famKind uint8

const (
	kindPartner       famKind = iota // partner violence, often ending in separation
	kindChildAbuse                   // a parent abuses or neglects the children
	kindChildToParent                // a teenage or adult child against a parent
	kindElder                        // an elderly parent abused by an adult child
)

// incident is what one episode of reports is about.
type incident uint8

const (
	incPartner incident = iota
	incExPartner
	incNewPartner
	incChildAbuse
	incChildToParent
	incElder
)

type member struct {
	ID              int64 // 0: slot unused
	given, second   string
	callName        string
	particle        string
	surname         string
	partnerParticle string
	partnerSurname  string
	sex             reports.Sex
	born            toren.Date
	origin          origin
	livesApart      bool    // an adult child with a home of their own, the grandmother
	home            address // own home when livesApart
}

func (m *member) firstNames() string {
	if m.second == "" {
		return m.given
	}
	return m.given + " " + m.second
}

type residence struct {
	from toren.Date
	addr address
}

type event struct {
	at       time.Time
	day      toren.Date
	reporter reports.ReporterKind
	incident incident
	episode  uint8
	// victimB turns partner violence around: the man is the victim.
	victimB bool
	// abuser in child abuse: 0 father (or new partner), 1 mother, 2 both.
	abuser uint8
}

type family struct {
	index     int
	kind      famKind
	members   [slotsPerFamily]member
	nChildren int
	perpChild int // slot of the child who is the perpetrator (kinds c2p, elder)
	separated toren.Date
	newFrom   toren.Date // the new partner moves in
	homes     [maxHomes]residence
	nHomes    int
	bHome     address // the father's home after separation
	events    [maxEvents]event
	nEvents   int
}

// buildFamily draws family i into s.fam from the family's own stream.
func (g *Generator) buildFamily(s *state, i int) {
	s.famSrc.Seed(mix(g.cfg.Seed^mix(uint64(i))), mix(uint64(i)+0x5bd1e995))
	r := s.famRand
	f := &s.fam
	*f = family{index: i}

	S, E := g.startDay, g.endDay
	f.kind = famKind(pick(r, 0.48, 0.37, 0.07, 0.08))
	oA := origin(pickArr(r, originWeights[:]))
	oB := oA
	if r.Float64() < 0.12 {
		oB = origin(pickArr(r, originWeights[:]))
	}

	married := false
	switch f.kind {
	case kindPartner, kindChildAbuse:
		minAge := 18
		if f.kind == kindChildAbuse {
			minAge = 21
		}
		aAge := clampInt(int(r.NormFloat64()*8)+32, minAge, 56)
		aBorn := S.AddDate(-aAge, 0, -r.IntN(365))
		bBorn := aBorn.AddDate(-(r.IntN(9) - 2), 0, -r.IntN(365))
		married = r.Float64() < 0.45
		g.newAdult(f, r, slotA, reports.SexFemale, aBorn, oA)
		g.newAdult(f, r, slotB, reports.SexMale, bBorn, oB)
		counts := []float64{0.25, 0.25, 0.3, 0.13, 0.05, 0.02}
		if f.kind == kindChildAbuse {
			counts = []float64{0, 0.35, 0.35, 0.18, 0.08, 0.04}
		}
		g.children(f, r, pickArr(r, counts), aBorn.AddDate(19, 0, 0), aBorn.AddDate(42, 0, 0), married)
		if f.kind == kindChildAbuse && f.abusedChild(S, E) < 0 {
			// The story needs a child who is a minor for a while in the period.
			lo := maxDate(aBorn.AddDate(19, 0, 0), S.AddDate(-15, 0, 0))
			born := randDay(r, lo, E.AddDays(-180))
			if f.nChildren == 0 {
				g.children(f, r, 1, born, born, married)
			} else {
				f.members[slotChild+f.nChildren-1].born = born
				g.sortChildren(f)
			}
		}
		if r.Float64() < 0.08 {
			g.grandmother(f, r, aBorn, oA)
		}
		sepBefore, sepDuring := 0.25, 0.35
		if f.kind == kindChildAbuse {
			sepBefore, sepDuring = 0.2, 0.15
		}
		switch x := r.Float64(); {
		case x < sepBefore:
			f.separated = S.AddDays(-30 - r.IntN(900))
		case x < sepBefore+sepDuring && E.AddDays(-30).After(S.AddDays(60)):
			f.separated = randDay(r, S.AddDays(60), E.AddDays(-30))
		}
		if !f.separated.IsZero() && r.Float64() < 0.35 {
			from := f.separated.AddDays(60 + r.IntN(480))
			if from.Before(E) {
				f.newFrom = from
				nb := aBorn.AddDate(-(r.IntN(13) - 4), 0, -r.IntN(365))
				g.newAdult(f, r, slotNewPartner, reports.SexMale, nb, origin(pickArr(r, originWeights[:])))
			}
		}
	case kindChildToParent:
		aBorn := S.AddDate(-(36 + r.IntN(20)), 0, -r.IntN(365))
		bBorn := aBorn.AddDate(-(r.IntN(7) - 1), 0, -r.IntN(365))
		married = r.Float64() < 0.6
		g.newAdult(f, r, slotA, reports.SexFemale, aBorn, oA)
		g.newAdult(f, r, slotB, reports.SexMale, bBorn, oB)
		oldest := E.AddDate(-(13 + r.IntN(12)), 0, -r.IntN(365))
		if earliest := aBorn.AddDate(17, 0, 0); oldest.Before(earliest) {
			oldest = earliest
		}
		g.children(f, r, 1+r.IntN(3), oldest, oldest.AddDate(8, 0, 0), married)
		f.members[slotChild].born = oldest // children() sorts; keep the oldest first
		g.sortChildren(f)
		f.perpChild = slotChild
		if r.Float64() < 0.3 {
			f.separated = S.AddDays(-30 - r.IntN(2000))
		}
	case kindElder:
		sexA := reports.SexFemale
		if r.Float64() < 0.28 {
			sexA = reports.SexMale
		}
		aBorn := S.AddDate(-(68 + r.IntN(20)), 0, -r.IntN(365))
		bBorn := aBorn.AddDate(-(r.IntN(7) - 2), 0, -r.IntN(365))
		married = r.Float64() < 0.9
		g.newAdult(f, r, slotA, sexA, aBorn, oA)
		g.newAdult(f, r, slotB, opposite(sexA), bBorn, oA)
		mother := aBorn
		if sexA == reports.SexMale {
			mother = bBorn
		}
		g.children(f, r, 1+r.IntN(3), mother.AddDate(22, 0, 0), mother.AddDate(38, 0, 0), married)
		// One adult child is the perpetrator, more often a son.
		f.perpChild = slotChild + r.IntN(f.nChildren)
		for c := 0; c < f.nChildren; c++ {
			if f.members[slotChild+c].sex == reports.SexMale && r.Float64() < 0.65 {
				f.perpChild = slotChild + c
				break
			}
		}
		if r.Float64() < 0.55 {
			// The elderly partner has died or lives in a care home: not in the story.
			f.members[slotB].ID = 0
		}
	}
	g.marry(f, married)
	g.homesFor(f, r)
	g.episodes(f, r)
}
