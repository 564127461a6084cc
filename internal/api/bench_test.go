package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkCreateReport posts a valid report with two persons through the
// mux into SQLite (synchronous=FULL: one fsync per report).
func BenchmarkCreateReport(b *testing.B) {
	e := newEnv(b)
	body := encode(b, validReport())
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/reports", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		e.mux.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkCreateReportHTTP does the same over loopback HTTP with parallel
// clients, so the single SQLite writer is the queue.
func BenchmarkCreateReportHTTP(b *testing.B) {
	e := newEnv(b)
	srv := httptest.NewServer(e.mux)
	defer srv.Close()
	body := encode(b, validReport())
	client := srv.Client()
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := client.Post(srv.URL+"/api/v1/reports", "application/json", strings.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			res.Body.Close()
			if res.StatusCode != http.StatusCreated {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
