package auth

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strings"
	"sync"
	"time"

	"toren/internal/toren"
)

// LimitRule says when one key (an account name or a client address) is
// locked out: after MaxFailures failures within Window it is locked for
// Lockout, and every further lockout before the key is forgotten doubles
// that, up to MaxLockout.
type LimitRule struct {
	MaxFailures int
	Window      time.Duration
	Lockout     time.Duration
	MaxLockout  time.Duration
}

// LimiterConfig configures a Limiter. Zero fields take the defaults of
// DefaultLimiterConfig.
type LimiterConfig struct {
	Account LimitRule
	IP      LimitRule
	// ForgetAfter is how long a key must see no failure before it is
	// dropped, which also resets its backoff.
	ForgetAfter time.Duration
	// MaxEntries bounds memory: beyond it the least recently touched keys
	// are dropped first. An attacker who floods the limiter with fresh
	// names from many addresses can push out an old lockout this way; the
	// per-address rule makes that slow, and a dropped key only loses its
	// count, never grants access.
	MaxEntries int
}

// DefaultLimiterConfig returns the defaults and says why:
//   - Account: 5 failures in 15 minutes lock the name for 15 minutes,
//     doubling to at most 4 hours. A person mistyping gets five tries; an
//     attacker gets about 40 guesses a day per name. The cap keeps a
//     deliberate lock-out of a colleague's account short-lived (they can
//     also be unlocked by an administrator), which matters in a 24-hour
//     crisis service.
//   - IP: 50 failures in 15 minutes, same lockout. Higher because a whole
//     Veilig Thuis office signs in from behind one NAT address; it stops
//     one address from spraying guesses over many account names.
//   - ForgetAfter 24 hours, MaxEntries 100 000 (a few tens of MB at most).
func DefaultLimiterConfig() LimiterConfig {
	return LimiterConfig{
		Account:     LimitRule{MaxFailures: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute, MaxLockout: 4 * time.Hour},
		IP:          LimitRule{MaxFailures: 50, Window: 15 * time.Minute, Lockout: 15 * time.Minute, MaxLockout: 4 * time.Hour},
		ForgetAfter: 24 * time.Hour,
		MaxEntries:  100_000,
	}
}

func (r LimitRule) withDefaults(d LimitRule) LimitRule {
	if r.MaxFailures <= 0 {
		r.MaxFailures = d.MaxFailures
	}
	if r.Window <= 0 {
		r.Window = d.Window
	}
	if r.Lockout <= 0 {
		r.Lockout = d.Lockout
	}
	if r.MaxLockout < r.Lockout {
		r.MaxLockout = max(d.MaxLockout, r.Lockout)
	}
	return r
}

// Limiter throttles sign-in attempts per account name and per client
// address. It never looks accounts up: an unknown name is counted and
// locked exactly like a real one, so its answers do not reveal which
// accounts exist. It is safe for concurrent use and keeps its state in
// memory (one server process; a restart forgets, which only favours the
// user).
//
// Use it as:
//
//	att, d := lim.Begin(username, clientIP)
//	if !d.Allowed { /* refuse; d.RetryAfter may be shown */ }
//	defer att.Fail() // counts as a failure unless Succeed or Release ran first
//	... on success: att.Succeed()
//
// Begin counts the attempt as in flight before the password is checked,
// so a burst of parallel guesses cannot all pass the check before the
// first failure is recorded.
type Limiter struct {
	clock toren.Clock
	cfg   LimiterConfig

	mu      sync.Mutex
	entries map[string]*list.Element // of *limitEntry
	lru     *list.List               // front = most recently touched
}

type limitEntry struct {
	key         string
	rule        *LimitRule
	failures    int       // within the current window
	windowStart time.Time // time of the first failure of the window
	inFlight    int       // attempts begun, not yet ended
	lastBegin   time.Time // when the latest in-flight attempt began
	lockedUntil time.Time
	lockouts    int // lockouts so far: the backoff exponent
	touched     time.Time
}

