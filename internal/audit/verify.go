package audit

import (
	"context"
	"fmt"
	"iter"
)

// BreakKind says how a chain is broken.
type BreakKind string

const (
	// BreakContent: the entry's fields do not hash to its Hash; it was
	// changed after it was written.
	BreakContent BreakKind = "hash_mismatch"
	// BreakLink: the entry's PrevHash is not the previous entry's Hash;
	// an entry before it was deleted, inserted or swapped and the
	// sequence numbers were made to fit.
	BreakLink BreakKind = "prev_hash_mismatch"
	// BreakGap: the entry's Seq skips ahead; the entries in between were
	// deleted (or this one was moved forward).
	BreakGap BreakKind = "sequence_gap"
	// BreakOrder: the entry's Seq is not above the previous one; it is a
	// duplicate or out of order.
	BreakOrder BreakKind = "sequence_order"
	// BreakTruncated: the log ends before the anchor's Seq; entries at
	// the end were deleted.
	BreakTruncated BreakKind = "truncated"
	// BreakAnchor: the entry at the anchor's Seq has another Hash; the log
	// was rewritten from there or earlier.
	BreakAnchor BreakKind = "anchor_mismatch"
	// BreakMAC: the entry's keyed hash does not match: it was rewritten
	// (hash recomputed) by someone without the key.
	BreakMAC BreakKind = "mac_mismatch"
	// BreakUnknownKey: the entry names a key that is not in the key file.
	BreakUnknownKey BreakKind = "unknown_key"
	// BreakUnkeyed: the entry has no keyed hash although entries before it
	// have: it was written without the key, or rewritten and its keyed
	// hash dropped.
	BreakUnkeyed BreakKind = "unkeyed"
	// BreakNoKeyed: a key was given but no entry carries a keyed hash:
	// the log was never keyed, or every keyed hash was removed.
	BreakNoKeyed BreakKind = "no_keyed_entries"
)

var breakText = map[BreakKind]string{
	BreakContent:    "content changed (hash mismatch)",
	BreakLink:       "does not follow the entry before it (prev-hash mismatch): an entry was deleted, inserted or reordered",
	BreakGap:        "sequence gap: entries before it are missing",
	BreakOrder:      "sequence goes backwards: entry duplicated or out of order",
	BreakTruncated:  "entries missing at the end of the log",
	BreakAnchor:     "differs from the anchor: the log was rewritten",
	BreakMAC:        "keyed hash does not match: the entry was rewritten without the audit key",
	BreakUnknownKey: "signed with a key that is not in the audit key file",
	BreakUnkeyed:    "has no keyed hash although entries before it have one: written without the audit key, or rewritten",
	BreakNoKeyed:    "no entry carries a keyed hash: the log was never keyed, or the keyed hashes were removed",
}

// ChainError names the first broken entry.
type ChainError struct {
	// Seq is the sequence number of the entry where the break was found,
	// as stored (to look the row up). For BreakTruncated it is the first
	// missing Seq.
	Seq int64
	// Expected is the Seq that should have been at this place; it differs
	// from Seq for gaps and ordering breaks.
	Expected int64
	Kind     BreakKind
}

func (e *ChainError) Error() string {
	msg := fmt.Sprintf("audit log broken at entry %d: %s", e.Seq, breakText[e.Kind])
	if e.Expected != e.Seq {
		msg += fmt.Sprintf(" (expected entry %d here)", e.Expected)
	}
	return msg
}

// Verifier checks a chain one entry at a time, in Seq order, in constant
// memory. It stops at the first break: after an error every call returns
// that error.
type Verifier struct {
	head Head
	buf  []byte
	err  error
}

// NewVerifier starts checking after from: Genesis for a whole log, or a
// Head verified earlier to check only what was appended since.
func NewVerifier(from Head) *Verifier {
	return &Verifier{head: from}
}

// Head returns the last entry verified (from, if none).
func (v *Verifier) Head() Head { return v.head }

