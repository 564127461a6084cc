package auth

import (
	"context"
	"crypto/rand"
	"fmt"
)

// MaxPasswordBytes is the longest input the Hasher will hash. The policy
// allows 256 characters (at most 1 KiB of UTF-8); longer input cannot be
// a valid password and is refused before any work is done.
const MaxPasswordBytes = 1024

// Hasher hashes and verifies passwords with fixed parameters and a bound on
// how many hashes run at once. Each argon2id hash holds Params.Memory for
// its duration, so without the bound a burst of sign-in requests could
// take all memory; with it, they queue (and give up when ctx ends).
type Hasher struct {
	params Params
	slots  chan struct{}
	dummy  string // hash of a random password, verified for unknown accounts
}

// NewHasher returns a Hasher for p that runs at most maxConcurrent hashes
// at once (at least 1). It computes one hash up front for VerifyDummy.
func NewHasher(p Params, maxConcurrent int) (*Hasher, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("new hasher: %w", err)
	}
	maxConcurrent = max(maxConcurrent, 1)
	dummy, err := HashPassword(rand.Text(), p)
	if err != nil {
		return nil, fmt.Errorf("new hasher: %w", err)
	}
	return &Hasher{params: p, slots: make(chan struct{}, maxConcurrent), dummy: dummy}, nil
}

// Params returns the parameters new hashes get.
func (h *Hasher) Params() Params { return h.params }

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for password hasher: %w", ctx.Err())
	}
}

func (h *Hasher) release() { <-h.slots }

// Hash returns the PHC string for password.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if len(password) > MaxPasswordBytes {
		return "", fmt.Errorf("hash password: longer than %d bytes", MaxPasswordBytes)
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	return HashPassword(password, h.params)
}

// Verify reports whether password matches encoded and, when it does,
// whether encoded should be replaced by a hash with the current parameters.
// An error means the stored hash is malformed or ctx ended.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (ok, rehash bool, err error) {
	if len(password) > MaxPasswordBytes {
		return false, false, nil
	}
	if err := h.acquire(ctx); err != nil {
		return false, false, err
	}
	defer h.release()
	ok, err = VerifyPassword(password, encoded)
	if err != nil || !ok {
		return false, false, err
	}
	return true, NeedsRehash(encoded, h.params), nil
}

// VerifyDummy spends the time of one Verify and always fails. Sign-in
// calls it for an unknown or disabled account, so the response time does
// not tell an attacker which account names exist.
func (h *Hasher) VerifyDummy(ctx context.Context, password string) error {
	_, _, err := h.Verify(ctx, password, h.dummy)
	return err
}
