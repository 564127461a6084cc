package generate

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"toren/internal/nl"
	"toren/internal/toren"
)

func testRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0xabcdef)) }

func TestTypo(t *testing.T) {
	r := testRand(1)
	for _, name := range []string{"Jansen", "van der Berg", "Yıldırım", "Öztürk", "Wiśniewska", "El Amrani", "Zoë"} {
		for i := 0; i < 200; i++ {
			got := typo(r, name)
			if got == name {
				t.Fatalf("typo(%q) left it unchanged", name)
			}
			if g, w := []rune(got)[0], []rune(name)[0]; g != w {
				t.Errorf("typo(%q) = %q: first letter changed", name, got)
			}
			if d := utf8.RuneCountInString(got) - utf8.RuneCountInString(name); d < -1 || d > 1 {
				t.Errorf("typo(%q) = %q: more than one letter added or lost", name, got)
			}
		}
	}
	for _, short := range []string{"", "A", "Bo"} {
		if got := typo(r, short); got != short {
			t.Errorf("typo(%q) = %q, want it unchanged (too short)", short, got)
		}
	}
}

func TestSurnameVariant(t *testing.T) {
	tests := []struct {
		in   string
		want []string // every variant the rules may give
	}{
		{"Jansen", []string{"Janssen"}},
		{"Janssen", []string{"Jansen"}},
		{"Meijer", []string{"Meyer"}},
		{"Meyer", []string{"Meijer"}},
		{"Hendriks", []string{"Hendrix"}},
		{"Wijnands", []string{"Wynands", "Wijnants"}},
		{"Kowalska", []string{"Kowalski"}},
		{"El Amrani", []string{"El-Amrani", "ElAmrani", "Elamrani"}},
		{"Al-Ahmad", []string{"Al Ahmad", "AlAhmad", "Alahmad"}},
		{"Bakker", []string{"Baker"}},
	}
	r := testRand(2)
	for _, tt := range tests {
		seen := map[string]bool{}
		for i := 0; i < 200; i++ {
			got, ok := surnameVariant(r, tt.in)
			if !ok || !slices.Contains(tt.want, got) {
				t.Fatalf("surnameVariant(%q) = %q, %v; want one of %q", tt.in, got, ok, tt.want)
			}
			seen[got] = true
		}
		if len(seen) != len(tt.want) {
			t.Errorf("surnameVariant(%q) gave %v, want all of %q", tt.in, seen, tt.want)
		}
	}
	if got, ok := surnameVariant(r, "Vos"); ok {
		t.Errorf("surnameVariant(Vos) = %q: no rule applies", got)
	}
}

func TestParticleVariant(t *testing.T) {
	allowed := map[[2]string][][2]string{
		{"van der", "Berg"}: {{"v.d.", "Berg"}, {"v/d", "Berg"}, {"vd", "Berg"}, {"", "Van der Berg"}, {"", "Vanderberg"},
			{"", "VanderBerg"}, {"", "Berg, van der"}, {"van den", "Berg"}},
		{"de", "Jong"}: {{"", "De Jong"}, {"", "Dejong"}, {"", "DeJong"}, {"", "Jong, de"}, {"den", "Jong"}},
	}
	r := testRand(3)
	for in, want := range allowed {
		seen := map[[2]string]bool{}
		for i := 0; i < 500; i++ {
			p, s := particleVariant(r, in[0], in[1])
			got := [2]string{p, s}
			if !slices.Contains(want, got) {
				t.Fatalf("particleVariant(%q) = %q", in, got)
			}
			seen[got] = true
		}
		if len(seen) != len(want) {
			t.Errorf("particleVariant(%q) gave %d of %d forms: %v", in, len(seen), len(want), seen)
		}
	}
}

func TestFoldDiacritics(t *testing.T) {
	tests := map[string]string{
		"Çelik": "Celik", "Yıldırım": "Yildirim", "Ünal": "Unal", "Şahin": "Sahin", "Wiśniewska": "Wisniewska",
		"Łukasz": "Lukasz", "Zoë": "Zoe", "İbrahim": "Ibrahim", "Jansen": "Jansen",
	}
	for in, want := range tests {
		if got := foldDiacritics(in); got != want {
			t.Errorf("foldDiacritics(%q) = %q, want %q", in, got, want)
		}
	}
	// Every non-ASCII letter in the name pools must fold, or dropping
	// diacritics would leave some in.
	for o, p := range pools() {
		var names []string
		for _, s := range p.surnames {
			names = append(names, s.base, feminine(s.base))
		}
		for g := range p.female {
			names = append(names, p.female[g]...)
			names = append(names, p.male[g]...)
		}
		for _, n := range names {
			if !isASCII(foldDiacritics(n)) {
				t.Errorf("%s name %q keeps diacritics after folding", originNames[o], n)
			}
		}
	}
}

