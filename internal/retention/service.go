package retention

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/toren"
)

// Audit actions of retention.
const (
	ActionDestroy   = "retention.destroy"   // a file destroyed after its term
	ActionHold      = "retention.hold"      // a legal hold placed
	ActionHoldLift  = "retention.hold.lift" // a legal hold lifted
	ActionPlanShown = "retention.plan"      // the plan was read (it lists numbers, no names)
	objectFile      = "retention_file"      // a destroyed file's tombstone
	objectHold      = "retention_hold"      // a legal hold
	objectPlan      = "retention_plan"      // the plan of a day
)

// Store is what the service needs of storage (satisfied by *store.DB).
type Store interface {
	// RetentionFacts reads the facts of the whole registry.
	RetentionFacts(ctx context.Context) (Facts, error)
	// DestroyFiles destroys the files in one transaction, each with its
	// tombstones and the audit entry entry(file's tombstone id) made of
	// it. A file that changed since the plan (a new report about one of
	// its persons, a new hold) is left alone and returned in skipped, with
	// the reason.
	DestroyFiles(ctx context.Context, files []File, rule Rule, at time.Time, entry func(tombstone int64, f File) audit.Entry) (destroyed []Tombstone, skipped []Skipped, err error)
	PlaceHold(ctx context.Context, h Hold, entry audit.Entry) (int64, error)
	// LiftHold ends hold id, keeping who lifted it, when and why.
	LiftHold(ctx context.Context, id int64, reason string, entry audit.Entry) error
	Holds(ctx context.Context) ([]Hold, error)
	AppendAudit(ctx context.Context, entries ...audit.Entry) error
}

// Tombstone says that a file existed and was destroyed: its records'
// numbers, counts, the day, the rule. No name, no content.
type Tombstone struct {
	ID          int64     `json:"id"`
	DestroyedAt time.Time `json:"destroyed_at"`
	Rule        string    `json:"rule"`
	Due         string    `json:"due"`
	Persons     int       `json:"persons"`
	Reports     int       `json:"reports"`
	Cases       int       `json:"cases"`
}

// Skipped is a planned file the run left alone.
type Skipped struct {
	File   File   `json:"file"`
	Reason string `json:"reason"`
}

// Why a run leaves a planned file alone (Skipped.Reason), as the store
// finds it inside the run's transaction.
const (
	SkipCaseHeld    = "a legal hold was placed on a case of the file"
	SkipPersonHeld  = "a legal hold was placed on a person of the file"
	SkipCaseOpen    = "a case of the file is open again"
	SkipNewReport   = "a newer report names a person of the file"
	SkipNewCase     = "a newer case took in a report of the file"
	SkipNewContact  = "a newer case names a person of the file"
	SkipNewestRowOf = "it holds the newest row of " // + table: SQLite would give its number again
)

// Service plans and runs destruction and keeps legal holds.
type Service struct {
	store Store
	rule  Rule
	clock toren.Clock
}

// New returns the service for the organisation's rule.
func New(s Store, r Rule, clock toren.Clock) (*Service, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return &Service{store: s, rule: r, clock: clock}, nil
}

// Rule returns the rule in force.
func (s *Service) Rule() Rule { return s.rule }

func (s *Service) allow(a authz.Actor) (authz.Decision, error) {
	d := authz.Decide(a, authz.ActionRetentionManage, authz.Resource{}, authz.Opts{Now: s.clock.Now()})
	if !d.Allowed {
		return d, toren.Errorf(toren.CodeForbidden, "%s", d.Reason)
	}
	return d, nil
}

func entryOf(a authz.Actor, d authz.Decision, origin string, at time.Time, action, objectType, objectID string) audit.Entry {
	return audit.DecidedEntry(a, d.Role, origin, at, action, objectType, objectID)
}

// Plan returns what a run today would destroy and keep. It changes
// nothing but the audit log, which records that the plan was read.
func (s *Service) Plan(ctx context.Context, a authz.Actor, origin string) (Plan, error) {
	d, err := s.allow(a)
	if err != nil {
		return Plan{}, err
	}
	now := s.clock.Now()
	f, err := s.store.RetentionFacts(ctx)
	if err != nil {
		return Plan{}, err
	}
	p := Build(f, s.rule, toren.DateOf(now.UTC()))
	np, nr, nc := Counts(p.Destroy)
	what := fmt.Sprintf("%s; due: %d files (%d persons, %d reports, %d cases); held %d; open %d", s.rule.Name, len(p.Destroy), np, nr, nc, len(p.Held), len(p.Open))
	// A request's read is noted on the request's own entry (one entry
	// per request); at the console the plan gets an entry of its own.
	if rec, ok := audit.RecorderFrom(ctx); ok {
		rec.Note("retention plan of " + p.On.String() + ": " + what)
		return p, nil
	}
	e := entryOf(a, d, origin, now, ActionPlanShown, objectPlan, p.On.String())
	e.Reason = what
	if err := s.store.AppendAudit(ctx, e); err != nil {
		return Plan{}, err
	}
	return p, nil
}

// wrote tells the request's recorder, if any, that n entries were
// written in the service's own transactions.
func wrote(ctx context.Context, n int) {
	if rec, ok := audit.RecorderFrom(ctx); ok && n > 0 {
		rec.Wrote(n)
	}
}

// Progress is told after each batch.
type Progress func(done, total int)

