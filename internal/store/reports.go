package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"toren/internal/alerts"
	"toren/internal/audit"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// CreateReport implements intake.Store.
func (db *DB) CreateReport(ctx context.Context, nr intake.NewReport, res intake.Resolver) (replayed bool, err error) {
	out, err := db.CreateReports(ctx, []intake.NewReport{nr}, res)
	if err != nil {
		return false, err
	}
	return out[0], nil
}

// CreateReports implements intake.Store: all reports in one transaction.
// A nil resolver links nothing: every unlinked mention gets a new person.
func (db *DB) CreateReports(ctx context.Context, nrs []intake.NewReport, res intake.Resolver) ([]bool, error) {
	replayed := make([]bool, len(nrs))
	// Keep what the caller gave, so a retry starts from it and not from
	// IDs handed out by a rolled-back attempt.
	orig := make([]reports.Report, len(nrs))
	for i, nr := range nrs {
		orig[i] = *nr.Report
		orig[i].Persons = append([]reports.Mention(nil), nr.Report.Persons...)
	}
	restore := func() {
		for i, nr := range nrs {
			*nr.Report = orig[i]
			nr.Report.Persons = append([]reports.Mention(nil), orig[i].Persons...)
		}
	}
	attempt := func() error {
		// A session per attempt: a retry must not see the persons the
		// rolled-back attempt made.
		sess := intake.BeginSession(ctx, res, nrs)
		err := db.inTxCommit(ctx, func(tq txQ) error {
			// Statements run without the caller's cancellation: the driver
			// starts a watcher goroutine per statement for a cancellable
			// context, which costs more than the statement. Cancellation is
			// honoured between reports instead, and rolls the batch back.
			sctx := context.WithoutCancel(ctx)
			var raised []alerts.Alert
			for i, nr := range nrs {
				if err := ctx.Err(); err != nil {
					return err
				}
				r, err := db.createReport(sctx, tq, nr, sess)
				if err != nil {
					return fmt.Errorf("store: report %d of %d: %w", i+1, len(nrs), err)
				}
				replayed[i] = r
				if !r {
					// Each report's rules see the reports before it in the batch.
					as, err := db.raiseAlerts(sctx, tq, nr.Report)
					if err != nil {
						return fmt.Errorf("store: report %d of %d: %w", i+1, len(nrs), err)
					}
					raised = append(raised, as...)
				}
			}
			return db.recordCreated(sctx, tq, nrs, replayed, raised)
		}, sess.Commit)
		if err != nil {
			sess.Abort()
		}
		return err
	}
	err := attempt()
	if err != nil && isUniqueViolation(err) {
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
	ctxRec, _ := audit.RecorderFrom(ctx)
	for i, nr := range nrs {
		if rec := recorderOf(nr, ctxRec); rec != nil && !replayed[i] {
			rec.Wrote(1)
		}
	}
	return replayed, nil
}

// recorderOf is the recorder that writes nr's audit entries: its own, or
// the context's.
func recorderOf(nr intake.NewReport, ctxRec *audit.Recorder) *audit.Recorder {
	if nr.Recorder != nil {
		return nr.Recorder
	}
	return ctxRec
}

// recordCreated appends, in the same transaction, the audit entry of each
// report the request created, naming the persons in it, when the context
// says who acts. It runs last, as it locks the head of the audit chain.
func (db *DB) recordCreated(ctx context.Context, tq txQ, nrs []intake.NewReport, replayed []bool, raised []alerts.Alert) error {
	ctxRec, _ := audit.RecorderFrom(ctx)
	var entries []audit.Entry
	byReport := map[int64]*audit.Recorder{}
	for i, nr := range nrs {
		rec := recorderOf(nr, ctxRec)
		if replayed[i] || rec == nil {
			continue
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
		if rec := byReport[a.ReportID]; rec != nil {
			entries = append(entries, alertEntries(rec, []alerts.Alert{a})...)
		}
	}
	if len(entries) == 0 {
		return nil
	}
	return db.appendAuditTx(ctx, tq, entries...)
}

func (db *DB) createReport(ctx context.Context, tq txQ, nr intake.NewReport, sess intake.Session) (bool, error) {
	r := nr.Report
	if nr.IdempotencyKey != "" {
		var id int64
		var hash string
		err := tq.row(ctx, (`SELECT id, request_hash FROM reports WHERE idempotency_key = ?`), nr.IdempotencyKey).Scan(&id, &hash)
		switch {
		case err == nil:
			if hash != nr.RequestHash {
				return false, toren.Errorf(toren.CodeConflict, "idempotency key %q was used before for a different report", nr.IdempotencyKey)
			}
			stored, err := db.getReport(ctx, tq, "id = ?", id)
			if err != nil {
				return false, err
			}
			*r = *stored
			return true, nil
		case !errors.Is(err, sql.ErrNoRows):
			return false, fmt.Errorf("check idempotency key: %w", err)
		}
	}

	// PostgreSQL keeps microseconds; trim here so both stores return
	// exactly what they were given.
	r.ReceivedAt = r.ReceivedAt.UTC().Truncate(time.Microsecond)
	r.RegisteredAt = r.RegisteredAt.UTC().Truncate(time.Microsecond)
	prefix := "M"
	if r.Kind == reports.KindAdvice {
		prefix = "A"
	}
	year := r.RegisteredAt.In(toren.Amsterdam).Year()
	seq, err := db.next(ctx, tq, fmt.Sprintf("%s-%d", prefix, year))
	if err != nil {
		return false, err
	}
	r.Number = fmt.Sprintf("%s-%d-%06d", prefix, year, seq)
	r.Version = 1
	var key any
	if nr.IdempotencyKey != "" {
		key = nr.IdempotencyKey
	}
	// The meldcode as JSON, and its number of steps for the statistics
	// (NULL when not recorded).
	mc, mcSteps := "", any(nil)
	if r.Meldcode != nil {
		b, err := json.Marshal(r.Meldcode)
		if err != nil {
			return false, fmt.Errorf("store: report meldcode: %w", err)
		}
		mc, mcSteps = string(b), len(r.Meldcode.Steps)
	}
	r.ID, err = tq.insert(ctx, `INSERT INTO reports (number, kind, received_at, channel,
		reporter_kind, reporter_name, reporter_org, reporter_function, reporter_phone, reporter_email, reporter_relation, reporter_protected,
		external_ref, acute, children_present, violence_types, natures, municipality, description, meldcode, meldcode_steps,
		registered_at, registered_by, idempotency_key, request_hash, version)
		VALUES (?,?,?,?, ?,?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?, ?,?,?,?,?)`,
		r.Number, r.Kind, r.ReceivedAt.UTC(), r.Channel,
		r.Reporter.Kind, r.Reporter.Name, r.Reporter.Organisation, r.Reporter.Function, r.Reporter.Phone, r.Reporter.Email, r.Reporter.Relation, r.Reporter.ProtectIdentity,
		r.ExternalRef, r.Acute, r.ChildrenPresent, joinCodes(r.ViolenceTypes), joinCodes(r.Natures), r.Municipality, r.Description, mc, mcSteps,
		r.RegisteredAt.UTC(), r.RegisteredBy, key, nr.RequestHash, r.Version,
	)
	if err != nil {
		return false, fmt.Errorf("insert report: %w", err)
	}
	finder := txFinder{db: db, q: tq, seen: map[int64]persons.Person{}}
	on := toren.DateOf(r.ReceivedAt.In(toren.Amsterdam))
	for i := range r.Persons {
		m := &r.Persons[i]
		var link intake.Link
		if id, ok := nr.Confirmed[i]; ok && m.PersonID == 0 {
			m.PersonID = id
			link = intake.Link{PersonID: id, Method: intake.LinkReviewer, By: nr.ConfirmedBy}
		}
		if m.PersonID == 0 {
			if link, err = sess.Link(ctx, finder, *m, on); err != nil {
				return false, fmt.Errorf("resolve persons[%d]: %w", i, err)
			}
			m.PersonID = link.PersonID
		}
		if m.PersonID == 0 {
			p := persons.FromMention(*m, r.RegisteredAt)
			if m.PersonID, err = db.insertPerson(ctx, tq, &p); err != nil {
				return false, err
			}
			sess.Stored(p)
		} else {
			p, changed, err := db.enrichPerson(ctx, tq, finder.seen, m.PersonID, *m, r.RegisteredAt)
			if err != nil {
				return false, err
			}
			if changed {
				sess.Stored(p)
			}
		}
		if m.ID, err = db.insertMention(ctx, tq, r.ID, r.ReceivedAt, i, m, link); err != nil {
			return false, fmt.Errorf("insert persons[%d]: %w", i, err)
		}
		if link.Review != nil {
			if err := db.insertReviewItem(ctx, tq, m.ID, m.PersonID, link.Review, r.RegisteredAt); err != nil {
				return false, fmt.Errorf("persons[%d]: %w", i, err)
			}
		}
	}
	return false, nil
}

// next returns the next value of the named counter inside tx.
func (db *DB) next(ctx context.Context, tq txQ, name string) (int64, error) {
	var v int64
	err := tq.row(ctx, (`INSERT INTO counters (name, value) VALUES (?, 1)
		ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`), name).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, err)
	}
	return v, nil
}

