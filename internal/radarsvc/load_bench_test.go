package radarsvc_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"toren/internal/demo/generate"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/radarsvc"
	"toren/internal/store"
)

// BenchmarkLoad builds the radar's index from a registry of generated
// persons (TOREN_BENCH_PERSONS, default 100,000; each mention of the
// generator's reports stored as its own person, as an import without
// resolution would), and reports the load time and the Go heap the index
// takes per person. The registry is built once, untimed.
func BenchmarkLoad(b *testing.B) {
	want := 100_000
	if s := os.Getenv("TOREN_BENCH_PERSONS"); s != "" {
		var err error
		if want, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(b.TempDir(), "registry.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	n := fillRegistry(b, db, want)
	b.Logf("registry of %d persons built in %s", n, time.Since(start).Round(time.Second))

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	var st radarsvc.LoadStats
	for i := 0; i < b.N; i++ {
		res, err := radarsvc.NewDefault(nil)
		if err != nil {
			b.Fatal(err)
		}
		if st, err = res.Load(ctx, db); err != nil {
			b.Fatal(err)
		}
		runtime.KeepAlive(res)
	}
	b.StopTimer()
	b.ReportMetric(float64(st.Persons), "persons")
	b.ReportMetric(st.Duration.Seconds(), "s/load")
	b.ReportMetric(float64(st.HeapBytes-before.HeapAlloc)/float64(st.Persons), "heap-B/person")
	b.ReportMetric(float64(st.HeapBytes-before.HeapAlloc)/(1<<20), "heap-MB")
}

var errEnough = errors.New("enough persons")

func fillRegistry(b *testing.B, db *store.DB, want int) int {
	g := generate.New(generate.Config{Families: min(want/3+1000, generate.MaxFamilies), Years: 10, Seed: 7, End: now})
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
