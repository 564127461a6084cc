package audit_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
)

// The log names each kind of actor in one way: a user by account and
// roles, the operator at the console as "cli", an API client by its
// client ID, and a component of Toren acting on its own as the system.
func TestActorTemplate(t *testing.T) {
	for _, tt := range []struct {
		what string
		a    authz.Actor
		want audit.Entry
	}{
		{"user", authz.Actor{UserID: 7, Name: "Iris", Roles: []authz.Role{authz.RoleIntake, authz.RoleTeamLeader}},
			audit.Entry{ActorID: "7", ActorName: "Iris", Role: "intake,team_leader", Origin: "o"}},
		{"console", authz.Console("beheer"), audit.Entry{ActorID: audit.ConsoleActorID, ActorName: "beheer", Role: "admin", Origin: "o"}},
		{"client", authz.Actor{ClientID: 3, Name: "Politie"}, audit.Entry{ActorID: "client:3", ActorName: "Politie", Role: string(authz.RoleClient), Origin: "o"}},
		{"system", authz.Actor{Name: "radar"}, audit.Entry{ActorID: "system", ActorName: "radar", Role: "system", Origin: "o"}},
		// Console set does not make the console: only what authz takes for
		// the operator at the console (authz.Console) is named so.
		{"console as intake", authz.Actor{Name: "x", Roles: []authz.Role{authz.RoleIntake}, Console: true},
			audit.Entry{ActorID: "system", ActorName: "x", Role: "intake", Origin: "o"}},
		{"console with two roles", authz.Actor{Name: "x", Roles: []authz.Role{authz.RoleAdmin, authz.RoleIntake}, Console: true},
			audit.Entry{ActorID: "system", ActorName: "x", Role: "admin,intake", Origin: "o"}},
		{"console without a role", authz.Actor{Name: "x", Console: true},
			audit.Entry{ActorID: "system", ActorName: "x", Role: "system", Origin: "o"}},
	} {
		if got := audit.ActorTemplate(tt.a, "o"); got.ActorID != tt.want.ActorID || got.ActorName != tt.want.ActorName ||
			got.Role != tt.want.Role || got.Origin != tt.want.Origin {
			t.Errorf("%s: %+v, want %+v", tt.what, got, tt.want)
		}
	}
}

// RecorderFor keeps the request's recorder (the access gate's) when it
// names the actor the service checked the policy for, and makes one
// naming that actor otherwise: where there is none, and where the
// context's names someone else, so that an entry never names another
// actor than the one the policy allowed.
func TestRecorderFor(t *testing.T) {
	iris := authz.Actor{UserID: 7, Name: "Iris", Roles: []authz.Role{authz.RoleIntake}}
	if rec := audit.RecorderFor(context.Background(), iris, "cli"); rec.Template.ActorID != "7" || rec.Template.Origin != "cli" {
		t.Errorf("without a recorder: %+v", rec.Template)
	}
	gate := audit.NewRecorder(iris, "192.0.2.1")
	ctx := audit.WithRecorder(context.Background(), gate)
	if rec := audit.RecorderFor(ctx, iris, "casework"); rec != gate {
		t.Errorf("the request's recorder was replaced: %+v", rec.Template)
	}
	if got, _ := audit.RecorderFrom(audit.As(ctx, iris, "casework")); got != gate {
		t.Errorf("As replaced the request's recorder: %+v", got.Template)
	}
	for _, other := range []authz.Actor{
		authz.Console("beheer"),
		{UserID: 8, Name: "Iris", Roles: []authz.Role{authz.RoleIntake}},
		{ClientID: 7, Name: "Politie"},
		{Name: "radar"},
	} {
		want := audit.ActorTemplate(other, "192.0.2.1")
		rec := audit.RecorderFor(ctx, other, "casework")
		if rec == gate || !reflect.DeepEqual(rec.Template, want) {
			t.Errorf("%+v: recorder naming %+v, want %+v", other, rec.Template, want)
		}
		got, _ := audit.RecorderFrom(audit.As(ctx, other, "casework"))
		if got == gate || !reflect.DeepEqual(got.Template, want) {
			t.Errorf("%+v: As gives a recorder naming %+v, want %+v", other, got.Template, want)
		}
		if e := rec.Entry(time.Now(), audit.ActionCaseUpdate, "case", "1", nil); e.ActorID != want.ActorID {
			t.Errorf("%+v: entry names %q", other, e.ActorID)
		}
		// The use case writes its entry with the recorder it was given; the
		// request's recorder must not count it as its own.
		rec.Wrote(1)
	}
	if gate.Written() != 0 {
		t.Errorf("the request's recorder counts %d entries", gate.Written())
	}
	// A use case that writes only with the request's recorder gets none
	// without one, the request's when it names the actor, and one naming
	// the actor when it names another.
	if rec, ok := audit.RequestRecorder(context.Background(), iris); ok || rec != nil {
		t.Errorf("without a recorder: %+v, %v", rec, ok)
	}
	if rec, ok := audit.RequestRecorder(ctx, iris); !ok || rec != gate {
		t.Errorf("the request's recorder naming the actor was replaced: %+v, %v", rec, ok)
	}
	if rec, ok := audit.RequestRecorder(ctx, authz.Console("beheer")); !ok || rec == gate || rec.Template.ActorID != audit.ConsoleActorID ||
		rec.Template.Origin != "192.0.2.1" {
		t.Errorf("a recorder naming another actor was kept: %+v, %v", rec, ok)
	}
}

