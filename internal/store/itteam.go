package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/toren"
)

var _ itteamsvc.Store = (*DB)(nil)

// Checklist returns checklist version v.
func (db *DB) Checklist(ctx context.Context, v int) (itteam.Checklist, error) {
	var body string
	err := db.reader().row(ctx, `SELECT body FROM it_checklists WHERE version = ?`, v).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return itteam.Checklist{}, notFound("checklist version", v)
	}
	if err != nil {
		return itteam.Checklist{}, fmt.Errorf("store: checklist %d: %w", v, err)
	}
	return decodeChecklist(body)
}

// LatestChecklist returns the highest checklist version.
func (db *DB) LatestChecklist(ctx context.Context) (itteam.Checklist, error) {
	var body string
	err := db.reader().row(ctx, `SELECT body FROM it_checklists ORDER BY version DESC LIMIT 1`).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return itteam.Checklist{}, notFound("checklist", "latest")
	}
	if err != nil {
		return itteam.Checklist{}, fmt.Errorf("store: latest checklist: %w", err)
	}
	return decodeChecklist(body)
}

func decodeChecklist(body string) (itteam.Checklist, error) {
	var cl itteam.Checklist
	if err := json.Unmarshal([]byte(body), &cl); err != nil {
		return cl, fmt.Errorf("store: checklist body: %w", err)
	}
	return cl, nil
}

// PublishChecklist stores a new checklist version with its audit entry;
// a version is stored once.
func (db *DB) PublishChecklist(ctx context.Context, cl itteam.Checklist, at time.Time, entry audit.Entry) error {
	body, err := json.Marshal(cl)
	if err != nil {
		return fmt.Errorf("store: checklist: %w", err)
	}
	return db.inTx(ctx, func(tq txQ) error {
		var one int
		err := tq.row(ctx, `SELECT 1 FROM it_checklists WHERE version = ?`, cl.Version).Scan(&one)
		if err == nil {
			return toren.Errorf(toren.CodeConflict, "checklist version %d exists already", cl.Version)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: checklist %d: %w", cl.Version, err)
		}
		if _, err := tq.exec(ctx, `INSERT INTO it_checklists (version, published_at, body) VALUES (?,?,?)`, cl.Version, at.UTC(), string(body)); err != nil {
			return fmt.Errorf("store: publish checklist %d: %w", cl.Version, err)
		}
		return db.appendAuditTx(ctx, tq, entry)
	})
}

// CreateITCase stores a new IT case and its audit entry in one
// transaction, with the checklist version it was assessed with when that
// version is not stored yet (appendix 1 on a fresh database).
func (db *DB) CreateITCase(ctx context.Context, c itteam.Case, cl itteam.Checklist, entry audit.Entry) (int64, error) {
	if c.Qualification.Version != cl.Version {
		return 0, fmt.Errorf("store: IT case assessed with checklist %d, given %d", c.Qualification.Version, cl.Version)
	}
	clBody, err := json.Marshal(cl)
	if err != nil {
		return 0, fmt.Errorf("store: checklist: %w", err)
	}
	var id int64
	err = db.inTx(ctx, func(tq txQ) error {
		if _, err := tq.exec(ctx, `INSERT INTO it_checklists (version, published_at, body) VALUES (?,?,?) ON CONFLICT (version) DO NOTHING`,
			cl.Version, c.CreatedAt.UTC(), string(clBody)); err != nil {
			return fmt.Errorf("store: checklist %d: %w", cl.Version, err)
		}
		body, err := json.Marshal(c)
		if err != nil {
			return fmt.Errorf("store: IT case: %w", err)
		}
		facts, err := json.Marshal(c.StatisticsFacts())
		if err != nil {
			return fmt.Errorf("store: IT case facts: %w", err)
		}
		id, err = tq.insert(ctx, `INSERT INTO it_cases (version, family, team, case_id, status, referred_on, checklist_version, body, facts, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`, c.Version, c.Family, c.Team, nullID(c.CaseID), string(c.Status), c.ReferredOn.String(),
			cl.Version, string(body), string(facts), c.CreatedAt.UTC(), c.UpdatedAt.UTC())
		if err != nil {
			return fmt.Errorf("store: insert IT case: %w", err)
		}
		entry.ObjectID = fmt.Sprint(id)
		return db.appendAuditTx(ctx, tq, entry)
	})
	return id, err
}

