package radarsvc_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"toren/internal/store/storetest"
)

// BenchmarkFollowDelay measures how long after a report commits through
// one server the persons it made are in another server's index, with the
// follower polling every 250 ms as toren serve does on PostgreSQL. It
// reports the median and the worst delay (needs TOREN_TEST_POSTGRES).
func BenchmarkFollowDelay(b *testing.B) {
	dbA, dbB := storetest.OpenPostgresTwice(b)
	a, e := envOn(b, dbA), envOn(b, dbB)
	a.res.StartFollowing()
	e.res.StartFollowing()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.res.Follow(ctx, dbB, 250*time.Millisecond)
	var delays []time.Duration
	for i := 0; b.Loop(); i++ {
		before := e.res.Len()
		r := family(i, fmt.Sprint("Volger", i), now.Add(-time.Hour))
		a.submit(b, r)
		start := time.Now()
		for e.res.Len() < before+3 {
			time.Sleep(5 * time.Millisecond)
			if time.Since(start) > 10*time.Second {
				b.Fatal("the other server's index did not learn the persons within 10 s")
			}
		}
		delays = append(delays, time.Since(start))
	}
	slices.Sort(delays)
	b.ReportMetric(float64(delays[len(delays)/2].Milliseconds()), "median-ms")
	b.ReportMetric(float64(delays[len(delays)-1].Milliseconds()), "max-ms")
}
