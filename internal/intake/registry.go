package intake

import "toren/internal/persons"

// RegistryChange is a change to the registry made outside intake: a
// reviewer linking a mention to another person, a merge of two persons or
// its undoing.
type RegistryChange struct {
	// Retired are persons no mention names any more (merged away, or made
	// for a mention a reviewer then linked elsewhere): a resolver must not
	// propose them.
	Retired []int64
	// Changed are persons as they are now: changed, or back after a merge
	// was undone. A resolver replaces what it knew of them.
	Changed []persons.Person
}

// Empty reports whether the change changes nothing.
func (c RegistryChange) Empty() bool { return len(c.Retired) == 0 && len(c.Changed) == 0 }

// RegistryIndex is a resolver's own view of the registry (the radar's
// index), which writers that change the registry outside intake keep
// current. A nil RegistryIndex means the resolver reads the database.
type RegistryIndex interface {
	// Apply runs commit (the database commit) and, when it succeeds,
	// applies the change, ordered against the sessions' look-ups as
	// Session.Commit is: no look-up sees the registry half changed.
	Apply(commit func() error, change RegistryChange) error
}

// ApplyChange commits through idx, or plainly when idx is nil.
func ApplyChange(idx RegistryIndex, commit func() error, change RegistryChange) error {
	if idx == nil {
		return commit()
	}
	return idx.Apply(commit, change)
}
