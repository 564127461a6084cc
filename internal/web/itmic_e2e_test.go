package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/apptest"
	"toren/internal/itteamsvc"
	"toren/internal/toren"
)

// TestITMICOnBothDatabases: a worker of the duo reports incidents (MIC)
// through the API and the case page; the reports reach the IT team
// leader, whose start page shows the follow-up question when it is due
// (six weeks, then three months) until it is recorded; the other of the
// duo reads neither; bad input names the field; everything is audited.
func TestITMICOnBothDatabases(t *testing.T) {
	t.Parallel()
	for _, db := range []struct {
		name string
		opts []apptest.Option
	}{{"sqlite", nil}, {"postgres", []apptest.Option{apptest.OnPostgres()}}} {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			clock := toren.NewFixedClock(time.Now().UTC())
			s := itTeam(t, append(db.opts, apptest.Clock(clock))...)
			path := itWalk(t, s)
			id := strings.TrimPrefix(path, "/interventieteam/")
			ilse := s.SignIn(t, "ilse")
			before := apptest.AuditHead(t, s.App)

			code, body := ilse.Do("POST", "/api/v1/it-cases/"+id+"/mic", map[string]any{"on": day(1), "what": " ", "involved": "Vader", "harm": []string{"bodily"}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"field":"what"`) || !strings.Contains(string(body), `"rule":"not_future"`) {
				t.Errorf("bad incident: %d %s", code, body)
			}
			code, body = ilse.Do("POST", "/api/v1/it-cases/"+id+"/mic", map[string]any{"on": day(-1), "what": "Vader gooide een kopje naar mij",
				"involved": "Vader; Ilse Smit", "harm": []string{"mental", "material"}})
			var mic struct {
				ID        int64 `json:"id"`
				FollowUps []struct {
					Due toren.Date `json:"due"`
				} `json:"follow_ups"`
			}
			if code != http.StatusCreated || json.Unmarshal(body, &mic) != nil || len(mic.FollowUps) != 2 ||
				!mic.FollowUps[0].Due.Equal(toren.DateOf(clock.Now()).AddDays(42)) {
				t.Fatalf("incident through the API: %d %s", code, body)
			}
			micPath := "/incidentmeldingen/" + strconv.FormatInt(mic.ID, 10)
			// The web form: bad input shows the page again, naming the rule.
			if status, page, _ := ilse.Post(path+"/mic", neturl.Values{"datum": {day(-2)}, "wat": {"Dreigende taal"}}); status != http.StatusUnprocessableEntity ||
				!strings.Contains(page, "Betrokken: Vul in wie erbij betrokken waren.") {
				t.Errorf("incident without who was involved: %d", status)
			}
			if status, page, _ := ilse.Post(path+"/mic", neturl.Values{"datum": {day(-2)}, "wat": {"Dreigende taal aan de deur"}, "betrokken": {"Zoon"}}); status != http.StatusSeeOther {
				t.Fatalf("incident through the form: %d\n%s", status, page)
			}
			var actions []string
			for _, e := range apptest.AuditAfter(t, s.App, before) {
				actions = append(actions, e.Action)
			}
			if strings.Count(strings.Join(actions, " "), itteamsvc.ActionMICReport) != 2 {
				t.Errorf("audit after two reports: %v", actions)
			}

			// The reporter and the team leader read it; the other of the duo not.
			if status, page := ilse.Get(path); status != http.StatusOK || strings.Count(page, `href="/incidentmeldingen/`) != 2 {
				t.Errorf("the reporter's case page lists %d reports", strings.Count(page, `href="/incidentmeldingen/`))
			}
			ahmed := s.SignIn(t, "ahmed")
			if status, _ := ahmed.Get(micPath); status != http.StatusForbidden {
				t.Errorf("the other of the duo reads the report: %d", status)
			}
			if _, page := ahmed.Get(path); strings.Contains(page, `href="/incidentmeldingen/`) {
				t.Error("the other of the duo sees the reports listed")
			}
			lead := s.SignIn(t, "itleider")
			if status, page := lead.Get(micPath); status != http.StatusOK || !strings.Contains(page, "Vader gooide een kopje naar mij") ||
				!strings.Contains(page, "Geestelijk letsel, Materiële schade") {
				t.Errorf("the team leader's view of the report: %d", status)
			}
			if _, home := lead.Get("/"); !strings.Contains(home, "Nazorg na incidentmeldingen") || !strings.Contains(home, "Geen nazorgvragen") {
				t.Error("the team leader's start page has follow-ups on the day of the report")
			}
			if _, home := ilse.Get("/"); strings.Contains(home, "Nazorg na incidentmeldingen") {
				t.Error("a worker's start page shows the team leader's follow-ups")
			}

			// Six weeks on: the question is due, and overdue a day later.
			clock.Advance(43 * 24 * time.Hour)
			lead = s.SignIn(t, "itleider")
			if _, home := lead.Get("/"); strings.Count(home, "Na zes weken: Ilse Smit") != 2 || !strings.Contains(home, "Te laat") {
				t.Errorf("start page after six weeks lacks the two follow-ups")
			}
			if status, page, _ := lead.Post(micPath+"/nazorg", neturl.Values{"moment": {"six_weeks"}, "datum": {day(-400)}}); status != http.StatusUnprocessableEntity ||
				!strings.Contains(page, "Gevraagd op: De datum ligt niet vóór de melding.") {
				t.Errorf("follow-up before the report: %d", status)
			}
			if status, _, _ := s.SignIn(t, "ilse").Post(micPath+"/nazorg", neturl.Values{"moment": {"six_weeks"}, "datum": {toren.DateOf(clock.Now()).String()}}); status != http.StatusForbidden {
				t.Errorf("the worker records the follow-up: %d", status)
			}
			if status, page, _ := lead.Post(micPath+"/nazorg", neturl.Values{"moment": {"six_weeks"}, "datum": {toren.DateOf(clock.Now()).String()},
				"hulp": {"nee"}, "toelichting": {"Gaat goed"}}); status != http.StatusSeeOther {
				t.Fatalf("follow-up: %d\n%s", status, page)
			}
			if _, home := lead.Get("/"); strings.Count(home, "Na zes weken: Ilse Smit") != 1 {
				t.Error("the follow-up recorded is still in the queue")
			}
			if _, page := lead.Get(micPath); !strings.Contains(page, "Gaat goed") || !strings.Contains(page, "Nazorgvraag Na drie maanden vastleggen") ||
				strings.Contains(page, "Nazorgvraag Na zes weken vastleggen") {
				t.Error("the report's page after the six weeks' follow-up")
			}
		})
	}
}

