package intake

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"toren/internal/alerts"
	"toren/internal/audit"
	"toren/internal/escalate"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Store is the storage intake writes reports through. The steps of
// registering a report (Steps.Register) run on the Tx of one WriteTx call:
// all of them are stored or nothing is.
type Store interface {
	// WriteTx runs fn in one write transaction. When fn returns nil it
	// commits through commit (the resolver session's Commit, which orders
	// what the radar publishes against the database commit); otherwise
	// it rolls back. An error caused by a unique key that a concurrent
	// transaction took first matches ErrRace (errors.Is): running the
	// steps again sees that transaction's rows.
	WriteTx(ctx context.Context, fn func(tx Tx) error, commit func(commit func() error) error) error
}

// ErrNoRecorder refuses a report that no audit recorder would account
// for: its NewReport has none, nor has the context. Nothing is stored.
var ErrNoRecorder = errors.New("intake: no audit recorder says who registers the report")

// ErrRace marks a transaction that lost a race for a unique key (an
// idempotency key two requests sent at once) to a concurrent one.
var ErrRace = errors.New("a concurrent transaction stored the same key")

// Tx is one write transaction, as the steps of intake use it. Its
// PersonFinder sees the persons the transaction made; on a database with
// concurrent writers it is also a KeyLocker.
type Tx interface {
	PersonFinder
	// ReportByKey returns the report stored under the idempotency key,
	// with its persons, and the hash of its request; nil when the key is
	// unused.
	ReportByKey(ctx context.Context, key string) (r *reports.Report, requestHash string, err error)
	// NextNumber returns the next value of the named counter.
	NextNumber(ctx context.Context, series string) (int64, error)
	// InsertReport stores nr.Report without its persons and returns its ID.
	InsertReport(ctx context.Context, nr NewReport) (int64, error)
	// InsertPerson stores a new registry person and returns its ID.
	InsertPerson(ctx context.Context, p *persons.Person) (int64, error)
	// EnrichPerson fills the unknown fields of registry person id from m
	// and returns the person; changed says whether it was stored anew.
	EnrichPerson(ctx context.Context, id int64, m reports.Mention, at time.Time) (p persons.Person, changed bool, err error)
	// InsertMentions stores the persons of r, each linked as links (one
	// per person) say, and sets their IDs.
	InsertMentions(ctx context.Context, r *reports.Report, links []Link) error
	// InsertReviewItem asks a reviewer whether mention (linked meanwhile to
	// the new person newPersonID) is the proposed person.
	InsertReviewItem(ctx context.Context, mentionID, newPersonID int64, p *ReviewProposal, at time.Time) error
	// SignalHistory returns the signal the stored report r makes and what
	// the transaction knows of its persons and their households besides.
	SignalHistory(ctx context.Context, r *reports.Report) (escalate.Signal, escalate.History, error)
	// InsertAlert stores a raised alert and sets its ID.
	InsertAlert(ctx context.Context, a *alerts.Alert) error
	// AppendAudit chains audit entries in the transaction. It locks the
	// head of the audit chain until the transaction ends: call it last.
	AppendAudit(ctx context.Context, entries ...audit.Entry) error
}

// AlertRaiser decides which alerts a new signal raises and for whom
// (alerts.Router).
type AlertRaiser interface {
	Raise(ctx context.Context, s escalate.Signal, h escalate.History) ([]alerts.Alert, error)
}

// Steps registers reports: number them, resolve their persons against the
// registry, create or enrich registry persons, store the mentions with
// their links and review items, raise alerts and write the audit entries,
// each a step below, all in one transaction of Store.
type Steps struct {
	Store Store
	// Resolver links mentions to registry persons; nil links nothing, and
	// every unlinked mention gets a new person.
	Resolver Resolver
	// Alerts raises the alerts of each new report; nil raises none.
	Alerts AlertRaiser
}