const reportColumns = `id, number, kind, received_at, channel,
	reporter_kind, reporter_name, reporter_org, reporter_function, reporter_phone, reporter_email, reporter_relation, reporter_protected,
	external_ref, acute, children_present, violence_types, natures, municipality, description, meldcode, registered_at, registered_by, version`

type scanner interface{ Scan(dest ...any) error }

func scanReport(s scanner) (*reports.Report, error) {
	var r reports.Report
	var types, natures, mc string
	err := s.Scan(&r.ID, &r.Number, &r.Kind, &r.ReceivedAt, &r.Channel,
		&r.Reporter.Kind, &r.Reporter.Name, &r.Reporter.Organisation, &r.Reporter.Function, &r.Reporter.Phone, &r.Reporter.Email, &r.Reporter.Relation, &r.Reporter.ProtectIdentity,
		&r.ExternalRef, &r.Acute, &r.ChildrenPresent, &types, &natures, &r.Municipality, &r.Description, &mc, &r.RegisteredAt, &r.RegisteredBy, &r.Version)
	if err != nil {
		return nil, err
	}
	if mc != "" {
		r.Meldcode = &reports.Meldcode{}
		if err := json.Unmarshal([]byte(mc), r.Meldcode); err != nil {
			return nil, fmt.Errorf("report %d: meldcode: %w", r.ID, err)
		}
	}
	r.ReceivedAt = r.ReceivedAt.UTC()
	r.RegisteredAt = r.RegisteredAt.UTC()
	r.ViolenceTypes = splitCodes[reports.ViolenceType](types)
	r.Natures = splitCodes[reports.Nature](natures)
	return &r, nil
}

