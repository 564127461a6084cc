package subjectaccess

import (
	"testing"

	"toren/internal/persons"
	"toren/internal/reports"
)

func TestRedactorKeepsTheSubjectAndHidesOthers(t *testing.T) {
	subject := persons.Person{ID: 1, FirstNames: "Anna Maria", Particle: "de", Surname: "Vries", Street: "Kerkstraat"}
	r := newRedactor(subject, nil)
	r.learnReport(&reports.Report{
		Reporter: reports.Reporter{Name: "Joke Smit", Organisation: "Basisschool De Wilg", Phone: "0611112222", ProtectIdentity: true},
		Persons: []reports.Mention{
			{PersonID: 1, FirstNames: "Anna Maria", Particle: "de", Surname: "Vries"},
			// A brother shares the surname: his name goes, the family
			// name alone (the subject's own) stays.
			{PersonID: 2, FirstNames: "Pieter", Particle: "de", Surname: "Vries", BSN: "111222333", Street: "Dorpsweg", HouseNumber: "4"},
			{PersonID: 3, FirstNames: "Kees", Surname: "Bakker"},
		},
	}, 1)
	cases := []struct{ in, want string }{
		{"Pieter de Vries sloeg Anna.", "[derde] sloeg Anna."},
		{"Pieter sloeg; de Vries is de familienaam.", "[derde] sloeg; de Vries is de familienaam."},
		{"Kees Bakker woont op Dorpsweg 4 (BSN 111222333).", "[derde] woont op [derde] (BSN [derde])."},
		{"Juf Joke Smit van De Wilg belde, 0611112222.", "Juf [melder afgeschermd] van [melder afgeschermd] belde, [melder afgeschermd]."},
		{"Keesje en Bakkerij blijven.", "Keesje en Bakkerij blijven."},
		{"Anna Maria de Vries, Kerkstraat.", "Anna Maria de Vries, Kerkstraat."},
	}
	for _, c := range cases {
		if got := r.text(c.in); got != c.want {
			t.Errorf("text(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
