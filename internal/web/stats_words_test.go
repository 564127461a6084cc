package web

import (
	"testing"

	"toren/internal/stats"
	"toren/internal/toren"
)

// A period and a row of the volume table are named in the pages' words.
func TestStatisticsPeriodWords(t *testing.T) {
	for p, want := range map[stats.Period]string{
		stats.Year(2024):       "2024",
		stats.Quarter(2024, 2): "2e kwartaal 2024",
		{From: toren.MustDate("2024-01-01"), To: toren.MustDate("2024-06-30")}: "1 januari 2024 tot en met 30 juni 2024",
	} {
		if got := periodLabel(p); got != want {
			t.Errorf("periodLabel(%s) = %q, want %q", p, got, want)
		}
	}
	for _, c := range []struct{ step, start, want string }{
		{"month", "2024-02-15", "februari 2024"}, {"quarter", "2024-07-01", "3e kwartaal 2024"}, {"year", "2021-01-01", "2021"},
	} {
		if got := bucketLabel(c.step, c.start); got != c.want {
			t.Errorf("bucketLabel(%s, %s) = %q, want %q", c.step, c.start, got, c.want)
		}
	}
}
