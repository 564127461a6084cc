package store

import (
	"context"
	"fmt"
	"strconv"

	"toren/internal/audit"
	"toren/internal/cases"
	"toren/internal/reports"
)

// The reads behind the case-work screens: the reports waiting for triage,
// the cases a report is in, and a case's slice of the audit log.

// TriageReports returns the reports (not advice requests) that are in no
// case yet, oldest first: the intake team's triage queue. limit is capped
// at 500 (default 100).
func (db *DB) TriageReports(ctx context.Context, limit int) ([]reports.Summary, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := db.reader().rows(ctx, `SELECT r.id, r.number, r.kind, r.received_at, r.reporter_kind, r.acute, r.violence_types,
		(SELECT COUNT(*) FROM mentions m WHERE m.report_id = r.id)
		FROM reports r
		WHERE r.kind = ? AND NOT EXISTS (SELECT 1 FROM case_reports cr WHERE cr.report_id = r.id)
		ORDER BY r.received_at, r.id LIMIT ?`, string(reports.KindReport), limit)
	if err != nil {
		return nil, fmt.Errorf("store: triage reports: %w", err)
	}
	defer rows.Close()
	var out []reports.Summary
	for rows.Next() {
		var s reports.Summary
		var types string
		if err := rows.Scan(&s.ID, &s.Number, &s.Kind, &s.ReceivedAt, &s.ReporterKind, &s.Acute, &types, &s.Persons); err != nil {
			return nil, fmt.Errorf("store: triage reports: %w", err)
		}
		s.ReceivedAt = s.ReceivedAt.UTC()
		s.ViolenceTypes = splitCodes[reports.ViolenceType](types)
		out = append(out, s)
	}
	return out, rows.Err()
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
