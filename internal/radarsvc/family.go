package radarsvc

import (
	"context"
	"fmt"
	"iter"
	"math"
	"slices"

	"toren/internal/radar"
)

// FamilyRegistry is a Registry that also tells which persons reports
// named together (store.DB): Load gives the persons of one family one
// family label (radar.Record.Family), the evidence of the family graph.
type FamilyRegistry interface {
	// CoMentions streams, report by report, the registry persons one
	// report names as family (radar.FamilyRole), when it names two or
	// more.
	CoMentions(ctx context.Context) iter.Seq2[[]int64, error]
}

// loadFamilies joins the persons named together into families and
// returns each such person's family: the smallest person id in it. A
// report joins families as Index.JoinFamilies does at a commit: into
// families of at most radar.MaxFamily persons. The maps live only while
// the index loads (about 50 bytes a person named with others, and a few
// more per family); the index keeps 4 bytes of it per record.
func loadFamilies(ctx context.Context, reg FamilyRegistry) (map[int64]int64, error) {
	parent := map[int64]int64{}
	size := map[int64]int{} // by root, families of two or more
	var find func(int64) int64
	find = func(x int64) int64 {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	var roots []int64
	for ids, err := range reg.CoMentions(ctx) {
		if err != nil {
			return nil, fmt.Errorf("family graph: %w", err)
		}
		roots = roots[:0]
		for _, id := range ids {
			if r := find(id); !slices.Contains(roots, r) {
				roots = append(roots, r)
			}
		}
		groups, into := radar.PackFamilies(roots, func(k int) int { return max(size[roots[k]], 1) })
		for k, r := range roots {
			if g := groups[into[k]]; r != g.Root {
				parent[r] = g.Root
				delete(size, r)
			}
		}
		for _, g := range groups {
			if g.Size > 1 {
				size[g.Root] = g.Size
				if _, ok := parent[g.Root]; !ok {
					parent[g.Root] = g.Root
				}
			}
		}
		for _, id := range ids {
			if _, ok := parent[id]; !ok {
				parent[id] = find(id)
			}
		}
	}
	for id := range parent {
		parent[id] = find(id)
	}
	return parent, nil
}

// familyLabel is the index's label of the family whose smallest person id
// is root (0, none, past 32 bits).
func familyLabel(root int64) uint32 {
	if root <= 0 || root > math.MaxUint32 {
		return 0
	}
	return uint32(root)
}

// joinFamilies makes the family persons of each report of the batch one
// family in the index, and gives the records the session adds (new and
// changed persons) the joined family. Called under the gate, after the
// commit: the mentions carry the persons they were linked to or made.
func (s *session) joinFamilies() {
	joined := map[int64]uint32{}
	for _, nr := range s.reports.batch {
		if nr.Report == nil {
			continue
		}
		var ids []int64
		for _, m := range nr.Report.Persons {
			if m.PersonID != 0 && radar.FamilyRole(m.Role) && !slices.Contains(ids, m.PersonID) {
				ids = append(ids, m.PersonID)
			}
		}
		if len(ids) < 2 {
			continue
		}
		labels := make([]uint32, 0, len(ids))
		for _, id := range ids {
			l, ok := joined[id]
			if !ok {
				var f radar.Family
				f, ok = s.labels[id]
				l = f.Label
			}
			if !ok || l == 0 {
				l = familyLabel(id)
			}
			labels = append(labels, l)
		}
		roots := s.r.index.JoinFamilies(labels)
		for k, id := range ids {
			joined[id] = roots[k]
		}
	}
	for i := range s.added {
		rec := &s.added[i]
		if root, ok := joined[rec.ID]; ok && root != 0 {
			rec.Family, rec.NamedWith = root, true
		} else if f, ok := s.labels[rec.ID]; ok {
			// A known person changed by a report naming no family
			// beside them stays in their family.
			rec.Family, rec.NamedWith = f.Label, f.NamedWith
		}
	}
}

// noteLabel remembers the family label of a registry person the index
// proposed for a mention of the session, for joinFamilies. A record that
// carries a family (Record.Family) wins over one that does not: the
// overlay's copy of a person this transaction changed has none yet. A
// person linked by a look-up in the database, or by a worker, and not
// proposed by the index, joins by their own id.
func (s *session) noteLabel(c *radar.Candidate) {
	if c == nil || c.ID == 0 {
		return
	}
	if s.labels == nil {
		s.labels = map[int64]radar.Family{}
	}
	if _, ok := s.labels[c.ID]; !ok || c.Record.Family != 0 {
		s.labels[c.ID] = radar.Family{Label: c.Record.FamilyLabel(), NamedWith: c.Record.NamedWith}
	}
}

// FamilyFeed is a Feed that also tells which persons reports named
// together (store.DB): Follow joins the families of the persons other
// servers created or changed, as the session that stored them did on its
// own server.
type FamilyFeed interface {
	// CoMentionsOf returns the family persons of every report naming one
	// of ids (two or more per report).
	CoMentionsOf(ctx context.Context, ids []int64) ([][]int64, error)
}

// followFamilies joins the families of the reports that name the persons
// of recs (read from another server's writes) and gives recs their
// family labels, before they join the index. The families of persons
// already in the index are found by one scan of the index per call
// (Index.PersonFamilies, a few milliseconds at a million).
func (r *Resolver) followFamilies(ctx context.Context, feed Feed, recs []radar.Record) error {
	ff, ok := feed.(FamilyFeed)
	if !ok || len(recs) == 0 {
		return nil
	}
	ids := make([]int64, len(recs))
	at := make(map[int64]int, len(recs))
	for i := range recs {
		ids[i] = recs[i].ID
		at[recs[i].ID] = i
	}
	groups, err := ff.CoMentionsOf(ctx, ids)
	if err != nil {
		return fmt.Errorf("radarsvc: follow families: %w", err)
	}
	// The families of the persons of these reports the index holds
	// already: one scan of the index for the whole poll.
	var others []int64
	for _, g := range groups {
		for _, id := range g {
			if _, fresh := at[id]; !fresh && !slices.Contains(others, id) {
				others = append(others, id)
			}
		}
	}
	held := r.index.PersonFamilies(others)
	known := map[int64]uint32{}
	for _, g := range groups {
		labels := make([]uint32, 0, len(g))
		for _, id := range g {
			l, ok := known[id]
			if !ok {
				if i, fresh := at[id]; fresh {
					l = recs[i].FamilyLabel() // a changed person's family, or their own
				} else if f := held[id].Label; f != 0 {
					l = f
				} else {
					l = familyLabel(id)
				}
			}
			labels = append(labels, l)
		}
		roots := r.index.JoinFamilies(labels)
		for k, id := range g {
			known[id] = roots[k]
			if i, ok := at[id]; ok && roots[k] != 0 {
				recs[i].Family, recs[i].NamedWith = roots[k], true
			}
		}
	}
	return nil
}
