package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"toren/internal/audit"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/reports"
)

// The reads behind the case-work screens: the reports waiting for triage,
// the cases a report is in, and a case's slice of the audit log.

// TriageReports implements casework.Store: the reports (not advice
// requests) in no case, urgent first (acute, or with an urgent_triage
// alert), then by receipt, with how many match.
func (db *DB) TriageReports(ctx context.Context, q casework.TriageQuery) ([]casework.TriageRow, int, error) {
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 50
	}
	urgent := `(r.acute OR EXISTS (SELECT 1 FROM alerts a WHERE a.report_id = r.id AND a.rule = 'urgent_triage'))`
	where := []string{"r.kind = ?", "NOT EXISTS (SELECT 1 FROM case_reports cr WHERE cr.report_id = r.id)"}
	args := []any{string(reports.KindReport)}
	if q.Urgent {
		where = append(where, urgent)
	}
	if q.ReporterKind != "" {
		where = append(where, "r.reporter_kind = ?")
		args = append(args, string(q.ReporterKind))
	}
	if !q.OverdueBefore.IsZero() {
		where = append(where, "(r.acute OR r.received_at < ?)")
		args = append(args, utc(q.OverdueBefore))
	}
	if q.Teams != nil {
		if len(q.Teams) == 0 {
			return []casework.TriageRow{}, 0, nil
		}
		where = append(where, "EXISTS (SELECT 1 FROM alerts a WHERE a.report_id = r.id AND a.team IN (?"+strings.Repeat(",?", len(q.Teams)-1)+"))")
		for _, t := range q.Teams {
			args = append(args, t)
		}
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := db.reader().row(ctx, `SELECT COUNT(*) FROM reports r WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: triage reports: %w", err)
	}
	rows, err := db.reader().rows(ctx, `SELECT r.id, r.number, r.received_at, r.reporter_kind, r.acute, `+urgent+`, r.violence_types,
		(SELECT COUNT(*) FROM mentions m WHERE m.report_id = r.id)
		FROM reports r WHERE `+cond+`
		ORDER BY CASE WHEN `+urgent+` THEN 0 ELSE 1 END, r.received_at, r.id LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: triage reports: %w", err)
	}
	defer rows.Close()
	out := []casework.TriageRow{}
	for rows.Next() {
		var s casework.TriageRow
		var types string
		if err := rows.Scan(&s.ID, &s.Number, &s.ReceivedAt, &s.ReporterKind, &s.Acute, &s.Urgent, &types, &s.Persons); err != nil {
			return nil, 0, fmt.Errorf("store: triage reports: %w", err)
		}
		s.ReceivedAt = s.ReceivedAt.UTC()
		s.ViolenceTypes = splitCodes[reports.ViolenceType](types)
		out = append(out, s)
	}
	return out, total, rows.Err()
}

// CasesOfReport returns the cases the report is in, newest first. It
// holds only what a list of signals may show (number, status, team).
func (db *DB) CasesOfReport(ctx context.Context, reportID int64) ([]cases.Ref, error) {
	rows, err := db.reader().rows(ctx, `SELECT c.id, c.number, c.status, c.team
		FROM case_reports cr JOIN cases c ON c.id = cr.case_id
		WHERE cr.report_id = ? ORDER BY c.id DESC`, reportID)
	if err != nil {
		return nil, fmt.Errorf("store: cases of report %d: %w", reportID, err)
	}
	defer rows.Close()
	var out []cases.Ref
	for rows.Next() {
		var c cases.Ref
		if err := rows.Scan(&c.ID, &c.Number, &c.Status, &c.Team); err != nil {
			return nil, fmt.Errorf("store: cases of report %d: %w", reportID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AuditForCase returns the audit entries about a case, newest first: the
// accesses and changes recorded on the case itself, on its decisions and
// on its letters. limit is capped at 1000 (default 100).
//
// The audit log has no index on its object, so this reads the log in
// full; it serves the privacy officer's occasional look, not a list.
func (db *DB) AuditForCase(ctx context.Context, caseID int64, limit int) ([]audit.Entry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	id := strconv.FormatInt(caseID, 10)
	rows, err := db.reader().rows(ctx, `SELECT `+auditColumns+` FROM audit_log
		WHERE (object_type = 'case' AND object_id = ?)
		   OR (object_type = 'decision' AND object_id IN (SELECT CAST(id AS TEXT) FROM case_decisions WHERE case_id = ?))
		   OR (object_type = 'letter' AND object_id IN (SELECT CAST(id AS TEXT) FROM letters WHERE case_id = ?))
		ORDER BY seq DESC LIMIT ?`, id, caseID, caseID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit of case %d: %w", caseID, err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		e, err := scanAuditEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("store: audit of case %d: %w", caseID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CasesWithContact returns the cases that recorded a contact with the
// registry person personID, newest first: a case can name a person in a
// contact without a report naming them (the access copy holds those too).
func (db *DB) CasesWithContact(ctx context.Context, personID int64) ([]int64, error) {
	ids, err := db.idsIn(ctx, db.reader(), `SELECT DISTINCT case_id FROM case_contacts WHERE person_id = ? ORDER BY case_id DESC`, personID)
	if err != nil {
		return nil, fmt.Errorf("store: cases with a contact with person %d: %w", personID, err)
	}
	return ids, nil
}
