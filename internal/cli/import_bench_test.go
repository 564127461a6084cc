package cli

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/authz"
	"toren/internal/importer"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/nl"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

// BenchmarkImportPolice imports generated police reports from a CSV file
// into a fresh SQLite database as `toren import` does: the radar resolves
// every person from its in-memory index, in batches of 1,000 rows per
// transaction, each report with its audit entry. TOREN_BENCH_ROWS sets
// the number of rows (default 100000; the target is 1,000,000 in under two
// minutes and under 500 MB). Besides rows/s it reports the peak resident
// memory of the process (VmHWM, including the generator's pass that writes
// the file beforehand), how the persons were resolved, and how long the
// start-up load of the radar's index takes on the registry the import
// left (load-s). TOREN_BENCH_POSTGRES=1 imports into a fresh schema of
// TOREN_TEST_POSTGRES instead; round-trips/row counts the waits of the
// write transactions on the database (store.DB.WriteRoundTrips).
// cpu-µs/row is the CPU time of this process during the import (the
// radar's look-ahead and the garbage collector included), pg-cpu-µs/row
// that of the PostgreSQL backends serving the database (backendCPU: the
// server on this machine, the benchmark alone on its database).
func BenchmarkImportPolice(b *testing.B) { benchImport(b, true) }

// BenchmarkImportPoliceExact is the same with the exact SQL resolver that
// `toren import` used before the radar was wired in, for comparison.
func BenchmarkImportPoliceExact(b *testing.B) { benchImport(b, false) }

func benchImport(b *testing.B, radar bool) {
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
	quiet := slog.New(slog.DiscardHandler)

	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ctx := context.Background()
		cfg := apptest.Config(dir)
		cfg.DB = "sqlite:" + filepath.Join(dir, "bench"+strconv.Itoa(i)+".db")
		if os.Getenv("TOREN_BENCH_POSTGRES") != "" {
			// A fresh schema in TOREN_TEST_POSTGRES instead.
			cfg.DB = storetest.PostgresSchema(b)
		}
		// With the radar: the app as toren import wires it. Without: the
		// same intake over exact look-ups, to measure what the radar costs.
		var svc *intake.Service
		var db *store.DB
		closeDB := func() { db.Close() }
		if radar {
			a, err := app.New(ctx, cfg, quiet)
			if err != nil {
				b.Fatal(err)
			}
			// The app is closed as a whole: its background work (the
			// radar's following) ends before its database does.
			svc, db, closeDB = a.Intake(), a.Store(), func() { a.Close() }
		} else {
			var err error
			if db, err = app.OpenStore(ctx, cfg.DB, quiet); err != nil {
				b.Fatal(err)
			}
			mun, err := nl.LoadMunicipalities()
			if err != nil {
				b.Fatal(err)
			}
			svc = intake.NewService(db, reports.Validator{Municipalities: mun, Clock: toren.SystemClock{}}, intaketest.ExactResolver{}, toren.SystemClock{}, quiet)
		}
		var pg *backendCPU
		if strings.HasPrefix(cfg.DB, "postgres") {
			pg = startBackendCPU(b, cfg.DB)
		}
		cpu0 := processCPU(b)
		b.StartTimer()
		start := time.Now()
		// As toren import does: the operator at the console, every stored
		// report with its audit entry.
		sum, err := importer.ImportFile(ctx, authz.Console("bench"), svc, path, importer.Options{BatchSize: 1000, Bad: io.Discard})
		if err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		b.ReportMetric(float64((processCPU(b)-cpu0).Microseconds())/float64(n), "cpu-µs/row")
		if pg != nil {
			b.ReportMetric(float64(pg.Stop().Microseconds())/float64(n), "pg-cpu-µs/row")
		}
		if sum.Stored != n {
			b.Fatalf("stored %d of %d rows (%d bad)", sum.Stored, n, sum.Bad)
		}
		reportLinks(b, db)
		b.ReportMetric(float64(db.WriteRoundTrips())/float64(n), "round-trips/row")
		closeDB()
		b.ReportMetric(float64(n)/elapsed.Seconds(), "rows/s")
		b.ReportMetric(elapsed.Seconds(), "s/import")
		if radar {
			// Start-up: open the filled database and load the index again.
			t0 := time.Now()
			a, err := app.New(ctx, cfg, quiet)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(time.Since(t0).Seconds(), "load-s")
			b.ReportMetric(float64(a.Radar().Len()), "index-records")
			a.Close()
		}
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
