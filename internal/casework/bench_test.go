package casework_test

import (
	"testing"

	"toren/internal/cases"
	"toren/internal/casework"
)

// BenchmarkQueue measures a team's queue over 100 open cases. The queue
// reads the parts of the case files that decide what is due, every table
// once for all of them (PartsDue), so its queries do not grow with the
// team's caseload; the rows it reads do.
func BenchmarkQueue(b *testing.B) {
	e := newEnv(b, start)
	for range 100 {
		f, err := e.svc.OpenCase(e.ctx, e.iris, casework.OpenRequest{ReportIDs: []int64{e.report("Els Buur", false, false).ID}, Team: "Frontoffice"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.svc.Transition(e.ctx, e.iris, f.Case.ID, casework.TransitionRequest{Transition: cases.StartSafetyAssessment, Version: f.Case.Version}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		q, err := e.svc.Queue(e.ctx, e.iris, casework.QueueRequest{Team: "Frontoffice"})
		if err != nil || len(q) != 100 {
			b.Fatalf("%d items, %v", len(q), err)
		}
	}
}
