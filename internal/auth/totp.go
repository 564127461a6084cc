package auth

import (
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// TOTP settings, fixed to what every authenticator app understands
// (RFC 6238 defaults; Google Authenticator ignores anything else).
const (
	totpPeriod     = 30 // seconds per time step
	totpDigits     = otp.DigitsSix
	totpSecretSize = 20 // bytes: 160 bits, the HMAC-SHA1 block RFC 4226 recommends
	totpSkew       = 1  // steps accepted either side of now, for clock drift and typing time
)

// TOTPKey is a freshly generated second factor: the base32 secret to
// store (encrypted) with the account, and the otpauth:// URI to show as a
// QR code once during enrolment.
type TOTPKey struct {
	Secret string
	URI    string
}

// NewTOTPKey generates a random TOTP secret for account at issuer (the
// name the authenticator app shows, e.g. "Toren Veilig Thuis Utrecht").
func NewTOTPKey(issuer, account string) (TOTPKey, error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      totpPeriod,
		SecretSize:  totpSecretSize,
		Digits:      totpDigits,
		Algorithm:   otp.AlgorithmSHA1,
	})
	if err != nil {
		return TOTPKey{}, fmt.Errorf("new totp key for %q: %w", account, err)
	}
	return TOTPKey{Secret: key.Secret(), URI: key.URL()}, nil
}

// TOTPStep returns the RFC 6238 time step that contains t.
func TOTPStep(t time.Time) int64 {
	return t.Unix() / totpPeriod // Unix times before 1970 do not occur here
}

// TOTPCode returns the code for secret at step (for tests and enrolment
// checks; users get theirs from their app).
func TOTPCode(secret string, step int64) (string, error) {
	if step < 0 {
		return "", fmt.Errorf("totp code: negative step %d", step)
	}
	code, err := hotp.GenerateCodeCustom(secret, uint64(step),
		hotp.ValidateOpts{Digits: totpDigits, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", fmt.Errorf("totp code: %w", err)
	}
	return code, nil
}

// VerifyTOTP checks code against secret at now, accepting the steps one
// before and one after now's. It refuses replay: a code whose step is not
// after lastUsedStep (the step of the last code this account used, 0 if
// none) is rejected, even if correct. On success it returns the step to
// store as the new lastUsedStep; the caller must store it with a
// compare-and-set (only if greater than the stored value) so that two
// concurrent sign-ins cannot both spend one code. Spaces and dashes that
// people type inside a code are ignored.
//
// Six digits are guessable: failures must count towards sign-in
// throttling (see Limiter) exactly like wrong passwords.
func VerifyTOTP(secret, code string, now time.Time, lastUsedStep int64) (step int64, ok bool) {
	code = strings.NewReplacer(" ", "", "-", "").Replace(code)
	if len(code) != totpDigits.Length() || strings.Trim(code, "0123456789") != "" {
		return 0, false
	}
	if !validTOTPSecret(secret) {
		return 0, false
	}
	current := TOTPStep(now)
	found := int64(0)
	// Every candidate step is computed and compared in constant time, so the
	// time taken does not tell which step (if any) matched.
	for s := current - totpSkew; s <= current+totpSkew; s++ {
		want, err := TOTPCode(secret, s)
		if err != nil {
			return 0, false
		}
		match := subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1
		if match && s > lastUsedStep && found == 0 {
			found = s // the earliest unused step, so a later code stays usable
		}
	}
	return found, found != 0
}

// minTOTPSecretBytes is RFC 4226's floor for a shared secret (128 bits). It
// keeps an empty or truncated stored secret, whose codes anyone could
// compute, from ever verifying.
const minTOTPSecretBytes = 16

func validTOTPSecret(secret string) bool {
	s := strings.ToUpper(strings.TrimSpace(secret))
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(s, "="))
	return err == nil && len(b) >= minTOTPSecretBytes
}
