package store

import (
	"context"
	"fmt"

	"toren/internal/itteam"
)

// itBackfillBatch is how many IT cases one transaction of the backfill
// rewrites: a case's document (plans, scores) is read whole, so the
// transactions stay short.
const itBackfillBatch = 50

// BackfillITCases fills the columns the list and the statistics read of
// IT cases stored before them: the summary (migration 00033) where it is
// empty, and the facts where they are not in the present compact form
// (itteam.FactsFormat: empty, JSON, or an earlier form without the sexes
// or children present). Until then such a case is read from its whole
// document on every list and every statistics page. It works in batches,
// each its own transaction, and returns how many summaries and facts it
// wrote; a case changed meanwhile (its version moved on) was written
// with both and is left alone. Once done it finds nothing: Toren runs it
// at start-up, where it costs one query over the IT cases.
func (db *DB) BackfillITCases(ctx context.Context) (summaries, facts int, err error) {
	var after int64
	for {
		var n, ns, nf int
		err := db.inTx(ctx, func(tq txQ) error {
			rows, err := tq.rows(ctx, `SELECT id, version, body, summary = '', substr(facts, 1, ?) FROM it_cases
				WHERE id > ? AND (summary = '' OR substr(facts, 1, ?) <> ?) ORDER BY id LIMIT ?`,
				len(itteam.FactsFormat), after, len(itteam.FactsFormat), itteam.FactsFormat, itBackfillBatch)
			if err != nil {
				return err
			}
			type stale struct {
				id      int64
				version int
				body    string
				summary bool
				facts   bool
			}
			var batch []stale
			for rows.Next() {
				var s stale
				var prefix string
				if err := rows.Scan(&s.id, &s.version, &s.body, &s.summary, &prefix); err != nil {
					rows.Close()
					return err
				}
				s.facts = !itteam.IsFacts([]byte(prefix))
				batch = append(batch, s)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, s := range batch {
				after = s.id
				// A case that cannot be read is left as it is: its readers
				// fall back to the document and report it there, and one bad
				// row must not keep the others (or the server) from starting.
				c, err := decodeITCase(s.id, s.version, s.body)
				if err != nil {
					continue
				}
				summary, err := itSummary(&c)
				if err != nil {
					continue
				}
				res, err := tq.exec(ctx, `UPDATE it_cases SET summary = ?, facts = ? WHERE id = ? AND version = ?`, summary, itFacts(&c), s.id, s.version)
				if err != nil {
					return fmt.Errorf("IT case %d: %w", s.id, err)
				}
				if k, err := res.RowsAffected(); err != nil || k == 0 {
					continue
				}
				if s.summary {
					ns++
				}
				if s.facts {
					nf++
				}
			}
			n = len(batch)
			return nil
		})
		if err != nil {
			return summaries, facts, fmt.Errorf("store: IT case backfill after case %d: %w", after, err)
		}
		summaries, facts = summaries+ns, facts+nf
		if n < itBackfillBatch {
			return summaries, facts, nil
		}
	}
}
