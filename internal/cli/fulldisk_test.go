package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// apiReport posts a minimal valid police report through the API.
func apiReport(t *testing.T, c *http.Client, base, csrf string) (int, string) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{
		"reporter":       map[string]any{"kind": "police", "organisation": "Politie", "phone": "0900-8844"},
		"violence_types": []string{"partner"}, "description": "Schijf vol.",
		"persons": []map[string]any{{"role": "victim", "surname": "Vol"}},
	})
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/reports", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func metric(t *testing.T, base, name string) float64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("metric %s not in /metrics", name)
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}

// When the database cannot grow (SQLite answers SQLITE_FULL, as on a full
// disk), a write through the API gets 503 with a problem saying nothing
// was stored, the intake form a Dutch maintenance page instead of a 500,
// and /metrics counts the failed writes.
func TestDatabaseFullGivesMaintenanceNotInternalError(t *testing.T) {
	e, _ := newMatrixEnv(t)
	ctx := context.Background()
	ic := e.intakeClient(t, "intake")
	if code, body := apiReport(t, ic.c, e.srv.URL, ic.csrf); code != http.StatusCreated {
		t.Fatalf("report before the database is full: %d %s", code, body)
	}
	before, _, _, _ := e.app.db.Counts(ctx)
	// The database may not grow past its current size: the next insert
	// that needs a new page fails with SQLITE_FULL, the code a full disk
	// gives. (Lowering the limit below the size leaves it at the size.)
	if err := e.app.db.ExecForTest(ctx, "PRAGMA max_page_count = 1"); err != nil {
		t.Fatal(err)
	}
	var failed int
	for i := 0; i < 20; i++ {
		code, body := apiReport(t, ic.c, e.srv.URL, ic.csrf)
		if code == http.StatusCreated {
			continue // a page with room left in it
		}
		failed++
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "unavailable") || !strings.Contains(body, "nothing was stored") {
			t.Fatalf("report on a full database: %d %s", code, body)
		}
	}
	if failed == 0 {
		t.Fatal("no write failed: the database never filled up")
	}
	code, body, _ := ic.post("/meldingen/nieuw", validForm(ic.newFormOrSkip(), time.Now()))
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "Toren kan op dit moment niets opslaan") {
		t.Errorf("intake form on a full database: %d", code)
	}
	if n := metric(t, e.srv.URL, "toren_db_write_failures_total"); n < float64(failed) {
		t.Errorf("toren_db_write_failures_total = %v, want at least %d", n, failed)
	}
	after, _, _, _ := e.app.db.Counts(ctx)
	if after < before {
		t.Errorf("reports went from %d to %d", before, after)
	}
}

// newFormOrSkip opens the intake form; on a full database opening it may
// already fail (it saves nothing, but the session touch may), in which
// case a made-up key shows the same page.
func (ic *intakeClient) newFormOrSkip() string {
	code, body := ic.get("/meldingen/nieuw")
	if m := formKeyRe.FindStringSubmatch(body); code == http.StatusOK && m != nil {
		return m[1]
	}
	return "AAAAAAAAAAAAAAAAAAAAAA"
}

// On a real full disk (a small tmpfs, which needs root), /readyz says not
// ready while /healthz stays live, writes get 503, and once space is
// freed /readyz is ready again without a restart.
func TestFullDiskReadiness(t *testing.T) {
	dir := t.TempDir()
	mnt := filepath.Join(dir, "disk")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("full-disk test skipped: cannot mount a small tmpfs (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })
	ctx := context.Background()
	a, err := openApp(ctx, "sqlite:"+filepath.Join(mnt, "t.db"), newLogger(quietEnv(), io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := demoAccounts(ctx, a); err != nil {
		t.Fatal(err)
	}
	srv, err := a.server(serverOptions{demo: true})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	e := &matrixEnv{app: a, srv: hs}
	ic := e.intakeClient(t, "intake")
	get := func(path string) int {
		resp, err := http.Get(hs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if get("/readyz") != http.StatusOK {
		t.Fatal("not ready before the disk is full")
	}
	// Fill the disk.
	filler := filepath.Join(mnt, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<16)
	for {
		if _, err := f.Write(chunk); err != nil {
			break
		}
	}
	f.Close()
	// /readyz answers from a probe at most 5 seconds old; poll until the
	// probe sees the full disk.
	waitFor := func(path string, want int) {
		t.Helper()
		for i := 0; i < 100; i++ {
			if get(path) == want {
				return
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatalf("%s never answered %d", path, want)
	}
	waitFor("/readyz", http.StatusServiceUnavailable)
	if get("/healthz") != http.StatusOK {
		t.Error("/healthz failed on a full disk: liveness must not depend on writes")
	}
	if code, body := apiReport(t, ic.c, hs.URL, ic.csrf); code != http.StatusServiceUnavailable {
		t.Errorf("report on a full disk: %d %s", code, body)
	}
	// Signing in writes a session: the maintenance page, not a 500.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.PostForm(hs.URL+"/inloggen", neturl.Values{"gebruikersnaam": {"casemanager"}, "wachtwoord": {demoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(page), "niets opslaan") {
		t.Errorf("sign-in on a full disk: %d", resp.StatusCode)
	}
	if n := metric(t, hs.URL, "toren_ready"); n != 0 {
		t.Errorf("toren_ready = %v on a full disk", n)
	}
	os.Remove(filler)
	waitFor("/readyz", http.StatusOK)
	if code, body := apiReport(t, ic.c, hs.URL, ic.csrf); code != http.StatusCreated {
		t.Errorf("report after space was freed: %d %s", code, body)
	}
}
