package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"toren/internal/audit"
)

// The audit log lives in three tables (see migration 00002): audit_log,
// one row per entry, append-only by trigger; audit_persons, which indexes
// the persons of each entry for the data subject's access view; and
// audit_head, the anchor beside the log, moved by every append. Appends
// serialise on the head row: SQLite has one writer anyway, PostgreSQL
// locks the row (SELECT … FOR UPDATE) until the transaction ends.

const auditColumns = `seq, at, actor_id, actor_name, role, on_behalf_of, origin, action,
	object_type, object_id, person_ids, reason, outcome, prev_hash, hash, key_id, mac`

// auditColumnCount is the number of auditColumns.
const auditColumnCount = 17

// auditPageSize is how many entries AuditEntries reads per query: long
// enough to stream fast, short enough that no read transaction stays open
// for a whole verification (in SQLite a long reader stalls WAL checkpoints).
const auditPageSize = 1000

// AppendAudit validates the entries, chains them after the current head
// and stores them in one transaction: all or nothing.
func (db *DB) AppendAudit(ctx context.Context, entries ...audit.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tq txQ) error {
		return db.appendAuditTx(ctx, tq, entries...)
	})
}

// appendAuditTx appends entries inside the caller's write transaction, so
// that they commit or roll back together with the change they record. It
// locks the head row until that transaction ends, so call it late in the
// transaction to keep other writers waiting briefly.
func (db *DB) appendAuditTx(ctx context.Context, tq txQ, entries ...audit.Entry) error {
	_, err := db.chainAuditTx(ctx, tq, entries)
	return err
}

// chainAuditTx is appendAuditTx returning the stored entries.
func (db *DB) chainAuditTx(ctx context.Context, tq txQ, entries []audit.Entry) ([]audit.Entry, error) {
	for i, e := range entries {
		if err := e.Validate(); err != nil {
			return nil, fmt.Errorf("store: audit entry %d of %d (%q): %w", i+1, len(entries), e.Action, err)
		}
	}
	lock := ""
	if db.dialect == Postgres {
		lock = " FOR UPDATE"
	}
	// The head is read with the writes deferred before it (one round
	// trip in a batched transaction).
	var head audit.Head
	found := false
	err := tq.each(ctx, func(s scanner) error {
		found = true
		return s.Scan(&head.Seq, &head.Hash)
	}, `SELECT seq, hash FROM audit_head WHERE id = 1`+lock)
	if err == nil && !found {
		err = sql.ErrNoRows
	}
	if err != nil {
		return nil, fmt.Errorf("store: read audit head: %w", err)
	}
	stored := make([]audit.Entry, len(entries))
	rows := make([]any, 0, auditColumnCount*len(entries))
	var persons []any // person_id, seq, ...
	for i, e := range entries {
		e = db.auditKeys.Sign(audit.ChainAfter(head, e))
		rows = append(rows, e.Seq, e.At, e.ActorID, e.ActorName, e.Role, e.OnBehalfOf, e.Origin, e.Action,
			e.ObjectType, e.ObjectID, joinIDs(e.PersonIDs), e.Reason, e.Outcome, e.PrevHash, e.Hash, e.KeyID, e.MAC)
		for _, pid := range slices.Compact(slices.Sorted(slices.Values(e.PersonIDs))) {
			persons = append(persons, pid, e.Seq)
		}
		head = audit.HeadOf(e)
		stored[i] = e
	}
	// The chain is computed above; the entries of a group commit (a
	// report's and its alerts', for every report of the group) go in one
	// statement per chunk instead of one each.
	if err := insertRows(ctx, tq, `INSERT INTO audit_log (`+auditColumns+`) VALUES `, auditColumnCount, rows); err != nil {
		return nil, fmt.Errorf("store: append audit entries up to %d: %w", head.Seq, err)
	}
	// The person index of all entries in one statement per chunk: one
	// round trip instead of one per person (PostgreSQL).
	if err := insertRows(ctx, tq, `INSERT INTO audit_persons (person_id, seq) VALUES `, 2, persons); err != nil {
		return nil, fmt.Errorf("store: index audit entries: %w", err)
	}
	if err := tq.later(ctx, nil, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, head.Seq, head.Hash); err != nil {
		return nil, fmt.Errorf("store: move audit head to %d: %w", head.Seq, err)
	}
	return stored, nil
}

// maxRowsPerInsert bounds a multi-row INSERT, far below the parameter
// limits of SQLite (32,766) and PostgreSQL (65,535).
const maxRowsPerInsert = 512

// insertRows runs insert (ending in VALUES), deferred in a batched
// transaction (txQ.later), with one (?,…) group of cols
// placeholders per row of args. Each statement takes a power of two of
// rows (7 rows: 4, 2, 1), so that an insert has at most ten shapes for
// the statement cache to prepare, not one per row count.
func insertRows(ctx context.Context, tq txQ, insert string, cols int, args []any) error {
	group := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	for len(args) > 0 {
		n := 1 << (bits.Len(uint(min(len(args)/cols, maxRowsPerInsert))) - 1)
		q := insert + strings.TrimSuffix(strings.Repeat(group+",", n), ",")
		if err := tq.later(ctx, nil, q, args[:n*cols]...); err != nil {
			return err
		}
		args = args[n*cols:]
	}
	return nil
}

