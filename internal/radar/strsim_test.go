package radar

import (
	"math"
	"testing"
	"unicode/utf8"
)

func TestJaroWinkler(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		// Reference values from Winkler (1990) as commonly reproduced.
		{"martha", "marhta", 0.961},
		{"dwayne", "duane", 0.840},
		{"dixon", "dicksonx", 0.813},
		{"jones", "johnson", 0.832},
		{"abc", "abc", 1},
		{"abc", "xyz", 0},
		{"", "", 0},
		{"", "abc", 0},
		{"a", "a", 1},
		// Runes, not bytes: one differing letter of five.
		{"çelik", "celik", 0.867},
		{"ünal", "unal", 0.833},
	}
	for _, tt := range tests {
		got := JaroWinkler(tt.a, tt.b)
		if math.Abs(got-tt.want) > 0.0015 {
			t.Errorf("JaroWinkler(%q, %q) = %.4f, want %.3f", tt.a, tt.b, got, tt.want)
		}
		if back := JaroWinkler(tt.b, tt.a); math.Abs(back-got) > 1e-12 {
			t.Errorf("JaroWinkler not symmetric for %q, %q: %v vs %v", tt.a, tt.b, got, back)
		}
	}
}

func TestJaroWinklerJoined(t *testing.T) {
	for _, tt := range [][4]string{
		{"vd", "berg", "", "vanderberg"},
		{"", "jansen", "", "janssen"},
		{"van", "dijk", "van", "dijk"},
		{"ü", "nal", "", "unal"}, // non-ASCII takes the slow path
	} {
		got := jaroWinklerJoined(tt[0], tt[1], tt[2], tt[3])
		want := JaroWinkler(tt[0]+tt[1], tt[2]+tt[3])
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("jaroWinklerJoined(%q) = %v, want %v", tt, got, want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 3, 0},
		{"", "abc", 5, 3},
		{"abc", "abc", 0, 0},
		{"abc", "abd", 3, 1},  // substitution
		{"abc", "acb", 3, 1},  // adjacent swap counts once
		{"abc", "abcd", 3, 1}, // insertion
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 1, 2}, // over the limit: limit+1
		{"ca", "abc", 5, 3},         // OSA, not full Damerau-Levenshtein
		{"één", "een", 5, 2},        // runes, not bytes
		{"jansen", "bakker", 1, 2},
		{"a", "abcdef", 2, 3}, // length difference alone exceeds the limit
	}
	for _, tt := range tests {
		if got := EditDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

// referenceOSA is the textbook optimal-string-alignment distance, for
// checking the fast one.
func referenceOSA(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

func FuzzStringMetrics(f *testing.F) {
	for _, s := range [][2]string{{"jansen", "janssen"}, {"", "x"}, {"çelik", "celik"}, {"abc", "cab"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) || len(a) > 80 || len(b) > 80 {
			t.Skip()
		}
		want := referenceOSA(a, b)
		if got := EditDistance(a, b, 100); got != want {
			t.Fatalf("EditDistance(%q, %q) = %d, reference %d", a, b, got, want)
		}
		if got := EditDistance(a, b, 1); min(want, 2) != got {
			t.Fatalf("EditDistance(%q, %q, 1) = %d, want %d", a, b, got, min(want, 2))
		}
		j1, j2 := JaroWinkler(a, b), JaroWinkler(b, a)
		if j1 < 0 || j1 > 1 || math.Abs(j1-j2) > 1e-9 {
			t.Fatalf("JaroWinkler(%q, %q) = %v / %v", a, b, j1, j2)
		}
		if (j1 == 1) != (a == b && a != "") {
			t.Fatalf("JaroWinkler(%q, %q) = %v: 1 only for equal strings", a, b, j1)
		}
	})
}
