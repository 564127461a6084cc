package store_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"toren/internal/alerts"
	"toren/internal/demo/generate"
	"toren/internal/escalate"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/store"
	"toren/internal/store/storetest"
)

// BenchmarkCreateReportsAlerts measures what the escalation rules add to
// storing reports: batches of 500 generated reports (families with
// repeat reports, linked by the exact resolver) into a SQLite registry
// that already holds 10,000 families' reports, with the signal hook and
// without. Compare the two in one run; the machine is shared, so
// the CPU time per report is the steadier figure.
func BenchmarkCreateReportsAlerts(b *testing.B) {
	for _, hook := range []bool{false, true} {
		b.Run(fmt.Sprintf("rules=%v", hook), func(b *testing.B) {
			db := storetest.OpenSQLite(b)
			steps := intake.Steps{Store: db, Resolver: intaketest.ExactResolver{}}
			if hook {
				e, err := escalate.New(escalate.DefaultConfig())
				if err != nil {
					b.Fatal(err)
				}
				steps.Alerts = alerts.Router{Engine: e, TriageTeam: "Frontoffice"}
			}
			g := generate.New(generate.Config{Families: 15000, Years: 5, Seed: 7, End: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
			var all []intake.NewReport
			_ = g.Each(func(gr generate.GeneratedReport) error {
				r := gr.Report
				r.RegisteredAt = r.ReceivedAt
				all = append(all, intake.NewReport{Report: &r})
				return nil
			})
			const batch = 500
			store := func(nrs []intake.NewReport) {
				for i := 0; i < len(nrs); i += batch {
					if _, err := steps.Register(intaketest.Audited(context.Background()), nrs[i:min(i+batch, len(nrs))]...); err != nil {
						b.Fatal(err)
					}
				}
			}
			prefill := len(all) * 2 / 3
			store(all[:prefill])
			rest := all[prefill:]
			b.ResetTimer()
			cpu0 := cpuTime()
			n := 0
			for i := 0; i < b.N; i++ {
				if n+batch > len(rest) {
					b.StopTimer()
					b.Skip("generated reports used up; lower -benchtime")
				}
				store(rest[n : n+batch])
				n += batch
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "reports/s")
			// CPU time is steadier than wall time on a shared machine.
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N*batch), "cpu-µs/report")
			b.ReportMetric(0, "ns/op")
			countAlerts(b, db)
		})
	}
}

func countAlerts(b *testing.B, db *store.DB) {
	b.Helper()
	n, err := db.CountOpenAlerts(context.Background(), []string{"Frontoffice"}, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(n), "open-alerts")
}

// cpuTime is the CPU time the process used so far (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