func (db *DB) getReport(ctx context.Context, q querier, where string, arg any) (*reports.Report, error) {
	r, err := scanReport(q.row(ctx, (`SELECT ` + reportColumns + ` FROM reports WHERE ` + where), arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("report", arg)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get report %v: %w", arg, err)
	}
	if r.Persons, err = db.mentions(ctx, q, "report_id = ? ORDER BY position", r.ID); err != nil {
		return nil, err
	}
	return r, nil
}

// GetReport returns the report with its persons as named.
func (db *DB) GetReport(ctx context.Context, id int64) (*reports.Report, error) {
	return db.getReport(ctx, db.reader(), "id = ?", id)
}

// GetReportByNumber returns the report with that human number.
func (db *DB) GetReportByNumber(ctx context.Context, number string) (*reports.Report, error) {
	return db.getReport(ctx, db.reader(), "number = ?", number)
}

const mentionColumns = `id, role, first_names, initials, particle, surname, birth_date, age, sex,
	street, house_number, postcode, city, municipality, bsn, phone, person_id`

func scanMention(s scanner, extra ...any) (reports.Mention, error) {
	var m reports.Mention
	var birth string
	var age, person sql.NullInt64
	dest := append([]any{&m.ID, &m.Role, &m.FirstNames, &m.Initials, &m.Particle, &m.Surname, &birth, &age, &m.Sex,
		&m.Street, &m.HouseNumber, &m.Postcode, &m.City, &m.Municipality, &m.BSN, &m.Phone, &person}, extra...)
	if err := s.Scan(dest...); err != nil {
		return m, err
	}
	var err error
	if m.BirthDate, err = toren.ParseDate(birth); err != nil {
		return m, fmt.Errorf("mention %d: %w", m.ID, err)
	}
	if age.Valid {
		a := int(age.Int64)
		m.Age = &a
	}
	m.PersonID = person.Int64
	return m, nil
}

func (db *DB) mentions(ctx context.Context, q querier, where string, args ...any) ([]reports.Mention, error) {
	rows, err := q.rows(ctx, (`SELECT ` + mentionColumns + ` FROM mentions WHERE ` + where), args...)
	if err != nil {
		return nil, fmt.Errorf("store: mentions: %w", err)
	}
	defer rows.Close()
	var out []reports.Mention
	for rows.Next() {
		m, err := scanMention(rows)
		if err != nil {
			return nil, fmt.Errorf("store: mentions: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ListReports returns report summaries, newest first.
func (db *DB) ListReports(ctx context.Context, f reports.Filter) ([]reports.Summary, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	where, args := []string{"1=1"}, []any{}
	if f.Kind != "" {
		where = append(where, "r.kind = ?")
		args = append(args, f.Kind)
	}
	if f.BeforeID > 0 {
		where = append(where, "r.id < ?")
		args = append(args, f.BeforeID)
	}
	args = append(args, f.Limit)
	rows, err := db.reader().rows(ctx, (`SELECT r.id, r.number, r.kind, r.received_at, r.reporter_kind, r.acute, r.violence_types,
		(SELECT COUNT(*) FROM mentions m WHERE m.report_id = r.id)
		FROM reports r WHERE ` + strings.Join(where, " AND ") + ` ORDER BY r.id DESC LIMIT ?`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list reports: %w", err)
	}
	defer rows.Close()
	var out []reports.Summary
	for rows.Next() {
		var s reports.Summary
		var types string
		if err := rows.Scan(&s.ID, &s.Number, &s.Kind, &s.ReceivedAt, &s.ReporterKind, &s.Acute, &types, &s.Persons); err != nil {
			return nil, fmt.Errorf("store: list reports: %w", err)
		}
		s.ReceivedAt = s.ReceivedAt.UTC()
		s.ViolenceTypes = splitCodes[reports.ViolenceType](types)
		out = append(out, s)
	}
	return out, rows.Err()
}

// Counts returns how many reports, advice requests and registry persons
// exist, from the counts triggers keep (migration 00010): counting
// millions of rows on every start page would take seconds.
func (db *DB) Counts(ctx context.Context) (reportsN, adviceN, personsN int64, err error) {
	err = db.reader().row(ctx, `SELECT
		(SELECT n FROM row_counts WHERE name = 'reports.report'),
		(SELECT n FROM row_counts WHERE name = 'reports.advice'),
		(SELECT n FROM row_counts WHERE name = 'persons')`).Scan(&reportsN, &adviceN, &personsN)
	if err != nil {
		err = fmt.Errorf("store: counts: %w", err)
	}
	return
}

func joinCodes[T ~string](cs []T) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = string(c)
	}
	return strings.Join(parts, ",")
}

func splitCodes[T ~string](s string) []T {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]T, len(parts))
	for i, p := range parts {
		out[i] = T(p)
	}
	return out
}

func isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}
