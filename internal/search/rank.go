package search

import (
	"cmp"
	"slices"
	"strings"

	"toren/internal/persons"
	"toren/internal/radar"
)

// Match says how a hit was found, strongest first.
type Match string

const (
	MatchBSN      Match = "bsn"      // the same BSN
	MatchExact    Match = "exact"    // the same surname (or surname part)
	MatchPhonetic Match = "phonetic" // a surname that sounds the same
	MatchPrefix   Match = "prefix"   // a surname that starts with what was typed
	MatchOther    Match = "other"    // date of birth or address only
)

// Label is the Dutch description of the match, for the results page.
func (m Match) Label() string {
	switch m {
	case MatchBSN:
		return "BSN"
	case MatchExact:
		return "achternaam"
	case MatchPhonetic:
		return "klinkt als"
	case MatchPrefix:
		return "begint met"
	case MatchOther:
		return "gegevens"
	}
	return ""
}

func (m Match) weight() float64 {
	switch m {
	case MatchBSN:
		return 40
	case MatchExact:
		return 30
	case MatchPhonetic:
		return 20
	case MatchPrefix:
		return 10
	}
	return 0
}

// Hit is one person found. The store fills Person and Match; Rank sets
// Score; package access sets Full and Teams.
type Hit struct {
	Person persons.Person
	Match  Match
	Score  float64
	// Full says the user may open the person's history; otherwise the hit
	// only says that signals exist and whom to ask (Teams). It is false
	// until need-to-know has been applied: closed by default.
	Full  bool
	Teams []string
	// CanBreakGlass says the user may open the person in an emergency.
	CanBreakGlass bool
}

// Result is a page of hits, best first.
type Result struct {
	Query Query
	Hits  []Hit
	// More says there were more hits than shown: the query should be
	// made more specific.
	More bool
}

// DefaultLimit is how many hits a search shows.
const DefaultLimit = 50

// Rank scores the hits against the query and sorts them best first; ties
// go by surname and given names (diacritics folded), then by ID.
func Rank(q Query, hits []Hit) {
	type keyed struct {
		surname, given string
	}
	keys := make(map[int64]keyed, len(hits))
	for i := range hits {
		p := &hits[i].Person
		hits[i].Score = score(q, &hits[i])
		keys[p.ID] = keyed{persons.Fold(p.Surname), persons.Fold(p.FirstNames + p.Initials)}
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		ka, kb := keys[a.Person.ID], keys[b.Person.ID]
		if c := strings.Compare(ka.surname, kb.surname); c != 0 {
			return c
		}
		if c := strings.Compare(ka.given, kb.given); c != 0 {
			return c
		}
		return cmp.Compare(a.Person.ID, b.Person.ID)
	})
}

func score(q Query, h *Hit) float64 {
	p := &h.Person
	s := h.Match.weight()
	if q.Given != "" {
		s += givenScore(q.Given, GivenKey(p.FirstNames, p.Initials))
	}
	if q.Particle != "" {
		switch pp := particleOf(p.Particle, p.Surname); {
		case pp == q.Particle:
			s += 2
		case pp != "" && radar.ParticlesCompatible(pp, q.Particle):
			s++
		}
	}
	if !q.BirthDate.IsZero() && p.BirthDate.Equal(q.BirthDate) {
		s += 5
	}
	if q.HouseNumber != "" && p.HouseNumber == q.HouseNumber {
		s += 2
	}
	return s
}

// givenScore compares the typed given name (or initial) q with a person's
// given key g: the same name scores highest, then a name that starts with
// what was typed, then an agreeing initial; an unknown name scores zero
// and a different one is a penalty.
func givenScore(q, g string) float64 {
	switch {
	case g == "":
		return 0
	case g == q:
		return 6
	case len([]rune(q)) > 1 && strings.HasPrefix(g, q):
		return 4
	case firstLetter(g) == firstLetter(q) && (len([]rune(g)) == 1 || len([]rune(q)) == 1):
		return 3
	}
	return -8
}

// GivenAgrees reports whether a person with given key g may be the one
// typed as q: the store filters on it before ranking.
func GivenAgrees(q, g string) bool { return q == "" || givenScore(q, g) >= 0 }
