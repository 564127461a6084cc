// Package intake is the service that takes advice requests and reports in,
// from the web form, the JSON API and bulk imports alike: it tidies and
// validates them, resolves every named person to the registry, and stores
// the whole report in one transaction, exactly once per idempotency key.
package intake

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Submission is one report to register with the key that makes a retry safe.
type Submission struct {
	Report *reports.Report
	// IdempotencyKey makes a retried request return the report stored the
	// first time instead of storing it twice. Empty means no protection.
	IdempotencyKey string
	// Confirmed are the registry persons the worker taking the report said
	// are the same as a named person ("dit is dezelfde persoon" on a radar
	// hit), by the mention's index: the mention is linked to that person
	// instead of asking the resolver, and the link names the worker.
	Confirmed map[int]int64
	// ConfirmedBy is the worker who confirmed (their user name).
	ConfirmedBy string
}

// Result tells what happened to one submission.
type Result struct {
	Report *reports.Report
	// Replayed is true when the idempotency key was seen before and the
	// stored report is returned instead of a new one.
	Replayed bool
}

// NewReport is what the store writes in one transaction: the report, its
// mentions with their resolved links, and the idempotency key with a hash
// of the request so a reused key with other content is refused.
type NewReport struct {
	Report         *reports.Report
	IdempotencyKey string
	RequestHash    string
	// Recorder writes the report's audit entry (and those of the alerts it
	// raises) as the actor who submitted it. Nil: the recorder of the
	// context Steps.Register is called with; with neither the report is
	// refused (ErrNoRecorder). Reports of several actors share one
	// transaction when their requests are committed together.
	Recorder *audit.Recorder
	// Confirmed and ConfirmedBy are the links a worker confirmed (Submission).
	Confirmed   map[int]int64
	ConfirmedBy string
}

// PersonFinder looks registry persons up; the store hands the resolver one
// bound to its transaction.
type PersonFinder interface {
	// Candidates returns the registry persons that carry the given BSN or
	// have the given folded surname and date of birth (empty values are
	// not searched for), at most a few dozen.
	Candidates(ctx context.Context, q CandidateQuery) ([]persons.Person, error)
}

// CandidateQuery is what the exact resolver looks a person up by.
type CandidateQuery struct {
	BSN        string
	SurnameKey string
	BirthDate  toren.Date
}

// Resolver links a mention to a registry person. The radar
// (radarsvc.Resolver, a SessionResolver) replaces the exact resolver with
// probabilistic matching.
type Resolver interface {
	// Resolve returns the ID of the registry person the mention is, or 0
	// when a new registry person must be made.
	Resolve(ctx context.Context, f PersonFinder, m reports.Mention) (int64, error)
}

// Service registers reports.
type Service struct {
	steps     Steps
	validator reports.Validator
	clock     toren.Clock
	log       *slog.Logger

	// Group commit: concurrent Submit calls queue here, and one writer
	// goroutine (running while the queue is not empty) stores what is
	// queued in one transaction, so that they share one durable commit.
	mu      sync.Mutex
	queue   []*queued
	writing bool
}

// maxGroup bounds the reports one group commit stores: a larger group
// holds the database's writer longer and delays the reports behind it.
const maxGroup = 256

// queued is a Submit call waiting for the writer.
type queued struct {
	ctx  context.Context
	nr   NewReport
	done chan groupResult
}

type groupResult struct {
	replayed bool
	err      error
}

// Option configures a Service.
type Option func(*Service)

// WithAlerts makes the service raise the alerts of every new report
// through a, in the report's transaction.
func WithAlerts(a AlertRaiser) Option {
	return func(s *Service) { s.steps.Alerts = a }
}

