package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Params are the argon2id cost parameters. They are stored inside every
// hash, so they can be raised later: old hashes still verify and
// NeedsRehash tells when to upgrade one at the next successful sign-in.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams returns m=64 MiB, t=3, p=2, a 16-byte salt and a 32-byte key.
//
// Why: OWASP's floor for argon2id is m=19 MiB, t=2, p=1; RFC 9106 §4 names
// m=64 MiB, t=3 as its memory-constrained choice. Toren signs in a few
// hundred staff a day, not thousands a second, so it can afford the
// stronger one: each guess at a leaked hash then costs an attacker 64 MiB
// and ~3 passes, which is what makes a stolen database slow to crack. p=2
// matches the two cores of a small server (Go runs the lanes in
// parallel), keeping a sign-in near 100 ms there. The memory a flood of
// sign-ins can take is bounded by the Hasher's concurrency limit.
func DefaultParams() Params {
	return Params{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}
}

// Bounds that a parsed hash must respect. They keep a corrupted or planted
// hash from making one sign-in take gigabytes or minutes.
const (
	minMemory  = 8 // argon2 needs at least 8 KiB per lane; checked per lane below
	maxMemory  = 1 << 20
	maxTime    = 64
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
)

// Validate reports whether p is usable.
func (p Params) Validate() error {
	switch {
	case p.Threads < 1:
		return fmt.Errorf("argon2id: threads must be at least 1")
	case p.Memory < minMemory*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("argon2id: memory %d KiB out of range [%d, %d]", p.Memory, minMemory*uint32(p.Threads), maxMemory)
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("argon2id: time %d out of range [1, %d]", p.Time, maxTime)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("argon2id: salt length %d out of range [%d, %d]", p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("argon2id: key length %d out of range [%d, %d]", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// PasswordHash is a parsed PHC string.
type PasswordHash struct {
	Params Params
	Salt   []byte
	Key    []byte
}

// ErrMalformedHash is wrapped by every ParseHash error.
var ErrMalformedHash = errors.New("malformed argon2id hash")

// b64 is the PHC string format's base64: standard alphabet, no padding,
// strict so that every hash has exactly one spelling.
var b64 = base64.RawStdEncoding.Strict()

// ParseHash parses "$argon2id$v=19$m=65536,t=3,p=2$<salt>$<key>". It is
// strict: other algorithms or versions, extra or reordered parameters,
// leading zeros, padding and out-of-range values are refused, so that a
// parsed hash re-encodes to exactly its input.
func ParseHash(encoded string) (PasswordHash, error) {
	fail := func(why string) (PasswordHash, error) {
		return PasswordHash{}, fmt.Errorf("%w: %s", ErrMalformedHash, why)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return fail("want 5 $-separated fields")
	}
	if parts[1] != "argon2id" {
		return fail("algorithm is not argon2id")
	}
	if parts[2] != "v=19" {
		return fail("version is not 19")
	}
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return fail("want parameters m,t,p")
	}
	var nums [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		v, ok := strings.CutPrefix(kv[i], name)
		if !ok {
			return fail("want parameters m,t,p in that order")
		}
		n, ok := parseDecimal(v)
		if !ok {
			return fail("parameter " + name + " is not a plain decimal number")
		}
		nums[i] = n
	}
	if nums[0] > maxMemory || nums[1] > maxTime || nums[2] > 255 {
		return fail("parameter out of range")
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return fail("salt is not unpadded base64")
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil {
		return fail("hash is not unpadded base64")
	}
	h := PasswordHash{
		Params: Params{
			Memory:  uint32(nums[0]),
			Time:    uint32(nums[1]),
			Threads: uint8(nums[2]),
			SaltLen: uint32(len(salt)),
			KeyLen:  uint32(len(key)),
		},
		Salt: salt,
		Key:  key,
	}
	if err := h.Params.Validate(); err != nil {
		return fail(err.Error())
	}
	return h, nil
}

// parseDecimal accepts 1 to 10 ASCII digits without a sign or leading zero.
func parseDecimal(s string) (uint64, bool) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil
}

// String encodes h as a PHC string.
func (h PasswordHash) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.Params.Memory, h.Params.Time, h.Params.Threads,
		b64.EncodeToString(h.Salt), b64.EncodeToString(h.Key))
}

// normalizePassword applies Unicode NFKC, as NIST SP 800-63B asks, so that
// "é" typed as one code point on one keyboard and as e + combining accent
// on another is the same password.
func normalizePassword(password string) []byte {
	return []byte(norm.NFKC.String(password))
}

// HashPassword hashes password with p and a fresh random salt and returns
// the PHC string to store. It does not apply the password policy.
func HashPassword(password string, p Params) (string, error) {
	if err := p.Validate(); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	salt := make([]byte, p.SaltLen)
	rand.Read(salt) // never fails since Go 1.24: it crashes the program instead
	key := argon2.IDKey(normalizePassword(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return PasswordHash{Params: p, Salt: salt, Key: key}.String(), nil
}

// VerifyPassword reports whether password matches the PHC string encoded.
// The comparison takes the same time wherever the keys differ. An error
// means the stored hash is malformed, not that the password is wrong.
func VerifyPassword(password, encoded string) (bool, error) {
	h, err := ParseHash(encoded)
	if err != nil {
		return false, fmt.Errorf("verify password: %w", err)
	}
	p := h.Params
	key := argon2.IDKey(normalizePassword(password), h.Salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(key, h.Key) == 1, nil
}

// NeedsRehash reports whether encoded was made with parameters other than
// p (or cannot be parsed), so that it should be replaced by a fresh hash
// the next time the user signs in with the right password.
func NeedsRehash(encoded string, p Params) bool {
	h, err := ParseHash(encoded)
	return err != nil || h.Params != p
}
