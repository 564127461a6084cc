package web

import (
	"testing"
	"time"

	"toren/internal/access"
	"toren/internal/auth"
	"toren/internal/session"
	"toren/internal/toren"
)

func TestSessionTimer(t *testing.T) {
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		policy   auth.SessionPolicy
		created  time.Time
		lastSeen time.Time
		want     SessionTimer
	}{
		{"production, idle 10 minutes", auth.DefaultSessionPolicy(), now.Add(-time.Hour), now.Add(-10 * time.Minute), SessionTimer{ExpiresIn: 1200, WarnBefore: 300, Idle: 1800}},
		{"absolute limit comes first", auth.DefaultSessionPolicy(), now.Add(-12*time.Hour + 90*time.Second), now, SessionTimer{ExpiresIn: 90, WarnBefore: 300, Idle: 1800}},
		{"short limit warns half-way, rounds up", auth.SessionPolicy{Idle: 8 * time.Second, Absolute: time.Hour}, now, now.Add(-500 * time.Millisecond), SessionTimer{ExpiresIn: 8, WarnBefore: 4, Idle: 8}},
		{"already ended", auth.DefaultSessionPolicy(), now.Add(-time.Hour), now.Add(-time.Hour), SessionTimer{ExpiresIn: 0, WarnBefore: 300, Idle: 1800}},
	}
	for _, tt := range tests {
		clock := toren.NewFixedClock(now)
		w := &Web{cfg: Config{Clock: clock, Sessions: session.New(nil, tt.policy, clock, false)}}
		p := &access.Principal{Session: auth.Session{CreatedAt: tt.created, LastSeenAt: tt.lastSeen}}
		if got := w.sessionTimer(p); got == nil || *got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
	if got := (&Web{}).sessionTimer(&access.Principal{}); got != nil {
		t.Errorf("without sessions: %+v, want nil", got)
	}
}
