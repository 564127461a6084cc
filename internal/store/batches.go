package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"toren/internal/audit"
	"toren/internal/importer"
)

// CreateBatch stores a batch's results and its audit entry in one
// transaction.
func (db *DB) CreateBatch(ctx context.Context, b *importer.Batch, e audit.Entry) error {
	results, err := json.Marshal(b.Lines)
	if err != nil {
		return fmt.Errorf("store: encode batch results: %w", err)
	}
	return db.inTx(ctx, func(tq txQ) error {
		id, err := tq.insert(ctx, `INSERT INTO report_batches (owner, created_at, lines, stored, replayed, invalid, results) VALUES (?,?,?,?,?,?,?)`,
			b.Owner, b.CreatedAt.UTC(), b.Summary.Rows, b.Summary.Stored, b.Summary.Skipped, b.Summary.Bad, string(results))
		if err != nil {
			return fmt.Errorf("store: insert batch: %w", err)
		}
		b.ID = id
		e.ObjectID = strconv.FormatInt(id, 10)
		if e.Outcome == "" {
			e.Outcome = audit.OutcomeOK
		}
		return db.appendAuditTx(ctx, tq, e)
	})
}

// GetBatch returns one batch with the outcome of every line.
func (db *DB) GetBatch(ctx context.Context, id int64) (importer.Batch, error) {
	var b importer.Batch
	var results string
	err := db.reader().row(ctx, `SELECT id, owner, created_at, lines, stored, replayed, invalid, results FROM report_batches WHERE id = ?`, id).
		Scan(&b.ID, &b.Owner, &b.CreatedAt, &b.Summary.Rows, &b.Summary.Stored, &b.Summary.Skipped, &b.Summary.Bad, &results)
	if errors.Is(err, sql.ErrNoRows) {
		return b, notFound("batch", id)
	}
	if err != nil {
		return b, fmt.Errorf("store: batch %d: %w", id, err)
	}
	b.CreatedAt = b.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(results), &b.Lines); err != nil {
		return b, fmt.Errorf("store: decode batch %d: %w", id, err)
	}
	return b, nil
}
