package store

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"toren/internal/alerts"
	"toren/internal/audit"
	"toren/internal/escalate"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/reports"
)

// WriteTx implements intake.Store: fn runs the steps of intake on one
// write transaction.
func (db *DB) WriteTx(ctx context.Context, fn func(tx intake.Tx) error, commit func(commit func() error) error) error {
	err := db.inTxBatched(ctx, func(tq txQ) error {
		t := &intakeTx{db: db, tq: tq, finder: txFinder{db: db, q: tq, seen: map[int64]persons.Person{}}}
		if err := fn(t); err != nil {
			return err
		}
		return t.settle(ctx)
	}, commit)
	if err != nil && isUniqueViolation(err) {
		return fmt.Errorf("store: %w: %w", intake.ErrRace, err)
	}
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// intakeTx is intake.Tx on a write transaction. Its finder remembers the
// persons the resolver read, so that enriching a linked person need not
// read it again.
type intakeTx struct {
	db     *DB
	tq     txQ
	finder txFinder
	// mentions are the mentions this transaction stored, reviewed those
	// of them it made a review item for (made on first use).
	mentions, reviewed map[int64]bool
	// numbers are the blocks of report numbers taken from each counter
	// (NextNumber).
	numbers map[string]*numberBlock
	// unused are the idempotency keys PrefetchKeys found unused and no
	// report of the transaction has taken since.
	unused map[string]bool
	// ids are the row IDs taken ahead from each table's identity
	// sequence (batched transactions only: see newID).
	ids map[string]*idBlock
	// idsAhead is set while IDs asked for ahead have not come yet.
	idsAhead bool
	// numbersAhead is set while the blocks of numbers PrepareGroup asked
	// for have not come yet.
	numbersAhead bool
	// counted holds, in a batched transaction, the rows it inserted by
	// their name in row_counts; the triggers leave them to it (countRow).
	counted map[string]int64
}

// countRow counts an insert the row counts' triggers would count (name
// as in row_counts). A batched transaction (PostgreSQL) counts its own
// inserts and adds them once before its commit (settle): the trigger's
// update of one row per insert piles up versions of that row that the
// next update walks, quadratic in the size of an import batch
// (migration 00035). Elsewhere the triggers count.
func (t *intakeTx) countRow(ctx context.Context, name string) error {
	if !t.tq.deferring() {
		return nil
	}
	if t.counted == nil {
		t.counted = map[string]int64{}
		// For this transaction only; queued before its first insert.
		if err := t.tq.later(ctx, nil, `SELECT set_config('toren.rows_counted', 'on', true)`); err != nil {
			return fmt.Errorf("count rows: %w", err)
		}
	}
	t.counted[name]++
	return nil
}

// idBlock is what a batched transaction holds of one table's IDs: free
// ones not yet given out, and how many to take the next time.
type idBlock struct {
	free []int64
	next int
}

// idTables are the tables whose IDs a batched intake transaction takes
// ahead, with the first block of each (the IDs of a group of reports:
// four to five persons a report, a few alerts). Each later block is twice
// the one before, up to maxIDBlock.
var idTables = []struct {
	name  string
	first int
}{{"reports", 16}, {"persons", 64}, {"mentions", 64}, {"alerts", 16}}

const maxIDBlock = 4096

// newID returns a fresh ID of table's identity column for a deferred
// insert, which then needs no RETURNING: the inserts of a group no
// longer wait for one another. The IDs come from the table's sequence,
// taken ahead (PrepareGroup, or here for every table in one statement
// whenever one runs out); the IDs not used are skipped, a gap as a
// rolled-back insert leaves (report numbers, which must have none, come
// from their counter).
func (t *intakeTx) newID(ctx context.Context, table string) (int64, error) {
	b := t.ids[table]
	if (b == nil || len(b.free) == 0) && t.idsAhead {
		// IDs were asked for ahead: they come with the next batch.
		if err := t.tq.flush(ctx); err != nil {
			return 0, err
		}
		b = t.ids[table]
	}
	if b == nil || len(b.free) == 0 {
		want := map[string]int{}
		for _, tb := range idTables {
			b := t.idBlock(tb.name, tb.first)
			// Refill the table asked for, and any other about to run out.
			if tb.name == table || len(b.free) <= b.next/8 {
				want[tb.name] = b.next
				b.next = min(2*b.next, maxIDBlock)
			}
		}
		if err := t.takeIDs(ctx, want, false); err != nil {
			return 0, err
		}
		b = t.ids[table]
	}
	if b == nil || len(b.free) == 0 {
		return 0, fmt.Errorf("take %s ids: none returned", table)
	}
	id := b.free[0]
	b.free = b.free[1:]
	return id, nil
}

// idBlock returns the transaction's block of table, made on first use
// with first as the size of its next refill.
func (t *intakeTx) idBlock(table string, first int) *idBlock {
	if t.ids == nil {
		t.ids = map[string]*idBlock{}
	}
	b := t.ids[table]
	if b == nil {
		b = &idBlock{next: first}
		t.ids[table] = b
	}
	return b
}

// takeIDs takes want[table] IDs of each table from its sequence, in one
// statement: now, or with the next batch when ahead.
func (t *intakeTx) takeIDs(ctx context.Context, want map[string]int, ahead bool) error {
	var parts []string
	var args []any
	for i, tb := range idTables {
		if want[tb.name] <= 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf(`SELECT %d, nextval(pg_get_serial_sequence('%s', 'id')) FROM generate_series(1, ?::int)`, i, tb.name))
		args = append(args, want[tb.name])
	}
	if len(parts) == 0 {
		return nil
	}
	fill := func(s scanner) error {
		var i int
		var id int64
		if err := s.Scan(&i, &id); err != nil {
			return err
		}
		b := t.idBlock(idTables[i].name, idTables[i].first)
		b.free = append(b.free, id)
		return nil
	}
	query := strings.Join(parts, " UNION ALL ")
	if ahead {
		t.idsAhead = true
		return t.tq.ahead(ctx, func(s scanner) error {
			t.idsAhead = false
			return fill(s)
		}, query, args...)
	}
	if err := t.tq.each(ctx, fill, query, args...); err != nil {
		return fmt.Errorf("take ids: %w", err)
	}
	return nil
}

