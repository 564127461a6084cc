package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"toren/internal/api"
	"toren/internal/apptest"
	"toren/internal/authz"
	"toren/internal/clients"
)

// send posts body to path as the API client with token, with an
// Idempotency-Key when key is set, and returns status, body and Location.
func send(t *testing.T, srv *apptest.Server, token, path, key string, body any) (int, map[string]any, http.Header) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, err := http.NewRequest(http.MethodPost, srv.URL+path, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if key != "" {
		req.Header.Set(api.IdempotencyKeyHeader, key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out, resp.Header
}

// A police client sends reports with its token and reads back the status
// of what it sent, and nothing else: no report content (not even of its
// own reports), no lists, no persons, no other sender's report. Every call
// is in the audit log with the client as the actor.
func TestAPIClientSendsReportsAndReadsOnlyTheirStatus(t *testing.T) {
	t.Parallel()
	for _, db := range []struct {
		name string
		opts []apptest.Option
	}{{"SQLite", nil}, {"PostgreSQL", []apptest.Option{apptest.OnPostgres()}}} {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			a := apptest.New(t, db.opts...)
			apptest.Demo(t, a, 0, 1)
			police, tok := apptest.APIClient(t, a, "Politie Eenheid Oost-Brabant", authz.ScopeReportsCreate)
			_, other := apptest.APIClient(t, a, "Politie Eenheid Limburg", authz.ScopeReportsCreate)
			srv := apptest.Serve(t, a)
			head := apptest.AuditHead(t, a)

			st, out, h := send(t, srv, tok, "/api/v1/reports", "PL-2026-001", reportBody("Verhoeven", "PL-2026-001"))
			if st != http.StatusCreated || out["status"] != "in_triage" || out["number"] == "" || out["persons"] != nil || out["description"] != nil {
				t.Fatalf("create as client: %d %v", st, out)
			}
			id := int64(out["id"].(float64))
			statusPath := "/api/v1/reports/" + strconv.FormatInt(id, 10) + "/status"
			if h.Get("Location") != statusPath {
				t.Errorf("Location = %q, want %q", h.Get("Location"), statusPath)
			}
			// A retry with the same key replays; the same key of another
			// client is that client's own.
			if st, out, h := send(t, srv, tok, "/api/v1/reports", "PL-2026-001", reportBody("Verhoeven", "PL-2026-001")); st != http.StatusOK || h.Get(api.ReplayedHeader) != "true" || int64(out["id"].(float64)) != id {
				t.Errorf("replay: %d %v", st, out)
			}
			if st, out, _ := send(t, srv, other, "/api/v1/reports", "PL-2026-001", reportBody("Verhoeven", "PL-2026-001")); st != http.StatusCreated || int64(out["id"].(float64)) == id {
				t.Errorf("other client's same key: %d %v", st, out)
			}

			mine := srv.APIClient(t, tok)
			if st, b := mine.Do(http.MethodGet, statusPath, nil); st != http.StatusOK || !bytes.Contains(b, []byte(`"status":"in_triage"`)) || bytes.Contains(b, []byte("Verhoeven")) {
				t.Errorf("own status: %d %s", st, b)
			}
			for path, want := range map[string]int{
				"/api/v1/reports/" + strconv.FormatInt(id, 10): http.StatusForbidden, // content, even of its own report
				"/api/v1/reports":               http.StatusForbidden,
				"/api/v1/persons":               http.StatusForbidden,
				"/api/v1/persons/1":             http.StatusForbidden,
				"/api/v1/persons/1/history":     http.StatusForbidden,
				"/api/v1/alerts":                http.StatusForbidden,
				"/api/v1/cases/1":               http.StatusForbidden,
				"/api/v1/queue":                 http.StatusForbidden,
				"/api/v1/review-items":          http.StatusForbidden,
				"/api/v1/reports/1/status":      http.StatusNotFound, // a demo report staff registered
				"/api/v1/reports/999999/status": http.StatusNotFound,
			} {
				if st, b := mine.Do(http.MethodGet, path, nil); st != want {
					t.Errorf("GET %s as client: %d %s, want %d", path, st, b, want)
				}
			}
			if st, _ := srv.APIClient(t, other).Do(http.MethodGet, statusPath, nil); st != http.StatusNotFound {
				t.Errorf("another client reads the status: %d", st)
			}
			// Pages are for staff: a token opens none.
			if st, _ := mine.Do(http.MethodGet, "/", nil); st != http.StatusUnauthorized {
				t.Errorf("start page with a token: %d", st)
			}
			// A wrong token is refused before anything is looked at.
			if st, _ := srv.APIClient(t, tok+"x").Do(http.MethodGet, statusPath, nil); st != http.StatusUnauthorized {
				t.Errorf("wrong token: %d", st)
			}

			// Audit: every call of the client names it, never a user.
			var created, denied, read int
			for _, e := range apptest.AuditAfter(t, a, head) {
				if e.ActorID != "client:"+strconv.FormatInt(police.ID, 10) {
					continue
				}
				if e.Role != string(authz.RoleClient) || e.ActorName != police.Name {
					t.Errorf("client audit entry %+v", e)
				}
				switch {
				case e.Action == "report.create" && e.ObjectID == strconv.FormatInt(id, 10):
					created++
				case e.Action == "report.status" && e.Outcome == "ok":
					read++
				case e.Outcome == "denied":
					denied++
				}
			}
			if created != 1 || read < 1 || denied < 9 {
				t.Errorf("audit of the client: %d created, %d status reads, %d denied", created, read, denied)
			}

			// Revoked: the next call is refused.
			if _, err := a.Clients().Revoke(apptest.System(context.Background()), authz.Console("test"), police.ID); err != nil {
				t.Fatal(err)
			}
			if st, _ := mine.Do(http.MethodGet, statusPath, nil); st != http.StatusUnauthorized {
				t.Errorf("revoked client: %d", st)
			}
		})
	}
}

// A client's calls beyond its rate limit get 429 with Retry-After, audited
// as denied; another client is not held up by it.
func TestAPIClientRateLimit(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	ctx := apptest.System(context.Background())
	slow, sec, err := a.Clients().Add(ctx, authz.Console("test"), clientsNew("Wijkteam Tilburg", 10))
	if err != nil {
		t.Fatal(err)
	}
	_, fast := apptest.APIClient(t, a, "Politie Eenheid Oost-Brabant", authz.ScopeReportsCreate)
	srv := apptest.Serve(t, a)
	c := srv.APIClient(t, sec.Token)
	// Burst: a tenth of the minute's limit (1 request), then refused.
	var limited int
	for range 5 {
		if st, _ := c.Do(http.MethodGet, "/api/v1/reports/1/status", nil); st == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("no call was rate limited")
	}
	if st, _ := srv.APIClient(t, fast).Do(http.MethodGet, "/api/v1/reports/1/status", nil); st == http.StatusTooManyRequests {
		t.Error("another client is rate limited")
	}
	var denied int
	for _, e := range apptest.AuditAfter(t, a, 0) {
		if e.ActorID == "client:"+strconv.FormatInt(slow.ID, 10) && e.Outcome == "denied" {
			denied++
		}
	}
	if denied != limited {
		t.Errorf("%d calls limited, %d audited as denied", limited, denied)
	}
}

func clientsNew(name string, perMinute int) clients.NewClient {
	return clients.NewClient{Name: name, Scopes: []string{string(authz.ScopeReportsCreate)}, RateLimit: perMinute}
}
