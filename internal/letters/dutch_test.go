package letters

import (
	"testing"

	"toren/internal/reports"
	"toren/internal/toren"
)

func TestDutchDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
	}{
		{"2026-03-03", "3 maart 2026"},
		{"2026-01-01", "1 januari 2026"},
		{"2027-12-31", "31 december 2027"},
		{"2028-02-29", "29 februari 2028"},
		{"", ""},
	} {
		if got := DutchDate(toren.MustDate(tt.in)); got != tt.want {
			t.Errorf("DutchDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJoinAnd(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a en b"},
		{[]string{"a", "b", "c"}, "a, b en c"},
	} {
		if got := joinAnd(tt.in); got != tt.want {
			t.Errorf("joinAnd(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDefaultMonitoring(t *testing.T) {
	got := DefaultMonitoring(toren.MustDate("2025-11-30"))
	if len(got) != 2 || got[0].String() != "2026-03-02" || got[1].String() != "2026-11-30" {
		// 30 November + 3 months normalises past the end of February, as
		// time.AddDate does: 2 March.
		t.Fatalf("DefaultMonitoring = %v", got)
	}
}

// A person is addressed in Dutch letter style: title, initials and surname
// in the address block, title and surname in the salutation, the particle
// capitalised after a title; without a known sex no title and the first
// given name, never every official first name.
func TestAddresseeFrom(t *testing.T) {
	for _, tt := range []struct {
		m                reports.Mention
		name, salutation string
	}{
		{reports.Mention{FirstNames: "Lisanne Johanna", Surname: "Wijnands", Sex: reports.SexFemale, Street: "Merelstraat", HouseNumber: "4",
			Postcode: "3531 AB", City: "Utrecht"}, "Mevrouw L.J. Wijnands", "mevrouw Wijnands"},
		{reports.Mention{FirstNames: "Dennis Pieter", Particle: "van der", Surname: "Meulen", Sex: reports.SexMale}, "De heer D.P. van der Meulen", "meneer Van der Meulen"},
		{reports.Mention{Initials: "D.", Particle: "v.d.", Surname: "Meulen", Sex: reports.SexMale}, "De heer D. v.d. Meulen", "meneer V.d. Meulen"},
		{reports.Mention{FirstNames: "Sam Noor", Surname: "Jansen"}, "S.N. Jansen", "Sam Jansen"},
		{reports.Mention{FirstNames: "Alex", Surname: "de Vries", Sex: reports.SexX}, "A. de Vries", "Alex de Vries"},
	} {
		a := AddresseeFrom(tt.m)
		if a.Name != tt.name || a.Salutation != tt.salutation {
			t.Errorf("%+v: %q / %q, want %q / %q", tt.m, a.Name, a.Salutation, tt.name, tt.salutation)
		}
	}
	if a := AddresseeFrom(reports.Mention{FirstNames: "Lisanne", Surname: "Wijnands", Street: "Merelstraat", HouseNumber: "4", Postcode: "3531 AB", City: "Utrecht"}); len(a.Address) != 2 || a.Address[1] != "3531 AB Utrecht" {
		t.Errorf("address %v", a.Address)
	}
}
