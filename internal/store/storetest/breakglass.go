package storetest

import (
	"context"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/store"
	"toren/internal/toren"
)

func testBreakGlassGrants(t *testing.T, db *store.DB) {
	ctx := context.Background()
	u := newUser(t, db, "iris")
	lead := newUser(t, db, "tara")
	obj := authz.Ref{Kind: authz.KindReport, ID: 42}
	g := authz.Grant{UserID: u.ID, Object: obj, Reason: "Politie belt: acute dreiging, dossier nodig", IssuedAt: t0, ExpiresAt: t0.Add(12 * time.Hour)}
	id, err := db.CreateGrant(ctx, g, audit.Entry{At: t0, ActorID: "1", ActorName: "Iris", Role: "intake", Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := db.AuditHead(ctx)
	if err != nil || h.Seq != 1 {
		t.Errorf("grant without its audit entry: %+v %v", h, err)
	}
	got, err := db.ActiveGrant(ctx, u.ID, obj, t0.Add(11*time.Hour))
	if err != nil || got == nil || got.Reason != g.Reason || !got.ExpiresAt.Equal(g.ExpiresAt) {
		t.Errorf("active grant = %+v, %v", got, err)
	}
	for what, q := range map[string]struct {
		user int64
		obj  authz.Ref
		at   time.Time
	}{
		"expired":      {u.ID, obj, t0.Add(12 * time.Hour)},
		"other object": {u.ID, authz.Ref{Kind: authz.KindReport, ID: 43}, t0},
		"other kind":   {u.ID, authz.Ref{Kind: authz.KindPerson, ID: 42}, t0},
		"other user":   {lead.ID, obj, t0},
	} {
		if got, err := db.ActiveGrant(ctx, q.user, q.obj, q.at); err != nil || got != nil {
			t.Errorf("%s: grant %+v, %v; want none", what, got, err)
		}
	}
	list, err := db.GrantsToReview(ctx)
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Fatalf("to review = %+v, %v", list, err)
	}
	if err := db.ReviewGrant(ctx, id, lead.ID, "terecht", t0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.ReviewGrant(ctx, id, lead.ID, "nog eens", t0.Add(25*time.Hour)); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("second review: %v, want conflict", err)
	}
	if err := db.ReviewGrant(ctx, 999, lead.ID, "", t0); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("review of a missing grant: %v, want not found", err)
	}
	if list, _ := db.GrantsToReview(ctx); len(list) != 0 {
		t.Errorf("reviewed grant still listed: %+v", list)
	}
}
