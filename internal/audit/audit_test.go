package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"slices"
	"testing"
	"time"
)

var testStart = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// sampleEntry returns a varied, valid entry for position i.
func sampleEntry(i int) Entry {
	actions := []string{ActionReportView, ActionPersonSearch, ActionReportCreate, ActionCaseUpdate, ActionExport, ActionPrint, ActionBreakGlass}
	e := Entry{
		At:         testStart.Add(time.Duration(i) * 1234567 * time.Microsecond),
		ActorID:    fmt.Sprintf("acc-%d", i%7),
		ActorName:  fmt.Sprintf("Medewerker %d", i%7),
		Role:       []string{"worker", "triage", "admin"}[i%3],
		Action:     actions[i%len(actions)],
		ObjectType: "report",
		ObjectID:   fmt.Sprint(1000 + i),
		PersonIDs:  []int64{int64(i%50 + 1), int64(i%13 + 100)},
		Outcome:    OutcomeOK,
		Origin:     "192.0.2.10",
	}
	if e.Action == ActionBreakGlass {
		e.Reason = "acute melding buiten kantooruren"
	}
	if i%11 == 0 {
		e.OnBehalfOf = "acc-1"
	}
	return e
}

func buildChain(t testing.TB, n int) []Entry {
	t.Helper()
	out := make([]Entry, 0, n)
	prev := Entry{}
	for i := range n {
		e := sampleEntry(i)
		if err := e.Validate(); err != nil {
			t.Fatalf("sample entry %d invalid: %v", i, err)
		}
		prev = Chain(prev, e)
		out = append(out, prev)
	}
	return out
}

func stream(entries []Entry) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		for _, e := range entries {
			if !yield(e, nil) {
				return
			}
		}
	}
}

func chainError(t *testing.T, err error) *ChainError {
	t.Helper()
	var ce *ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want *ChainError", err)
	}
	return ce
}

func TestGenesisHash(t *testing.T) {
	sum := sha256.Sum256([]byte("toren audit genesis v1"))
	if hex.EncodeToString(sum[:]) != GenesisHash {
		t.Error("GenesisHash is not SHA-256 of its documented text")
	}
}

func TestChain(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	in := sampleEntry(1)
	in.At = time.Date(2026, 3, 1, 9, 30, 0, 123456789, ams)
	in.PersonIDs = []int64{7, 3, 7, 5}
	first := Chain(Entry{}, in)
	if first.Seq != 1 || first.PrevHash != GenesisHash || first.Hash != HashEntry(first) {
		t.Errorf("first entry: seq %d prev %s hash ok %v", first.Seq, first.PrevHash, first.Hash == HashEntry(first))
	}
	if want := time.Date(2026, 3, 1, 8, 30, 0, 123456000, time.UTC); !first.At.Equal(want) || first.At.Location() != time.UTC {
		t.Errorf("At = %v, want %v in UTC", first.At, want)
	}
	if !slices.Equal(first.PersonIDs, []int64{3, 5, 7}) {
		t.Errorf("PersonIDs = %v, want sorted unique", first.PersonIDs)
	}
	if !slices.Equal(in.PersonIDs, []int64{7, 3, 7, 5}) {
		t.Error("Chain modified its argument's PersonIDs")
	}
	second := Chain(first, sampleEntry(2))
	if second.Seq != 2 || second.PrevHash != first.Hash {
		t.Errorf("second entry: seq %d prev %s", second.Seq, second.PrevHash)
	}
	if len(first.Hash) != 64 || first.Hash == second.Hash {
		t.Error("hashes not distinct 64-hex values")
	}
}

func TestHashIgnoresZoneOfSameInstant(t *testing.T) {
	e := Chain(Entry{}, sampleEntry(1))
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	e.At = e.At.In(ams)
	if HashEntry(e) != e.Hash {
		t.Error("the same instant read back in another zone hashes differently")
	}
}

func TestVerifyIntactChain(t *testing.T) {
	chain := buildChain(t, 1000)
	head, err := Verify(context.Background(), stream(chain))
	if err != nil {
		t.Fatal(err)
	}
	if head != HeadOf(chain[999]) || head.Seq != 1000 {
		t.Errorf("head = %v", head)
	}
	if head, err := Verify(context.Background(), stream(nil)); err != nil || head != Genesis() {
		t.Errorf("empty log: %v, %v", head, err)
	}
}

