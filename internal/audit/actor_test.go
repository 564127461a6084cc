package audit_test

import (
	"context"
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
	} {
		if got := audit.ActorTemplate(tt.a, "o"); got.ActorID != tt.want.ActorID || got.ActorName != tt.want.ActorName ||
			got.Role != tt.want.Role || got.Origin != tt.want.Origin {
			t.Errorf("%s: %+v, want %+v", tt.what, got, tt.want)
		}
	}
}

// RecorderFor keeps the request's recorder (the access gate's) and makes
// one naming the actor only where there is none.
func TestRecorderFor(t *testing.T) {
	iris := authz.Actor{UserID: 7, Name: "Iris", Roles: []authz.Role{authz.RoleIntake}}
	if rec := audit.RecorderFor(context.Background(), iris, "cli"); rec.Template.ActorID != "7" || rec.Template.Origin != "cli" {
		t.Errorf("without a recorder: %+v", rec.Template)
	}
	gate := &audit.Recorder{Template: audit.ActorTemplate(iris, "192.0.2.1")}
	if rec := audit.RecorderFor(audit.WithRecorder(context.Background(), gate), authz.Console("x"), "cli"); rec != gate {
		t.Errorf("the request's recorder was replaced: %+v", rec.Template)
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
