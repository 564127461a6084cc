package auth

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"toren/internal/toren"
)

var t0 = time.Date(2026, 2, 1, 3, 0, 0, 0, time.UTC)

func newTestLimiter(cfg LimiterConfig) (*Limiter, *toren.FixedClock) {
	clock := toren.NewFixedClock(t0)
	return NewLimiter(clock, cfg), clock
}

// try begins an attempt and settles it with fail or success; it reports
// the decision.
func try(l *Limiter, account, ip string, succeed bool) Decision {
	att, d := l.Begin(account, ip)
	if d.Allowed {
		if succeed {
			att.Succeed()
		} else {
			att.Fail()
		}
	}
	return d
}

func TestLimiterLocksAccountWithBackoff(t *testing.T) {
	l, clock := newTestLimiter(LimiterConfig{})
	for i := range 5 {
		if d := try(l, "alice", "192.0.2.1", false); !d.Allowed {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	d := try(l, "alice", "192.0.2.99", false)
	if d.Allowed || d.RetryAfter != 15*time.Minute {
		t.Fatalf("6th attempt from another address: %+v, want locked for 15m", d)
	}
	if d := try(l, "bob", "192.0.2.1", false); !d.Allowed {
		t.Error("another account from the same address was locked")
	}
	clock.Advance(15*time.Minute - time.Second)
	if d := try(l, "alice", "192.0.2.1", false); d.Allowed || d.RetryAfter != time.Second {
		t.Errorf("just before the lock ends: %+v", d)
	}
	clock.Advance(time.Second)
	// Second lockout: doubled.
	for i := range 5 {
		if d := try(l, "alice", "192.0.2.1", false); !d.Allowed {
			t.Fatalf("after lockout, attempt %d refused", i+1)
		}
	}
	if d := try(l, "alice", "192.0.2.1", false); d.RetryAfter != 30*time.Minute {
		t.Errorf("second lockout = %v, want 30m", d.RetryAfter)
	}
	// Backoff grows to the cap: 60m, 120m, 240m, 240m.
	for _, want := range []time.Duration{time.Hour, 2 * time.Hour, 4 * time.Hour, 4 * time.Hour} {
		clock.Advance(4 * time.Hour)
		for range 5 {
			try(l, "alice", "192.0.2.1", false)
		}
		if d := try(l, "alice", "192.0.2.1", false); d.RetryAfter != want {
			t.Errorf("lockout = %v, want %v", d.RetryAfter, want)
		}
	}
}

func TestLimiterSuccessResetsAccount(t *testing.T) {
	l, clock := newTestLimiter(LimiterConfig{})
	for range 5 {
		try(l, "alice", "192.0.2.1", false)
	}
	clock.Advance(15 * time.Minute)
	for range 4 {
		try(l, "alice", "192.0.2.1", false)
	}
	if d := try(l, "alice", "192.0.2.1", true); !d.Allowed {
		t.Fatal("success attempt refused")
	}
	for i := range 4 {
		if d := try(l, "alice", "192.0.2.1", false); !d.Allowed {
			t.Fatalf("after success, failure %d refused: count not reset", i+1)
		}
	}
	try(l, "alice", "192.0.2.1", false)
	if d := try(l, "alice", "192.0.2.1", false); d.RetryAfter != 15*time.Minute {
		t.Errorf("lockout after success = %v, want 15m: backoff not reset", d.RetryAfter)
	}
}

func TestLimiterAccountNameFolding(t *testing.T) {
	l, _ := newTestLimiter(LimiterConfig{})
	for _, name := range []string{"Alice", " alice", "ALICE ", "alice", "aLiCe"} {
		try(l, name, "192.0.2.1", false)
	}
	if d := try(l, "alice", "192.0.2.2", false); d.Allowed {
		t.Error("spellings of one name counted separately")
	}
}

func TestLimiterWindow(t *testing.T) {
	l, clock := newTestLimiter(LimiterConfig{})
	for range 4 {
		try(l, "alice", "192.0.2.1", false)
	}
	clock.Advance(15 * time.Minute)
	for i := range 4 {
		if d := try(l, "alice", "192.0.2.1", false); !d.Allowed {
			t.Fatalf("failure %d of a new window refused", i+1)
		}
	}
	if d := try(l, "alice", "192.0.2.1", false); !d.Allowed {
		t.Error("5th failure refused before it happened")
	}
	if d := try(l, "alice", "192.0.2.1", false); d.Allowed {
		t.Error("5 failures in the new window did not lock")
	}
}

func TestLimiterAddress(t *testing.T) {
	l, _ := newTestLimiter(LimiterConfig{})
	// 50 failures over 50 names from one address lock the address.
	for i := range 50 {
		if d := try(l, fmt.Sprintf("user%d", i), "198.51.100.7", false); !d.Allowed {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if d := try(l, "someone-new", "198.51.100.7", false); d.Allowed {
		t.Error("address not locked after 50 failures")
	}
	if d := try(l, "someone-new", "::ffff:198.51.100.7", false); d.Allowed {
		t.Error("IPv4-mapped IPv6 spelling escaped the lock")
	}
	if d := try(l, "someone-new", "198.51.100.8", false); !d.Allowed {
		t.Error("a neighbouring address was locked")
	}
}

func TestLimiterIPv6Prefix(t *testing.T) {
	l, _ := newTestLimiter(LimiterConfig{IP: LimitRule{MaxFailures: 3}})
	for i := range 3 {
		try(l, fmt.Sprintf("u%d", i), fmt.Sprintf("2001:db8:1:2::%x", i+1), false)
	}
	if d := try(l, "x", "2001:db8:1:2:ffff::1", false); d.Allowed {
		t.Error("another address in the same /64 escaped the lock")
	}
	if d := try(l, "x", "2001:db8:1:3::1", false); !d.Allowed {
		t.Error("another /64 was locked")
	}
}

func TestLimiterSuccessKeepsAddressCount(t *testing.T) {
	l, _ := newTestLimiter(LimiterConfig{IP: LimitRule{MaxFailures: 3}})
	try(l, "a", "192.0.2.1", false)
	try(l, "b", "192.0.2.1", false)
	try(l, "mine", "192.0.2.1", true) // attacker's own valid account
	try(l, "c", "192.0.2.1", false)
	if d := try(l, "d", "192.0.2.1", false); d.Allowed {
		t.Error("a success in between reset the address count")
	}
}

func TestLimiterRelease(t *testing.T) {
	l, _ := newTestLimiter(LimiterConfig{})
	for range 4 {
		try(l, "alice", "192.0.2.1", false)
	}
	for range 10 {
		att, d := l.Begin("alice", "192.0.2.1")
		if !d.Allowed {
			t.Fatal("released attempts were counted")
		}
		att.Release()
	}
	try(l, "alice", "192.0.2.1", false)
	if d := try(l, "alice", "192.0.2.1", false); d.Allowed {
		t.Error("Release reset the failure count")
	}
}

func TestLimiterSettleOnce(t *testing.T) {
	l, _ := newTestLimiter(LimiterConfig{})
	for range 4 {
		att, _ := l.Begin("alice", "192.0.2.1")
		att.Succeed()
		att.Fail() // ignored: already settled
		att.Fail()
	}
	if d := try(l, "alice", "192.0.2.1", false); !d.Allowed {
		t.Error("calls after the first settlement were counted")
	}
}

func TestLimiterInFlightAttemptsCount(t *testing.T) {
	l, clock := newTestLimiter(LimiterConfig{})
	var pending []*Attempt
	for range 5 {
		att, d := l.Begin("alice", "192.0.2.1")
		if !d.Allowed {
			t.Fatal("refused before the limit")
		}
		pending = append(pending, att)
	}
	if _, d := l.Begin("alice", "192.0.2.1"); d.Allowed {
		t.Fatal("a 6th parallel attempt was allowed while 5 are in flight")
	}
	for _, att := range pending {
		att.Fail()
	}
	if _, d := l.Begin("alice", "192.0.2.1"); d.Allowed || d.RetryAfter != 15*time.Minute {
		t.Errorf("after 5 failures: %+v", d)
	}

	// Unsettled attempts expire, so a caller's bug cannot lock a name for good.
	for range 5 {
		l.Begin("bob", "192.0.2.2")
	}
	clock.Advance(inFlightTTL)
	if _, d := l.Begin("bob", "192.0.2.2"); !d.Allowed {
		t.Error("abandoned attempts still block after their TTL")
	}
}

func TestLimiterConcurrentBurstGetsOnlyMaxFailures(t *testing.T) {
	l, _ := newTestLimiter(LimiterConfig{})
	var mu sync.Mutex
	allowed := 0
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				att, d := l.Begin("alice", "192.0.2.1")
				if d.Allowed {
					mu.Lock()
					allowed++
					mu.Unlock()
					att.Fail()
				}
			}
		})
	}
	wg.Wait()
	if allowed != 5 {
		t.Errorf("400 parallel guesses got %d through, want exactly 5", allowed)
	}
}

