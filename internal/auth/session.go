package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"
)

// sessionIDBytes is 256 bits: unguessable even against an attacker who
// can try many tokens per second for years.
const sessionIDBytes = 32

// sessionIDLen is the length of the URL-safe base64 form (no padding):
// ceil(32 * 8 / 6).
const sessionIDLen = 43

// NewSessionID returns a new random session token for the cookie. Only
// the client keeps it; the server stores SessionKey(id).
func NewSessionID() string {
	b := make([]byte, sessionIDBytes)
	rand.Read(b) // never fails since Go 1.24: it crashes the program instead
	return base64.RawURLEncoding.EncodeToString(b)
}

// ValidSessionID reports whether s has the form NewSessionID makes, so a
// malformed cookie is refused before any lookup.
func ValidSessionID(s string) bool {
	if len(s) != sessionIDLen {
		return false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	return err == nil && len(b) == sessionIDBytes
}

// SessionKey is the form of a session token the database stores: its
// SHA-256 in hex. Someone who reads the sessions table (a leaked backup)
// learns no live token. A plain hash suffices because the token is 256
// random bits: there is nothing to brute-force.
func SessionKey(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// SessionPolicy says when a session ends on its own.
type SessionPolicy struct {
	Idle     time.Duration // since the last request
	Absolute time.Duration // since sign-in, however active
}

// DefaultSessionPolicy returns idle 30 minutes, absolute 12 hours.
//
// Why: 30 minutes idle is the upper end OWASP gives for sensitive
// applications; it lets a worker finish a long crisis call and come back
// to a half-typed report, while the workstation's own screen lock (minutes)
// covers the unattended desk. 12 hours absolute is one night shift of a
// 24-hour service: nobody is thrown out mid-shift, and every shift starts
// with a fresh sign-in with the second factor, so a stolen session token
// dies by the next morning at the latest.
func DefaultSessionPolicy() SessionPolicy {
	return SessionPolicy{Idle: 30 * time.Minute, Absolute: 12 * time.Hour}
}

// Validate reports whether both durations are positive and idle is not
// longer than absolute.
func (p SessionPolicy) Validate() error {
	if p.Idle <= 0 || p.Absolute <= 0 || p.Idle > p.Absolute {
		return fmt.Errorf("session policy: want 0 < idle (%v) <= absolute (%v)", p.Idle, p.Absolute)
	}
	return nil
}

// Expired reports whether a session created at createdAt and last used
// at lastSeen has ended at now. A session ends exactly when a limit is
// reached.
func (p SessionPolicy) Expired(createdAt, lastSeen, now time.Time) bool {
	return !now.Before(p.ExpiresAt(createdAt, lastSeen))
}

// ExpiresAt returns when the session ends if it is not used again: the
// earlier of the idle and absolute limits (for the cookie and a warning
// in the UI).
func (p SessionPolicy) ExpiresAt(createdAt, lastSeen time.Time) time.Time {
	idle := lastSeen.Add(p.Idle)
	abs := createdAt.Add(p.Absolute)
	if idle.Before(abs) {
		return idle
	}
	return abs
}

// Session is a signed-in browser. The store knows it by KeyHash, the
// SessionKey of the cookie's token, never by the token itself.
type Session struct {
	KeyHash    string    `json:"-"`
	UserID     int64     `json:"user_id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	// Methods are the RFC 8176 authentication methods of the sign-in
	// ("pwd", "otp", "mfa"…), kept so that a rule such as "break-glass
	// needs a second factor" can be checked on every later request.
	Methods   []string `json:"methods"`
	CSRFToken string   `json:"-"`
	IP        string   `json:"ip"`
	UserAgent string   `json:"user_agent"`
}
