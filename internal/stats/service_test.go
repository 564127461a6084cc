package stats

import (
	"context"
	"strings"
	"testing"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/toren"
)

// auditLog keeps what the service appends.
type auditLog struct{ entries []audit.Entry }

func (l *auditLog) AppendAudit(_ context.Context, es ...audit.Entry) error {
	l.entries = append(l.entries, es...)
	return nil
}

// The statistics are read by who may view them, exported by who may
// deliver them; an export is in the audit log with what it held before
// it is handed out, and without the request's recorder there is none.
func TestStatisticsTakeTheActor(t *testing.T) {
	log := &auditLog{}
	svc := newTestService(&fakeStore{})
	svc.cfg.Audit = log
	leader := authz.Actor{UserID: 2, Name: "Tara Mulder", Roles: []authz.Role{authz.RoleTeamLeader}}
	caseManager := authz.Actor{UserID: 3, Name: "Cas Jansen", Roles: []authz.Role{authz.RoleCaseManager}}
	ctx := audit.WithRecorder(context.Background(), &audit.Recorder{Template: audit.Entry{ActorID: "1", ActorName: analyst.Name, Origin: "test"}})

	if _, err := svc.Report(ctx, caseManager, Year(2024)); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a case manager reads the statistics: %v", err)
	}
	if _, err := svc.Report(ctx, leader, Year(2024)); err != nil {
		t.Errorf("a team leader reads the statistics: %v", err)
	}
	if _, _, err := svc.Export(ctx, leader, Year(2024), nil); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a team leader exports the statistics: %v", err)
	}
	if _, _, err := svc.Export(context.Background(), analyst, Year(2024), nil); err == nil {
		t.Error("an export without the request's audit recorder")
	}
	if len(log.entries) != 0 {
		t.Fatalf("refused exports were audited: %+v", log.entries)
	}
	_, csv, err := svc.Export(ctx, analyst, Year(2024), nil)
	if err != nil || len(csv) == 0 {
		t.Fatalf("the analyst's export: %d bytes, %v", len(csv), err)
	}
	if len(log.entries) != 1 || log.entries[0].Action != string(authz.ActionStatsExport) || log.entries[0].ObjectID != "2024-01-01/2024-12-31" ||
		!strings.Contains(log.entries[0].Reason, "small counts suppressed") {
		t.Errorf("the export's audit entry: %+v", log.entries)
	}
}
