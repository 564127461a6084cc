package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"toren/internal/reports"
	"toren/internal/toren"
)

const nextNSQL = `INSERT INTO counters (name, value) VALUES (?, ?)
	ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value RETURNING value`

// nextN adds n to the named counter and returns its new value: the
// numbers up to it from value-n+1 are the caller's.
func (db *DB) nextN(ctx context.Context, tq txQ, name string, n int64) (int64, error) {
	v := int64(-1)
	err := tq.each(ctx, func(s scanner) error { return s.Scan(&v) }, nextNSQL, name, n)
	if err == nil && v < 0 {
		err = sql.ErrNoRows
	}
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, err)
	}
	return v, nil
}

// next returns the next value of the named counter inside tx.
func (db *DB) next(ctx context.Context, tq txQ, name string) (int64, error) {
	return db.nextN(ctx, tq, name, 1)
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
