package browsertest

import (
	_ "embed"
	"fmt"
	"strings"
	"testing"
	"time"
)

// axeSource is axe-core, the accessibility rules engine (MPL-2.0; see
// testdata/README.md). It is injected into the page under test only.
//
//go:embed testdata/axe-core/axe.min.js
var axeSource string

// Violation is one axe rule a page breaks, with the elements that break it.
type Violation struct {
	Rule    string   `json:"id"`
	Impact  string   `json:"impact"` // minor, moderate, serious or critical
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Nodes   []string `json:"nodes"` // CSS selector of each element, with why it fails
}

// Blocking reports whether the violation fails CheckA11y: serious and
// critical ones keep a user out; minor and moderate ones are logged.
func (v Violation) Blocking() bool { return v.Impact == "serious" || v.Impact == "critical" }

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s: %s (%s)", v.Impact, v.Rule, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		b.WriteString("\n    " + n)
	}
	return b.String()
}

// runAxeJS runs every axe rule (WCAG 2.x A and AA and best practices) on
// the document and keeps what a test message needs.
const runAxeJS = `axe.run(document, {resultTypes: ["violations"]}).then((r) => r.violations.map((v) => ({
	id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
	nodes: v.nodes.map((n) => JSON.stringify(n.target) + ": " + (n.failureSummary || "").replace(/\s+/g, " ").trim()),
})))`

// Axe runs axe-core on the page as it is now and returns every violation.
func (p *Page) Axe() []Violation {
	p.t.Helper()
	if !Eval[bool](p, `typeof window.axe === "object"`) {
		// Evaluated through the DevTools protocol, which the page's CSP
		// does not govern: the page itself still may not run inline script.
		Eval[bool](p, axeSource+";\ntrue")
	}
	return Eval[[]Violation](p, runAxeJS)
}

// CheckA11y checks the page as it is now: axe-core must find no serious or
// critical violation (each is reported with rule, elements and help), and
// every element reached with the Tab key must show where the focus is.
// Minor and moderate findings are only logged. Call it on every page a
// test opens:
//
//	p.Goto("/meldingen/nieuw")
//	browsertest.CheckA11y(t, p)
func CheckA11y(t testing.TB, p *Page) {
	t.Helper()
	where := p.Path()
	start := time.Now()
	violations := p.Axe()
	axeTook := time.Since(start)
	for _, v := range violations {
		if v.Blocking() {
			t.Errorf("accessibility of %s: %s", where, v)
		} else {
			t.Logf("accessibility of %s (not blocking): %s", where, v)
		}
	}
	start = time.Now()
	for _, f := range p.FocusProblems() {
		t.Errorf("keyboard focus on %s: %s", where, f)
	}
	t.Logf("accessibility of %s checked: axe-core %v, focus walk %v", where, axeTook.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}