// Register stores nrs in one transaction. The result has one entry per
// input: true when its idempotency key was used before with the same
// request, and the stored report was loaded into its Report. A key used
// before for another request is a toren.CodeConflict error. A report
// without an audit recorder (its own, or the context's) fails the whole
// call with ErrNoRecorder before anything is stored.
func (s Steps) Register(ctx context.Context, nrs ...NewReport) ([]bool, error) {
	ctxRec, _ := audit.RecorderFrom(ctx)
	for i, nr := range nrs {
		if recorderOf(nr, ctxRec) == nil {
			return nil, fmt.Errorf("report %d of %d: %w", i+1, len(nrs), ErrNoRecorder)
		}
	}
	replayed := make([]bool, len(nrs))
	// Keep what the caller gave, so a retry starts from it and not from
	// IDs handed out by a rolled-back attempt.
	orig := make([]reports.Report, len(nrs))
	for i, nr := range nrs {
		orig[i] = *nr.Report
		orig[i].Persons = slices.Clone(nr.Report.Persons)
	}
	restore := func() {
		for i, nr := range nrs {
			*nr.Report = orig[i]
			nr.Report.Persons = slices.Clone(orig[i].Persons)
		}
	}
	attempt := func() error {
		// A session per attempt: a retry must not see the persons the
		// rolled-back attempt made.
		sess := BeginSession(ctx, s.Resolver, nrs)
		err := s.Store.WriteTx(ctx, func(tx Tx) error {
			// Statements run without the caller's cancellation: the driver
			// starts a watcher goroutine per statement for a cancellable
			// context, which costs more than the statement. Cancellation is
			// honoured between reports instead, and rolls the batch back.
			sctx := context.WithoutCancel(ctx)
			if gp, ok := tx.(GroupPreparer); ok {
				g := Group{Reports: len(nrs), Numbers: map[string]int64{}}
				for _, nr := range nrs {
					g.Persons += len(nr.Report.Persons)
					g.Numbers[seriesOf(nr.Report)]++
				}
				if err := gp.PrepareGroup(sctx, g); err != nil {
					return err
				}
			}
			if err := prefetchKeys(sctx, tx, nrs); err != nil {
				return err
			}
			var raised []alerts.Alert
			for i, nr := range nrs {
				if err := ctx.Err(); err != nil {
					return err
				}
				r, err := s.registerOne(sctx, tx, nr, sess)
				if err != nil {
					return fmt.Errorf("report %d of %d: %w", i+1, len(nrs), err)
				}
				replayed[i] = r
				if r {
					continue
				}
				// Each report's rules see the reports before it in the batch.
				as, err := s.raiseAlerts(sctx, tx, nr.Report)
				if err != nil {
					return fmt.Errorf("report %d of %d: %w", i+1, len(nrs), err)
				}
				raised = append(raised, as...)
			}
			return s.audit(sctx, tx, nrs, replayed, raised)
		}, sess.Commit)
		if err != nil {
			sess.Abort()
		}
		return err
	}
	err := attempt()
	if errors.Is(err, ErrRace) {
		// A concurrent request with the same idempotency key committed
		// between our check and our insert (PostgreSQL). Run again: the
		// check now finds it and replays.
		restore()
		err = attempt()
	}
	if err != nil {
		restore()
		return replayed, err
	}
	for i, nr := range nrs {
		if !replayed[i] {
			recorderOf(nr, ctxRec).Wrote(1)
		}
	}
	return replayed, nil
}

// registerOne runs the steps of one report and reports whether it was a
// replay of a stored one.
func (s Steps) registerOne(ctx context.Context, tx Tx, nr NewReport, sess Session) (bool, error) {
	if replayed, err := replay(ctx, tx, nr); replayed || err != nil {
		return replayed, err
	}
	r := nr.Report
	if err := number(ctx, tx, r); err != nil {
		return false, err
	}
	var err error
	if r.ID, err = tx.InsertReport(ctx, nr); err != nil {
		return false, fmt.Errorf("insert report: %w", err)
	}
	on := toren.DateOf(r.ReceivedAt.In(toren.Amsterdam))
	links := make([]Link, len(r.Persons))
	for i := range r.Persons {
		if links[i], err = resolve(ctx, tx, sess, nr, i, on); err != nil {
			return false, fmt.Errorf("resolve persons[%d]: %w", i, err)
		}
		if err := registerPerson(ctx, tx, sess, r, i); err != nil {
			return false, fmt.Errorf("persons[%d]: %w", i, err)
		}
	}
	// The mentions of a report in one statement: they wait for nothing
	// but their persons.
	if err := tx.InsertMentions(ctx, r, links); err != nil {
		return false, fmt.Errorf("insert persons: %w", err)
	}
	for i, link := range links {
		if link.Review == nil {
			continue
		}
		m := r.Persons[i]
		if err := tx.InsertReviewItem(ctx, m.ID, m.PersonID, link.Review, r.RegisteredAt); err != nil {
			return false, fmt.Errorf("persons[%d]: review item: %w", i, err)
		}
	}
	return false, nil
}

