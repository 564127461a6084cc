package importer

import (
	"context"
	"io"
	"strconv"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Audit actions: a stored batch (each of its reports has its own
// report.create entry besides), and reading a batch's results back.
const (
	ActionBatch     = "report.batch"
	ActionBatchView = "report.batch.view"
)

// Batch is a JSON Lines batch sent through the API and what happened to
// every line of it. Its results stay retrievable by ID, for the caller
// that sent it only.
type Batch struct {
	ID int64 `json:"id"`
	// Owner is who sent the batch, as the audit log names them ("12" for a
	// staff member, "client:7" for an API client).
	Owner     string       `json:"-"`
	CreatedAt time.Time    `json:"created_at"`
	Summary   Summary      `json:"summary"`
	Lines     []LineResult `json:"lines"`
}

// BatchStore keeps batches (satisfied by *store.DB).
type BatchStore interface {
	// CreateBatch stores b and its audit entry in one transaction and
	// sets b.ID.
	CreateBatch(ctx context.Context, b *Batch, e audit.Entry) error
	GetBatch(ctx context.Context, id int64) (Batch, error)
	AppendAudit(ctx context.Context, entries ...audit.Entry) error
}

// Batches takes JSON Lines batches through the API: the same format, the
// same rules and the same idempotency as toren import, but with the
// idempotency keys scoped to the caller (intake.ScopedKey), so that no
// other caller, nor the import, can replay or block them.
type Batches struct {
	Intake Submitter
	Store  BatchStore
	Clock  toren.Clock
}

// Owner is how the batch names the actor: as the audit log does
// (audit.ActorTemplate), "12" for a staff member, "client:7" for an API
// client, "cli" for the console.
func Owner(a authz.Actor) string { return audit.ActorTemplate(a, "").ActorID }

// caller scopes the actor's idempotency keys: "u12" or "c7".
func caller(a authz.Actor) string {
	if a.IsClient() {
		return "c" + strconv.FormatInt(a.ClientID, 10)
	}
	return "u" + strconv.FormatInt(a.UserID, 10)
}

// Run imports the JSON Lines in r as actor and stores the outcome of every
// line as a batch. A line that breaks a rule is reported in the batch; the
// other lines are stored. An error means the input could not be read to
// its end or storage failed: the lines stored until then stay stored, and
// sending the same batch again stores the rest.
func (s *Batches) Run(ctx context.Context, a authz.Actor, r io.Reader) (Batch, error) {
	// One recorder names the actor in the batch's entry and in those of
	// its reports, which intake writes.
	ctx = audit.As(ctx, a, "api")
	b := Batch{Owner: Owner(a), Lines: []LineResult{}}
	scope := caller(a)
	opts := Options{
		Format: FormatJSONL,
		Key:    func(ref string) string { return intake.ScopedKey("api", scope, IdempotencyKey(ref)) },
		Row:    func(l LineResult) { b.Lines = append(b.Lines, l) },
	}
	if a.IsClient() {
		opts.Prepare = func(r *reports.Report) { r.RegisteredBy = audit.ClientActorID(a.ClientID) }
	}
	// Whether a may register reports is intake's to decide, as it does
	// for every batch of lines it is given; a batch none of whose lines
	// reached it (empty, or every line invalid) asks it with no line.
	in := &asked{Submitter: s.Intake}
	var sub Submitter = in
	if p, ok := s.Intake.(preparer); ok {
		// The next lines are checked while the last are stored, as in
		// toren import.
		sub = askedPreparer{in, p}
	}
	sum, err := Import(ctx, a, sub, r, opts)
	if err != nil {
		return Batch{}, err
	}
	if !in.asked {
		if _, _, err := s.Intake.SubmitBatch(ctx, a, nil); err != nil {
			return Batch{}, err
		}
	}
	b.Summary, b.CreatedAt = sum, s.Clock.Now()
	rec, _ := audit.RecorderFrom(ctx)
	e := rec.Entry(b.CreatedAt, ActionBatch, "batch", "", nil)
	e.Reason = "lines " + strconv.Itoa(sum.Rows) + ", stored " + strconv.Itoa(sum.Stored) + ", replayed " + strconv.Itoa(sum.Skipped) +
		", invalid " + strconv.Itoa(sum.Bad)
	if err := s.Store.CreateBatch(ctx, &b, e); err != nil {
		return Batch{}, err
	}
	rec.Wrote(1)
	return b, nil
}

// asked notes whether a batch's lines were submitted at all.
type asked struct {
	Submitter
	asked bool
}

func (s *asked) SubmitBatch(ctx context.Context, a authz.Actor, subs []intake.Submission) ([]intake.Result, []error, error) {
	s.asked = true
	return s.Submitter.SubmitBatch(ctx, a, subs)
}

// askedPreparer is asked for a submitter that checks a batch apart from
// storing it: storing a checked batch counts as asking.
type askedPreparer struct {
	*asked
	p preparer
}

func (s askedPreparer) Prepare(ctx context.Context, subs []intake.Submission) *intake.Prepared {
	return s.p.Prepare(ctx, subs)
}

func (s askedPreparer) SubmitPrepared(ctx context.Context, a authz.Actor, p *intake.Prepared) ([]intake.Result, []error, error) {
	s.asked.asked = true
	return s.p.SubmitPrepared(ctx, a, p)
}

// Get returns batch id to the actor that sent it; to anyone else it does
// not exist.
func (s *Batches) Get(ctx context.Context, a authz.Actor, id int64) (Batch, error) {
	if d := authz.Decide(a, authz.ActionReportCreate, authz.Resource{}, authz.Opts{Now: s.Clock.Now()}); !d.Allowed {
		return Batch{}, toren.Errorf(toren.CodeForbidden, "%s", d.Reason)
	}
	rec := audit.RecorderFor(ctx, a, "api")
	b, err := s.Store.GetBatch(ctx, id)
	if err == nil && b.Owner != Owner(a) {
		err = toren.Errorf(toren.CodeNotFound, "batch %d not found", id)
	}
	// The read is audited as what it is, not as the route's action.
	e := rec.Entry(s.Clock.Now(), ActionBatchView, "batch", strconv.FormatInt(id, 10), nil)
	if err != nil {
		e.Outcome = audit.OutcomeError
	}
	if aerr := s.Store.AppendAudit(ctx, e); aerr != nil {
		return Batch{}, aerr
	}
	rec.Wrote(1)
	if err != nil {
		return Batch{}, err
	}
	return b, nil
}
