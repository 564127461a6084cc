package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/registry"
	"toren/internal/toren"
)

// What a merge changes in the rows that pointed at the absorbed person,
// kept as JSON in merge_moves: the columns as they were and as the merge
// left them.
type mentionState struct {
	PersonID int64 `json:"person_id"`
}

type reviewState struct {
	PersonID    int64                 `json:"person_id"`
	NewPersonID int64                 `json:"new_person_id"`
	Status      registry.ReviewStatus `json:"status"`
	DecidedBy   string                `json:"decided_by"`
	DecidedAt   *time.Time            `json:"decided_at"`
	Reason      string                `json:"reason"`
	Version     int                   `json:"version"`
}

type move struct {
	table         string // "mentions" or "review_items"
	rowID         int64
	before, after []byte
}

// MergePersons merges AbsorbedID into SurvivorID in one transaction: every
// mention and review item that pointed at the absorbed person points at
// the survivor, the survivor takes the absorbed person's values for the
// fields it does not know (persons.Person.Absorb), a review item whose
// question the merge answers (the mention's new person is its candidate)
// is closed as accepted, and the merges table records each row changed,
// as it was and as the merge left it, for UnmergePerson. The audit entry
// (person.merge) is written in the same transaction as the context's
// audit.Recorder's actor (without one the merge is refused), and idx
// learns the change at the commit.
// A person already merged away cannot take part: toren.CodeConflict.
func (db *DB) MergePersons(ctx context.Context, req registry.MergeRequest, idx intake.RegistryIndex) (registry.Merge, error) {
	if req.SurvivorID <= 0 || req.AbsorbedID <= 0 {
		return registry.Merge{}, toren.Errorf(toren.CodeNotFound, "no such person")
	}
	if err := req.Check(); err != nil {
		return registry.Merge{}, err
	}
	at := req.At.UTC().Truncate(time.Microsecond)
	by, reason := strings.TrimSpace(req.By), strings.TrimSpace(req.Reason)
	var out registry.Merge
	var change intake.RegistryChange
	err := db.inTxCommit(ctx, func(tq txQ) error {
		if req.Proposal != 0 {
			it, err := db.getReviewItem(ctx, tq, req.Proposal)
			if err != nil {
				return err
			}
			if err := req.CheckProposal(it); err != nil {
				return err
			}
		}
		for _, id := range []int64{req.SurvivorID, req.AbsorbedID} {
			if m, ok, err := db.mergeAbsorbing(ctx, tq, id); err != nil {
				return err
			} else if ok {
				return toren.Errorf(toren.CodeConflict, "person %d was merged into person %d already", id, m.SurvivorID)
			}
		}
		sBefore, err := db.personTx(ctx, tq, req.SurvivorID)
		if err != nil {
			return err
		}
		aBefore, err := db.personTx(ctx, tq, req.AbsorbedID)
		if err != nil {
			return err
		}
		// Both persons change (version and time), so that an edit of either
		// made on what was read before the merge is refused.
		sAfter, aAfter := sBefore, aBefore
		sAfter.Absorb(aBefore)
		sAfter.UpdatedAt, aAfter.UpdatedAt = at, at
		if err := db.updatePerson(ctx, tq, &sAfter); err != nil {
			return err
		}
		if err := db.updatePerson(ctx, tq, &aAfter); err != nil {
			return err
		}
		moves, err := db.moveMentions(ctx, tq, req.AbsorbedID, req.SurvivorID)
		if err != nil {
			return err
		}
		reviewMoves, err := db.moveReviewItems(ctx, tq, req.AbsorbedID, req.SurvivorID, by, "Samengevoegd: "+reason, at)
		if err != nil {
			return err
		}
		moves = append(moves, reviewMoves...)
		snap := func(p persons.Person) string { b, _ := json.Marshal(p); return string(b) }
		out = registry.Merge{SurvivorID: req.SurvivorID, AbsorbedID: req.AbsorbedID, Reason: reason, MergedBy: by, MergedAt: at, Version: 1}
		out.ID, err = tq.insert(ctx, `INSERT INTO merges (survivor_id, absorbed_id, reason, merged_by, merged_at,
			survivor_before, survivor_after, absorbed_before, absorbed_after, version) VALUES (?,?,?,?,?, ?,?,?,?,?)`,
			out.SurvivorID, out.AbsorbedID, reason, by, at, snap(sBefore), snap(sAfter), snap(aBefore), snap(aAfter), 1)
		if err != nil {
			if isUniqueViolation(err) {
				return toren.Errorf(toren.CodeConflict, "person %d was merged by someone else just now", req.AbsorbedID)
			}
			return fmt.Errorf("store: record merge: %w", err)
		}
		for i, mv := range moves {
			if _, err := tq.exec(ctx, `INSERT INTO merge_moves (merge_id, position, table_name, row_id, before, after) VALUES (?,?,?,?,?,?)`,
				out.ID, i, mv.table, mv.rowID, string(mv.before), string(mv.after)); err != nil {
				return fmt.Errorf("store: record merge move: %w", err)
			}
		}
		out.Mentions, out.ReviewItems = movedRows(moves)
		if change, err = db.registryChange(ctx, tq, sAfter, aAfter); err != nil {
			return err
		}
		// The reason stays with the merge; the log, which a data subject
		// may be shown, names the merge only.
		return db.auditTx(ctx, tq, at, audit.ActionPersonMerge, "person", req.SurvivorID, "merge "+strconv.FormatInt(out.ID, 10), req.SurvivorID, req.AbsorbedID)
	}, func(commit func() error) error { return intake.ApplyChange(idx, commit, change) })
	if err != nil {
		return registry.Merge{}, err
	}
	wroteAudit(ctx)
	return out, nil
}

