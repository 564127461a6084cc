package radar

import (
	"testing"

	"toren/internal/reports"
	"toren/internal/toren"
)

// The persons linked beside a mention in one report speak for candidates
// who live with them and against those who live elsewhere; a father and
// son of one name in that household stay for a person to decide.
func TestWithHousehold(t *testing.T) {
	date := toren.MustDate
	home := func(in Input) Input {
		in.Street, in.HouseNumber, in.Postcode, in.City = "Merelstraat", "14", "3514CN", "Utrecht"
		return in
	}
	dennis := home(Input{ID: 1, FirstNames: "Dennis Pieter", Particle: "van der", Surname: "Meulen", BirthDate: date("1990-05-01"), Sex: reports.SexMale})
	lisanne := home(Input{ID: 2, FirstNames: "Lisanne", Surname: "Wijnands", BirthDate: date("1993-01-12"), Sex: reports.SexFemale})
	stranger := Input{ID: 3, FirstNames: "Dennis", Particle: "van der", Surname: "Meulen", BirthDate: date("1971-09-09"), Sex: reports.SexMale,
		Street: "Dorpsweg", HouseNumber: "2", Postcode: "9999ZZ", City: "Zwolle"}
	m := household(t, dennis, lisanne, stranger)
	mention := NewRecord(Input{FirstNames: "Dennis", Particle: "v.d.", Surname: "Meulen", Sex: reports.SexMale})
	anchor := NewRecord(lisanne)

	dec, cands := m.Resolve(mention)
	if dec.Outcome == OutcomeLink {
		t.Fatalf("without the report around him: linked to %d", dec.Candidate.ID)
	}
	m.WithHousehold(cands, []Record{anchor})
	dec = Decide(cands, m.Config().Thresholds)
	if dec.Outcome != OutcomeLink || dec.Candidate.ID != 1 || dec.Candidate.Levels[FieldHousehold] != HouseholdSame {
		t.Fatalf("beside Lisanne: %s (%s) on %+v, want a link to Dennis Pieter by household", dec.Outcome, dec.Reason, dec.Candidate)
	}
	for _, c := range cands {
		if c.ID == 3 && c.Levels[FieldHousehold] != HouseholdOther {
			t.Errorf("the stranger elsewhere: household level %d, want other", c.Levels[FieldHousehold])
		}
	}

	// His son of the same name lives there too: the two fit alike.
	son := home(Input{ID: 4, FirstNames: "Dennis", Particle: "van der", Surname: "Meulen", BirthDate: date("2012-03-03"), Sex: reports.SexMale})
	m = household(t, dennis, lisanne, son)
	_, cands = m.Resolve(mention)
	m.WithHousehold(cands, []Record{anchor})
	if dec := Decide(cands, m.Config().Thresholds); dec.Outcome == OutcomeLink {
		t.Errorf("father and son of one name in the household: linked to %d", dec.Candidate.ID)
	}

	// A mention whose date of birth contradicts is not rescued by living there.
	_, cands = m.Resolve(NewRecord(Input{FirstNames: "Dennis", Surname: "van der Meulen", BirthDate: date("1985-11-11")}))
	m.WithHousehold(cands, []Record{anchor})
	if dec := Decide(cands, m.Config().Thresholds); dec.Outcome == OutcomeLink {
		t.Errorf("another date of birth: linked to %d", dec.Candidate.ID)
	}
}

// A father and his son of one name, where only one of them is in the
// registry: the role of a mention without a date of birth (a child, a
// perpetrator) tells the generation, and a stated age a few years off
// still tells the person from their namesake a generation apart.
func TestGenerationOfANamesake(t *testing.T) {
	date := toren.MustDate
	on := date("2025-03-01")
	home := func(in Input) Input {
		in.Surname, in.Street, in.HouseNumber, in.Postcode, in.City = "Alhassan", "Kade", "58", "2584KA", "Den Haag"
		in.Sex, in.AgeOn = reports.SexMale, on
		return in
	}
	son := home(Input{ID: 1, FirstNames: "Omar", BirthDate: date("2017-12-30")})
	mother := home(Input{ID: 2, FirstNames: "Noor", BirthDate: date("1984-02-02"), Sex: reports.SexFemale})
	m := household(t, son, mother)
	anchor := NewRecord(mother)

	// The father, named as perpetrator beside the mother, without a date.
	_, cands := m.Resolve(NewRecord(home(Input{FirstNames: "Omar", Role: reports.RolePerpetrator})))
	m.WithHousehold(cands, []Record{anchor})
	if dec := Decide(cands, m.Config().Thresholds); dec.Outcome == OutcomeLink {
		t.Errorf("the father as perpetrator: linked to the son %d (%s)", dec.Candidate.ID, dec.Reason)
	}
	// The son, named as a child beside his mother, is linked.
	_, cands = m.Resolve(NewRecord(home(Input{FirstNames: "Omar", Role: reports.RoleChild})))
	m.WithHousehold(cands, []Record{anchor})
	if dec := Decide(cands, m.Config().Thresholds); dec.Outcome != OutcomeLink || dec.Candidate.ID != 1 {
		t.Errorf("the son as child: %s (%s) on %+v, want a link to 1", dec.Outcome, dec.Reason, dec.Candidate)
	}
	// A teacher guesses the son is nine (he is seven): his name and an age
	// near his are enough without the household.
	nine := 9
	dec, cands := m.Resolve(NewRecord(home(Input{FirstNames: "Omar", Age: &nine})))
	if dec.Outcome != OutcomeLink || dec.Candidate.ID != 1 || cands[0].Levels[FieldBirthDate] != BirthAgeNear {
		t.Errorf("Omar about nine: %s (%s) on %+v, want a link to 1 on age_near", dec.Outcome, dec.Reason, dec.Candidate)
	}
	// Thirty-five is his father's generation: not him.
	adult := 35
	if dec, _ := m.Resolve(NewRecord(home(Input{FirstNames: "Omar", Age: &adult}))); dec.Outcome == OutcomeLink {
		t.Errorf("Omar about 35: linked to %d", dec.Candidate.ID)
	}
}

// A co-mention short of a link only by the identity rule (the name and
// the address agree, no date of birth) still tells where the family
// lives: it anchors the others. One with a contradiction does not.
func TestAnchors(t *testing.T) {
	c := &Candidate{ID: 1}
	for _, tt := range []struct {
		d    Decision
		want bool
	}{
		{Decision{Outcome: OutcomeLink, Reason: ReasonScore, Candidate: c}, true},
		{Decision{Outcome: OutcomeLink, Reason: ReasonBSN, Candidate: c}, true},
		{Decision{Outcome: OutcomeReview, Reason: ReasonWeakIdentity, Candidate: c}, true},
		{Decision{Outcome: OutcomeReview, Reason: ReasonContradiction, Candidate: c}, false},
		{Decision{Outcome: OutcomeReview, Reason: ReasonUncertain, Candidate: c}, false},
		{Decision{Outcome: OutcomeNew, Reason: ReasonNoMatch}, false},
	} {
		if got := Anchors(tt.d); got != tt.want {
			t.Errorf("Anchors(%s %s) = %v, want %v", tt.d.Outcome, tt.d.Reason, got, tt.want)
		}
	}
}