// prefetchKeys checks the idempotency keys of a group in one go when the
// transaction can (KeysPrefetcher) and the group has more than one.
func prefetchKeys(ctx context.Context, tx Tx, nrs []NewReport) error {
	kp, ok := tx.(KeysPrefetcher)
	if !ok || len(nrs) < 2 {
		return nil
	}
	var keys []string
	for _, nr := range nrs {
		if nr.IdempotencyKey != "" {
			keys = append(keys, nr.IdempotencyKey)
		}
	}
	if len(keys) < 2 {
		return nil
	}
	if err := kp.PrefetchKeys(ctx, keys); err != nil {
		return fmt.Errorf("check idempotency keys: %w", err)
	}
	return nil
}

// replay is the idempotency step: a key used before with the same request
// loads the stored report into nr.Report; with another request it is a
// conflict.
func replay(ctx context.Context, tx Tx, nr NewReport) (bool, error) {
	if nr.IdempotencyKey == "" {
		return false, nil
	}
	stored, hash, err := tx.ReportByKey(ctx, nr.IdempotencyKey)
	if err != nil {
		return false, fmt.Errorf("check idempotency key: %w", err)
	}
	if stored == nil {
		return false, nil
	}
	if hash != nr.RequestHash {
		return false, toren.Errorf(toren.CodeConflict, "idempotency key %q was used before for a different report", nr.IdempotencyKey)
	}
	*nr.Report = *stored
	return true, nil
}

// number is the numbering step: M-2026-000123 for a report, A-… for an
// advice request, counted per year of registration (Amsterdam time).
func number(ctx context.Context, tx Tx, r *reports.Report) error {
	// PostgreSQL keeps microseconds; trim here so both stores return
	// exactly what they were given.
	r.ReceivedAt = r.ReceivedAt.UTC().Truncate(time.Microsecond)
	r.RegisteredAt = r.RegisteredAt.UTC().Truncate(time.Microsecond)
	series := seriesOf(r)
	seq, err := tx.NextNumber(ctx, series)
	if err != nil {
		return fmt.Errorf("number report: %w", err)
	}
	r.Number = fmt.Sprintf("%s-%06d", series, seq)
	r.Version = 1
	return nil
}

// seriesOf names the counter of r's number: M-2026 for a report, A-…
// for an advice request, per year of registration (Amsterdam time).
func seriesOf(r *reports.Report) string {
	prefix := "M"
	if r.Kind == reports.KindAdvice {
		prefix = "A"
	}
	return fmt.Sprintf("%s-%d", prefix, r.RegisteredAt.In(toren.Amsterdam).Year())
}

// resolve is the resolution step for mention i: a link the worker
// confirmed, else the resolver's verdict. It sets the mention's PersonID
// (0: a new person is to be made) and returns the link's explanation.
func resolve(ctx context.Context, tx Tx, sess Session, nr NewReport, i int, on toren.Date) (Link, error) {
	m := &nr.Report.Persons[i]
	var link Link
	if id, ok := nr.Confirmed[i]; ok && m.PersonID == 0 {
		m.PersonID = id
		link = Link{PersonID: id, Method: LinkReviewer, By: nr.ConfirmedBy}
	}
	if m.PersonID != 0 {
		return link, nil
	}
	link, err := sess.Link(ctx, tx, *m, on)
	if err != nil {
		return Link{}, err
	}
	m.PersonID = link.PersonID
	return link, nil
}

