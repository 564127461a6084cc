package radar

import (
	"slices"
	"testing"
)

// ScoreFrom gives what Score gives for each record CandidatesFrom finds,
// sorted as Match sorts, each person's best, at most want: the overlay's
// scoring without explaining every record.
func TestScoreFromAsScore(t *testing.T) {
	ins := newSynth(11).inputs(3000)
	ix := NewIndex(0)
	for _, in := range ins {
		ix.Add(NewRecord(in))
	}
	m, err := NewMatcher(NewIndex(0), DefaultModel(), DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	const prior, want = -11.5, 5
	found := 0
	for i, in := range ins[200:500] {
		q := NewRecord(in)
		q.ID = 0
		from := (i * 3) % 200 // the query's own record (at 200 + i) is among them
		var full []Candidate
		for _, rec := range ix.CandidatesFrom(q, from) {
			full = append(full, m.Score(q, rec, prior))
		}
		SortCandidates(full)
		var top []Candidate
		for _, c := range full {
			if len(top) < want && !slices.ContainsFunc(top, func(o Candidate) bool { return o.ID == c.ID }) {
				top = append(top, c)
			}
		}
		found += len(top)
		got := m.ScoreFrom(ix, q, from, prior, want)
		if len(got) != len(top) {
			t.Fatalf("query %d from %d: %d candidates, Score gives %d", i, from, len(got), len(top))
		}
		for j := range got {
			if got[j].ID != top[j].ID || got[j].Score != top[j].Score || got[j].Levels != top[j].Levels || len(got[j].Evidence) != len(top[j].Evidence) {
				t.Fatalf("query %d from %d, candidate %d: %+v, Score gives %+v", i, from, j, got[j], top[j])
			}
		}
		// WeighFrom decides the same, without the evidence.
		weighed := m.WeighFrom(ix, q, from, prior, want)
		if len(weighed) != len(got) {
			t.Fatalf("query %d from %d: WeighFrom gives %d candidates, ScoreFrom %d", i, from, len(weighed), len(got))
		}
		for j := range weighed {
			c := got[j]
			c.Evidence = nil
			if weighed[j].Evidence != nil || weighed[j].ID != c.ID || weighed[j].Score != c.Score || weighed[j].Levels != c.Levels ||
				weighed[j].Identity != c.Identity || weighed[j].Contradictions != c.Contradictions || weighed[j].BSN != c.BSN {
				t.Fatalf("query %d from %d, candidate %d: WeighFrom %+v, ScoreFrom %+v", i, from, j, weighed[j], got[j])
			}
		}
	}
	if found < 300 {
		t.Fatalf("%d candidates in all: the test compares too little", found)
	}
}
