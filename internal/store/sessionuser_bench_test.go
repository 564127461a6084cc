package store_test

import (
	"context"
	"testing"
	"time"

	"toren/internal/accounts"
	"toren/internal/auth"
	"toren/internal/store"
	"toren/internal/store/storetest"
)

// BenchmarkSessionUser compares the gate's read of a signed-in request
// before issue 12 (GetSession, then GetUser: three statements) with the
// one statement of GetSessionUser, for a user in two teams, on SQLite
// and (with TOREN_TEST_POSTGRES) PostgreSQL.
func BenchmarkSessionUser(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchSessionUser(b, storetest.OpenSQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchSessionUser(b, storetest.OpenPostgres(b)) })
}

func benchSessionUser(b *testing.B, db *store.DB) {
	ctx := context.Background()
	var teams []accounts.Team
	for _, n := range []string{"Noord", "Zuid"} {
		tm := accounts.Team{Name: n}
		if err := db.CreateTeam(ctx, &tm); err != nil {
			b.Fatal(err)
		}
		teams = append(teams, tm)
	}
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	u := accounts.User{Username: "bank", DisplayName: "Bank", Email: "bank@vt.example",
		PasswordHash: "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", Roles: []string{"intake"}, Teams: teams, CreatedAt: now}
	if err := db.CreateUser(ctx, &u); err != nil {
		b.Fatal(err)
	}
	key := auth.SessionKey(auth.NewSessionID())
	if err := db.CreateSession(ctx, &auth.Session{KeyHash: key, UserID: u.ID, CreatedAt: now, Methods: []string{"pwd", "mfa"}, CSRFToken: "c"}); err != nil {
		b.Fatal(err)
	}
	b.Run("two-reads", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s, err := db.GetSession(ctx, key)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := db.GetUser(ctx, s.UserID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("one-read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := db.GetSessionUser(ctx, key); err != nil {
				b.Fatal(err)
			}
		}
	})
}
