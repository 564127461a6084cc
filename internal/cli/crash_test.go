package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"toren/internal/bench"
	"toren/internal/config"
	"toren/internal/store"
	"toren/internal/store/storetest"
)

// A report the server acknowledged survives kill -9, also when
// concurrent requests share one commit: the server is killed while
// clients are posting, and every acknowledged report is in the database
// with an intact audit chain.
func TestAcknowledgedReportsSurviveKill(t *testing.T) {
	testAcknowledgedReportsSurviveKill(t, "sqlite:"+filepath.Join(t.TempDir(), "crash.db"))
}

// The same on PostgreSQL, where a group's writes are deferred and sent as
// one batch before the commit (store/pgbatch.go).
func TestAcknowledgedReportsSurviveKillPostgres(t *testing.T) {
	testAcknowledgedReportsSurviveKill(t, storetest.PostgresSchema(t))
}

func testAcknowledgedReportsSurviveKill(t *testing.T, dsn string) {
	t.Setenv("TOREN_TEST_AS_TOREN", "1")
	ctx := context.Background()
	var cred bytes.Buffer
	if code := Main(ctx, []string{"user", "add", "--db", dsn, "--name", "Iris", "--roles", "intake", "--teams", config.DefaultIntakeTeam, "iris"},
		Env{Stdout: &cred, Stderr: io.Discard, Getenv: func(string) string { return "" }}); code != 0 {
		t.Fatal("toren user add failed")
	}
	srv, err := startServer(ctx, Env{Getenv: os.Getenv, Stderr: io.Discard}, dsn, serverProfiles{})
	if err != nil {
		t.Fatal(err)
	}
	killed := false
	t.Cleanup(func() {
		if !killed {
			srv.stop()
		}
	})
	c, err := signIn(ctx, srv.base, "iris", credField(cred.String(), "password:"), credField(cred.String(), "TOTP key:"))
	if err != nil {
		t.Fatal(err)
	}
	bodies, _ := bench.Families(ctx, 2000, 3, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), "crash-")
	var mu sync.Mutex
	var acked []int64
	var refused string // the first refusal, to say why enough never came
	enough := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for b := range bodies {
				req, _ := http.NewRequest(http.MethodPost, c.Base+b.Path, bytes.NewReader(b.JSON))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-CSRF-Token", c.CSRF)
				req.Header.Set("Idempotency-Key", b.Key)
				resp, err := c.HTTP.Do(req)
				if err != nil {
					return // the server is gone
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					mu.Lock()
					if refused == "" {
						refused = fmt.Sprintf("%d %s", resp.StatusCode, body)
					}
					mu.Unlock()
					continue
				}
				id, err := strconv.ParseInt(strings.TrimPrefix(resp.Header.Get("Location"), "/api/v1/reports/"), 10, 64)
				if err != nil {
					id, _ = strconv.ParseInt(strings.TrimPrefix(resp.Header.Get("Location"), "/api/v1/advice-requests/"), 10, 64)
				}
				mu.Lock()
				acked = append(acked, id)
				if len(acked) >= 150 {
					once.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		})
	}
	// The clients stop when the families run out; if too few reports were
	// acknowledged by then, say why instead of waiting for ever.
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-enough:
	case <-finished:
		t.Fatalf("only %d reports acknowledged before the families ran out; first refusal: %s", len(acked), refused)
	}
	if err := srv.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killed = true
	<-srv.done
	wg.Wait()

	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, id := range acked {
		if id == 0 {
			t.Fatal("an acknowledged report without its location")
		}
		if _, err := db.GetReport(ctx, id); err != nil {
			t.Errorf("acknowledged report %d lost: %v", id, err)
		}
	}
	if _, err := db.VerifyAudit(ctx); err != nil {
		t.Errorf("audit chain after kill: %v", err)
	}
	t.Logf("%d acknowledged reports, all present after kill -9", len(acked))
}
