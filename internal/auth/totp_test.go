package auth

import (
	"encoding/base32"
	"net/url"
	"strings"
	"testing"
	"time"
)

// rfcSecret is the RFC 6238 appendix B SHA-1 seed "12345678901234567890".
var rfcSecret = base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))

func TestTOTPCodeRFC6238Vectors(t *testing.T) {
	// RFC 6238 gives 8-digit codes; 6-digit codes are their last 6 digits.
	for _, tc := range []struct {
		unix int64
		want string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
		{20000000000, "353130"},
	} {
		got, err := TOTPCode(rfcSecret, TOTPStep(time.Unix(tc.unix, 0)))
		if err != nil || got != tc.want {
			t.Errorf("code at %d = %q, %v; want %q", tc.unix, got, err, tc.want)
		}
	}
}

func TestVerifyTOTP(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)
	cur := TOTPStep(now)
	code := func(step int64) string {
		c, err := TOTPCode(rfcSecret, step)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	cases := []struct {
		name     string
		secret   string
		code     string
		last     int64
		wantStep int64 // 0 = refused
	}{
		{"current step", rfcSecret, code(cur), 0, cur},
		{"one step back", rfcSecret, code(cur - 1), 0, cur - 1},
		{"one step ahead", rfcSecret, code(cur + 1), 0, cur + 1},
		{"two steps back", rfcSecret, code(cur - 2), 0, 0},
		{"two steps ahead", rfcSecret, code(cur + 2), 0, 0},
		{"replay of the last used step", rfcSecret, code(cur), cur, 0},
		{"older than the last used step", rfcSecret, code(cur - 1), cur, 0},
		{"next step after the last used", rfcSecret, code(cur + 1), cur, cur + 1},
		{"typed with a space", rfcSecret, code(cur)[:3] + " " + code(cur)[3:], 0, cur},
		{"typed with a dash", rfcSecret, code(cur)[:3] + "-" + code(cur)[3:], 0, cur},
		{"lowercase unpadded secret", "gezdgnbvgy3tqojqgezdgnbvgy3tqojq", code(cur), 0, cur},
		{"five digits", rfcSecret, code(cur)[:5], 0, 0},
		{"seven digits", rfcSecret, code(cur) + "0", 0, 0},
		{"letters", rfcSecret, "12a456", 0, 0},
		{"non-ASCII digits", rfcSecret, "１２３４５６", 0, 0},
		{"empty code", rfcSecret, "", 0, 0},
		{"empty secret", "", code(cur), 0, 0},
		{"short secret", base32.StdEncoding.EncodeToString([]byte("0123456789")), code(cur), 0, 0},
		{"invalid base32 secret", "not*base32!", code(cur), 0, 0},
	}
	for _, tc := range cases {
		step, ok := VerifyTOTP(tc.secret, tc.code, now, tc.last)
		if ok != (tc.wantStep != 0) || step != tc.wantStep {
			t.Errorf("%s: VerifyTOTP = %d, %v; want %d", tc.name, step, ok, tc.wantStep)
		}
	}
}

func TestVerifyTOTPWrongCodeForEveryOtherValue(t *testing.T) {
	// Among a block of codes, only the three in the window are accepted.
	now := time.Unix(1_800_000_000, 0)
	accepted := 0
	for i := 0; i < 2000; i++ {
		c := []byte("000000")
		for j, n := 5, i; j >= 0; j, n = j-1, n/10 {
			c[j] = byte('0' + n%10)
		}
		if _, ok := VerifyTOTP(rfcSecret, string(c), now, 0); ok {
			accepted++
		}
	}
	valid := map[string]bool{}
	for s := TOTPStep(now) - 1; s <= TOTPStep(now)+1; s++ {
		c, _ := TOTPCode(rfcSecret, s)
		if c < "002000" {
			valid[c] = true
		}
	}
	if accepted != len(valid) {
		t.Errorf("accepted %d codes below 002000, want %d", accepted, len(valid))
	}
}

func TestNewTOTPKey(t *testing.T) {
	k, err := NewTOTPKey("Toren VT Utrecht", "j.devries")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(k.Secret)
	if err != nil || len(raw) != 20 {
		t.Fatalf("secret %q decodes to %d bytes (%v), want 20", k.Secret, len(raw), err)
	}
	u, err := url.Parse(k.URI)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || q.Get("secret") != k.Secret ||
		q.Get("issuer") != "Toren VT Utrecht" || q.Get("algorithm") != "SHA1" ||
		q.Get("digits") != "6" || q.Get("period") != "30" || u.Path != "/Toren VT Utrecht:j.devries" {
		t.Errorf("unexpected URI %q", k.URI)
	}
	now := time.Now()
	c, _ := TOTPCode(k.Secret, TOTPStep(now))
	if _, ok := VerifyTOTP(k.Secret, c, now, 0); !ok {
		t.Error("a code from a fresh key does not verify")
	}
	k2, _ := NewTOTPKey("Toren VT Utrecht", "j.devries")
	if k2.Secret == k.Secret {
		t.Error("two keys share a secret")
	}
	if _, err := NewTOTPKey("", "x"); err == nil {
		t.Error("empty issuer accepted")
	}
}

func FuzzVerifyTOTP(f *testing.F) {
	f.Add(rfcSecret, "287082", int64(59), int64(0))
	f.Add("", "", int64(0), int64(0))
	f.Add("gezdgnbvgy3tqojq====", "12 34 56", int64(1_800_000_000), int64(59_999_999))
	f.Fuzz(func(t *testing.T, secret, code string, unix, last int64) {
		if unix < 0 || unix > 1<<40 {
			return
		}
		now := time.Unix(unix, 0)
		step, ok := VerifyTOTP(secret, code, now, last)
		if !ok {
			if step != 0 {
				t.Fatalf("refused but step = %d", step)
			}
			return
		}
		cur := TOTPStep(now)
		if step <= last || step < cur-1 || step > cur+1 {
			t.Fatalf("accepted step %d with last %d at step %d", step, last, cur)
		}
		want, err := TOTPCode(secret, step)
		typed := strings.NewReplacer(" ", "", "-", "").Replace(code)
		if err != nil || typed != want {
			t.Fatalf("accepted code %q for secret %q at step %d, whose code is %q (%v)", code, secret, step, want, err)
		}
	})
}
