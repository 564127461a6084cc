package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Page is one browser tab with its own cookies. Every method fails the
// test (t.Fatal) when the browser cannot do what was asked, so a test reads
// as the steps a user takes.
type Page struct {
	t       testing.TB
	ctx     context.Context
	baseURL string
	console *consoleLog // shared by the views In makes
}

// consoleLog holds the console problems of a tab, reported when the test
// that opened it ends.
type consoleLog struct {
	mu       sync.Mutex
	problems []string
}

// In returns the same tab reporting to t: for a subtest (t.Run) that
// works on a page its parent test opened.
func (p *Page) In(t testing.TB) *Page {
	v := *p
	v.t = t
	return &v
}

// Keys a test can press with Press and PressAndWait.
const (
	Tab       = kb.Tab
	Enter     = kb.Enter
	Escape    = kb.Escape
	Space     = " "
	ShiftTab  = "shift+" + kb.Tab // see Press
	ArrowDown = kb.ArrowDown
)

// URL returns the absolute URL of a path on the app.
func (p *Page) URL(path string) string { return p.baseURL + path }

// Context returns the chromedp context of the tab, for the rare step this
// type does not offer. Bound it with context.WithTimeout.
func (p *Page) Context() context.Context { return p.ctx }

func (c *consoleLog) note(s string) {
	c.mu.Lock()
	c.problems = append(c.problems, s)
	c.mu.Unlock()
}

func (c *consoleLog) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.problems...)
}

// do runs actions with the step timeout, failing the test on an error.
func (p *Page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("%s on %s: %v", what, p.Path(), err)
	}
}

// navigate runs actions that load a new page and returns its HTTP status.
func (p *Page) navigate(what string, actions ...chromedp.Action[chromedp.Void]) int {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
	if resp == nil {
		p.t.Fatalf("%s: no response", what)
	}
	return int(resp.Status)
}

// Goto opens a path of the app (such as "/meldingen/3") and waits until the
// page has loaded. It returns the HTTP status of the page, after redirects.
func (p *Page) Goto(path string) int {
	p.t.Helper()
	return p.navigate("open "+path, chromedp.Navigate(p.URL(path)))
}

// Path returns the path and query of the page now shown.
func (p *Page) Path() string {
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown page: " + err.Error() + ")"
	}
	u, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	return u.RequestURI()
}

// Fill replaces the value of the form field matched by the CSS selector by
// typing value into it, key by key, as a user would.
func (p *Page) Fill(selector, value string) {
	p.t.Helper()
	p.do("fill "+selector, chromedp.WaitReady(chromedp.CSS(selector)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%s).value = ""`, jsString(selector))),
		chromedp.Focus(chromedp.CSS(selector), chromedp.NodeVisible))
	p.typeKeys("fill "+selector, value)
}

// typeKeys types text into the element that has the focus, key by key,
// each key with the step time-out of its own: a paragraph typed on a busy
// machine may take longer than one step's time-out, a key may not.
func (p *Page) typeKeys(what, text string) {
	p.t.Helper()
	for _, r := range text {
		p.do(what, chromedp.KeyEvent(string(r)))
	}
}

// Focus puts the keyboard focus on the element matched by the selector.
func (p *Page) Focus(selector string) {
	p.t.Helper()
	p.do("focus "+selector, chromedp.Focus(chromedp.CSS(selector)))
}

// Click clicks the element matched by the selector with the mouse, and
// does not wait for a page to load; see ClickAndWait.
func (p *Page) Click(selector string) {
	p.t.Helper()
	p.do("click "+selector, chromedp.Click(chromedp.CSS(selector), chromedp.NodeVisible))
}

// ClickAndWait clicks a link or submit button that loads a new page, waits
// for it and returns its HTTP status.
func (p *Page) ClickAndWait(selector string) int {
	p.t.Helper()
	return p.navigate("click "+selector, chromedp.Click(chromedp.CSS(selector), chromedp.NodeVisible))
}

// Press sends keys to the element that has the focus, one after the other:
// text ("abc") or the constants Tab, Enter, Escape, Space, ArrowDown.
// ShiftTab moves the focus backwards.
func (p *Page) Press(keys ...string) {
	p.t.Helper()
	for _, k := range keys {
		if k == ShiftTab {
			p.do("press "+keyName(k), keyAction(k))
			continue
		}
		p.typeKeys("press "+keyName(k), k)
	}
}

// PressAndWait sends one key (usually Enter) that loads a new page, waits
// for it and returns its HTTP status.
func (p *Page) PressAndWait(key string) int {
	p.t.Helper()
	return p.navigate("press "+keyName(key), keyAction(key))
}

func keyAction(k string) chromedp.Action[chromedp.Void] {
	if k == ShiftTab {
		return chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
	}
	return chromedp.KeyEvent(k)
}

func keyName(k string) string {
	switch k {
	case Tab:
		return "Tab"
	case ShiftTab:
		return "Shift+Tab"
	case Enter:
		return "Enter"
	case Escape:
		return "Escape"
	case ArrowDown:
		return "ArrowDown"
	}
	return fmt.Sprintf("%q", k)
}

// Text returns the visible text of the first element matched by the
// selector, waiting until it exists.
func (p *Page) Text(selector string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		p.t.Fatalf("text of %s on %s: %v", selector, p.Path(), err)
	}
	return strings.TrimSpace(s)
}

// Has reports whether an element matches the selector now; it does not
// wait.
func (p *Page) Has(selector string) bool {
	p.t.Helper()
	return Eval[bool](p, fmt.Sprintf("document.querySelector(%s) !== null", jsString(selector)))
}

// WaitVisible waits until an element matching the selector is shown.
func (p *Page) WaitVisible(selector string) {
	p.t.Helper()
	p.do("wait for "+selector+" to show", chromedp.WaitVisible(chromedp.CSS(selector)))
}

// WaitHidden waits until the element matching the selector is not shown.
func (p *Page) WaitHidden(selector string) {
	p.t.Helper()
	p.do("wait for "+selector+" to hide", chromedp.WaitNotVisible(chromedp.CSS(selector)))
}

// Focused describes the element that has the keyboard focus, as
// `tag#id.class "text"`; "" when nothing (or the body) has it.
func (p *Page) Focused() string {
	p.t.Helper()
	return Eval[string](p, `(() => {
		const el = document.activeElement;
		return (!el || el === document.body) ? "" : `+describeJS+`(el);
	})()`)
}

// Eval evaluates a JavaScript expression in the page and decodes its
// (JSON) value into T. A promise is awaited.
func Eval[T any](p *Page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate on %s: %v\n%s", p.Path(), err, firstLine(expr))
	}
	return v
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}

// describeJS is a JavaScript function describing an element for a test
// message: tag, id, classes and the start of its text or label.
const describeJS = `((el) => {
	let s = el.tagName.toLowerCase();
	if (el.id) s += "#" + el.id;
	if (el.classList.length) s += "." + Array.from(el.classList).slice(0, 2).join(".");
	const text = (el.getAttribute("aria-label") || el.innerText || el.value || "").trim().replace(/\s+/g, " ");
	if (text) s += ' "' + text.slice(0, 40) + '"';
	return s;
})`

// Cookie returns the value of the cookie the browser holds for the app
// under name (an HttpOnly one too), or "" when there is none: a test can
// find the server-side session behind a page with it.
func (p *Page) Cookie(name string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{p.URL("/")}})
	if err != nil {
		p.t.Fatalf("cookies: %v", err)
	}
	for _, c := range res.Cookies {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}
