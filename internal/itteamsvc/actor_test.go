package itteamsvc_test

import (
	"testing"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/itteam"
)

// The operator at the console is named in the log as the console, the
// way every other service names it, never as user "0"; the entry keeps
// the role the decision granted.
func TestConsoleActorIsNamedAsTheConsole(t *testing.T) {
	e := newEnv(t)
	seq := e.seq(t)
	if _, err := e.svc.PublishChecklist(e.ctx, authz.Console("beheer"), itteam.Bijlage1()); err != nil {
		t.Fatal(err)
	}
	n := 0
	for en, err := range e.db.AuditEntries(e.ctx, seq) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if en.ActorID != audit.ConsoleActorID || en.ActorName != "beheer" || en.Role != string(authz.RoleAdmin) {
			t.Errorf("%s by %q %q in role %q, want the console %q", en.Action, en.ActorID, en.ActorName, en.Role, audit.ConsoleActorID)
		}
	}
	if n == 0 {
		t.Error("publishing wrote no audit entry")
	}
}
