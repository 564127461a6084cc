package storetest

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/clients"
	"toren/internal/store"
	"toren/internal/toren"
)

// testClients runs the API client register over the backend: a token is
// stored only as its hash and authenticates its client; a rotation leaves
// two tokens valid for the overlap; a revocation ends both; every change
// is in the audit log, written with it.
func testClients(t *testing.T, db *store.DB) {
	clock := toren.NewFixedClock(t0)
	svc := &clients.Service{Store: db, Clock: clock, Lifetime: 30 * 24 * time.Hour, Overlap: 24 * time.Hour}
	ctx := audit.WithRecorder(context.Background(), &audit.Recorder{Template: audit.Entry{ActorID: "cli", ActorName: "beheer", Role: "admin", Origin: "test"}})
	admin := authz.Console("beheer")

	// Only who may manage clients; never without the audit recorder.
	police := clients.NewClient{Name: "Politie", Scopes: []string{"reports:create"}}
	caseManager := authz.Actor{UserID: 7, Name: "Cas", Roles: []authz.Role{authz.RoleCaseManager}, MultiFactor: true}
	if _, _, err := svc.Add(ctx, caseManager, police); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a case manager registers a client: %v", err)
	}
	if _, err := svc.List(ctx, caseManager); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a case manager lists the clients: %v", err)
	}
	if _, _, err := svc.Add(context.Background(), admin, police); err == nil {
		t.Error("a client was registered without an audit recorder")
	}

	// Bad input names every field and stores nothing.
	_, _, err := svc.Add(ctx, admin, clients.NewClient{Name: " ", Scopes: []string{"reports:read"}, RateLimit: -1})
	for _, f := range []string{"name", "scopes", "rate_limit"} {
		if !hasField(err, f) {
			t.Errorf("bad client: error %v does not name %s", err, f)
		}
	}
	if cs, err := db.ListClients(ctx); err != nil || len(cs) != 0 {
		t.Fatalf("a refused client was stored: %+v, %v", cs, err)
	}

	c, sec, err := svc.Add(ctx, admin, clients.NewClient{Name: "Politie  Eenheid Oost-Brabant", Scopes: []string{"reports:create"}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Politie Eenheid Oost-Brabant" || c.RateLimit != clients.DefaultRateLimit || len(c.Scopes) != 1 || c.Scopes[0] != authz.ScopeReportsCreate {
		t.Errorf("client = %+v", c)
	}
	if !strings.HasPrefix(sec.Token, clients.TokenPrefix) || !sec.ExpiresAt.Equal(t0.Add(30*24*time.Hour)) {
		t.Errorf("secret = %+v", sec)
	}
	got, err := svc.Authenticate(ctx, sec.Token)
	if err != nil || got.ID != c.ID || got.Actor().ClientID != c.ID || got.Actor().UserID != 0 {
		t.Fatalf("authenticate = %+v, %v", got, err)
	}
	stored, err := db.GetClient(ctx, c.ID)
	if err != nil || len(stored.Credentials) != 1 || stored.Credentials[0].Hash == sec.Token || strings.Contains(stored.Credentials[0].Hash, sec.Token[4:]) {
		t.Fatalf("stored client %+v, %v: the token must be stored as a hash only", stored, err)
	}
	for _, bad := range []string{"", sec.Token + "x", clients.TokenPrefix + strings.Repeat("A", 43), strings.ToUpper(sec.Token)} {
		if _, err := svc.Authenticate(ctx, bad); toren.ErrorCode(err) != toren.CodeForbidden {
			t.Errorf("token %q: %v, want refused", bad, err)
		}
	}

	// Rotation: both tokens valid now, the old one only for the overlap.
	clock.Set(t0.Add(time.Hour))
	rc, sec2, err := svc.Rotate(ctx, admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rc.Credentials) != 2 || len(rc.Active(clock.Now())) != 2 {
		t.Errorf("after rotation: %+v", rc.Credentials)
	}
	for _, tok := range []string{sec.Token, sec2.Token} {
		if _, err := svc.Authenticate(ctx, tok); err != nil {
			t.Errorf("during the overlap a token is refused: %v", err)
		}
	}
	clock.Set(t0.Add(time.Hour + 24*time.Hour))
	if _, err := svc.Authenticate(ctx, sec.Token); err == nil {
		t.Error("the old token is valid after the overlap")
	}
	if _, err := svc.Authenticate(ctx, sec2.Token); err != nil {
		t.Errorf("the new token: %v", err)
	}
	clock.Set(t0.Add(31 * 24 * time.Hour))
	if _, err := svc.Authenticate(ctx, sec2.Token); err == nil {
		t.Error("a token is valid after its lifetime")
	}
	clock.Set(t0.Add(2 * time.Hour))

	// Revocation ends every token at once; a revoked client cannot rotate.
	if _, err := svc.Revoke(ctx, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(ctx, sec2.Token); err == nil {
		t.Error("a revoked client's token is accepted")
	}
	if _, _, err := svc.Rotate(ctx, admin, c.ID); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("rotate a revoked client: %v", err)
	}
	if _, err := svc.Revoke(ctx, admin, 9999); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("revoke an unknown client: %v", err)
	}

	var actions []string
	for e, err := range db.AuditEntries(ctx, 0) {
		if err != nil {
			t.Fatal(err)
		}
		if e.ObjectType == "client" && e.ObjectID == strconv.FormatInt(c.ID, 10) {
			actions = append(actions, e.Action)
		}
	}
	if strings.Join(actions, " ") != "client.create client.rotate client.revoke" {
		t.Errorf("audit of the client = %v", actions)
	}
}

func hasField(err error, field string) bool {
	te, ok := err.(*toren.Error)
	if !ok {
		return false
	}
	for _, f := range te.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
