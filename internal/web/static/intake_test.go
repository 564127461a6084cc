package static

import (
	"regexp"
	"strings"
	"testing"
)

// The intake form's stylesheet reads only custom properties that the
// tokens, the component CSS or toren.css define: a misspelt name would
// be ignored by the browser without a word.
func TestIntakeCSSNamesExist(t *testing.T) {
	intake := stripComments(readEmbedded(t, "intake/intake.css"))
	all := readEmbedded(t, tokensCSS) + readEmbedded(t, utrechtCSS) + readEmbedded(t, torenCSS)
	defined := map[string]bool{}
	for _, m := range declRe.FindAllStringSubmatch(all, -1) {
		defined[m[1]] = true
	}
	names := regexp.MustCompile(`var\(\s*(--[a-zA-Z0-9-]+)`).FindAllStringSubmatch(intake, -1)
	if len(names) == 0 {
		t.Fatal("intake.css reads no custom property: wrong file?")
	}
	for _, m := range names {
		if !defined[m[1]] {
			t.Errorf("intake.css reads %s, which nothing defines", m[1])
		}
	}
	// The CSP forbids inline style and script; the files must not need it.
	js := readEmbedded(t, "intake/intake.js")
	for _, bad := range []string{"eval(", "new Function", "innerHTML", ".style."} {
		if strings.Contains(js, bad) {
			t.Errorf("intake.js uses %q", bad)
		}
	}
}
