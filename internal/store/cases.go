package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"toren/internal/cases"
	"toren/internal/toren"
)

// CreateCase opens a case for the given reports and assigns its number.
func (db *DB) CreateCase(ctx context.Context, c *cases.Case) error {
	return db.inTx(ctx, func(tq txQ) error { return db.createCaseTx(ctx, tq, c) })
}

// createCaseTx is CreateCase inside the caller's transaction.
func (db *DB) createCaseTx(ctx context.Context, tq txQ, c *cases.Case) error {
	c.OpenedAt = c.OpenedAt.UTC().Truncate(time.Microsecond)
	year := c.OpenedAt.In(toren.Amsterdam).Year()
	seq, err := db.next(ctx, tq, fmt.Sprintf("D-%d", year))
	if err != nil {
		return err
	}
	c.Number = fmt.Sprintf("D-%d-%06d", year, seq)
	c.Version = 1
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.OpenedAt
	}
	c.ID, err = tq.insert(ctx, `INSERT INTO cases (number, status, team, summary, opened_at, updated_at, version)
		VALUES (?,?,?,?,?,?,?)`, c.Number, c.Status, c.Team, c.Summary, c.OpenedAt.UTC(), c.UpdatedAt.UTC(), c.Version)
	if err != nil {
		return fmt.Errorf("store: insert case: %w", err)
	}
	for _, rid := range c.ReportIDs {
		if _, err := tq.exec(ctx, (`INSERT INTO case_reports (case_id, report_id) VALUES (?, ?)`), c.ID, rid); err != nil {
			return fmt.Errorf("store: link case to report %d: %w", rid, err)
		}
	}
	return nil
}

// GetCase returns a case with the IDs of its reports.
func (db *DB) GetCase(ctx context.Context, id int64) (*cases.Case, error) {
	in, args := inList([]int64{id})
	files, err := caseRows(ctx, db.reader(), in, args)
	if err != nil {
		return nil, fmt.Errorf("store: get case %d: %w", id, err)
	}
	f := files[id]
	if f == nil {
		return nil, notFound("case", id)
	}
	return &f.Case, nil
}

// UpdateCase stores the case's status, team and summary. c.Version must be
// the version that was read; a concurrent change returns toren.CodeConflict.
func (db *DB) UpdateCase(ctx context.Context, c *cases.Case) error {
	return db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, (`UPDATE cases SET status = ?, team = ?, summary = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`), c.Status, c.Team, c.Summary, c.UpdatedAt.UTC(), c.ID, c.Version)
		if err != nil {
			return fmt.Errorf("store: update case %d: %w", c.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("store: update case %d: %w", c.ID, err)
		}
		if n == 0 {
			var one int
			if err := tq.row(ctx, (`SELECT 1 FROM cases WHERE id = ?`), c.ID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return notFound("case", c.ID)
			}
			return conflict("case", c.ID)
		}
		c.Version++
		return nil
	})
}

// ReportCaseTeams returns the teams of the cases a report belongs to.
func (db *DB) ReportCaseTeams(ctx context.Context, reportID int64) ([]string, error) {
	return db.teams(ctx, `SELECT DISTINCT c.team FROM cases c JOIN case_reports cr ON cr.case_id = c.id
		WHERE cr.report_id = ? AND c.team <> ''`, reportID)
}

// PersonCaseTeams returns the teams of the open cases whose reports name
// the person: the teams with a current involvement.
func (db *DB) PersonCaseTeams(ctx context.Context, personID int64) ([]string, error) {
	return db.teams(ctx, `SELECT DISTINCT c.team FROM cases c
		JOIN case_reports cr ON cr.case_id = c.id
		JOIN mentions m ON m.report_id = cr.report_id
		WHERE m.person_id = ? AND c.team <> '' AND c.status NOT IN ('closed', 'ended', 'converted_advice')`, personID)
}

func (db *DB) teams(ctx context.Context, query string, arg any) ([]string, error) {
	rows, err := db.reader().rows(ctx, query, arg)
	if err != nil {
		return nil, fmt.Errorf("store: teams: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: teams: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// PersonInTriage reports whether a report naming the person is not yet in
// any case (it is with the intake team).
func (db *DB) PersonInTriage(ctx context.Context, personID int64) (bool, error) {
	var n int
	err := db.reader().row(ctx, `SELECT COUNT(*) FROM mentions m
		WHERE m.person_id = ? AND NOT EXISTS (SELECT 1 FROM case_reports cr WHERE cr.report_id = m.report_id)`, personID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: person %d in triage: %w", personID, err)
	}
	return n > 0, nil
}
