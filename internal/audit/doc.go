// Package audit is Toren's access and change log (NEN 7513): who did what
// to whose data, when, in which role and why. Entries are hash-chained so
// that changing, removing or reordering any of them is detected by Verify.
//
// # The chain
//
// Every entry's Hash is SHA-256 over a canonical encoding of all its
// fields, including PrevHash, the Hash of the entry before it. The first
// entry's PrevHash is GenesisHash. Seq numbers run 1, 2, 3, … without gaps.
// Changing a field breaks that entry's Hash; deleting an entry leaves a
// gap in Seq or, if the Seqs after it are renumbered, breaks the next
// entry's PrevHash; swapping two entries does both.
//
// # The tail, and anchors
//
// A chain alone cannot show that its last entries were deleted: what is
// left is still a valid chain. Nor that someone with write access rewrote
// the whole tail from some entry on, recomputing every hash. Both are
// caught by an anchor: a Head (Seq and Hash of an entry) kept where the
// database's users cannot change it. Keep anchors in two places:
//
//  1. a separate table, updated in the same transaction as each append,
//     which catches a careless or partial deletion of log rows; and
//  2. outside the database (an append-only file on another host, a syslog
//     or WORM bucket, or the head printed in a daily e-mail to the
//     privacy officer), written periodically. This is what defends
//     against an administrator who can edit everything in the database.
//
// VerifyWithAnchor checks that the chain reaches the anchor's Seq and that
// the entry there has the anchor's Hash; an older anchor is fine (entries
// appended after it are still verified by the chain). Head.String and
// ParseHead give the one-line text form for the anchor file.
//
// # A keyed chain
//
// Both anchors still let someone who can write the database and the
// anchor rewrite the log and chain it anew. With a key kept outside the
// database (key.go), every entry also carries HMAC-SHA256 over its Hash
// under the key; VerifyKeyed checks them, so a rewrite needs the key. The
// MAC is outside the canonical encoding: logs written before the key
// verify as they did.
//
// # Personal data in the log
//
// The log is itself personal data and is shown to data subjects (GDPR
// access): PersonIDs name whose data was touched. Never put a BSN, a name
// of a client or case content in ObjectID or Reason.
package audit
