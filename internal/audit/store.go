package audit

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"
)

// Appender is how Toren writes the audit log. It is append-only by
// design: no interface in Toren can change or remove an entry (retention
// purges, if ever, are a separate, itself audited, operation on whole
// ranges with a new anchor).
type Appender interface {
	// Append validates e, chains it after the current head (ChainAfter)
	// and stores it, returning the stored entry. A database store does
	// this inside the caller's transaction, holding the head row locked
	// (SELECT … FOR UPDATE, or SQLite's single writer), so the entry
	// commits or rolls back together with the change it records and two
	// appends cannot take the same Seq.
	Append(ctx context.Context, e Entry) (Entry, error)
}

// Reader streams the log back for verification and for the views.
type Reader interface {
	// Head returns the Head of the log (Genesis when empty).
	Head(ctx context.Context) (Head, error)
	// Entries streams the entries with Seq > after in Seq order.
	Entries(ctx context.Context, after int64) iter.Seq2[Entry, error]
}

// MemoryLog is an in-memory Appender and Reader for tests and demos. It is
// safe for concurrent use.
type MemoryLog struct {
	mu      sync.Mutex
	entries []Entry
}

var (
	_ Appender = (*MemoryLog)(nil)
	_ Reader   = (*MemoryLog)(nil)
)

// Append validates, chains and keeps e.
func (l *MemoryLog) Append(_ context.Context, e Entry) (Entry, error) {
	if err := e.Validate(); err != nil {
		return Entry{}, fmt.Errorf("append audit entry %q: %w", e.Action, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	head := Genesis()
	if n := len(l.entries); n > 0 {
		head = HeadOf(l.entries[n-1])
	}
	stored := ChainAfter(head, e)
	l.entries = append(l.entries, stored)
	return cloneEntry(stored), nil
}

// Head returns the Head of the log.
func (l *MemoryLog) Head(context.Context) (Head, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.entries); n > 0 {
		return HeadOf(l.entries[n-1]), nil
	}
	return Genesis(), nil
}

// Entries streams a snapshot of the entries with Seq > after.
func (l *MemoryLog) Entries(_ context.Context, after int64) iter.Seq2[Entry, error] {
	l.mu.Lock()
	snapshot := l.entries[:len(l.entries):len(l.entries)]
	l.mu.Unlock()
	return func(yield func(Entry, error) bool) {
		for _, e := range snapshot {
			if e.Seq > after && !yield(cloneEntry(e), nil) {
				return
			}
		}
	}
}

// Snapshot returns a copy of all entries, for assertions in tests.
func (l *MemoryLog) Snapshot() []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Entry, len(l.entries))
	for i, e := range l.entries {
		out[i] = cloneEntry(e)
	}
	return out
}

func cloneEntry(e Entry) Entry {
	e.PersonIDs = slices.Clone(e.PersonIDs)
	return e
}
