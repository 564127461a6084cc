package intaketest

import (
	"context"
	"sync"
	"time"

	"toren/internal/alerts"
	"toren/internal/audit"
	"toren/internal/escalate"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/reports"
)

// MemStore is an intake.Store in memory, for tests of what lies above the
// database (parsing, the API's handling of input) where a real database
// per input is too slow. Like the SQL stores it applies a transaction
// whole or not at all, runs one at a time, and keeps idempotency keys; it
// finds no registry person and knows no history, so no alert is raised.
type MemStore struct {
	mu       sync.Mutex
	reports  int
	keys     map[string]keyed
	counters map[string]int64
	lastID   int64
	txs      int
	fail     error
}

type keyed struct {
	hash   string
	report *reports.Report
}

// FailWith makes every later transaction fail with err (nil: succeed).
func (s *MemStore) FailWith(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = err
}

// Transactions returns how many transactions were begun.
func (s *MemStore) Transactions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.txs
}

// Reports returns how many reports were stored.
func (s *MemStore) Reports() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reports
}

// WriteTx implements intake.Store.
func (s *MemStore) WriteTx(_ context.Context, fn func(intake.Tx) error, commit func(func() error) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.txs++
	if s.fail != nil {
		return s.fail
	}
	tx := &memTx{s: s, lastID: s.lastID, keys: map[string]keyed{}, counters: map[string]int64{}}
	if err := fn(tx); err != nil {
		return err
	}
	return commit(func() error {
		if s.keys == nil {
			s.keys = map[string]keyed{}
			s.counters = map[string]int64{}
		}
		for k, e := range tx.keys {
			c := *e.report
			c.Persons = append([]reports.Mention(nil), e.report.Persons...)
			s.keys[k] = keyed{e.hash, &c}
		}
		for k, v := range tx.counters {
			s.counters[k] = v
		}
		s.lastID = tx.lastID
		s.reports += tx.reports
		return nil
	})
}

// memTx stages one transaction's changes until its commit.
type memTx struct {
	s        *MemStore
	lastID   int64
	reports  int
	keys     map[string]keyed
	counters map[string]int64
}

func (t *memTx) id() int64 {
	t.lastID++
	return t.lastID
}

func (t *memTx) Candidates(context.Context, intake.CandidateQuery) ([]persons.Person, error) {
	return nil, nil
}

func (t *memTx) ReportByKey(_ context.Context, key string) (*reports.Report, string, error) {
	e, ok := t.keys[key]
	if !ok {
		e, ok = t.s.keys[key]
	}
	if !ok {
		return nil, "", nil
	}
	c := *e.report
	c.Persons = append([]reports.Mention(nil), e.report.Persons...)
	return &c, e.hash, nil
}

func (t *memTx) NextNumber(_ context.Context, series string) (int64, error) {
	v, ok := t.counters[series]
	if !ok {
		v = t.s.counters[series]
	}
	v++
	t.counters[series] = v
	return v, nil
}

func (t *memTx) InsertReport(_ context.Context, nr intake.NewReport) (int64, error) {
	t.reports++
	if nr.IdempotencyKey != "" {
		t.keys[nr.IdempotencyKey] = keyed{nr.RequestHash, nr.Report}
	}
	return t.id(), nil
}

func (t *memTx) InsertPerson(context.Context, *persons.Person) (int64, error) { return t.id(), nil }

func (t *memTx) EnrichPerson(_ context.Context, id int64, _ reports.Mention, _ time.Time) (persons.Person, bool, error) {
	return persons.Person{ID: id}, false, nil
}

func (t *memTx) InsertMentions(_ context.Context, r *reports.Report, _ []intake.Link) error {
	for i := range r.Persons {
		r.Persons[i].ID = t.id()
	}
	return nil
}

func (t *memTx) InsertReviewItem(context.Context, int64, int64, *intake.ReviewProposal, time.Time) error {
	return nil
}

func (t *memTx) SignalHistory(context.Context, *reports.Report) (escalate.Signal, escalate.History, error) {
	return escalate.Signal{}, escalate.History{}, nil
}

func (t *memTx) InsertAlert(_ context.Context, a *alerts.Alert) error {
	a.ID = t.id()
	return nil
}

func (t *memTx) AppendAudit(context.Context, ...audit.Entry) error { return nil }