// Next checks that e follows the entries checked so far.
func (v *Verifier) Next(e Entry) error {
	if v.err != nil {
		return v.err
	}
	want := v.head.Seq + 1
	var kind BreakKind
	switch {
	case e.Seq > want:
		kind = BreakGap
	case e.Seq < want:
		kind = BreakOrder
	case e.PrevHash != v.head.Hash:
		kind = BreakLink
	case hashWithBuffer(e, &v.buf) != e.Hash:
		kind = BreakContent
	}
	if kind != "" {
		v.err = &ChainError{Seq: e.Seq, Expected: want, Kind: kind}
		return v.err
	}
	v.head = Head{Seq: e.Seq, Hash: e.Hash}
	return nil
}

// Verify checks a whole log, streamed in Seq order from the first entry,
// and returns its Head. A break is a *ChainError naming the first broken
// entry; a read error from entries is returned wrapped. Verify cannot see
// entries deleted from the end: use VerifyWithAnchor for that.
func Verify(ctx context.Context, entries iter.Seq2[Entry, error]) (Head, error) {
	return verify(ctx, entries, nil)
}

// VerifyWithAnchor is Verify that also checks an anchor kept apart from
// the log: the log must reach anchor.Seq and hold anchor.Hash there. An
// anchor older than the head is fine.
func VerifyWithAnchor(ctx context.Context, entries iter.Seq2[Entry, error], anchor Head) (Head, error) {
	if anchor.Seq < 0 || !isHexHash(anchor.Hash) || (anchor.Seq == 0 && anchor.Hash != GenesisHash) {
		return Genesis(), fmt.Errorf("verify audit log: invalid anchor %v", anchor)
	}
	return verify(ctx, entries, &anchor)
}

// VerifyKeyed is VerifyWithAnchor (anchor may be nil) that also checks the
// keyed hashes against the keys of ring (see key.go): every entry from the
// first keyed one on must carry a MAC that matches under the key it names,
// and a non-empty log must have a keyed entry. Without the key a rewrite
// that recomputed the hashes passes Verify; it fails here.
func VerifyKeyed(ctx context.Context, entries iter.Seq2[Entry, error], anchor *Head, ring Keyring) (Head, KeyReport, error) {
	if ring.Empty() {
		return Genesis(), KeyReport{}, fmt.Errorf("verify audit log: no audit key given")
	}
	if anchor != nil && (anchor.Seq < 0 || !isHexHash(anchor.Hash) || (anchor.Seq == 0 && anchor.Hash != GenesisHash)) {
		return Genesis(), KeyReport{}, fmt.Errorf("verify audit log: invalid anchor %v", anchor)
	}
	kc := &keyCheck{ring: ring}
	h, err := verifyWith(ctx, entries, anchor, kc)
	if err == nil && h.Seq > 0 && kc.report.FirstKeyed == 0 {
		err = &ChainError{Seq: 1, Expected: 1, Kind: BreakNoKeyed}
	}
	return h, kc.report, err
}

func verify(ctx context.Context, entries iter.Seq2[Entry, error], anchor *Head) (Head, error) {
	return verifyWith(ctx, entries, anchor, nil)
}

func verifyWith(ctx context.Context, entries iter.Seq2[Entry, error], anchor *Head, kc *keyCheck) (Head, error) {
	v := NewVerifier(Genesis())
	n := 0
	for e, err := range entries {
		if err != nil {
			return v.Head(), fmt.Errorf("verify audit log: read after entry %d: %w", v.Head().Seq, err)
		}
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return v.Head(), fmt.Errorf("verify audit log: stopped after entry %d: %w", v.Head().Seq, err)
			}
		}
		if err := v.Next(e); err != nil {
			return v.Head(), err
		}
		if kc != nil {
			if err := kc.next(e); err != nil {
				return v.Head(), err
			}
		}
		if anchor != nil && e.Seq == anchor.Seq && e.Hash != anchor.Hash {
			return v.Head(), &ChainError{Seq: e.Seq, Expected: e.Seq, Kind: BreakAnchor}
		}
	}
	h := v.Head()
	if anchor != nil && h.Seq < anchor.Seq {
		return h, &ChainError{Seq: h.Seq + 1, Expected: h.Seq + 1, Kind: BreakTruncated}
	}
	return h, nil
}
