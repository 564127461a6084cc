package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"toren/internal/intake"
	"toren/internal/toren"
)

// Limits on drafts, so that saving while typing cannot fill the database.
const (
	MaxDraftsPerUser = intake.MaxDraftsPerUser
	MaxDraftBytes    = 256 << 10
	maxDraftKeyLen   = 100
)

func validDraftKey(k string) bool {
	if k == "" || len(k) > maxDraftKeyLen {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] <= ' ' || k[i] > '~' {
			return false
		}
	}
	return true
}

// SaveDraft stores the user's draft d.Key, replacing an earlier save of
// it. In the same transaction it deletes every draft (of any user) that
// expired before d.SavedAt: expiry needs no background job. Errors:
// toren.CodeInvalid for a bad key, an empty or too large form, a missing
// time, or a new draft when the user has MaxDraftsPerUser already.
func (db *DB) SaveDraft(ctx context.Context, d intake.Draft) error {
	var p toren.Problems
	if d.UserID <= 0 {
		p.Add("user_id", "required", "a draft belongs to a user")
	}
	if !validDraftKey(d.Key) {
		p.Add("key", "format", "the key must be 1 to 100 visible ASCII characters")
	}
	if d.Form == "" {
		p.Add("form", "required", "an empty form is not saved")
	} else if len(d.Form) > MaxDraftBytes {
		p.Add("form", "max_length", fmt.Sprintf("a draft may be at most %d bytes", MaxDraftBytes))
	}
	if d.SavedAt.IsZero() || !d.ExpiresAt.After(d.SavedAt) {
		p.Add("expires_at", "range", "a draft needs a save time and a later expiry")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tq txQ) error {
		if _, err := tq.exec(ctx, `DELETE FROM intake_drafts WHERE expires_at <= ?`, d.SavedAt.UTC()); err != nil {
			return fmt.Errorf("store: delete expired drafts: %w", err)
		}
		var others int
		if err := tq.row(ctx, `SELECT COUNT(*) FROM intake_drafts WHERE user_id = ? AND form_key <> ?`, d.UserID, d.Key).Scan(&others); err != nil {
			return fmt.Errorf("store: count drafts: %w", err)
		}
		if others >= MaxDraftsPerUser {
			var exists int
			err := tq.row(ctx, `SELECT 1 FROM intake_drafts WHERE user_id = ? AND form_key = ?`, d.UserID, d.Key).Scan(&exists)
			if errors.Is(err, sql.ErrNoRows) {
				var q toren.Problems
				q.Add("key", "max_items", fmt.Sprintf("at most %d drafts per user", MaxDraftsPerUser))
				return q.Err()
			}
			if err != nil {
				return fmt.Errorf("store: find draft: %w", err)
			}
		}
		_, err := tq.exec(ctx, `INSERT INTO intake_drafts (user_id, form_key, form, saved_at, expires_at) VALUES (?,?,?,?,?)
			ON CONFLICT (user_id, form_key) DO UPDATE SET form = excluded.form, saved_at = excluded.saved_at, expires_at = excluded.expires_at`,
			d.UserID, d.Key, d.Form, d.SavedAt.UTC(), d.ExpiresAt.UTC())
		if err != nil {
			return fmt.Errorf("store: save draft: %w", err)
		}
		return nil
	})
}

// GetDraft returns the user's draft with key when it has not expired at
// now. Another user's draft, like an expired one, is toren.CodeNotFound.
func (db *DB) GetDraft(ctx context.Context, userID int64, key string, now time.Time) (intake.Draft, error) {
	d := intake.Draft{UserID: userID, Key: key}
	err := db.reader().row(ctx, `SELECT form, saved_at, expires_at FROM intake_drafts WHERE user_id = ? AND form_key = ? AND expires_at > ?`,
		userID, key, now.UTC()).Scan(&d.Form, &d.SavedAt, &d.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return intake.Draft{}, notFound("draft", key)
	}
	if err != nil {
		return intake.Draft{}, fmt.Errorf("store: get draft: %w", err)
	}
	d.SavedAt, d.ExpiresAt = d.SavedAt.UTC(), d.ExpiresAt.UTC()
	return d, nil
}

// ListDrafts returns the user's drafts that have not expired at now,
// last saved first.
func (db *DB) ListDrafts(ctx context.Context, userID int64, now time.Time) ([]intake.Draft, error) {
	rows, err := db.reader().rows(ctx, `SELECT form_key, form, saved_at, expires_at FROM intake_drafts
		WHERE user_id = ? AND expires_at > ? ORDER BY saved_at DESC, form_key`, userID, now.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: list drafts: %w", err)
	}
	defer rows.Close()
	var out []intake.Draft
	for rows.Next() {
		d := intake.Draft{UserID: userID}
		if err := rows.Scan(&d.Key, &d.Form, &d.SavedAt, &d.ExpiresAt); err != nil {
			return nil, fmt.Errorf("store: list drafts: %w", err)
		}
		d.SavedAt, d.ExpiresAt = d.SavedAt.UTC(), d.ExpiresAt.UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeleteDraft deletes the user's draft with key. Deleting a draft that is
// not there (or is another user's) changes nothing and is no error: a
// submit deletes its draft whether or not one was saved.
func (db *DB) DeleteDraft(ctx context.Context, userID int64, key string) error {
	return db.inTx(ctx, func(tq txQ) error {
		if _, err := tq.exec(ctx, `DELETE FROM intake_drafts WHERE user_id = ? AND form_key = ?`, userID, key); err != nil {
			return fmt.Errorf("store: delete draft: %w", err)
		}
		return nil
	})
}
