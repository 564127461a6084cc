// Package observe holds Toren's operational signals: Prometheus metrics
// and the HTTP middleware that records them and logs each request.
package observe

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"
	"toren/internal/httpx"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics owns a registry of its own (not the global default), so that
// several servers in one test process do not share counters.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inflight prometheus.Gauge
}

// NewMetrics registers Toren's HTTP metrics plus the Go runtime and
// process collectors.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "toren_http_requests_total",
			Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "toren_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "toren_http_requests_in_flight",
			Help: "HTTP requests being served.",
		}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.inflight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry lets other packages add their own collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Middleware counts and times every request by its route pattern (never
// by raw path, which would carry IDs and explode the label space) and
// logs it.
//
// route names the request's route pattern; it is asked before the request
// is served, because middleware further in may pass a copy of the request
// to the router.
func (m *Metrics) Middleware(log *slog.Logger, route func(*http.Request) string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.inflight.Inc()
		defer m.inflight.Dec()
		rec := httpx.NewStatusWriter(w)
		pattern := route(r)
		if pattern == "" {
			pattern = "unmatched"
		}
		next.ServeHTTP(rec, r)
		elapsed := time.Since(start)
		m.requests.WithLabelValues(pattern, r.Method, strconv.Itoa(rec.Status)).Inc()
		m.duration.WithLabelValues(pattern, r.Method).Observe(elapsed.Seconds())
		level := slog.LevelInfo
		if rec.Status >= 500 {
			level = slog.LevelError
		}
		log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method), slog.String("route", pattern), slog.Int("status", rec.Status),
			slog.Duration("duration", elapsed), slog.Int64("bytes", rec.Bytes))
	})
}
