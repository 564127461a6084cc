package intake

import "context"

// KeyLocker is implemented by a PersonFinder whose transaction may run
// beside other writers' transactions that do not see its new persons
// (PostgreSQL, several servers on one database). The radar serialises the
// creation of registry persons through it: before it makes a new person
// for a mention, it locks the mention's key and looks the registry up
// again, so that of two transactions naming one new person the second
// finds the first's.
type KeyLocker interface {
	// LockKeys takes transaction-scoped locks on keys, which the caller
	// gives sorted and without repeats so that transactions never wait on
	// each other in a cycle; with exclusive it locks the whole key space
	// (a large batch) instead. It returns false, locking nothing, when the
	// store serialises its writers anyway (SQLite): then the caller's own
	// view of the registry is complete.
	LockKeys(ctx context.Context, keys []int64, exclusive bool) (bool, error)
}

// KeysPrefetcher is implemented by a Tx that can check the idempotency
// keys of a whole group commit in one statement: ReportByKey then answers
// for the keys it found unused without a statement of its own (on
// PostgreSQL a round trip per report).
type KeysPrefetcher interface {
	// PrefetchKeys looks keys up; a key stored later in the transaction
	// is looked up again by ReportByKey.
	PrefetchKeys(ctx context.Context, keys []string) error
}

// GroupPreparer is implemented by a Tx that can get ready for a group of
// reports at once: on PostgreSQL it takes the group's row IDs and report
// numbers ahead, in one round trip with its next statement, instead of a
// few at a time.
type GroupPreparer interface {
	// PrepareGroup says that the transaction is to store g.Reports
	// reports naming g.Persons persons (at most as many new registry
	// persons), and at most g.Numbers[series] numbers of each counter
	// (NextNumber; fewer when some reports replay).
	PrepareGroup(ctx context.Context, g Group) error
}

// Group is what a group of reports will take (GroupPreparer).
type Group struct {
	Reports, Persons int
	Numbers          map[string]int64
}
