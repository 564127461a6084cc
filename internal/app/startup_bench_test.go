package app_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/demo/generate"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/store"
	"toren/internal/toren"
)

// BenchmarkStartup measures how long `toren serve` takes over a registry
// of TOREN_BENCH_PERSONS generated persons (default 1,000,000; each
// mention of the generator's reports stored as its own person, as an
// import without resolution would) until it answers a request (the
// sign-in page: s-to-answer) and until the radar's index holds the whole
// registry (s-to-index). The registry is built once, untimed; with
// TOREN_BENCH_DB set to a file it is kept there and used again.
func BenchmarkStartup(b *testing.B) {
	want := 1_000_000
	if s := os.Getenv("TOREN_BENCH_PERSONS"); s != "" {
		var err error
		if want, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	path := os.Getenv("TOREN_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "registry.db")
	}
	dsn := "sqlite:" + path
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		db, err := store.Open(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		n := fillRegistry(b, db, want)
		db.Close()
		b.Logf("registry of %d persons built in %s", n, time.Since(start).Round(time.Second))
	}
	cfg := apptest.Config(b.TempDir())
	cfg.DB, cfg.RadarInBackground = dsn, true
	b.ResetTimer()
	var answer, index time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		a, err := app.New(ctx, cfg, cfg.Logger(io.Discard))
		if err != nil {
			b.Fatal(err)
		}
		srv := httptest.NewServer(a.Handler())
		resp, err := http.Get(srv.URL + "/inloggen")
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("sign-in page: %d", resp.StatusCode)
		}
		answer = time.Since(start)
		for !a.Radar().Ready() {
			time.Sleep(10 * time.Millisecond)
		}
		index = time.Since(start)
		srv.Close()
		a.Close()
	}
	b.StopTimer()
	b.ReportMetric(answer.Seconds(), "s-to-answer")
	b.ReportMetric(index.Seconds(), "s-to-index")
	b.ReportMetric(float64(countPersons(b, dsn)), "persons")
}

// countPersons counts the registry's persons.
func countPersons(b *testing.B, dsn string) int64 {
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	_, _, n, err := db.Counts(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return n
}

var errEnough = errors.New("enough persons")

func fillRegistry(b *testing.B, db *store.DB, want int) int {
	end := time.Date(2026, 1, 1, 0, 0, 0, 0, toren.Amsterdam)
	g := generate.New(generate.Config{Families: min(want/3+1000, generate.MaxFamilies), Years: 10, Seed: 7, End: end})
	n := 0
	var batch []intake.NewReport
	flush := func() {
		if _, err := (intake.Steps{Store: db}).Register(intaketest.Audited(context.Background()), batch...); err != nil {
			b.Fatal(err)
		}
		batch = batch[:0]
	}
	err := g.Each(func(gr generate.GeneratedReport) error {
		r := gr.Report
		if n+len(r.Persons) > want {
			r.Persons = r.Persons[:want-n]
		}
		r.RegisteredAt = r.ReceivedAt
		batch = append(batch, intake.NewReport{Report: &r})
		n += len(r.Persons)
		if len(batch) == 1000 {
			flush()
		}
		if n == want {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		b.Fatal(err)
	}
	flush()
	return n
}
