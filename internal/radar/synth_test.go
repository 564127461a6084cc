package radar

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"toren/internal/reports"
	"toren/internal/toren"
)

// A small synthetic population for benchmarks and property tests: names
// built from syllables with a skewed (Zipf) spread, households that share a
// surname, an address and a phone, valid BSNs for most. It is simple on
// purpose; the realistic Dutch generator lives elsewhere.

var (
	synthSyllables = []string{"ber", "jan", "sen", "de", "vries", "bak", "ker", "mul", "der", "vis",
		"ser", "smit", "mee", "uw", "dijk", "hof", "man", "bos", "kamp", "huis", "veld", "broek",
		"stra", "ma", "ko", "nen", "ter", "link", "wal", "hout", "zand", "berg", "gra", "af", "lin",
		"ning", "el", "em", "oos", "ter"}
	synthGiven = []string{"jan", "piet", "kees", "anna", "maria", "lisa", "emma", "sophie", "daan",
		"sem", "lucas", "noah", "julia", "mila", "tess", "sara", "eva", "lotte", "thijs", "ruben",
		"mohamed", "fatima", "yusuf", "aylin", "mehmet", "ayse", "priya", "wei", "olga", "pieter",
		"johannes", "cornelis", "hendrik", "willem", "geertruida", "wilhelmina", "hanna", "femke",
		"bram", "jesse", "luuk", "milan", "nina", "iris", "sanne", "fleur", "joost", "koen", "rik"}
	synthParticles = []string{"", "", "", "", "", "", "de", "van", "van der", "van den", "ter", "van de"}
	synthStreets   = []string{"kerkstraat", "dorpsstraat", "schoolstraat", "molenweg", "stationsweg",
		"julianastraat", "beatrixlaan", "wilhelminastraat", "parallelweg", "hoofdstraat", "nieuwstraat",
		"marktplein", "eikenlaan", "beukenlaan", "lindelaan", "kastanjelaan", "sportlaan", "irisstraat"}
	synthCities = []string{"amsterdam", "rotterdam", "den haag", "utrecht", "eindhoven", "groningen",
		"tilburg", "almere", "breda", "nijmegen", "apeldoorn", "haarlem", "enschede", "arnhem",
		"zaanstad", "amersfoort", "zwolle", "leiden", "maastricht", "dordrecht", "ede", "delft"}
)

type synth struct {
	rng      *rand.Rand
	bsns     map[string]bool
	surnames []string
	zipfSur  *rand.Zipf
	zipfGiv  *rand.Zipf
}

func newSynth(seed uint64) *synth {
	rng := rand.New(rand.NewPCG(seed, 42))
	s := &synth{rng: rng, bsns: map[string]bool{}}
	for _, a := range synthSyllables {
		for _, b := range synthSyllables {
			for _, c := range []string{"", "s", "er", "ink", "ma"} {
				s.surnames = append(s.surnames, a+b+c)
			}
		}
	}
	rng.Shuffle(len(s.surnames), func(i, j int) { s.surnames[i], s.surnames[j] = s.surnames[j], s.surnames[i] })
	s.zipfSur = rand.NewZipf(rng, 1.1, 20, uint64(len(s.surnames)-1))
	s.zipfGiv = rand.NewZipf(rng, 1.05, 5, uint64(len(synthGiven)*len(synthSyllables)-1))
	return s
}

func (s *synth) givenName() string {
	i := int(s.zipfGiv.Uint64())
	g := synthGiven[i%len(synthGiven)]
	if k := i / len(synthGiven); k > 0 {
		g += synthSyllables[k] // rarer names
	}
	return g
}

// validBSN returns a random nine-digit number that passes the eleven
// test, a different one each call.
func (s *synth) validBSN() string {
	for {
		var d [9]int
		sum := 0
		for i := 0; i < 8; i++ {
			d[i] = s.rng.IntN(10)
			sum += (9 - i) * d[i]
		}
		d[8] = sum % 11
		if d[8] == 10 || d[0] == 0 {
			continue
		}
		var b strings.Builder
		for _, x := range d {
			b.WriteByte(byte('0' + x))
		}
		if s.bsns[b.String()] {
			continue
		}
		s.bsns[b.String()] = true
		return b.String()
	}
}

// inputs returns n persons in households of one to five: one or two
// parents of opposite sex, then children born 20 to 35 years after the
// first parent, every member with their own given name.
func (s *synth) inputs(n int) []Input {
	out := make([]Input, 0, n)
	for len(out) < n {
		surname := s.surnames[s.zipfSur.Uint64()]
		particle := synthParticles[s.rng.IntN(len(synthParticles))]
		postcode := fmt.Sprintf("%04d%c%c", 1000+s.rng.IntN(9000), 'A'+rune(s.rng.IntN(20)), 'A'+rune(s.rng.IntN(20)))
		house := fmt.Sprint(1 + s.rng.IntN(150))
		street := synthStreets[s.rng.IntN(len(synthStreets))]
		if s.rng.IntN(4) > 0 {
			street = synthSyllables[s.rng.IntN(len(synthSyllables))] + synthSyllables[s.rng.IntN(len(synthSyllables))] +
				[]string{"straat", "laan", "weg", "plein", "gracht"}[s.rng.IntN(5)]
		}
		city := synthCities[s.rng.IntN(len(synthCities))]
		phone := ""
		if s.rng.IntN(2) == 0 {
			phone = fmt.Sprintf("06%08d", s.rng.IntN(100_000_000))
		}
		parentYear := 1940 + s.rng.IntN(70)
		size := 1 + s.rng.IntN(5)
		sex := s.rng.IntN(2)
		var names []string
		for k := 0; k < size && len(out) < n; k++ {
			year := parentYear
			switch {
			case k == 1:
				year = parentYear - 5 + s.rng.IntN(10)
				sex = 1 - sex
			case k >= 2:
				year = parentYear + 20 + s.rng.IntN(15)
				sex = s.rng.IntN(2)
			}
			given := s.givenName()
			for slices.Contains(names, given) {
				given = s.givenName()
			}
			names = append(names, given)
			in := Input{
				ID: int64(len(out) + 1), FirstNames: given, Particle: particle, Surname: surname,
				BirthDate: toren.NewDate(year, time.Month(1+s.rng.IntN(12)), 1+s.rng.IntN(28)),
				Sex:       []reports.Sex{reports.SexFemale, reports.SexMale}[sex],
				Postcode:  postcode, HouseNumber: house, Street: street, City: city, Phone: phone,
			}
			if s.rng.IntN(10) < 7 {
				in.BSN = s.validBSN()
			}
			out = append(out, in)
		}
	}
	return out
}

// typo changes one letter of s.
func (s *synth) typo(str string) string {
	if len(str) < 3 {
		return str
	}
	b := []byte(str)
	b[1+s.rng.IntN(len(b)-2)] = byte('a' + s.rng.IntN(26))
	return string(b)
}

// mention returns a report's version of a person: some fields left out,
// some mistyped, as reporters do.
func (s *synth) mention(in Input) Input {
	m := in
	m.ID = 0
	if s.rng.IntN(3) == 0 {
		m.BSN = ""
	}
	if s.rng.IntN(4) == 0 {
		m.Surname = s.typo(m.Surname)
	}
	if s.rng.IntN(5) == 0 {
		m.FirstNames = s.typo(m.FirstNames)
	}
	if s.rng.IntN(4) == 0 {
		m.Phone, m.Postcode = "", ""
	}
	if s.rng.IntN(6) == 0 {
		m.BirthDate = toren.Date{}
	}
	return m
}