func joinIDs(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

func splitIDs(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	ids := make([]int64, len(parts))
	for i, p := range parts {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("person id %q: %w", p, err)
		}
		ids[i] = id
	}
	return ids, nil
}

func scanAuditEntry(s scanner) (audit.Entry, error) {
	var e audit.Entry
	var ids string
	err := s.Scan(&e.Seq, &e.At, &e.ActorID, &e.ActorName, &e.Role, &e.OnBehalfOf, &e.Origin, &e.Action,
		&e.ObjectType, &e.ObjectID, &ids, &e.Reason, &e.Outcome, &e.PrevHash, &e.Hash, &e.KeyID, &e.MAC)
	if err != nil {
		return audit.Entry{}, err
	}
	e.At = e.At.UTC()
	if e.PersonIDs, err = splitIDs(ids); err != nil {
		return audit.Entry{}, fmt.Errorf("audit entry %d: %w", e.Seq, err)
	}
	return e, nil
}

// auditPage reads up to limit entries with seq > after, in seq order.
func (db *DB) auditPage(ctx context.Context, after int64, limit int) ([]audit.Entry, error) {
	rows, err := db.reader().rows(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: read audit log after %d: %w", after, err)
	}
	defer rows.Close()
	page := make([]audit.Entry, 0, limit)
	for rows.Next() {
		e, err := scanAuditEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("store: read audit log after %d: %w", after, err)
		}
		page = append(page, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read audit log after %d: %w", after, err)
	}
	return page, nil
}

// AuditEntries streams the entries with Seq > after in Seq order, as
// audit.Reader.Entries does; 0 streams the whole log. It reads in pages,
// so entries appended while it runs are streamed too.
func (db *DB) AuditEntries(ctx context.Context, after int64) iter.Seq2[audit.Entry, error] {
	return func(yield func(audit.Entry, error) bool) {
		db.auditPages(ctx, after, func(page []audit.Entry, err error) bool {
			if err != nil {
				yield(audit.Entry{}, err)
				return false
			}
			for _, e := range page {
				if !yield(e, nil) {
					return false
				}
			}
			return true
		})
	}
}

// auditPages calls fn with each page of entries after after, and the last
// (possibly empty) page, until fn returns false or a read fails.
func (db *DB) auditPages(ctx context.Context, after int64, fn func([]audit.Entry, error) bool) {
	for {
		page, err := db.auditPage(ctx, after, auditPageSize)
		if !fn(page, err) || err != nil || len(page) < auditPageSize {
			return
		}
		after = page[len(page)-1].Seq
	}
}

// AuditHead returns the anchor kept beside the log: the Seq and Hash of
// the last entry appended (audit.Genesis when the log is empty).
func (db *DB) AuditHead(ctx context.Context) (audit.Head, error) {
	var h audit.Head
	if err := db.reader().row(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash); err != nil {
		return audit.Head{}, fmt.Errorf("store: read audit head: %w", err)
	}
	return h, nil
}

// VerifyAudit checks the whole log against its hash chain and the head
// kept beside it (audit.VerifyWithAnchor), and that the person index
// behind AuditForPerson matches the entries. It returns the verified
// head; a break is an *audit.ChainError naming the first broken entry.
// It does not replace checking an anchor kept outside the database
// (audit.VerifyWithAnchor over AuditEntries with that anchor).
func (db *DB) VerifyAudit(ctx context.Context) (audit.Head, error) {
	h, _, err := db.verifyAudit(ctx, audit.Keyring{})
	return h, err
}

// VerifyAuditKeyed is VerifyAudit that also checks the keyed hashes
// against ring (audit.VerifyKeyed): a log rewritten by someone without
// the key fails here although VerifyAudit passes it.
func (db *DB) VerifyAuditKeyed(ctx context.Context, ring audit.Keyring) (audit.Head, audit.KeyReport, error) {
	if ring.Empty() {
		return audit.Genesis(), audit.KeyReport{}, fmt.Errorf("store: verify audit log: no audit key given")
	}
	return db.verifyAudit(ctx, ring)
}

