package casework

import (
	"slices"
	"testing"

	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// What a partner is told of the persons: the family and household, one
// entry per registry person with all its roles; never a witness or an
// informant, never a person named like a reporter who asked not to be
// disclosed, and no BSN (MentionedPerson carries none).
func TestPartnerPersons(t *testing.T) {
	born, err := toren.ParseDate("2015-04-01")
	if err != nil {
		t.Fatal(err)
	}
	ms := []MentionedPerson{
		{PersonID: 1, Role: reports.RoleVictim, FirstNames: "Lisanne", Surname: "Wijnands", Street: "Markt", HouseNumber: "1", City: "Tilburg"},
		{PersonID: 2, Role: reports.RoleChild, FirstNames: "Fleur", Surname: "Wijnands", BirthDate: born},
		{PersonID: 1, Role: reports.RoleParent, FirstNames: "Lisanne", Surname: "Wijnands"},
		{PersonID: 3, Role: reports.RoleWitness, FirstNames: "Gerrit", Surname: "Buurman"},
		{PersonID: 4, Role: reports.RoleInformant, FirstNames: "Juf", Surname: "Anna"},
		{PersonID: 5, Role: reports.RoleOther, FirstNames: "Petra", Particle: "van", Surname: "Dam"},
		{Role: reports.RolePerpetrator, FirstNames: "Mark", Surname: "Jansen"},
	}
	got, ids := partnerPersons(ms, []string{persons.Fold("Petra van Dam")})
	var names []string
	for _, p := range got {
		names = append(names, p.Name)
	}
	if want := []string{"Lisanne Wijnands", "Fleur Wijnands", "Mark Jansen"}; !slices.Equal(names, want) {
		t.Fatalf("persons %v, want %v", names, want)
	}
	if !slices.Equal(got[0].Roles, []reports.Role{reports.RoleVictim, reports.RoleParent}) || got[0].Street != "Markt" {
		t.Errorf("Lisanne: %+v", got[0])
	}
	if got[1].BirthDate != born {
		t.Errorf("Fleur's date of birth: %v", got[1].BirthDate)
	}
	if !slices.Equal(ids, []int64{1, 2}) {
		t.Errorf("persons shown %v, want [1 2]", ids)
	}
}
