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
