package audit

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// A keyed chain. The SHA-256 chain shows that the log was changed, but
// whoever can write the database can also recompute every hash after a
// change. With a key kept outside the database, each entry also carries a
// MAC: HMAC-SHA256 under the key over the entry's Hash. Since the Hash
// covers every field and the Hash before it, the MAC of one entry vouches
// for the whole log up to it; a rewrite needs the key.
//
// The MAC is not part of the canonical encoding: Hash and the chain are
// what they were, so a log begun before it was keyed verifies as before,
// and verifying with the key checks the MACs on top. A log is keyed from
// its first entry with a MAC on (the segment before is the unkeyed
// prefix); from there every entry must carry a valid MAC.
//
// Keys rotate: a key file holds the current key first and older keys
// after it, each entry names its key by KeyID, so entries written under
// an older key still verify.

// macMagic opens every MAC's input: it names the scheme.
const macMagic = "toren-audit-mac-v1\x00"

// keyIDMagic opens the input of a key's ID.
const keyIDMagic = "toren-audit-key-id-v1\x00"

// Key is a secret key of the audit chain.
type Key struct {
	// ID names the key in the entries it signed: the first 16 hex digits
	// of SHA-256 over the key, which says nothing useful about it.
	ID     string
	secret []byte
}

// NewKey returns the key for secret (at least 32 bytes).
func NewKey(secret []byte) (Key, error) {
	if len(secret) < 32 {
		return Key{}, fmt.Errorf("audit key: %d bytes; want at least 32 (64 hex digits)", len(secret))
	}
	sum := sha256.Sum256(append([]byte(keyIDMagic), secret...))
	return Key{ID: hex.EncodeToString(sum[:8]), secret: bytes.Clone(secret)}, nil
}

// MAC returns the keyed hash of e under k: hex HMAC-SHA256 over e.Hash.
func (k Key) MAC(e Entry) string {
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte(macMagic))
	m.Write([]byte(e.Hash))
	return hex.EncodeToString(m.Sum(nil))
}

// Keyring is the keys of a key file: the first signs new entries, all
// verify.
type Keyring struct {
	keys []Key
}

// ParseKeyring reads a key file: one key per line as hex (64 digits or
// more), the current key first; blank lines and lines starting with #
// are ignored.
func ParseKeyring(data []byte) (Keyring, error) {
	var r Keyring
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		secret, err := hex.DecodeString(line)
		if err != nil {
			return Keyring{}, fmt.Errorf("audit key file, line %d: not hex digits", n)
		}
		k, err := NewKey(secret)
		if err != nil {
			return Keyring{}, fmt.Errorf("audit key file, line %d: %w", n, err)
		}
		if _, dup := r.byID(k.ID); dup {
			return Keyring{}, fmt.Errorf("audit key file, line %d: the same key twice", n)
		}
		r.keys = append(r.keys, k)
	}
	if err := sc.Err(); err != nil {
		return Keyring{}, fmt.Errorf("audit key file: %w", err)
	}
	if len(r.keys) == 0 {
		return Keyring{}, fmt.Errorf("audit key file holds no key")
	}
	return r, nil
}

// Empty reports whether the ring has no key (no keyed chain).
func (r Keyring) Empty() bool { return len(r.keys) == 0 }

// Current is the key new entries are signed with.
func (r Keyring) Current() Key { return r.keys[0] }

func (r Keyring) byID(id string) (Key, bool) {
	for _, k := range r.keys {
		if k.ID == id {
			return k, true
		}
	}
	return Key{}, false
}

// Sign sets e's KeyID and MAC under the current key; e must be chained
// (its Hash set). An empty ring leaves e unkeyed.
func (r Keyring) Sign(e Entry) Entry {
	if r.Empty() {
		return e
	}
	k := r.Current()
	e.KeyID, e.MAC = k.ID, k.MAC(e)
	return e
}

// KeyReport says what a keyed verification found.
type KeyReport struct {
	// Unkeyed counts the entries before the first keyed one (written
	// before the log was keyed).
	Unkeyed int64
	// FirstKeyed is the Seq of the first keyed entry (0: none).
	FirstKeyed int64
	// Keyed counts the keyed entries, ByKey per key ID.
	Keyed int64
	ByKey map[string]int64
}

func (r KeyReport) String() string {
	if r.FirstKeyed == 0 {
		return "no keyed entries"
	}
	return fmt.Sprintf("keyed from entry %d: %d keyed entries (%d keys), %d before", r.FirstKeyed, r.Keyed, len(r.ByKey), r.Unkeyed)
}

// keyCheck follows the MACs of a log in Seq order.
type keyCheck struct {
	ring   Keyring
	report KeyReport
}

func (c *keyCheck) next(e Entry) *ChainError {
	if e.MAC == "" && e.KeyID == "" {
		if c.report.FirstKeyed != 0 {
			return &ChainError{Seq: e.Seq, Expected: e.Seq, Kind: BreakUnkeyed}
		}
		c.report.Unkeyed++
		return nil
	}
	k, ok := c.ring.byID(e.KeyID)
	if !ok {
		return &ChainError{Seq: e.Seq, Expected: e.Seq, Kind: BreakUnknownKey}
	}
	if !hmac.Equal([]byte(k.MAC(e)), []byte(e.MAC)) {
		return &ChainError{Seq: e.Seq, Expected: e.Seq, Kind: BreakMAC}
	}
	if c.report.FirstKeyed == 0 {
		c.report.FirstKeyed = e.Seq
	}
	c.report.Keyed++
	if c.report.ByKey == nil {
		c.report.ByKey = map[string]int64{}
	}
	c.report.ByKey[e.KeyID]++
	return nil
}
