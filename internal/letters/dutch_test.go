package letters

import (
	"testing"

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