// NewService wires the intake service: reports are stored in store, their
// persons resolved by r.
func NewService(store Store, v reports.Validator, r Resolver, clock toren.Clock, log *slog.Logger, opts ...Option) *Service {
	s := &Service{steps: Steps{Store: store, Resolver: r}, validator: v, clock: clock, log: log}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Submit validates and stores one report as a, who must be allowed
// report.create (a toren.CodeForbidden error otherwise, before anything
// is looked at). Bad input returns a toren.CodeInvalid error naming every
// broken field, and stores nothing. The report's audit entry names a (or
// the request's recorder in ctx, the access gate's) and is written in the
// report's transaction.
func (s *Service) Submit(ctx context.Context, a authz.Actor, sub Submission) (Result, error) {
	if err := s.allow(a); err != nil {
		return Result{}, err
	}
	nr, err := s.prepare(ctx, sub)
	if err != nil {
		return Result{}, err
	}
	nr.Recorder = audit.RecorderFor(ctx, a, origin)
	res := s.enqueue(ctx, nr)
	if res.err != nil {
		return Result{}, fmt.Errorf("intake: store report: %w", res.err)
	}
	if !res.replayed {
		s.log.InfoContext(ctx, "report registered", "number", nr.Report.Number, "kind", nr.Report.Kind, "persons", len(nr.Report.Persons))
	}
	return Result{Report: nr.Report, Replayed: res.replayed}, nil
}

// origin is the audit origin of a submission that comes with no request's
// recorder.
const origin = "intake"

// allow asks the policy whether a may register reports.
func (s *Service) allow(a authz.Actor) error {
	d := authz.Decide(a, authz.ActionReportCreate, authz.Resource{}, authz.Opts{Now: s.clock.Now()})
	if !d.Allowed {
		return toren.Errorf(toren.CodeForbidden, "intake: not allowed to register reports: %s", d.Reason)
	}
	return nil
}

// enqueue hands nr to the writer and waits until it is committed (after
// the durable commit: the answer never comes before the fsync) or failed.
func (s *Service) enqueue(ctx context.Context, nr NewReport) groupResult {
	q := &queued{ctx: ctx, nr: nr, done: make(chan groupResult, 1)}
	s.mu.Lock()
	s.queue = append(s.queue, q)
	if !s.writing {
		s.writing = true
		go s.write()
	}
	s.mu.Unlock()
	return <-q.done
}

// write stores what is queued, a group at a time, until the queue is
// empty. While a group commits, the next one gathers.
func (s *Service) write() {
	for {
		s.mu.Lock()
		n := min(len(s.queue), maxGroup)
		if n == 0 {
			s.writing = false
			s.mu.Unlock()
			return
		}
		group := s.queue[:n:n]
		s.queue = s.queue[n:]
		s.mu.Unlock()
		s.commitGroup(group)
	}
}

// commitGroup stores the group in one transaction and answers each
// caller. When the transaction fails (one report's idempotency key
// conflicts, say) each report is stored alone, so that one request's
// failure is its own.
func (s *Service) commitGroup(group []*queued) {
	live := group[:0:0]
	for _, q := range group {
		// A caller that gave up before its turn gets nothing stored.
		if err := q.ctx.Err(); err != nil {
			q.done <- groupResult{err: err}
			continue
		}
		live = append(live, q)
	}
	if len(live) == 0 {
		return
	}
	// The transaction serves several requests: it runs without any one
	// caller's cancellation, and each report carries its own recorder.
	ctx := context.Background()
	if len(live) > 1 {
		nrs := make([]NewReport, len(live))
		for i, q := range live {
			nrs[i] = q.nr
		}
		replayed, err := s.steps.Register(ctx, nrs...)
		if err == nil {
			for i, q := range live {
				q.done <- groupResult{replayed: replayed[i]}
			}
			return
		}
		s.log.Debug("group commit failed, storing its reports one by one", "reports", len(live), "err", err)
	}
	for _, q := range live {
		replayed, err := s.steps.Register(ctx, q.nr)
		q.done <- groupResult{replayed: len(replayed) == 1 && replayed[0], err: err}
	}
}

// SubmitBatch validates every submission and stores the valid ones in one
// transaction, as a, who must be allowed report.create. errs has one entry
// per submission (nil when it was stored or replayed); err is set only
// when the batch as a whole failed (a refused, or storage), and then
// nothing was stored.
func (s *Service) SubmitBatch(ctx context.Context, a authz.Actor, subs []Submission) (results []Result, errs []error, err error) {
	if err := s.allow(a); err != nil {
		return nil, nil, err
	}
	return s.submitPrepared(ctx, a, s.Prepare(ctx, subs))
}

// Prepared is a batch of submissions tidied and validated (Prepare) and
// not yet stored (SubmitPrepared).
type Prepared struct {
	n     int
	valid []NewReport
	at    []int // index in the batch of each valid submission
	errs  []error
}

// Prepare tidies and validates subs as SubmitBatch does, and stores
// nothing: a bulk import checks its next batch while the one before it is
// stored (the check is about a fortieth of the import's time, and the
// store's transaction runs on one core). It changes the submitted reports
// as SubmitBatch does. Safe to call beside SubmitPrepared.
func (s *Service) Prepare(ctx context.Context, subs []Submission) *Prepared {
	p := &Prepared{n: len(subs), errs: make([]error, len(subs))}
	for i, sub := range subs {
		nr, err := s.prepare(ctx, sub)
		if err != nil {
			p.errs[i] = err
			continue
		}
		p.valid = append(p.valid, nr)
		p.at = append(p.at, i)
	}
	return p
}

// SubmitPrepared stores the valid reports of a batch Prepare checked, as
// a, who must be allowed report.create, and answers as SubmitBatch does.
// The reports are registered now: their registration time is set here,
// not when they were checked.
func (s *Service) SubmitPrepared(ctx context.Context, a authz.Actor, p *Prepared) (results []Result, errs []error, err error) {
	if err := s.allow(a); err != nil {
		return nil, nil, err
	}
	return s.submitPrepared(ctx, a, p)
}

func (s *Service) submitPrepared(ctx context.Context, a authz.Actor, p *Prepared) (results []Result, errs []error, err error) {
	rec := audit.RecorderFor(ctx, a, origin)
	results = make([]Result, p.n)
	errs = p.errs
	if len(p.valid) == 0 {
		return results, errs, nil
	}
	now := s.clock.Now()
	for i := range p.valid {
		p.valid[i].Recorder = rec
		p.valid[i].Report.RegisteredAt = now
	}
	replayed, err := s.steps.Register(ctx, p.valid...)
	if err != nil {
		return nil, nil, fmt.Errorf("intake: store batch of %d: %w", len(p.valid), err)
	}
	for j, i := range p.at {
		results[i] = Result{Report: p.valid[j].Report, Replayed: replayed[j]}
	}
	return results, errs, nil
}

func (s *Service) prepare(ctx context.Context, sub Submission) (NewReport, error) {
	r := sub.Report
	if r == nil {
		return NewReport{}, toren.Errorf(toren.CodeInvalid, "no report given")
	}
	s.validator.Normalize(r)
	nr := NewReport{Report: r, IdempotencyKey: sub.IdempotencyKey, Confirmed: sub.Confirmed, ConfirmedBy: sub.ConfirmedBy}
	var p toren.Problems
	for i, id := range sub.Confirmed {
		if i < 0 || i >= len(r.Persons) || id <= 0 {
			p.Add(fmt.Sprintf("persons[%d].person_id", i), "unknown", "names no person of the report or no registry person")
		}
	}
	if len(sub.Confirmed) > 0 && strings.TrimSpace(sub.ConfirmedBy) == "" {
		p.Add("confirmed_by", "required", "who confirmed the link must be known")
	}
	if err := p.Err(); err != nil {
		return NewReport{}, err
	}
	if sub.IdempotencyKey != "" {
		if len(sub.IdempotencyKey) > 200 {
			return NewReport{}, &toren.Error{Code: toren.CodeInvalid, Message: "validation failed", Fields: []toren.FieldError{{
				Field: "idempotency_key", Rule: "max_length", Message: "idempotency key may be at most 200 characters"}}}
		}
		// Hash before defaults are filled in, so that a retry of a request
		// without received_at is still the same request.
		h, err := requestHash(r)
		if err != nil {
			return NewReport{}, err
		}
		nr.RequestHash = h
	}
	if r.Channel == "" {
		r.Channel = reports.ChannelAPI
	}
	if r.ReceivedAt.IsZero() {
		r.ReceivedAt = s.clock.Now()
	}
	if err := s.validator.Validate(r); err != nil {
		return NewReport{}, err
	}
	r.RegisteredAt = s.clock.Now()
	return nr, nil
}

// requestHash fingerprints what the sender sent (before links and numbers
// are added), so a retry with the same key is recognised as the same request.
func requestHash(r *reports.Report) (string, error) {
	b, err := json.Marshal(struct {
		Kind        reports.Kind
		ReceivedAt  string
		Reporter    reports.Reporter
		ExternalRef string
		Acute       bool
		Children    reports.Tri
		Types       []reports.ViolenceType
		Natures     []reports.Nature
		Mun         string
		Desc        string
		Persons     []reports.Mention
	}{r.Kind, r.ReceivedAt.UTC().Format("2006-01-02T15:04:05Z"), r.Reporter, r.ExternalRef, r.Acute, r.ChildrenPresent,
		r.ViolenceTypes, r.Natures, r.Municipality, r.Description, r.Persons})
	if err != nil {
		return "", fmt.Errorf("intake: hash request: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// ScopedKey is the idempotency key as stored: the key a caller chose,
// scoped to the channel and the caller that sent it, so that no caller's
// key can collide with another's (two users who both send
// "client-A-0001"), nor with the keys of the police import ("police:" and
// the registration number, which keeps its form so that imports from
// before scoping still recognise their rows). channel is "api" or "web";
// caller is "u" and the user's ID (or "c" and an API client's ID).
func ScopedKey(channel, caller, key string) string {
	if key == "" {
		return ""
	}
	return channel + ":" + caller + ":" + key
}
