package intake_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/nl"
	"toren/internal/radarsvc"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

// The radar against the exact resolver, one report per transaction into
// SQLite. On benchReport (as BenchmarkSubmit) the radar links nearly every
// person to the first report's: the persons differ by a digit in the
// surname only, with the same given names, dates of birth and address,
// which it takes for typos. distinctReport names persons that differ as
// strangers do, so both resolvers make new persons. persons/report tells
// which path was measured.
func BenchmarkSubmitResolvers(b *testing.B) {
	for _, workload := range []struct {
		name   string
		report func(int) *reports.Report
	}{{"same", benchReport}, {"distinct", distinctReport}} {
		for _, resolver := range []string{"exact", "radar"} {
			b.Run(workload.name+"/"+resolver, func(b *testing.B) {
				s, db := newServiceWith(b, resolver)
				ctx := context.Background()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if _, err := s.Submit(ctx, iris(), intake.Submission{Report: workload.report(i), IdempotencyKey: fmt.Sprintf("k%d", i)}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
				b.StopTimer()
				if _, _, n, err := db.Counts(ctx); err == nil {
					b.ReportMetric(float64(n)/float64(b.N), "persons/report")
				}
			})
		}
	}
}

func newServiceWith(b *testing.B, resolver string) (*intake.Service, *store.DB) {
	db := storetest.OpenSQLite(b)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var res intake.Resolver = intaketest.ExactResolver{}
	if resolver == "radar" {
		r, err := radarsvc.NewDefault(log)
		if err != nil {
			b.Fatal(err)
		}
		res = r
	}
	v := reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: toren.NewFixedClock(now)}
	return intake.NewService(db, v, res, toren.NewFixedClock(now), log), db
}

// distinctReport is benchReport with persons that differ in given names,
// dates of birth and address too.
func distinctReport(i int) *reports.Report {
	given := []string{"Esra", "Kees", "Noor", "Sem", "Anna", "Daan", "Fleur", "Bram", "Lotte", "Jesse", "Emma", "Thijs", "Sara"}
	day := func(base string, k int) toren.Date { return toren.MustDate(base).AddDays((i*7 + k) % 11000) }
	r := benchReport(i)
	for k := range r.Persons {
		m := &r.Persons[k]
		m.FirstNames = given[(i+k*5)%len(given)] + fmt.Sprint(" ", given[(i/len(given)+k)%len(given)])
		m.BirthDate = day([]string{"1950-01-01", "1948-06-01", "1985-01-01", "1986-01-01"}[k], k)
	}
	r.Persons[0].Postcode, r.Persons[0].HouseNumber = fmt.Sprintf("%04d AB", 1000+i%9000), fmt.Sprint(1+i/9000)
	return r
}
