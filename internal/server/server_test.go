package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"toren/internal/httpx"

	"toren/internal/observe"
)

type part func(mux *httpx.Router)

func (p part) Register(mux *httpx.Router) { p(mux) }

type pinger struct{ err error }

func (p pinger) Ping(context.Context) error { return p.err }

func newServer(health error, parts ...Mounter) *Server {
	return New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: observe.NewMetrics(), Health: pinger{health}, Parts: parts})
}

func TestHealthz(t *testing.T) {
	for _, tt := range []struct {
		err  error
		code int
	}{{nil, 200}, {errors.New("down"), 503}} {
		rec := httptest.NewRecorder()
		newServer(tt.err).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		if rec.Code != tt.code {
			t.Errorf("healthz with ping error %v: %d, want %d", tt.err, rec.Code, tt.code)
		}
		if strings.Contains(rec.Body.String(), "down") {
			t.Error("health check leaks the internal error")
		}
	}
}

func TestMetricsCountRoutesByPattern(t *testing.T) {
	s := newServer(nil, part(func(mux *httpx.Router) {
		mux.HandleFunc("GET /things/{id}", func(w http.ResponseWriter, r *http.Request) {})
	}))
	for _, id := range []string{"1", "2", "3"} {
		s.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/things/"+id, nil))
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	want := `toren_http_requests_total{code="200",method="GET",route="GET /things/{id}"} 3`
	if !strings.Contains(body, want) {
		t.Errorf("metrics lack %q", want)
	}
	if !strings.Contains(body, "toren_http_request_duration_seconds_bucket") {
		t.Error("no latency histogram")
	}
	if strings.Contains(body, "/things/1") {
		t.Error("raw paths leak into metric labels")
	}
}

func TestPanicIsHiddenFromUser(t *testing.T) {
	s := newServer(nil, part(func(mux *httpx.Router) {
		mux.HandleFunc("GET /boom", func(w http.ResponseWriter, r *http.Request) { panic("SELECT secret FROM persons") })
	}))
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "SELECT") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Errorf("panic answer %d %q", rec.Code, rec.Body.String())
	}
}

func TestSecurityHeaders(t *testing.T) {
	rec := httptest.NewRecorder()
	newServer(nil).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	csp := rec.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP = %q", csp)
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Referrer-Policy") == "" {
		t.Errorf("headers = %v", rec.Header())
	}
	if rec.Header().Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent over plain HTTP")
	}
}

// A stop signal while a request is being served lets that request finish.
func TestGracefulShutdownFinishesRequestsInFlight(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	s := newServer(nil, part(func(mux *httpx.Router) {
		mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
			close(started)
			<-release
			io.WriteString(w, "finished")
		})
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()

	type answer struct {
		body string
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			got <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- answer{string(b), err}
	}()
	<-started
	cancel() // the stop signal arrives while /slow is in flight
	select {
	case err := <-served:
		t.Fatalf("server stopped before the request finished: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	a := <-got
	if a.err != nil || a.body != "finished" {
		t.Fatalf("in-flight request: %q, %v", a.body, a.err)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve after shutdown: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("server still takes new requests after shutdown")
	}
}
