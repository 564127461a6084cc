package intake

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"runtime"
	"sync"
	"testing"
	"time"

	"toren/internal/nl"
	"toren/internal/reports"
	"toren/internal/toren"
)

// groupStore records the transactions it is asked for. Its first call
// waits for release, so that the submissions behind it queue; a report
// described as "weiger" fails its transaction.
type groupStore struct {
	mu      sync.Mutex
	entered chan struct{}
	release chan struct{}
	calls   [][]string // descriptions per transaction
	stored  map[string]bool
}

func (g *groupStore) CreateReport(ctx context.Context, nr NewReport, r Resolver) (bool, error) {
	out, err := g.CreateReports(ctx, []NewReport{nr}, r)
	if err != nil {
		return false, err
	}
	return out[0], nil
}

func (g *groupStore) CreateReports(_ context.Context, nrs []NewReport, _ Resolver) ([]bool, error) {
	g.mu.Lock()
	first := len(g.calls) == 0
	var ds []string
	for _, nr := range nrs {
		ds = append(ds, nr.Report.Description)
	}
	g.calls = append(g.calls, ds)
	g.mu.Unlock()
	if first {
		close(g.entered)
		<-g.release
	}
	for _, nr := range nrs {
		if nr.Report.Description == "weiger" {
			return nil, errors.New("refused")
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, nr := range nrs {
		g.stored[nr.Report.Description] = true
	}
	return make([]bool, len(nrs)), nil
}

func groupReport(desc string) *reports.Report {
	return &reports.Report{Kind: reports.KindReport, Reporter: reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
		ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: desc,
		Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: "Esra", Surname: "Yılmaz", BirthDate: toren.MustDate("1988-09-09")}}}
}

// Requests that arrive while a transaction commits are stored together
// in the next one, and each caller is answered only after its own
// transaction; a report that makes the group's transaction fail fails
// alone, the others are stored.
func TestGroupCommit(t *testing.T) {
	now := time.Date(2026, 11, 23, 3, 12, 0, 0, toren.Amsterdam)
	g := &groupStore{entered: make(chan struct{}), release: make(chan struct{}), stored: map[string]bool{}}
	v := reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: toren.NewFixedClock(now)}
	s := NewService(g, v, nil, toren.NewFixedClock(now), slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()

	type answer struct {
		desc string
		err  error
	}
	answers := make(chan answer, 8)
	submit := func(desc string) {
		_, err := s.Submit(ctx, Submission{Report: groupReport(desc)})
		answers <- answer{desc, err}
	}
	go submit("eerste")
	select {
	case <-g.entered:
	case a := <-answers:
		t.Fatalf("%s: %v", a.desc, a.err)
	}
	later := []string{"twee", "drie", "weiger", "vier"}
	for _, d := range later {
		go submit(d)
	}
	// Wait until all four are queued behind the first transaction.
	for {
		s.mu.Lock()
		n := len(s.queue)
		s.mu.Unlock()
		if n == len(later) {
			break
		}
		select {
		case a := <-answers:
			t.Fatalf("%s answered while the first transaction ran: %v", a.desc, a.err)
		default:
		}
		runtime.Gosched()
	}
	select {
	case a := <-answers:
		t.Fatalf("%s answered before its transaction committed (err %v)", a.desc, a.err)
	default:
	}
	close(g.release)
	got := map[string]error{}
	for range 1 + len(later) {
		a := <-answers
		got[a.desc] = a.err
	}
	for _, d := range []string{"eerste", "twee", "drie", "vier"} {
		if got[d] != nil || !g.stored[d] {
			t.Errorf("%s: err %v, stored %v", d, got[d], g.stored[d])
		}
	}
	if got["weiger"] == nil || g.stored["weiger"] {
		t.Errorf("weiger: err %v, stored %v; want an error and nothing stored", got["weiger"], g.stored["weiger"])
	}
	// The first alone; then the four queued together (which fails); then
	// each of the four alone.
	if len(g.calls) != 6 || len(g.calls[1]) != 4 {
		t.Errorf("transactions %v: want [eerste] [the four] and the four one by one", g.calls)
	}
}

// A caller that gave up while queued gets its context's error and nothing
// is stored for it.
func TestGroupCommitSkipsCancelled(t *testing.T) {
	now := time.Date(2026, 11, 23, 3, 12, 0, 0, toren.Amsterdam)
	g := &groupStore{entered: make(chan struct{}), release: make(chan struct{}), stored: map[string]bool{}}
	v := reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: toren.NewFixedClock(now)}
	s := NewService(g, v, nil, toren.NewFixedClock(now), slog.New(slog.NewTextHandler(io.Discard, nil)))
	done := make(chan error, 2)
	go func() {
		_, err := s.Submit(context.Background(), Submission{Report: groupReport("eerste")})
		done <- err
	}()
	select {
	case <-g.entered:
	case err := <-done:
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		_, err := s.Submit(ctx, Submission{Report: groupReport("opgegeven")})
		done <- err
	}()
	for {
		s.mu.Lock()
		n := len(s.queue)
		s.mu.Unlock()
		if n == 1 {
			break
		}
		runtime.Gosched()
	}
	cancel()
	close(g.release)
	var errs []error
	errs = append(errs, <-done, <-done)
	if !errors.Is(errors.Join(errs...), context.Canceled) || g.stored["opgegeven"] || !g.stored["eerste"] {
		t.Errorf("errors %v, stored %v", errs, g.stored)
	}
}