func (db *DB) verifyAudit(ctx context.Context, ring audit.Keyring) (audit.Head, audit.KeyReport, error) {
	// The head is read first: entries appended after it are still
	// verified by the chain, and an older anchor is fine.
	anchor, err := db.AuditHead(ctx)
	if err != nil {
		return audit.Genesis(), audit.KeyReport{}, err
	}
	var indexErr error
	entries := func(yield func(audit.Entry, error) bool) {
		after := int64(0)
		db.auditPages(ctx, 0, func(page []audit.Entry, err error) bool {
			if err != nil {
				yield(audit.Entry{}, err)
				return false
			}
			for _, e := range page {
				if !yield(e, nil) {
					return false
				}
			}
			// Checked after the page's entries passed the chain, so a
			// chain break (the stronger finding) is what gets reported.
			if indexErr == nil {
				indexErr = db.checkPersonIndex(ctx, after, page)
			}
			if len(page) > 0 {
				after = page[len(page)-1].Seq
			}
			return true
		})
	}
	if !ring.Empty() {
		head, report, err := audit.VerifyKeyed(ctx, entries, &anchor, ring)
		if err != nil {
			return head, report, err
		}
		return head, report, indexErr
	}
	head, err := audit.VerifyWithAnchor(ctx, entries, anchor)
	if err != nil {
		return head, audit.KeyReport{}, err
	}
	return head, audit.KeyReport{}, indexErr
}

// checkPersonIndex compares the audit_persons rows of the entries of one
// page (seq in (after, last seq of the page]) with their PersonIDs. Rows
// beyond the last entry are not looked for: the foreign key keeps them
// out, AuditForPerson joins them away, and an entry appended meanwhile
// would make them a false alarm.
func (db *DB) checkPersonIndex(ctx context.Context, after int64, page []audit.Entry) error {
	if len(page) == 0 {
		return nil
	}
	type pair struct{ seq, person int64 }
	var want []pair
	for _, e := range page {
		for _, p := range e.PersonIDs {
			want = append(want, pair{e.Seq, p})
		}
	}
	query := `SELECT seq, person_id FROM audit_persons WHERE seq > ? AND seq <= ? ORDER BY seq, person_id`
	args := []any{after, page[len(page)-1].Seq}
	rows, err := db.reader().rows(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: read audit person index: %w", err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var got pair
		if err := rows.Scan(&got.seq, &got.person); err != nil {
			return fmt.Errorf("store: read audit person index: %w", err)
		}
		if i >= len(want) || got != want[i] {
			seq := got.seq
			if i < len(want) {
				seq = min(seq, want[i].seq)
			}
			return fmt.Errorf("store: audit person index does not match entry %d", seq)
		}
		i++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: read audit person index: %w", err)
	}
	if i < len(want) {
		return fmt.Errorf("store: audit person index does not match entry %d", want[i].seq)
	}
	return nil
}

// AuditForPerson returns the entries that touched the person's data,
// newest first, at most limit (default 100, at most 1000): the data
// subject's "who looked at my file" view.
func (db *DB) AuditForPerson(ctx context.Context, personID int64, limit int) ([]audit.Entry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := db.reader().rows(ctx, `SELECT `+prefixed("l.", auditColumns)+`
		FROM audit_persons p JOIN audit_log l ON l.seq = p.seq
		WHERE p.person_id = ? ORDER BY p.seq DESC LIMIT ?`, personID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit of person %d: %w", personID, err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		e, err := scanAuditEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("store: audit of person %d: %w", personID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AuditLog is the store's audit log as an audit.Appender and
// audit.Reader, for code that takes those interfaces. Each Append is its
// own transaction; changes that must be logged atomically with an entry
// go through the store methods that do both.
type AuditLog struct{ db *DB }

var (
	_ audit.Appender = AuditLog{}
	_ audit.Reader   = AuditLog{}
)

// AuditLog returns the audit log view of db.
func (db *DB) AuditLog() AuditLog { return AuditLog{db: db} }

// Append implements audit.Appender.
func (l AuditLog) Append(ctx context.Context, e audit.Entry) (audit.Entry, error) {
	var stored []audit.Entry
	err := l.db.inTx(ctx, func(tq txQ) error {
		var err error
		stored, err = l.db.chainAuditTx(ctx, tq, []audit.Entry{e})
		return err
	})
	if err != nil {
		return audit.Entry{}, err
	}
	return stored[0], nil
}

// Head implements audit.Reader.
func (l AuditLog) Head(ctx context.Context) (audit.Head, error) { return l.db.AuditHead(ctx) }

// Entries implements audit.Reader.
func (l AuditLog) Entries(ctx context.Context, after int64) iter.Seq2[audit.Entry, error] {
	return l.db.AuditEntries(ctx, after)
}

// ExecForTest runs one statement directly on the write connection,
// outside every rule of this package. It exists for the conformance
// suite, which drops the append-only triggers and tampers with the audit
// log to prove that VerifyAudit catches it. Production code must not call
// it. The database's own triggers and permissions still apply.
func (db *DB) ExecForTest(ctx context.Context, query string, args ...any) error {
	if _, err := db.write.ExecContext(ctx, db.q(query), args...); err != nil {
		return fmt.Errorf("store: exec: %w", err)
	}
	return nil
}

// AuditEntryHash returns the stored hash of the entry with sequence
// number seq (ok false when there is none), for checking anchors kept
// outside the database against a verified log.
func (db *DB) AuditEntryHash(ctx context.Context, seq int64) (hash string, ok bool, err error) {
	err = db.reader().row(ctx, `SELECT hash FROM audit_log WHERE seq = ?`, seq).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: read audit entry %d: %w", seq, err)
	}
	return hash, true, nil
}