// PrepareGroup implements intake.GroupPreparer. In a batched transaction
// (PostgreSQL) it asks, with the next batch, for the IDs the group is
// likely to need (a report's alerts are rare: one each is ample) and for
// a block of numbers of each counter as large as the group's use of it
// (what replays leave is given back, settle); elsewhere it does nothing.
func (t *intakeTx) PrepareGroup(ctx context.Context, g intake.Group) error {
	if !t.tq.deferring() || g.Reports <= 0 {
		return nil
	}
	for series, n := range g.Numbers {
		if n <= 0 {
			continue
		}
		t.numbersAhead = true
		err := t.tq.ahead(ctx, func(s scanner) error {
			var v int64
			if err := s.Scan(&v); err != nil {
				return err
			}
			if t.numbers == nil {
				t.numbers = map[string]*numberBlock{}
			}
			t.numbers[series] = &numberBlock{next: v - n + 1, last: v, size: min(n, maxNumberBlock)}
			t.numbersAhead = false
			return nil
		}, nextNSQL, series, n)
		if err != nil {
			return fmt.Errorf("counter %s: %w", series, err)
		}
	}
	want := map[string]int{"reports": g.Reports, "persons": g.Persons, "mentions": g.Persons, "alerts": g.Reports}
	for _, tb := range idTables {
		b := t.idBlock(tb.name, tb.first)
		// A refill, should one be needed, is as large again.
		b.next = min(max(want[tb.name], tb.first), maxIDBlock)
	}
	return t.takeIDs(ctx, want, true)
}

// numberBlock is a run of numbers of one counter that the transaction
// took at once: next is the next to hand out, last the counter's value.
type numberBlock struct {
	next, last, size int64
}

