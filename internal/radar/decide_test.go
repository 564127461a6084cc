package radar

import (
	"math"
	"testing"

	"toren/internal/reports"
	"toren/internal/toren"
)

// household builds a registry of synthetic persons plus a few named ones,
// and returns a matcher over it.
func household(t *testing.T, named ...Input) *Matcher {
	t.Helper()
	ix := NewIndex(0)
	for _, in := range newSynth(9).inputs(20_000) {
		in.ID += 1_000_000
		ix.Add(NewRecord(in))
	}
	for _, in := range named {
		ix.Add(NewRecord(in))
	}
	m, err := NewMatcher(ix, DefaultModel(), DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestResolveScenarios(t *testing.T) {
	date := toren.MustDate
	lisa := Input{ID: 1, FirstNames: "Lisa", Particle: "van der", Surname: "Berg", BirthDate: date("1985-03-07"),
		Sex: reports.SexFemale, BSN: "123456782", Postcode: "1234AB", HouseNumber: "12", Street: "Kerkstraat",
		City: "Utrecht", Phone: "0612345678"}
	eva := lisa // her twin sister
	eva.ID, eva.FirstNames, eva.BSN, eva.Phone = 2, "Eva", "111222333", ""
	jan := Input{ID: 3, FirstNames: "Jan", Surname: "de Vries", BirthDate: date("1960-01-01"), Sex: reports.SexMale,
		Postcode: "2345CD", HouseNumber: "5", City: "Amersfoort"}
	mother := Input{ID: 4, FirstNames: "Lisa", Surname: "Bakker", BirthDate: date("1970-05-05"), Sex: reports.SexFemale,
		Postcode: "3456EF", HouseNumber: "8", City: "Zwolle"}
	daughter := mother
	daughter.ID, daughter.BirthDate = 5, date("2000-06-06")
	m := household(t, lisa, eva, jan, mother, daughter)

	with := func(in Input, change func(*Input)) Input {
		in.ID = 0
		change(&in)
		return in
	}
	tests := []struct {
		name    string
		q       Input
		outcome Outcome
		reason  Reason
		id      int64 // the candidate decided on (0: any)
	}{
		{"same person, no BSN", with(lisa, func(in *Input) { in.BSN = "" }), OutcomeLink, ReasonScore, 1},
		{"written together, date typo, no BSN", with(lisa, func(in *Input) {
			in.BSN, in.Particle, in.Surname, in.BirthDate = "", "", "Vanderberg", date("1985-03-08")
		}), OutcomeLink, ReasonScore, 1},
		{"swapped names, moved", with(lisa, func(in *Input) {
			in.BSN, in.FirstNames, in.Particle, in.Surname, in.Postcode, in.Phone = "", "Berg", "", "Lisa", "9999ZZ", ""
		}), OutcomeLink, ReasonScore, 1},
		{"BSN and initials only", Input{Initials: "L.", Surname: "Berg", BSN: "123456782"}, OutcomeLink, ReasonBSN, 1},
		{"BSN with a damaged date of birth", with(lisa, func(in *Input) { in.BirthDate = date("1991-11-20") }),
			OutcomeLink, ReasonBSN, 1},
		{"mother's BSN given for the daughter", Input{FirstNames: "Sanne", Surname: "van der Berg", BirthDate: date("2015-01-01"),
			BSN: "123456782", Postcode: "1234AB", HouseNumber: "12"}, OutcomeReview, ReasonBSNContradicted, 1},
		{"the twin registered too", with(eva, func(in *Input) { in.BSN = "" }), OutcomeLink, ReasonScore, 2},
		{"a third triplet", with(lisa, func(in *Input) { in.FirstNames, in.BSN, in.Phone = "Mila", "", "" }),
			OutcomeReview, ReasonContradiction, 0},
		{"junior at his father's address", with(jan, func(in *Input) { in.BirthDate = date("1990-02-02") }),
			OutcomeReview, ReasonContradiction, 3},
		{"Lisa Bakker without a date of birth", with(mother, func(in *Input) { in.BirthDate = toren.Date{} }),
			OutcomeReview, ReasonWeakIdentity, 0},
		{"a brother", with(lisa, func(in *Input) {
			in.FirstNames, in.Sex, in.BirthDate, in.BSN, in.Phone = "Tom", reports.SexMale, date("2010-04-04"), "", ""
		}), OutcomeNew, ReasonRelative, 0},
		{"a stranger", Input{FirstNames: "Zwaantje", Surname: "Oosterhuis", BirthDate: date("1933-09-09"), City: "Delft"},
			OutcomeNew, ReasonNoMatch, 0},
	}
	for _, tt := range tests {
		dec, cands := m.Resolve(NewRecord(tt.q))
		if dec.Outcome != tt.outcome || dec.Reason != tt.reason {
			t.Errorf("%s: %s (%s), want %s (%s)", tt.name, dec.Outcome, dec.Reason, tt.outcome, tt.reason)
			for _, c := range cands {
				t.Logf("  candidate %d: score %.1f identity %.1f contra %v levels %v", c.ID, c.Score, c.Identity, c.Contradictions.Fields(), c.Levels)
			}
			continue
		}
		if tt.id != 0 && (dec.Candidate == nil || dec.Candidate.ID != tt.id) {
			t.Errorf("%s: decided on %+v, want person %d", tt.name, dec.Candidate, tt.id)
		}
	}
}

func TestExplanation(t *testing.T) {
	lisa := Input{ID: 1, FirstNames: "Lisa", Surname: "van der Berg", BirthDate: toren.MustDate("1985-03-07"),
		Sex: reports.SexFemale, Postcode: "1234AB", HouseNumber: "12", City: "Utrecht"}
	m := household(t, lisa)
	q := lisa
	q.ID, q.Surname = 0, "Berg"
	dec, cands := m.Resolve(NewRecord(q))
	if dec.Outcome != OutcomeLink || len(cands) == 0 {
		t.Fatalf("Resolve = %+v", dec)
	}
	c := cands[0]
	sum := 0.0
	seen := map[Field]bool{}
	for _, e := range c.Evidence {
		if e.Level == "" || seen[e.Field] {
			t.Errorf("bad evidence %+v", e)
		}
		seen[e.Field] = true
		sum += e.Weight
	}
	for _, f := range []Field{FieldGivenNames, FieldSurname, FieldParticle, FieldBirthDate, FieldSex, FieldAddress, FieldPlace} {
		if !seen[f] {
			t.Errorf("no evidence for %v in %+v", f, c.Evidence)
		}
	}
	if seen[FieldPhone] || seen[FieldNationalID] {
		t.Errorf("evidence for fields neither side has: %+v", c.Evidence)
	}
	if math.Abs(sum-c.Weight) > 1e-9 || math.Abs(c.Weight+c.Prior-c.Score) > 1e-9 {
		t.Errorf("weights %v sum to %v; Weight %v Prior %v Score %v", c.Evidence, sum, c.Weight, c.Prior, c.Score)
	}
	if p := 1 / (1 + math.Exp2(-c.Score)); math.Abs(p-c.Probability) > 1e-12 {
		t.Errorf("Probability %v, want %v", c.Probability, p)
	}
	for _, e := range c.Evidence {
		if e.Field == FieldSurname && (!e.TF || e.Level != "exact") {
			t.Errorf("surname evidence %+v, want an exact, frequency-adjusted agreement", e)
		}
	}
	// A registry of 20,000 puts the prior near log2(0.5/20,001).
	if want := math.Log2(0.5 / 20001 / (1 - 0.5/20001)); math.Abs(c.Prior-want) > 1e-9 {
		t.Errorf("Prior = %v, want %v", c.Prior, want)
	}
}

func TestDecideThresholds(t *testing.T) {
	th := Thresholds{Link: 10, Review: -2, Margin: 6, Identity: 10, Relative: 0}
	c := func(id int64, score, identity float64) Candidate {
		cand := Candidate{ID: id, Score: score, Identity: identity}
		for f := range cand.Levels {
			cand.Levels[f] = Null
		}
		return cand
	}
	contra := func(cand Candidate, fs ...Field) Candidate {
		for _, f := range fs {
			cand.Contradictions = cand.Contradictions.With(f)
		}
		return cand
	}
	withID := func(cand Candidate, level int8) Candidate {
		cand.Levels[FieldNationalID] = level
		return cand
	}
	bsn := func(cand Candidate) Candidate { cand.BSN = true; return cand }
	tests := []struct {
		name    string
		cands   []Candidate
		outcome Outcome
		reason  Reason
	}{
		{"nothing", nil, OutcomeNew, ReasonNoMatch},
		{"at link", []Candidate{c(1, 10, 10)}, OutcomeLink, ReasonScore},
		{"just under link", []Candidate{c(1, 9.99, 10)}, OutcomeReview, ReasonUncertain},
		{"at review", []Candidate{c(1, -2, 10)}, OutcomeReview, ReasonUncertain},
		{"under review", []Candidate{c(1, -2.01, 10)}, OutcomeNew, ReasonNoMatch},
		{"identity too weak", []Candidate{c(1, 30, 9.99)}, OutcomeReview, ReasonWeakIdentity},
		{"one contradiction", []Candidate{contra(c(1, 30, 20), FieldBirthDate)}, OutcomeReview, ReasonContradiction},
		{"one contradiction, same id", []Candidate{withID(contra(c(1, 30, 20), FieldGivenNames), IDExact)}, OutcomeLink, ReasonScore},
		{"one contradiction, id typo", []Candidate{withID(contra(c(1, 30, 20), FieldBirthDate), IDTypo)}, OutcomeLink, ReasonScore},
		{"two contradictions, same id", []Candidate{withID(contra(c(1, 30, 20), FieldGivenNames, FieldBirthDate), IDExact)},
			OutcomeNew, ReasonRelative},
		{"relative above the threshold", []Candidate{c(1, 25, -1)}, OutcomeNew, ReasonRelative},
		{"relative ahead of the person", []Candidate{c(1, 25, -1), c(2, 15, 12)}, OutcomeLink, ReasonScore},
		{"two persons close", []Candidate{c(1, 20, 15), c(2, 15, 15)}, OutcomeReview, ReasonAmbiguous},
		{"two persons apart", []Candidate{c(1, 20, 15), c(2, 13.9, 15)}, OutcomeLink, ReasonScore},
		{"second under review", []Candidate{c(1, 12, 15), c(2, -3, 15)}, OutcomeLink, ReasonScore},
		{"BSN", []Candidate{bsn(c(1, -30, 0))}, OutcomeLink, ReasonBSN},
		{"BSN, two contradictions", []Candidate{bsn(contra(c(1, 30, 5), FieldGivenNames, FieldBirthDate))}, OutcomeReview, ReasonBSNContradicted},
		{"BSN, one contradiction, rest agrees", []Candidate{withID(bsn(contra(Candidate{ID: 1, WithoutID: 10}, FieldBirthDate)), IDExact)},
			OutcomeLink, ReasonBSN},
		{"BSN, one contradiction, rest disagrees", []Candidate{withID(bsn(contra(Candidate{ID: 1, WithoutID: -1}, FieldBirthDate)), IDExact)},
			OutcomeReview, ReasonBSNContradicted},
		{"BSN under two persons", []Candidate{bsn(c(1, 40, 20)), bsn(c(2, 40, 20))}, OutcomeReview, ReasonBSNAmbiguous},
	}
	for _, tt := range tests {
		d := Decide(tt.cands, th)
		if d.Outcome != tt.outcome || d.Reason != tt.reason {
			t.Errorf("%s: Decide = %s (%s), want %s (%s)", tt.name, d.Outcome, d.Reason, tt.outcome, tt.reason)
		}
		if len(tt.cands) > 0 && d.Candidate == nil {
			t.Errorf("%s: no candidate in the decision", tt.name)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	bad := []func(*Config){
		func(c *Config) { c.Thresholds.Review = c.Thresholds.Link + 1 },
		func(c *Config) { c.Thresholds.Margin = -1 },
		func(c *Config) { c.Thresholds.Relative = c.Thresholds.Identity + 1 },
		func(c *Config) { c.PriorInRegistry = 0 },
		func(c *Config) { c.PriorInRegistry = 1 },
		func(c *Config) { c.MaxCandidates = 0 },
	}
	for i, change := range bad {
		c := DefaultConfig()
		change(&c)
		if c.Validate() == nil {
			t.Errorf("bad config %d passed validation: %+v", i, c)
		}
		if _, err := NewMatcher(NewIndex(0), DefaultModel(), c); err == nil {
			t.Errorf("NewMatcher accepted bad config %d", i)
		}
	}
}

// Dutch names as people write them: a police record carries the official
// names or initials, a care provider the call name and "v.d.". Relatives
// with those names must stay apart.
func TestResolveCallNamesAndInitials(t *testing.T) {
	date := toren.MustDate
	addr := func(in Input) Input {
		in.Street, in.HouseNumber, in.Postcode, in.City = "Molenweg", "3", "7311AB", "Apeldoorn"
		in.Particle, in.Surname = "van der", "Molen"
		return in
	}
	father := addr(Input{ID: 1, FirstNames: "Hendrik Willem", BirthDate: date("1962-04-18"), Sex: reports.SexMale})
	son := addr(Input{ID: 2, FirstNames: "Hendrik", BirthDate: date("1991-08-30"), Sex: reports.SexMale})
	twinA := addr(Input{ID: 3, FirstNames: "Johannes", BirthDate: date("1994-02-11"), Sex: reports.SexMale})
	twinB := addr(Input{ID: 4, FirstNames: "Cornelis", BirthDate: date("1994-02-11"), Sex: reports.SexMale})
	m := household(t, father, son, twinA, twinB)

	tests := []struct {
		name    string
		q       Input
		outcome Outcome
		id      int64 // the person linked or proposed (0: none)
	}{
		{"Henk v.d. Molen for the father", addr(Input{FirstNames: "Henk", Particle: "v.d.", BirthDate: date("1962-04-18")}), OutcomeLink, 1},
		{"H.W. van der Molen for the father", addr(Input{Initials: "H.W.", BirthDate: date("1962-04-18")}), OutcomeLink, 1},
		{"H.W. typed as given names", addr(Input{FirstNames: "H.W.", BirthDate: date("1962-04-18"), Sex: reports.SexMale}), OutcomeLink, 1},
		{"Henk for the son", addr(Input{FirstNames: "Henk", BirthDate: date("1991-08-30")}), OutcomeLink, 2},
		{"Hans for one twin", addr(Input{FirstNames: "Hans", BirthDate: date("1994-02-11")}), OutcomeLink, 3},
		{"Kees for the other twin", addr(Input{FirstNames: "Kees", Particle: "vd", BirthDate: date("1994-02-11")}), OutcomeLink, 4},
		{"C. for the other twin", addr(Input{Initials: "C.", BirthDate: date("1994-02-11")}), OutcomeLink, 4},
	}
	for _, tt := range tests {
		dec, cands := m.Resolve(NewRecord(tt.q))
		ok := dec.Outcome == tt.outcome && (tt.id == 0 || dec.Candidate != nil && dec.Candidate.ID == tt.id)
		if !ok {
			t.Errorf("%s: %s (%s) on %+v, want %s on person %d", tt.name, dec.Outcome, dec.Reason, dec.Candidate, tt.outcome, tt.id)
			for _, c := range cands {
				t.Logf("  candidate %d: score %.1f identity %.1f contra %v levels %v", c.ID, c.Score, c.Identity, c.Contradictions.Fields(), c.Levels)
			}
		}
	}

	// Without a date of birth a call name at the household's address
	// fits father and son alike: never linked to either by itself.
	dec, _ := m.Resolve(NewRecord(addr(Input{FirstNames: "Henk", Particle: "v.d."})))
	if dec.Outcome == OutcomeLink {
		t.Errorf("Henk without a date of birth: linked to %d; father and son fit alike", dec.Candidate.ID)
	}
	// Initials and a surname alone still find the household for a person
	// to decide on.
	if dec, _ := m.Resolve(NewRecord(Input{Initials: "H.W.", Particle: "v.d.", Surname: "Molen"})); dec.Outcome != OutcomeReview {
		t.Errorf("H.W. v.d. Molen without date of birth or address: %s (%s), want review", dec.Outcome, dec.Reason)
	}
	// The son's father is not the son.
	dec, _ = m.Resolve(NewRecord(addr(Input{FirstNames: "Hendrik", BirthDate: date("1962-04-18")})))
	if dec.Outcome == OutcomeLink && dec.Candidate.ID != 1 {
		t.Errorf("Hendrik born 1962: linked to %d, want the father or none", dec.Candidate.ID)
	}
}
