package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"os"
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// ScreenshotsEnabled reports whether Screenshot writes files: when
// TOREN_SCREENSHOTS=1, and always in CI (CI=true).
func ScreenshotsEnabled() bool {
	return os.Getenv("TOREN_SCREENSHOTS") == "1" || InCI()
}

// Screenshot saves what the viewport shows (ViewportWidth x
// ViewportHeight pixels) as docs/screenshots/<name>.png in the repository,
// when ScreenshotsEnabled; otherwise it does nothing. The README shows
// these files, so name them after the page ("startpagina", "melding").
func (p *Page) Screenshot(name string) {
	p.t.Helper()
	p.screenshot(name, `window.scrollTo(0, 0)`)
}

// ScreenshotOf is Screenshot with the element matched by selector scrolled
// to the middle of the window, for a part of a long page.
func (p *Page) ScreenshotOf(name, selector string) {
	p.t.Helper()
	p.screenshot(name, fmt.Sprintf(`document.querySelector(%s).scrollIntoView({block: "center"})`, jsString(selector)))
}

func (p *Page) screenshot(name, scroll string) {
	p.t.Helper()
	if !ScreenshotsEnabled() {
		return
	}
	root, err := repoRoot()
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	// No focus ring or caret in the documentation pictures.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); `+scroll)); err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(buf))
	if err != nil {
		p.t.Fatalf("screenshot %s: not a PNG: %v", name, err)
	}
	if cfg.Width != ViewportWidth || cfg.Height != ViewportHeight {
		p.t.Fatalf("screenshot %s: %dx%d pixels, want %dx%d", name, cfg.Width, cfg.Height, ViewportWidth, ViewportHeight)
	}
	dir := filepath.Join(root, "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
}

// repoRoot is the folder holding go.mod, found upwards from the test's
// working directory (its package folder).
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
