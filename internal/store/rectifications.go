package store

import (
	"context"
	"fmt"

	"toren/internal/audit"
	"toren/internal/subjectaccess"
)

// Rectifications returns the objections recorded for a person, oldest first.
func (db *DB) Rectifications(ctx context.Context, personID int64) ([]subjectaccess.Rectification, error) {
	rows, err := db.reader().rows(ctx, `SELECT id, person_id, object_kind, object_ref, statement, note, changed, recorded_by, recorded_at
		FROM rectifications WHERE person_id = ? ORDER BY id`, personID)
	if err != nil {
		return nil, fmt.Errorf("store: rectifications of person %d: %w", personID, err)
	}
	defer rows.Close()
	out := []subjectaccess.Rectification{}
	for rows.Next() {
		var r subjectaccess.Rectification
		var kind string
		if err := rows.Scan(&r.ID, &r.PersonID, &kind, &r.ObjectRef, &r.Statement, &r.Note, &r.Changed, &r.RecordedBy, &r.RecordedAt); err != nil {
			return nil, fmt.Errorf("store: rectifications of person %d: %w", personID, err)
		}
		r.ObjectKind, r.RecordedAt = subjectaccess.ObjectKind(kind), r.RecordedAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// AddRectification stores an objection with its audit entry.
func (db *DB) AddRectification(ctx context.Context, r subjectaccess.Rectification, entry audit.Entry) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tq txQ) error {
		var err error
		id, err = tq.insert(ctx, `INSERT INTO rectifications (person_id, object_kind, object_ref, statement, note, changed, recorded_by, recorded_at)
			VALUES (?,?,?,?,?,?,?,?)`, r.PersonID, string(r.ObjectKind), r.ObjectRef, r.Statement, r.Note, r.Changed, r.RecordedBy, r.RecordedAt.UTC())
		if err != nil {
			return fmt.Errorf("store: record objection: %w", err)
		}
		return db.appendAuditTx(ctx, tq, entry)
	})
	return id, err
}
