package importer

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"runtime"
	"testing"

	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/nl"
	"toren/internal/reports"
	"toren/internal/toren"
)

const benchRows = 10_000

// benchImport imports the same file b.N times and reports rows/s and
// bytes allocated per row.
func benchImport(b *testing.B, s Submitter, file []byte, format Format) {
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		sum, err := Import(context.Background(), authz.Console("test"), s, bytes.NewReader(file), Options{Format: format})
		if err != nil || sum.Rows != benchRows || sum.Bad != 0 {
			b.Fatalf("summary %+v, err %v", sum, err)
		}
	}
	runtime.ReadMemStats(&after)
	rows := float64(benchRows) * float64(b.N)
	b.ReportMetric(rows/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/rows, "B/row")
}

// BenchmarkParse measures reading alone: the submitter does nothing.
func BenchmarkParse(b *testing.B) {
	rs := testReports(benchRows)
	b.Run("csv", func(b *testing.B) { benchImport(b, discard{}, []byte(csvFile(b, rs)), FormatCSV) })
	b.Run("jsonl", func(b *testing.B) { benchImport(b, discard{}, []byte(jsonlFile(b, rs)), FormatJSONL) })
}

// BenchmarkParseAndValidate adds what intake does before storage
// (normalising, validating, hashing for idempotency, resolving against an
// empty registry): the import's whole cost outside the database.
func BenchmarkParseAndValidate(b *testing.B) {
	rs := testReports(benchRows)
	clock := toren.NewFixedClock(testNow)
	store := &intaketest.MemStore{}
	svc := intake.NewService(store, reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: clock},
		intaketest.ExactResolver{}, clock, slog.New(slog.NewTextHandler(io.Discard, nil)))
	b.Run("csv", func(b *testing.B) { benchImport(b, svc, []byte(csvFile(b, rs)), FormatCSV) })
}
