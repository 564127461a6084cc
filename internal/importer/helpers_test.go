package importer

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/nl"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// testNow is the clock of the tests: received_at after it is "in the future".
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, toren.Amsterdam)

// newTestService returns the real intake service over an in-memory store,
// so the tests see the validator's real field errors and the real
// idempotency behaviour. The end-to-end test against SQLite lives with the CLI.
func newTestService(t testing.TB) (*intake.Service, *memStore) {
	t.Helper()
	store := &memStore{keys: map[string]memEntry{}}
	clock := toren.NewFixedClock(testNow)
	v := reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: clock}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return intake.NewService(store, v, intaketest.ExactResolver{}, clock, log), store
}

type memEntry struct {
	hash   string
	report reports.Report
}

// memStore is an intake.Store in memory with the transactional and
// idempotency behaviour of the SQL stores: a batch is stored whole or not
// at all, a known key with the same hash replays, with another hash it is
// a conflict.
type memStore struct {
	mu      sync.Mutex
	keys    map[string]memEntry
	nextID  int64
	batches int
	fail    error // when set, CreateReports fails with it
}

func (s *memStore) CreateReport(ctx context.Context, nr intake.NewReport, _ intake.Resolver) (bool, error) {
	res, err := s.CreateReports(ctx, []intake.NewReport{nr}, nil)
	if err != nil {
		return false, err
	}
	return res[0], nil
}

func (s *memStore) CreateReports(_ context.Context, nrs []intake.NewReport, _ intake.Resolver) ([]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches++
	if s.fail != nil {
		return nil, s.fail
	}
	staged := map[string]memEntry{}
	replayed := make([]bool, len(nrs))
	id := s.nextID
	for i, nr := range nrs {
		e, ok := staged[nr.IdempotencyKey]
		if !ok {
			e, ok = s.keys[nr.IdempotencyKey]
		}
		if ok {
			if e.hash != nr.RequestHash {
				return nil, fmt.Errorf("store: report %d of %d: %w", i+1, len(nrs),
					toren.Errorf(toren.CodeConflict, "idempotency key %q was used before for a different report", nr.IdempotencyKey))
			}
			*nr.Report = e.report
			replayed[i] = true
			continue
		}
		id++
		nr.Report.ID = id
		nr.Report.Number = fmt.Sprintf("M-2026-%06d", id)
		staged[nr.IdempotencyKey] = memEntry{nr.RequestHash, *nr.Report}
	}
	for k, e := range staged {
		s.keys[k] = e
	}
	s.nextID = id
	return replayed, nil
}

func (s *memStore) stored() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.keys)
}

func (s *memStore) PersonsByBSN(context.Context, string) ([]persons.Person, error) { return nil, nil }

func (s *memStore) PersonsByNameAndBirthDate(context.Context, string, toren.Date) ([]persons.Person, error) {
	return nil, nil
}

// recorder is a Submitter that stores nothing and keeps a copy of what it
// was given, as parsed: for the parsing and round-trip tests.
type recorder struct {
	got []reports.Report
}

func (r *recorder) SubmitBatch(_ context.Context, subs []intake.Submission) ([]intake.Result, []error, error) {
	for _, s := range subs {
		c := *s.Report
		c.Persons = append([]reports.Mention(nil), s.Report.Persons...)
		r.got = append(r.got, c)
	}
	return make([]intake.Result, len(subs)), make([]error, len(subs)), nil
}

// discard is the cheapest Submitter, for the parsing benchmarks.
type discard struct{}

func (discard) SubmitBatch(_ context.Context, subs []intake.Submission) ([]intake.Result, []error, error) {
	return make([]intake.Result, len(subs)), make([]error, len(subs)), nil
}

// testReport returns a valid police report number i. Every third report
// names more persons, and the values vary so a round trip sees all columns.
func testReport(i int) reports.Report {
	age := 4 + i%10
	r := reports.Report{
		Kind:       reports.KindReport,
		Channel:    reports.ChannelImport,
		ReceivedAt: time.Date(2025, time.Month(1+i%12), 1+i%28, 8+i%12, i%60, 0, 0, toren.Amsterdam),
		Reporter: reports.Reporter{
			Kind:         reports.ReporterPolice,
			Name:         "Agent J. de Vries",
			Organisation: "Politie Eenheid Amsterdam, basisteam Centrum",
			Function:     "wijkagent",
			Phone:        "0900-8844",
			Email:        "meldingen@politie.example",
		},
		ExternalRef:     fmt.Sprintf("PL1300-2025%07d", i),
		Acute:           i%5 == 0,
		ChildrenPresent: []reports.Tri{reports.Yes, reports.No, reports.Unknown}[i%3],
		ViolenceTypes:   []reports.ViolenceType{reports.TypePartner, reports.TypeWitnessingDomestic},
		Natures:         []reports.Nature{reports.NaturePhysicalAbuse},
		Municipality:    "GM0363",
		Description:     fmt.Sprintf("Melding %d: ruzie in woning, \"buren\" belden; kinderen,\nin de kamer.", i),
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Anna Maria", Surname: "Jansen", Sex: reports.SexFemale,
				BirthDate: toren.NewDate(1985, 5, 1+i%28), BSN: "111222333", Street: "Damrak", HouseNumber: "12-2",
				Postcode: "1012 LG", City: "Amsterdam", Municipality: "GM0363", Phone: "0612345678"},
			{Role: reports.RolePerpetrator, FirstNames: "Pieter", Particle: "van der", Surname: "Berg", Sex: reports.SexMale,
				BirthDate: toren.NewDate(1983, 11, 3)},
		},
	}
	if i%3 == 0 {
		r.Persons = append(r.Persons, reports.Mention{Role: reports.RoleChild, Initials: "L.", Surname: "Berg", Particle: "van der", Age: &age})
	}
	return r
}

// testReports returns n valid police reports.
func testReports(n int) []reports.Report {
	rs := make([]reports.Report, n)
	for i := range rs {
		rs[i] = testReport(i)
	}
	return rs
}

// csvFile writes reports as CSV for a test.
func csvFile(t testing.TB, rs []reports.Report) string {
	t.Helper()
	var b strings.Builder
	if err := WriteCSV(&b, rs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func jsonlFile(t testing.TB, rs []reports.Report) string {
	t.Helper()
	var b strings.Builder
	if err := WriteJSONL(&b, rs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