// Tampering with any one field of entry 517 of 1000 is reported at 517.
func TestVerifyDetectsEachTamperedField(t *testing.T) {
	const k = 517
	chain := buildChain(t, 1000)
	cases := []struct {
		field  string
		tamper func(e *Entry)
		kind   BreakKind
	}{
		{"Seq", func(e *Entry) { e.Seq += 3 }, BreakGap},
		{"Seq backwards", func(e *Entry) { e.Seq-- }, BreakOrder},
		{"At", func(e *Entry) { e.At = e.At.Add(time.Microsecond) }, BreakContent},
		{"ActorID", func(e *Entry) { e.ActorID = "acc-99" }, BreakContent},
		{"ActorName", func(e *Entry) { e.ActorName += " " }, BreakContent},
		{"Role", func(e *Entry) { e.Role = "admin2" }, BreakContent},
		{"OnBehalfOf", func(e *Entry) { e.OnBehalfOf = "acc-3" }, BreakContent},
		{"Action", func(e *Entry) { e.Action = ActionCaseView }, BreakContent},
		{"ObjectType", func(e *Entry) { e.ObjectType = "case" }, BreakContent},
		{"ObjectID", func(e *Entry) { e.ObjectID = "1" }, BreakContent},
		{"PersonIDs added", func(e *Entry) { e.PersonIDs = append(slices.Clone(e.PersonIDs), 999) }, BreakContent},
		{"PersonIDs removed", func(e *Entry) { e.PersonIDs = e.PersonIDs[:1] }, BreakContent},
		{"PersonIDs cleared", func(e *Entry) { e.PersonIDs = nil }, BreakContent},
		{"PersonIDs changed", func(e *Entry) { e.PersonIDs = []int64{e.PersonIDs[0], e.PersonIDs[1] + 1} }, BreakContent},
		{"PersonIDs reordered", func(e *Entry) { e.PersonIDs = []int64{e.PersonIDs[1], e.PersonIDs[0]} }, BreakContent},
		{"Reason", func(e *Entry) { e.Reason = "nieuwsgierig" }, BreakContent},
		{"Outcome", func(e *Entry) { e.Outcome = OutcomeDenied }, BreakContent},
		{"Origin", func(e *Entry) { e.Origin = "203.0.113.5" }, BreakContent},
		{"PrevHash", func(e *Entry) { e.PrevHash = GenesisHash }, BreakLink},
		{"Hash", func(e *Entry) { e.Hash = HashEntry(chain[k]) }, BreakContent},
		{"bytes moved between fields", func(e *Entry) {
			e.ActorName, e.Role = e.ActorName+e.Role[:1], e.Role[1:]
		}, BreakContent},
	}
	for _, tc := range cases {
		t.Run(tc.field, func(t *testing.T) {
			tampered := slices.Clone(chain)
			e := tampered[k-1]
			tc.tamper(&e)
			tampered[k-1] = e
			_, err := Verify(context.Background(), stream(tampered))
			ce := chainError(t, err)
			if ce.Expected != k || ce.Kind != tc.kind {
				t.Errorf("got %+v (%v), want break %s at entry %d", *ce, ce, tc.kind, k)
			}
			if ce.Kind != BreakGap && ce.Kind != BreakOrder && ce.Seq != k {
				t.Errorf("named entry %d, want %d", ce.Seq, k)
			}
		})
	}
}

// An entry changed and given a matching Hash is consistent by itself; the
// break shows at the next entry, whose PrevHash still holds the old Hash.
func TestVerifyRehashedEntryBreaksNextLink(t *testing.T) {
	chain := buildChain(t, 50)
	e := chain[19]
	e.ActorID = "acc-99"
	e.Hash = HashEntry(e)
	chain[19] = e
	ce := chainError(t, second(Verify(context.Background(), stream(chain))))
	if ce.Seq != 21 || ce.Kind != BreakLink {
		t.Errorf("got %v, want prev-hash mismatch at 21", ce)
	}
}

