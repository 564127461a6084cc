package bench

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"toren/internal/reports"
)

func TestPercentile(t *testing.T) {
	l := Load{}
	for i := 1; i <= 100; i++ {
		l.Latencies = append(l.Latencies, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0.1, time.Millisecond}} {
		if got := l.Percentile(c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
}

// The bodies are reports the API takes: each kind to its endpoint, unique
// keys, and later reports of a family marked as known.
func TestFamilies(t *testing.T) {
	bodies, errc := Families(context.Background(), 200, 1, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), "run-")
	keys := map[string]bool{}
	known := 0
	for b := range bodies {
		var r reports.Report
		if err := json.Unmarshal(b.JSON, &r); err != nil {
			t.Fatal(err)
		}
		if (r.Kind == reports.KindAdvice) != (b.Path == "/api/v1/advice-requests") {
			t.Errorf("%s: kind %s posted to %s", b.Key, r.Kind, b.Path)
		}
		if len(r.Persons) == 0 || keys[b.Key] {
			t.Errorf("%s: %d persons, key repeated %v", b.Key, len(r.Persons), keys[b.Key])
		}
		keys[b.Key] = true
		if b.Known {
			known++
		}
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if len(keys) < 300 || known == 0 || known == len(keys) {
		t.Errorf("%d reports, %d about known families", len(keys), known)
	}
}
