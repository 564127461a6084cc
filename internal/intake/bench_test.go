package intake_test

import (
	"context"
	"fmt"
	"testing"

	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

// benchReport is a police report of four persons, different each time so
// every person is new to the registry (the costlier path).
func benchReport(i int) *reports.Report {
	r := police("", fmt.Sprintf("Jansen%d", i))
	r.Persons = append(r.Persons,
		reports.Mention{Role: reports.RolePerpetrator, FirstNames: "Kees", Surname: fmt.Sprintf("Bakker%d", i), BirthDate: toren.MustDate("1985-01-02")},
		reports.Mention{Role: reports.RoleChild, FirstNames: "Noor", Surname: fmt.Sprintf("Bakker%d", i), BirthDate: toren.MustDate("2016-07-08")},
		reports.Mention{Role: reports.RoleChild, FirstNames: "Sem", Surname: fmt.Sprintf("Bakker%d", i), BirthDate: toren.MustDate("2020-03-04")},
	)
	r.Persons[0].Postcode, r.Persons[0].HouseNumber, r.Persons[0].Municipality = "7511 AB", "12", "GM0153"
	return r
}

// BenchmarkSubmit measures intake through the service layer into SQLite:
// validation, person resolution, and one transaction per report with
// synchronous=FULL (an fsync of the WAL per commit).
func BenchmarkSubmit(b *testing.B) {
	s, _ := newService(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Submit(ctx, iris(), intake.Submission{Report: benchReport(i), IdempotencyKey: fmt.Sprintf("k%d", i)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkSubmitParallel is the same with concurrent callers, as the
// API sees them: transactions queue for SQLite's single writer.
func BenchmarkSubmitParallel(b *testing.B) {
	s, _ := newService(b)
	ctx := context.Background()
	next := make(chan int, 1024)
	go func() {
		for i := 0; ; i++ {
			next <- i
		}
	}()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := <-next
			if _, err := s.Submit(ctx, iris(), intake.Submission{Report: benchReport(i), IdempotencyKey: fmt.Sprintf("k%d", i)}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}