func TestLimiterMemoryBound(t *testing.T) {
	l, _ := newTestLimiter(LimiterConfig{MaxEntries: 100})
	for i := range 1000 {
		try(l, fmt.Sprintf("name%d", i), fmt.Sprintf("10.0.%d.%d", i/256, i%256), false)
	}
	if n := l.Len(); n > 100 {
		t.Errorf("limiter holds %d keys, bound is 100", n)
	}
	if l.Len() < 90 {
		t.Errorf("limiter holds only %d keys", l.Len())
	}
}

func TestLimiterForgetsIdleKeys(t *testing.T) {
	l, clock := newTestLimiter(LimiterConfig{})
	for range 5 {
		try(l, "alice", "192.0.2.1", false)
	}
	clock.Advance(25 * time.Hour)
	try(l, "bob", "192.0.2.2", false) // any call sweeps the oldest keys
	if n := l.Len(); n != 2 {
		t.Errorf("after 25h idle the limiter holds %d keys, want only bob's 2", n)
	}
	for range 5 {
		try(l, "alice", "192.0.2.1", false)
	}
	if d := try(l, "alice", "192.0.2.1", false); d.RetryAfter != 15*time.Minute {
		t.Errorf("lockout after being forgotten = %v, want the first-level 15m", d.RetryAfter)
	}
}

func TestLimiterLongKeysBounded(t *testing.T) {
	long := string(make([]byte, 1<<20))
	if k := accountKey(long); len(k) > 200 {
		t.Errorf("key of a 1 MiB name is %d bytes", len(k))
	}
	if k := ipKey(long); len(k) > 200 {
		t.Errorf("key of a 1 MiB address is %d bytes", len(k))
	}
}

func TestLimiterEmptyAddressIsNotShared(t *testing.T) {
	l, _ := newTestLimiter(LimiterConfig{IP: LimitRule{MaxFailures: 3}})
	for i := range 10 {
		if d := try(l, fmt.Sprintf("u%d", i), "", false); !d.Allowed {
			t.Fatalf("attempt %d without an address refused: all such sign-ins share one counter", i+1)
		}
	}
	for range 5 {
		try(l, "alice", "", false)
	}
	if d := try(l, "alice", "", false); d.Allowed {
		t.Error("the account rule did not apply without an address")
	}
}
