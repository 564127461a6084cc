package store

import (
	"slices"
	"testing"
)

// A transaction locks its row counts reports first, then persons, as the
// triggers of a retention run do (it deletes reports, then persons).
func TestCountOrder(t *testing.T) {
	got := countOrder(map[string]int64{"persons": 3, "reports.report": 1, "reports.advice": 2})
	if want := []string{"reports.advice", "reports.report", "persons"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
