package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/toren"
)

// LinkedBySystem is linked_by for links the resolver made.
const LinkedBySystem = "system"

// insertMentions stores the mentions of r, each with the explanation of
// its link (links[i] for r.Persons[i]), in one statement, and sets their
// IDs. With ids (one per person, taken ahead: a batched transaction) the
// insert is deferred (txQ.later) and the mentions get those IDs.
func (db *DB) insertMentions(ctx context.Context, tq txQ, r *reports.Report, links []intake.Link, ids []int64) error {
	if len(r.Persons) == 0 {
		return nil
	}
	const cols = 23
	args := make([]any, 0, cols*len(r.Persons))
	for i := range r.Persons {
		m, link := &r.Persons[i], links[i]
		var age, method, score, evidence any
		if m.Age != nil {
			age = *m.Age
		}
		linkedBy := ""
		if link.Method != "" {
			method, linkedBy = string(link.Method), LinkedBySystem
		}
		if link.By != "" {
			linkedBy = link.By
		}
		if link.Evidence != nil {
			score, evidence = link.Score, string(link.Evidence)
		}
		if ids != nil {
			m.ID = ids[i]
			args = append(args, m.ID)
		}
		args = append(args, r.ID, i, m.Role, m.FirstNames, m.Initials, m.Particle, m.Surname,
			m.BirthDate.String(), age, m.Sex, m.Street, m.HouseNumber, m.Postcode, m.City, m.Municipality, m.BSN, m.Phone, m.PersonID,
			method, score, evidence, linkedBy, r.ReceivedAt.UTC())
	}
	const columns = `report_id, position, role, first_names, initials, particle, surname,
		birth_date, age, sex, street, house_number, postcode, city, municipality, bsn, phone, person_id,
		link_method, link_score, link_evidence, linked_by, received_at`
	if ids != nil {
		group := "(" + placeholders(cols+1) + ")"
		return tq.later(ctx, nil, `INSERT INTO mentions (id, `+columns+`) OVERRIDING SYSTEM VALUE
			VALUES `+strings.TrimSuffix(strings.Repeat(group+",", len(r.Persons)), ","), args...)
	}
	group := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	rows, err := tq.rows(ctx, `INSERT INTO mentions (report_id, position, role, first_names, initials, particle, surname,
		birth_date, age, sex, street, house_number, postcode, city, municipality, bsn, phone, person_id,
		link_method, link_score, link_evidence, linked_by, received_at)
		VALUES `+strings.TrimSuffix(strings.Repeat(group+",", len(r.Persons)), ",")+` RETURNING id, position`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var pos int
		if err := rows.Scan(&id, &pos); err != nil {
			return err
		}
		if pos < 0 || pos >= len(r.Persons) {
			return fmt.Errorf("mention at position %d returned for a report of %d persons", pos, len(r.Persons))
		}
		r.Persons[pos].ID = id
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n != len(r.Persons) {
		return fmt.Errorf("%d of %d mentions stored", n, len(r.Persons))
	}
	return nil
}

func (db *DB) insertReviewItem(ctx context.Context, tq txQ, mentionID, newPersonID int64, p *intake.ReviewProposal, now time.Time) error {
	ev := string(p.Evidence)
	if ev == "" {
		ev = "{}"
	}
	err := tq.later(ctx, nil, `INSERT INTO review_items (mention_id, person_id, new_person_id, score, evidence, status, created_at, version)
		VALUES (?,?,?,?,?,?,?,?)`, mentionID, p.PersonID, newPersonID, p.Score, ev, registry.ReviewOpen, now.UTC(), 1)
	if err != nil {
		return fmt.Errorf("insert review item: %w", err)
	}
	return nil
}

// namedPersonsPage is how many persons NamedPersons reads per query.
const namedPersonsPage = 2000

// NamedPersons streams, in ID order, every registry person that at least
// one mention names: the registry the radar matches against. A person no
// mention names any more (the one made for a mention that a reviewer then
// linked to another person) is left out. It reads in pages of its own
// queries, so it holds no read transaction open for the whole registry.
func (db *DB) NamedPersons(ctx context.Context) iter.Seq2[persons.Person, error] {
	return func(yield func(persons.Person, error) bool) {
		after := int64(0)
		for {
			page, err := db.namedPersonsPage(ctx, after)
			if err != nil {
				yield(persons.Person{}, err)
				return
			}
			for _, p := range page {
				if !yield(p, nil) {
					return
				}
			}
			if len(page) < namedPersonsPage {
				return
			}
			after = page[len(page)-1].ID
		}
	}
}

func (db *DB) namedPersonsPage(ctx context.Context, after int64) ([]persons.Person, error) {
	rows, err := db.reader().rows(ctx, `SELECT `+personColumns+` FROM persons
		WHERE id > ? AND EXISTS (SELECT 1 FROM mentions m WHERE m.person_id = persons.id)
		ORDER BY id LIMIT ?`, after, namedPersonsPage)
	if err != nil {
		return nil, fmt.Errorf("store: read persons after %d: %w", after, err)
	}
	defer rows.Close()
	page := make([]persons.Person, 0, namedPersonsPage)
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, fmt.Errorf("store: read persons after %d: %w", after, err)
		}
		page = append(page, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read persons after %d: %w", after, err)
	}
	return page, nil
}

