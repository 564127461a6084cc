package audit

import (
	"context"
	"errors"
	"iter"
	"strings"
	"testing"
	"time"
)

func ringOf(t *testing.T, lines ...string) Keyring {
	t.Helper()
	r, err := ParseKeyring([]byte(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const (
	keyA = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	keyB = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"
)

// logOf chains n entries; those from keyedFrom on (1-based; 0: none) are
// signed with ring.
func logOf(n int, keyedFrom int64, ring Keyring) []Entry {
	var out []Entry
	head := Genesis()
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	for i := range n {
		e := ChainAfter(head, Entry{At: at.Add(time.Duration(i) * time.Second), ActorID: "7", ActorName: "Iris", Action: "report.view",
			ObjectType: "report", ObjectID: "12", Outcome: OutcomeOK, Origin: "127.0.0.1"})
		if keyedFrom > 0 && e.Seq >= keyedFrom {
			e = ring.Sign(e)
		}
		out = append(out, e)
		head = HeadOf(e)
	}
	return out
}

func entriesOf(log []Entry) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		for _, e := range log {
			if !yield(e, nil) {
				return
			}
		}
	}
}

// rechain recomputes every hash from the first entry on, as someone who
// can write the database but has not the key would after a change; the
// keyed hashes stay as they were.
func rechain(log []Entry) []Entry {
	out := make([]Entry, len(log))
	head := Genesis()
	for i, e := range log {
		c := ChainAfter(head, e)
		c.KeyID, c.MAC = e.KeyID, e.MAC
		out[i] = c
		head = HeadOf(c)
	}
	return out
}

func breakOf(err error) BreakKind {
	var ce *ChainError
	if errors.As(err, &ce) {
		return ce.Kind
	}
	return ""
}

func TestKeyedChain(t *testing.T) {
	ctx := context.Background()
	ring := ringOf(t, "# current", keyA)
	// A log begun before it was keyed: 4 unkeyed entries, then keyed.
	log := logOf(10, 5, ring)
	head, rep, err := VerifyKeyed(ctx, entriesOf(log), nil, ring)
	if err != nil || head.Seq != 10 || rep.FirstKeyed != 5 || rep.Unkeyed != 4 || rep.Keyed != 6 {
		t.Fatalf("an old log keyed later: head %v, report %+v, %v", head, rep, err)
	}
	if _, err := Verify(ctx, entriesOf(log)); err != nil {
		t.Fatalf("the keyed log without the key: %v", err)
	}

	t.Run("a rewrite verifies without the key, not with it", func(t *testing.T) {
		for _, at := range []int{2, 7} { // in the unkeyed prefix, in the keyed segment
			bad := append([]Entry(nil), log...)
			bad[at].Reason = "rewritten"
			bad = rechain(bad)
			if _, err := Verify(ctx, entriesOf(bad)); err != nil {
				t.Fatalf("precondition: the rechained log verifies without the key: %v", err)
			}
			_, _, err := VerifyKeyed(ctx, entriesOf(bad), nil, ring)
			if breakOf(err) != BreakMAC {
				t.Errorf("entry %d rewritten: %v, want %s", at+1, err, BreakMAC)
			}
		}
	})
	t.Run("keyed hashes removed", func(t *testing.T) {
		bad := append([]Entry(nil), log...)
		for i := range bad {
			bad[i].KeyID, bad[i].MAC = "", ""
		}
		bad[7].Reason = "rewritten"
		bad = rechain(bad)
		if _, _, err := VerifyKeyed(ctx, entriesOf(bad), nil, ring); breakOf(err) != BreakNoKeyed {
			t.Errorf("all keyed hashes removed: %v", err)
		}
		bad = append([]Entry(nil), log...)
		bad[7].KeyID, bad[7].MAC = "", ""
		if _, _, err := VerifyKeyed(ctx, entriesOf(bad), nil, ring); breakOf(err) != BreakUnkeyed {
			t.Errorf("one keyed hash removed: %v", err)
		}
	})
	t.Run("rotation", func(t *testing.T) {
		old := ring
		rotated := ringOf(t, keyB, keyA)
		log := logOf(6, 1, old)
		head := HeadOf(log[len(log)-1])
		for range 3 {
			e := rotated.Sign(ChainAfter(head, Entry{At: time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC), ActorID: "7", Action: "report.view", Outcome: OutcomeOK}))
			log = append(log, e)
			head = HeadOf(e)
		}
		_, rep, err := VerifyKeyed(ctx, entriesOf(log), nil, rotated)
		if err != nil || len(rep.ByKey) != 2 || rep.Keyed != 9 {
			t.Errorf("after rotation, with both keys: %+v %v", rep, err)
		}
		if _, _, err := VerifyKeyed(ctx, entriesOf(log), nil, ringOf(t, keyB)); breakOf(err) != BreakUnknownKey {
			t.Errorf("the old key dropped from the file: %v", err)
		}
	})
	t.Run("key file", func(t *testing.T) {
		for _, bad := range []string{"", "# only a comment", "zz" + keyA[2:], keyA[:32], keyA + "\n" + keyA} {
			if _, err := ParseKeyring([]byte(bad)); err == nil {
				t.Errorf("key file %q accepted", bad)
			}
		}
		a, b := ringOf(t, keyA).Current(), ringOf(t, keyB).Current()
		if a.ID == b.ID || len(a.ID) != 16 || strings.Contains(keyA, a.ID) {
			t.Errorf("key IDs %q %q", a.ID, b.ID)
		}
	})
	t.Run("an unkeyed log", func(t *testing.T) {
		if _, _, err := VerifyKeyed(ctx, entriesOf(logOf(3, 0, ring)), nil, ring); breakOf(err) != BreakNoKeyed {
			t.Errorf("a log never keyed, verified with a key: %v", err)
		}
		if _, _, err := VerifyKeyed(ctx, entriesOf(nil), nil, ring); err != nil {
			t.Errorf("an empty log: %v", err)
		}
	})
}
