package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"toren/internal/audit"
)

// Setting returns the stored value of the organisation setting name, and
// false when the administrator never changed it.
func (db *DB) Setting(ctx context.Context, name string) (string, bool, error) {
	var v string
	err := db.reader().row(ctx, `SELECT value FROM settings WHERE name = ?`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: setting %s: %w", name, err)
	}
	return v, true, nil
}

// SaveSetting stores the value of the organisation setting name and its
// audit entry e in one transaction.
func (db *DB) SaveSetting(ctx context.Context, name, value string, at time.Time, e audit.Entry) error {
	return db.inTx(ctx, func(tq txQ) error {
		if _, err := tq.exec(ctx, `INSERT INTO settings (name, value, updated_at, updated_by) VALUES (?,?,?,?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			name, value, at.UTC(), e.ActorID); err != nil {
			return fmt.Errorf("store: save setting %s: %w", name, err)
		}
		return db.appendAuditTx(ctx, tq, e)
	})
}
