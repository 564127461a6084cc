package radar

import (
	"cmp"
	"math"
	"slices"

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

// MaxFamily is the most persons a family label joins. Labels join
// transitively, so without a limit a family grows through each new
// partner and their children and household over the years until
// "named in the same family" says little; a household as Veilig Thuis
// sees it (parents, a new partner, children, a grandparent) stays well
// below it. A report that would make a family larger leaves the labels
// apart (JoinFamilies).
const MaxFamily = 16

// JoinFamilies records that persons of these family labels were named
// together in one report and returns, for each label, the label of the
// family it is in now (0 for 0). The labels join into one family while
// it holds at most MaxFamily persons; a label that would make it larger
// joins the next group of the report's labels with room, so the persons
// new to the registry still become a family with the others of the
// report that fit, and a full family does not grow (nor chain into
// another through a person both have named). Records added for these
// persons from now on should carry the label returned for theirs.
func (ix *Index) JoinFamilies(labels []uint32) []uint32 {
	// A family not joined since start-up is counted by a scan, under the
	// read lock so that look-ups go on meanwhile.
	ix.mu.RLock()
	out, roots := ix.familyRoots(labels)
	counted := ix.familySizesOf(roots, nil)
	ix.mu.RUnlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out, roots = ix.familyRoots(labels)
	sizes := ix.familySizesOf(roots, counted)
	groups, into := PackFamilies(roots, func(k int) int { return sizes[roots[k]] })
	if ix.families == nil {
		ix.families = make(map[uint32]uint32)
	}
	if ix.familySizes == nil {
		ix.familySizes = make(map[uint32]uint16)
	}
	for k, r := range roots {
		if g := groups[into[k]]; r != g.Root {
			ix.families[r] = g.Root
			delete(ix.familySizes, r)
		}
	}
	for _, g := range groups {
		ix.familySizes[g.Root] = uint16(min(g.Size, math.MaxUint16))
	}
	for i, l := range labels {
		if l == 0 {
			continue
		}
		out[i] = groups[into[slices.Index(roots, out[i])]].Root
		// Path compression: the labels given point at the root directly.
		if _, ok := ix.families[l]; ok {
			ix.families[l] = out[i]
		}
	}
	return out
}

// FamilyGroup is one group PackFamilies makes: its root, the smallest
// root of the families in it, and the persons in it.
type FamilyGroup[K cmp.Ordered] struct {
	Root K
	Size int
}

// PackFamilies puts the families that one report names together, as
// many as fit in MaxFamily persons: in the order given, each family
// (roots[k], of size(k) persons) joins the first group with room for it,
// or starts a group of its own. The older root (the smaller one) stays
// the group's root: the label that loaded registries and many records
// carry moves least. It returns the groups and, for each family, the
// index of its group. The index (JoinFamilies) and the family graph
// built from the registry (radarsvc) both join families by this rule.
func PackFamilies[K cmp.Ordered](roots []K, size func(k int) int) (groups []FamilyGroup[K], into []int) {
	into = make([]int, len(roots))
	for k, r := range roots {
		n := size(k)
		g := slices.IndexFunc(groups, func(g FamilyGroup[K]) bool { return g.Size+n <= MaxFamily })
		if g < 0 {
			groups = append(groups, FamilyGroup[K]{Root: r})
			g = len(groups) - 1
		}
		groups[g].Root = min(groups[g].Root, r)
		groups[g].Size += n
		into[k] = g
	}
	return groups, into
}

// familyRoots returns the root of each label (0 for 0) and the distinct
// roots. Caller holds the lock.
func (ix *Index) familyRoots(labels []uint32) (out, roots []uint32) {
	out = make([]uint32, len(labels))
	roots = make([]uint32, 0, len(labels))
	for i, l := range labels {
		if l == 0 {
			continue
		}
		out[i] = ix.familyRoot(l)
		if !slices.Contains(roots, out[i]) {
			roots = append(roots, out[i])
		}
	}
	return out, roots
}

// familySizesOf returns the persons of each family of roots: from
// familySizes for a family joined since start-up, 1 for a label above
// every person id (a person not added yet), from counted (a count made
// before, under the read lock), else counted in one scan of the index
// for all the rest (16 to 24 ms at a million records on the shared
// 2-core machine, BenchmarkJoinLoadedFamily; once per family after a
// start). Caller holds the lock.
func (ix *Index) familySizesOf(roots []uint32, counted map[uint32]int) map[uint32]int {
	sizes := make(map[uint32]int, len(roots))
	var scan []uint32
	for _, r := range roots {
		if n, ok := ix.familySizes[r]; ok {
			sizes[r] = int(n)
		} else if n, ok := counted[r]; ok {
			sizes[r] = n
		} else if r > ix.maxLabel {
			sizes[r] = 1
		} else {
			scan = append(scan, r)
		}
	}
	if len(scan) == 0 {
		return sizes
	}
	// The labels that lead to a root scanned: the roots and the labels
	// joined into them since start-up.
	// A few: a slice is quicker than a map for the million look-ups.
	leads, rootOf := slices.Clone(scan), slices.Clone(scan)
	for l := range ix.families {
		if r := ix.familyRoot(l); slices.Contains(scan, r) {
			leads, rootOf = append(leads, l), append(rootOf, r)
		}
	}
	seen := map[int64]bool{}
	for i := uint32(0); i < uint32(ix.n); i++ {
		e := ix.entry(i)
		if e.removed() {
			continue
		}
		label := e.family
		if label == 0 {
			label = e.id // a wide id is past every 32-bit label
			if e.flags&flagWideID != 0 {
				continue
			}
		}
		k := slices.Index(leads, label)
		if k < 0 {
			continue
		}
		if id := ix.idOf(i); !seen[id] {
			seen[id] = true
			sizes[rootOf[k]]++
		}
	}
	for _, r := range scan {
		sizes[r] = max(sizes[r], 1) // a person not added yet
	}
	return sizes
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
