package audit

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// Anchor is a head written outside the database at a moment: a copy of
// the chain's end that whoever can change the database cannot change too.
// Each anchor pins the log: it must still reach Seq and hold Hash there,
// so cutting the log short, wiping it, or rewriting any entry up to Seq
// (and the in-database head with it) no longer goes unnoticed.
type Anchor struct {
	At   time.Time
	Head Head
}

// String is the anchor's line in an anchor file:
// "2026-12-07T04:30:00Z toren-audit-head 1234 <hash>".
func (a Anchor) String() string {
	return a.At.UTC().Format(time.RFC3339) + " " + a.Head.String()
}

// ParseAnchors reads an anchor file: one anchor a line, blank lines and
// lines starting with # ignored. A malformed line is an error naming it:
// an anchor file that cannot be read proves nothing.
func ParseAnchors(r io.Reader) ([]Anchor, error) {
	var out []Anchor
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		at, rest, ok := strings.Cut(line, " ")
		if !ok {
			return nil, fmt.Errorf("anchor file line %d: want \"<time> toren-audit-head <seq> <hash>\"", n)
		}
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return nil, fmt.Errorf("anchor file line %d: time: %w", n, err)
		}
		h, err := ParseHead(rest)
		if err != nil {
			return nil, fmt.Errorf("anchor file line %d: %w", n, err)
		}
		out = append(out, Anchor{At: t, Head: h})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read anchor file: %w", err)
	}
	return out, nil
}

// CheckAnchors compares anchors with the log, whose chain has been
// verified up to head: hashOf returns the stored hash of the entry with a
// sequence number (ok false when there is none). The first anchor the log
// does not honour is the error.
func CheckAnchors(head Head, anchors []Anchor, hashOf func(seq int64) (hash string, ok bool, err error)) error {
	for _, a := range anchors {
		if a.Head.Seq == 0 {
			continue
		}
		if a.Head.Seq > head.Seq {
			return fmt.Errorf("the audit log ends at entry %d, but the anchor of %s names entry %d: entries were removed",
				head.Seq, a.At.UTC().Format(time.RFC3339), a.Head.Seq)
		}
		hash, ok, err := hashOf(a.Head.Seq)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("entry %d, named by the anchor of %s, is missing from the audit log", a.Head.Seq, a.At.UTC().Format(time.RFC3339))
		}
		if hash != a.Head.Hash {
			return fmt.Errorf("entry %d differs from the anchor of %s: the audit log was rewritten up to there", a.Head.Seq, a.At.UTC().Format(time.RFC3339))
		}
	}
	return nil
}