// UnmergePerson undoes the merge in force that absorbed req.AbsorbedID,
// in one transaction: the moved mentions point at the absorbed person
// again, review items the merge changed and nobody touched since are as
// they were, and both persons get back the values the merge changed
// (wholly, version included, when nothing changed them since; else field
// by field, keeping later changes). A moved mention that no longer points
// at the survivor (a later merge took it on) refuses the undo with
// toren.CodeConflict: that merge must be undone first. The audit entry
// (person.unmerge) is written in the same transaction.
func (db *DB) UnmergePerson(ctx context.Context, req registry.UnmergeRequest, idx intake.RegistryIndex) (registry.Merge, error) {
	if req.AbsorbedID <= 0 {
		return registry.Merge{}, toren.Errorf(toren.CodeNotFound, "no such person")
	}
	if err := req.Check(); err != nil {
		return registry.Merge{}, err
	}
	at := req.At.UTC().Truncate(time.Microsecond)
	by, reason := strings.TrimSpace(req.By), strings.TrimSpace(req.Reason)
	var out registry.Merge
	var change intake.RegistryChange
	err := db.inTxCommit(ctx, func(tq txQ) error {
		m, ok, err := db.mergeAbsorbing(ctx, tq, req.AbsorbedID)
		if err != nil {
			return err
		}
		if !ok {
			return toren.Errorf(toren.CodeNotFound, "person %d is not merged into another person", req.AbsorbedID)
		}
		var snaps [4]string
		if err := tq.row(ctx, `SELECT survivor_before, survivor_after, absorbed_before, absorbed_after FROM merges WHERE id = ?`, m.ID).
			Scan(&snaps[0], &snaps[1], &snaps[2], &snaps[3]); err != nil {
			return fmt.Errorf("store: read merge %d: %w", m.ID, err)
		}
		var ps [4]persons.Person
		for i, s := range snaps {
			if err := json.Unmarshal([]byte(s), &ps[i]); err != nil {
				return fmt.Errorf("store: merge %d snapshot: %w", m.ID, err)
			}
		}
		moves, err := db.movesOf(ctx, tq, m.ID)
		if err != nil {
			return err
		}
		// Backwards, so that a row moved twice ends where it started.
		for i := len(moves) - 1; i >= 0; i-- {
			if err := db.undoMove(ctx, tq, moves[i]); err != nil {
				return err
			}
		}
		survivor, err := db.restorePerson(ctx, tq, m.SurvivorID, ps[0], ps[1], at)
		if err != nil {
			return err
		}
		absorbed, err := db.restorePerson(ctx, tq, m.AbsorbedID, ps[2], ps[3], at)
		if err != nil {
			return err
		}
		res, err := tq.exec(ctx, `UPDATE merges SET unmerged_by = ?, unmerged_at = ?, unmerge_reason = ?, version = version + 1
			WHERE id = ? AND version = ? AND unmerged_at IS NULL`, by, at, reason, m.ID, m.Version)
		if err != nil {
			return fmt.Errorf("store: undo merge %d: %w", m.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return conflict("merge", m.ID)
		}
		out = m
		out.UnmergedBy, out.UnmergedAt, out.UnmergeReason, out.Version = by, at, reason, m.Version+1
		if change, err = db.registryChange(ctx, tq, survivor, absorbed); err != nil {
			return err
		}
		return db.auditTx(ctx, tq, at, audit.ActionPersonUnmerge, "person", m.AbsorbedID, "merge "+strconv.FormatInt(m.ID, 10), m.SurvivorID, m.AbsorbedID)
	}, func(commit func() error) error { return intake.ApplyChange(idx, commit, change) })
	if err != nil {
		return registry.Merge{}, err
	}
	wroteAudit(ctx)
	return out, nil
}

// moveMentions points every mention of person from at person to.
func (db *DB) moveMentions(ctx context.Context, tq txQ, from, to int64) ([]move, error) {
	ids, err := db.idsIn(ctx, tq, `SELECT id FROM mentions WHERE person_id = ? ORDER BY id`, from)
	if err != nil {
		return nil, fmt.Errorf("store: mentions of person %d: %w", from, err)
	}
	if _, err := tq.exec(ctx, `UPDATE mentions SET person_id = ? WHERE person_id = ?`, to, from); err != nil {
		return nil, fmt.Errorf("store: move mentions of person %d: %w", from, err)
	}
	before, _ := json.Marshal(mentionState{PersonID: from})
	after, _ := json.Marshal(mentionState{PersonID: to})
	out := make([]move, len(ids))
	for i, id := range ids {
		out[i] = move{table: "mentions", rowID: id, before: before, after: after}
	}
	return out, nil
}

const reviewStateColumns = `id, person_id, new_person_id, status, decided_by, decided_at, reason, version`

func scanReviewState(s scanner) (int64, reviewState, error) {
	var id int64
	var st reviewState
	var decided sql.NullTime
	if err := s.Scan(&id, &st.PersonID, &st.NewPersonID, &st.Status, &st.DecidedBy, &decided, &st.Reason, &st.Version); err != nil {
		return 0, st, err
	}
	if decided.Valid {
		t := decided.Time.UTC()
		st.DecidedAt = &t
	}
	return id, st, nil
}

// moveReviewItems points the review items of person from at person to; an
// open item whose candidate is then its own new person is answered by the
// merge and closed as accepted.
func (db *DB) moveReviewItems(ctx context.Context, tq txQ, from, to int64, by, reason string, at time.Time) ([]move, error) {
	rows, err := tq.rows(ctx, `SELECT `+reviewStateColumns+` FROM review_items WHERE person_id = ? OR new_person_id = ? ORDER BY id`, from, from)
	if err != nil {
		return nil, fmt.Errorf("store: review items of person %d: %w", from, err)
	}
	type item struct {
		id     int64
		before reviewState
	}
	var items []item
	for rows.Next() {
		id, st, err := scanReviewState(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: review items of person %d: %w", from, err)
		}
		items = append(items, item{id, st})
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("store: review items of person %d: %w", from, err)
	}
	var out []move
	for _, it := range items {
		after := it.before
		if after.PersonID == from {
			after.PersonID = to
		}
		if after.NewPersonID == from {
			after.NewPersonID = to
		}
		if after.Status == registry.ReviewOpen && after.PersonID == after.NewPersonID {
			after.Status, after.DecidedBy, after.DecidedAt, after.Reason = registry.ReviewAccepted, by, &at, reason
		}
		after.Version++
		if err := db.setReviewState(ctx, tq, it.id, it.before.Version, after); err != nil {
			return nil, err
		}
		b, _ := json.Marshal(it.before)
		a, _ := json.Marshal(after)
		out = append(out, move{table: "review_items", rowID: it.id, before: b, after: a})
	}
	return out, nil
}

func (db *DB) setReviewState(ctx context.Context, tq txQ, id int64, version int, st reviewState) error {
	var decided any
	if st.DecidedAt != nil {
		decided = *st.DecidedAt
	}
	res, err := tq.exec(ctx, `UPDATE review_items SET person_id = ?, new_person_id = ?, status = ?, decided_by = ?, decided_at = ?,
		reason = ?, version = ? WHERE id = ? AND version = ?`,
		st.PersonID, st.NewPersonID, st.Status, st.DecidedBy, decided, st.Reason, st.Version, id, version)
	if err != nil {
		return fmt.Errorf("store: update review item %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return conflict("review item", id)
	}
	return nil
}

func (db *DB) movesOf(ctx context.Context, q querier, mergeID int64) ([]move, error) {
	rows, err := q.rows(ctx, `SELECT table_name, row_id, before, after FROM merge_moves WHERE merge_id = ? ORDER BY position`, mergeID)
	if err != nil {
		return nil, fmt.Errorf("store: moves of merge %d: %w", mergeID, err)
	}
	defer rows.Close()
	var out []move
	for rows.Next() {
		var mv move
		var before, after string
		if err := rows.Scan(&mv.table, &mv.rowID, &before, &after); err != nil {
			return nil, fmt.Errorf("store: moves of merge %d: %w", mergeID, err)
		}
		mv.before, mv.after = []byte(before), []byte(after)
		out = append(out, mv)
	}
	return out, rows.Err()
}

// undoMove puts one row back as it was before the merge. A mention must
// still be where the merge put it; a review item is left alone when
// someone changed it since (a reviewer decided it: that is newer).
func (db *DB) undoMove(ctx context.Context, tq txQ, mv move) error {
	switch mv.table {
	case "mentions":
		var before, after mentionState
		if err := errors.Join(json.Unmarshal(mv.before, &before), json.Unmarshal(mv.after, &after)); err != nil {
			return fmt.Errorf("store: merge move of mention %d: %w", mv.rowID, err)
		}
		res, err := tq.exec(ctx, `UPDATE mentions SET person_id = ? WHERE id = ? AND person_id = ?`, before.PersonID, mv.rowID, after.PersonID)
		if err != nil {
			return fmt.Errorf("store: move mention %d back: %w", mv.rowID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return toren.Errorf(toren.CodeConflict, "mention %d no longer belongs to person %d: undo the later merge first", mv.rowID, after.PersonID)
		}
		return nil
	case "review_items":
		var before, after reviewState
		if err := errors.Join(json.Unmarshal(mv.before, &before), json.Unmarshal(mv.after, &after)); err != nil {
			return fmt.Errorf("store: merge move of review item %d: %w", mv.rowID, err)
		}
		_, cur, err := scanReviewState(tq.row(ctx, `SELECT `+reviewStateColumns+` FROM review_items WHERE id = ?`, mv.rowID))
		if err != nil {
			return fmt.Errorf("store: read review item %d: %w", mv.rowID, err)
		}
		if !sameJSON(cur, after) {
			return nil
		}
		return db.setReviewState(ctx, tq, mv.rowID, cur.Version, before)
	}
	return fmt.Errorf("store: merge move of unknown table %q", mv.table)
}

// restorePerson gives person id back the values a merge changed from
// before to after: wholly, version and time included, when the row is
// still exactly as the merge left it; else field by field
// (persons.Person.Restore) as a new version.
func (db *DB) restorePerson(ctx context.Context, tq txQ, id int64, before, after persons.Person, at time.Time) (persons.Person, error) {
	cur, err := db.personTx(ctx, tq, id)
	if err != nil {
		return cur, err
	}
	if sameJSON(cur, after) {
		res, err := tq.exec(ctx, `UPDATE persons SET first_names = ?, initials = ?, particle = ?, surname = ?, surname_key = ?,
			birth_date = ?, sex = ?, bsn = ?, street = ?, house_number = ?, postcode = ?, city = ?, municipality = ?, phone = ?,
			updated_at = ?, version = ? WHERE id = ? AND version = ?`,
			before.FirstNames, before.Initials, before.Particle, before.Surname, persons.SurnameKey(before.Particle, before.Surname),
			before.BirthDate.String(), before.Sex, before.BSN, before.Street, before.HouseNumber, before.Postcode, before.City,
			before.Municipality, before.Phone, before.UpdatedAt.UTC(), before.Version, id, cur.Version)
		if err != nil {
			return cur, fmt.Errorf("store: restore person %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cur, conflict("person", id)
		}
		return before, nil
	}
	if !cur.Restore(before, after) {
		return cur, nil
	}
	cur.UpdatedAt = at
	if err := db.updatePerson(ctx, tq, &cur); err != nil {
		return cur, err
	}
	return cur, nil
}

// registryChange tells a resolver's index about persons a merge or its
// undoing changed: a person some mention names is changed, one no mention
// names is retired (as Load leaves such persons out).
func (db *DB) registryChange(ctx context.Context, tq txQ, ps ...persons.Person) (intake.RegistryChange, error) {
	var ch intake.RegistryChange
	for _, p := range ps {
		var named int
		if err := tq.row(ctx, `SELECT COUNT(*) FROM mentions WHERE person_id = ?`, p.ID).Scan(&named); err != nil {
			return ch, fmt.Errorf("store: mentions of person %d: %w", p.ID, err)
		}
		if named == 0 {
			ch.Retired = append(ch.Retired, p.ID)
		} else {
			ch.Changed = append(ch.Changed, p)
		}
	}
	return ch, nil
}

func (db *DB) personTx(ctx context.Context, q querier, id int64) (persons.Person, error) {
	p, err := scanPerson(q.row(ctx, `SELECT `+personColumns+` FROM persons WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, notFound("person", id)
	}
	if err != nil {
		return p, fmt.Errorf("store: load person %d: %w", id, err)
	}
	return p, nil
}

func (db *DB) idsIn(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.rows(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func movedRows(moves []move) (mentions, reviewItems []int64) {
	mentions, reviewItems = []int64{}, []int64{}
	for _, mv := range moves {
		if mv.table == "mentions" {
			mentions = append(mentions, mv.rowID)
		} else {
			reviewItems = append(reviewItems, mv.rowID)
		}
	}
	return mentions, reviewItems
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// auditTx appends, in the transaction, the entry of a registry change by
// the context's actor. A change without a recorder in the context is
// refused: a registry change is never stored unaccounted for.
func (db *DB) auditTx(ctx context.Context, tq txQ, at time.Time, action, objectType string, objectID int64, reason string, personIDs ...int64) error {
	rec, ok := audit.RecorderFrom(ctx)
	if !ok {
		return fmt.Errorf("store: %s without an audit recorder in the context", action)
	}
	e := rec.Entry(at, action, objectType, strconv.FormatInt(objectID, 10), personIDs)
	e.Reason = reason
	return db.appendAuditTx(ctx, tq, e)
}

// wroteAudit tells the request's recorder that its write recorded itself.
func wroteAudit(ctx context.Context) {
	if rec, ok := audit.RecorderFrom(ctx); ok {
		rec.Wrote(1)
	}
}

const mergeColumns = `id, survivor_id, absorbed_id, reason, merged_by, merged_at, unmerged_by, unmerged_at, unmerge_reason, version`

func scanMerge(s scanner) (registry.Merge, error) {
	var m registry.Merge
	var unmerged sql.NullTime
	if err := s.Scan(&m.ID, &m.SurvivorID, &m.AbsorbedID, &m.Reason, &m.MergedBy, &m.MergedAt, &m.UnmergedBy, &unmerged,
		&m.UnmergeReason, &m.Version); err != nil {
		return m, err
	}
	m.MergedAt = m.MergedAt.UTC()
	if unmerged.Valid {
		m.UnmergedAt = unmerged.Time.UTC()
	}
	return m, nil
}

// mergeAbsorbing returns the merge in force that absorbed person id.
func (db *DB) mergeAbsorbing(ctx context.Context, q querier, id int64) (registry.Merge, bool, error) {
	m, err := scanMerge(q.row(ctx, `SELECT `+mergeColumns+` FROM merges WHERE absorbed_id = ? AND unmerged_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("store: merge of person %d: %w", id, err)
	}
	moves, err := db.movesOf(ctx, q, m.ID)
	if err != nil {
		return m, false, err
	}
	m.Mentions, m.ReviewItems = movedRows(moves)
	return m, true, nil
}

// MergeAbsorbing returns the merge in force that merged person id into
// another person, if any.
func (db *DB) MergeAbsorbing(ctx context.Context, id int64) (registry.Merge, bool, error) {
	return db.mergeAbsorbing(ctx, db.reader(), id)
}

// MergesInto returns the merges in force that merged other persons into
// person id, oldest first.
func (db *DB) MergesInto(ctx context.Context, id int64) ([]registry.Merge, error) {
	rows, err := db.reader().rows(ctx, `SELECT `+mergeColumns+` FROM merges WHERE survivor_id = ? AND unmerged_at IS NULL ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: merges into person %d: %w", id, err)
	}
	var out []registry.Merge
	for rows.Next() {
		m, err := scanMerge(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: merges into person %d: %w", id, err)
		}
		out = append(out, m)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("store: merges into person %d: %w", id, err)
	}
	for i := range out {
		moves, err := db.movesOf(ctx, db.reader(), out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].Mentions, out[i].ReviewItems = movedRows(moves)
	}
	return out, nil
}

// RowsForTest runs one SELECT on the reader and returns every row as
// column name to printed value. It exists for the conformance suite,
// which compares whole rows before and after a merge is undone.
// Production code must not call it.
func (db *DB) RowsForTest(ctx context.Context, query string, args ...any) ([]map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("store: query: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("store: query: %w", err)
	}
	var out []map[string]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("store: query: %w", err)
		}
		row := map[string]string{}
		for i, c := range cols {
			switch v := vals[i].(type) {
			case []byte:
				row[c] = string(v)
			case time.Time:
				row[c] = v.UTC().Format(time.RFC3339Nano)
			default:
				row[c] = fmt.Sprint(v)
			}
		}
		out = append(out, row)
	}
	return out, rows.Err()
}
