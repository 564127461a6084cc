package auth

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"toren/internal/toren"
)

// fakeAccounts is an in-memory LocalAccounts.
type fakeAccounts struct {
	mu        sync.Mutex
	byName    map[string]*LocalAccount
	lookupErr error
	loseRace  bool // UseTOTPStep reports that another sign-in stored first
	setHashes int
	lookups   int
}

func (f *fakeAccounts) LocalAccount(_ context.Context, username string) (LocalAccount, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lookups++
	if f.lookupErr != nil {
		return LocalAccount{}, false, f.lookupErr
	}
	a, ok := f.byName[strings.ToLower(username)]
	if !ok {
		return LocalAccount{}, false, nil
	}
	return *a, true, nil
}

func (f *fakeAccounts) UseTOTPStep(_ context.Context, id string, step int64) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.loseRace {
		return false, nil
	}
	for _, a := range f.byName {
		if a.ID == id && a.TOTPLastStep < step {
			a.TOTPLastStep = step
			return true, nil
		}
	}
	return false, nil
}

func (f *fakeAccounts) SetPasswordHash(_ context.Context, id, encoded string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.byName {
		if a.ID == id {
			a.PasswordHash = encoded
			f.setHashes++
		}
	}
	return nil
}

const alicePassword = "paars gras fietst langzaam"

type localFixture struct {
	auth     *LocalAuthenticator
	accounts *fakeAccounts
	clock    *toren.FixedClock
	secret   string
}

