package audit

import (
	"strings"
	"testing"
	"time"
)

func TestAnchorsRoundTripAndCheck(t *testing.T) {
	hashes := map[int64]string{}
	var prev Entry
	for i := 1; i <= 5; i++ {
		e := Chain(prev, Entry{At: time.Date(2026, 12, 7, 4, i, 0, 0, time.UTC), ActorID: "1", Action: "x", Outcome: OutcomeOK})
		hashes[e.Seq] = e.Hash
		prev = e
	}
	head := HeadOf(prev)
	at := time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)
	file := "# anchors\n" + Anchor{At: at, Head: Head{Seq: 3, Hash: hashes[3]}}.String() + "\n\n" + Anchor{At: at.Add(time.Minute), Head: head}.String() + "\n"
	anchors, err := ParseAnchors(strings.NewReader(file))
	if err != nil || len(anchors) != 2 || anchors[1].Head != head || !anchors[0].At.Equal(at) {
		t.Fatalf("parse: %+v %v", anchors, err)
	}
	lookup := func(h map[int64]string) func(int64) (string, bool, error) {
		return func(seq int64) (string, bool, error) { s, ok := h[seq]; return s, ok, nil }
	}
	if err := CheckAnchors(head, anchors, lookup(hashes)); err != nil {
		t.Errorf("untouched log: %v", err)
	}
	// Cut short to entry 4, the in-database head moved back with it.
	if err := CheckAnchors(Head{Seq: 4, Hash: hashes[4]}, anchors, lookup(hashes)); err == nil || !strings.Contains(err.Error(), "entries were removed") {
		t.Errorf("log cut short: %v", err)
	}
	// Rewritten and chained anew: the hash at an anchored entry differs.
	rewritten := map[int64]string{}
	for k, v := range hashes {
		rewritten[k] = v
	}
	rewritten[3] = strings.Repeat("0", 64)
	if err := CheckAnchors(head, anchors, lookup(rewritten)); err == nil || !strings.Contains(err.Error(), "entry 3 differs") {
		t.Errorf("rewritten log: %v", err)
	}
	for _, bad := range []string{"toren-audit-head 3 abc", "gisteren toren-audit-head 3 " + hashes[3], "2026-12-07T05:00:00Z toren-audit-head x " + hashes[3]} {
		if _, err := ParseAnchors(strings.NewReader(bad + "\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
