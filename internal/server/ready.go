package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Readier reports whether the database can take a durable write now.
type Readier interface {
	Ready(ctx context.Context) error
}

// writeFailureCounter is what a Readier may also offer: writes refused
// because the storage was down, for /metrics.
type writeFailureCounter interface {
	WriteFailures() uint64
}

// roundTripCounter is what a Readier may also offer: how often write
// transactions waited on the database, for /metrics (and toren bench).
type roundTripCounter interface {
	WriteRoundTrips() uint64
}

// readiness keeps the outcome of the last write probe. /readyz answers
// from it while it is fresh, so a load balancer polling every second does
// not make a commit a second per instance; a background loop keeps it
// fresh and logs a failing database once a minute, not once per request.
type readiness struct {
	probe  Readier
	log    *slog.Logger
	maxAge time.Duration
	// logEvery bounds how often a lasting failure is logged.
	logEvery time.Duration

	mu       sync.Mutex
	checked  time.Time
	err      error
	down     time.Time // when the current failure began; zero when ready
	loggedAt time.Time
	failed   int // probes failed since the last log line
}

func newReadiness(probe Readier, log *slog.Logger, reg prometheus.Registerer) *readiness {
	r := &readiness{probe: probe, log: log, maxAge: 5 * time.Second, logEvery: time.Minute}
	if wf, ok := probe.(writeFailureCounter); ok && reg != nil {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "toren_db_write_failures_total",
			Help: "Writes refused because the database could not store anything (full disk, I/O error, read-only).",
		}, func() float64 { return float64(wf.WriteFailures()) }))
	}
	if rt, ok := probe.(roundTripCounter); ok && reg != nil {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "toren_db_write_round_trips_total",
			Help: "Times write transactions waited on the database: begin, each statement or batch, commit.",
		}, func() float64 { return float64(rt.WriteRoundTrips()) }))
	}
	if reg != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "toren_ready",
			Help: "1 when the last readiness probe could write to the database, else 0.",
		}, func() float64 {
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.err != nil {
				return 0
			}
			return 1
		}))
	}
	return r
}

// check returns the readiness, probing when the last outcome is stale.
func (r *readiness) check(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	if !r.checked.IsZero() && now.Sub(r.checked) < r.maxAge {
		return r.err
	}
	pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	err := r.probe.Ready(pctx)
	r.checked, r.err = now, err
	switch {
	case err != nil && r.down.IsZero():
		r.down, r.failed = now, 1
		r.loggedAt = now
		r.log.Error("database cannot take writes: every write fails until this is fixed (full disk? read-only file system?)", "err", err)
	case err != nil:
		r.failed++
		if now.Sub(r.loggedAt) >= r.logEvery {
			r.log.Error("database still cannot take writes", "since", r.down.UTC().Format(time.RFC3339), "failed_probes", r.failed, "err", err)
			r.loggedAt, r.failed = now, 0
		}
	case !r.down.IsZero():
		r.log.Info("database takes writes again", "down_for", now.Sub(r.down).Round(time.Second))
		r.down = time.Time{}
	}
	return err
}

// watch probes at every interval until ctx ends, so that the log and the
// metrics show a failing database even when nobody asks /readyz.
func (r *readiness) watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = r.check(ctx)
		}
	}
}

// handler answers /readyz: 200 when the database takes writes, else 503.
// The cause goes to the log, never to the caller.
func (r *readiness) handler(w http.ResponseWriter, req *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := r.check(req.Context()); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "not ready: the database cannot take writes")
		return
	}
	fmt.Fprintln(w, "ready")
}
