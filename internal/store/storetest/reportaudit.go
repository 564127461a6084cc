package storetest

import (
	"context"
	"testing"

	"toren/internal/audit"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/reports"
	"toren/internal/store"
)

// A report created with an actor in the context carries its audit entry
// in the same transaction: stored together, or (batch failure) not at all.
func testReportAuditSameTransaction(t *testing.T, db *store.DB) {
	rec := &audit.Recorder{Template: audit.Entry{ActorID: "7", ActorName: "Iris", Role: "intake", Origin: "test"}}
	ctx := audit.WithRecorder(context.Background(), rec)
	good := sample(reports.KindReport)
	if _, err := (intake.Steps{Store: db}).Register(intaketest.Audited(ctx), intake.NewReport{Report: good}); err != nil {
		t.Fatal(err)
	}
	var got []audit.Entry
	for e, err := range db.AuditEntries(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	if len(got) != 1 || got[0].Action != audit.ActionReportCreate || got[0].ActorName != "Iris" || len(got[0].PersonIDs) != 2 || rec.Written() != 1 {
		t.Fatalf("audit after create: %+v (written %d)", got, rec.Written())
	}
	// A replay writes nothing new; a failed batch writes nothing at all.
	bad := sample(reports.KindReport)
	bad.Persons[0].PersonID = 999999
	if _, err := (intake.Steps{Store: db}).Register(intaketest.Audited(ctx), []intake.NewReport{{Report: sample(reports.KindReport)}, {Report: bad}}...); err == nil {
		t.Fatal("broken batch stored")
	}
	h, err := db.AuditHead(context.Background())
	if err != nil || h.Seq != 1 {
		t.Errorf("audit head after a failed batch: %+v %v; want still 1", h, err)
	}
	if _, err := db.VerifyAudit(context.Background()); err != nil {
		t.Error(err)
	}
}
