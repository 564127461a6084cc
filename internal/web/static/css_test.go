package static

import (
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// These tests read the stylesheets as the browser would see the theme: the
// voorbeeld tokens, overridden by toren.css's .toren-theme block. They
// resolve var() chains to colours and check WCAG 2.1 contrast, and they
// catch misspelt custom property names, which CSS ignores silently.

var (
	declRe = regexp.MustCompile(`(--[a-zA-Z0-9-]+)\s*:\s*([^;]+);`)
	varRe  = regexp.MustCompile(`var\(\s*(--[a-zA-Z0-9-]+)\s*(?:,\s*([^()]*(?:\([^()]*\))?[^()]*))?\)`)
)

func readEmbedded(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(embedded, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// block returns the body of the first rule whose selector is exactly sel.
func block(t *testing.T, css, sel string) string {
	t.Helper()
	start := strings.Index(css, "\n"+sel+" {")
	if start < 0 {
		t.Fatalf("no %q rule", sel)
	}
	rest := css[start+len(sel)+3:]
	end := strings.Index(rest, "\n}")
	if end < 0 {
		t.Fatalf("unterminated %q rule", sel)
	}
	return rest[:end]
}

func stripComments(css string) string {
	return regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(css, "")
}

// theme returns the custom properties in force on <html class="voorbeeld-theme toren-theme">.
func theme(t *testing.T) map[string]string {
	t.Helper()
	props := map[string]string{}
	for _, src := range []string{
		block(t, stripComments(readEmbedded(t, tokensCSS)), ".voorbeeld-theme"),
		block(t, stripComments(readEmbedded(t, torenCSS)), ".toren-theme"),
	} {
		for _, m := range declRe.FindAllStringSubmatch(src, -1) {
			props[m[1]] = strings.TrimSpace(m[2])
		}
	}
	return props
}

// resolve substitutes var() references until a plain value remains.
func resolve(t *testing.T, props map[string]string, name string) string {
	t.Helper()
	value, ok := props[name]
	if !ok {
		t.Fatalf("%s is not defined", name)
	}
	for range 50 {
		m := varRe.FindStringSubmatchIndex(value)
		if m == nil {
			return value
		}
		ref := value[m[2]:m[3]]
		sub, ok := props[ref]
		if !ok {
			if m[4] < 0 {
				t.Fatalf("%s: %s is not defined and has no fallback", name, ref)
			}
			sub = value[m[4]:m[5]]
		}
		value = value[:m[0]] + sub + value[m[1]:]
	}
	t.Fatalf("%s: var() chain too deep", name)
	return ""
}

func luminance(t *testing.T, name, hex string) float64 {
	t.Helper()
	hex = strings.TrimPrefix(strings.TrimSpace(hex), "#")
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	if len(hex) != 6 {
		t.Fatalf("%s resolves to %q, not an opaque #rrggbb colour", name, hex)
	}
	var lin [3]float64
	for i := range 3 {
		v, err := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		if err != nil {
			t.Fatalf("%s: bad colour %q", name, hex)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
}

func contrast(a, b float64) float64 {
	return (math.Max(a, b) + 0.05) / (math.Min(a, b) + 0.05)
}

func TestThemeContrast(t *testing.T) {
	props := theme(t)
	const text, nonText = 4.5, 3.0 // WCAG 2.1 AA: 1.4.3 and 1.4.11
	page := "--utrecht-document-background-color"
	tests := []struct {
		what   string
		fg, bg string
		min    float64
	}{
		{"body text", "--utrecht-document-color", page, text},
		{"root text", "--utrecht-root-color", "--utrecht-root-background-color", text},
		{"header text", "--utrecht-page-header-color", "--utrecht-page-header-background-color", text},
		{"navigation text", "--utrecht-nav-bar-color", "--utrecht-nav-bar-background-color", text},
		{"current page bar", "--basis-color-accent-1-color-default", "--utrecht-nav-bar-background-color", nonText},
		{"footer text", "--utrecht-page-footer-color", "--utrecht-page-footer-background-color", text},
		{"link", "--utrecht-link-color", page, text},
		{"visited link", "--utrecht-link-visited-color", page, text},
		{"hovered link", "--utrecht-link-hover-color", page, text},
		{"focused link", "--basis-focus-color", "--basis-focus-background-color", text},
		{"form label", "--utrecht-form-label-color", page, text},
		{"field description", "--utrecht-form-field-description-color", page, text},
		{"field error message", "--utrecht-form-field-error-message-color", page, text},
		{"textbox text", "--utrecht-textbox-color", "--utrecht-textbox-background-color", text},
		{"textbox placeholder", "--utrecht-textbox-placeholder-color", "--utrecht-textbox-background-color", text},
		{"textbox border", "--utrecht-textbox-border-color", page, nonText},
		{"invalid field bar", "--utrecht-form-field-invalid-border-inline-start-color", page, nonText},
		{"primary button", "--utrecht-button-primary-action-color", "--utrecht-button-primary-action-background-color", text},
		{"secondary button", "--utrecht-button-secondary-action-color", page, text},
		{"secondary button border", "--utrecht-button-secondary-action-border-color", page, nonText},
		{"table text", "--utrecht-document-color", "--utrecht-table-row-alternate-odd-background-color", text},
		{"focus ring on page", "--utrecht-focus-outline-color", page, nonText},
		{"focus ring on navigation", "--utrecht-focus-outline-color", "--utrecht-nav-bar-background-color", nonText},
		{"focus ring on footer", "--utrecht-focus-outline-color", "--utrecht-page-footer-background-color", nonText},
		{"focus inner ring on primary button", "--utrecht-focus-inverse-outline-color", "--utrecht-button-primary-action-background-color", nonText},
		{"focus ring against its inner ring", "--utrecht-focus-outline-color", "--utrecht-focus-inverse-outline-color", nonText},
	}
	for _, badge := range []string{"neutral", "warning", "danger", "error", "success", "valid", "invalid", "safe", "active", "inactive"} {
		p := "--utrecht-status-badge-" + badge
		tests = append(tests, struct {
			what   string
			fg, bg string
			min    float64
		}{"status badge " + badge, p + "-color", p + "-background-color", text})
	}
	for _, tt := range tests {
		fg, bg := resolve(t, props, tt.fg), resolve(t, props, tt.bg)
		ratio := contrast(luminance(t, tt.fg, fg), luminance(t, tt.bg, bg))
		if ratio < tt.min {
			t.Errorf("%s: %s on %s = %.2f:1, want >= %.1f:1", tt.what, fg, bg, ratio, tt.min)
		} else if testing.Verbose() {
			t.Logf("%-36s %s on %s  %5.2f:1", tt.what, fg, bg, ratio)
		}
	}
}

// TestTorenCSSNamesExist catches a misspelt custom property: every var()
// toren.css reads must be defined, and every property its theme block sets
// must be read by the component CSS, the tokens or toren.css itself.
func TestTorenCSSNamesExist(t *testing.T) {
	toren := stripComments(readEmbedded(t, torenCSS))
	all := readEmbedded(t, tokensCSS) + readEmbedded(t, utrechtCSS) + toren
	defined := map[string]bool{}
	for _, m := range declRe.FindAllStringSubmatch(all, -1) {
		defined[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`var\(\s*(--[a-zA-Z0-9-]+)`).FindAllStringSubmatch(toren, -1) {
		if !defined[m[1]] {
			t.Errorf("toren.css reads %s, which nothing defines", m[1])
		}
	}
	for _, m := range declRe.FindAllStringSubmatch(block(t, toren, ".toren-theme"), -1) {
		if !strings.Contains(all, "var("+m[1]+")") && !strings.Contains(all, "var("+m[1]+",") {
			t.Errorf("toren.css sets %s, which nothing reads", m[1])
		}
	}
}
