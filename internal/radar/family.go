package radar

import (
	"math"

	"toren/internal/reports"
)

// Families: the radar keeps, for every registry person, a family label
// (Record.Family): the persons named together in reports (a victim, the
// perpetrator, the children) share one, and so do the persons named
// beside any of them later, so a label stands for a family as the reports
// have described it over the years. The index stores the label in each
// entry (4 bytes, Index.Add) and keeps a small map of labels joined since
// the records were added (JoinFamilies); a registry loaded with its
// labels computed from the reports (Registry load in radarsvc) starts
// with that map empty. WithHousehold uses the labels as evidence: a
// candidate named before beside the persons this report names with the
// mention is far more likely the person than a namesake from another
// family.

// FamilyRoot returns the label a family label was joined into (itself if
// none). It takes the index's read lock.
func (ix *Index) FamilyRoot(label uint32) uint32 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.familyRoot(label)
}

// familyRoot follows the joined labels. Caller holds the lock.
func (ix *Index) familyRoot(label uint32) uint32 {
	for range len(ix.families) + 1 {
		next, ok := ix.families[label]
		if !ok {
			break
		}
		label = next
	}
	return label
}

// JoinFamilies records that persons of these family labels were named
// together in one report: all of them become one family. It returns the
// label of the joined family (0 when labels holds none), which records
// added for these persons from now on should carry.
func (ix *Index) JoinFamilies(labels []uint32) uint32 {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	root := uint32(0)
	for _, l := range labels {
		if l == 0 {
			continue
		}
		r := ix.familyRoot(l)
		switch {
		case root == 0:
			root = r
		case r != root:
			// The older label (smaller id) stays the root: a label that
			// loaded registries and many records carry moves least.
			if r < root {
				r, root = root, r
			}
			if ix.families == nil {
				ix.families = make(map[uint32]uint32)
			}
			ix.families[r] = root
		}
	}
	// Path compression: the labels given point at the root directly.
	for _, l := range labels {
		if _, ok := ix.families[l]; ok {
			ix.families[l] = root
		}
	}
	return root
}

// FamilyLabel is the record's family label: Family, or for 0 the person's
// own id (a family of one). 0 when the id does not fit in 32 bits, which
// a registry reaches after four billion persons: such a person has no
// family evidence.
func (r *Record) FamilyLabel() uint32 {
	if r.Family != 0 {
		return r.Family
	}
	if r.ID > 0 && r.ID <= math.MaxUint32 {
		return uint32(r.ID)
	}
	return 0
}

// FamilyRole reports whether a person named in this role is named as a
// member of the family, whose family label joins the others' of the
// report: a victim, perpetrator, child, parent or other household member.
// A witness or informant is named in reports too, often from outside the
// household. The same roles make family in history.SameHousehold.
func FamilyRole(r reports.Role) bool {
	switch r {
	case reports.RoleVictim, reports.RolePerpetrator, reports.RoleChild, reports.RoleParent, reports.RoleOther:
		return true
	}
	return false
}

// Family is a registry person's family label (joined labels followed) and
// whether they have been named beside others (Record.NamedWith).
type Family struct {
	Label     uint32
	NamedWith bool
}

// PersonFamilies is PersonFamily for many persons in one scan of the
// index: the persons it holds, by id.
func (ix *Index) PersonFamilies(ids []int64) map[int64]Family {
	out := make(map[int64]Family, len(ids))
	if len(ids) == 0 {
		return out
	}
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for i := uint32(ix.n); i > 0 && len(out) < len(want); i-- {
		id := ix.idOf(i - 1)
		if _, done := out[id]; done || !want[id] {
			continue
		}
		e := ix.entry(i - 1)
		label := e.family
		if label == 0 && id > 0 && id <= math.MaxUint32 {
			label = uint32(id)
		}
		out[id] = Family{ix.familyRoot(label), e.flags&flagNamedWith != 0}
	}
	return out
}

// PersonFamily returns the family label of the person's newest record in
// the index (joined labels followed) and whether the person has been
// named beside others: what a changed record of the person must carry
// (Record.Family, Record.NamedWith) to stay in the family. It scans the
// index, as Remove does: for the rare change outside intake.
func (ix *Index) PersonFamily(id int64) (uint32, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for i := uint32(ix.n); i > 0; i-- {
		e := ix.entry(i - 1)
		if ix.idOf(i-1) != id {
			continue
		}
		label := e.family
		if label == 0 && id > 0 && id <= math.MaxUint32 {
			label = uint32(id)
		}
		return ix.familyRoot(label), e.flags&flagNamedWith != 0
	}
	return 0, false
}
