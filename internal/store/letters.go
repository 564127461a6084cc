package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/letters"
)

// SaveLetter files one generated letter and its audit entry; see
// SaveLetters.
func (db *DB) SaveLetter(ctx context.Context, l *letters.Record) error {
	return db.SaveLetters(ctx, []*letters.Record{l})
}

// SaveLetters files the letters of one request, each with its audit entry
// (letter.generate, naming the letter and the persons it concerns), in one
// transaction: all are filed, or none is. The actor comes from the audit
// recorder in ctx, which every request carries, and must be the account in
// each letter's CreatedBy; without one nothing is stored. On success each
// letter's ID is set. Errors: toren.CodeInvalid for a bad record (the
// fields of the first bad one), toren.CodeNotFound when a case does not
// exist.
func (db *DB) SaveLetters(ctx context.Context, ls []*letters.Record) error {
	if len(ls) == 0 {
		return errors.New("store: save letters: no letters")
	}
	for _, l := range ls {
		if err := l.Validate(); err != nil {
			return err
		}
	}
	rec, ok := audit.RecorderFrom(ctx)
	if !ok {
		return errors.New("store: save letter: no actor in the context to record it for")
	}
	for _, l := range ls {
		if rec.Template.ActorID != strconv.FormatInt(l.CreatedBy, 10) {
			return fmt.Errorf("store: save letter: created by account %d, but the actor is %q", l.CreatedBy, rec.Template.ActorID)
		}
	}
	ids := make([]int64, len(ls))
	ats := make([]time.Time, len(ls))
	err := db.inTx(ctx, func(tq txQ) error {
		known := map[int64]bool{}
		entries := make([]audit.Entry, len(ls))
		for i, l := range ls {
			if !known[l.CaseID] {
				var one int
				err := tq.row(ctx, `SELECT 1 FROM cases WHERE id = ?`, l.CaseID).Scan(&one)
				if errors.Is(err, sql.ErrNoRows) {
					return notFound("case", l.CaseID)
				}
				if err != nil {
					return fmt.Errorf("store: save letter: case %d: %w", l.CaseID, err)
				}
				known[l.CaseID] = true
			}
			at := l.CreatedAt.UTC().Truncate(time.Microsecond)
			id, err := tq.insert(ctx, `INSERT INTO letters (case_id, kind, recipient, html, pdf, created_by, created_at)
				VALUES (?,?,?,?,?,?,?)`, l.CaseID, string(l.Kind), l.Recipient, l.HTML, l.PDF, l.CreatedBy, at)
			if err != nil {
				return fmt.Errorf("store: insert letter for case %d: %w", l.CaseID, err)
			}
			entries[i] = rec.Entry(at, string(authz.ActionLetterGenerate), "letter", strconv.FormatInt(id, 10), l.PersonIDs)
			ids[i], ats[i] = id, at
		}
		return db.appendAuditTx(ctx, tq, entries...)
	})
	if err != nil {
		return err
	}
	rec.Wrote(len(ls))
	for i, l := range ls {
		l.ID, l.CreatedAt = ids[i], ats[i]
	}
	return nil
}

// ListLetters returns the letters of a case, oldest first, without their
// HTML and PDF (GetLetter has those). An unknown case has no letters.
func (db *DB) ListLetters(ctx context.Context, caseID int64) ([]letters.Record, error) {
	rows, err := db.reader().rows(ctx, `SELECT id, case_id, kind, recipient, created_by, created_at
		FROM letters WHERE case_id = ? ORDER BY created_at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: letters of case %d: %w", caseID, err)
	}
	defer rows.Close()
	var out []letters.Record
	for rows.Next() {
		var l letters.Record
		if err := rows.Scan(&l.ID, &l.CaseID, &l.Kind, &l.Recipient, &l.CreatedBy, &l.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: letters of case %d: %w", caseID, err)
		}
		l.CreatedAt = l.CreatedAt.UTC()
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: letters of case %d: %w", caseID, err)
	}
	return out, nil
}

// GetLetter returns one letter with its HTML and PDF, or
// toren.CodeNotFound.
func (db *DB) GetLetter(ctx context.Context, id int64) (*letters.Record, error) {
	var l letters.Record
	err := db.reader().row(ctx, `SELECT id, case_id, kind, recipient, html, pdf, created_by, created_at
		FROM letters WHERE id = ?`, id).
		Scan(&l.ID, &l.CaseID, &l.Kind, &l.Recipient, &l.HTML, &l.PDF, &l.CreatedBy, &l.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("letter", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get letter %d: %w", id, err)
	}
	l.CreatedAt = l.CreatedAt.UTC()
	return &l, nil
}
