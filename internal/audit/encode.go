package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// GenesisHash is the PrevHash of the first entry: SHA-256 of the text
// "toren audit genesis v1", in hex. A fixed, documented value, so that an
// auditor's own script can check the first link too.
const GenesisHash = "a6347770598cf83cfcf23b4e0d55e2683850cb1ca8bddff4a372a2472a0695a3"

// encodingMagic opens every encoding: it names the format version, so a
// future change of fields cannot produce colliding encodings with v1.
const encodingMagic = "toren-audit-v1\x00"

// AppendCanonical appends the canonical encoding of e (all fields except
// Hash) to dst. The format, simple enough to re-implement in an auditor's
// script, is:
//
//	"toren-audit-v1\x00"
//	Seq                    8 bytes, big-endian two's complement
//	At                     text: UTC, RFC 3339 with nanoseconds, trailing zeros trimmed
//	ActorID, ActorName, Role, OnBehalfOf, Action, ObjectType, ObjectID
//	                       text each
//	PersonIDs              4-byte big-endian count, then 8 bytes big-endian each
//	Reason, Outcome, Origin, PrevHash
//	                       text each
//
// where text is a 4-byte big-endian byte length followed by the UTF-8
// bytes. Because every field has a fixed place and a length, two entries
// that differ in any field (other than Hash) never encode the same; nil
// and empty PersonIDs are the same value.
func AppendCanonical(dst []byte, e Entry) []byte {
	dst = append(dst, encodingMagic...)
	dst = binary.BigEndian.AppendUint64(dst, uint64(e.Seq))
	// The time is formatted in place: reserve its length, then patch it.
	lenAt := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	dst = e.At.UTC().AppendFormat(dst, time.RFC3339Nano)
	binary.BigEndian.PutUint32(dst[lenAt:], uint32(len(dst)-lenAt-4))
	for _, s := range []string{e.ActorID, e.ActorName, e.Role, e.OnBehalfOf, e.Action, e.ObjectType, e.ObjectID} {
		dst = appendText(dst, s)
	}
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(e.PersonIDs)))
	for _, id := range e.PersonIDs {
		dst = binary.BigEndian.AppendUint64(dst, uint64(id))
	}
	for _, s := range []string{e.Reason, e.Outcome, e.Origin, e.PrevHash} {
		dst = appendText(dst, s)
	}
	return dst
}

func appendText(dst []byte, s string) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(s)))
	return append(dst, s...)
}

// HashEntry returns the hex SHA-256 of e's canonical encoding: the value
// e.Hash must hold.
func HashEntry(e Entry) string {
	return hashWithBuffer(e, nil)
}

// hashWithBuffer is HashEntry reusing buf's memory, for Verify's loop.
func hashWithBuffer(e Entry, buf *[]byte) string {
	var b []byte
	if buf != nil {
		b = (*buf)[:0]
	} else {
		b = make([]byte, 0, 512)
	}
	b = AppendCanonical(b, e)
	if buf != nil {
		*buf = b
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
