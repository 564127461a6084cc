package radar

import (
	"slices"
	"testing"

	"toren/internal/reports"
)

// familyIndex is a matcher over persons with their family labels.
func familyIndex(t *testing.T, people []Input, family map[int64]uint32) *Matcher {
	t.Helper()
	ix := NewIndex(0)
	for _, in := range people {
		r := NewRecord(in)
		if f, ok := family[in.ID]; ok {
			r.Family, r.NamedWith = f, true
		}
		ix.Add(r)
	}
	m, err := NewMatcher(ix, DefaultModel(), DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Two registry persons called Dennis van der Meulen, known by name only:
// one was named in an earlier report beside Lisanne, the other beside
// Marieke. A report naming Dennis beside Lisanne is about the first.
func TestFamilyGraph(t *testing.T) {
	dennis := Input{ID: 1, FirstNames: "Dennis", Particle: "van der", Surname: "Meulen", Sex: reports.SexMale}
	lisanne := Input{ID: 2, FirstNames: "Lisanne", Surname: "Wijnands", Sex: reports.SexFemale}
	namesake := Input{ID: 3, FirstNames: "Dennis", Particle: "van der", Surname: "Meulen", Sex: reports.SexMale}
	marieke := Input{ID: 4, FirstNames: "Marieke", Surname: "Bos", Sex: reports.SexFemale}
	family := map[int64]uint32{1: 1, 2: 1, 3: 3, 4: 3}
	m := familyIndex(t, []Input{dennis, lisanne, namesake, marieke}, family)
	mention := NewRecord(Input{FirstNames: "Dennis", Particle: "v.d.", Surname: "Meulen", Sex: reports.SexMale})

	dec, cands := m.Resolve(mention)
	if dec.Outcome == OutcomeLink {
		t.Fatalf("without the report around him: linked to %d", dec.Candidate.ID)
	}
	// Lisanne is linked on her own (her registry record is the anchor).
	anchor := m.index.record(1)
	m.WithHousehold(cands, []Record{anchor})
	dec = Decide(cands, m.Config().Thresholds)
	if dec.Outcome != OutcomeLink || dec.Candidate.ID != 1 || dec.Candidate.Levels[FieldHousehold] != HouseholdNamedWith {
		t.Fatalf("beside Lisanne: %s (%s) on %+v, want a link to 1, named_with", dec.Outcome, dec.Reason, dec.Candidate)
	}
	for _, c := range cands {
		if c.ID == 3 && c.Levels[FieldHousehold] != HouseholdNamedApart {
			t.Errorf("the namesake of Marieke's family: household level %d, want named_apart", c.Levels[FieldHousehold])
		}
	}

	// Initials alone do not tell the family's members apart (Dennis and
	// a son Daan are both "D. van der Meulen"): a person decides.
	_, cands = m.Resolve(NewRecord(Input{Initials: "D", Particle: "v.d.", Surname: "Meulen", Sex: reports.SexMale}))
	m.WithHousehold(cands, []Record{anchor})
	if dec := Decide(cands, m.Config().Thresholds); dec.Outcome == OutcomeLink {
		t.Errorf("\"D. v.d. Meulen\" beside Lisanne: linked to %d (%s)", dec.Candidate.ID, dec.Reason)
	}

	// Lisanne does not link on her own either (a namesake of hers, no
	// more known): her candidates still speak for the Dennis named with
	// her before.
	_, cands = m.Resolve(mention)
	_, lisanneCands := m.Resolve(NewRecord(Input{FirstNames: "Lisanne", Surname: "Wijnands"}))
	m.WithCoMentions(cands, [][]Candidate{lisanneCands})
	dec = Decide(cands, m.Config().Thresholds)
	if dec.Outcome != OutcomeLink || dec.Candidate.ID != 1 {
		t.Fatalf("beside an unlinked Lisanne: %s (%s) on %+v, want a link to 1", dec.Outcome, dec.Reason, dec.Candidate)
	}

	// A report naming a Dennis beside a woman whose candidates belong to
	// neither Dennis's family: both are of another family, and count
	// against.
	_, cands = m.Resolve(mention)
	before := cands[0].Score
	_, other := m.Resolve(NewRecord(Input{FirstNames: "Lisanne", Surname: "Wijnands"}))
	for i := range other {
		other[i].Record.Family = 99 // a family neither Dennis belongs to
	}
	m.WithCoMentions(cands, [][]Candidate{other})
	for _, c := range cands {
		if c.Levels[FieldHousehold] != HouseholdNamedApart || c.Score >= before {
			t.Errorf("beside a stranger: candidate %d household level %d, score %.1f (was %.1f); want named_apart, lower",
				c.ID, c.Levels[FieldHousehold], c.Score, before)
		}
	}
	if dec := Decide(cands, m.Config().Thresholds); dec.Outcome == OutcomeLink {
		t.Errorf("beside a stranger: linked to %d", dec.Candidate.ID)
	}
}

// A father and his son of one name, both named with the mother before:
// the family tells them from strangers, not from each other.
func TestFamilyGraphFatherAndSon(t *testing.T) {
	father := Input{ID: 1, FirstNames: "Dennis", Particle: "van der", Surname: "Meulen", Sex: reports.SexMale}
	son := Input{ID: 2, FirstNames: "Dennis", Particle: "van der", Surname: "Meulen", Sex: reports.SexMale}
	mother := Input{ID: 3, FirstNames: "Lisanne", Surname: "Wijnands", Sex: reports.SexFemale}
	m := familyIndex(t, []Input{father, son, mother}, map[int64]uint32{1: 1, 2: 1, 3: 1})
	_, cands := m.Resolve(NewRecord(Input{FirstNames: "Dennis", Surname: "van der Meulen"}))
	m.WithHousehold(cands, []Record{m.index.record(2)})
	if dec := Decide(cands, m.Config().Thresholds); dec.Outcome == OutcomeLink {
		t.Errorf("father and son of one name in the family: linked to %d", dec.Candidate.ID)
	}
}

// Reports join families; records keep their labels and the index follows
// the joins.
func TestJoinFamilies(t *testing.T) {
	ix := NewIndex(0)
	for id := int64(1); id <= 5; id++ {
		ix.Add(Record{ID: id, Surname: "jansen"})
	}
	a := ix.JoinFamilies([]uint32{1, 2})
	b := ix.JoinFamilies([]uint32{4, 5})
	if !slices.Equal(a, []uint32{1, 1}) || !slices.Equal(b, []uint32{4, 4}) {
		t.Fatalf("roots %v, %v; want [1 1], [4 4]", a, b)
	}
	if r := ix.JoinFamilies([]uint32{5, 3, 0}); !slices.Equal(r, []uint32{3, 3, 0}) || ix.FamilyRoot(4) != 3 || ix.FamilyRoot(5) != 3 {
		t.Errorf("joining 5 and 3: roots %v, 4 -> %d, 5 -> %d; want 3", r, ix.FamilyRoot(4), ix.FamilyRoot(5))
	}
	if ix.FamilyRoot(2) != 1 || ix.FamilyRoot(1) != 1 {
		t.Errorf("1 and 2: %d, %d; want 1", ix.FamilyRoot(1), ix.FamilyRoot(2))
	}
	ix.Add(Record{ID: 2, Surname: "jansen", Family: 1, NamedWith: true})
	if f, named := ix.PersonFamily(2); f != 1 || !named {
		t.Errorf("PersonFamily(2) = %d, %v; want 1, true", f, named)
	}
	if f, named := ix.PersonFamily(5); f != 3 || named {
		t.Errorf("PersonFamily(5) = %d, %v; want 3, false", f, named)
	}
}

// PersonFamilies finds the newest record of each person in one scan.
func TestPersonFamilies(t *testing.T) {
	ix := NewIndex(0)
	ix.Add(Record{ID: 1, Surname: "jansen"})
	ix.Add(Record{ID: 2, Surname: "jansen", Family: 1, NamedWith: true})
	ix.Add(Record{ID: 1, Surname: "jansen", Family: 1, NamedWith: true})
	ix.Add(Record{ID: 3, Surname: "bos"})
	ix.JoinFamilies([]uint32{1, 3})
	got := ix.PersonFamilies([]int64{1, 2, 3, 4})
	want := map[int64]Family{1: {1, true}, 2: {1, true}, 3: {1, false}}
	if len(got) != len(want) {
		t.Fatalf("PersonFamilies = %v, want %v", got, want)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("person %d: %+v, want %+v", id, got[id], w)
		}
	}
}

// A family does not chain without end: a report that would make it
// larger than MaxFamily leaves the labels apart, and the persons of the
// report that are new still become a family of their own.
func TestJoinFamiliesCapped(t *testing.T) {
	ix := NewIndex(0)
	for id := int64(1); id <= 40; id++ {
		ix.Add(Record{ID: id, Surname: "jansen"})
	}
	first := make([]uint32, 0, MaxFamily)
	for id := uint32(1); id <= MaxFamily; id++ {
		first = append(first, id)
	}
	ix.JoinFamilies(first) // 1..16: one full family
	// The new partner of person 16 with his two children (41, 42 are
	// not in the index yet: a family of one each).
	got := ix.JoinFamilies([]uint32{16, 30, 41, 42})
	if want := []uint32{1, 30, 30, 30}; !slices.Equal(got, want) {
		t.Errorf("full family and a new one: %v, want %v", got, want)
	}
	if ix.FamilyRoot(30) != 30 || ix.FamilyRoot(16) != 1 {
		t.Errorf("roots 30 -> %d, 16 -> %d; want 30, 1", ix.FamilyRoot(30), ix.FamilyRoot(16))
	}
	// Two families that fit together still join.
	ix.JoinFamilies([]uint32{31, 32})
	if got := ix.JoinFamilies([]uint32{33, 31}); !slices.Equal(got, []uint32{31, 31}) {
		t.Errorf("a family of one and one of two: %v, want [31 31]", got)
	}
	if got := ix.JoinFamilies([]uint32{30, 31}); got[0] != got[1] {
		t.Errorf("families of 3 and 3 apart: %v", got)
	}
	// Up to the cap and no further: 30's family has 6 (30, 41, 42, 31,
	// 32, 33); 10 more fit, the 11th does not.
	more := []uint32{30}
	for id := uint32(20); id < 29; id++ {
		more = append(more, id)
	}
	more = append(more, 29, 34)
	got = ix.JoinFamilies(more)
	for k, id := range more[:11] {
		if got[k] != 20 {
			t.Errorf("label %d -> %d, want 20 (the family of 30, now 16)", id, got[k])
		}
	}
	if got[11] != 34 {
		t.Errorf("label 34 -> %d, want 34 (the family is full)", got[11])
	}
}

// A family loaded with its labels (no joins since start-up) is counted
// in the index before a report joins it.
func TestJoinFamiliesCappedAfterLoad(t *testing.T) {
	ix := NewIndex(0)
	for id := int64(1); id <= MaxFamily; id++ {
		ix.Add(Record{ID: id, Surname: "jansen", Family: 1, NamedWith: true})
	}
	ix.Add(Record{ID: 5, Surname: "jansen", GivenNames: "x", Family: 1, NamedWith: true}) // a second record of 5
	ix.Add(Record{ID: 100, Surname: "bos"})
	if got := ix.JoinFamilies([]uint32{1, 100}); !slices.Equal(got, []uint32{1, 100}) {
		t.Errorf("loaded full family and a stranger: %v, want apart", got)
	}
	ix2 := NewIndex(0)
	for id := int64(1); id < MaxFamily; id++ {
		ix2.Add(Record{ID: id, Surname: "jansen", Family: 1, NamedWith: true})
	}
	ix2.Add(Record{ID: 100, Surname: "bos"})
	if got := ix2.JoinFamilies([]uint32{100, 1}); !slices.Equal(got, []uint32{1, 1}) {
		t.Errorf("loaded family of %d and one more: %v, want joined", MaxFamily-1, got)
	}
}

// BenchmarkJoinLoadedFamily times the join of two families loaded with
// the registry (not joined since start-up): each is counted by a scan of
// an index of 1,000,000 records, once.
func BenchmarkJoinLoadedFamily(b *testing.B) {
	ix := NewIndex(0)
	for id := int64(1); id <= 1_000_000; id++ {
		ix.Add(Record{ID: id, Surname: "jansen", Family: uint32((id + 1) / 2 * 2), NamedWith: true})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := uint32(2 + 4*(i%250_000))
		ix.JoinFamilies([]uint32{a, a + 2})
	}
}

// The rule both the index and the registry's family graph join families
// by: in the order given, first fit under MaxFamily, the smallest root
// the group's root.
func TestPackFamilies(t *testing.T) {
	roots := []uint32{7, 3, 9, 5}
	sizes := []int{10, 5, 8, 1} // 10+5 = 15 fits, 8 does not, 1 joins the first
	groups, into := PackFamilies(roots, func(k int) int { return sizes[k] })
	want := []FamilyGroup[uint32]{{Root: 3, Size: 16}, {Root: 9, Size: 8}}
	if !slices.Equal(groups, want) {
		t.Errorf("groups %v, want %v", groups, want)
	}
	if !slices.Equal(into, []int{0, 0, 1, 0}) {
		t.Errorf("into %v, want [0 0 1 0]", into)
	}
	for _, g := range groups {
		if g.Size > MaxFamily {
			t.Errorf("group %v holds more than %d persons", g, MaxFamily)
		}
	}
}
