package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"toren/internal/importer"

	"toren/internal/access"
	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/search"
	"toren/internal/toren"
)

// secretFailure stands for an internal error text that must never reach a client.
const secretFailure = "disk on fire at /var/lib/toren/secret.db"

var errSecret = errors.New(secretFailure)

type failingIntake struct{}

func (failingIntake) Submit(context.Context, intake.Submission) (intake.Result, error) {
	return intake.Result{}, fmt.Errorf("intake: store report: %w", errSecret)
}

type failingReader struct{}

func (failingReader) GetReport(context.Context, int64) (*reports.Report, error) {
	return nil, errSecret
}
func (failingReader) GetReportByNumber(context.Context, string) (*reports.Report, error) {
	return nil, errSecret
}
func (failingReader) ListReports(context.Context, reports.Filter) ([]reports.Summary, error) {
	return nil, errSecret
}
func (failingReader) GetPerson(context.Context, int64) (persons.Person, error) {
	return persons.Person{}, errSecret
}
func (failingReader) ListPersons(context.Context, persons.Filter) ([]persons.Person, error) {
	return nil, errSecret
}
func (failingReader) MentionsOfPerson(context.Context, int64) ([]intake.PersonMention, error) {
	return nil, errSecret
}
func (failingReader) SearchPersons(context.Context, search.Query) (search.Result, error) {
	return search.Result{}, errSecret
}

// memStore is an intake.Store that only counts what it is asked to store;
// the fuzzer uses it because a real database is too slow per input.
type memStore struct {
	mu     sync.Mutex
	stored int
}

func (m *memStore) CreateReport(ctx context.Context, nr intake.NewReport, res intake.Resolver) (bool, error) {
	r, err := m.CreateReports(ctx, []intake.NewReport{nr}, res)
	if err != nil {
		return false, err
	}
	return r[0], nil
}

func (m *memStore) CreateReports(ctx context.Context, nrs []intake.NewReport, res intake.Resolver) ([]bool, error) {
	for _, nr := range nrs {
		for i := range nr.Report.Persons {
			if _, err := res.Resolve(ctx, m, nr.Report.Persons[i]); err != nil {
				return nil, err
			}
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, nr := range nrs {
		m.stored++
		nr.Report.ID = int64(m.stored)
		nr.Report.Number = fmt.Sprintf("M-2026-%06d", m.stored)
		nr.Report.Version = 1
		for i := range nr.Report.Persons {
			nr.Report.Persons[i].ID = int64(m.stored*100 + i)
			nr.Report.Persons[i].PersonID = int64(m.stored*100 + i)
		}
	}
	return make([]bool, len(nrs)), nil
}

func (m *memStore) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stored
}

func (*memStore) Candidates(context.Context, intake.CandidateQuery) ([]persons.Person, error) {
	return nil, nil
}

type failingRegistry struct{}

func (failingRegistry) ReviewItems(context.Context, authz.Actor, registry.ReviewQuery) ([]registry.ReviewView, error) {
	return nil, errSecret
}
func (failingRegistry) ReviewItem(context.Context, authz.Actor, int64) (registry.ReviewView, error) {
	return registry.ReviewView{}, errSecret
}
func (failingRegistry) Decide(context.Context, authz.Actor, int64, registry.Decision) (registry.ReviewItem, error) {
	return registry.ReviewItem{}, errSecret
}
func (failingRegistry) Merge(context.Context, authz.Actor, int64, registry.MergeInput) (registry.Merge, error) {
	return registry.Merge{}, errSecret
}
func (failingRegistry) Unmerge(context.Context, authz.Actor, int64, registry.UnmergeInput) (registry.Merge, error) {
	return registry.Merge{}, errSecret
}
func (failingRegistry) MergeStatus(context.Context, int64) (registry.MergeStatus, error) {
	return registry.MergeStatus{}, errSecret
}

// fakeStatuses knows report 1 as sent by the caller; every other report is
// not the caller's (404). The rule itself is tested end to end.
type fakeStatuses struct{}

func (fakeStatuses) ReportStatus(_ context.Context, id int64) (access.ReportStatus, error) {
	if id != 1 {
		return access.ReportStatus{}, toren.Errorf(toren.CodeNotFound, "report %d not found", id)
	}
	return access.ReportStatus{ID: 1, Number: "M-2026-000001", Kind: reports.KindReport, ReceivedAt: now, Status: access.StatusInTriage}, nil
}

type failingStatuses struct{}

func (failingStatuses) ReportStatus(context.Context, int64) (access.ReportStatus, error) {
	return access.ReportStatus{}, errors.New("database is down")
}

// fakeBatches reads the whole body and knows batch 1 only; the batch
// rules are tested end to end (batches_e2e_test.go).
type fakeBatches struct{}

func (fakeBatches) Run(_ context.Context, _ authz.Actor, r io.Reader) (importer.Batch, error) {
	if _, err := io.ReadAll(r); err != nil {
		return importer.Batch{}, fmt.Errorf("importer: %w", err)
	}
	return importer.Batch{ID: 1, CreatedAt: now, Lines: []importer.LineResult{{Line: 1, Outcome: importer.LineStored, ReportID: 1, Number: "M-2026-000001"}},
		Summary: importer.Summary{Rows: 1, Stored: 1}}, nil
}

func (f fakeBatches) Get(_ context.Context, a authz.Actor, id int64) (importer.Batch, error) {
	if id != 1 {
		return importer.Batch{}, toren.Errorf(toren.CodeNotFound, "batch %d not found", id)
	}
	return f.Run(context.Background(), a, strings.NewReader(""))
}

type failingBatches struct{}

func (failingBatches) Run(context.Context, authz.Actor, io.Reader) (importer.Batch, error) {
	return importer.Batch{}, errors.New("database is down")
}

func (failingBatches) Get(context.Context, authz.Actor, int64) (importer.Batch, error) {
	return importer.Batch{}, errors.New("database is down")
}
