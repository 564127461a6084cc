package alerts_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/api"
	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/cases"
	"toren/internal/demo"
	"toren/internal/reports"
)

// The escalation rules end to end, over a real app on SQLite with the
// radar resolving persons: the case of Lisanne (police, then the care
// provider the next day: two reporters) raises the triage escalation; a
// signal about her once her case is open alerts the case's team, whose
// case manager acknowledges it with a note, audited; the history page
// shows her timeline in full to that team and only signals to others.
func TestEscalationEndToEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	if _, err := a.DemoAccounts(ctx); err != nil {
		t.Fatal(err)
	}
	hs := apptest.Serve(t, a)
	signIn := func(username string) (*http.Client, string) {
		c := hs.SignIn(t, username)
		return c.HTTP, c.CSRF
	}

	var police, care reports.Report
	for _, s := range demo.Seed(a.Clock().Now()) {
		switch s.Key {
		case "demo:lisanne:police":
			police = s.Report
		case "demo:lisanne:care":
			care = s.Report
		}
	}
	if police.ReceivedAt.IsZero() || care.ReceivedAt.IsZero() || !care.ReceivedAt.After(police.ReceivedAt) {
		t.Fatal("the demo lacks Lisanne's two reports, police first")
	}
	intakeC, intakeCSRF := signIn("intake")
	cmC, cmCSRF := signIn("casemanager")
	monC, _ := signIn("monitoring")

	call := func(c *http.Client, method, path, csrf string, body any) (int, []byte) {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, err := json.Marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, hs.URL+path, rd)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	submit := func(r reports.Report) reports.Report {
		t.Helper()
		body, err := api.ReportRequest(&r)
		if err != nil {
			t.Fatal(err)
		}
		code, b := call(intakeC, "POST", "/api/v1/reports", intakeCSRF, json.RawMessage(body))
		if code != http.StatusCreated {
			t.Fatalf("submit: %d %s", code, b)
		}
		var out reports.Report
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	type alertOut struct {
		ID           int64  `json:"id"`
		Rule         string `json:"rule"`
		Name         string `json:"name"`
		ReportNumber string `json:"report_number"`
		PersonID     int64  `json:"person_id"`
		CaseNumber   string `json:"case_number"`
		Team         string `json:"team"`
		Explanation  string `json:"explanation"`
		Note         string `json:"note"`
	}
	alertsFor := func(c *http.Client, state string) []alertOut {
		t.Helper()
		code, b := call(c, "GET", "/api/v1/alerts?state="+state, "", nil)
		if code != http.StatusOK {
			t.Fatalf("alerts: %d %s", code, b)
		}
		var page struct{ Items []alertOut }
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		// The rule's code, and beside it its name from the catalogue.
		for _, al := range page.Items {
			if al.Name == "" || al.Name == al.Rule {
				t.Errorf("alert %d (%s) over the API has no name: %q", al.ID, al.Rule, al.Name)
			}
		}
		return page.Items
	}
	find := func(list []alertOut, rule, number string) (alertOut, bool) {
		for _, al := range list {
			if al.Rule == rule && al.ReportNumber == number {
				return al, true
			}
		}
		return alertOut{}, false
	}

	// 1. Police, then the care provider: two reporters within 90 days.
	p := submit(police)
	if got := alertsFor(intakeC, "open"); len(got) != 0 {
		t.Errorf("the first report raised %+v", got)
	}
	c := submit(care)
	lisanne := p.Persons[0].PersonID
	if c.Persons[0].PersonID != lisanne {
		t.Fatalf("the radar did not link Lisanne Wijnants to Lisanne Wijnands (%d, %d)", c.Persons[0].PersonID, lisanne)
	}
	esc, ok := find(alertsFor(intakeC, "open"), "several_reporters", c.Number)
	if !ok || esc.Team != "Frontoffice" || esc.PersonID != lisanne || !strings.Contains(esc.Explanation, p.Number) {
		t.Fatalf("triage escalation for %s missing or wrong: %+v", c.Number, alertsFor(intakeC, "open"))
	}
	if got := alertsFor(cmC, "open"); len(got) != 0 {
		t.Errorf("the Backoffice sees the triage team's alerts: %+v", got)
	}

	// 2. Her case is opened at the Backoffice; a new signal about her
	// alerts the case's team at once.
	kase := &cases.Case{Status: cases.StatusConditions, Team: "Backoffice", ReportIDs: []int64{p.ID, c.ID}, OpenedAt: a.Clock().Now()}
	if err := a.Store().CreateCase(ctx, kase); err != nil {
		t.Fatal(err)
	}
	ggz := reports.Report{Kind: reports.KindReport, ReceivedAt: a.Clock().Now().Add(-time.Hour),
		Reporter:      reports.Reporter{Kind: reports.ReporterMentalHealth, Organisation: "GGZ Centraal", Phone: "030-1234567"},
		ViolenceTypes: []reports.ViolenceType{reports.TypeExPartner}, Description: "Cliënte vertelt dat haar ex-partner haar opnieuw bedreigt.",
		Persons: []reports.Mention{police.Persons[0]}}
	g := submit(ggz)
	if g.Persons[0].PersonID != lisanne {
		t.Fatalf("GGZ report not linked to Lisanne")
	}
	cmAlerts := alertsFor(cmC, "open")
	open, ok := find(cmAlerts, "open_case", g.Number)
	if !ok || len(cmAlerts) != 1 || open.Team != "Backoffice" || open.CaseNumber != kase.Number || !strings.Contains(open.Explanation, kase.Number) {
		t.Fatalf("case team's alerts: %+v", cmAlerts)
	}
	if _, ok := find(alertsFor(intakeC, "open"), "several_reporters", g.Number); !ok {
		t.Error("a third reporter within 90 days did not escalate to triage")
	}

	// The navigation counts it; the page shows it.
	page := get(t, cmC, hs.URL+"/signalen")
	if !strings.Contains(page, `utrecht-badge-counter">1<`) || !strings.Contains(page, "Signaal tijdens lopend dossier") || !strings.Contains(page, kase.Number) {
		t.Errorf("Signalen voor mij does not show the alert:\n%s", page)
	}
	// So does the start page, with a link to the case.
	if home := get(t, cmC, hs.URL+"/"); !strings.Contains(home, `id="signalen-voor-mij"`) || !strings.Contains(home, "Signaal tijdens lopend dossier") ||
		!strings.Contains(home, `href="/dossiers/`+strconv.FormatInt(kase.ID, 10)+`"`) {
		t.Errorf("the start page does not show the alert:\n%s", home)
	}

	// 3. Acknowledging: a note is required; another team may not; the
	// case manager does, and it is audited.
	ack := func(c *http.Client, csrf, note string) int {
		t.Helper()
		resp, err := c.PostForm(hs.URL+"/signalen/"+strconv.FormatInt(open.ID, 10)+"/afhandelen", neturl.Values{"csrf": {csrf}, "notitie": {note}})
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := ack(cmC, cmCSRF, "   "); code != http.StatusUnprocessableEntity {
		t.Errorf("acknowledging without a note: %d", code)
	}
	if code, _ := call(intakeC, "POST", "/api/v1/alerts/"+strconv.FormatInt(open.ID, 10)+"/acknowledge", intakeCSRF, map[string]string{"note": "Niet van mij."}); code != http.StatusForbidden {
		t.Errorf("another team acknowledged: %d", code)
	}
	if len(alertsFor(cmC, "open")) != 1 {
		t.Fatal("a refused acknowledgement closed the alert")
	}
	before := apptest.AuditHead(t, a)
	if code := ack(cmC, cmCSRF, "Lisanne gebeld: ex-partner houdt zich niet aan de afspraken; netwerkberaad gepland."); code != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d", code)
	}
	entries := apptest.AuditAfter(t, a, before)
	if len(entries) != 1 || entries[0].Action != "alert.ack" || entries[0].ActorName != "Cas Jansen" || entries[0].Outcome != audit.OutcomeOK ||
		entries[0].ObjectID != strconv.FormatInt(open.ID, 10) || len(entries[0].PersonIDs) != 1 || entries[0].PersonIDs[0] != lisanne {
		t.Errorf("audit of the acknowledgement: %+v", entries)
	}
	done, ok := find(alertsFor(cmC, "acknowledged"), "open_case", g.Number)
	if !ok || !strings.HasPrefix(done.Note, "Lisanne gebeld") || len(alertsFor(cmC, "open")) != 0 {
		t.Errorf("after acknowledging: %+v", alertsFor(cmC, "all"))
	}
	if page := get(t, cmC, hs.URL+"/signalen"); strings.Contains(page, "utrecht-badge-counter") {
		t.Error("the navigation still counts an acknowledged alert")
	}
	if home := get(t, cmC, hs.URL+"/"); !strings.Contains(home, "Geen open signalen") {
		t.Errorf("the start page still shows an acknowledged alert:\n%s", home)
	}

	// 4. The history: in full for the case's team, signals only for others.
	path := "/personen/" + strconv.FormatInt(lisanne, 10) + "/geschiedenis"
	full := get(t, cmC, hs.URL+path)
	if !strings.Contains(full, p.Number) || !strings.Contains(full, g.Number) || !strings.Contains(full, "Dossier geopend") || !strings.Contains(full, "Dennis") {
		t.Errorf("the case manager's history of Lisanne lacks reports, the case or the household:\n%s", full)
	}
	other := get(t, monC, hs.URL+path)
	if strings.Contains(other, p.Number) || strings.Contains(other, c.Number) || !strings.Contains(other, "Signaal bekend") || !strings.Contains(other, "Backoffice") {
		t.Errorf("another team's history of Lisanne shows content or no team to ask:\n%s", other)
	}
	// Who is in her household, not where they live or in which report.
	if !strings.Contains(other, "Dennis") || strings.Contains(other, "3514 CN") || !strings.Contains(other, "samen genoemd in een melding") {
		t.Errorf("another team's view of the household:\n%s", other)
	}
	// The household timeline holds only what her own does not: no report
	// that names her appears twice.
	code, b := call(cmC, "GET", "/api/v1/persons/"+strconv.FormatInt(lisanne, 10)+"/history", "", nil)
	var hist struct {
		Events          []struct{ Kind, Number string } `json:"events"`
		HouseholdEvents []struct{ Kind, Number string } `json:"household_events"`
	}
	if err := json.Unmarshal(b, &hist); code != http.StatusOK || err != nil || len(hist.Events) == 0 {
		t.Fatalf("history API for the case's team: %d %v %s", code, err, b)
	}
	for _, he := range hist.HouseholdEvents {
		for _, e := range hist.Events {
			if he == e {
				t.Errorf("%s %s is in both her own and the household timeline", e.Kind, e.Number)
			}
		}
	}
	code, b = call(monC, "GET", "/api/v1/persons/"+strconv.FormatInt(lisanne, 10)+"/history", "", nil)
	if code != http.StatusOK || bytes.Contains(b, []byte(p.Number)) || !bytes.Contains(b, []byte(`"content":false`)) {
		t.Errorf("history API for another team: %d %s", code, b)
	}
	if _, err := a.Store().VerifyAudit(ctx); err != nil {
		t.Error(err)
	}
}

func get(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", url, resp.StatusCode, b)
	}
	return string(b)
}
