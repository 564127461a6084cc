package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"toren/internal/toren"
)

// Sign-in outcomes other than success. The sign-in page words them (and a
// ThrottledError) from the web's catalogue; it must not distinguish
// further.
var (
	// ErrInvalidCredentials covers an unknown user name, a disabled
	// account and a wrong password alike, so the answer does not reveal
	// which accounts exist.
	ErrInvalidCredentials = errors.New("invalid user name or password")
	// ErrTOTPRequired: the password was right; ask for the code and send
	// all credentials again.
	ErrTOTPRequired = errors.New("second factor code required")
	// ErrTOTPInvalid: the code was wrong, outside the time window or
	// already used.
	ErrTOTPInvalid = errors.New("second factor code invalid or already used")
)

// ThrottledError says the Limiter refused the attempt.
type ThrottledError struct {
	RetryAfter time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failed sign-in attempts; retry after %v", e.RetryAfter)
}

// LocalAccount is what LocalAuthenticator needs to know of a local account.
type LocalAccount struct {
	ID           string
	Username     string
	DisplayName  string
	Email        string
	PasswordHash string // PHC string
	TOTPSecret   string // base32; empty when no second factor is enrolled
	TOTPLastStep int64  // the step of the last accepted code, 0 if none
	Disabled     bool
}

// LocalAccounts is the storage LocalAuthenticator needs.
type LocalAccounts interface {
	// LocalAccount returns the account with this user name, compared
	// case-insensitively; found is false when there is none.
	LocalAccount(ctx context.Context, username string) (acct LocalAccount, found bool, err error)
	// UseTOTPStep stores step as the account's last used TOTP step only if
	// it is greater than the stored one, in one statement
	// (UPDATE … SET totp_last_step = $step WHERE id = $id AND totp_last_step < $step),
	// and reports whether it did. This makes a code single-use even when
	// two sign-ins race.
	UseTOTPStep(ctx context.Context, accountID string, step int64) (bool, error)
	// SetPasswordHash replaces the account's password hash (an upgrade to
	// the current parameters after a successful sign-in).
	SetPasswordHash(ctx context.Context, accountID, encoded string) error
}

// LocalAuthenticator signs users in with Toren's own accounts: password,
// then TOTP when the account has it enrolled. It throttles every attempt,
// spends the same hashing time on unknown accounts as on known ones and
// upgrades old password hashes on the fly.
//
// Whether an account without a second factor may do anything is policy,
// not authentication: the Identity it returns says so (MultiFactor), and
// the web layer sends such a user to TOTP enrolment first.
type LocalAuthenticator struct {
	accounts LocalAccounts
	hasher   *Hasher
	limiter  *Limiter
	clock    toren.Clock
	log      *slog.Logger
}

var _ PasswordAuthenticator = (*LocalAuthenticator)(nil)

// NewLocalAuthenticator wires a LocalAuthenticator; log may be nil.
func NewLocalAuthenticator(accounts LocalAccounts, hasher *Hasher, limiter *Limiter, clock toren.Clock, log *slog.Logger) *LocalAuthenticator {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &LocalAuthenticator{accounts: accounts, hasher: hasher, limiter: limiter, clock: clock, log: log}
}

// Authenticate checks c and returns the Identity of the account. Errors:
// *ThrottledError, ErrInvalidCredentials, ErrTOTPRequired, ErrTOTPInvalid,
// or a wrapped storage/context error (show a generic failure).
func (a *LocalAuthenticator) Authenticate(ctx context.Context, c Credentials) (Identity, error) {
	att, d := a.limiter.Begin(c.Username, c.ClientIP)
	if !d.Allowed {
		return Identity{}, &ThrottledError{RetryAfter: d.RetryAfter}
	}
	defer att.Fail() // every return below that is not settled otherwise is a failure

	acct, found, err := a.accounts.LocalAccount(ctx, c.Username)
	if err != nil {
		att.Release() // our fault, not the user's
		return Identity{}, fmt.Errorf("sign in: look up account: %w", err)
	}
	if !found || acct.Disabled {
		if err := a.hasher.VerifyDummy(ctx, c.Password); err != nil {
			att.Release()
			return Identity{}, fmt.Errorf("sign in: %w", err)
		}
		return Identity{}, ErrInvalidCredentials
	}
	ok, rehash, err := a.hasher.Verify(ctx, c.Password, acct.PasswordHash)
	if err != nil {
		att.Release()
		return Identity{}, fmt.Errorf("sign in account %s: %w", acct.ID, err)
	}
	if !ok {
		return Identity{}, ErrInvalidCredentials
	}

	methods := []string{"pwd"}
	if acct.TOTPSecret != "" {
		if strings.TrimSpace(c.TOTPCode) == "" {
			att.Release() // proves nothing yet; Release does not reset the count of wrong codes
			return Identity{}, ErrTOTPRequired
		}
		step, ok := VerifyTOTP(acct.TOTPSecret, c.TOTPCode, a.clock.Now(), acct.TOTPLastStep)
		if !ok {
			return Identity{}, ErrTOTPInvalid
		}
		stored, err := a.accounts.UseTOTPStep(ctx, acct.ID, step)
		if err != nil {
			att.Release()
			return Identity{}, fmt.Errorf("sign in account %s: store totp step: %w", acct.ID, err)
		}
		if !stored {
			return Identity{}, ErrTOTPInvalid // a concurrent sign-in spent this code
		}
		methods = append(methods, "otp", "mfa")
	}

	att.Succeed()
	if rehash {
		a.upgradeHash(ctx, acct.ID, c.Password)
	}
	return Identity{
		Provider:    ProviderLocal,
		Subject:     acct.ID,
		Username:    acct.Username,
		DisplayName: acct.DisplayName,
		Email:       acct.Email,
		AuthTime:    a.clock.Now(),
		Methods:     methods,
	}, nil
}

// upgradeHash replaces an old-parameter hash. A failure is only logged:
// the user proved who they are, and the next sign-in tries again.
func (a *LocalAuthenticator) upgradeHash(ctx context.Context, accountID, password string) {
	encoded, err := a.hasher.Hash(ctx, password)
	if err == nil {
		err = a.accounts.SetPasswordHash(ctx, accountID, encoded)
	}
	if err != nil {
		a.log.WarnContext(ctx, "password hash upgrade failed", "account", accountID, "err", err)
	}
}
