package accounts_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

func newService(t *testing.T) (*accounts.Service, *store.DB) {
	t.Helper()
	db := storetest.OpenSQLite(t)
	return &accounts.Service{Store: db, Clock: toren.NewFixedClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)),
		Params: auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, Issuer: "Toren"}, db
}

// recorded is ctx with the audit recorder of a request by a.
func recorded(a authz.Actor) context.Context {
	return audit.WithRecorder(context.Background(), audit.NewRecorder(a, "test"))
}

func auditCount(t *testing.T, db *store.DB) int64 {
	t.Helper()
	h, err := db.AuditHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h.Seq
}

// Every account change takes the acting user, is allowed by the policy
// (user.manage: the administrator, or the operator at the console) and is
// written with its audit entry; without the request's audit recorder
// nothing is written.
func TestAccountChangesTakeTheActor(t *testing.T) {
	svc, db := newService(t)
	console := authz.Console("root")
	team, err := svc.AddTeam(recorded(console), console, "Backoffice")
	if err != nil {
		t.Fatal(err)
	}
	admin, _, err := svc.AddUser(recorded(console), console, accounts.NewUser{Username: "beheer", DisplayName: "Bea Beheer", Roles: []string{"admin"}})
	if err != nil {
		t.Fatal(err)
	}
	bea := authz.Actor{UserID: admin.ID, Name: admin.DisplayName, Roles: []authz.Role{authz.RoleAdmin}, MultiFactor: true}
	cm, _, err := svc.AddUser(recorded(bea), bea, accounts.NewUser{Username: "cas", DisplayName: "Cas Jansen", Roles: []string{"case_manager"},
		TeamIDs: []int64{team.ID}})
	if err != nil {
		t.Fatal(err)
	}
	cas := authz.Actor{UserID: cm.ID, Name: cm.DisplayName, Roles: []authz.Role{authz.RoleCaseManager}, Teams: []string{"Backoffice"}, MultiFactor: true}

	before := auditCount(t, db)
	refusals := map[string]error{}
	_, _, refusals["a case manager adds an account"] = svc.AddUser(recorded(cas), cas, accounts.NewUser{Username: "x", DisplayName: "X", Roles: []string{"admin"}})
	_, _, refusals["a case manager resets an account"] = svc.ResetUser(recorded(cas), cas, admin.ID)
	_, refusals["a case manager disables an account"] = svc.DisableUser(recorded(cas), cas, admin.ID)
	_, refusals["a case manager adds a team"] = svc.AddTeam(recorded(cas), cas, "Team Zuid")
	_, refusals["no one adds a team"] = svc.AddTeam(recorded(authz.Actor{}), authz.Actor{}, "Team Zuid")
	for what, err := range refusals {
		if toren.ErrorCode(err) != toren.CodeForbidden {
			t.Errorf("%s: %v, want forbidden", what, err)
		}
	}
	if _, err := svc.AddTeam(context.Background(), bea, "Team Zuid"); err == nil {
		t.Error("a team was added without the request's audit recorder")
	}
	if _, err := svc.DisableUser(recorded(bea), bea, admin.ID); toren.ErrorCode(err) != toren.CodeInvalid {
		t.Errorf("the administrator disables their own account: %v", err)
	}
	if n := auditCount(t, db) - before; n != 0 {
		t.Fatalf("refused changes wrote %d audit entries", n)
	}
	if teams, _ := db.ListTeams(context.Background()); len(teams) != 1 {
		t.Fatalf("refused changes added teams: %+v", teams)
	}

	// The administrator's change is audited as theirs, also where the
	// context's recorder names someone else.
	if _, err := svc.DisableUser(recorded(cas), bea, cm.ID); err != nil {
		t.Fatal(err)
	}
	var last audit.Entry
	for e, err := range db.AuditEntries(context.Background(), before) {
		if err != nil {
			t.Fatal(err)
		}
		last = e
	}
	if last.Action != accounts.ActionUserDisable || last.ActorID != strconv.FormatInt(admin.ID, 10) || last.ActorName != bea.Name || last.Role != "admin" {
		t.Errorf("the disabling's audit entry: %+v", last)
	}
}

// The identity provider's roles and teams are taken over at the account's
// own sign-in, or by an administrator; not by someone else.
func TestSyncFromProviderIsTheAccountsOwn(t *testing.T) {
	svc, _ := newService(t)
	console := authz.Console("root")
	u, _, err := svc.AddUser(recorded(console), console, accounts.NewUser{Username: "iris", DisplayName: "Iris de Wit", Roles: []string{"intake"}})
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := svc.AddUser(recorded(console), console, accounts.NewUser{Username: "cor", DisplayName: "Cor", Roles: []string{"case_manager"}})
	if err != nil {
		t.Fatal(err)
	}
	cor := authz.Actor{UserID: other.ID, Name: "Cor", Roles: []authz.Role{authz.RoleCaseManager}, MultiFactor: true}
	if _, _, err := svc.SyncFromProvider(recorded(cor), cor, u.ID, []string{"admin"}, nil); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("someone else takes over another account's roles: %v", err)
	}
	self := authz.Actor{UserID: u.ID, Name: u.DisplayName}
	got, changed, err := svc.SyncFromProvider(recorded(self), self, u.ID, []string{"case_manager"}, []string{"Backoffice"})
	if err != nil || !changed || len(got.Roles) != 1 || got.Roles[0] != "case_manager" || len(got.Teams) != 1 || got.Teams[0].Name != "Backoffice" {
		t.Errorf("the account's own sign-in: %+v %v %v", got, changed, err)
	}
	if _, _, err := svc.SyncFromProvider(context.Background(), self, u.ID, []string{"intake"}, nil); err == nil {
		t.Error("roles were taken over without the request's audit recorder")
	}
}