// maxNumberBlock bounds how many numbers NextNumber takes at once.
const maxNumberBlock = 64

func (t *intakeTx) Candidates(ctx context.Context, q intake.CandidateQuery) ([]persons.Person, error) {
	return t.finder.Candidates(ctx, q)
}

// CandidatesBatch looks the candidates of several queries up at once
// (txFinder.CandidatesBatch).
func (t *intakeTx) CandidatesBatch(ctx context.Context, qs []intake.CandidateQuery) ([][]persons.Person, error) {
	return t.finder.CandidatesBatch(ctx, qs)
}

// LockKeys implements intake.KeyLocker (see txFinder.LockKeys).
func (t *intakeTx) LockKeys(ctx context.Context, keys []int64, exclusive bool) (bool, error) {
	return t.finder.LockKeys(ctx, keys, exclusive)
}

// PrefetchKeys implements intake.KeysPrefetcher: one statement for the
// keys of a group instead of one per report.
func (t *intakeTx) PrefetchKeys(ctx context.Context, keys []string) error {
	// One statement shape whatever the number of keys, each key probing
	// the unique index: an array on PostgreSQL, a JSON list on SQLite.
	query, arg := `SELECT idempotency_key FROM reports WHERE idempotency_key = ANY(?::text[])`, any(keys)
	if t.db.dialect != Postgres {
		b, err := json.Marshal(keys)
		if err != nil {
			return fmt.Errorf("store: idempotency keys: %w", err)
		}
		query, arg = `SELECT idempotency_key FROM reports WHERE idempotency_key IN (SELECT value FROM json_each(?))`, string(b)
	}
	rows, err := t.tq.rows(ctx, query, arg)
	if err != nil {
		return fmt.Errorf("store: idempotency keys: %w", err)
	}
	defer rows.Close()
	used := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return fmt.Errorf("store: idempotency keys: %w", err)
		}
		used[k] = true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: idempotency keys: %w", err)
	}
	t.unused = map[string]bool{}
	for _, k := range keys {
		if !used[k] {
			t.unused[k] = true
		}
	}
	return nil
}

func (t *intakeTx) ReportByKey(ctx context.Context, key string) (*reports.Report, string, error) {
	if t.unused[key] {
		return nil, "", nil
	}
	// With the reads a group asked for ahead, if any (txQ.each).
	var id int64
	var hash string
	err := t.tq.each(ctx, func(s scanner) error { return s.Scan(&id, &hash) },
		`SELECT id, request_hash FROM reports WHERE idempotency_key = ?`, key)
	if err != nil {
		return nil, "", err
	}
	if id == 0 {
		return nil, "", nil
	}
	r, err := t.db.getReport(ctx, t.tq, "id = ?", id)
	if err != nil {
		return nil, "", err
	}
	return r, hash, nil
}

// NextNumber hands out the numbers of a series from blocks taken from its
// counter, each twice the one before (1, 2, 4, … 64): a group commit of n
// reports takes about log2(n) statements for its numbers instead of n, and
// a single report still one. The numbers not handed out are given back
// before the commit (settle), so the series stays without gaps.
func (t *intakeTx) NextNumber(ctx context.Context, series string) (int64, error) {
	if t.numbersAhead {
		// The group's blocks were asked for ahead: they come with the
		// next batch.
		if err := t.tq.flush(ctx); err != nil {
			return 0, err
		}
	}
	b := t.numbers[series]
	if b == nil || b.next > b.last {
		size := int64(1)
		if b != nil {
			size = min(2*b.size, maxNumberBlock)
		}
		v, err := t.db.nextN(ctx, t.tq, series, size)
		if err != nil {
			return 0, err
		}
		b = &numberBlock{next: v - size + 1, last: v, size: size}
		if t.numbers == nil {
			t.numbers = map[string]*numberBlock{}
		}
		t.numbers[series] = b
	}
	n := b.next
	b.next++
	return n, nil
}

