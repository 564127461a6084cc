package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/demo/generate"
	"toren/internal/importer"
	"toren/internal/intake"
	"toren/internal/radarsvc"
	"toren/internal/reports"
	"toren/internal/store"
)

// BenchmarkImportPoliceRadar is BenchmarkImportPolice with the radar
// resolving persons from its in-memory index (as openApp will wire it).
// Besides rows/s and peak RSS it reports how the mentions were resolved.
func BenchmarkImportPoliceRadar(b *testing.B) {
	rows := 100000
	if s := os.Getenv("TOREN_BENCH_ROWS"); s != "" {
		var err error
		if rows, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	dir := b.TempDir()
	path := filepath.Join(dir, "politie.csv")
	n := writePoliceCSV(b, path, rows)
	b.Logf("%d police rows written", n)

	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ctx := context.Background()
		a, err := openApp(ctx, "sqlite:"+filepath.Join(dir, "bench"+strconv.Itoa(i)+".db"), newLogger(Env{Getenv: func(string) string { return "" }}, io.Discard))
		if err != nil {
			b.Fatal(err)
		}
		// The 3 lines openApp is to get: a radar loaded from the registry.
		res, err := radarsvc.NewDefault(a.log)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := res.Load(ctx, a.db); err != nil {
			b.Fatal(err)
		}
		a.intake = intake.NewService(a.db, reports.Validator{Municipalities: a.municipalities, Clock: a.clock}, res, a.clock, a.log)
		b.StartTimer()
		start := time.Now()
		actx := audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: "system", ActorName: "bench", Role: "import", Origin: "bench"}})
		sum, err := importer.ImportFile(actx, a.intake, path, importer.Options{BatchSize: 1000, Bad: io.Discard})
		if err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		if sum.Stored != n {
			b.Fatalf("stored %d of %d rows (%d bad)", sum.Stored, n, sum.Bad)
		}
		reportLinks(b, a.db)
		b.ReportMetric(float64(res.Len()), "index-records")
		a.Close()
		b.ReportMetric(float64(n)/elapsed.Seconds(), "rows/s")
		b.ReportMetric(elapsed.Seconds(), "s/import")
		b.StartTimer()
	}
	b.ReportMetric(float64(peakRSS())/(1<<20), "peakRSS-MB")
}

// writePoliceCSV writes up to rows generated police reports (seed 42) as
// BenchmarkImportPolice does and returns how many it wrote.
func writePoliceCSV(b *testing.B, path string, rows int) int {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := importer.NewCSVWriter(f)
	n := 0
	families := min(rows/2+rows/20, generate.MaxFamilies)
	g := generate.New(generate.Config{Families: families, Years: 10, Seed: 42, End: time.Now()})
	err = g.Each(func(gr generate.GeneratedReport) error {
		if gr.Report.Reporter.Kind != reports.ReporterPolice || len(gr.Report.Persons) > 6 || gr.Report.Reporter.Relation != "" {
			return nil
		}
		if err := w.Write(&gr.Report); err != nil {
			return err
		}
		n++
		if n == rows {
			return io.EOF
		}
		return nil
	})
	if err != nil && err != io.EOF {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return n
}

// reportLinks reports the share of mentions per link method and the
// review items per mention.
func reportLinks(b *testing.B, db *store.DB) {
	ctx := context.Background()
	_, _, persons, err := db.Counts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	items := 0
	for after := int64(0); ; {
		page, err := db.ListReviewItems(ctx, store.ReviewFilter{AfterID: after, Limit: 500})
		if err != nil {
			b.Fatal(err)
		}
		items += len(page)
		if len(page) < 500 {
			break
		}
		after = page[len(page)-1].ID
	}
	b.ReportMetric(float64(persons), "persons")
	b.ReportMetric(float64(items), "review-items")
}
