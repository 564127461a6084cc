package radar

// Remove takes every record of the person id out of the index, so that
// look-ups no longer find them, and returns how many it took out. The
// registry changes a person outside intake rarely (a merge, its undoing, a
// reviewer's decision), so Remove scans the whole index rather than keep a
// map from person to records for every person: about 3 ms at a million
// records (BenchmarkIndexRemove1M). Len still counts removed records.
func (ix *Index) Remove(id int64) int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	n := 0
	for i := range uint32(ix.n) {
		e := ix.entry(i)
		if e.removed() || ix.idOf(i) != id {
			continue
		}
		e.flags |= flagRemoved
		n++
		ix.uncountTerm(ix.givenCount, ix.given1[e.given])
		ix.uncountTerm(ix.surnameCount, e.surname)
		ix.uncountTerm(ix.cityCount, ix.city(e))
	}
	return n
}

func (ix *Index) uncountTerm(counts []uint32, id uint32) {
	if id != 0 && int(id) < len(counts) && counts[id] > 0 {
		counts[id]--
	}
}

// RemoveAll is Remove for many persons in one pass over the index (a
// retention run destroys thousands at once), and returns how many records
// it took out.
func (ix *Index) RemoveAll(ids map[int64]struct{}) int {
	if len(ids) == 0 {
		return 0
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	n := 0
	for i := range uint32(ix.n) {
		e := ix.entry(i)
		if e.removed() {
			continue
		}
		if _, ok := ids[ix.idOf(i)]; !ok {
			continue
		}
		e.flags |= flagRemoved
		n++
		ix.uncountTerm(ix.givenCount, ix.given1[e.given])
		ix.uncountTerm(ix.surnameCount, e.surname)
		ix.uncountTerm(ix.cityCount, ix.city(e))
	}
	return n
}