func TestDOBError(t *testing.T) {
	r := testRand(4)
	latest := toren.MustDate("2026-03-14")
	tests := []struct {
		dob      string
		swapOnly bool // day 3, month 7: a swap is possible
	}{
		{"1987-07-03", true}, {"1990-12-25", false}, {"2026-03-10", false}, {"1900-01-01", false}, {"2000-02-29", false},
	}
	for _, tt := range tests {
		d := toren.MustDate(tt.dob)
		swaps := 0
		for i := 0; i < 300; i++ {
			e, nz, ok := dobError(r, d, latest)
			if !ok {
				continue
			}
			if e == d || e.After(latest) || e.Year() < 1900 {
				t.Fatalf("dobError(%s) = %s: equal, in the future or before 1900", d, e)
			}
			switch nz {
			case NoiseDOBSwap:
				swaps++
				if e.Day() != int(d.Month()) || int(e.Month()) != d.Day() {
					t.Errorf("swap of %s gave %s", d, e)
				}
			case NoiseDOBDigit:
			default:
				t.Fatalf("dobError flag %v", nz)
			}
		}
		if tt.swapOnly != (swaps > 0) {
			t.Errorf("dobError(%s): %d swaps, want swaps %v", d, swaps, tt.swapOnly)
		}
	}
}

func TestBSNFor(t *testing.T) {
	seen := make(map[string]bool, 200_000)
	check := func(n int64) {
		b := bsnFor(n)
		if !nl.ValidBSN(b) || b[0] != '9' {
			t.Fatalf("bsnFor(%d) = %s: invalid or not in the 9 range", n, b)
		}
		if seen[b] {
			t.Fatalf("bsnFor(%d) = %s repeated", n, b)
		}
		seen[b] = true
	}
	for n := int64(0); n < 150_000; n++ {
		check(n)
	}
	for n := int64(maxBSNIDs - 50_000); n < maxBSNIDs; n++ {
		check(n)
	}
}

func TestNames(t *testing.T) {
	tests := []struct{ fn, in, want string }{
		{"initials", "Johanna Cornelia", "J.C."},
		{"initials", "Özlem", "Ö."},
		{"feminine", "Kowalski", "Kowalska"},
		{"feminine", "Jansen", "Jansen"},
		{"masculine", "Wiśniewska", "Wiśniewski"},
		{"masculine", "Visser", "Visser"},
		{"slug", "Huisartsenpraktijk Centrum 's-Hertogenbosch", "huisartsenpraktijkcentrumshertogenbosch"},
		{"slug", "Çelik", "celik"},
		{"slug", "---", "x"},
	}
	for _, tt := range tests {
		var got string
		switch tt.fn {
		case "initials":
			got = initialsOf(tt.in)
		case "feminine":
			got = feminine(tt.in)
		case "masculine":
			got = masculine(tt.in)
		case "slug":
			got = slug(tt.in)
		}
		if got != tt.want {
			t.Errorf("%s(%q) = %q, want %q", tt.fn, tt.in, got, tt.want)
		}
	}
}

func TestNoiseString(t *testing.T) {
	if got := (NoiseTypo | NoiseNoBSN).String(); got != "typo+no_bsn" {
		t.Errorf("String = %q", got)
	}
	if got := Noise(0).String(); got != "none" {
		t.Errorf("String = %q", got)
	}
	if len(NoiseKinds()) != len(noiseNames) || NoiseKinds()[len(noiseNames)-1] != NoiseNoAddress {
		t.Error("NoiseKinds does not list every flag in bit order")
	}
}

// The municipality table must use real 2025 CBS codes with their names.
func TestPlaces(t *testing.T) {
	mun := nl.MustLoadMunicipalities()
	for _, p := range placesTable() {
		m, ok := mun.ByCode(p.code)
		if !ok {
			t.Errorf("%s (%s): not a CBS municipality code", p.code, p.city)
			continue
		}
		if !strings.Contains(m.Name, p.city) && p.city != "Den Haag" && !cityInMunicipality[p.city] {
			t.Errorf("%s: town %q is not named like municipality %q", p.code, p.city, m.Name)
		}
		if p.pcLo < 1000 || p.pcHi > 9999 || p.pcLo > p.pcHi {
			t.Errorf("%s: postcode range %d-%d", p.code, p.pcLo, p.pcHi)
		}
	}
}

// Towns that lie in a municipality with another name.
var cityInMunicipality = map[string]bool{
	"Hoofddorp": true, "Zaandam": true, "Naaldwijk": true, "Sittard": true, "Sneek": true, "Spijkenisse": true, "Heerhugowaard": true,
}

func FuzzTypo(f *testing.F) {
	for _, s := range []string{"Jansen", "van der Berg", "Yıldırım", "", "a b", "\xff\xfe", "El  Amrani"} {
		f.Add(s, uint64(1))
	}
	f.Fuzz(func(t *testing.T, s string, seed uint64) {
		got := typo(testRand(seed), s)
		if got == s {
			return
		}
		if !utf8.ValidString(got) && utf8.ValidString(s) {
			t.Fatalf("typo(%q) = %q: invalid UTF-8", s, got)
		}
		if d := utf8.RuneCountInString(got) - utf8.RuneCountInString(s); d < -1 || d > 1 {
			t.Fatalf("typo(%q) = %q: length changed by %d", s, got, d)
		}
		if []rune(got)[0] != []rune(s)[0] {
			t.Fatalf("typo(%q) = %q: first letter changed", s, got)
		}
	})
}
