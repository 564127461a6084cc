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
	LiftHold(ctx context.Context, id int64, entry audit.Entry) error
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
	return audit.Entry{At: at, ActorID: strconv.FormatInt(a.UserID, 10), ActorName: a.Name, Role: string(d.Role), Origin: origin,
		Action: action, ObjectType: objectType, ObjectID: objectID, Outcome: audit.OutcomeOK}
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
	e := entryOf(a, d, origin, now, ActionPlanShown, objectPlan, p.On.String())
	np, nr, nc := Counts(p.Destroy)
	e.Reason = fmt.Sprintf("%s; due: %d files (%d persons, %d reports, %d cases); held %d; open %d", s.rule.Name, len(p.Destroy), np, nr, nc, len(p.Held), len(p.Open))
	if err := s.store.AppendAudit(ctx, e); err != nil {
		return Plan{}, err
	}
	return p, nil
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
	if batch < 1 {
		return Result{}, toren.Errorf(toren.CodeInvalid, "batch must be at least 1")
	}
	p, err := s.Plan(ctx, a, origin)
	if err != nil {
		return Result{}, err
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
		p.Add("kind", "enum", "must be case or person", "Kies een dossier of persoon.")
	}
	if objectID <= 0 {
		p.Add("object_id", "positive", "must name a case or person", "Kies een dossier of persoon.")
	}
	reason = strings.TrimSpace(reason)
	if len(reason) < 10 {
		p.Add("reason", "sentence", "reason must say why, in at least 10 characters", "Schrijf waarom het dossier bewaard moet blijven.")
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
	return h, nil
}

// LiftHold ends a legal hold.
func (s *Service) LiftHold(ctx context.Context, a authz.Actor, origin string, id int64) error {
	d, err := s.allow(a)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.store.LiftHold(ctx, id, entryOf(a, d, origin, now, ActionHoldLift, objectHold, strconv.FormatInt(id, 10)))
}

// Holds lists the holds in force.
func (s *Service) Holds(ctx context.Context, a authz.Actor) ([]Hold, error) {
	if _, err := s.allow(a); err != nil {
		return nil, err
	}
	return s.store.Holds(ctx)
}
