package radar

import (
	"testing"

	"toren/internal/toren"
)

// Remove takes out every record of a person and only those; removed
// records neither come back from look-ups nor use up a block's cap.
func TestIndexRemove(t *testing.T) {
	ix := NewIndex(1) // one record per key: a removed one must not hide the next
	older := NewRecord(Input{ID: 2, FirstNames: "Anna", Surname: "Smit", BirthDate: toren.MustDate("1980-01-02")})
	ix.Add(older)
	for _, given := range []string{"Anna", "Anne"} { // two variants of person 1, newer than person 2
		ix.Add(NewRecord(Input{ID: 1, FirstNames: given, Surname: "Smit", BirthDate: toren.MustDate("1980-01-02")}))
	}
	q := NewRecord(Input{FirstNames: "Anna", Surname: "Smit", BirthDate: toren.MustDate("1980-01-02")})
	ids := func() map[int64]bool {
		got := map[int64]bool{}
		for _, c := range ix.Candidates(q) {
			got[c.ID] = true
		}
		return got
	}
	if got := ids(); !got[1] || got[2] {
		t.Fatalf("before: candidates %v; want person 1 only (the cap hides the older person 2)", got)
	}
	if n := ix.Remove(1); n != 2 {
		t.Errorf("Remove(1) took out %d records, want 2", n)
	}
	if got := ids(); got[1] || !got[2] {
		t.Errorf("after: candidates %v; want person 2 only", got)
	}
	if n := ix.Remove(1); n != 0 {
		t.Errorf("second Remove(1) took out %d records, want 0", n)
	}
	// Added again (a person restored by undoing a merge), it is found.
	ix.Add(NewRecord(Input{ID: 1, FirstNames: "Anna", Surname: "Smit", BirthDate: toren.MustDate("1980-01-02")}))
	if got := ids(); !got[1] {
		t.Errorf("re-added person not found: %v", got)
	}
	if ix.Len() != 4 {
		t.Errorf("Len = %d, want 4 (removed records still count)", ix.Len())
	}
}

func TestMatcherSkipsRemoved(t *testing.T) {
	ix := NewIndex(0)
	rec := NewRecord(Input{ID: 7, FirstNames: "Jan", Surname: "Bakker", BirthDate: toren.MustDate("1970-05-05"), BSN: "123456782"})
	ix.Add(rec)
	m, err := NewMatcher(ix, DefaultModel(), DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Match(rec); len(c) != 1 || c[0].ID != 7 {
		t.Fatalf("before: %+v", c)
	}
	ix.Remove(7)
	if c := m.Match(rec); len(c) != 0 {
		t.Errorf("after Remove: %d candidates, want none", len(c))
	}
}

// BenchmarkIndexRemove1M measures Remove (a scan of the whole index) on a
// registry of a million persons: what a merge, its undoing or a review
// decision adds to the radar's update at commit.
func BenchmarkIndexRemove1M(b *testing.B) {
	ix := loadRegistry(b, 1_000_000).index
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// A person that is not there: the scan's full cost, nothing changed.
		ix.Remove(-1)
	}
}
