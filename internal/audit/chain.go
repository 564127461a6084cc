package audit

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Head identifies the end of a chain: the Seq of its last entry (which is
// also the number of entries) and that entry's Hash. The Head of an empty
// chain is Genesis. A Head kept apart from the log is an anchor.
type Head struct {
	Seq  int64
	Hash string
}

// Genesis returns the Head of an empty log.
func Genesis() Head { return Head{Seq: 0, Hash: GenesisHash} }

// HeadOf returns the Head that e ends; the zero Entry gives Genesis, so
// Chain(Entry{}, first) starts a log.
func HeadOf(e Entry) Head {
	if e.Seq == 0 && e.Hash == "" {
		return Genesis()
	}
	return Head{Seq: e.Seq, Hash: e.Hash}
}

// Chain returns e as the entry after prev: Seq = prev.Seq+1, PrevHash =
// prev.Hash (GenesisHash after the zero Entry), At in UTC truncated to
// microseconds (what PostgreSQL and SQLite timestamps keep, so the stored
// entry hashes the same when read back), PersonIDs sorted without
// duplicates, and Hash computed. e itself is not modified.
func Chain(prev Entry, e Entry) Entry {
	return ChainAfter(HeadOf(prev), e)
}

// ChainAfter is Chain given only the previous Head, which is all a store
// needs to keep at hand.
func ChainAfter(h Head, e Entry) Entry {
	e.Seq = h.Seq + 1
	e.PrevHash = h.Hash
	e.At = e.At.UTC().Truncate(time.Microsecond)
	if len(e.PersonIDs) > 0 {
		ids := slices.Clone(e.PersonIDs)
		slices.Sort(ids)
		e.PersonIDs = slices.Compact(ids)
	}
	e.Hash = HashEntry(e)
	return e
}

// String returns the anchor's one-line text form, "toren-audit-head <seq> <hash>".
func (h Head) String() string {
	return fmt.Sprintf("toren-audit-head %d %s", h.Seq, h.Hash)
}

// ErrMalformedHead is wrapped by every ParseHead error.
var ErrMalformedHead = errors.New("malformed audit head")

// ParseHead parses Head.String's form (surrounding white space allowed),
// strictly: a non-negative decimal Seq without leading zeros and a
// 64-digit lowercase hex hash; Seq 0 must carry GenesisHash.
func ParseHead(s string) (Head, error) {
	fail := func(why string) (Head, error) {
		return Head{}, fmt.Errorf("%w: %s", ErrMalformedHead, why)
	}
	f := strings.Split(strings.TrimSpace(s), " ")
	if len(f) != 3 || f[0] != "toren-audit-head" {
		return fail(`want "toren-audit-head <seq> <hash>"`)
	}
	if f[1] == "" || (len(f[1]) > 1 && f[1][0] == '0') || strings.Trim(f[1], "0123456789") != "" {
		return fail("seq is not a plain decimal number")
	}
	seq, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return fail("seq out of range")
	}
	if !isHexHash(f[2]) {
		return fail("hash is not 64 lowercase hex digits")
	}
	if seq == 0 && f[2] != GenesisHash {
		return fail("seq 0 must carry the genesis hash")
	}
	return Head{Seq: seq, Hash: f[2]}, nil
}

func isHexHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
