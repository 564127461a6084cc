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

	"toren/internal/alerts"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/escalate"
	"toren/internal/nl"
	"toren/internal/persons"
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

// WriteTx runs fn on a transaction that stores nothing but the
// descriptions of its reports; "weiger" fails the commit.
func (g *groupStore) WriteTx(ctx context.Context, fn func(Tx) error, commit func(func() error) error) error {
	tx := &groupTx{}
	if err := fn(tx); err != nil {
		return err
	}
	g.mu.Lock()
	first := len(g.calls) == 0
	g.calls = append(g.calls, tx.descs)
	g.mu.Unlock()
	if first {
		close(g.entered)
		<-g.release
	}
	for _, d := range tx.descs {
		if d == "weiger" {
			return errors.New("refused")
		}
	}
	return commit(func() error {
		g.mu.Lock()
		defer g.mu.Unlock()
		for _, d := range tx.descs {
			g.stored[d] = true
		}
		return nil
	})
}

// groupTx records the descriptions of the reports it is given and hands
// out IDs; it finds no person and no history.
type groupTx struct {
	descs []string
	last  int64
}

func (t *groupTx) id() int64 { t.last++; return t.last }

func (t *groupTx) Candidates(context.Context, CandidateQuery) ([]persons.Person, error) {
	return nil, nil
}
func (t *groupTx) ReportByKey(context.Context, string) (*reports.Report, string, error) {
	return nil, "", nil
}
func (t *groupTx) NextNumber(context.Context, string) (int64, error) { return t.id(), nil }
func (t *groupTx) InsertReport(_ context.Context, nr NewReport) (int64, error) {
	t.descs = append(t.descs, nr.Report.Description)
	return t.id(), nil
}
func (t *groupTx) InsertPerson(context.Context, *persons.Person) (int64, error) { return t.id(), nil }
func (t *groupTx) EnrichPerson(_ context.Context, id int64, _ reports.Mention, _ time.Time) (persons.Person, bool, error) {
	return persons.Person{ID: id}, false, nil
}
func (t *groupTx) InsertMentions(context.Context, *reports.Report, []Link) error { return nil }
func (t *groupTx) InsertReviewItem(context.Context, int64, int64, *ReviewProposal, time.Time) error {
	return nil
}
func (t *groupTx) SignalHistory(context.Context, *reports.Report) (escalate.Signal, escalate.History, error) {
	return escalate.Signal{}, escalate.History{}, nil
}
func (t *groupTx) InsertAlert(_ context.Context, a *alerts.Alert) error { a.ID = t.id(); return nil }
func (t *groupTx) AppendAudit(context.Context, ...audit.Entry) error    { return nil }

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
	worker := authz.Actor{UserID: 7, Name: "Iris de Wit", Roles: []authz.Role{authz.RoleIntake}}

	type answer struct {
		desc string
		err  error
	}
	answers := make(chan answer, 8)
	submit := func(desc string) {
		_, err := s.Submit(ctx, worker, Submission{Report: groupReport(desc)})
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
	worker := authz.Actor{UserID: 7, Name: "Iris de Wit", Roles: []authz.Role{authz.RoleIntake}}
	done := make(chan error, 2)
	go func() {
		_, err := s.Submit(context.Background(), worker, Submission{Report: groupReport("eerste")})
		done <- err
	}()
	select {
	case <-g.entered:
	case err := <-done:
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		_, err := s.Submit(ctx, worker, Submission{Report: groupReport("opgegeven")})
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
