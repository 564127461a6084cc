// Package generate makes a synthetic, deterministic stream of Veilig Thuis
// reports about invented Dutch families over several years, with the true
// identity of every person named in them, so that the radar (record
// linkage of mentions to persons) can be measured and load can be tested.
//
// Reports name people the way real reporters do: with typing errors, a
// second given name or initials, particles written in other ways, a woman
// under her partner's surname or a double name, diacritics dropped, no BSN,
// a date of birth with day and month swapped or only an age, an old
// address. Police reports (about two in three, as in the CBS figures) are
// the most complete.
//
// The same Config always gives byte-identical output: every family and
// every report draws from its own random stream, derived from the seed
// (math/rand/v2 PCG), so nothing depends on order, time or map iteration.
package generate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"toren/internal/reports"
	"toren/internal/toren"
)

// Config describes the synthetic population.
type Config struct {
	// Families is the number of households. Each yields about two reports
	// over the years, so 500,000 families give about a million reports.
	Families int
	// Years is the length of the period reports fall in, ending at End.
	Years int
	// Seed selects the population; the same seed gives the same output.
	Seed uint64
	// End is the end of the period (exclusive), usually "now". It is not
	// defaulted to the current time, because that would break determinism.
	End time.Time
}

// MaxFamilies is the largest population the generator makes: true person
// IDs and their BSNs stay unique up to it.
const MaxFamilies = maxBSNIDs / slotsPerFamily

// GeneratedReport is one synthetic report with its ground truth.
type GeneratedReport struct {
	Report reports.Report
	// TrueIDs holds, per mention (parallel to Report.Persons), the ID of
	// the true person named.
	TrueIDs []int64
	// Noise holds, per mention, the variations applied to the true data.
	Noise []Noise
	// Key is a stable idempotency key for the report.
	Key string
	// Family is the index of the true household (0..Families-1).
	Family int
}

// Person is a true person of the synthetic population.
type Person struct {
	ID     int64
	Family int
	// FirstNames are the given names as the population register has them
	// ("Johanna Cornelia"); CallName is the name the person goes by ("Joke").
	FirstNames string
	CallName   string
	Particle   string // birth surname's particle: "van der"
	Surname    string // birth surname without particle
	Sex        reports.Sex
	BirthDate  toren.Date
	BSN        string
	// PartnerParticle and PartnerSurname are the (former) husband's
	// surname a woman may use, or be named under; empty when there is none.
	PartnerParticle string
	PartnerSurname  string
	Origin          string // naming tradition: "dutch", "turkish", ...
}

// Generator produces the synthetic reports. It holds only its
// configuration and read-only tables, so one Generator may serve several
// goroutines; each call to Each keeps its own state.
type Generator struct {
	cfg        Config
	startDay   toren.Date // first day reports may fall on
	endDay     toren.Date // first day after the period
	pools      [numOrigins]namePool
	surnameCum [numOrigins][]int32
	places     []place
	placeCum   []int
	placeTotal int
}

// New returns a generator for cfg. Problems with cfg are reported by the
// methods that generate, so New never fails.
func New(cfg Config) *Generator {
	g := &Generator{cfg: cfg, pools: pools(), places: placesTable()}
	end := cfg.End.In(toren.Amsterdam)
	g.endDay = toren.DateOf(end)
	g.startDay = g.endDay.AddDate(-cfg.Years, 0, 0)
	for o := range g.pools {
		cum := make([]int32, len(g.pools[o].surnames))
		var total int32
		for i, s := range g.pools[o].surnames {
			total += s.weight
			cum[i] = total
		}
		g.surnameCum[o] = cum
	}
	g.placeCum = make([]int, len(g.places))
	for i, p := range g.places {
		g.placeTotal += p.weight
		g.placeCum[i] = g.placeTotal
	}
	return g
}

func (g *Generator) check() error {
	switch {
	case g.cfg.Families < 0 || g.cfg.Families > MaxFamilies:
		return fmt.Errorf("generate: families must be between 0 and %d, got %d", MaxFamilies, g.cfg.Families)
	case g.cfg.Years < 1 || g.cfg.Years > 30:
		return fmt.Errorf("generate: years must be between 1 and 30, got %d", g.cfg.Years)
	case g.cfg.End.IsZero():
		return fmt.Errorf("generate: config End is required (the generator never reads the clock)")
	case g.startDay.Year() < 1995:
		// The oldest people (a grandmother) are born up to 93 years before the period;
		// dates of birth before 1900 do not pass validation.
		return fmt.Errorf("generate: the period must start in 1995 or later, not %v", g.startDay)
	}
	return nil
}