// countOrder is the order a transaction updates its row counts in: the
// order the triggers of other writers lock them (a report before its
// persons: retention deletes reports, then persons), so that a commit and
// a retention run cannot deadlock on PostgreSQL.
func countOrder(counted map[string]int64) []string {
	return slices.SortedFunc(maps.Keys(counted), func(a, b string) int {
		ra, rb := strings.HasPrefix(a, "reports."), strings.HasPrefix(b, "reports.")
		if ra != rb {
			if ra {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
}

// settle gives the numbers NextNumber took but did not hand out back to
// their counters. The counter row is locked by the transaction since it
// was taken; the value check only guards against a statement of the same
// transaction that counted on past the block (a gap, never a number twice).
func (t *intakeTx) settle(ctx context.Context) error {
	names := countOrder(t.counted)
	for _, name := range names {
		err := t.tq.later(ctx, func(n int64) error {
			// Every report kind has its row (a migration that adds a
			// kind inserts it); a missing row is a defect, not a zero.
			if n != 1 {
				return fmt.Errorf("no row count %q", name)
			}
			return nil
		}, `UPDATE row_counts SET n = n + ? WHERE name = ?`, t.counted[name], name)
		if err != nil {
			return fmt.Errorf("count rows %s: %w", name, err)
		}
	}
	for series, b := range t.numbers {
		if b.next > b.last {
			continue
		}
		if err := t.tq.later(ctx, nil, `UPDATE counters SET value = ? WHERE name = ? AND value = ?`, b.next-1, series, b.last); err != nil {
			return fmt.Errorf("counter %s: give back %d numbers: %w", series, b.last-b.next+1, err)
		}
	}
	return nil
}

func (t *intakeTx) InsertReport(ctx context.Context, nr intake.NewReport) (int64, error) {
	r := nr.Report
	var key any
	if nr.IdempotencyKey != "" {
		key = nr.IdempotencyKey
		// A second report of the group with this key must find this one.
		delete(t.unused, nr.IdempotencyKey)
	}
	// The meldcode as JSON, and its number of steps for the statistics
	// (NULL when not recorded).
	mc, mcSteps := "", any(nil)
	if r.Meldcode != nil {
		b, err := json.Marshal(r.Meldcode)
		if err != nil {
			return 0, fmt.Errorf("store: report meldcode: %w", err)
		}
		mc, mcSteps = string(b), len(r.Meldcode.Steps)
	}
	args := []any{r.Number, r.Kind, r.ReceivedAt.UTC(), r.Channel,
		r.Reporter.Kind, r.Reporter.Name, r.Reporter.Organisation, r.Reporter.Function, r.Reporter.Phone, r.Reporter.Email, r.Reporter.Relation, r.Reporter.ProtectIdentity,
		r.ExternalRef, r.Acute, r.ChildrenPresent, joinCodes(r.ViolenceTypes), joinCodes(r.Natures), r.Municipality, r.Description, mc, mcSteps,
		r.RegisteredAt.UTC(), r.RegisteredBy, key, nr.RequestHash, r.Version}
	if !t.tq.deferring() {
		return t.tq.insert(ctx, `INSERT INTO reports (`+insertReportColumns+`) VALUES (`+placeholders(len(args))+`)`, args...)
	}
	id, err := t.newID(ctx, "reports")
	if err != nil {
		return 0, err
	}
	if err := t.countRow(ctx, "reports."+string(r.Kind)); err != nil {
		return 0, err
	}
	err = t.tq.later(ctx, nil, `INSERT INTO reports (id, `+insertReportColumns+`) OVERRIDING SYSTEM VALUE VALUES (`+placeholders(len(args)+1)+`)`,
		append([]any{id}, args...)...)
	return id, err
}

const insertReportColumns = `number, kind, received_at, channel,
	reporter_kind, reporter_name, reporter_org, reporter_function, reporter_phone, reporter_email, reporter_relation, reporter_protected,
	external_ref, acute, children_present, violence_types, natures, municipality, description, meldcode, meldcode_steps,
	registered_at, registered_by, idempotency_key, request_hash, version`

// placeholders returns n "?" separated by commas.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func (t *intakeTx) InsertPerson(ctx context.Context, p *persons.Person) (int64, error) {
	if !t.tq.deferring() {
		return t.db.insertPerson(ctx, t.tq, p)
	}
	id, err := t.newID(ctx, "persons")
	if err != nil {
		return 0, err
	}
	if err := t.countRow(ctx, "persons"); err != nil {
		return 0, err
	}
	p.ID = id
	if err := t.db.insertPersonLater(ctx, t.tq, p); err != nil {
		return 0, err
	}
	// The person as it will read back: a later mention of it in this
	// transaction (an import batch names a family again and again) is
	// enriched without reading it, which on PostgreSQL is a round trip.
	stored := *p
	stored.CreatedAt, stored.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	t.finder.seen[id] = stored
	return id, nil
}

func (t *intakeTx) EnrichPerson(ctx context.Context, id int64, m reports.Mention, at time.Time) (persons.Person, bool, error) {
	return t.db.enrichPerson(ctx, t.tq, t.finder.seen, id, m, at)
}

func (t *intakeTx) InsertMentions(ctx context.Context, r *reports.Report, links []intake.Link) error {
	var ids []int64
	if t.tq.deferring() {
		for range r.Persons {
			id, err := t.newID(ctx, "mentions")
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
	}
	if err := t.db.insertMentions(ctx, t.tq, r, links, ids); err != nil {
		return err
	}
	if t.mentions == nil {
		t.mentions = map[int64]bool{}
	}
	for _, m := range r.Persons {
		t.mentions[m.ID] = true
	}
	return nil
}

func (t *intakeTx) InsertReviewItem(ctx context.Context, mentionID, newPersonID int64, p *intake.ReviewProposal, at time.Time) error {
	if err := t.db.insertReviewItem(ctx, t.tq, mentionID, newPersonID, p, at); err != nil {
		return err
	}
	if t.reviewed == nil {
		t.reviewed = map[int64]bool{}
	}
	t.reviewed[mentionID] = true
	return nil
}

// SignalHistory reads the review candidates of r only when one of its
// mentions may have a review item: a mention this transaction stored has
// one only if this transaction made it (one statement less per report).
func (t *intakeTx) SignalHistory(ctx context.Context, r *reports.Report) (escalate.Signal, escalate.History, error) {
	reviews := false
	for _, m := range r.Persons {
		if !t.mentions[m.ID] || t.reviewed[m.ID] {
			reviews = true
			break
		}
	}
	return t.db.signalHistory(ctx, t.tq, r, reviews)
}

func (t *intakeTx) InsertAlert(ctx context.Context, a *alerts.Alert) error {
	const columns = `rule, severity, audience, report_id, person_id, case_id, team, user_id, related_reports, explanation, created_at, version`
	args := []any{a.Rule, a.Severity, a.Audience, a.ReportID, nullID(a.PersonID), nullID(a.CaseID), a.Team, nullID(a.UserID),
		joinIDs(a.RelatedReportIDs), a.Explanation, a.CreatedAt, a.Version}
	var err error
	if !t.tq.deferring() {
		a.ID, err = t.tq.insert(ctx, `INSERT INTO alerts (`+columns+`) VALUES (`+placeholders(len(args))+`)`, args...)
		return err
	}
	if a.ID, err = t.newID(ctx, "alerts"); err != nil {
		return err
	}
	return t.tq.later(ctx, nil, `INSERT INTO alerts (id, `+columns+`) OVERRIDING SYSTEM VALUE VALUES (`+placeholders(len(args)+1)+`)`,
		append([]any{a.ID}, args...)...)
}

func (t *intakeTx) AppendAudit(ctx context.Context, entries ...audit.Entry) error {
	return t.db.appendAuditTx(ctx, t.tq, entries...)
}