// registerPerson is the registry step for mention i: a new registry person
// when it is linked to none, else the linked person enriched with what the
// mention adds. The session learns of each, so that the next mention (in
// this report or a later one of the batch) can be linked to it.
func registerPerson(ctx context.Context, tx Tx, sess Session, r *reports.Report, i int) error {
	m := &r.Persons[i]
	if m.PersonID == 0 {
		p := persons.FromMention(*m, r.RegisteredAt)
		id, err := tx.InsertPerson(ctx, &p)
		if err != nil {
			return err
		}
		p.ID, m.PersonID = id, id
		sess.Stored(p)
		return nil
	}
	p, changed, err := tx.EnrichPerson(ctx, m.PersonID, *m, r.RegisteredAt)
	if err != nil {
		return err
	}
	if changed {
		sess.Stored(p)
	}
	return nil
}

// raiseAlerts is the alert step: the rules look at the stored report with
// what was known of its persons and households, and the alerts they raise
// are stored in the same transaction, so a report is never stored without
// its alerts.
func (s Steps) raiseAlerts(ctx context.Context, tx Tx, r *reports.Report) ([]alerts.Alert, error) {
	if s.Alerts == nil {
		return nil, nil
	}
	sig, h, err := tx.SignalHistory(ctx, r)
	if err != nil {
		return nil, err
	}
	if len(sig.Persons) == 0 {
		return nil, nil
	}
	raised, err := s.Alerts.Raise(ctx, sig, h)
	if err != nil {
		return nil, fmt.Errorf("raise alerts: %w", err)
	}
	for i := range raised {
		a := &raised[i]
		a.CreatedAt = r.RegisteredAt.UTC().Truncate(time.Microsecond)
		a.Version = 1
		if err := tx.InsertAlert(ctx, a); err != nil {
			return nil, fmt.Errorf("insert alert %s: %w", a.Rule, err)
		}
	}
	return raised, nil
}

// recorderOf is the recorder that writes nr's audit entries: its own, or
// the context's.
func recorderOf(nr NewReport, ctxRec *audit.Recorder) *audit.Recorder {
	if nr.Recorder != nil {
		return nr.Recorder
	}
	return ctxRec
}

// audit is the last step: the audit entry of each report created, naming
// the persons in it, of each link a worker confirmed, and of each alert
// raised, each by the recorder of its report (Register has checked that
// every report has one). It runs last, as it locks the head of the audit
// chain.
func (s Steps) audit(ctx context.Context, tx Tx, nrs []NewReport, replayed []bool, raised []alerts.Alert) error {
	ctxRec, _ := audit.RecorderFrom(ctx)
	var entries []audit.Entry
	byReport := map[int64]*audit.Recorder{}
	for i, nr := range nrs {
		if replayed[i] {
			continue
		}
		rec := recorderOf(nr, ctxRec)
		if rec == nil {
			return fmt.Errorf("report %d: %w", nr.Report.ID, ErrNoRecorder)
		}
		byReport[nr.Report.ID] = rec
		var ids []int64
		for _, m := range nr.Report.Persons {
			ids = append(ids, m.PersonID)
		}
		entries = append(entries, rec.Entry(nr.Report.RegisteredAt, audit.ActionReportCreate, "report", strconv.FormatInt(nr.Report.ID, 10), ids))
		for _, j := range slices.Sorted(maps.Keys(nr.Confirmed)) {
			m := nr.Report.Persons[j]
			e := rec.Entry(nr.Report.RegisteredAt, audit.ActionPersonLinkConfirm, "mention", strconv.FormatInt(m.ID, 10), []int64{m.PersonID})
			e.Reason = "same person confirmed while taking report " + nr.Report.Number
			entries = append(entries, e)
		}
	}
	for _, a := range raised {
		rec := byReport[a.ReportID]
		if rec == nil {
			return fmt.Errorf("alert %s of report %d: %w", a.Rule, a.ReportID, ErrNoRecorder)
		}
		var ids []int64
		if a.PersonID != 0 {
			ids = []int64{a.PersonID}
		}
		e := rec.Entry(a.CreatedAt, "alert.raise", "alert", strconv.FormatInt(a.ID, 10), ids)
		e.Reason = fmt.Sprintf("rule %s for team %s, report %d", a.Rule, a.Team, a.ReportID)
		entries = append(entries, e)
	}
	if len(entries) == 0 {
		return nil
	}
	return tx.AppendAudit(ctx, entries...)
}
