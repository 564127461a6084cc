package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"toren/internal/apptest"
	"toren/internal/authz"
	"toren/internal/importer"
)

// sendBatch posts lines as JSON Lines with the bearer token and decodes
// the batch.
func sendBatch(t *testing.T, srv *apptest.Server, token string, lines ...string) (int, importer.Batch, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/report-batches", strings.NewReader(strings.Join(lines, "\n")+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b importer.Batch
	json.NewDecoder(resp.Body).Decode(&b)
	return resp.StatusCode, b, resp.Header.Get("Location")
}

func policeLine(ref, surname string) string {
	b, _ := json.Marshal(map[string]any{
		"external_ref": ref, "received_at": "2026-03-02T09:30:00Z",
		"reporter":       map[string]any{"organisation": "Politie Eenheid Oost-Brabant", "phone": "0900-8844"},
		"violence_types": []string{"partner"}, "description": "Aangifte na huiselijk geweld.",
		"persons": []map[string]any{{"role": "victim", "surname": surname}},
	})
	return string(b)
}

// A client sends a JSON Lines batch in the format of toren import: every
// line is accounted for (stored, replayed, invalid with field and rule),
// sending it again stores nothing twice, the keys are the client's own (a
// second client's same registration numbers are its reports), the results
// come back by batch ID to the sender only, and each report's status is
// the sender's to read.
func TestAPIClientSendsBatches(t *testing.T) {
	t.Parallel()
	for _, db := range []struct {
		name string
		opts []apptest.Option
	}{{"SQLite", nil}, {"PostgreSQL", []apptest.Option{apptest.OnPostgres()}}} {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			a := apptest.New(t, db.opts...)
			police, tok := apptest.APIClient(t, a, "Politie Eenheid Oost-Brabant", authz.ScopeReportsCreate)
			_, other := apptest.APIClient(t, a, "Politie Eenheid Limburg", authz.ScopeReportsCreate)
			srv := apptest.Serve(t, a)

			lines := []string{policeLine("PL-1", "Verhoeven"), `{"received_at": "2026-03-02T09:30:00Z"}`, "niet json", policeLine("PL-2", "Smits")}
			st, b, loc := sendBatch(t, srv, tok, lines...)
			if st != http.StatusCreated || loc != "/api/v1/report-batches/"+strconv.FormatInt(b.ID, 10) {
				t.Fatalf("batch: %d %q %+v", st, loc, b)
			}
			if b.Summary != (importer.Summary{Rows: 4, Stored: 2, Skipped: 0, Bad: 2}) || len(b.Lines) != 4 {
				t.Fatalf("summary %+v, %d lines", b.Summary, len(b.Lines))
			}
			if l := b.Lines[1]; l.Line != 2 || l.Outcome != importer.LineInvalid || !hasFieldError(l, "external_ref", "required") {
				t.Errorf("line 2: %+v", l)
			}
			if l := b.Lines[2]; l.Outcome != importer.LineInvalid || len(l.Errors) == 0 {
				t.Errorf("line 3: %+v", l)
			}
			first := b.Lines[0]
			if first.Outcome != importer.LineStored || first.ReportID == 0 || first.Number == "" {
				t.Errorf("line 1: %+v", first)
			}
			statusPath := "/api/v1/reports/" + strconv.FormatInt(first.ReportID, 10) + "/status"
			if st, body := srv.APIClient(t, tok).Do(http.MethodGet, statusPath, nil); st != http.StatusOK {
				t.Errorf("status of a batch report: %d %s", st, body)
			}

			// Again: nothing stored twice.
			st, again, _ := sendBatch(t, srv, tok, lines...)
			if st != http.StatusCreated || again.Summary != (importer.Summary{Rows: 4, Stored: 0, Skipped: 2, Bad: 2}) || again.Lines[0].ReportID != first.ReportID {
				t.Errorf("batch again: %d %+v", st, again)
			}
			// Another client's same registration numbers are its own.
			if st, ob, _ := sendBatch(t, srv, other, lines[0]); st != http.StatusCreated || ob.Summary.Stored != 1 || ob.Lines[0].ReportID == first.ReportID {
				t.Errorf("other client's batch: %d %+v", st, ob)
			}

			// The results by ID, for the sender only.
			if st, body := srv.APIClient(t, tok).Do(http.MethodGet, loc, nil); st != http.StatusOK || !strings.Contains(string(body), `"outcome":"invalid"`) {
				t.Errorf("GET own batch: %d %s", st, body)
			}
			if st, _ := srv.APIClient(t, other).Do(http.MethodGet, loc, nil); st != http.StatusNotFound {
				t.Errorf("another client reads the batch: %d", st)
			}

			// Audited: the batch with its counts, each report as created, all
			// by the client.
			var batches, created int
			for _, e := range apptest.AuditAfter(t, a, 0) {
				if e.ActorID != "client:"+strconv.FormatInt(police.ID, 10) {
					continue
				}
				switch e.Action {
				case importer.ActionBatch:
					batches++
				case "report.create":
					created++
				}
			}
			if batches != 2 || created != 2 {
				t.Errorf("audit: %d batches, %d reports created by the client", batches, created)
			}
			if n, _, _, err := a.Store().Counts(context.Background()); err != nil || n != 3 {
				t.Errorf("%d reports stored, want 3 (%v)", n, err)
			}
		})
	}
}

func hasFieldError(l importer.LineResult, field, rule string) bool {
	for _, e := range l.Errors {
		if e.Field == field && e.Rule == rule {
			return true
		}
	}
	return false
}
