package radar

import (
	"cmp"
	"math"
	"slices"
)

// WithHousehold adds to each candidate what the report around the query
// says: anchors are the persons named beside the query in the same report
// that are linked to registry persons (their registry records, and the
// mentions as written). Two kinds of evidence, one field
// (FieldHousehold):
//
//   - The family graph. An anchor's registry record carries its family
//     label (Record.Family): the persons named together in earlier
//     reports. A candidate of the family of an anchor was named before
//     beside the persons named beside the mention now (named_with),
//     wherever they live now; a candidate named before only beside
//     others, who does not live with the anchors, belongs to another
//     family (named_apart).
//   - The address. A candidate living at an anchor's address lives with
//     the family the reporter describes (same_household); a candidate
//     with an address when every anchor with one lives elsewhere gets
//     other_household.
//
// A candidate that is itself an anchor gets nothing: it is named
// elsewhere in the report. The candidates are sorted again as Match sorts
// them.
//
// Neither is identity evidence on its own: a son lives where his father
// lives and is named in the same reports. Decide credits them with
// Thresholds.Household and Thresholds.Family bits towards the identity
// rule only, and a relative of the same name in that family is a
// candidate with the same evidence, so the margin rule keeps the two
// apart.
func (m *Matcher) WithHousehold(cands []Candidate, anchors []Record) {
	if len(anchors) == 0 {
		return
	}
	withAddress := 0
	var families []uint32
	m.index.mu.RLock()
	n := m.index.n
	for i := range anchors {
		if hasAddress(&anchors[i]) {
			withAddress++
		}
		if f := anchors[i].FamilyLabel(); f != 0 {
			if r := m.index.familyRoot(f); !slices.Contains(families, r) {
				families = append(families, r)
			}
		}
	}
	roots := make([]uint32, len(cands))
	for i := range cands {
		if f := cands[i].Record.FamilyLabel(); f != 0 {
			roots[i] = m.index.familyRoot(f)
		}
	}
	m.index.mu.RUnlock()
	changed := false
	for i := range cands {
		c := &cands[i]
		if c.Levels[FieldHousehold] != Null {
			continue
		}
		level := m.householdLevel(c, anchors, withAddress, roots[i], families)
		if level == Null {
			continue
		}
		w := m.householdWeight(level, n)
		c.Levels[FieldHousehold] = level
		c.Weight += w
		c.WithoutID += w
		c.Score += w
		c.Probability = 1 / (1 + math.Exp2(-c.Score))
		if c.Evidence != nil {
			c.Evidence = append(c.Evidence, Evidence{Field: FieldHousehold, Level: m.model.Fields[FieldHousehold].Levels[level].Name, Weight: w})
		}
		changed = true
	}
	if changed {
		SortCandidates(cands)
	}
}

// householdLevel is the FieldHousehold level of one candidate (see
// WithHousehold): root is the candidate's family, families the anchors'.
func (m *Matcher) householdLevel(c *Candidate, anchors []Record, withAddress int, root uint32, families []uint32) int8 {
	address := Null
	for j := range anchors {
		a := &anchors[j]
		if a.ID == c.ID && a.ID != 0 {
			return Null
		}
		if hasAddress(a) && hasAddress(&c.Record) && compareAddress(a, &c.Record) == AddressExact {
			address = HouseholdSame
		}
	}
	if root != 0 && slices.Contains(families, root) {
		return HouseholdNamedWith
	}
	if address == HouseholdSame {
		return address
	}
	if c.Levels[FieldAddress] == AddressExact {
		// The mention itself gives the candidate's address: the
		// anchors' addresses are older ones (a registry record not yet
		// moved, a co-mention written without one), not another home.
		return Null
	}
	if c.Record.NamedWith && len(families) > 0 {
		return HouseholdNamedApart
	}
	if withAddress > 0 && hasAddress(&c.Record) {
		return HouseholdOther
	}
	return Null
}

// givenAgrees reports whether the candidate's given name agrees with the
// mention's as a name, not by initials only: what tells the members of
// one family apart.
func givenAgrees(c *Candidate) bool {
	switch c.Levels[FieldGivenNames] {
	case GivenExact, GivenTypo, GivenCallName, GivenOtherName:
		return true
	}
	return false
}

// familyMembers is how many persons of a family blocking may bring up
// as candidates for one mention: a family as Veilig Thuis hears of it
// (two parents, a child or two) that shares a surname.
const familyMembers = 3