func second[A, B any](_ A, b B) B { return b }

func TestVerifyDeletedFromMiddle(t *testing.T) {
	chain := buildChain(t, 1000)
	deleted := slices.Delete(slices.Clone(chain), 499, 500) // entry 500
	ce := chainError(t, second(Verify(context.Background(), stream(deleted))))
	if ce.Seq != 501 || ce.Expected != 500 || ce.Kind != BreakGap {
		t.Errorf("got %v, want gap at 501 (500 expected)", ce)
	}

	// Deleted and the later Seqs renumbered to hide the gap: the link breaks.
	renumbered := slices.Clone(deleted)
	for i := 499; i < len(renumbered); i++ {
		renumbered[i].Seq--
	}
	ce = chainError(t, second(Verify(context.Background(), stream(renumbered))))
	if ce.Seq != 500 || ce.Kind != BreakLink {
		t.Errorf("renumbered: got %v, want prev-hash mismatch at 500", ce)
	}

	// Renumbered and each entry's own Hash recomputed: still the link.
	for i := 499; i < len(renumbered); i++ {
		renumbered[i].Hash = HashEntry(renumbered[i])
	}
	ce = chainError(t, second(Verify(context.Background(), stream(renumbered))))
	if ce.Seq != 500 || ce.Kind != BreakLink {
		t.Errorf("renumbered and rehashed: got %v, want prev-hash mismatch at 500", ce)
	}
}

func TestVerifyReordered(t *testing.T) {
	chain := buildChain(t, 1000)
	swapped := slices.Clone(chain)
	swapped[299], swapped[300] = swapped[300], swapped[299] // 301 now before 300
	ce := chainError(t, second(Verify(context.Background(), stream(swapped))))
	if ce.Seq != 301 || ce.Expected != 300 || ce.Kind != BreakGap {
		t.Errorf("got %v, want entry 301 found where 300 belongs", ce)
	}

	// Swapped with the Seqs swapped back to look in order: the link breaks.
	swapped[299].Seq, swapped[300].Seq = 300, 301
	ce = chainError(t, second(Verify(context.Background(), stream(swapped))))
	if ce.Seq != 300 || ce.Kind != BreakLink {
		t.Errorf("renumbered swap: got %v, want prev-hash mismatch at 300", ce)
	}

	dup := slices.Insert(slices.Clone(chain), 700, chain[699]) // 700 twice
	ce = chainError(t, second(Verify(context.Background(), stream(dup))))
	if ce.Seq != 700 || ce.Expected != 701 || ce.Kind != BreakOrder {
		t.Errorf("duplicate: got %v, want order break at 700", ce)
	}
}

func TestVerifyTailDeletionNeedsAnchor(t *testing.T) {
	chain := buildChain(t, 1000)
	anchor := HeadOf(chain[999])
	cut := chain[:997]
	ctx := context.Background()

	if head, err := Verify(ctx, stream(cut)); err != nil || head.Seq != 997 {
		t.Fatalf("without an anchor a cut tail is a valid shorter chain: %v, %v", head, err)
	}
	ce := chainError(t, second(VerifyWithAnchor(ctx, stream(cut), anchor)))
	if ce.Seq != 998 || ce.Kind != BreakTruncated {
		t.Errorf("got %v, want truncated from 998", ce)
	}
	ce = chainError(t, second(VerifyWithAnchor(ctx, stream(nil), anchor)))
	if ce.Seq != 1 || ce.Kind != BreakTruncated {
		t.Errorf("emptied log: got %v, want truncated from 1", ce)
	}
	if _, err := VerifyWithAnchor(ctx, stream(chain), anchor); err != nil {
		t.Errorf("intact log with anchor: %v", err)
	}
	if _, err := VerifyWithAnchor(ctx, stream(chain), HeadOf(chain[499])); err != nil {
		t.Errorf("intact log with an older anchor: %v", err)
	}
	if _, err := VerifyWithAnchor(ctx, stream(nil), Genesis()); err != nil {
		t.Errorf("empty log, genesis anchor: %v", err)
	}
}

