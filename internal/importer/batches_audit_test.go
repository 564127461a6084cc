package importer_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/importer"
	"toren/internal/toren"
)

// A batch names its sender as the audit log does, and as intake names
// the reports it registers: the console as "cli", not by a user ID it
// does not have. An actor the policy refuses (Console set with another
// role) stores no batch and no report, whether or not a line of it
// reaches intake.
func TestBatchNamesTheConsoleAsIntakeDoes(t *testing.T) {
	t.Parallel()
	for _, db := range []struct {
		name string
		opts []apptest.Option
	}{{"SQLite", nil}, {"PostgreSQL", []apptest.Option{apptest.OnPostgres()}}} {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			a := apptest.New(t, append(db.opts, apptest.Quiet())...)
			batches := &importer.Batches{Intake: a.Intake(), Store: a.Store(), Clock: a.Clock()}
			ctx := context.Background()
			console := authz.Console("toren import")
			line := func(ref string) string {
				b, _ := json.Marshal(map[string]any{
					"external_ref": ref, "received_at": "2026-03-02T09:30:00Z",
					"reporter":       map[string]any{"organisation": "Politie Eenheid Oost-Brabant", "phone": "0900-8844"},
					"violence_types": []string{"partner"}, "description": "Aangifte na huiselijk geweld.",
					"persons": []map[string]any{{"role": "victim", "surname": "Verhoeven"}},
				})
				return string(b) + "\n"
			}

			head := apptest.AuditHead(t, a)
			b, err := batches.Run(ctx, console, strings.NewReader(line("PL-1")+line("PL-2")))
			if err != nil || b.Summary.Stored != 2 {
				t.Fatalf("batch: %+v, %v", b.Summary, err)
			}
			if b.Owner != audit.ConsoleActorID {
				t.Errorf("batch owner %q, want %q", b.Owner, audit.ConsoleActorID)
			}
			entries := apptest.AuditAfter(t, a, head)
			actions := map[string]int{}
			for _, e := range entries {
				actions[e.Action]++
				if e.ActorID != audit.ConsoleActorID || e.ActorName != console.Name || e.Role != string(authz.RoleAdmin) {
					t.Errorf("%s names %q %q in role %q, want the console", e.Action, e.ActorID, e.ActorName, e.Role)
				}
			}
			if actions[audit.ActionReportCreate] != 2 || actions[importer.ActionBatch] != 1 {
				t.Errorf("entries %v, want two report.create and one report.batch", actions)
			}
			if got, err := batches.Get(ctx, console, b.ID); err != nil || got.ID != b.ID {
				t.Errorf("the console reads its batch back: %+v, %v", got, err)
			}

			forged := authz.Actor{Name: "x", Roles: []authz.Role{authz.RoleIntake}, Console: true}
			head = apptest.AuditHead(t, a)
			for _, body := range []string{line("PL-3"), "", "niet json\n"} {
				if _, err := batches.Run(ctx, forged, strings.NewReader(body)); toren.ErrorCode(err) != toren.CodeForbidden {
					t.Errorf("%q by an actor the policy refuses: %v, want forbidden", body, err)
				}
			}
			if got := apptest.AuditAfter(t, a, head); len(got) != 0 {
				t.Errorf("refused batches wrote %d entries: %+v", len(got), got)
			}
			if n, _, _, _ := a.Store().Counts(ctx); n != 2 {
				t.Errorf("%d reports stored, want the console's 2", n)
			}
		})
	}
}
