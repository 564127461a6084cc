package toren

import (
	"sync"
	"time"
	_ "time/tzdata" // zone data in the binary, so Amsterdam time works on any host
)

// Clock tells the time. It is injected everywhere a rule depends on "now"
// (deadlines, "not in the future", audit timestamps) so tests can fix it.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now() }

// FixedClock is a settable clock for tests and demos.
type FixedClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewFixedClock returns a clock standing at t.
func NewFixedClock(t time.Time) *FixedClock { return &FixedClock{t: t} }

func (c *FixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *FixedClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Advance moves the clock forward by d.
func (c *FixedClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Amsterdam is the zone Toren's users live in; days and deadlines are
// counted in it.
var Amsterdam = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// time/tzdata is embedded above, so this cannot fail at run time.
		panic(err)
	}
	return loc
}
