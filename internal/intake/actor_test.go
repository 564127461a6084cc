package intake_test

import (
	"context"
	"testing"

	"toren/internal/audit"
	"toren/internal/intake"
)

// A report is never stored unaccounted for: a submission whose context
// carries no audit recorder either stores the report with its audit
// entry or stores nothing.
func TestSubmitWithoutRecorderIsAudited(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	res, err := s.Submit(ctx, intake.Submission{Report: police("111222333", "Yılmaz")})
	n, _, _, _ := db.Counts(ctx)
	if err != nil {
		if n != 0 {
			t.Fatalf("refused (%v), yet %d reports stored", err, n)
		}
		return
	}
	var entries int
	for e, err := range db.AuditEntries(ctx, 0) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Action == audit.ActionReportCreate && e.ObjectID != "" && res.Report != nil {
			entries++
		}
	}
	if n != 1 || entries != 1 {
		t.Errorf("%d reports stored with %d report.create audit entries, want each report with its entry", n, entries)
	}
}
