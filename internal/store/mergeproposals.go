package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"toren/internal/audit"
	"toren/internal/registry"
	"toren/internal/toren"
)

// MergeProposalMentions returns where the merge proposer stands (the
// newest mention it has looked at) and the mentions after it, at most
// limit, in ID order, each with the day its report came in.
func (db *DB) MergeProposalMentions(ctx context.Context, limit int) (int64, []registry.ProposalMention, error) {
	q := db.reader()
	var after int64
	if err := q.row(ctx, `SELECT after_mention_id FROM merge_proposer WHERE id = 1`).Scan(&after); err != nil {
		return 0, nil, fmt.Errorf("store: merge proposer: %w", err)
	}
	rows, err := q.rows(ctx, `SELECT `+mentionColumns+`, received_at FROM mentions
		WHERE id > ? AND person_id IS NOT NULL ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return 0, nil, fmt.Errorf("store: mentions after %d: %w", after, err)
	}
	defer rows.Close()
	var out []registry.ProposalMention
	for rows.Next() {
		var received sql.NullTime
		m, err := scanMention(rows, &received)
		if err != nil {
			return 0, nil, fmt.Errorf("store: mentions after %d: %w", after, err)
		}
		pm := registry.ProposalMention{Mention: m}
		if received.Valid {
			pm.On = toren.DateOf(received.Time.In(toren.Amsterdam))
		}
		out = append(out, pm)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("store: mentions after %d: %w", after, err)
	}
	return after, out, nil
}

// AddMergeProposals moves the merge proposer from after to upTo and adds
// the proposals as open review items of kind merge, in one transaction,
// each with its audit entry (person.merge.propose, as the context's
// audit.Recorder's actor). A pair proposed before (either way round, in
// any state), a person merged away already, or a person made for a mention
// while an open review item of that mention asks about it is left out. When another
// server moved the proposer meanwhile, nothing is written and the result
// is a toren.CodeConflict error. It returns how many items it added.
// openMentionItemsOfPersons counts the open review items of mentions that
// made one of two persons. It runs for every proposal inside the write
// transaction, so it must be an index probe (review_items_open_new_person,
// migration 00034): by a scan of the open items it held the single writer
// for seconds on a registry with 60,000 of them, and intake waited.
const openMentionItemsOfPersons = `SELECT COUNT(*) FROM review_items WHERE kind = 'mention' AND status = 'open' AND new_person_id IN (?, ?)`

func (db *DB) AddMergeProposals(ctx context.Context, after, upTo int64, ps []registry.MergeProposal, at time.Time) (int, error) {
	at = at.UTC().Truncate(time.Microsecond)
	added := 0
	err := db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE merge_proposer SET after_mention_id = ? WHERE id = 1 AND after_mention_id = ?`, upTo, after)
		if err != nil {
			return fmt.Errorf("store: move the merge proposer: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return toren.Errorf(toren.CodeConflict, "the merge proposer moved on meanwhile")
		}
		for _, p := range ps {
			var known int
			if err := tq.row(ctx, `SELECT COUNT(*) FROM review_items WHERE kind = 'merge'
				AND (person_id = ? AND new_person_id = ? OR person_id = ? AND new_person_id = ?)`,
				p.SurvivorID, p.AbsorbedID, p.AbsorbedID, p.SurvivorID).Scan(&known); err != nil {
				return fmt.Errorf("store: merge proposals of %d and %d: %w", p.SurvivorID, p.AbsorbedID, err)
			}
			if known > 0 {
				continue
			}
			// The person made for a mention that waits for a reviewer
			// (an open review item of the mention) is asked about there.
			var asked int
			if err := tq.row(ctx, openMentionItemsOfPersons, p.SurvivorID, p.AbsorbedID).Scan(&asked); err != nil {
				return fmt.Errorf("store: review items of persons %d and %d: %w", p.SurvivorID, p.AbsorbedID, err)
			}
			if asked > 0 {
				continue
			}
			gone := false
			for _, id := range []int64{p.SurvivorID, p.AbsorbedID} {
				if _, ok, err := db.mergeAbsorbing(ctx, tq, id); err != nil {
					return err
				} else if ok {
					gone = true
				}
			}
			if gone {
				continue
			}
			ev := string(p.Evidence)
			if ev == "" {
				ev = "{}"
			}
			id, err := tq.insert(ctx, `INSERT INTO review_items (mention_id, person_id, new_person_id, score, evidence, status, created_at, version, kind)
				VALUES (?,?,?,?,?,?,?,?,?)`, p.MentionID, p.SurvivorID, p.AbsorbedID, p.Score, ev, registry.ReviewOpen, at, 1, registry.KindMerge)
			if err != nil {
				return fmt.Errorf("store: add merge proposal: %w", err)
			}
			if err := db.auditTx(ctx, tq, at, audit.ActionMergePropose, "review", id, "mention "+strconv.FormatInt(p.MentionID, 10), p.SurvivorID, p.AbsorbedID); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if added > 0 {
		wroteAudit(ctx)
	}
	return added, nil
}
