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
	"toren/internal/cases"
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
		facts := itFacts(&c)
		summary, err := itSummary(&c)
		if err != nil {
			return err
		}
		id, err = tq.insert(ctx, `INSERT INTO it_cases (version, family, team, case_id, status, referred_on, checklist_version, body, facts, summary, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, c.Version, c.Family, c.Team, nullID(c.CaseID), string(c.Status), c.ReferredOn.String(),
			cl.Version, string(body), facts, summary, c.CreatedAt.UTC(), c.UpdatedAt.UTC())
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

// ITCaseForPage returns an IT case for its page, read only: the current
// safety plan and version planVersion (0: none besides the current) in
// full, every other version with only its number, author and time. The
// earlier versions are most of a long-running case's document and the
// page shows them only as links; decoding them is the larger part of the
// page's cost. The case must never be stored back.
func (db *DB) ITCaseForPage(ctx context.Context, id int64, planVersion int) (itteam.Case, error) {
	var version int
	var body []byte
	err := db.reader().row(ctx, `SELECT version, body FROM it_cases WHERE id = ?`, id).Scan(&version, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return itteam.Case{}, notFound("IT case", id)
	}
	if err != nil {
		return itteam.Case{}, fmt.Errorf("store: IT case %d: %w", id, err)
	}
	var pc struct {
		itteam.Case
		Plans []json.RawMessage `json:"plans"` // the embedded case's plans, decoded below
	}
	if err := json.Unmarshal(body, &pc); err != nil {
		return itteam.Case{}, fmt.Errorf("store: IT case %d body: %w", id, err)
	}
	c := pc.Case
	c.Plans = make([]itteam.Plan, len(pc.Plans))
	for i, raw := range pc.Plans {
		var err error
		if i == len(pc.Plans)-1 {
			err = json.Unmarshal(raw, &c.Plans[i])
		} else {
			var head struct {
				Version int           `json:"version"`
				By      itteam.Worker `json:"by"`
				At      time.Time     `json:"at"`
			}
			if err = json.Unmarshal(raw, &head); err == nil && head.Version == planVersion {
				err = json.Unmarshal(raw, &c.Plans[i])
			} else {
				c.Plans[i] = itteam.Plan{Version: head.Version, By: head.By, At: head.At}
			}
		}
		if err != nil {
			return itteam.Case{}, fmt.Errorf("store: IT case %d plan %d: %w", id, i+1, err)
		}
	}
	c.ID, c.Version = id, version
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

// itCaseSummary is the summary column: the parts of itteam.Summary that
// have no column of their own.
type itCaseSummary struct {
	Admitted bool            `json:"a"`
	Colour   string          `json:"c,omitempty"`
	Duo      []itteam.Worker `json:"d"`
	CCB      bool            `json:"ccb,omitempty"`
}

// itSummary is the summary column of c.
func itSummary(c *itteam.Case) (string, error) {
	s := c.Summary()
	b, err := json.Marshal(itCaseSummary{Admitted: s.Admitted, Colour: string(s.Colour), Duo: s.Duo, CCB: s.CCB})
	if err != nil {
		return "", fmt.Errorf("store: IT case summary: %w", err)
	}
	return string(b), nil
}

// ITCaseSummaries returns what a list shows of every IT case, newest
// referral first, from the columns kept for it: the cost per case does
// not grow with its plans and scores. A case stored before the summary
// column was kept is summarised from its document.
func (db *DB) ITCaseSummaries(ctx context.Context) ([]itteam.Summary, error) {
	rows, err := db.reader().rows(ctx, `SELECT id, version, family, team, status, referred_on, summary FROM it_cases ORDER BY referred_on DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: IT case summaries: %w", err)
	}
	defer rows.Close()
	out := []itteam.Summary{}
	var old []int // positions in out of cases summarised from their document
	var raw sql.RawBytes
	for rows.Next() {
		var s itteam.Summary
		var status, referred string
		if err := rows.Scan(&s.ID, &s.Version, &s.Family, &s.Team, &status, &referred, &raw); err != nil {
			return nil, fmt.Errorf("store: IT case summaries: %w", err)
		}
		s.Status = cases.ITStatus(status)
		if s.ReferredOn, err = toren.ParseDate(referred); err != nil {
			return nil, fmt.Errorf("store: IT case %d referred on: %w", s.ID, err)
		}
		if len(raw) == 0 {
			old = append(old, len(out))
		} else {
			var cs itCaseSummary
			if err := json.Unmarshal(raw, &cs); err != nil {
				return nil, fmt.Errorf("store: IT case %d summary: %w", s.ID, err)
			}
			s.Admitted, s.Colour, s.Duo, s.CCB = cs.Admitted, cases.ITColour(cs.Colour), cs.Duo, cs.CCB
			if s.Duo == nil {
				s.Duo = []itteam.Worker{}
			}
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: IT case summaries: %w", err)
	}
	rows.Close()
	for _, i := range old {
		c, err := db.ITCase(ctx, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i] = c.Summary()
	}
	return out, nil
}

// ITCasesOfCase returns the IT cases referred from a Veilig Thuis case
// file.
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

// EachITCaseFacts calls fn with what the statistics read of every IT
// case (itteam.Facts), from the compact column kept for it; a case stored
// before that column had its present form is read from its document. fn
// gets the same *Facts each time, overwritten for the next case: it must
// not keep it.
func (db *DB) EachITCaseFacts(ctx context.Context, fn func(*itteam.Facts) error) error {
	rows, err := db.reader().rows(ctx, `SELECT id, facts FROM it_cases ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store: IT case facts: %w", err)
	}
	defer rows.Close()
	var f itteam.Facts
	var raw sql.RawBytes
	var old []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id, &raw); err != nil {
			return fmt.Errorf("store: IT case facts: %w", err)
		}
		if !itteam.IsFacts(raw) {
			old = append(old, id)
			continue
		}
		f.ID = id
		if err := itteam.ParseFacts(raw, &f); err != nil {
			return fmt.Errorf("store: IT case %d facts: %w", id, err)
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: IT case facts: %w", err)
	}
	rows.Close()
	for _, id := range old {
		c, err := db.ITCase(ctx, id)
		if err != nil {
			return err
		}
		f := c.Facts()
		if err := fn(&f); err != nil {
			return err
		}
	}
	return nil
}

// itFacts is the facts column of c.
func itFacts(c *itteam.Case) string {
	f := c.Facts()
	return string(itteam.AppendFacts(nil, &f))
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
	return decodeITCase(id, version, body)
}

// decodeITCase is IT case id at version from its document.
func decodeITCase(id int64, version int, body string) (itteam.Case, error) {
	var c itteam.Case
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
	facts := itFacts(&c)
	summary, err := itSummary(&c)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE it_cases SET version = ?, family = ?, case_id = ?, status = ?, referred_on = ?, body = ?, facts = ?, summary = ?, updated_at = ?
			WHERE id = ? AND version = ?`, c.Version, c.Family, nullID(c.CaseID), string(c.Status), c.ReferredOn.String(), string(body),
			facts, summary, c.UpdatedAt.UTC(), c.ID, c.Version-1)
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
