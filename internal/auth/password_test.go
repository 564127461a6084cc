package auth

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// testParams are cheap so the suite stays fast; the code paths are the
// same as with DefaultParams.
var testParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashPasswordRoundTrip(t *testing.T) {
	const pw = "paars gras fietst langzaam"
	h1, err := HashPassword(pw, testParams)
	if err != nil {
		t.Fatal(err)
	}
	if !phcPattern.MatchString(h1) {
		t.Errorf("hash %q is not the expected PHC form", h1)
	}
	h2, _ := HashPassword(pw, testParams)
	if h1 == h2 {
		t.Error("two hashes of one password are equal: salt not random")
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{
		{pw, true},
		{pw + " ", false},
		{"Paars gras fietst langzaam", false},
		{"", false},
	} {
		ok, err := VerifyPassword(tc.pw, h1)
		if err != nil || ok != tc.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
}

// The argon2-cffi documentation's example hash: proves our PHC strings are
// interchangeable with the reference implementation (and migrations from
// other systems keep working).
func TestVerifyPasswordKnownAnswer(t *testing.T) {
	const ref = "$argon2id$v=19$m=65536,t=3,p=4$MIIRqgvgQbgj220jfp0MPA$YfwJSVjtjSU0zzV/P3S9nnQ/USre2wvJMjfCIjrTQbg"
	if ok, err := VerifyPassword("correct horse battery staple", ref); !ok || err != nil {
		t.Errorf("reference hash did not verify: %v, %v", ok, err)
	}
	if ok, _ := VerifyPassword("correct horse battery stapler", ref); ok {
		t.Error("reference hash verified a wrong password")
	}
}

func TestPasswordUnicodeNormalisation(t *testing.T) {
	composed := "caf\u00e9 op de hoek van de straat"
	decomposed := "cafe\u0301 op de hoek van de straat"
	h, err := HashPassword(composed, testParams)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := VerifyPassword(decomposed, h); !ok {
		t.Error("NFC and NFD spellings of one password did not match")
	}
}

func TestHashPasswordRejectsBadParams(t *testing.T) {
	for _, p := range []Params{
		{},
		{Memory: 64, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 7, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 9, SaltLen: 16, KeyLen: 32}, // < 8 KiB per lane
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 8},
		{Memory: maxMemory + 1, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
	} {
		if _, err := HashPassword("x", p); err == nil {
			t.Errorf("HashPassword with %+v succeeded", p)
		}
	}
	if err := DefaultParams().Validate(); err != nil {
		t.Errorf("default params invalid: %v", err)
	}
}

const validPHC = "$argon2id$v=19$m=65536,t=3,p=4$MIIRqgvgQbgj220jfp0MPA$YfwJSVjtjSU0zzV/P3S9nnQ/USre2wvJMjfCIjrTQbg"

func TestParseHash(t *testing.T) {
	h, err := ParseHash(validPHC)
	if err != nil {
		t.Fatal(err)
	}
	want := Params{Memory: 65536, Time: 3, Threads: 4, SaltLen: 16, KeyLen: 32}
	if h.Params != want {
		t.Errorf("params = %+v, want %+v", h.Params, want)
	}
	if got := h.String(); got != validPHC {
		t.Errorf("re-encoded = %q, want %q", got, validPHC)
	}
}

func TestParseHashRejectsMalformed(t *testing.T) {
	salt, key := "MIIRqgvgQbgj220jfp0MPA", "YfwJSVjtjSU0zzV/P3S9nnQ/USre2wvJMjfCIjrTQbg"
	mk := func(alg, ver, params, s, k string) string {
		return "$" + alg + "$" + ver + "$" + params + "$" + s + "$" + k
	}
	cases := map[string]string{
		"empty":             "",
		"no leading $":      strings.TrimPrefix(validPHC, "$"),
		"trailing $":        validPHC + "$",
		"argon2i":           mk("argon2i", "v=19", "m=65536,t=3,p=4", salt, key),
		"argon2d":           mk("argon2d", "v=19", "m=65536,t=3,p=4", salt, key),
		"bcrypt":            "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"version 16":        mk("argon2id", "v=16", "m=65536,t=3,p=4", salt, key),
		"no version":        "$argon2id$m=65536,t=3,p=4$" + salt + "$" + key,
		"reordered params":  mk("argon2id", "v=19", "t=3,m=65536,p=4", salt, key),
		"extra param":       mk("argon2id", "v=19", "m=65536,t=3,p=4,keyid=1", salt, key),
		"missing param":     mk("argon2id", "v=19", "m=65536,t=3", salt, key),
		"leading zero":      mk("argon2id", "v=19", "m=065536,t=3,p=4", salt, key),
		"plus sign":         mk("argon2id", "v=19", "m=+65536,t=3,p=4", salt, key),
		"negative":          mk("argon2id", "v=19", "m=65536,t=-3,p=4", salt, key),
		"space":             mk("argon2id", "v=19", "m=65536, t=3,p=4", salt, key),
		"huge memory":       mk("argon2id", "v=19", "m=4294967295,t=3,p=4", salt, key),
		"overflowing":       mk("argon2id", "v=19", "m=99999999999999999999,t=3,p=4", salt, key),
		"time zero":         mk("argon2id", "v=19", "m=65536,t=0,p=4", salt, key),
		"time huge":         mk("argon2id", "v=19", "m=65536,t=1000,p=4", salt, key),
		"threads zero":      mk("argon2id", "v=19", "m=65536,t=3,p=0", salt, key),
		"threads 256":       mk("argon2id", "v=19", "m=65536,t=3,p=256", salt, key),
		"memory < 8/lane":   mk("argon2id", "v=19", "m=16,t=3,p=4", salt, key),
		"padded salt":       mk("argon2id", "v=19", "m=65536,t=3,p=4", salt+"==", key),
		"url-safe base64":   mk("argon2id", "v=19", "m=65536,t=3,p=4", salt, strings.ReplaceAll(key, "/", "_")),
		"non-canonical b64": mk("argon2id", "v=19", "m=65536,t=3,p=4", "MIIRqgvgQbgj220jfp0MPB", key),
		"short salt":        mk("argon2id", "v=19", "m=65536,t=3,p=4", "AAAA", key),
		"empty key":         mk("argon2id", "v=19", "m=65536,t=3,p=4", salt, ""),
		"short key":         mk("argon2id", "v=19", "m=65536,t=3,p=4", salt, "AAAAAAAAAAA"),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseHash(in)
			if !errors.Is(err, ErrMalformedHash) {
				t.Errorf("ParseHash(%q) error = %v, want ErrMalformedHash", in, err)
			}
			if _, err := VerifyPassword("x", in); !errors.Is(err, ErrMalformedHash) {
				t.Errorf("VerifyPassword accepted malformed hash: %v", err)
			}
			if !NeedsRehash(in, testParams) {
				t.Error("NeedsRehash(malformed) = false")
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	h, _ := HashPassword("x", testParams)
	if NeedsRehash(h, testParams) {
		t.Error("same params: NeedsRehash = true")
	}
	for _, p := range []Params{
		{Memory: 128, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 32, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 64},
	} {
		if !NeedsRehash(h, p) {
			t.Errorf("params changed to %+v: NeedsRehash = false", p)
		}
	}
}

func TestHasher(t *testing.T) {
	ctx := context.Background()
	old := Params{Memory: 32, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	h, err := NewHasher(testParams, 2)
	if err != nil {
		t.Fatal(err)
	}
	current, _ := h.Hash(ctx, "een lange zin als wachtwoord")
	legacy, _ := HashPassword("een lange zin als wachtwoord", old)

	for _, tc := range []struct {
		name, pw, enc      string
		wantOK, wantRehash bool
	}{
		{"current params", "een lange zin als wachtwoord", current, true, false},
		{"old params", "een lange zin als wachtwoord", legacy, true, true},
		{"wrong password", "een andere zin", legacy, false, false},
		{"too long", strings.Repeat("a", MaxPasswordBytes+1), current, false, false},
	} {
		ok, rehash, err := h.Verify(ctx, tc.pw, tc.enc)
		if err != nil || ok != tc.wantOK || rehash != tc.wantRehash {
			t.Errorf("%s: Verify = %v, %v, %v; want %v, %v, nil", tc.name, ok, rehash, err, tc.wantOK, tc.wantRehash)
		}
	}
	if err := h.VerifyDummy(ctx, "whatever"); err != nil {
		t.Errorf("VerifyDummy: %v", err)
	}
	if _, err := h.Hash(ctx, strings.Repeat("a", MaxPasswordBytes+1)); err == nil {
		t.Error("Hash accepted an over-long password")
	}
}

func TestHasherWaitsForSlotAndHonoursContext(t *testing.T) {
	h, err := NewHasher(testParams, 1)
	if err != nil {
		t.Fatal(err)
	}
	h.slots <- struct{}{} // the only slot is busy
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Hash(ctx, "x"); !errors.Is(err, context.Canceled) {
		t.Errorf("Hash with busy hasher and cancelled ctx: err = %v", err)
	}
	if _, _, err := h.Verify(ctx, "x", h.dummy); !errors.Is(err, context.Canceled) {
		t.Errorf("Verify with busy hasher and cancelled ctx: err = %v", err)
	}
	h.release()
	if _, err := h.Hash(context.Background(), "x"); err != nil {
		t.Errorf("Hash after the slot freed: %v", err)
	}
}

func FuzzParseHash(f *testing.F) {
	f.Add(validPHC)
	f.Add("$argon2id$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("$argon2id$v=19$m=0,t=0,p=0$$")
	f.Add("$argon2i$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, in string) {
		h, err := ParseHash(in)
		if err != nil {
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("error does not wrap ErrMalformedHash: %v", err)
			}
			return
		}
		// Strictness: an accepted hash has exactly one spelling.
		if got := h.String(); got != in {
			t.Fatalf("accepted %q but re-encodes as %q", in, got)
		}
		if err := h.Params.Validate(); err != nil {
			t.Fatalf("accepted out-of-range params: %v", err)
		}
	})
}

func BenchmarkHashPasswordDefault(b *testing.B) {
	p := DefaultParams()
	for b.Loop() {
		if _, err := HashPassword("paars gras fietst langzaam", p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHashPasswordOWASPMinimum(b *testing.B) {
	p := Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
	for b.Loop() {
		if _, err := HashPassword("paars gras fietst langzaam", p); err != nil {
			b.Fatal(err)
		}
	}
}
