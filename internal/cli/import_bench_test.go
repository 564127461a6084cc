package cli

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"toren/internal/audit"

	"toren/internal/demo/generate"
	"toren/internal/importer"
	"toren/internal/reports"
)

// BenchmarkImportPolice imports generated police reports from a CSV file
// into a fresh SQLite database through the whole pipeline (parse,
// validate, resolve persons, store in batches). TOREN_BENCH_ROWS sets the
// number of rows (default 100000; the target is 1,000,000 in under two
// minutes and under 500 MB). It reports rows/s and the peak resident
// memory of the process (VmHWM), which includes the generator's pass
// that writes the file beforehand.
func BenchmarkImportPolice(b *testing.B) {
	rows := 100000
	if s := os.Getenv("TOREN_BENCH_ROWS"); s != "" {
		var err error
		if rows, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	dir := b.TempDir()
	path := filepath.Join(dir, "politie.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := importer.NewCSVWriter(f)
	n := 0
	families := rows/2 + rows/20
	if families > generate.MaxFamilies {
		families = generate.MaxFamilies
	}
	g := generate.New(generate.Config{Families: families, Years: 10, Seed: 42, End: time.Now()})
	errStop := io.EOF
	err = g.Each(func(gr generate.GeneratedReport) error {
		if gr.Report.Reporter.Kind != reports.ReporterPolice || len(gr.Report.Persons) > 6 || gr.Report.Reporter.Relation != "" {
			return nil
		}
		if err := w.Write(&gr.Report); err != nil {
			return err
		}
		n++
		if n == rows {
			return errStop
		}
		return nil
	})
	if err != nil && err != errStop {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.Logf("%d police rows written", n)

	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := "sqlite:" + filepath.Join(dir, "bench"+strconv.Itoa(i)+".db")
		a, err := openApp(context.Background(), db, newLogger(Env{Getenv: func(string) string { return "" }}, io.Discard))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		// As toren import does: every stored report gets its audit entry.
		ctx := audit.WithRecorder(context.Background(), &audit.Recorder{Template: audit.Entry{ActorID: "system", ActorName: "bench", Role: "import", Origin: "bench"}})
		sum, err := importer.ImportFile(ctx, a.intake, path, importer.Options{BatchSize: 1000, Bad: io.Discard})
		if err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		if sum.Stored != n {
			b.Fatalf("stored %d of %d rows (%d bad)", sum.Stored, n, sum.Bad)
		}
		a.Close()
		b.ReportMetric(float64(n)/elapsed.Seconds(), "rows/s")
		b.ReportMetric(elapsed.Seconds(), "s/import")
		b.StartTimer()
	}
	b.ReportMetric(float64(peakRSS())/(1<<20), "peakRSS-MB")
}

// peakRSS reads the process's peak resident set size from /proc (Linux).
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
