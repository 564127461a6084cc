package access

import (
	"strings"
	"testing"
)

func TestPathParam(t *testing.T) {
	tests := []struct{ pattern, path, param, want string }{
		{"GET /meldingen/{id}", "/meldingen/17", "id", "17"},
		{"GET /api/v1/reports/{id}", "/api/v1/reports/M-2026-000001", "id", "M-2026-000001"},
		{"GET /api/v1/persons/{id}", "/api/v1/persons/4%2F2", "id", "4/2"},
		{"GET /{$}", "/", "id", ""},
		{"GET /meldingen/{id}", "/meldingen", "id", ""},
	}
	for _, tt := range tests {
		if got := pathParam(tt.pattern, tt.path, tt.param); got != tt.want {
			t.Errorf("pathParam(%q, %q) = %q, want %q", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func FuzzPathParam(f *testing.F) {
	f.Add("GET /meldingen/{id}", "/meldingen/17")
	f.Add("GET /api/v1/reports/{id}", "/api/v1/reports/%zz")
	f.Add("GET /{$}", "//")
	f.Fuzz(func(t *testing.T, pattern, path string) {
		v := pathParam(pattern, path, "id")
		if v != "" && !strings.Contains(pattern, "{id") {
			t.Fatalf("value %q for a pattern without {id}", v)
		}
	})
}
