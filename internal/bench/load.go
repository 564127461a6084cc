package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"toren/internal/api"
	"toren/internal/demo/generate"
	"toren/internal/reports"
)

// Body is one request to send: the path, the JSON body and its
// idempotency key.
type Body struct {
	Path string
	JSON []byte
	Key  string
	// Known is true when the report's family was reported before in this
	// stream, so some of its persons are already in the registry.
	Known bool
}

// Families streams the generator's synthetic Dutch families (four to
// five persons a report, about two reports a family over the years, in
// order of receipt) as API requests into the returned channel, until ctx
// ends or the families run out. prefix makes the idempotency keys of one
// run distinct from another's on the same database.
func Families(ctx context.Context, families int, seed uint64, end time.Time, prefix string) (<-chan Body, <-chan error) {
	out := make(chan Body, 4096)
	errc := make(chan error, 1)
	go func() {
		defer close(out)
		g := generate.New(generate.Config{Families: families, Years: 10, Seed: seed, End: end})
		seen := make(map[int]bool, families)
		errc <- g.Each(func(gr generate.GeneratedReport) error {
			r := gr.Report
			path := "/api/v1/reports"
			if r.Kind == reports.KindAdvice {
				path = "/api/v1/advice-requests"
			}
			b, err := api.ReportRequest(&r)
			if err != nil {
				return err
			}
			body := Body{Path: path, JSON: b, Key: prefix + gr.Key, Known: seen[gr.Family]}
			seen[gr.Family] = true
			select {
			case out <- body:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	return out, errc
}

// Client is a signed-in API client.
type Client struct {
	HTTP *http.Client
	Base string
	CSRF string
	// Token is an API client's bearer token; set, it is sent instead of
	// the session's CSRF token (the HTTP client then has no cookies).
	Token string
}

// Load is what a run measured.
type Load struct {
	Clients   int
	Reports   int // acknowledged (201)
	Known     int // of which about a family reported before
	Failures  int
	FirstFail string
	Elapsed   time.Duration
	Latencies []time.Duration // sorted
}

// PerSecond is the acknowledged reports per second.
func (l Load) PerSecond() float64 {
	if l.Elapsed <= 0 {
		return 0
	}
	return float64(l.Reports) / l.Elapsed.Seconds()
}

// Percentile returns the p-th percentile latency (0 < p <= 100).
func (l Load) Percentile(p float64) time.Duration {
	if len(l.Latencies) == 0 {
		return 0
	}
	i := int(float64(len(l.Latencies))*p/100+0.5) - 1
	return l.Latencies[min(max(i, 0), len(l.Latencies)-1)]
}

// Drive posts bodies with clients concurrent clients for d (or until the
// bodies run out) and returns what was acknowledged and how fast.
func Drive(ctx context.Context, c Client, clients int, bodies <-chan Body, d time.Duration) Load {
	var mu sync.Mutex
	out := Load{Clients: clients}
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for range clients {
		wg.Go(func() {
			var lat []time.Duration
			var n, known, fails int
			var first string
			for time.Now().Before(deadline) && ctx.Err() == nil {
				b, ok := <-bodies
				if !ok {
					break
				}
				t0 := time.Now()
				code, msg := c.post(ctx, b)
				if code != http.StatusCreated {
					fails++
					if first == "" {
						first = fmt.Sprintf("%d %s", code, msg)
					}
					continue
				}
				lat = append(lat, time.Since(t0))
				n++
				if b.Known {
					known++
				}
			}
			mu.Lock()
			out.Reports += n
			out.Known += known
			out.Failures += fails
			if out.FirstFail == "" {
				out.FirstFail = first
			}
			out.Latencies = append(out.Latencies, lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	out.Elapsed = time.Since(start)
	slices.Sort(out.Latencies)
	return out
}

func (c Client) post(ctx context.Context, b Body) (int, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+b.Path, bytes.NewReader(b.JSON))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	} else {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	req.Header.Set("Idempotency-Key", b.Key)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusCreated {
		io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, ""
	}
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	return resp.StatusCode, strings.TrimSpace(string(msg))
}

// LoadAverage returns /proc/loadavg's first three fields ("" elsewhere).
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// WriteBytes returns the bytes process pid caused to be written to
// storage so far (/proc/PID/io write_bytes), or -1 when unknown. The
// kernel counts a page of its page cache each time the process makes one
// dirty, and on Linux 6.18 with ext4 a page of the cache may be a large
// folio (up to megabytes, made by sequential reads or a copy of the file):
// a 2 KiB page SQLite writes into such a folio then counts as the whole
// folio. WriteCalls is the bytes the process handed to write calls.
func WriteBytes(pid int) int64 { return procIO(pid, "write_bytes: ") }

// WriteCalls returns the bytes process pid passed to write system calls
// so far (/proc/PID/io wchar): the pages SQLite writes to the database and
// its WAL, but also what it writes to sockets and pipes. Unlike
// WriteBytes it does not depend on how the page cache holds the file.
func WriteCalls(pid int) int64 { return procIO(pid, "wchar: ") }

// procIO reads one counter of /proc/PID/io, -1 when unknown.
func procIO(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			var n int64
			if _, err := fmt.Sscan(v, &n); err == nil {
				return n
			}
		}
	}
	return -1
}

// CPUTime returns the user and system CPU time the process pid has used
// (from /proc/PID/stat), or -1 where it cannot be read. CPU time per
// report says more than reports/s on a shared machine: other work slows
// the clock, not the instructions a report takes.
func CPUTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// The command name (field 2) may hold spaces; the fields after its
	// closing parenthesis are fixed: utime and stime are the 12th and
	// 13th of them, in clock ticks (100 a second on Linux).
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return -1
	}
	var ut, st int64
	if _, err := fmt.Sscan(f[11], &ut); err != nil {
		return -1
	}
	if _, err := fmt.Sscan(f[12], &st); err != nil {
		return -1
	}
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// PeakRSS returns the largest resident set size process pid has had
// (/proc/PID/status VmHWM) in bytes, or -1 where it cannot be read.
func PeakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb); err == nil {
				return kb << 10
			}
		}
	}
	return -1
}

// Metric returns the value of the unlabelled metric name on the server's
// /metrics page, or -1 when the page or the metric is not there.
func Metric(ctx context.Context, c Client, name string) float64 {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+"/metrics", nil)
	if err != nil {
		return -1
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil || resp.StatusCode != http.StatusOK {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			var f float64
			if _, err := fmt.Sscan(v, &f); err == nil {
				return f
			}
		}
	}
	return -1
}