// ITCase returns one IT case.
func (db *DB) ITCase(ctx context.Context, id int64) (itteam.Case, error) {
	c, err := scanITCase(db.reader().row(ctx, `SELECT id, version, body FROM it_cases WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("IT case", id)
	}
	return c, err
}

// ITCases returns every IT case, newest referral first.
func (db *DB) ITCases(ctx context.Context) ([]itteam.Case, error) {
	rows, err := db.reader().rows(ctx, `SELECT id, version, body FROM it_cases ORDER BY referred_on DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: IT cases: %w", err)
	}
	defer rows.Close()
	out := []itteam.Case{}
	for rows.Next() {
		c, err := scanITCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ITCasesOfCase returns the IT cases referred from the case file caseID,
// oldest first (the data subject's access copy holds them).
func (db *DB) ITCasesOfCase(ctx context.Context, caseID int64) ([]itteam.Case, error) {
	rows, err := db.reader().rows(ctx, `SELECT id, version, body FROM it_cases WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: IT cases of case %d: %w", caseID, err)
	}
	defer rows.Close()
	out := []itteam.Case{}
	for rows.Next() {
		c, err := scanITCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ITCaseFacts returns what the statistics read of every IT case
// (itteam.StatisticsFacts), from the column kept for it, or from the
// document for a case stored before the column.
func (db *DB) ITCaseFacts(ctx context.Context) ([]itteam.Case, error) {
	rows, err := db.reader().rows(ctx, `SELECT id, version, CASE WHEN facts = '' THEN body ELSE facts END FROM it_cases ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: IT case facts: %w", err)
	}
	defer rows.Close()
	out := []itteam.Case{}
	for rows.Next() {
		c, err := scanITCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func scanITCase(s scanner) (itteam.Case, error) {
	var c itteam.Case
	var id int64
	var version int
	var body string
	if err := s.Scan(&id, &version, &body); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return c, err
		}
		return c, fmt.Errorf("store: IT case: %w", err)
	}
	dec := json.NewDecoder(strings.NewReader(body))
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("store: IT case %d body: %w", id, err)
	}
	c.ID, c.Version = id, version
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

// UpdateITCase stores c, at version c.Version, when the stored case is at
// the version before; its audit entry goes in the same transaction.
func (db *DB) UpdateITCase(ctx context.Context, c itteam.Case, entry audit.Entry) error {
	body, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("store: IT case: %w", err)
	}
	facts, err := json.Marshal(c.StatisticsFacts())
	if err != nil {
		return fmt.Errorf("store: IT case facts: %w", err)
	}
	return db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE it_cases SET version = ?, family = ?, case_id = ?, status = ?, referred_on = ?, body = ?, facts = ?, updated_at = ?
			WHERE id = ? AND version = ?`, c.Version, c.Family, nullID(c.CaseID), string(c.Status), c.ReferredOn.String(), string(body),
			string(facts), c.UpdatedAt.UTC(), c.ID, c.Version-1)
		if err != nil {
			return fmt.Errorf("store: update IT case %d: %w", c.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("store: update IT case %d: %w", c.ID, err)
		}
		if n == 0 {
			var one int
			if err := tq.row(ctx, `SELECT 1 FROM it_cases WHERE id = ?`, c.ID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return notFound("IT case", c.ID)
			}
			return conflict("IT case", c.ID)
		}
		return db.appendAuditTx(ctx, tq, entry)
	})
}
