package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/breakglass"
	"toren/internal/toren"
)

// CreateGrant stores a break-glass grant and its audit entry (action
// break_glass, with the reason) in one transaction. It is IssueGrant for
// a grant without reason code or teams (test fixtures).
func (db *DB) CreateGrant(ctx context.Context, g authz.Grant, entry audit.Entry) (int64, error) {
	entry.Action, entry.Reason, entry.Outcome = audit.ActionBreakGlass, g.Reason, audit.OutcomeOK
	entry.ObjectType, entry.ObjectID = string(g.Object.Kind), fmt.Sprint(g.Object.ID)
	if g.Object.Kind == authz.KindPerson {
		entry.PersonIDs = []int64{g.Object.ID}
	}
	return db.IssueGrant(ctx, breakglass.Record{UserID: g.UserID, ObjectKind: g.Object.Kind, ObjectID: g.Object.ID, Reason: g.Reason,
		IssuedAt: g.IssuedAt, ExpiresAt: g.ExpiresAt}, entry)
}

// IssueGrant stores a break-glass grant and its audit entry in one
// transaction.
func (db *DB) IssueGrant(ctx context.Context, r breakglass.Record, entry audit.Entry) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tq txQ) error {
		var err error
		id, err = tq.insert(ctx, `INSERT INTO break_glass_grants (user_id, object_kind, object_id, reason, issued_at, expires_at, reason_code, teams)
			VALUES (?,?,?,?,?,?,?,?)`, r.UserID, string(r.ObjectKind), r.ObjectID, r.Reason, r.IssuedAt.UTC(), r.ExpiresAt.UTC(),
			string(r.ReasonCode), strings.Join(r.Teams, "\n"))
		if err != nil {
			return fmt.Errorf("store: insert grant: %w", err)
		}
		return db.appendAuditTx(ctx, tq, entry)
	})
	return id, err
}

const grantColumns = `g.id, g.user_id, u.display_name, u.username, g.object_kind, g.object_id, g.reason, g.issued_at, g.expires_at,
	g.reason_code, g.teams, g.reviewed_by, g.reviewed_at, g.review_outcome, g.review_note`

func scanGrant(s scanner) (breakglass.Record, error) {
	var r breakglass.Record
	var display, username, kind, code, teams, outcome string
	var by sql.NullInt64
	var at sql.NullTime
	if err := s.Scan(&r.ID, &r.UserID, &display, &username, &kind, &r.ObjectID, &r.Reason, &r.IssuedAt, &r.ExpiresAt,
		&code, &teams, &by, &at, &outcome, &r.ReviewNote); err != nil {
		return r, err
	}
	r.ObjectKind, r.ReasonCode, r.ReviewOutcome = authz.Kind(kind), breakglass.ReasonCode(code), breakglass.Outcome(outcome)
	r.UserName = display
	if r.UserName == "" {
		r.UserName = username
	}
	r.Teams = []string{}
	if teams != "" {
		r.Teams = strings.Split(teams, "\n")
	}
	r.ReviewedBy = by.Int64
	if at.Valid {
		r.ReviewedAt = at.Time.UTC()
	}
	r.IssuedAt, r.ExpiresAt = r.IssuedAt.UTC(), r.ExpiresAt.UTC()
	r.Opened = []breakglass.Access{}
	return r, nil
}

// GetGrant returns one grant.
func (db *DB) GetGrant(ctx context.Context, id int64) (breakglass.Record, error) {
	r, err := scanGrant(db.reader().row(ctx, `SELECT `+grantColumns+` FROM break_glass_grants g JOIN users u ON u.id = g.user_id WHERE g.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound("grant", id)
	}
	if err != nil {
		return r, fmt.Errorf("store: grant %d: %w", id, err)
	}
	return r, nil
}

// AuditByActor returns the actor's audit entries from from up to to, in
// order.
func (db *DB) AuditByActor(ctx context.Context, actorID string, from, to time.Time) ([]audit.Entry, error) {
	rows, err := db.reader().rows(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE actor_id = ? AND at >= ? AND at <= ? ORDER BY seq LIMIT 1000`,
		actorID, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: audit of actor: %w", err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		e, err := scanAuditEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("store: audit of actor: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ActiveGrant returns the user's grant on the object that has not expired
// at now, or nil.
func (db *DB) ActiveGrant(ctx context.Context, userID int64, obj authz.Ref, now time.Time) (*authz.Grant, error) {
	g := authz.Grant{UserID: userID, Object: obj}
	var kind string
	err := db.reader().row(ctx, `SELECT object_kind, reason, issued_at, expires_at FROM break_glass_grants
		WHERE user_id = ? AND object_kind = ? AND object_id = ? AND expires_at > ? ORDER BY issued_at DESC LIMIT 1`,
		userID, string(obj.Kind), obj.ID, now.UTC()).Scan(&kind, &g.Reason, &g.IssuedAt, &g.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: active grant: %w", err)
	}
	g.IssuedAt, g.ExpiresAt = g.IssuedAt.UTC(), g.ExpiresAt.UTC()
	return &g, nil
}

// UnreviewedGrants returns the grants no one has reviewed yet, oldest first.
func (db *DB) UnreviewedGrants(ctx context.Context) ([]breakglass.Record, error) {
	rows, err := db.reader().rows(ctx, `SELECT `+grantColumns+` FROM break_glass_grants g JOIN users u ON u.id = g.user_id
		WHERE g.reviewed_at IS NULL ORDER BY g.issued_at, g.id`)
	if err != nil {
		return nil, fmt.Errorf("store: grants to review: %w", err)
	}
	defer rows.Close()
	var out []breakglass.Record
	for rows.Next() {
		r, err := scanGrant(rows)
		if err != nil {
			return nil, fmt.Errorf("store: grants to review: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReviewGrant marks a grant reviewed by reviewer, with its audit entry in
// the same transaction. A grant is reviewed once: a second review returns
// a conflict.
func (db *DB) ReviewGrant(ctx context.Context, id, reviewer int64, rv breakglass.Review, now time.Time, entry audit.Entry) error {
	return db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE break_glass_grants SET reviewed_by = ?, reviewed_at = ?, review_outcome = ?, review_note = ?
			WHERE id = ? AND reviewed_at IS NULL`, reviewer, now.UTC(), string(rv.Outcome), rv.Note, id)
		if err != nil {
			return fmt.Errorf("store: review grant %d: %w", id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("store: review grant %d: %w", id, err)
		}
		if n == 0 {
			var one int
			if err := tq.row(ctx, `SELECT 1 FROM break_glass_grants WHERE id = ?`, id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return notFound("grant", id)
			}
			return toren.Errorf(toren.CodeConflict, "grant %d was already reviewed", id)
		}
		return db.appendAuditTx(ctx, tq, entry)
	})
}