// Result is what a run did.
type Result struct {
	Plan      Plan        `json:"plan"`
	Destroyed []Tombstone `json:"destroyed"`
	Skipped   []Skipped   `json:"skipped"`
}

// Run destroys the files due today, batch files per transaction. Each
// destroyed file leaves a tombstone and an audit entry in its transaction.
// A run stopped half-way (ctx ended) has destroyed whole batches only; the
// next run continues.
func (s *Service) Run(ctx context.Context, a authz.Actor, origin string, batch int, progress Progress) (Result, error) {
	return s.RunPlanned(ctx, a, origin, "", batch, progress)
}

// RunPlanned is Run from a plan someone read: digest is that plan's
// Digest, and when today's plan differs (a file became due or was held
// since, the day changed) nothing is destroyed and the error is a
// toren.CodeConflict naming the field "plan": the privacy officer reads
// the plan again. An empty digest runs today's plan as it is (the CLI,
// which prints what it destroys).
func (s *Service) RunPlanned(ctx context.Context, a authz.Actor, origin, digest string, batch int, progress Progress) (Result, error) {
	if batch < 1 {
		return Result{}, toren.Errorf(toren.CodeInvalid, "batch must be at least 1")
	}
	p, err := s.Plan(ctx, a, origin)
	if err != nil {
		return Result{}, err
	}
	if digest != "" && digest != p.Digest() {
		return Result{Plan: p}, toren.Errorf(toren.CodeConflict, "plan: the plan changed since it was read; read it again before destroying")
	}
	d, _ := s.allow(a)
	res := Result{Plan: p, Destroyed: []Tombstone{}, Skipped: []Skipped{}}
	for i := 0; i < len(p.Destroy); i += batch {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("stopped after %d of %d files; run again to continue: %w", i, len(p.Destroy), err)
		}
		part := p.Destroy[i:min(i+batch, len(p.Destroy))]
		at := s.clock.Now()
		done, skipped, err := s.store.DestroyFiles(ctx, part, s.rule, at, func(id int64, f File) audit.Entry {
			e := entryOf(a, d, origin, at, ActionDestroy, objectFile, strconv.FormatInt(id, 10))
			e.PersonIDs = f.Persons
			e.Reason = fmt.Sprintf("%s; due %s; %d persons, %d reports, %d cases", s.rule.Name, f.Due, len(f.Persons), len(f.Reports), len(f.Cases))
			return e
		})
		if err != nil {
			return res, fmt.Errorf("destroy files %d-%d of %d: %w", i+1, i+len(part), len(p.Destroy), err)
		}
		wrote(ctx, len(done))
		res.Destroyed = append(res.Destroyed, done...)
		res.Skipped = append(res.Skipped, skipped...)
		if progress != nil {
			progress(i+len(part), len(p.Destroy))
		}
	}
	return res, nil
}

// PlaceHold puts a legal hold on a case or person; the reason is required
// (the court case, the complaint).
func (s *Service) PlaceHold(ctx context.Context, a authz.Actor, origin string, kind HoldKind, objectID int64, reason string) (Hold, error) {
	d, err := s.allow(a)
	if err != nil {
		return Hold{}, err
	}
	var p toren.Problems
	if kind != HoldCase && kind != HoldPerson {
		p.Add("kind", "enum", "must be case or person")
	}
	if objectID <= 0 {
		p.Add("object_id", "positive", "must name a case or person")
	}
	reason = strings.TrimSpace(reason)
	if len(reason) < 10 {
		p.Add("reason", "sentence", "reason must say why, in at least 10 characters")
	}
	if err := p.Err(); err != nil {
		return Hold{}, err
	}
	now := s.clock.Now()
	h := Hold{Kind: kind, ObjectID: objectID, Reason: reason, PlacedBy: a.Name, PlacedAt: now}
	e := entryOf(a, d, origin, now, ActionHold, string(kind), strconv.FormatInt(objectID, 10))
	if kind == HoldPerson {
		e.PersonIDs = []int64{objectID}
	}
	if h.ID, err = s.store.PlaceHold(ctx, h, e); err != nil {
		return Hold{}, err
	}
	wrote(ctx, 1)
	return h, nil
}

// LiftHold ends a legal hold; the reason is required (the court case
// ended, the complaint was decided) and kept with the hold and in the
// audit log.
func (s *Service) LiftHold(ctx context.Context, a authz.Actor, origin string, id int64, reason string) error {
	d, err := s.allow(a)
	if err != nil {
		return err
	}
	var p toren.Problems
	if id <= 0 {
		p.Add("hold", "positive", "must name a legal hold")
	}
	reason = strings.TrimSpace(reason)
	if len(reason) < 10 {
		p.Add("reason", "sentence", "reason must say why, in at least 10 characters")
	}
	if err := p.Err(); err != nil {
		return err
	}
	now := s.clock.Now()
	e := entryOf(a, d, origin, now, ActionHoldLift, objectHold, strconv.FormatInt(id, 10))
	e.Reason = reason
	if err := s.store.LiftHold(ctx, id, reason, e); err != nil {
		return err
	}
	wrote(ctx, 1)
	return nil
}

// Holds lists the holds in force.
func (s *Service) Holds(ctx context.Context, a authz.Actor) ([]Hold, error) {
	if _, err := s.allow(a); err != nil {
		return nil, err
	}
	return s.store.Holds(ctx)
}