const mentionLinkColumns = `id, person_id, link_method, link_score, link_evidence, linked_by`

func scanMentionLink(s scanner) (intake.MentionLink, error) {
	var l intake.MentionLink
	var person sql.NullInt64
	var method, evidence sql.NullString
	var score sql.NullFloat64
	if err := s.Scan(&l.MentionID, &person, &method, &score, &evidence, &l.LinkedBy); err != nil {
		return l, err
	}
	l.PersonID = person.Int64
	l.Method = intake.LinkMethod(method.String)
	if score.Valid {
		l.Score = &score.Float64
	}
	if evidence.Valid {
		l.Evidence = json.RawMessage(evidence.String)
	}
	return l, nil
}

// LinksOfReport returns the link of every mention of the report, in the
// order the report names them.
func (db *DB) LinksOfReport(ctx context.Context, reportID int64) ([]intake.MentionLink, error) {
	rows, err := db.reader().rows(ctx, `SELECT `+mentionLinkColumns+` FROM mentions WHERE report_id = ? ORDER BY position`, reportID)
	if err != nil {
		return nil, fmt.Errorf("store: links of report %d: %w", reportID, err)
	}
	defer rows.Close()
	var out []intake.MentionLink
	for rows.Next() {
		l, err := scanMentionLink(rows)
		if err != nil {
			return nil, fmt.Errorf("store: links of report %d: %w", reportID, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// reviewUrgent is 1 when the candidate of review item ri is named in a
// report of a case that is not closed, ended or converted to advice.
const reviewUrgent = `CASE WHEN EXISTS (SELECT 1 FROM mentions um
	JOIN case_reports ucr ON ucr.report_id = um.report_id JOIN cases uc ON uc.id = ucr.case_id
	WHERE (um.person_id = ri.person_id OR ri.kind = 'merge' AND um.person_id = ri.new_person_id)
	AND uc.status NOT IN ('closed', 'ended', 'converted_advice')) THEN 1 ELSE 0 END`

const reviewColumns = `ri.id, ri.mention_id, m.report_id, r.number, ri.person_id, ri.new_person_id, ri.score, ri.evidence,
	ri.status, ri.created_at, ri.decided_by, ri.decided_at, ri.reason, ri.version, ri.kind, ` + reviewUrgent

const reviewFrom = ` FROM review_items ri JOIN mentions m ON m.id = ri.mention_id JOIN reports r ON r.id = m.report_id`

func scanReviewItem(s scanner) (registry.ReviewItem, error) {
	var it registry.ReviewItem
	var evidence string
	var decided sql.NullTime
	var urgent int
	if err := s.Scan(&it.ID, &it.MentionID, &it.ReportID, &it.ReportNumber, &it.PersonID, &it.NewPersonID, &it.Score, &evidence,
		&it.Status, &it.CreatedAt, &it.DecidedBy, &decided, &it.Reason, &it.Version, &it.Kind, &urgent); err != nil {
		return it, err
	}
	it.Evidence = json.RawMessage(evidence)
	it.CreatedAt = it.CreatedAt.UTC()
	if decided.Valid {
		it.DecidedAt = decided.Time.UTC()
	}
	it.Urgent = urgent == 1
	return it, nil
}

// ListReviewItems returns review items urgent first (see
// registry.ReviewItem.Urgent), then in the order they were made, so that
// the queue is worked from the family that may not be safe, then from its
// oldest item. Paging goes on after the item AfterID, wherever it stands.
func (db *DB) ListReviewItems(ctx context.Context, f registry.ReviewFilter) ([]registry.ReviewItem, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	if f.Status == "" {
		f.Status = registry.ReviewOpen
	}
	q := db.reader()
	// The queue's order is (urgent first, id); the cursor item's urgency
	// is read again, as a case may have opened or closed since.
	after := ""
	args := []any{f.Status}
	if f.AfterID > 0 {
		var urgent int
		err := q.row(ctx, `SELECT `+reviewUrgent+` FROM review_items ri WHERE ri.id = ?`, f.AfterID).Scan(&urgent)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, fmt.Errorf("store: list review items: cursor: %w", err)
		}
		if urgent == 1 {
			after = ` AND (` + reviewUrgent + ` = 0 OR ri.id > ?)`
		} else {
			after = ` AND ` + reviewUrgent + ` = 0 AND ri.id > ?`
		}
		args = append(args, f.AfterID)
	}
	args = append(args, f.Limit)
	rows, err := q.rows(ctx, `SELECT `+reviewColumns+reviewFrom+`
		WHERE ri.status = ?`+after+` ORDER BY `+reviewUrgent+` DESC, ri.id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list review items: %w", err)
	}
	defer rows.Close()
	var out []registry.ReviewItem
	for rows.Next() {
		it, err := scanReviewItem(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list review items: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// GetReviewItem returns one review item.
func (db *DB) GetReviewItem(ctx context.Context, id int64) (registry.ReviewItem, error) {
	return db.getReviewItem(ctx, db.reader(), id)
}

func (db *DB) getReviewItem(ctx context.Context, q querier, id int64) (registry.ReviewItem, error) {
	it, err := scanReviewItem(q.row(ctx, `SELECT `+reviewColumns+reviewFrom+` WHERE ri.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return it, notFound("review item", id)
	}
	if err != nil {
		return it, fmt.Errorf("store: get review item %d: %w", id, err)
	}
	return it, nil
}

// DecideReview records the reviewer's verdict on an open review item in
// one transaction. Accepting relinks the mention to the candidate person
// with method 'reviewer', keeping the radar's score and evidence as what
// the reviewer saw, and fills the candidate's unknown fields from the
// mention as an automatic link does; nothing else moves (the person made
// for the mention stays, its other mentions too). A stale Version or an
// item decided already returns a toren.CodeConflict error and changes
// nothing: of two reviewers deciding at once, one wins.
//
// The decision's audit entry (review.link, naming both persons, the
// reason) is written in the same transaction as the context's
// audit.Recorder's actor; without a recorder the decision is refused.
// idx (may be nil) learns at the commit what changed: the candidate, and
// the person made for the mention when no mention names it any more.
func (db *DB) DecideReview(ctx context.Context, d registry.ReviewDecision, idx intake.RegistryIndex) (registry.ReviewOutcome, error) {
	by := strings.TrimSpace(d.By)
	if by == "" {
		return registry.ReviewOutcome{}, toren.Errorf(toren.CodeInvalid, "a review decision needs the reviewer")
	}
	status := registry.ReviewRejected
	if d.Accept {
		status = registry.ReviewAccepted
	}
	at := d.At.UTC().Truncate(time.Microsecond)
	var out registry.ReviewOutcome
	var change intake.RegistryChange
	err := db.inTxCommit(ctx, func(tq txQ) error {
		if d.Accept {
			if it, err := db.getReviewItem(ctx, tq, d.ID); err != nil {
				return err
			} else if it.Kind == registry.KindMerge {
				return toren.Errorf(toren.CodeInvalid, "merge proposal %d is confirmed by merging the persons", d.ID)
			}
		}
		res, err := tq.exec(ctx, `UPDATE review_items SET status = ?, decided_by = ?, decided_at = ?, reason = ?, version = version + 1
			WHERE id = ? AND version = ? AND status = ?`, status, by, at, d.Reason, d.ID, d.Version, registry.ReviewOpen)
		if err != nil {
			return fmt.Errorf("store: decide review item %d: %w", d.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("store: decide review item %d: %w", d.ID, err)
		}
		if n == 0 {
			if _, err := db.getReviewItem(ctx, tq, d.ID); err != nil {
				return err
			}
			return conflict("review item", d.ID)
		}
		if out.Item, err = db.getReviewItem(ctx, tq, d.ID); err != nil {
			return err
		}
		it := out.Item
		// Codes only in the log, which a data subject may be shown: the
		// reviewer's note (it may be about the other person) stays with
		// the review item.
		auditReason := "different_persons"
		if d.Accept {
			auditReason = "same_person"
			if change, out.Unnamed, err = db.relinkReviewed(ctx, tq, it, by, at); err != nil {
				return err
			}
		}
		return db.auditTx(ctx, tq, at, audit.ActionReviewLink, "review", it.ID, auditReason, it.PersonID, it.NewPersonID)
	}, func(commit func() error) error { return intake.ApplyChange(idx, commit, change) })
	if err != nil {
		return registry.ReviewOutcome{}, err
	}
	wroteAudit(ctx)
	return out, nil
}

// relinkReviewed links an accepted item's mention to its candidate and
// enriches the candidate from it.
func (db *DB) relinkReviewed(ctx context.Context, tq txQ, it registry.ReviewItem, by string, at time.Time) (intake.RegistryChange, bool, error) {
	var change intake.RegistryChange
	if _, err := tq.exec(ctx, `UPDATE mentions SET person_id = ?, link_method = ?, link_score = ?, link_evidence = ?, linked_by = ?
		WHERE id = ?`, it.PersonID, intake.LinkReviewer, it.Score, string(it.Evidence), by, it.MentionID); err != nil {
		return change, false, fmt.Errorf("store: relink mention %d: %w", it.MentionID, err)
	}
	ms, err := db.mentions(ctx, tq, "id = ?", it.MentionID)
	if err != nil {
		return change, false, err
	}
	if len(ms) != 1 {
		return change, false, notFound("mention", it.MentionID)
	}
	p, _, err := db.enrichPerson(ctx, tq, map[int64]persons.Person{}, it.PersonID, ms[0], at)
	if err != nil {
		return change, false, err
	}
	// Always re-added: the candidate may have been unnamed (retired) before.
	change.Changed = append(change.Changed, p)
	var named int
	if err := tq.row(ctx, `SELECT COUNT(*) FROM mentions WHERE person_id = ?`, it.NewPersonID).Scan(&named); err != nil {
		return change, false, fmt.Errorf("store: mentions of person %d: %w", it.NewPersonID, err)
	}
	if named == 0 {
		change.Retired = append(change.Retired, it.NewPersonID)
	}
	return change, named == 0, nil
}

// Mention returns one mention as the reporter named it.
func (db *DB) Mention(ctx context.Context, id int64) (reports.Mention, error) {
	ms, err := db.mentions(ctx, db.reader(), "id = ?", id)
	if err != nil {
		return reports.Mention{}, err
	}
	if len(ms) == 0 {
		return reports.Mention{}, notFound("mention", id)
	}
	return ms[0], nil
}

// linkColumns receives a mention's link columns.
type linkColumns struct {
	method, evidence sql.NullString
	score            sql.NullFloat64
	linkedBy         string
}

func (c linkColumns) explain(mentionID, personID int64) intake.MentionLink {
	l := intake.MentionLink{MentionID: mentionID, PersonID: personID, Method: intake.LinkMethod(c.method.String), LinkedBy: c.linkedBy}
	if c.score.Valid {
		l.Score = &c.score.Float64
	}
	if c.evidence.Valid {
		l.Evidence = json.RawMessage(c.evidence.String)
	}
	return l
}

// addMergeRefs notes on each mention of the person that a merge in force
// brought it there, and which: the latest, for a mention moved twice.
func (db *DB) addMergeRefs(ctx context.Context, personID int64, ms []intake.PersonMention) error {
	if len(ms) == 0 {
		return nil
	}
	rows, err := db.reader().rows(ctx, `SELECT mm.row_id, g.id, g.absorbed_id, g.merged_by, g.merged_at
		FROM merges g JOIN merge_moves mm ON mm.merge_id = g.id AND mm.table_name = 'mentions'
		WHERE g.survivor_id = ? AND g.unmerged_at IS NULL ORDER BY g.id`, personID)
	if err != nil {
		return fmt.Errorf("store: merges of person %d: %w", personID, err)
	}
	defer rows.Close()
	refs := map[int64]*intake.MergeRef{}
	for rows.Next() {
		var mention int64
		var ref intake.MergeRef
		if err := rows.Scan(&mention, &ref.MergeID, &ref.FromPersonID, &ref.By, &ref.At); err != nil {
			return fmt.Errorf("store: merges of person %d: %w", personID, err)
		}
		ref.At = ref.At.UTC()
		refs[mention] = &ref
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: merges of person %d: %w", personID, err)
	}
	for i := range ms {
		ms[i].Link.Merge = refs[ms[i].Mention.ID]
	}
	return nil
}

// coMentionsPage is how many mentions CoMentions reads per query.
const coMentionsPage = 10000

// CoMentions streams, report by report in ID order, the registry persons
// a report names as family (victim, perpetrator, child, parent, other:
// radar.FamilyRole), when it names two or more: the family graph the
// radar loads beside the registry (radarsvc.FamilyRegistry). It reads in
// pages of its own queries.
func (db *DB) CoMentions(ctx context.Context) iter.Seq2[[]int64, error] {
	return func(yield func([]int64, error) bool) {
		after := int64(0)
		for {
			page, last, full, err := db.coMentionsPage(ctx, after)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, ids := range page {
				if !yield(ids, nil) {
					return
				}
			}
			if !full {
				return
			}
			after = last
		}
	}
}

// coMentionsPage reads the family mentions of the reports after after. A
// full page leaves its last report out (it may go on past the page) and
// says up to which report it read.
func (db *DB) coMentionsPage(ctx context.Context, after int64) ([][]int64, int64, bool, error) {
	rows, err := db.reader().rows(ctx, `SELECT report_id, person_id FROM mentions
		WHERE report_id > ? AND person_id IS NOT NULL AND role IN ('victim', 'perpetrator', 'child', 'parent', 'other')
		ORDER BY report_id, position LIMIT ?`, after, coMentionsPage)
	if err != nil {
		return nil, 0, false, fmt.Errorf("store: read co-mentions after report %d: %w", after, err)
	}
	defer rows.Close()
	var out [][]int64
	var reportOf []int64
	n := 0
	for rows.Next() {
		var report, person int64
		if err := rows.Scan(&report, &person); err != nil {
			return nil, 0, false, fmt.Errorf("store: read co-mentions after report %d: %w", after, err)
		}
		n++
		if len(reportOf) == 0 || reportOf[len(reportOf)-1] != report {
			out, reportOf = append(out, nil), append(reportOf, report)
		}
		if ids := &out[len(out)-1]; !slices.Contains(*ids, person) {
			*ids = append(*ids, person)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, false, fmt.Errorf("store: read co-mentions after report %d: %w", after, err)
	}
	full := n == coMentionsPage
	last := after
	if full && len(out) > 1 {
		out, reportOf = out[:len(out)-1], reportOf[:len(reportOf)-1]
	}
	if len(reportOf) > 0 {
		last = reportOf[len(reportOf)-1]
	}
	kept := out[:0]
	for _, ids := range out {
		if len(ids) > 1 {
			kept = append(kept, ids)
		}
	}
	return kept, last, full, nil
}

// CoMentionsOf returns, for every report that names one of ids, the
// registry persons it names as family, when it names two or more (as
// CoMentions does for the whole registry): how a server learns the
// families of the persons other servers created or changed.
func (db *DB) CoMentionsOf(ctx context.Context, ids []int64) ([][]int64, error) {
	var out [][]int64
	seen := map[int64]bool{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), maxIn)]
		ids = ids[len(chunk):]
		in, args := inList(chunk)
		rows, err := db.reader().rows(ctx, `SELECT report_id, person_id FROM mentions
			WHERE person_id IS NOT NULL AND role IN ('victim', 'perpetrator', 'child', 'parent', 'other')
			AND report_id IN (SELECT report_id FROM mentions WHERE person_id IN `+in+`)
			ORDER BY report_id, position`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: co-mentions of %d persons: %w", len(chunk), err)
		}
		var cur []int64
		report := int64(-1)
		flush := func() {
			if len(cur) > 1 && !seen[report] {
				out = append(out, cur)
			}
			if report >= 0 {
				seen[report] = true
			}
		}
		for rows.Next() {
			var r, p int64
			if err := rows.Scan(&r, &p); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: co-mentions of %d persons: %w", len(chunk), err)
			}
			if r != report {
				flush()
				cur, report = nil, r
			}
			if !slices.Contains(cur, p) {
				cur = append(cur, p)
			}
		}
		flush()
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: co-mentions of %d persons: %w", len(chunk), err)
		}
	}
	return out, nil
}
