package api

import (
	"net/http"
	"strings"
	"testing"
)

// Text the databases would store differently (SQLite keeps a NUL or raw
// Windows-1252 bytes, PostgreSQL refuses them with a 500) is refused by
// the API with the field named, and nothing is stored.
func TestUnreadableTextRefused(t *testing.T) {
	withSurname := func(raw string) string {
		body := encode(t, set(validReport(), "persons[0].surname", "MARKER"))
		return strings.Replace(body, `"MARKER"`, raw, 1)
	}
	tests := []struct {
		name, body, field string
	}{
		{"NUL escaped", withSurname(`"Jan\u0000sen"`), "persons[0].surname"},
		{"raw Windows-1252 byte", withSurname("\"Zo\xEB\""), "persons[0].surname"},
		{"lone surrogate", withSurname(`"Jan\ud800sen"`), "persons[0].surname"},
		{"escape sequence", withSurname(`"Jan\u001bsen"`), "persons[0].surname"},
	}
	e := newEnv(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.counts()
			res := e.post("/api/v1/reports", tt.body)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %s", res.status, res.body)
			}
			p := res.problem(t)
			found := false
			for _, fe := range p.Errors {
				found = found || fe.Field == tt.field
			}
			if !found {
				t.Errorf("no error names %s: %+v", tt.field, p.Errors)
			}
			if after := e.counts(); after != before {
				t.Errorf("stored something: %v -> %v", before, after)
			}
		})
	}
}
