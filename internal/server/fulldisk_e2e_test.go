package server_test

import (
	"context"
	"io"
	"net/http"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/apptest"
	"toren/internal/config"
)

// report is a minimal valid police report for the API.
var report = map[string]any{
	"reporter":       map[string]any{"kind": "police", "organisation": "Politie", "phone": "0900-8844"},
	"violence_types": []string{"partner"}, "description": "Schijf vol.",
	"persons": []map[string]any{{"role": "victim", "surname": "Vol"}},
}

func metric(t *testing.T, c *apptest.Client, name string) float64 {
	t.Helper()
	_, body := c.Get("/metrics")
	m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("metric %s not in /metrics", name)
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

// When the database cannot grow (SQLite answers SQLITE_FULL, as on a full
// disk), a write through the API gets 503 with a problem saying nothing
// was stored, a form of the web interface a Dutch maintenance page instead
// of a 500, and /metrics counts the failed writes.
func TestDatabaseFullGivesMaintenanceNotInternalError(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	apptest.Demo(t, a, 0, 1)
	srv := apptest.Serve(t, a)
	ctx := context.Background()
	c := srv.SignIn(t, "intake")
	if code, body := c.Do(http.MethodPost, "/api/v1/reports", report); code != http.StatusCreated {
		t.Fatalf("report before the database is full: %d %s", code, body)
	}
	// The database may not grow past its current size: the next insert
	// that needs a new page fails with SQLITE_FULL, the code a full disk
	// gives. (A limit below the size leaves it at the size.)
	if err := a.Store().ExecForTest(ctx, "PRAGMA max_page_count = 1"); err != nil {
		t.Fatal(err)
	}
	failed := 0
	for i := 0; i < 20; i++ {
		code, body := c.Do(http.MethodPost, "/api/v1/reports", report)
		if code == http.StatusCreated {
			continue // a page with room left in it
		}
		failed++
		if code != http.StatusServiceUnavailable || !strings.Contains(string(body), "unavailable") || !strings.Contains(string(body), "nothing was stored") {
			t.Fatalf("report on a full database: %d %s", code, body)
		}
	}
	if failed == 0 {
		t.Fatal("no write failed: the database never filled up")
	}
	// The intake form on a full database: the worker sees the Dutch
	// maintenance page (503), not an error page, and nothing was stored.
	reportsBefore, _, personsBefore, err := a.Store().Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	code, body, _ := c.Post("/meldingen/nieuw", neturl.Values{"formulier": {"AAAAAAAAAAAAAAAAAAAAAA"}, "actie": {"registreren"},
		"kind": {"report"}, "channel": {"phone"}, "received_at": {time.Now().Add(-time.Hour).Format("02-01-2006 15:04")},
		"reporter.kind": {"citizen"}, "reporter.name": {"Buurman"}, "reporter.phone": {"0612345678"},
		"description": {"Geschreeuw."}, "violence_types": {"partner"},
		"persons[0].role": {"victim"}, "persons[0].surname": {"Volschijf"}, "persons[0].names": {"Sanne"}})
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "Toren kan op dit moment niets opslaan") {
		t.Errorf("intake form on a full database: %d, want 503 with the Dutch maintenance text; page:\n%.600s", code, body)
	}
	reportsAfter, _, personsAfter, err := a.Store().Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := a.Store().RowsForTest(ctx, `SELECT COUNT(*) AS n FROM mentions WHERE surname = ?`, "Volschijf")
	if err != nil {
		t.Fatal(err)
	}
	if reportsAfter != reportsBefore || personsAfter != personsBefore || rows[0]["n"] != "0" {
		t.Errorf("the refused form wrote: reports %d -> %d, persons %d -> %d, mentions of Volschijf %s",
			reportsBefore, reportsAfter, personsBefore, personsAfter, rows[0]["n"])
	}
	if n := metric(t, c, "toren_db_write_failures_total"); n < float64(failed) {
		t.Errorf("toren_db_write_failures_total = %v, want at least %d", n, failed)
	}
}

// On a real full disk (a small tmpfs, which needs root), /readyz says not
// ready while /healthz stays live, writes and sign-in get 503, and once
// space is freed /readyz is ready again without a restart.
func TestFullDiskReadiness(t *testing.T) {
	t.Parallel()
	mnt := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("full-disk test skipped: cannot mount a small tmpfs (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })
	a := apptest.New(t, apptest.Configure(func(c *config.Config) { c.DB = "sqlite:" + filepath.Join(mnt, "toren.db") }))
	apptest.Demo(t, a, 0, 1)
	srv := apptest.Serve(t, a)
	c := srv.SignIn(t, "intake")
	anon := srv.Client(t)
	if code, _ := anon.Get("/readyz"); code != http.StatusOK {
		t.Fatal("not ready before the disk is full")
	}
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
	// /readyz answers from a probe at most 5 seconds old: poll until the
	// probe has seen the full disk.
	waitFor := func(path string, want int) {
		t.Helper()
		for i := 0; i < 100; i++ {
			if code, _ := anon.Get(path); code == want {
				return
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatalf("%s never answered %d", path, want)
	}
	waitFor("/readyz", http.StatusServiceUnavailable)
	if code, _ := anon.Get("/healthz"); code != http.StatusOK {
		t.Error("/healthz failed on a full disk: liveness must not depend on writes")
	}
	if code, body := c.Do(http.MethodPost, "/api/v1/reports", report); code != http.StatusServiceUnavailable {
		t.Errorf("report on a full disk: %d %s", code, body)
	}
	resp, err := anon.HTTP.PostForm(srv.URL+"/inloggen", neturl.Values{"gebruikersnaam": {"casemanager"}, "wachtwoord": {apptest.Password}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(page), "niets opslaan") {
		t.Errorf("sign-in on a full disk: %d", resp.StatusCode)
	}
	if n := metric(t, anon, "toren_ready"); n != 0 {
		t.Errorf("toren_ready = %v on a full disk", n)
	}
	os.Remove(filler)
	waitFor("/readyz", http.StatusOK)
	if code, body := c.Do(http.MethodPost, "/api/v1/reports", report); code != http.StatusCreated {
		t.Errorf("report after space was freed: %d %s", code, body)
	}
}
