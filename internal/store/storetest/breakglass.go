package storetest

import (
	"context"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/breakglass"
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
	// A grant with a reason code and the owning teams, as the service
	// issues it; the review writes its audit entry with it.
	id2, err := db.IssueGrant(ctx, breakglass.Record{UserID: u.ID, ObjectKind: authz.KindPerson, ObjectID: 7, ReasonCode: breakglass.ReasonCrisisCall,
		Reason: g.Reason, Teams: []string{"Team Zuid", "Backoffice"}, IssuedAt: t0, ExpiresAt: t0.Add(time.Hour)},
		audit.Entry{At: t0, ActorID: "1", ActorName: "Iris", Action: audit.ActionBreakGlass, Outcome: audit.OutcomeOK, Origin: "test", Reason: "crisis_call: " + g.Reason})
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.UnreviewedGrants(ctx)
	if err != nil || len(list) != 2 || list[0].ID != id || list[1].ID != id2 {
		t.Fatalf("to review = %+v, %v", list, err)
	}
	if r := list[1]; r.ReasonCode != breakglass.ReasonCrisisCall || len(r.Teams) != 2 || r.Teams[0] != "Team Zuid" || r.UserName != "Naam iris" {
		t.Errorf("stored grant = %+v", r)
	}
	entry := audit.Entry{At: t0, ActorID: "2", ActorName: "Tara", Action: "break_glass.review", Outcome: audit.OutcomeOK, Origin: "test"}
	rv := breakglass.Review{Outcome: breakglass.OutcomeJustified, Note: "terecht"}
	if err := db.ReviewGrant(ctx, id, lead.ID, rv, t0.Add(24*time.Hour), entry); err != nil {
		t.Fatal(err)
	}
	if h, _ := db.AuditHead(ctx); h.Seq != 3 {
		t.Errorf("review without its audit entry: head %d", h.Seq)
	}
	if r, err := db.GetGrant(ctx, id); err != nil || r.ReviewOutcome != breakglass.OutcomeJustified || r.ReviewedBy != lead.ID || r.ReviewNote != "terecht" {
		t.Errorf("reviewed grant = %+v, %v", r, err)
	}
	if err := db.ReviewGrant(ctx, id, lead.ID, rv, t0.Add(25*time.Hour), entry); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("second review: %v, want conflict", err)
	}
	if err := db.ReviewGrant(ctx, 999, lead.ID, rv, t0, entry); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("review of a missing grant: %v, want not found", err)
	}
	if h, _ := db.AuditHead(ctx); h.Seq != 3 {
		t.Errorf("a refused review wrote to the audit log: head %d", h.Seq)
	}
	if list, _ := db.UnreviewedGrants(ctx); len(list) != 1 || list[0].ID != id2 {
		t.Errorf("reviewed grant still listed: %+v", list)
	}
	es, err := db.AuditByActor(ctx, "1", t0, t0.Add(time.Hour))
	if err != nil || len(es) != 2 {
		t.Errorf("audit by actor = %+v, %v", es, err)
	}
}