// NewLimiter returns a Limiter using clock; zero fields of cfg take defaults.
func NewLimiter(clock toren.Clock, cfg LimiterConfig) *Limiter {
	d := DefaultLimiterConfig()
	cfg.Account = cfg.Account.withDefaults(d.Account)
	cfg.IP = cfg.IP.withDefaults(d.IP)
	if cfg.ForgetAfter <= 0 {
		cfg.ForgetAfter = d.ForgetAfter
	}
	if cfg.MaxEntries <= 0 {
		cfg.MaxEntries = d.MaxEntries
	}
	cfg.MaxEntries = max(cfg.MaxEntries, 2) // one attempt touches two keys
	return &Limiter{clock: clock, cfg: cfg, entries: make(map[string]*list.Element), lru: list.New()}
}

// Decision is the Limiter's answer to Begin.
type Decision struct {
	Allowed bool
	// RetryAfter is how long until an attempt may be made again, when not
	// allowed. It is the same for known and unknown accounts.
	RetryAfter time.Duration
}

// Attempt is one sign-in attempt that Begin allowed. Exactly one of Fail,
// Succeed or Release takes effect; later calls do nothing.
type Attempt struct {
	l       *Limiter
	keys    [2]string
	mu      sync.Mutex
	settled bool
}

// Begin decides whether a sign-in for account from clientIP may be tried
// now. When it may, the returned Attempt must be settled. When attempts
// already in flight would reach a limit, Begin refuses with a RetryAfter
// of one second. An empty clientIP skips the address rule.
func (l *Limiter) Begin(account, clientIP string) (*Attempt, Decision) {
	keys := [2]string{accountKey(account), ipKey(clientIP)}
	rules := [2]*LimitRule{&l.cfg.Account, &l.cfg.IP}
	now := l.clock.Now()

	l.mu.Lock()
	defer l.mu.Unlock()
	l.forgetIdle(now)
	var wait time.Duration
	for i, k := range keys {
		e := l.lookup(k)
		if k == "" || e == nil {
			continue
		}
		e.expire(now)
		if now.Before(e.lockedUntil) {
			wait = max(wait, e.lockedUntil.Sub(now))
		} else if e.failures+e.inFlight >= rules[i].MaxFailures {
			// Attempts in flight would reach the limit: wait for them.
			wait = max(wait, time.Second)
		}
	}
	if wait > 0 {
		return nil, Decision{Allowed: false, RetryAfter: wait}
	}
	for i, k := range keys {
		if k == "" {
			continue
		}
		e := l.get(k, rules[i], now)
		e.inFlight++
		e.lastBegin = now
	}
	return &Attempt{l: l, keys: keys}, Decision{Allowed: true}
}

// Fail records the attempt as a failed sign-in (wrong password or code,
// unknown or disabled account).
func (a *Attempt) Fail() { a.settle(outcomeFail) }

// Succeed records a successful sign-in: the account's failures and
// backoff are reset. The address's failures are kept: otherwise an
// attacker holding one valid account could wipe the address counter
// between guesses at others.
func (a *Attempt) Succeed() { a.settle(outcomeSucceed) }

// Release ends the attempt without counting it either way, for an
// attempt that proved nothing (a correct password still awaiting its
// second factor). Release does not reset the account, so a known password
// cannot be used to clear the count of wrong codes.
func (a *Attempt) Release() { a.settle(outcomeRelease) }

type outcome int

const (
	outcomeFail outcome = iota
	outcomeSucceed
	outcomeRelease
)

func (a *Attempt) settle(o outcome) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.settled {
		return
	}
	a.settled = true
	a.l.settle(a.keys, o)
}

func (l *Limiter) settle(keys [2]string, o outcome) {
	rules := [2]*LimitRule{&l.cfg.Account, &l.cfg.IP}
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, k := range keys {
		if k == "" {
			continue
		}
		e := l.get(k, rules[i], now) // recreated if it was evicted meanwhile
		e.inFlight = max(e.inFlight-1, 0)
		switch {
		case o == outcomeFail:
			e.fail(now)
		case o == outcomeSucceed && i == 0:
			e.failures, e.lockouts, e.lockedUntil = 0, 0, time.Time{}
		}
	}
}

