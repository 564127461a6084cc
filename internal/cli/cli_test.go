package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	neturl "net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/demo/generate"
	"toren/internal/importer"
	"toren/internal/reports"
)

// syncBuffer is a bytes.Buffer safe for a command writing while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

func TestHelpForEveryCommand(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, "help")
	if code != 0 {
		t.Fatalf("help exit %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, c.name) {
			t.Errorf("help does not list %s", c.name)
		}
		code, _, errOut := run(t, "help", c.name)
		if code != 0 || !strings.Contains(errOut, "Usage: toren "+c.name) {
			t.Errorf("help %s: exit %d, %q", c.name, code, errOut)
		}
	}
	if code, _, _ := run(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command exit %d, want 2", code)
	}
	if code, _, _ := run(t, "serve", "--no-such-flag"); code != 2 {
		t.Errorf("bad flag exit %d, want 2", code)
	}
	if code, out, _ := run(t, "version"); code != 0 || !strings.HasPrefix(out, "toren ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	db := "sqlite:" + filepath.Join(t.TempDir(), "t.db")
	code, out, errOut := run(t, "migrate", "--db", db)
	if code != 0 || !regexp.MustCompile(`schema version (\d+) of (\d+)`).MatchString(out) {
		t.Fatalf("migrate: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, "migrate", "--db", "mysql://x"); code != 1 || !strings.Contains(errOut, "sqlite:PATH or postgres://") {
		t.Errorf("bad database: %d %q", code, errOut)
	}
}

// The demo command starts, serves the start page with the seed stories on
// it, and stops cleanly when its context is cancelled.
func TestDemoServesAndStops(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--families", "20"}, Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	}()
	addr := regexp.MustCompile(`running at (http://[0-9.:]+/)`)
	var url string
	for i := 0; i < 600 && url == ""; i++ {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
			break
		}
		select {
		case code := <-done:
			t.Fatalf("demo exited %d early: %s", code, errb.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if url == "" {
		t.Fatalf("demo printed no address: %q %q", out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "casemanager") || !strings.Contains(out.String(), apptest.Password) {
		t.Errorf("demo does not print its accounts: %s", out.String())
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Inloggen") {
		t.Fatalf("without a session the start page must ask to sign in: %d\n%s", resp.StatusCode, body)
	}
	resp, err = client.PostForm(url+"inloggen", neturl.Values{"gebruikersnaam": {"intake"}, "wachtwoord": {apptest.Password}, "terug": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	// The start page shows the work and the newest reports; registry
	// persons only through search, where need-to-know applies.
	if resp.StatusCode != 200 || strings.Contains(string(body), "Personenregister") || !strings.Contains(string(body), "Laatste meldingen") {
		t.Fatalf("start page after sign-in: %d\n%s", resp.StatusCode, body)
	}
	// The newest report on the start page is a seed story (Lisanne's care provider).
	if !strings.Contains(string(body), "Gezondheidszorg") && !strings.Contains(string(body), "Jeugdzorg") && !strings.Contains(string(body), "Wijkteam") {
		t.Errorf("seed reports are not on top of the start page")
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("demo exit %d after stop: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("demo did not stop")
	}
}

// toren import: bad rows are named by line, good rows stored, and a second
// run of the same file stores nothing new.
func TestImportPoliceFileTwice(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "t.db")
	g := generate.New(generate.Config{Families: 40, Years: 3, Seed: 7, End: time.Now()})
	var rs []reports.Report
	if err := g.Each(func(gr generate.GeneratedReport) error {
		if gr.Report.Reporter.Kind == reports.ReporterPolice {
			rs = append(rs, gr.Report)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(rs) < 20 {
		t.Fatalf("only %d police reports generated", len(rs))
	}
	rs[3].Persons[0].BSN = "123456789"                                         // fails the eleven test: data line 4 = file line 5
	rs[7].Persons[0].BirthDate = rs[7].Persons[0].BirthDate.AddDate(200, 0, 0) // in the future: file line 9
	var csv bytes.Buffer
	if err := importer.WriteCSV(&csv, rs); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "politie.csv")
	if err := os.WriteFile(path, csv.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "import", "--kind", "police", "--db", db, path)
	if code != 1 {
		t.Fatalf("import with bad rows exit %d, want 1: %s %s", code, out, errOut)
	}
	for _, want := range []string{"line 5: persons[0].bsn", "line 9: persons[0].birth_date", fmt.Sprintf("%d rows read: %d stored, 0 already imported, 2 refused", len(rs), len(rs)-2)} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = run(t, "import", "--kind", "police", "--db", db, path)
	if want := fmt.Sprintf("%d rows read: 0 stored, %d already imported, 2 refused", len(rs), len(rs)-2); !strings.Contains(out, want) {
		t.Errorf("second run: want %q in\n%s", want, out)
	}
	store, err := app.OpenStore(context.Background(), db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	n, _, _, err := store.Counts(context.Background())
	if err != nil || n != int64(len(rs)-2) {
		t.Errorf("%d reports stored after two runs, want %d", n, len(rs)-2)
	}
	if code, _, _ := run(t, "import", "--db", db, path); code != 2 {
		t.Errorf("import without --kind: exit %d, want 2", code)
	}
}

// toren radar eval prints counts and, as its last line, one JSON object
// with the scores; here on the FEBRL sample shipped as test data.
func TestRadarEvalLastLineIsJSON(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, "radar", "eval", "../radar/febrl/testdata/dataset1_head200.csv")
	if code != 0 {
		t.Fatalf("radar eval exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var got struct {
		Precision, Recall, F1, Seconds *float64
		Records                        *int
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatalf("last line is not JSON: %q: %v", lines[len(lines)-1], err)
	}
	if got.Precision == nil || got.Recall == nil || got.F1 == nil || got.Seconds == nil || got.Records == nil {
		t.Fatalf("last line lacks a field: %s", lines[len(lines)-1])
	}
	if *got.Records != 200 || *got.Precision < 0.99 || *got.F1 < 0.9 {
		t.Errorf("scores on the sample: %s", lines[len(lines)-1])
	}
	code, out, _ = run(t, "radar", "eval", "--generated", "200")
	if code != 0 || !strings.Contains(out, `"mode":"dedup"`) {
		t.Errorf("generated eval: %d %s", code, out)
	}
	if code, _, _ := run(t, "radar", "eval"); code != 2 {
		t.Errorf("radar eval without input: exit %d, want 2", code)
	}
}

func TestUserCommands(t *testing.T) {
	t.Parallel()
	db := "sqlite:" + filepath.Join(t.TempDir(), "t.db")
	code, out, errOut := run(t, "user", "add", "--db", db, "--name", "Anna de Vries", "--roles", "intake,case_manager", "--teams", "Team Oost", "anna")
	if code != 0 || !strings.Contains(out, "password:") || !strings.Contains(out, "otpauth://totp/Toren:anna") {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, "user", "add", "--db", db, "--roles", "intake", "ANNA"); code != 1 || !strings.Contains(errOut, "taken") {
		t.Errorf("duplicate user name in other case: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, "user", "add", "--db", db, "--roles", "boss", "bob"); code != 1 || !strings.Contains(errOut, `unknown role "boss"`) {
		t.Errorf("unknown role: %d %q", code, errOut)
	}
	if code, out, _ := run(t, "user", "reset", "--db", db, "anna"); code != 0 || !strings.Contains(out, "password:") {
		t.Errorf("user reset: %d %q", code, out)
	}
	if code, out, _ := run(t, "user", "disable", "--db", db, "anna"); code != 0 || !strings.Contains(out, "disabled") {
		t.Errorf("user disable: %d %q", code, out)
	}
	if code, _, errOut := run(t, "user", "disable", "--db", db, "nobody"); code != 1 || !strings.Contains(errOut, "not found") {
		t.Errorf("disable unknown: %d %q", code, errOut)
	}
	if code, out, errOut := run(t, "audit", "verify", "--db", db); code != 0 || !strings.Contains(out, "audit log verified") {
		t.Errorf("audit verify: %d %q %q", code, out, errOut)
	}
}

// toren audit verify names the first entry someone changed or removed in
// the database behind Toren's back.
func TestAuditVerifyFindsTampering(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	db := "sqlite:" + path
	cfg := apptest.Config(t.TempDir())
	cfg.DB = db
	a, err := app.New(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.LoadDemo(ctx, 0, 1, 1); err != nil { // the seed reports, each audited
		t.Fatal(err)
	}
	if code, out, _ := run(t, "audit", "verify", "--db", db); code != 0 || !strings.Contains(out, "verified") {
		t.Fatalf("untouched log: %d %q", code, out)
	}
	for _, stmt := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET actor_name = 'niemand' WHERE seq = 4"} {
		if err := a.Store().ExecForTest(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	code, _, errOut := run(t, "audit", "verify", "--db", db)
	if code != 1 || !strings.Contains(errOut, "does NOT verify") || !strings.Contains(errOut, "entry 4") {
		t.Errorf("changed entry 4: exit %d, %q", code, errOut)
	}
}

// toren client registers a client and shows its token once; rotate gives
// a second token while the first stays valid; revoke ends the client;
// bad input names the field and changes nothing.
func TestClientCommands(t *testing.T) {
	t.Parallel()
	db := "sqlite:" + filepath.Join(t.TempDir(), "t.db")
	code, out, errOut := run(t, "client", "add", "--db", db, "--scopes", "reports:create", "Politie Eenheid Oost-Brabant")
	if code != 0 || !strings.Contains(out, "token:     trn_") || !strings.Contains(out, "client:    1 (Politie Eenheid Oost-Brabant)") {
		t.Fatalf("client add: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, "client", "add", "--db", db, "--scopes", "cases:read", "Wijkteam"); code != 1 || !strings.Contains(errOut, `unknown scope "cases:read"`) {
		t.Errorf("unknown scope: %d %q", code, errOut)
	}
	// A client that reads handovers speaks for a partner of the catalogue.
	if code, _, errOut := run(t, "client", "add", "--db", db, "--scopes", "handovers:respond", "Wijkteam Tilburg"); code != 1 ||
		!strings.Contains(errOut, "partner_id") {
		t.Errorf("a handover client without a partner: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, "client", "add", "--db", db, "--scopes", "handovers:respond", "--partner", "99", "Wijkteam Tilburg"); code != 1 ||
		!strings.Contains(errOut, "partner_id") {
		t.Errorf("a handover client of an unknown partner: %d %q", code, errOut)
	}
	if code, out, _ := run(t, "client", "rotate", "--db", db, "1"); code != 0 || !strings.Contains(out, "token:     trn_") || !strings.Contains(out, "earlier tokens stay valid") {
		t.Errorf("client rotate: %d %q", code, out)
	}
	code, out, _ = run(t, "client", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "Politie Eenheid Oost-Brabant") || strings.Count(out, "trn_") != 2 || strings.Contains(out, "Wijkteam") {
		t.Errorf("client list after rotate (two valid tokens, no refused client): %d %q", code, out)
	}
	if code, out, _ := run(t, "client", "revoke", "--db", db, "1"); code != 0 || !strings.Contains(out, "revoked") {
		t.Errorf("client revoke: %d %q", code, out)
	}
	if code, out, _ := run(t, "client", "list", "--db", db); code != 0 || !strings.Contains(out, "revoked") || strings.Contains(out, "trn_") {
		t.Errorf("client list after revoke: %d %q", code, out)
	}
	if code, _, errOut := run(t, "client", "revoke", "--db", db, "abc"); code != 1 || !strings.Contains(errOut, "ID:") {
		t.Errorf("revoke with a bad ID: %d %q", code, errOut)
	}
	if code, out, errOut := run(t, "audit", "verify", "--db", db); code != 0 || !strings.Contains(out, "audit log verified") {
		t.Errorf("audit verify: %d %q %q", code, out, errOut)
	}
}