// Someone who can write the database edits entry 990 and re-chains every
// entry after it: the chain is valid again, only an anchor catches it.
func TestVerifyRewrittenTailNeedsAnchor(t *testing.T) {
	chain := buildChain(t, 1000)
	forged := slices.Clone(chain[:989])
	prev := forged[988]
	for i := 989; i < 1000; i++ {
		e := chain[i]
		if i == 989 {
			e.ActorID = "acc-innocent"
		}
		prev = Chain(prev, e)
		forged = append(forged, prev)
	}
	ctx := context.Background()
	if _, err := Verify(ctx, stream(forged)); err != nil {
		t.Fatalf("a fully re-chained forgery is internally consistent, got %v", err)
	}
	for _, tc := range []struct {
		anchor  Head
		wantSeq int64 // 0: not detectable with this anchor
	}{
		{HeadOf(chain[999]), 1000},
		{HeadOf(chain[994]), 995},
		{HeadOf(chain[979]), 0}, // anchor before the forgery: out of its reach
	} {
		_, err := VerifyWithAnchor(ctx, stream(forged), tc.anchor)
		if tc.wantSeq == 0 {
			if err != nil {
				t.Errorf("anchor %d: %v", tc.anchor.Seq, err)
			}
			continue
		}
		if ce := chainError(t, err); ce.Seq != tc.wantSeq || ce.Kind != BreakAnchor {
			t.Errorf("anchor %d: got %v, want anchor mismatch at %d", tc.anchor.Seq, ce, tc.wantSeq)
		}
	}
}

func TestVerifyWithInvalidAnchor(t *testing.T) {
	for _, a := range []Head{{Seq: -1, Hash: GenesisHash}, {Seq: 3, Hash: "xyz"}, {Seq: 0, Hash: HashEntry(Entry{})}} {
		_, err := VerifyWithAnchor(context.Background(), stream(nil), a)
		var ce *ChainError
		if err == nil || errors.As(err, &ce) {
			t.Errorf("anchor %v: err = %v, want a plain error", a, err)
		}
	}
}

