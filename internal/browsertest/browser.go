package browsertest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"toren/internal/ci"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Viewport is the size of every page, so that screenshots have the same
// size on every machine and layouts are checked at one desktop width.
const (
	ViewportWidth  = 1280
	ViewportHeight = 900
)

// actionTimeout bounds each step of a page. Generous: the test machines
// are small and shared, and a slow step is better than a flaky one. A
// hanging browser still fails the test long before go test's own timeout.
const actionTimeout = 30 * time.Second

// browserNames are the executables tried on the PATH, in order.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// FindBrowser returns the Chromium to use: $TOREN_CHROMIUM when set, else
// the first of chromium, chromium-browser, google-chrome and
// google-chrome-stable on the PATH. It returns "" when there is none.
func FindBrowser() string {
	if p := os.Getenv("TOREN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range browserNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// InCI reports whether the tests run in continuous integration (ci.Running),
// where a missing browser is a failure rather than a reason to skip.
func InCI() bool { return ci.Running() }

// RequireBrowser returns the browser's path, or ends the test when there
// is none: skipped with a message saying how to get one, or failed when
// CI=true. Call it before costly set-up that only a browser test needs.
func RequireBrowser(t testing.TB) string {
	t.Helper()
	path := FindBrowser()
	if path == "" {
		msg := "browser test needs Chromium: install it (apt-get install chromium) or set TOREN_CHROMIUM to its path"
		if InCI() {
			t.Fatal(msg + " (CI=true: browser tests may not be skipped)")
		}
		t.Skip(msg)
	}
	return path
}

// Browser is one headless Chromium, for one test.
type Browser struct {
	root    context.Context // the first tab; it owns the browser process
	baseURL string
}

// Start launches headless Chromium for the test; pages open paths under
// baseURL (such as an httptest.Server's URL). The browser stops when the
// test ends. Without a browser the test is skipped with a message saying
// how to get one, or fails when CI=true.
func Start(t testing.TB, baseURL string) *Browser {
	t.Helper()
	path := RequireBrowser(t)
	root, stop, err := launch(path)
	t.Cleanup(stop)
	if err != nil {
		t.Fatal(err)
	}
	return &Browser{root: root, baseURL: strings.TrimSuffix(baseURL, "/")}
}

// shared is the one browser of a test binary (Shared): starting Chromium
// costs seconds, a tab in a fresh browser context milliseconds.
var shared struct {
	sync.Mutex
	root context.Context
	stop func()
	err  error
}

// Shared returns the test binary's one headless Chromium, started by the
// first test that asks, with pages under baseURL. Every page still gets a
// fresh browser context (its own cookies and storage), so tests that share
// the browser, in parallel too, do not see each other. It runs until
// StopShared or the end of the test binary (the kernel ends it with its
// parent). Without a browser the test is skipped, or fails when CI=true.
func Shared(t testing.TB, baseURL string) *Browser {
	t.Helper()
	path := RequireBrowser(t)
	shared.Lock()
	defer shared.Unlock()
	if shared.root == nil && shared.err == nil {
		shared.root, shared.stop, shared.err = launch(path)
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return &Browser{root: shared.root, baseURL: strings.TrimSuffix(baseURL, "/")}
}

// StopShared stops the shared browser, if one started; call it from
// TestMain after m.Run so that its profile folder is removed.
func StopShared() {
	shared.Lock()
	defer shared.Unlock()
	if shared.stop != nil {
		shared.stop()
	}
	shared.root, shared.stop, shared.err = nil, nil, nil
}

// launch starts headless Chromium at path; stop ends it.
func launch(path string) (root context.Context, stop func(), err error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		// The browser only visits the test's own server on localhost; its
		// sandbox cannot start as root or in many containers.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.WindowSize(ViewportWidth, ViewportHeight),
		// Same pixels on every machine: no scrollbars, no hinting, scale 1,
		// and Dutch as the browser's language, like the users'.
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.Flag("force-device-scale-factor", "1"),
		chromedp.Flag("lang", "nl-NL"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	root, cancelRoot := chromedp.NewContext(allocCtx)
	stop = func() {
		cancelRoot()
		cancelAlloc()
	}
	// The first Run starts the browser; it must not carry a timeout, or the
	// timeout would end the browser too (see chromedp.Run).
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(root) }()
	select {
	case err := <-started:
		if err != nil {
			return nil, stop, fmt.Errorf("start %s: %w", path, err)
		}
	case <-time.After(actionTimeout):
		return nil, stop, fmt.Errorf("start %s: no answer after %v", path, actionTimeout)
	}
	return root, stop, nil
}

// NewPage opens a tab in a fresh browser context: its own cookies and
// storage, so pages of one browser can be signed in as different users.
// The viewport is ViewportWidth x ViewportHeight. At the end of the test
// the page reports every uncaught script error and every Content Security
// Policy violation it saw as a test error.
func (b *Browser) NewPage(t testing.TB) *Page {
	t.Helper()
	return openTab(t, b.root, b.baseURL, chromedp.WithNewBrowserContext())
}

// NewTab opens another tab in p's browser context: it shares p's cookies
// (signed in as the same user) and shows its own page, so that pages of
// one user can be looked at side by side. The tab closes when t ends; its
// script errors and CSP violations are reported to t as NewPage's are.
func (p *Page) NewTab(t testing.TB) *Page {
	t.Helper()
	return openTab(t, p.ctx, p.baseURL)
}

// openTab opens a tab from parent (a browser or a tab) with opts, sets the
// viewport and reports the tab's console problems when t ends.
func openTab(t testing.TB, parent context.Context, baseURL string, opts ...chromedp.ContextOption) *Page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent, opts...)
	p := &Page{t: t, ctx: ctx, baseURL: baseURL, console: &consoleLog{}}
	// Subscribe before the first navigation, so no message is lost.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("open tab: %v", err)
	}
	messages := chromedp.Console(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for m, err := range messages {
			if err != nil {
				return
			}
			if problem := consoleProblem(m); problem != "" {
				p.console.note(problem)
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		for _, problem := range p.console.all() {
			t.Errorf("browser console: %s", problem)
		}
	})
	p.do("set the viewport", chromedp.EmulateViewport(ViewportWidth, ViewportHeight, chromedp.EmulateScale(1)),
		// Reduced motion: no smooth scrolling, so a focused element is in
		// view when the next step looks, and screenshots are still.
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
			return err
		}))
	return p
}