// state is the scratch space of one generation run.
type state struct {
	famSrc, evSrc *rand.PCG
	famRand       *rand.Rand
	evRand        *rand.Rand
	fam           family
}

func (g *Generator) newState() *state {
	s := &state{famSrc: rand.NewPCG(0, 0), evSrc: rand.NewPCG(0, 0)}
	s.famRand = rand.New(s.famSrc)
	s.evRand = rand.New(s.evSrc)
	return s
}

// Each calls fn with every report in order of receipt, as Veilig Thuis
// would have received them, and stops at fn's first error, returning it.
//
// It holds a 16-byte index entry per report in memory (16 MB for a million
// reports), never the reports themselves; EachFamily needs no index.
func (g *Generator) Each(fn func(GeneratedReport) error) error {
	if err := g.check(); err != nil {
		return err
	}
	s := g.newState()
	type entry struct {
		at    int64 // Unix seconds
		fam   int32
		event int32
	}
	index := make([]entry, 0, g.cfg.Families*2+16)
	for i := 0; i < g.cfg.Families; i++ {
		g.buildFamily(s, i)
		for e := 0; e < s.fam.nEvents; e++ {
			index = append(index, entry{at: s.fam.events[e].at.Unix(), fam: int32(i), event: int32(e)})
		}
	}
	slices.SortFunc(index, func(a, b entry) int {
		switch {
		case a.at != b.at:
			return cmpInt64(a.at, b.at)
		case a.fam != b.fam:
			return int(a.fam - b.fam)
		}
		return int(a.event - b.event)
	})
	built := -1
	for _, en := range index {
		if int(en.fam) != built {
			g.buildFamily(s, int(en.fam))
			built = int(en.fam)
		}
		if err := fn(g.render(s, int(en.event))); err != nil {
			return err
		}
	}
	return nil
}

// EachFamily calls fn with every report, family by family and within a
// family in order of receipt. It streams in constant memory.
func (g *Generator) EachFamily(fn func(GeneratedReport) error) error {
	if err := g.check(); err != nil {
		return err
	}
	s := g.newState()
	for i := 0; i < g.cfg.Families; i++ {
		g.buildFamily(s, i)
		for e := 0; e < s.fam.nEvents; e++ {
			if err := fn(g.render(s, e)); err != nil {
				return err
			}
		}
	}
	return nil
}

// EachPerson calls fn with every true person, family by family.
func (g *Generator) EachPerson(fn func(Person) error) error {
	if err := g.check(); err != nil {
		return err
	}
	s := g.newState()
	for i := 0; i < g.cfg.Families; i++ {
		g.buildFamily(s, i)
		for slot := range s.fam.members {
			if s.fam.members[slot].ID == 0 {
				continue
			}
			if err := fn(g.publicPerson(&s.fam, slot)); err != nil {
				return err
			}
		}
	}
	return nil
}

// Person returns the true person with that ID.
func (g *Generator) Person(id int64) (Person, bool) {
	if g.check() != nil || id <= 0 {
		return Person{}, false
	}
	fam, slot := int((id-1)/slotsPerFamily), int((id-1)%slotsPerFamily)
	if fam >= g.cfg.Families {
		return Person{}, false
	}
	s := g.newState()
	g.buildFamily(s, fam)
	if s.fam.members[slot].ID != id {
		return Person{}, false
	}
	return g.publicPerson(&s.fam, slot), true
}

func (g *Generator) publicPerson(f *family, slot int) Person {
	m := &f.members[slot]
	return Person{
		ID: m.ID, Family: f.index, FirstNames: m.firstNames(), CallName: m.callName,
		Particle: m.particle, Surname: m.surname, Sex: m.sex, BirthDate: m.born, BSN: bsnFor(m.ID - 1),
		PartnerParticle: m.partnerParticle, PartnerSurname: m.partnerSurname, Origin: originNames[m.origin],
	}
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// mix is splitmix64's finaliser: it turns related seeds (family 1, 2, 3…)
// into unrelated stream states.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