// TestITSafetyPlanPDF: the duo prints the safety plan for the family as a
// PDF on the letterhead, any version; the download is audited as an
// export of the IT case; another team's worker with the right to export
// its own cases gets nothing of the IT case.
func TestITSafetyPlanPDF(t *testing.T) {
	t.Parallel()
	s := itTeam(t)
	path := itWalk(t, s)
	ilse := s.SignIn(t, "ilse")
	if _, page := ilse.Get(path); !strings.Contains(page, `href="`+path+`/plan/2/pdf"`) {
		t.Error("the case page has no link to print the current plan")
	}
	before := apptest.AuditHead(t, s.App)
	resp, err := ilse.HTTP.Get(s.URL + path + "/plan/2/pdf")
	if err != nil {
		t.Fatal(err)
	}
	body := new(strings.Builder)
	_, _ = io.Copy(body, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body.String(), "%PDF-") ||
		!strings.Contains(body.String(), "/Lang (nl-NL)") {
		t.Fatalf("plan PDF: %d %s %.20q", resp.StatusCode, resp.Header.Get("Content-Type"), body.String())
	}
	entries := apptest.AuditAfter(t, s.App, before)
	if len(entries) != 1 || entries[0].Action != "export" || entries[0].ObjectType != "it_case" || entries[0].ObjectID != strings.TrimPrefix(path, "/interventieteam/") ||
		!strings.Contains(entries[0].Reason, "safety plan version 2") {
		t.Errorf("audit of the export: %+v", entries)
	}
	if status, _ := ilse.Get(path + "/plan/1/pdf"); status != http.StatusOK {
		t.Errorf("earlier version: %d", status)
	}
	if status, _ := ilse.Get(path + "/plan/9/pdf"); status != http.StatusNotFound {
		t.Errorf("a version that does not exist: %d", status)
	}
	before = apptest.AuditHead(t, s.App)
	if status, page := s.SignIn(t, "cas").Get(path + "/plan/2/pdf"); status != http.StatusForbidden || strings.Contains(page, "Ex-vriend") {
		t.Errorf("another team's case manager prints the plan: %d", status)
	}
	for _, e := range apptest.AuditAfter(t, s.App, before) {
		if e.Outcome == "ok" && e.Action == "export" {
			t.Errorf("a refused export is audited as done: %+v", e)
		}
	}
}
