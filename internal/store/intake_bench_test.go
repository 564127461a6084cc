package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"toren/internal/alerts"
	"toren/internal/escalate"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/reports"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

// noAlerts raises nothing, so that each report still reads its history.
type noAlerts struct{}

func (noAlerts) Raise(context.Context, escalate.Signal, escalate.History) ([]alerts.Alert, error) {
	return nil, nil
}

// BenchmarkRegisterPostgres stores groups of reports (four new persons
// each, sharing an address) through intake's steps on PostgreSQL, one
// group after another, without the HTTP server: the wall time and the
// write round trips of the store alone (TOREN_TEST_POSTGRES).
func BenchmarkRegisterPostgres(b *testing.B) {
	for _, group := range []int{1, 8} {
		b.Run(fmt.Sprintf("group=%d", group), func(b *testing.B) {
			db := storetest.OpenPostgres(b)
			ctx := intaketest.Audited(context.Background())
			steps := intake.Steps{Store: db, Alerts: noAlerts{}}
			at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
			rt0 := db.WriteRoundTrips()
			n := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				nrs := make([]intake.NewReport, group)
				for j := range nrs {
					n++
					r := &reports.Report{Kind: reports.KindReport, ReceivedAt: at, Channel: reports.ChannelPhone,
						Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Name: "J. Bakker"},
						ViolenceTypes: []reports.ViolenceType{reports.TypeExPartner}, Municipality: "GM0153",
						Description: "Melding.", RegisteredAt: at, RegisteredBy: "intake"}
					for k := range 4 {
						r.Persons = append(r.Persons, reports.Mention{Role: reports.RoleVictim, FirstNames: fmt.Sprintf("Anna%d", k),
							Surname: fmt.Sprintf("Jansen%d", n), BirthDate: toren.MustDate("1990-05-17"),
							Street: "Lasondersingel", HouseNumber: fmt.Sprint(n), Postcode: "7514 BP", City: "Enschede", Municipality: "GM0153"})
					}
					key := fmt.Sprintf("bench-%d", n)
					nrs[j] = intake.NewReport{Report: r, IdempotencyKey: key, RequestHash: "h:" + key}
				}
				if _, err := steps.Register(ctx, nrs...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(db.WriteRoundTrips()-rt0)/float64(n), "round-trips/report")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n), "µs/report")
		})
	}
}
