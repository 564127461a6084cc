package generate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"toren/internal/nl"
	"toren/internal/reports"
	"toren/internal/toren"
)

var testEnd = time.Date(2026, 3, 14, 10, 30, 0, 0, toren.Amsterdam)

// collect runs Each and returns every report.
func collect(t testing.TB, g *Generator) []GeneratedReport {
	t.Helper()
	var out []GeneratedReport
	if err := g.Each(func(gr GeneratedReport) error {
		out = append(out, gr)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func encode(t testing.TB, all []GeneratedReport) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, gr := range all {
		if err := enc.Encode(gr); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no end", Config{Families: 1, Years: 1}},
		{"no years", Config{Families: 1, End: testEnd}},
		{"too many years", Config{Families: 1, Years: 31, End: testEnd}},
		{"period before 1995", Config{Families: 1, Years: 10, End: time.Date(2004, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"negative families", Config{Families: -1, Years: 1, End: testEnd}},
		{"too many families", Config{Families: MaxFamilies + 1, Years: 1, End: testEnd}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New(tt.cfg)
			called := false
			fn := func(GeneratedReport) error { called = true; return nil }
			if err := g.Each(fn); err == nil {
				t.Error("Each: want an error")
			}
			if err := g.EachFamily(fn); err == nil {
				t.Error("EachFamily: want an error")
			}
			if err := g.EachPerson(func(Person) error { called = true; return nil }); err == nil {
				t.Error("EachPerson: want an error")
			}
			if called {
				t.Error("fn called despite a bad config")
			}
		})
	}
	if got := collect(t, New(Config{Families: 0, Years: 3, End: testEnd})); len(got) != 0 {
		t.Errorf("zero families gave %d reports", len(got))
	}
}

func TestDeterminism(t *testing.T) {
	base := Config{Families: 300, Years: 5, Seed: 42, End: testEnd}
	want := encode(t, collect(t, New(base)))
	tests := []struct {
		name string
		cfg  Config
		same bool
	}{
		{"same config", base, true},
		// Days are counted in Amsterdam, so the zone End is written in does not matter.
		{"same instant in UTC", Config{Families: 300, Years: 5, Seed: 42, End: testEnd.UTC()}, true},
		{"other seed", Config{Families: 300, Years: 5, Seed: 43, End: testEnd}, false},
		{"other end", Config{Families: 300, Years: 5, Seed: 42, End: testEnd.AddDate(0, 0, 30)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := encode(t, collect(t, New(tt.cfg)))
			if tt.same != bytes.Equal(got, want) {
				t.Errorf("byte-identical = %v, want %v", !tt.same, tt.same)
			}
		})
	}
}

// A family's reports do not depend on how many families there are, so a
// small population is a prefix of a large one.
func TestFamiliesAreIndependent(t *testing.T) {
	small := map[string][]byte{}
	if err := New(Config{Families: 50, Years: 4, Seed: 9, End: testEnd}).EachFamily(func(gr GeneratedReport) error {
		small[gr.Key] = encode(t, []GeneratedReport{gr})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	found := 0
	if err := New(Config{Families: 120, Years: 4, Seed: 9, End: testEnd}).Each(func(gr GeneratedReport) error {
		if b, ok := small[gr.Key]; ok {
			found++
			if !bytes.Equal(b, encode(t, []GeneratedReport{gr})) {
				t.Errorf("%s differs between populations", gr.Key)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if found != len(small) {
		t.Errorf("found %d of %d reports of the small population in the large one", found, len(small))
	}
}

func TestEachStopsAtError(t *testing.T) {
	stop := errors.New("stop")
	g := New(Config{Families: 100, Years: 3, Seed: 1, End: testEnd})
	for name, each := range map[string]func(func(GeneratedReport) error) error{"Each": g.Each, "EachFamily": g.EachFamily} {
		calls := 0
		err := each(func(GeneratedReport) error {
			calls++
			if calls == 5 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || calls != 5 {
			t.Errorf("%s: err=%v after %d calls, want stop after 5", name, err, calls)
		}
	}
}

// All generated reports pass intake validation, in order of receipt,
// within the period, with unique keys and police references.
func TestReportsValid(t *testing.T) {
	mun := nl.MustLoadMunicipalities()
	configs := []Config{
		{Families: 1500, Years: 6, Seed: 1, End: testEnd},
		{Families: 1500, Years: 2, Seed: 2, End: time.Date(2024, 10, 27, 2, 30, 0, 0, toren.Amsterdam)}, // end of summer time
		{Families: 1000, Years: 30, Seed: 3, End: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},          // the earliest period allowed
	}
	for _, cfg := range configs {
		end := cfg.End
		g := New(cfg)
		v := reports.Validator{Municipalities: mun, Clock: toren.NewFixedClock(end)}
		start := end.AddDate(-cfg.Years, 0, -1)
		keys, refs := map[string]bool{}, map[string]bool{}
		var last time.Time
		n := 0
		err := g.Each(func(gr GeneratedReport) error {
			n++
			r := gr.Report
			if len(gr.TrueIDs) != len(r.Persons) || len(gr.Noise) != len(r.Persons) {
				return fmt.Errorf("%s: %d persons, %d true IDs, %d noise", gr.Key, len(r.Persons), len(gr.TrueIDs), len(gr.Noise))
			}
			if r.ReceivedAt.Before(last) {
				return fmt.Errorf("%s: received %v before the previous report (%v)", gr.Key, r.ReceivedAt, last)
			}
			last = r.ReceivedAt
			if !r.ReceivedAt.Before(end) || r.ReceivedAt.Before(start) {
				return fmt.Errorf("%s: received %v outside the period", gr.Key, r.ReceivedAt)
			}
			if keys[gr.Key] {
				return fmt.Errorf("key %s repeated", gr.Key)
			}
			keys[gr.Key] = true
			police := r.Reporter.Kind == reports.ReporterPolice
			if police != (r.ExternalRef != "") || police != (r.Channel == reports.ChannelImport) {
				return fmt.Errorf("%s: police reports, and only they, carry a reference and come by import", gr.Key)
			}
			if r.ExternalRef != "" {
				if refs[r.ExternalRef] {
					return fmt.Errorf("%s: police reference %s repeated", gr.Key, r.ExternalRef)
				}
				refs[r.ExternalRef] = true
			}
			v.Normalize(&r)
			if err := v.Validate(&r); err != nil {
				return fmt.Errorf("%s: %w", gr.Key, err)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("end %v: %v", end, err)
		}
		if n < cfg.Families*3/2 {
			t.Errorf("end %v: only %d reports", end, n)
		}
	}
}

// The mix of reporters follows the CBS figures: about two in three from
// the police, and every large group present.
func TestReporterMix(t *testing.T) {
	const families = 4000
	all := collect(t, New(Config{Families: families, Years: 5, Seed: 5, End: testEnd}))
	perFamily := float64(len(all)) / families
	if perFamily < 1.8 || perFamily > 2.3 {
		t.Errorf("%.2f reports per family, want about 2", perFamily)
	}
	count := map[reports.ReporterKind]int{}
	for _, gr := range all {
		count[gr.Report.Reporter.Kind]++
	}
	share := func(k reports.ReporterKind) float64 { return float64(count[k]) / float64(len(all)) }
	bands := []struct {
		kind   reports.ReporterKind
		lo, hi float64
	}{
		{reports.ReporterPolice, 0.60, 0.75},
		{reports.ReporterHealthCare, 0.05, 0.12},
		{reports.ReporterCitizen, 0.05, 0.11},
		{reports.ReporterEducation, 0.01, 0.06},
		{reports.ReporterYouthCare, 0.01, 0.04},
		{reports.ReporterSocialCare, 0.02, 0.06},
	}
	for _, b := range bands {
		if s := share(b.kind); s < b.lo || s > b.hi {
			t.Errorf("%s: share %.3f outside [%.2f, %.2f]", b.kind, s, b.lo, b.hi)
		}
	}
}

// Every kind of variation happens, at a plausible rate per mention.
func TestNoiseRates(t *testing.T) {
	all := collect(t, New(Config{Families: 4000, Years: 5, Seed: 11, End: testEnd}))
	counts := map[Noise]int{}
	mentions, named := 0, 0
	for _, gr := range all {
		for _, nz := range gr.Noise {
			mentions++
			if nz&NameNoise != 0 {
				named++
			}
			for _, k := range NoiseKinds() {
				if nz&k != 0 {
					counts[k]++
				}
			}
		}
	}
	bands := map[Noise][2]float64{
		NoiseTypo: {0.01, 0.07}, NoiseSpellingVariant: {0.004, 0.04}, NoiseSecondName: {0.002, 0.03},
		NoiseInitials: {0.01, 0.06}, NoiseParticle: {0.005, 0.05}, NoiseMarriedName: {0.008, 0.06},
		NoiseDiacritics: {0.008, 0.06}, NoiseNoSurname: {0.001, 0.02}, NoiseNoBSN: {0.2, 0.45},
		NoiseWrongBSN: {0.0003, 0.01}, NoiseDOBSwap: {0.0005, 0.015}, NoiseDOBDigit: {0.002, 0.03},
		NoiseAgeOnly: {0.03, 0.15}, NoiseNoDOB: {0.02, 0.12}, NoiseOldAddress: {0.003, 0.04}, NoiseNoAddress: {0.05, 0.2},
	}
	for _, k := range NoiseKinds() {
		b, ok := bands[k]
		if !ok {
			t.Errorf("no band for %v", k)
			continue
		}
		if s := float64(counts[k]) / float64(mentions); s < b[0] || s > b[1] {
			t.Errorf("%v: %.4f of mentions, want within [%.4f, %.4f]", k, s, b[0], b[1])
		}
	}
	// The radar's realistic challenge: between one in twelve and one in
	// four mentions writes the name differently from the register.
	if s := float64(named) / float64(mentions); s < 0.08 || s > 0.25 {
		t.Errorf("%.3f of mentions carry a name variation, want within [0.08, 0.25]", s)
	}
}

// The noise flags tell the truth: a mention without name noise spells the
// name as registered, one with name noise does not; the same for the date
// of birth, the BSN and the address. And one true ID is one person.
func TestNoiseMatchesTruth(t *testing.T) {
	g := New(Config{Families: 2500, Years: 6, Seed: 3, End: testEnd})
	truth := map[int64]Person{}
	if err := g.EachPerson(func(p Person) error {
		if _, dup := truth[p.ID]; dup {
			return fmt.Errorf("person %d twice", p.ID)
		}
		truth[p.ID] = p
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	bsns := map[string]int64{}
	for id, p := range truth {
		if !nl.ValidBSN(p.BSN) || p.BSN[0] != '9' {
			t.Fatalf("person %d: BSN %s invalid or outside the 9 range", id, p.BSN)
		}
		if other, dup := bsns[p.BSN]; dup {
			t.Fatalf("BSN %s of persons %d and %d", p.BSN, id, other)
		}
		bsns[p.BSN] = id
	}

	for _, gr := range collect(t, g) {
		day := toren.DateOf(gr.Report.ReceivedAt.In(toren.Amsterdam))
		for i, m := range gr.Report.Persons {
			p, ok := truth[gr.TrueIDs[i]]
			if !ok || p.Family != gr.Family {
				t.Fatalf("%s persons[%d]: true ID %d unknown or of another family", gr.Key, i, gr.TrueIDs[i])
			}
			if q, ok := g.Person(p.ID); !ok || q != p {
				t.Fatalf("Person(%d) = %+v, %v; want %+v", p.ID, q, ok, p)
			}
			nz := gr.Noise[i]
			where := fmt.Sprintf("%s persons[%d] (%v)", gr.Key, i, nz)
			if p.BirthDate.After(day) {
				t.Errorf("%s: named before birth", where)
			}
			if m.Role == reports.RoleChild && p.BirthDate.AgeOn(day) >= 18 {
				t.Errorf("%s: an adult in the role of child", where)
			}
			asRegistered := m.Initials == "" && m.Particle == p.Particle && m.Surname == p.Surname &&
				(m.FirstNames == p.CallName || m.FirstNames == p.FirstNames)
			if asRegistered == (nz&NameNoise != 0) {
				t.Errorf("%s: name %q/%q %q %q vs true %q (%q) %q %q", where, m.FirstNames, m.Initials, m.Particle, m.Surname,
					p.FirstNames, p.CallName, p.Particle, p.Surname)
			}
			if nz&NoiseMarriedName != 0 && p.PartnerSurname == "" {
				t.Errorf("%s: married name for a person without a partner's name", where)
			}
			switch {
			case nz&(NoiseDOBSwap|NoiseDOBDigit) != 0:
				if m.BirthDate.IsZero() || m.BirthDate == p.BirthDate || m.Age != nil {
					t.Errorf("%s: wrong date of birth flagged, got %v", where, m.BirthDate)
				}
			case nz&NoiseAgeOnly != 0:
				if m.Age == nil || !m.BirthDate.IsZero() || math.Abs(float64(*m.Age-p.BirthDate.AgeOn(day))) > 2 {
					t.Errorf("%s: age only flagged, got %v / %v", where, m.Age, m.BirthDate)
				}
			case nz&NoiseNoDOB != 0:
				if m.Age != nil || !m.BirthDate.IsZero() {
					t.Errorf("%s: no date of birth flagged, got one", where)
				}
			default:
				if m.BirthDate != p.BirthDate {
					t.Errorf("%s: date of birth %v, true %v", where, m.BirthDate, p.BirthDate)
				}
			}
			switch {
			case nz&NoiseNoBSN != 0:
				if m.BSN != "" {
					t.Errorf("%s: no BSN flagged, got %s", where, m.BSN)
				}
			case nz&NoiseWrongBSN != 0:
				if m.BSN == "" || m.BSN == p.BSN || truth[bsns[m.BSN]].Family != p.Family {
					t.Errorf("%s: wrong BSN should be a relative's, got %s", where, m.BSN)
				}
			default:
				if m.BSN != p.BSN {
					t.Errorf("%s: BSN %s, true %s", where, m.BSN, p.BSN)
				}
			}
			if (nz&NoiseNoAddress != 0) == m.HasAddress() {
				t.Errorf("%s: address %q %q %q does not match the flag", where, m.Street, m.HouseNumber, m.City)
			}
			if m.Sex != "" && m.Sex != p.Sex {
				t.Errorf("%s: sex %s, true %s", where, m.Sex, p.Sex)
			}
		}
	}
}

func TestPersonLookup(t *testing.T) {
	g := New(Config{Families: 10, Years: 2, Seed: 1, End: testEnd})
	for _, id := range []int64{0, -5, 10*slotsPerFamily + 1} {
		if _, ok := g.Person(id); ok {
			t.Errorf("Person(%d) found", id)
		}
	}
	if _, ok := New(Config{Families: 10}).Person(1); ok {
		t.Error("Person found with a bad config")
	}
	if p, ok := g.Person(1); !ok || p.Family != 0 || p.Surname == "" {
		t.Errorf("Person(1) = %+v, %v: want the first family's mother", p, ok)
	}
}
