package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"toren/internal/audit"
	"toren/internal/itteam"
)

// The Interventieteam's incident reports (MIC): one document per report
// beside the columns the team leader's work queue and the year's count
// select on (migration 00029).

// CreateMIC stores a new incident report with its audit entry.
func (db *DB) CreateMIC(ctx context.Context, m itteam.MIC, entry audit.Entry) (int64, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return 0, fmt.Errorf("store: MIC: %w", err)
	}
	var id int64
	err = db.inTx(ctx, func(tq txQ) error {
		var one int
		if err := tq.row(ctx, `SELECT 1 FROM it_cases WHERE id = ?`, m.ITCaseID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return notFound("IT case", m.ITCaseID)
		} else if err != nil {
			return fmt.Errorf("store: MIC's IT case %d: %w", m.ITCaseID, err)
		}
		id, err = tq.insert(ctx, `INSERT INTO it_mics (version, it_case_id, team, reporter_id, reported_on, next_due, body, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?)`, m.Version, m.ITCaseID, m.Team, m.Reporter.ID, m.ReportedOn.String(), micNextDue(&m), string(body),
			m.CreatedAt.UTC(), m.CreatedAt.UTC())
		if err != nil {
			return fmt.Errorf("store: insert MIC: %w", err)
		}
		entry.ObjectID = fmt.Sprint(id)
		return db.appendAuditTx(ctx, tq, entry)
	})
	return id, err
}

func micNextDue(m *itteam.MIC) string {
	if d, ok := m.NextDue(); ok {
		return d.String()
	}
	return ""
}

// MIC returns one incident report.
func (db *DB) MIC(ctx context.Context, id int64) (itteam.MIC, error) {
	m, err := scanMIC(db.reader().row(ctx, `SELECT id, version, body FROM it_mics WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, notFound("MIC", id)
	}
	return m, err
}

// MICsOfCase returns the incident reports made in an IT case, oldest
// first.
func (db *DB) MICsOfCase(ctx context.Context, itCaseID int64) ([]itteam.MIC, error) {
	return db.mics(ctx, `SELECT id, version, body FROM it_mics WHERE it_case_id = ? ORDER BY reported_on, id`, itCaseID)
}

// OpenMICs returns the team's incident reports with a follow-up still
// open whose first open one is due on or before due, earliest first.
func (db *DB) OpenMICs(ctx context.Context, team string, due string) ([]itteam.MIC, error) {
	return db.mics(ctx, `SELECT id, version, body FROM it_mics WHERE team = ? AND next_due <> '' AND next_due <= ? ORDER BY next_due, id`, team, due)
}

// MICCount counts the team's incident reports made in a year.
func (db *DB) MICCount(ctx context.Context, team string, year int) (int, error) {
	var n int
	from, to := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)
	if err := db.reader().row(ctx, `SELECT COUNT(*) FROM it_mics WHERE team = ? AND reported_on >= ? AND reported_on <= ?`, team, from, to).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: MIC count %d: %w", year, err)
	}
	return n, nil
}

func (db *DB) mics(ctx context.Context, query string, args ...any) ([]itteam.MIC, error) {
	rows, err := db.reader().rows(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: MICs: %w", err)
	}
	defer rows.Close()
	out := []itteam.MIC{}
	for rows.Next() {
		m, err := scanMIC(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func scanMIC(s scanner) (itteam.MIC, error) {
	var m itteam.MIC
	var id int64
	var version int
	var body string
	if err := s.Scan(&id, &version, &body); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return m, err
		}
		return m, fmt.Errorf("store: MIC: %w", err)
	}
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return m, fmt.Errorf("store: MIC %d body: %w", id, err)
	}
	m.ID, m.Version = id, version
	m.CreatedAt = m.CreatedAt.UTC()
	return m, nil
}

// UpdateMIC stores m, at version m.Version, when the stored report is at
// the version before; its audit entry goes in the same transaction.
func (db *DB) UpdateMIC(ctx context.Context, m itteam.MIC, entry audit.Entry) error {
	body, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("store: MIC: %w", err)
	}
	return db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE it_mics SET version = ?, next_due = ?, body = ?, updated_at = ? WHERE id = ? AND version = ?`,
			m.Version, micNextDue(&m), string(body), entry.At.UTC(), m.ID, m.Version-1)
		if err != nil {
			return fmt.Errorf("store: update MIC %d: %w", m.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("store: update MIC %d: %w", m.ID, err)
		}
		if n == 0 {
			var one int
			if err := tq.row(ctx, `SELECT 1 FROM it_mics WHERE id = ?`, m.ID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return notFound("MIC", m.ID)
			}
			return conflict("MIC", m.ID)
		}
		return db.appendAuditTx(ctx, tq, entry)
	})
}
