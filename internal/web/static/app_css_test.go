package static

import (
	"regexp"
	"strings"
	"testing"
)

// TestAppCSSNamesExist catches a misspelt custom property in app.css:
// every var() it reads must be defined, and every property it sets must be
// read by the component CSS (a token nothing reads styles nothing).
func TestAppCSSNamesExist(t *testing.T) {
	app := stripComments(readEmbedded(t, "app.css"))
	components := readEmbedded(t, tokensCSS) + readEmbedded(t, utrechtCSS) + readEmbedded(t, torenCSS)
	all := components + app
	defined := map[string]bool{}
	for _, m := range declRe.FindAllStringSubmatch(all, -1) {
		defined[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`var\(\s*(--[a-zA-Z0-9-]+)`).FindAllStringSubmatch(app, -1) {
		if !defined[m[1]] {
			t.Errorf("app.css reads %s, which nothing defines", m[1])
		}
	}
	for _, m := range declRe.FindAllStringSubmatch(app, -1) {
		if !strings.Contains(components, "var("+m[1]+")") && !strings.Contains(components, "var("+m[1]+",") {
			t.Errorf("app.css sets %s, which nothing reads", m[1])
		}
	}
}