func newLocalFixture(t *testing.T) localFixture {
	t.Helper()
	h, err := NewHasher(testParams, 2)
	if err != nil {
		t.Fatal(err)
	}
	hash := func(pw string) string {
		s, err := HashPassword(pw, testParams)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	key, err := NewTOTPKey("Toren", "bob")
	if err != nil {
		t.Fatal(err)
	}
	accounts := &fakeAccounts{byName: map[string]*LocalAccount{
		"alice": {ID: "1", Username: "alice", DisplayName: "Alice de Vries", PasswordHash: hash(alicePassword)},
		"bob":   {ID: "2", Username: "bob", PasswordHash: hash(alicePassword), TOTPSecret: key.Secret},
		"carol": {ID: "3", Username: "carol", PasswordHash: hash(alicePassword), Disabled: true},
	}}
	clock := toren.NewFixedClock(time.Date(2026, 2, 1, 23, 15, 0, 0, time.UTC))
	lim := NewLimiter(clock, LimiterConfig{})
	return localFixture{NewLocalAuthenticator(accounts, h, lim, clock, nil), accounts, clock, key.Secret}
}

func (fx localFixture) code(t *testing.T, offset int64) string {
	c, err := TOTPCode(fx.secret, TOTPStep(fx.clock.Now())+offset)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLocalAuthenticatePassword(t *testing.T) {
	fx := newLocalFixture(t)
	ctx := context.Background()
	id, err := fx.auth.Authenticate(ctx, Credentials{Username: "Alice", Password: alicePassword, ClientIP: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	want := Identity{Provider: ProviderLocal, Subject: "1", Username: "alice", DisplayName: "Alice de Vries",
		AuthTime: fx.clock.Now(), Methods: []string{"pwd"}}
	if id.Provider != want.Provider || id.Subject != want.Subject || id.Username != want.Username ||
		id.DisplayName != want.DisplayName || !id.AuthTime.Equal(want.AuthTime) || !slices.Equal(id.Methods, want.Methods) {
		t.Errorf("identity = %+v, want %+v", id, want)
	}
	if id.MultiFactor() {
		t.Error("password-only sign-in reported as multi-factor")
	}
}

func TestLocalAuthenticateFailuresLookAlike(t *testing.T) {
	for _, c := range []Credentials{
		{Username: "alice", Password: "verkeerd wachtwoord"},
		{Username: "nobody", Password: alicePassword},
		{Username: "carol", Password: alicePassword}, // disabled, right password
		{Username: "alice", Password: ""},
	} {
		fx := newLocalFixture(t)
		c.ClientIP = "192.0.2.1"
		var errs []error
		for range 6 {
			_, err := fx.auth.Authenticate(context.Background(), c)
			errs = append(errs, err)
		}
		for i, err := range errs[:5] {
			if !errors.Is(err, ErrInvalidCredentials) {
				t.Errorf("%s attempt %d: err = %v, want ErrInvalidCredentials", c.Username, i+1, err)
			}
		}
		var th *ThrottledError
		if !errors.As(errs[5], &th) || th.RetryAfter != 15*time.Minute {
			t.Errorf("%s attempt 6: err = %v, want throttled for 15m", c.Username, errs[5])
		}
	}
}

func TestLocalAuthenticateTOTP(t *testing.T) {
	fx := newLocalFixture(t)
	ctx := context.Background()
	creds := Credentials{Username: "bob", Password: alicePassword, ClientIP: "192.0.2.1"}

	if _, err := fx.auth.Authenticate(ctx, creds); !errors.Is(err, ErrTOTPRequired) {
		t.Fatalf("without code: err = %v, want ErrTOTPRequired", err)
	}
	wrongPw := creds
	wrongPw.Password, wrongPw.TOTPCode = "verkeerd wachtwoord", fx.code(t, 0)
	if _, err := fx.auth.Authenticate(ctx, wrongPw); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("wrong password with right code: err = %v", err)
	}

	creds.TOTPCode = fx.code(t, 0)
	id, err := fx.auth.Authenticate(ctx, creds)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(id.Methods, []string{"pwd", "otp", "mfa"}) || !id.MultiFactor() {
		t.Errorf("methods = %v, want pwd otp mfa", id.Methods)
	}
	if got := fx.accounts.byName["bob"].TOTPLastStep; got != TOTPStep(fx.clock.Now()) {
		t.Errorf("stored last step = %d", got)
	}
	if _, err := fx.auth.Authenticate(ctx, creds); !errors.Is(err, ErrTOTPInvalid) {
		t.Errorf("replayed code: err = %v, want ErrTOTPInvalid", err)
	}
	fx.clock.Advance(30 * time.Second)
	creds.TOTPCode = fx.code(t, 0)
	if _, err := fx.auth.Authenticate(ctx, creds); err != nil {
		t.Errorf("next step's code refused: %v", err)
	}
}

func TestLocalAuthenticateTOTPRace(t *testing.T) {
	fx := newLocalFixture(t)
	fx.accounts.loseRace = true
	_, err := fx.auth.Authenticate(context.Background(), Credentials{Username: "bob", Password: alicePassword, TOTPCode: fx.code(t, 0)})
	if !errors.Is(err, ErrTOTPInvalid) {
		t.Errorf("code spent by a concurrent sign-in: err = %v, want ErrTOTPInvalid", err)
	}
}

// An attacker who knows the password must not get unlimited code guesses
// by slipping code-less requests (which succeed at the password step) in
// between.
func TestLocalAuthenticateTOTPGuessingIsThrottled(t *testing.T) {
	fx := newLocalFixture(t)
	ctx := context.Background()
	wrong := "000000"
	if wrong == fx.code(t, -1) || wrong == fx.code(t, 0) || wrong == fx.code(t, 1) {
		wrong = "111111"
	}
	var last error
	for i := range 8 {
		if i%2 == 1 {
			fx.auth.Authenticate(ctx, Credentials{Username: "bob", Password: alicePassword})
		}
		_, last = fx.auth.Authenticate(ctx, Credentials{Username: "bob", Password: alicePassword, TOTPCode: wrong})
	}
	var th *ThrottledError
	if !errors.As(last, &th) {
		t.Errorf("after 8 wrong codes: err = %v, want throttled", last)
	}
}

func TestLocalAuthenticateUpgradesHash(t *testing.T) {
	fx := newLocalFixture(t)
	old, _ := HashPassword(alicePassword, Params{Memory: 32, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	fx.accounts.byName["alice"].PasswordHash = old
	if _, err := fx.auth.Authenticate(context.Background(), Credentials{Username: "alice", Password: alicePassword}); err != nil {
		t.Fatal(err)
	}
	h := fx.accounts.byName["alice"].PasswordHash
	if fx.accounts.setHashes != 1 || NeedsRehash(h, testParams) {
		t.Errorf("hash not upgraded: %d updates, now %q", fx.accounts.setHashes, h)
	}
	if ok, _ := VerifyPassword(alicePassword, h); !ok {
		t.Error("upgraded hash does not verify")
	}
	fx.auth.Authenticate(context.Background(), Credentials{Username: "alice", Password: alicePassword})
	if fx.accounts.setHashes != 1 {
		t.Error("a current hash was rewritten")
	}
}

func TestLocalAuthenticateStorageErrorIsNotAFailure(t *testing.T) {
	fx := newLocalFixture(t)
	boom := errors.New("database down")
	fx.accounts.lookupErr = boom
	for range 10 {
		_, err := fx.auth.Authenticate(context.Background(), Credentials{Username: "alice", Password: alicePassword})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want wrapped storage error", err)
		}
	}
	fx.accounts.lookupErr = nil
	if _, err := fx.auth.Authenticate(context.Background(), Credentials{Username: "alice", Password: alicePassword}); err != nil {
		t.Errorf("after an outage the user is locked out: %v", err)
	}
}

func TestLocalAuthenticateThrottledSkipsLookup(t *testing.T) {
	fx := newLocalFixture(t)
	for range 5 {
		fx.auth.Authenticate(context.Background(), Credentials{Username: "alice", Password: "x"})
	}
	before := fx.accounts.lookups
	fx.auth.Authenticate(context.Background(), Credentials{Username: "alice", Password: alicePassword})
	if fx.accounts.lookups != before {
		t.Error("a throttled attempt still looked the account up (and hashed)")
	}
}

func TestIdentityMultiFactor(t *testing.T) {
	for _, tc := range []struct {
		methods []string
		want    bool
	}{
		{nil, false},
		{[]string{"pwd"}, false},
		{[]string{"otp"}, false},
		{[]string{"pwd", "otp"}, true},
		{[]string{"pwd", "hwk"}, true},
		{[]string{"mfa"}, true},
	} {
		if got := (Identity{Methods: tc.methods}).MultiFactor(); got != tc.want {
			t.Errorf("MultiFactor(%v) = %v, want %v", tc.methods, got, tc.want)
		}
	}
}
