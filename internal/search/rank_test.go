package search

import (
	"testing"

	"toren/internal/persons"
)

func TestPersonKeys(t *testing.T) {
	tests := []struct {
		particle, surname, first, initials string
		want                               []string // surname keys
		given                              string
	}{
		{"van der", "Berg", "Lisa", "", []string{"berg"}, "lisa"},
		{"", "van der Berg", "", "L.M.", []string{"berg"}, "l"},
		{"", "Özdemir", "Ayşe", "", []string{"ozdemir"}, "ayse"},
		{"", "Jansen-de Vries", "J.C.", "", []string{"jansen-vries", "jansen", "vries"}, "j"},
		{"", "", "Noa", "", nil, ""},
	}
	for _, tt := range tests {
		keys := PersonKeys(tt.particle, tt.surname, tt.first, tt.initials)
		if len(keys) != len(tt.want) {
			t.Errorf("%q %q: keys %+v, want %v", tt.particle, tt.surname, keys, tt.want)
			continue
		}
		for i, k := range keys {
			if k.Surname != tt.want[i] || k.Given != tt.given || k.Phon == "" {
				t.Errorf("%q %q: key %d = %+v, want surname %q given %q", tt.particle, tt.surname, i, k, tt.want[i], tt.given)
			}
		}
	}
	// Spelling variants share the phonetic code, so one query finds both.
	a, b := PersonKeys("", "Janssen", "", ""), PersonKeys("", "Jansen", "", "")
	if a[0].Phon != b[0].Phon {
		t.Errorf("Janssen %q and Jansen %q sound different", a[0].Phon, b[0].Phon)
	}
}

func TestRankPutsTheBestMatchFirst(t *testing.T) {
	q, err := Parse("Jan van der Berg")
	if err != nil {
		t.Fatal(err)
	}
	hit := func(id int64, first, particle, surname string, m Match) Hit {
		return Hit{Person: persons.Person{ID: id, FirstNames: first, Particle: particle, Surname: surname}, Match: m}
	}
	hits := []Hit{
		hit(1, "Jannie", "van den", "Berg", MatchExact),
		hit(2, "", "", "Bergh", MatchPhonetic),
		hit(3, "Jan", "van der", "Berg", MatchExact),
		hit(4, "J.", "", "Berg", MatchExact),
		hit(5, "Jan", "van der", "Bergman", MatchPrefix),
	}
	Rank(q, hits)
	var order []int64
	for _, h := range hits {
		order = append(order, h.Person.ID)
	}
	want := []int64{3, 1, 4, 2, 5}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v", order, want)
		}
	}
}

func TestGivenAgrees(t *testing.T) {
	tests := []struct {
		q, g string
		want bool
	}{
		{"", "piet", true},
		{"jan", "", true},
		{"jan", "jan", true},
		{"jan", "janneke", true},
		{"jan", "j", true},
		{"j", "jan", true},
		{"jan", "piet", false},
		{"jan", "p", false},
		{"janneke", "jan", false},
	}
	for _, tt := range tests {
		if got := GivenAgrees(tt.q, tt.g); got != tt.want {
			t.Errorf("GivenAgrees(%q, %q) = %v", tt.q, tt.g, got)
		}
	}
}