// consoleProblem returns a description of a console message that is a bug
// in the page: an uncaught exception, a console.error from our scripts, or
// a blocked resource or script (CSP). Failed loads (the page's own 403 or
// 404, a missing favicon) are the network's business and not reported.
func consoleProblem(m chromedp.ConsoleMessage) string {
	switch {
	case m.IsException():
		return fmt.Sprintf("uncaught exception at %s:%d: %s", m.URL, m.Line+1, m.Text)
	case strings.Contains(m.Text, "Content Security Policy"):
		return "CSP violation: " + m.Text
	case m.Type == chromedp.ConsoleError && m.Source == "":
		return fmt.Sprintf("console.error at %s:%d: %s", m.URL, m.Line+1, m.Text)
	}
	return ""
}

// Main runs the tests of a package whose browser tests share one browser
// (Shared) and stops it afterwards; call it from TestMain:
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
//
// Unless go test's -parallel flag is given, it runs up to
// ParallelPerCPU parallel tests per CPU instead of go test's one: an
// end-to-end test spends most of its time waiting for the browser and the
// database, so with one test per CPU the CPUs stand idle while the tests
// wait.
func Main(m *testing.M) {
	flag.Parse()
	if err := raiseParallel(runtime.GOMAXPROCS(0) * ParallelPerCPU); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := m.Run()
	StopShared()
	os.Exit(code)
}

// ParallelPerCPU is how many parallel tests per CPU Main runs at once.
const ParallelPerCPU = 4

// raiseParallel sets -test.parallel to n when it was not given.
func raiseParallel(n int) error {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if given {
		return nil
	}
	if err := flag.Set("test.parallel", strconv.Itoa(n)); err != nil {
		return fmt.Errorf("set -test.parallel: %w", err)
	}
	return nil
}
