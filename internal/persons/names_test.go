package persons

import (
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"toren/internal/reports"
	"toren/internal/toren"
)

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Çelik":           "celik",
		"Ünal":            "unal",
		"Jansen-de Vries": "jansendevries",
		"O'Neill":         "oneill",
		"  Éénhoorn ":     "eenhoorn",
		"Strauß":          "strauss",
		"Søren":           "soren",
		"Łukasz":          "lukasz",
	}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// stripMarks is the transform chain it replaced, on names from many
// scripts, combining marks written apart, and bytes that are not UTF-8.
func TestStripMarksAsTheChain(t *testing.T) {
	for _, in := range []string{
		"Çelik", "Ünal", "Éénhoorn", "Nguyễn Thị Ánh", "한국어 이름", "Zoë", "Zoe\u0308", "Ελένη", "Дмитрий Йосипович",
		"Zo\xeb", "\xff\xfeA", "Ağaoğlu Şükrü", "Renée-Noëlle", "ﬁnn", "Å\u030a", "مُحَمَّد", "\ufffd",
	} {
		chain := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		want, _, err := transform.String(chain, in)
		if err != nil {
			t.Fatal(err)
		}
		if got := stripMarks(in); got != want {
			t.Errorf("stripMarks(%q) = %q, the chain gives %q", in, got, want)
		}
	}
}

func BenchmarkFoldAccented(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		Fold("Renée-Noëlle Çelik")
	}
}

func TestSplitParticle(t *testing.T) {
	tests := []struct{ in, particle, surname string }{
		{"van der Berg", "van der", "Berg"},
		{"Van Der Berg", "van der", "Berg"},
		{"Berg, van der", "van der", "Berg"},
		{"de Vries", "de", "Vries"},
		{"ter Horst", "ter", "Horst"},
		{"van 't Hof", "van 't", "Hof"},
		{"Vries", "", "Vries"},
		{"Devries", "", "Devries"},
		{"van", "", "van"}, // a particle alone is a surname
	}
	for _, tt := range tests {
		p, s := SplitParticle(tt.in)
		if p != tt.particle || s != tt.surname {
			t.Errorf("SplitParticle(%q) = %q, %q; want %q, %q", tt.in, p, s, tt.particle, tt.surname)
		}
	}
	if SurnameKey("", "Van der Berg") != SurnameKey("van der", "Berg") {
		t.Error("surname key depends on where the particle was written")
	}
}

func TestFirstNameCompatible(t *testing.T) {
	tests := []struct {
		a, ia, b, ib string
		want         bool
	}{
		{"Jan Pieter", "", "Jan", "", true},
		{"Jan", "", "Piet", "", false},
		{"", "J.P.", "Jan", "", true},
		{"", "K.", "Jan", "", false},
		{"", "", "Jan", "", true},
		{"Élise", "", "elise", "", true},
	}
	for _, tt := range tests {
		if got := FirstNameCompatible(tt.a, tt.ia, tt.b, tt.ib); got != tt.want {
			t.Errorf("FirstNameCompatible(%q,%q,%q,%q) = %v", tt.a, tt.ia, tt.b, tt.ib, got)
		}
	}
}

func TestEnrich(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := FromMention(reports.Mention{FirstNames: "Sanne", Surname: "Jansen", Postcode: "7511 AB", HouseNumber: "3"}, now)
	if p.Enrich(reports.Mention{FirstNames: "Susanne", Surname: "Janssen"}) {
		t.Error("a variant spelling changed known names")
	}
	if !p.Enrich(reports.Mention{BirthDate: toren.MustDate("1991-02-03"), Postcode: "1011 AA", HouseNumber: "9"}) {
		t.Fatal("new birth date and address were not taken")
	}
	if p.FirstNames != "Sanne" || p.BirthDate.String() != "1991-02-03" || p.Postcode != "1011 AA" {
		t.Errorf("after enrich: %+v", p)
	}
	if p.SortName() != "Jansen, Sanne" {
		t.Errorf("SortName = %q", p.SortName())
	}
}
