package web

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzSafeBack: whatever comes in, the page a user is sent to after
// signing in is on this site, as a browser would read it.
func FuzzSafeBack(f *testing.F) {
	for _, s := range []string{"/", "/meldingen/3?x=1", "/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example",
		"/%09/evil.example", "/ /x", "/\u2028/x", "/a#b", "///x", "/.//x", "/%2F%2Fevil.example"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://toren.example/inloggen")
	f.Fuzz(func(t *testing.T, s string) {
		got := safeBack(s)
		if got != "/" && got != s {
			t.Fatalf("safeBack(%q) = %q: neither the input nor /", s, got)
		}
		// What a browser does first: strip tabs and newlines, read
		// backslashes as slashes.
		browser := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(got)
		u, err := base.Parse(browser)
		if err != nil {
			t.Fatalf("safeBack(%q) = %q does not parse: %v", s, got, err)
		}
		if u.Host != "toren.example" || u.Scheme != "https" {
			t.Fatalf("safeBack(%q) = %q leads to %s", s, got, u)
		}
		for _, c := range got {
			if c <= ' ' || c == 0x7f || c == '\\' {
				t.Fatalf("safeBack(%q) = %q holds %q", s, got, c)
			}
		}
	})
}
