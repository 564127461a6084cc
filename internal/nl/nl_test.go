package nl

import "testing"

func TestValidBSN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"111222333", true},  // 9+8+7+12+10+8+9+6-3 = 66 = 6·11
		{"123456782", true},  // the textbook example
		{"123456789", false}, // last digit off
		{"111222334", false},
		{"000000000", false}, // passes the arithmetic, never issued
		{"12345678", false},  // too short (normalise first)
		{"1234567820", false},
		{"12345678a", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidBSN(tt.in); got != tt.want {
			t.Errorf("ValidBSN(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeBSN(t *testing.T) {
	tests := map[string]string{
		"1234.56.782":  "123456782",
		" 123 456 782": "123456782",
		"12345674":     "012345674",
	}
	for in, want := range tests {
		if got := NormalizeBSN(in); got != want {
			t.Errorf("NormalizeBSN(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPostcode(t *testing.T) {
	tests := []struct {
		in, norm string
		valid    bool
	}{
		{"1234 AB", "1234 AB", true},
		{"1234ab", "1234 AB", true},
		{" 1234  ab ", "1234 AB", true},
		{"0123 AB", "0123 AB", false}, // no postcode starts with 0
		{"1234 SS", "1234 SS", false}, // never issued
		{"12345 A", "1234 5A", false},
		{"1234", "1234", false},
		{"ABCD EF", "ABCD EF", false},
	}
	for _, tt := range tests {
		n := NormalizePostcode(tt.in)
		if n != tt.norm {
			t.Errorf("NormalizePostcode(%q) = %q, want %q", tt.in, n, tt.norm)
		}
		if got := ValidPostcode(n); got != tt.valid {
			t.Errorf("ValidPostcode(%q) = %v, want %v", n, got, tt.valid)
		}
	}
}

func TestMunicipalities(t *testing.T) {
	m := MustLoadMunicipalities()
	if n := len(m.All()); n != 342 {
		t.Fatalf("got %d municipalities, want 342 (CBS 2025)", n)
	}
	tests := []struct {
		in, code string
		ok       bool
	}{
		{"GM0363", "GM0363", true},
		{"0363", "GM0363", true},
		{"amsterdam", "GM0363", true},
		{"'s-Hertogenbosch", "GM0796", true},
		{"Hengelo (O.)", "GM0164", true},
		{"Hengelo", "GM0164", true},
		{"Bergen", "", false}, // two municipalities: ambiguous
		{"Nuenen, Gerwen en Nederwetten", "GM0820", true},
		{"GM0370", "", false}, // Beemster, merged in 2022
		{"Atlantis", "", false},
	}
	for _, tt := range tests {
		mu, ok := m.Resolve(tt.in)
		if ok != tt.ok || mu.Code != tt.code {
			t.Errorf("Resolve(%q) = %q, %v; want %q, %v", tt.in, mu.Code, ok, tt.code, tt.ok)
		}
	}
}

func FuzzBSN(f *testing.F) {
	for _, s := range []string{"123456782", "1234.56.782", "", "12345674", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeBSN(s)
		if ValidBSN(n) && len(n) != 9 {
			t.Fatalf("valid BSN %q not 9 long", n)
		}
		if NormalizeBSN(n) != n && len(n) != 8 {
			t.Fatalf("NormalizeBSN not idempotent on %q", s)
		}
	})
}

func FuzzPostcode(f *testing.F) {
	for _, s := range []string{"1234 AB", "1234ab", "", "ééé", "1234 SS"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizePostcode(s)
		if ValidPostcode(n) && NormalizePostcode(n) != n {
			t.Fatalf("valid postcode %q changes on normalisation", n)
		}
	})
}
