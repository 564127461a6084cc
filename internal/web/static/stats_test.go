package static

import (
	"regexp"
	"testing"
)

// The statistics page's stylesheet reads only custom properties that the
// tokens, the component CSS or toren.css define.
func TestStatsCSSNamesExist(t *testing.T) {
	css := stripComments(readEmbedded(t, "stats/stats.css"))
	all := readEmbedded(t, tokensCSS) + readEmbedded(t, utrechtCSS) + readEmbedded(t, torenCSS)
	defined := map[string]bool{}
	for _, m := range declRe.FindAllStringSubmatch(all, -1) {
		defined[m[1]] = true
	}
	names := regexp.MustCompile(`var\(\s*(--[a-zA-Z0-9-]+)`).FindAllStringSubmatch(css, -1)
	if len(names) == 0 {
		t.Fatal("stats.css reads no custom property: wrong file?")
	}
	for _, m := range names {
		if !defined[m[1]] {
			t.Errorf("stats.css reads %s, which nothing defines", m[1])
		}
	}
}
