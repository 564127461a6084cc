package auth

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestNewSessionID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewSessionID()
		if len(id) != 43 || !ValidSessionID(id) {
			t.Fatalf("session ID %q: length %d, valid %v", id, len(id), ValidSessionID(id))
		}
		if b, _ := base64.RawURLEncoding.DecodeString(id); len(b) != 32 {
			t.Fatalf("session ID %q holds %d bytes, want 32", id, len(b))
		}
		if seen[id] {
			t.Fatalf("session ID %q repeated", id)
		}
		seen[id] = true
	}
}

func TestValidSessionID(t *testing.T) {
	id := NewSessionID()
	for _, s := range []string{
		"",
		id[:42],
		id + "A",
		id[:42] + "=",
		id[:42] + "+",
		id[:42] + "/",
		strings.Repeat(" ", 43),
		id[:41] + "\x00" + id[42:],
	} {
		if ValidSessionID(s) {
			t.Errorf("ValidSessionID(%q) = true", s)
		}
	}
}

func TestSessionKey(t *testing.T) {
	id := NewSessionID()
	k := SessionKey(id)
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(k) {
		t.Errorf("SessionKey = %q, want 64 hex digits", k)
	}
	if SessionKey(id) != k || SessionKey(NewSessionID()) == k || strings.Contains(k, id) {
		t.Error("SessionKey not a deterministic one-way function of the ID")
	}
	// SHA-256("abc"), FIPS 180-2 test vector.
	if got := SessionKey("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("SessionKey(abc) = %s", got)
	}
}

func TestSessionPolicyExpired(t *testing.T) {
	p := DefaultSessionPolicy()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 1, 5, 22, 0, 0, 0, time.UTC)
	cases := []struct {
		name               string
		created, seen, now time.Time
		want               bool
	}{
		{"fresh", t0, t0, t0, false},
		{"idle just under 30 min", t0, t0, t0.Add(30*time.Minute - time.Nanosecond), false},
		{"idle exactly 30 min", t0, t0, t0.Add(30 * time.Minute), true},
		{"active all night, 11h59", t0, t0.Add(11*time.Hour + 50*time.Minute), t0.Add(11*time.Hour + 59*time.Minute), false},
		{"active all night, 12h", t0, t0.Add(11*time.Hour + 59*time.Minute), t0.Add(12 * time.Hour), true},
		{"idle from an old lastSeen", t0, t0.Add(time.Hour), t0.Add(time.Hour + 31*time.Minute), true},
		{"clock behind lastSeen", t0, t0.Add(time.Minute), t0, false},
	}
	for _, tc := range cases {
		if got := p.Expired(tc.created, tc.seen, tc.now); got != tc.want {
			t.Errorf("%s: Expired = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := p.ExpiresAt(t0, t0.Add(11*time.Hour+45*time.Minute)); !got.Equal(t0.Add(12 * time.Hour)) {
		t.Errorf("ExpiresAt near the absolute limit = %v", got)
	}
	if got := p.ExpiresAt(t0, t0.Add(time.Hour)); !got.Equal(t0.Add(90 * time.Minute)) {
		t.Errorf("ExpiresAt = %v", got)
	}
	for _, bad := range []SessionPolicy{{}, {Idle: time.Hour, Absolute: time.Minute}, {Idle: -1, Absolute: time.Hour}} {
		if bad.Validate() == nil {
			t.Errorf("Validate(%+v) = nil", bad)
		}
	}
}

func FuzzValidSessionID(f *testing.F) {
	f.Add(NewSessionID())
	f.Add("")
	f.Add(strings.Repeat("_", 43))
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidSessionID(s) {
			return
		}
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || len(b) != 32 || base64.RawURLEncoding.EncodeToString(b) != s {
			t.Fatalf("accepted %q which is not a canonical 32-byte token", s)
		}
	})
}
