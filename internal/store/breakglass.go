package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/toren"
)

// CreateGrant stores a break-glass grant and its audit entry (action
// break_glass, with the reason) in one transaction.
func (db *DB) CreateGrant(ctx context.Context, g authz.Grant, entry audit.Entry) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tq txQ) error {
		var err error
		id, err = tq.insert(ctx, `INSERT INTO break_glass_grants (user_id, object_kind, object_id, reason, issued_at, expires_at)
			VALUES (?,?,?,?,?,?)`, g.UserID, string(g.Object.Kind), g.Object.ID, g.Reason, g.IssuedAt.UTC(), g.ExpiresAt.UTC())
		if err != nil {
			return fmt.Errorf("store: insert grant: %w", err)
		}
		entry.Action, entry.Reason, entry.Outcome = audit.ActionBreakGlass, g.Reason, audit.OutcomeOK
		entry.ObjectType, entry.ObjectID = string(g.Object.Kind), fmt.Sprint(g.Object.ID)
		if g.Object.Kind == authz.KindPerson {
			entry.PersonIDs = []int64{g.Object.ID}
		}
		return db.appendAuditTx(ctx, tq, entry)
	})
	return id, err
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

// GrantsToReview returns the grants no one has reviewed yet, oldest first.
func (db *DB) GrantsToReview(ctx context.Context) ([]authz.GrantRecord, error) {
	rows, err := db.reader().rows(ctx, `SELECT g.id, g.user_id, u.display_name, u.username, g.object_kind, g.object_id, g.reason, g.issued_at, g.expires_at
		FROM break_glass_grants g JOIN users u ON u.id = g.user_id WHERE g.reviewed_at IS NULL ORDER BY g.issued_at`)
	if err != nil {
		return nil, fmt.Errorf("store: grants to review: %w", err)
	}
	defer rows.Close()
	var out []authz.GrantRecord
	for rows.Next() {
		var r authz.GrantRecord
		var display, username, kind string
		if err := rows.Scan(&r.ID, &r.Grant.UserID, &display, &username, &kind, &r.Grant.Object.ID, &r.Grant.Reason, &r.Grant.IssuedAt, &r.Grant.ExpiresAt); err != nil {
			return nil, fmt.Errorf("store: grants to review: %w", err)
		}
		r.Grant.Object.Kind = authz.Kind(kind)
		r.UserName = display
		if r.UserName == "" {
			r.UserName = username
		}
		r.Grant.IssuedAt, r.Grant.ExpiresAt = r.Grant.IssuedAt.UTC(), r.Grant.ExpiresAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReviewGrant marks a grant reviewed by reviewer with a note. A grant is
// reviewed once: a second review returns a conflict.
func (db *DB) ReviewGrant(ctx context.Context, id, reviewer int64, note string, now time.Time) error {
	return db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE break_glass_grants SET reviewed_by = ?, reviewed_at = ?, review_note = ?
			WHERE id = ? AND reviewed_at IS NULL`, reviewer, now.UTC(), note, id)
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
		return nil
	})
}
