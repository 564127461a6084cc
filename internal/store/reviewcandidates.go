package store

import (
	"context"
	"fmt"
	"math"

	"toren/internal/escalate"
)

// reviewCandidates adds to a signal the registry persons the radar
// proposed for its mentions without linking them (open review items), and
// to its history the cases they are in: a possible signal about a person
// of an open case must reach that case's team at once, not wait in the
// queue.
func (db *DB) reviewCandidates(ctx context.Context, q querier, reportID int64, s *escalate.Signal, h *escalate.History) error {
	rows, err := q.rows(ctx, `SELECT ri.person_id, ri.score FROM review_items ri JOIN mentions m ON m.id = ri.mention_id
		WHERE m.report_id = ? AND ri.status = 'open' ORDER BY ri.id`, reportID)
	if err != nil {
		return fmt.Errorf("store: review candidates: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var c escalate.Candidate
		var score float64
		if err := rows.Scan(&c.PersonID, &score); err != nil {
			return fmt.Errorf("store: review candidates: %w", err)
		}
		c.Probability = 1 / (1 + math.Exp2(-score))
		s.Candidates = append(s.Candidates, c)
		ids = append(ids, c.PersonID)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: review candidates: %w", err)
	}
	rows.Close()
	if len(ids) == 0 {
		return nil
	}
	h.CandidateCases, err = db.casesOf(ctx, q, ids)
	return err
}