// inFlightTTL is how long an attempt may stay unsettled. A caller that
// forgets to settle (a panic, a bug) must not lock a name out for good.
const inFlightTTL = time.Minute

func (e *limitEntry) expire(now time.Time) {
	if e.failures > 0 && !now.Before(e.windowStart.Add(e.rule.Window)) {
		e.failures = 0
	}
	if e.inFlight > 0 && now.Sub(e.lastBegin) >= inFlightTTL {
		e.inFlight = 0
	}
}

func (e *limitEntry) fail(now time.Time) {
	e.expire(now)
	if e.failures == 0 {
		e.windowStart = now
	}
	e.failures++
	if e.failures >= e.rule.MaxFailures {
		lock := e.rule.Lockout
		for i := 0; i < e.lockouts && lock < e.rule.MaxLockout; i++ {
			lock *= 2
		}
		e.lockedUntil = now.Add(min(lock, e.rule.MaxLockout))
		e.lockouts++
		e.failures = 0
	}
}

// lookup returns the entry for key without creating it.
func (l *Limiter) lookup(key string) *limitEntry {
	if el, ok := l.entries[key]; ok {
		return el.Value.(*limitEntry)
	}
	return nil
}

// get returns the entry for key, creating it, and marks it touched.
func (l *Limiter) get(key string, rule *LimitRule, now time.Time) *limitEntry {
	if el, ok := l.entries[key]; ok {
		e := el.Value.(*limitEntry)
		e.touched = now
		l.lru.MoveToFront(el)
		return e
	}
	for l.lru.Len() >= l.cfg.MaxEntries {
		l.remove(l.lru.Back())
	}
	e := &limitEntry{key: key, rule: rule, touched: now}
	l.entries[key] = l.lru.PushFront(e)
	return e
}

// forgetIdle drops entries untouched for ForgetAfter that are not locked
// and have nothing in flight. The list is ordered by touch time, so this
// looks at the oldest few only: amortised constant work per call.
func (l *Limiter) forgetIdle(now time.Time) {
	for range 8 {
		el := l.lru.Back()
		if el == nil {
			return
		}
		e := el.Value.(*limitEntry)
		e.expire(now)
		if now.Sub(e.touched) < l.cfg.ForgetAfter || now.Before(e.lockedUntil) || e.inFlight > 0 {
			return
		}
		l.remove(el)
	}
}

func (l *Limiter) remove(el *list.Element) {
	delete(l.entries, el.Value.(*limitEntry).key)
	l.lru.Remove(el)
}

// Len returns the number of keys held (for metrics and tests).
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

// accountKey folds case and surrounding space, so "Alice " and "alice"
// share a counter. Long input is hashed so a key's size is bounded.
func accountKey(account string) string {
	return "a:" + boundKey(strings.ToLower(strings.TrimSpace(account)))
}

// ipKey groups IPv6 addresses by /64: one subscriber usually holds a whole
// /64, so counting single addresses would let them rotate freely. An empty
// address gives no key: the address rule is skipped rather than putting
// every sign-in without an address under one shared counter, which one
// attacker could lock for the whole organisation.
func ipKey(clientIP string) string {
	if strings.TrimSpace(clientIP) == "" {
		return ""
	}
	addr, err := netip.ParseAddr(strings.TrimSpace(clientIP))
	if err != nil {
		return "i:" + boundKey(clientIP)
	}
	addr = addr.Unmap().WithZone("")
	if addr.Is6() {
		p, _ := addr.Prefix(64) // cannot fail for an IPv6 address
		return "i:" + p.String()
	}
	return "i:" + addr.String()
}

func boundKey(s string) string {
	if len(s) <= 128 {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return "#" + hex.EncodeToString(sum[:])
}
