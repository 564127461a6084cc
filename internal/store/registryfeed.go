package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/toren"
)

// registryLockSpace is the first key of PostgreSQL's two-key advisory
// locks that serialise the creation of registry persons: the second is
// the radar's key of a mention, or 0 for the whole space.
const registryLockSpace = 20_026

var _ interface {
	LockKeys(context.Context, []int64, bool) (bool, error)
} = txFinder{}

// LockKeys implements intake.KeyLocker. On PostgreSQL it takes
// transaction-scoped advisory locks: the whole space shared and each key
// exclusive, or the whole space exclusive. Keys are 64-bit hashes; the
// lock takes their low 32 bits, so two keys may share a lock, which only
// makes two unrelated creations wait for each other. SQLite has one writer
// at a time: nothing to lock.
func (f txFinder) LockKeys(ctx context.Context, keys []int64, exclusive bool) (bool, error) {
	if f.db.dialect != Postgres {
		return false, nil
	}
	// In a batched transaction the locks go with the next batch, ahead of
	// the look-up that needs them (txQ.later keeps the order).
	lock := func(query string, args ...any) error {
		if tq, ok := f.q.(txQ); ok {
			return tq.later(ctx, nil, query, args...)
		}
		_, err := f.q.exec(ctx, query, args...)
		return err
	}
	if exclusive {
		if err := lock(`SELECT pg_advisory_xact_lock(?, 0)`, registryLockSpace); err != nil {
			return true, fmt.Errorf("store: lock the registry: %w", err)
		}
		return true, nil
	}
	if err := lock(`SELECT pg_advisory_xact_lock_shared(?, 0)`, registryLockSpace); err != nil {
		return true, fmt.Errorf("store: lock the registry (shared): %w", err)
	}
	// One statement for all keys, in sorted order (a volatile function
	// in the select list runs after the sort), so that two transactions
	// never wait on each other in a cycle.
	k32 := make([]int32, 0, len(keys))
	for _, k := range keys {
		k32 = append(k32, int32(k)|1) // never 0, the whole space
	}
	slices.Sort(k32)
	k32 = slices.Compact(k32)
	if len(k32) == 0 {
		return true, nil
	}
	if err := lock(`SELECT pg_advisory_xact_lock(?, k) FROM unnest(?::int4[]) AS k ORDER BY k`, registryLockSpace, k32); err != nil {
		return true, fmt.Errorf("store: lock registry keys: %w", err)
	}
	return true, nil
}

// PersonsAfter returns the registry persons with an ID above afterID, or
// one of ids, in ID order, at most limit: how a server learns the persons
// other servers on the same database created (radarsvc.Resolver.Follow).
func (db *DB) PersonsAfter(ctx context.Context, afterID int64, ids []int64, limit int) ([]persons.Person, error) {
	where := `id > ?`
	args := []any{afterID}
	if len(ids) > 0 {
		in, inArgs := inList(ids)
		where += ` OR id IN ` + in
		args = append(args, inArgs...)
	}
	args = append(args, limit)
	rows, err := db.reader().rows(ctx, `SELECT `+personColumns+` FROM persons WHERE `+where+` ORDER BY id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: persons after %d: %w", afterID, err)
	}
	defer rows.Close()
	var out []persons.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, fmt.Errorf("store: persons after %d: %w", afterID, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// RegistryChangeHead returns the newest sequence number of the registry's
// change feed (0 when empty): a server that loads the registry follows the
// changes after it.
func (db *DB) RegistryChangeHead(ctx context.Context) (int64, error) {
	var head int64
	if err := db.reader().row(ctx, `SELECT COALESCE(MAX(seq), 0) FROM registry_changes`).Scan(&head); err != nil {
		return 0, fmt.Errorf("store: registry change head: %w", err)
	}
	return head, nil
}

// RegistryChangesAfter returns the registry changes numbered above
// afterSeq, or one of gaps, at most limit, in order: the numbers read, and
// what they changed as an index must learn it (a person as it is now, or
// retired when no mention names it any more; see intake.RegistryChange).
// How a server learns the enrichments, merges and reviewers' links other
// servers made (radarsvc.Resolver.Sync).
func (db *DB) RegistryChangesAfter(ctx context.Context, afterSeq int64, gaps []int64, limit int) (intake.RegistryChange, []int64, error) {
	var ch intake.RegistryChange
	where := `seq > ?`
	args := []any{afterSeq}
	if len(gaps) > 0 {
		in, inArgs := inList(gaps)
		where += ` OR seq IN ` + in
		args = append(args, inArgs...)
	}
	args = append(args, limit)
	q := db.reader()
	rows, err := q.rows(ctx, `SELECT seq, person_id FROM registry_changes WHERE `+where+` ORDER BY seq LIMIT ?`, args...)
	if err != nil {
		return ch, nil, fmt.Errorf("store: registry changes after %d: %w", afterSeq, err)
	}
	var seqs, ids []int64
	for rows.Next() {
		var seq, id int64
		if err := rows.Scan(&seq, &id); err != nil {
			rows.Close()
			return ch, nil, fmt.Errorf("store: registry changes after %d: %w", afterSeq, err)
		}
		seqs = append(seqs, seq)
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return ch, nil, fmt.Errorf("store: registry changes after %d: %w", afterSeq, err)
	}
	for _, id := range ids {
		p, err := db.personTx(ctx, q, id)
		if toren.ErrorCode(err) == toren.CodeNotFound {
			ch.Retired = append(ch.Retired, id)
			continue
		}
		if err != nil {
			return ch, nil, err
		}
		var named int
		if err := q.row(ctx, `SELECT COUNT(*) FROM mentions WHERE person_id = ?`, id).Scan(&named); err != nil {
			return ch, nil, fmt.Errorf("store: mentions of person %d: %w", id, err)
		}
		if named == 0 {
			ch.Retired = append(ch.Retired, id)
		} else {
			ch.Changed = append(ch.Changed, p)
		}
	}
	return ch, seqs, nil
}
