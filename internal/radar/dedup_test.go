package radar

import (
	"context"
	"testing"
)

func TestDedup(t *testing.T) {
	s := newSynth(12)
	people := s.inputs(5000)
	var recs []Record
	var truth []int
	for i, in := range people {
		recs = append(recs, NewRecord(in))
		truth = append(truth, i)
	}
	for i := 0; i < 500; i++ {
		j := s.rng.IntN(len(people))
		recs = append(recs, NewRecord(s.mention(people[j])))
		truth = append(truth, j)
	}
	res, err := Dedup(context.Background(), recs, DefaultModel(), DefaultConfig(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Cluster) != len(recs) {
		t.Fatalf("%d clusters for %d records", len(res.Cluster), len(recs))
	}
	for i, c := range res.Cluster {
		if c > i || res.Cluster[c] != c {
			t.Fatalf("record %d in cluster %d: a cluster is named by its first record", i, c)
		}
	}
	precision, recall := pairQuality(res.Cluster, truth)
	// Households share surname, address and phone; none may be merged.
	if precision < 0.995 || recall < 0.85 {
		t.Errorf("precision %.4f recall %.4f, want at least 0.995 and 0.85", precision, recall)
	}
	if res.Links == 0 || res.Reviews > len(recs)/20 {
		t.Errorf("links %d reviews %d", res.Links, res.Reviews)
	}
}

func TestDedupCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	recs := []Record{NewRecord(Input{Surname: "Jansen"})}
	if _, err := Dedup(ctx, recs, DefaultModel(), DefaultConfig(), 1); err == nil {
		t.Error("Dedup on a cancelled context succeeded")
	}
}
