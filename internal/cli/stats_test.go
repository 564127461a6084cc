package cli

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"strings"
	"testing"

	"toren/internal/audit"
	"toren/internal/authz"
)

// After signing in every role lands on a page it may open: the start page
// for caseworkers, the statistics for the analyst, the break-glass review
// for the privacy officer; the administrator the administration pages, or
// a welcome page while they are not built, instead of "Geen toegang".
func TestSignInLandsOnAPageOfTheRole(t *testing.T) {
	t.Parallel()
	e, patterns := newMatrixEnv(t)
	admin := "/start"
	for _, p := range patterns {
		if p == "GET /beheer" || strings.HasPrefix(p, "GET /beheer/") {
			admin = "/beheer" // the administrator's page, once it is built
		}
	}
	tests := []struct{ user, landing string }{
		{"intake", "/"},
		{"casemanager", "/"},
		{"teamleider", "/"},
		{"analist", "/statistiek"},
		{"privacy", "/noodtoegang"},
		{"beheerder", admin},
	}
	for _, tt := range tests {
		client, _ := e.signIn(t, tt.user)
		path := "/start"
		landed := false
		for range 3 {
			resp, err := client.Get(e.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusSeeOther {
				path = resp.Header.Get("Location")
				continue
			}
			if resp.StatusCode != http.StatusOK || path != tt.landing {
				t.Errorf("%s lands on %s with %d, want %s", tt.user, path, resp.StatusCode, tt.landing)
			}
			if strings.Contains(string(body), "Geen toegang") {
				t.Errorf("%s lands on a refusal", tt.user)
			}
			landed = true
			break
		}
		if !landed {
			t.Errorf("%s: still redirected after 3 steps (at %s)", tt.user, path)
		}
	}
}

// The analyst downloads the statistics: the CSV holds the suppressed
// figures, and the audit log says who exported which period and what.
// The team leader sees the page without the download, and may not export.
func TestStatisticsExportIsAudited(t *testing.T) {
	t.Parallel()
	e, _ := newMatrixEnv(t)
	analyst, _ := e.signIn(t, "analist")
	before := e.head(t)
	resp, err := analyst.Get(e.srv.URL + "/statistiek/export.csv?jaar=2025&kwartaal=2")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), `filename="toren-statistiek-2025-04-01-2025-06-30.csv"`) {
		t.Fatalf("export: %d %v", resp.StatusCode, resp.Header)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil || len(recs) < 50 || recs[1][0] != "2025-04-01" || recs[1][1] != "2025-06-30" {
		t.Fatalf("export is not the CSV of the quarter: %v (%d lines)", err, len(recs))
	}
	// The rows and columns carry the catalogue's words, as the page does.
	var worded bool
	for _, rec := range recs[1:] {
		if rec[2] == "kerncijfers" && rec[3] == "Meldingen" && rec[4] == "Waarde" {
			worded = true
		}
		if rec[3] == "" || strings.HasPrefix(rec[3], "[") || strings.HasPrefix(rec[4], "[") {
			t.Errorf("an unworded row or column in the export: %v", rec)
		}
	}
	if !worded {
		t.Error("the export lacks the key figure Meldingen/Waarde")
	}
	entries := e.entriesAfter(t, before)
	if len(entries) != 1 {
		t.Fatalf("%d audit entries for one export, want 1: %+v", len(entries), entries)
	}
	en := entries[0]
	if en.Action != string(authz.ActionStatsExport) || en.Outcome != audit.OutcomeOK || en.ActorName != "Anouk Bos" ||
		en.ObjectType != "statistics" || en.ObjectID != "2025-04-01/2025-06-30" ||
		!strings.Contains(en.Reason, "figures in tables kerncijfers, per-periode, melders") || len(en.PersonIDs) != 0 {
		t.Errorf("audit entry of the export: %+v", en)
	}

	_, page := getPage(t, analyst, e.srv.URL+"/statistiek?jaar=2025")
	if !strings.Contains(page, `href="/statistiek/export.csv?tot=2025-12-31&amp;van=2025-01-01"`) {
		t.Error("the analyst's page has no download of the period shown")
	}
	leader, _ := e.signIn(t, "teamleider")
	code, page := getPage(t, leader, e.srv.URL+"/statistiek?jaar=2025")
	if code != 200 || strings.Contains(page, "export.csv") || !strings.Contains(page, `href="/statistiek"`) {
		t.Errorf("team leader: %d, download shown or no menu link", code)
	}
	before = e.head(t)
	if code, _ := getPage(t, leader, e.srv.URL+"/statistiek/export.csv"); code != http.StatusForbidden {
		t.Errorf("team leader exports: %d", code)
	}
	if entries := e.entriesAfter(t, before); len(entries) != 1 || entries[0].Outcome != audit.OutcomeDenied {
		t.Errorf("refused export audit: %+v", entries)
	}
}