// householdWeight is the weight of a household level in a registry of n
// records. Being named with the family is evidence whose strength grows
// with the registry: among n records, the chance that a record not the
// person belongs to the family the report names is about
// familyMembers/n, as the prior's chance that a record is the person is
// about 1/n. The model's weight (u of 1 in 300 among the candidates
// blocking brings up) is the least it gets: a relative of the same
// surname is a candidate more often than a stranger.
func (m *Matcher) householdWeight(level int8, n int) float64 {
	w := m.w.w[FieldHousehold][level]
	if level == HouseholdNamedWith {
		if scaled := math.Log2(m.w.m[FieldHousehold][level] * float64(max(n, 1)) / familyMembers); scaled > w {
			return scaled
		}
	}
	return w
}

// SortCandidates sorts as Match does: a shared valid BSN first, then by
// score, best first.
func SortCandidates(cands []Candidate) {
	slices.SortStableFunc(cands, func(a, b Candidate) int {
		if a.BSN != b.BSN {
			if a.BSN {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.Score, a.Score)
	})
}

func hasAddress(r *Record) bool {
	return r.HouseNumber != "" && (r.Postcode != "" || r.Street != "")
}

// Anchors reports whether a person named in a report, decided d on their
// own, tells where the family the reporter describes lives, so that the
// persons named beside them can be weighed against that household
// (WithHousehold). A link does; so does a candidate that reached the link
// score with nothing contradicting and only the identity rule short
// (ReasonWeakIdentity: the name and the address agree, the date of birth
// is missing). Whether that candidate is the person or a relative of the
// same name, they live at that address, and the address is all an anchor
// stands for. Without this, a report naming a whole family without dates
// of birth anchors no one: each waits for the others.
func Anchors(d Decision) bool {
	return d.Candidate != nil && (d.Outcome == OutcomeLink || d.Reason == ReasonWeakIdentity)
}

// WithCoMentions adds the family graph's evidence when the persons named
// beside the mention are not linked either: others holds the candidates
// of each of them (as Match returns them, before any household evidence).
// A candidate of the same family (Record.Family) as a likely candidate of
// another person of the report (score at least 0 and plausible, not the
// same registry person) was named before beside that person: two
// namesakes of two persons named together before are far less likely
// than the same two persons reported again (named_with). A candidate who
// has been named beside others before, none of whom any person of this
// report resembles enough to be a candidate, and who does not live at the
// mention's address, belongs to another family (named_apart): the
// namesake in the registry when a family is reported for the first time.
// Call it after WithHousehold: a candidate that has household evidence
// already keeps it.
func (m *Matcher) WithCoMentions(cands []Candidate, others [][]Candidate) {
	if len(cands) == 0 || len(others) == 0 {
		return
	}
	type member struct {
		root  uint32
		id    int64
		first string // first letter of the given names or initials
	}
	var likely, any []member
	m.index.mu.RLock()
	n := m.index.n
	for _, oc := range others {
		for i := range oc {
			c := &oc[i]
			f := c.Record.FamilyLabel()
			if f == 0 || !c.Record.NamedWith {
				continue
			}
			o := member{m.index.familyRoot(f), c.ID, firstRune(c.Record.Initials)}
			any = append(any, o)
			if c.Score >= 0 && plausible(c, m.cfg.Thresholds) && givenAgrees(c) {
				likely = append(likely, o)
			}
		}
	}
	roots := make([]uint32, len(cands))
	for i := range cands {
		if f := cands[i].Record.FamilyLabel(); f != 0 && cands[i].Record.NamedWith {
			roots[i] = m.index.familyRoot(f)
		}
	}
	m.index.mu.RUnlock()
	changed := false
	for i := range cands {
		c := &cands[i]
		if c.Levels[FieldHousehold] != Null || roots[i] == 0 {
			continue
		}
		level := HouseholdNamedWith
		// Another person of the family: not the candidate, nor one of
		// the same initial, who may be the candidate recorded twice.
		first := firstRune(c.Record.Initials)
		if !slices.ContainsFunc(likely, func(o member) bool { return o.root == roots[i] && o.id != c.ID && o.first != first }) {
			if slices.ContainsFunc(any, func(o member) bool { return o.root == roots[i] }) || c.Levels[FieldAddress] == AddressExact {
				continue
			}
			level = HouseholdNamedApart
		}
		w := m.householdWeight(level, n)
		c.Levels[FieldHousehold] = level
		c.Weight += w
		c.WithoutID += w
		c.Score += w
		c.Probability = 1 / (1 + math.Exp2(-c.Score))
		if c.Evidence != nil {
			c.Evidence = append(c.Evidence, Evidence{Field: FieldHousehold, Level: m.model.Fields[FieldHousehold].Levels[level].Name, Weight: w})
		}
		changed = true
	}
	if changed {
		SortCandidates(cands)
	}
}