// A decided entry names the actor as ActorTemplate does and keeps the
// role the decision granted, not every role the actor holds.
func TestDecidedEntry(t *testing.T) {
	at := time.Date(2014, 3, 3, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		what     string
		a        authz.Actor
		granted  authz.Role
		id, role string
	}{
		{"user", authz.Actor{UserID: 7, Name: "Iris", Roles: []authz.Role{authz.RoleIntake, authz.RoleTeamLeader}}, authz.RoleTeamLeader, "7", "team_leader"},
		{"console", authz.Console("beheer"), authz.RoleAdmin, audit.ConsoleActorID, "admin"},
		{"client", authz.Actor{ClientID: 3, Name: "Politie"}, authz.RoleClient, "client:3", string(authz.RoleClient)},
		{"system", authz.Actor{Name: "retention"}, "", audit.SystemActorID, audit.SystemRole},
		{"no role granted", authz.Actor{UserID: 7, Name: "Iris", Roles: []authz.Role{authz.RoleIntake}}, "", "7", "intake"},
	} {
		e := audit.DecidedEntry(tt.a, tt.granted, "o", at, audit.ActionExport, "person", "12")
		if e.ActorID != tt.id || e.ActorName != tt.a.Name || e.Role != tt.role || e.Origin != "o" || !e.At.Equal(at) ||
			e.Action != audit.ActionExport || e.ObjectType != "person" || e.ObjectID != "12" || e.Outcome != audit.OutcomeOK {
			t.Errorf("%s: %+v, want actor %q in role %q", tt.what, e, tt.id, tt.role)
		}
	}
}

// A session's entry (sign-in, refused sign-in, sign-out) is written
// before or after there is an actor: it names the account by its ID
// where one is known and as unknown otherwise, with the name typed or
// given, and no role, and is an entry the chain takes.
func TestSessionEntry(t *testing.T) {
	at := time.Date(2014, 3, 3, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		what    string
		userID  int64
		name    string
		action  string
		outcome string
		id      string
	}{
		{"signed in", 7, "Iris", audit.ActionSignIn, audit.OutcomeOK, "7"},
		{"refused, account known", 7, "Iris", audit.ActionSignInFailed, audit.OutcomeDenied, "7"},
		{"refused, name typed", 0, "irsi", audit.ActionSignInFailed, audit.OutcomeDenied, audit.UnknownActorID},
		{"signed out", 7, "Iris", audit.ActionSignOut, audit.OutcomeOK, "7"},
	} {
		e := audit.SessionEntry(tt.userID, tt.name, "192.0.2.1", at, tt.action, tt.outcome)
		if e.ActorID != tt.id || e.ActorName != tt.name || e.Role != "" || e.Origin != "192.0.2.1" || !e.At.Equal(at) ||
			e.Action != tt.action || e.Outcome != tt.outcome || e.ObjectType != "" || e.ObjectID != "" {
			t.Errorf("%s: %+v", tt.what, e)
		}
		if err := e.Validate(); err != nil {
			t.Errorf("%s: %v", tt.what, err)
		}
	}
}

// Actors that share an actor ID are told apart by name and roles: the
// system's components (the radar's merge proposer, retention) are all
// "system" and every operator at the console "cli". A recorder naming
// one of them is not kept for another, nor a user's for the same account
// acting in other roles, so an entry never names the wrong one.
func TestRecorderForTellsActorsSharingAnID(t *testing.T) {
	for _, tt := range []struct {
		what         string
		request, use authz.Actor
		wantName     string
		wantRole     string
	}{
		{"two system components", authz.Actor{Name: "radar"}, authz.Actor{Name: "retention"}, "retention", audit.SystemRole},
		{"two console operators", authz.Console("toren import"), authz.Console("demo"), "demo", string(authz.RoleAdmin)},
		{"one account, other roles", authz.Actor{UserID: 7, Name: "Iris", Roles: []authz.Role{authz.RoleIntake}},
			authz.Actor{UserID: 7, Name: "Iris", Roles: []authz.Role{authz.RoleTeamLeader}}, "Iris", string(authz.RoleTeamLeader)},
	} {
		req := audit.NewRecorder(tt.request, "192.0.2.1")
		ctx := audit.WithRecorder(context.Background(), req)
		rec := audit.RecorderFor(ctx, tt.use, "casework")
		e := rec.Entry(time.Now(), audit.ActionCaseUpdate, "case", "1", nil)
		if rec == req || e.ActorName != tt.wantName || e.Role != tt.wantRole {
			t.Errorf("%s: the entry names %q in role %q, want %q in role %q", tt.what, e.ActorName, e.Role, tt.wantName, tt.wantRole)
		}
	}
}