func TestVerifyReadErrorAndCancel(t *testing.T) {
	chain := buildChain(t, 3000)
	boom := errors.New("connection reset")
	failing := func(yield func(Entry, error) bool) {
		for _, e := range chain[:10] {
			if !yield(e, nil) {
				return
			}
		}
		yield(Entry{}, boom)
	}
	head, err := Verify(context.Background(), failing)
	var ce *ChainError
	if !errors.Is(err, boom) || errors.As(err, &ce) || head.Seq != 10 {
		t.Errorf("read error: head %v, err %v", head, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Verify(ctx, stream(chain)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestVerifierIncremental(t *testing.T) {
	chain := buildChain(t, 1000)
	v := NewVerifier(Genesis())
	for _, e := range chain[:600] {
		if err := v.Next(e); err != nil {
			t.Fatal(err)
		}
	}
	checkpoint := v.Head()
	v2 := NewVerifier(checkpoint)
	for _, e := range chain[600:] {
		if err := v2.Next(e); err != nil {
			t.Fatal(err)
		}
	}
	if v2.Head() != HeadOf(chain[999]) {
		t.Errorf("head = %v", v2.Head())
	}
	bad := chain[600]
	bad.Outcome = OutcomeError
	v3 := NewVerifier(checkpoint)
	err := v3.Next(bad)
	if err == nil || v3.Next(chain[601]) != err {
		t.Error("a broken verifier did not stay broken")
	}
}

func TestEntryValidate(t *testing.T) {
	ok := sampleEntry(1)
	cases := []struct {
		name   string
		change func(e *Entry)
		field  string
	}{
		{"valid", func(e *Entry) {}, ""},
		{"no time", func(e *Entry) { e.At = time.Time{} }, "at"},
		{"year 10000", func(e *Entry) { e.At = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, "at"},
		{"no actor", func(e *Entry) { e.ActorID = "" }, "actor_id"},
		{"no action", func(e *Entry) { e.Action = "" }, "action"},
		{"action with space", func(e *Entry) { e.Action = "report view" }, "action"},
		{"unknown outcome", func(e *Entry) { e.Outcome = "maybe" }, "outcome"},
		{"break-glass without reason", func(e *Entry) { e.Action, e.Reason = ActionBreakGlass, "  " }, "reason"},
		{"break-glass with reason", func(e *Entry) { e.Action, e.Reason = ActionBreakGlass, "crisis" }, ""},
		{"zero person", func(e *Entry) { e.PersonIDs = []int64{4, 0} }, "person_ids[1]"},
		{"invalid UTF-8", func(e *Entry) { e.Reason = "\xff" }, "reason"},
		{"NUL byte", func(e *Entry) { e.ObjectID = "a\x00b" }, "object_id"},
		{"too long", func(e *Entry) { e.Origin = string(make([]byte, 5000)) }, "origin"},
	}
	for _, tc := range cases {
		e := ok
		tc.change(&e)
		err := e.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		fe := fieldsOf(err)
		if !slices.Contains(fe, tc.field) {
			t.Errorf("%s: fields %v, want %s", tc.name, fe, tc.field)
		}
	}
}

func TestMemoryLog(t *testing.T) {
	ctx := context.Background()
	var log MemoryLog
	if h, _ := log.Head(ctx); h != Genesis() {
		t.Errorf("empty head = %v", h)
	}
	done := make(chan struct{})
	for g := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 50 {
				if _, err := log.Append(ctx, sampleEntry(g*50+i)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
	head, err := VerifyWithAnchor(ctx, log.Entries(ctx, 0), mustHead(log.Head(ctx)))
	if err != nil || head.Seq != 200 {
		t.Fatalf("concurrent appends: head %v, err %v", head, err)
	}
	n := 0
	for e, err := range log.Entries(ctx, 150) {
		if err != nil || e.Seq != int64(151+n) {
			t.Fatalf("Entries(150) item %d = seq %d, %v", n, e.Seq, err)
		}
		n++
	}
	if n != 50 {
		t.Errorf("Entries(150) yielded %d", n)
	}
	bad := sampleEntry(1)
	bad.Outcome = ""
	if _, err := log.Append(ctx, bad); err == nil || len(log.Snapshot()) != 200 {
		t.Error("an invalid entry was appended")
	}
	// Callers cannot change stored entries through returned values.
	snap := log.Snapshot()
	snap[0].PersonIDs[0] = 424242
	if _, err := Verify(ctx, log.Entries(ctx, 0)); err != nil {
		t.Errorf("mutating a snapshot changed the log: %v", err)
	}
}

func mustHead(h Head, err error) Head {
	if err != nil {
		panic(err)
	}
	return h
}

func TestHeadText(t *testing.T) {
	h := Head{Seq: 1000, Hash: HashEntry(sampleEntry(3))}
	got, err := ParseHead(" " + h.String() + "\n")
	if err != nil || got != h {
		t.Errorf("round trip: %v, %v", got, err)
	}
	if got, err := ParseHead(Genesis().String()); err != nil || got != Genesis() {
		t.Errorf("genesis round trip: %v, %v", got, err)
	}
	for _, s := range []string{
		"",
		"toren-audit-head 12",
		"toren-audit-head 012 " + GenesisHash,
		"toren-audit-head -1 " + GenesisHash,
		"toren-audit-head +1 " + GenesisHash,
		"toren-audit-head 1  " + GenesisHash,
		"toren-audit-head 99999999999999999999 " + GenesisHash,
		"toren-audit-head 1 " + GenesisHash[:63],
		"toren-audit-head 1 " + GenesisHash[:63] + "A",
		"toren-audit-head 0 " + h.Hash,
		"audit-head 1 " + GenesisHash,
	} {
		if _, err := ParseHead(s); !errors.Is(err, ErrMalformedHead) {
			t.Errorf("ParseHead(%q) = %v, want ErrMalformedHead", s, err)
		}
	}
}

func FuzzParseHead(f *testing.F) {
	f.Add(Genesis().String())
	f.Add("toren-audit-head 42 " + GenesisHash)
	f.Add("toren-audit-head 00 x")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHead(s)
		if err != nil {
			return
		}
		again, err := ParseHead(h.String())
		if err != nil || again != h || h.Seq < 0 {
			t.Fatalf("ParseHead(%q) = %v, which does not round-trip: %v", s, h, err)
		}
	})
}
