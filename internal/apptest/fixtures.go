package apptest

import (
	"context"
	"testing"

	"toren/internal/accounts"
	"toren/internal/app"
	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/clients"
	"toren/internal/partners"
)

// Demo loads the demo's seed stories (without those named in skipStories:
// a test that tells a story itself starts without it) after families
// synthetic families over years, and the demo accounts, one per role
// (intake, casemanager, monitoring, interventieteam, gedragswetenschapper,
// teamleider, analist, beheerder), all with Password.
func Demo(t testing.TB, a *app.App, families, years int, skipStories ...string) {
	t.Helper()
	ctx := context.Background()
	if _, err := a.LoadDemo(ctx, families, years, 1, skipStories...); err != nil {
		t.Fatalf("demo data: %v", err)
	}
	if _, err := a.DemoAccounts(ctx); err != nil {
		t.Fatalf("demo accounts: %v", err)
	}
}

// User makes an account with Password and no second factor, in the teams
// named (made when missing), and returns it.
func User(t testing.TB, a *app.App, username, displayName string, roles []authz.Role, teams ...string) *accounts.User {
	t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(Password, a.Config().Passwords)
	if err != nil {
		t.Fatal(err)
	}
	var ts []accounts.Team
	if len(teams) > 0 {
		if ts, err = app.EnsureTeams(ctx, a.Store(), teams); err != nil {
			t.Fatal(err)
		}
	}
	rs := make([]string, len(roles))
	for i, r := range roles {
		rs[i] = string(r)
	}
	now := a.Clock().Now()
	u := &accounts.User{Username: username, DisplayName: displayName, PasswordHash: hash, Roles: rs, Teams: ts, CreatedAt: now, UpdatedAt: now}
	if err := a.Store().CreateUser(ctx, u); err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return u
}

// PrivacyOfficer makes the privacy officer "privacy" (Pim Prins), whom the
// demo has not.
func PrivacyOfficer(t testing.TB, a *app.App) *accounts.User {
	t.Helper()
	return User(t, a, "privacy", "Pim Prins", []authz.Role{authz.RolePrivacyOfficer})
}

// Actor is the actor of the account username, as the access gate makes it
// for a signed-in request with a second factor.
func Actor(t testing.TB, a *app.App, username string) authz.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := a.Store().GetUserByUsername(ctx, username)
	if err != nil {
		t.Fatalf("actor %s: %v", username, err)
	}
	act := authz.Actor{UserID: u.ID, Name: u.DisplayName, MultiFactor: true}
	for _, r := range u.Roles {
		act.Roles = append(act.Roles, authz.Role(r))
	}
	for _, tm := range u.Teams {
		act.Teams = append(act.Teams, tm.Name)
	}
	return act
}

// setUp is the test's set-up as the audit log names it: the system,
// named "test".
var setUp = authz.Actor{Name: "test"}

// System is a context whose writes are audited as the test's set-up, for
// fixtures written through services that demand an audit recorder. A
// service that names its own actor writes its entries as that actor
// (audit.RecorderFor).
func System(ctx context.Context) context.Context {
	return audit.WithRecorder(ctx, audit.NewRecorder(setUp, "test"))
}

// AuditHead is the sequence number of the newest audit entry; with
// AuditAfter a test reads what one request wrote.
func AuditHead(t testing.TB, a *app.App) int64 {
	t.Helper()
	h, err := a.Store().AuditHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h.Seq
}

// AuditAfter returns the audit entries after seq, oldest first.
func AuditAfter(t testing.TB, a *app.App, seq int64) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	for en, err := range a.Store().AuditEntries(context.Background(), seq) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, en)
	}
	return out
}

// APIClient registers an API client with scopes and returns it with its
// token.
func APIClient(t testing.TB, a *app.App, name string, scopes ...authz.Scope) (clients.Client, string) {
	t.Helper()
	codes := make([]string, len(scopes))
	for i, s := range scopes {
		codes[i] = string(s)
	}
	c, sec, err := a.Clients().Add(System(context.Background()), authz.Console("test"), clients.NewClient{Name: name, Scopes: codes})
	if err != nil {
		t.Fatal(err)
	}
	return c, sec.Token
}

// Partner adds a local team (wijkteam) to the partner catalogue.
func Partner(t testing.TB, a *app.App, name string) partners.Partner {
	t.Helper()
	p := partners.Partner{Name: name, Kind: partners.KindLocalTeam, Contact: "Coördinator", Email: "overdracht@wijkteam.example",
		CreatedAt: a.Clock().Now()}
	e := audit.ActorTemplate(setUp, "test") // the store names the action and the partner
	e.At = a.Clock().Now()
	if err := a.Store().CreatePartner(context.Background(), &p, e); err != nil {
		t.Fatal(err)
	}
	return p
}

// PartnerClient registers an API client that speaks for partner, with
// scopes, and returns it with its token.
func PartnerClient(t testing.TB, a *app.App, name string, partner int64, scopes ...authz.Scope) (clients.Client, string) {
	t.Helper()
	codes := make([]string, len(scopes))
	for i, s := range scopes {
		codes[i] = string(s)
	}
	c, sec, err := a.Clients().Add(System(context.Background()), authz.Console("test"), clients.NewClient{Name: name, Scopes: codes, PartnerID: partner})
	if err != nil {
		t.Fatal(err)
	}
	return c, sec.Token
}
