package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

// A worker of one team asking by ID for a report or person of another
// team's case sees only that signals exist and whom to ask, through the
// web interface and through the API; a protected reporter stays hidden
// from those who do not need them.
func TestNeedToKnow(t *testing.T) {
	t.Parallel()
	e, _ := newMatrixEnv(t)
	ctx := context.Background()
	now := e.app.Clock().Now()
	// Two different women at one address (the radar must not take them for
	// one person): other given names, other dates of birth.
	born := map[string]string{"Eigenteam": "1994-03-03", "Anderteam": "1961-11-20"}
	given := map[string]string{"Eigenteam": "Noa", "Anderteam": "Wilhelmina"}
	submit := func(surname string, protect bool) *reports.Report {
		r := &reports.Report{
			Kind: reports.KindReport, ReceivedAt: now.Add(-time.Hour),
			Reporter:      reports.Reporter{Kind: reports.ReporterCitizen, Name: "Buurvrouw Geheim", Phone: "0611111111", ProtectIdentity: protect},
			ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Geschreeuw en gestommel.",
			Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: given[surname], Surname: surname, BirthDate: toren.MustDate(born[surname]),
				Street: "Geheimstraat", HouseNumber: "9", Postcode: "1011 AB", City: "Amsterdam"}},
		}
		if _, err := e.app.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: r}); err != nil {
			t.Fatal(err)
		}
		return r
	}
	ours, theirs := submit("Eigenteam", true), submit("Anderteam", false)
	for _, c := range []*cases.Case{
		{Status: cases.StatusConditions, Team: "Backoffice", ReportIDs: []int64{ours.ID}, OpenedAt: now},
		{Status: cases.StatusInvestigation, Team: "Team Zuid", ReportIDs: []int64{theirs.ID}, OpenedAt: now},
	} {
		if err := e.app.Store().CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	get := func(c *http.Client, path string) (int, string) {
		resp, err := c.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	cm, _ := e.signIn(t, "casemanager")
	id := func(n int64) string { return strconv.FormatInt(n, 10) }

	if code, body := get(cm, "/meldingen/"+id(ours.ID)); code != 200 || !strings.Contains(body, "Eigenteam") {
		t.Errorf("own team's report: %d", code)
	}
	before := e.head(t)
	code, body := get(cm, "/meldingen/"+id(theirs.ID))
	if code != http.StatusForbidden || strings.Contains(body, "Anderteam") || strings.Contains(body, "Geschreeuw") || !strings.Contains(body, "Team Zuid") {
		t.Errorf("other team's report in the UI: %d, content shown or no team named:\n%s", code, body)
	}
	if en := e.entriesAfter(t, before); len(en) != 1 || en[0].Outcome != audit.OutcomeDenied || en[0].ObjectID != id(theirs.ID) {
		t.Errorf("refused look not audited as denied: %+v", en)
	}
	if code, body := get(cm, "/api/v1/reports/"+id(theirs.ID)); code != http.StatusForbidden || strings.Contains(body, "Anderteam") {
		t.Errorf("other team's report through the API: %d %s", code, body)
	}
	if code, _ := get(cm, "/api/v1/reports/"+theirs.Number); code != http.StatusForbidden {
		t.Errorf("other team's report by number through the API: %d", code)
	}
	theirPerson := id(theirs.Persons[0].PersonID)
	code, body = get(cm, "/personen/"+theirPerson)
	if code != 200 || !strings.Contains(body, "Er zijn eerdere signalen") || strings.Contains(body, theirs.Number) || strings.Contains(body, "Geheimstraat") {
		t.Errorf("other team's person in the UI: %d; want the signal notice without report or address:\n%s", code, body)
	}
	if code, _ := get(cm, "/api/v1/persons/"+theirPerson); code != http.StatusForbidden {
		t.Errorf("other team's person through the API: %d", code)
	}

	// A new signal about their person raises an alert for Team Zuid: the
	// case manager of Backoffice neither finds it in "Signalen voor mij"
	// nor opens it by number.
	again := &reports.Report{Kind: reports.KindReport, ReceivedAt: now, Acute: true,
		Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
		ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Opnieuw geweld.",
		Persons: []reports.Mention{{Role: reports.RoleVictim, PersonID: theirs.Persons[0].PersonID, FirstNames: "Wilhelmina", Surname: "Anderteam",
			BirthDate: toren.MustDate(born["Anderteam"])}}}
	if _, err := e.app.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: again}); err != nil {
		t.Fatal(err)
	}
	raised, err := e.app.Store().AlertsOfReport(ctx, again.ID)
	if err != nil {
		t.Fatal(err)
	}
	var zuid int64
	for _, al := range raised {
		if al.Team == "Team Zuid" {
			zuid = al.ID
		}
	}
	if zuid == 0 {
		t.Fatalf("no alert for Team Zuid: %+v", raised)
	}
	if code, body := get(cm, "/signalen/"+id(zuid)); code != http.StatusNotFound || strings.Contains(body, "Anderteam") {
		t.Errorf("another team's alert opened by number: %d", code)
	}
	if _, body := get(cm, "/signalen"); strings.Contains(body, `href="/signalen/`+id(zuid)+`"`) {
		t.Error("another team's alert in Signalen voor mij")
	}

	// Searches are logged with what was searched for.
	before = e.head(t)
	get(cm, "/?achternaam=Anderteam")
	get(cm, "/api/v1/persons?surname=Eigenteam")
	if en := e.entriesAfter(t, before); len(en) != 2 || !strings.Contains(en[0].Reason, "search: Anderteam") || !strings.Contains(en[1].Reason, "search: Eigenteam") {
		t.Errorf("searches not logged with their terms: %+v", en)
	}

	// The protected reporter of our own report: hidden from the case
	// manager who is not assigned, shown to the team leader.
	reporterName := func(c *http.Client) string {
		code, body := get(c, "/api/v1/reports/"+id(ours.ID))
		if code != 200 {
			t.Fatalf("own report: %d %s", code, body)
		}
		var r reports.Report
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		return r.Reporter.Name + r.Reporter.Phone
	}
	if got := reporterName(cm); got != "" {
		t.Errorf("protected reporter shown to an unassigned case manager: %q", got)
	}
	tl, _ := e.signIn(t, "teamleider")
	if got := reporterName(tl); got == "" {
		t.Error("protected reporter hidden from the team leader")
	}
	if _, body := get(cm, "/meldingen/"+id(ours.ID)); strings.Contains(body, "Buurvrouw Geheim") {
		t.Error("protected reporter's name on the report page for an unassigned case manager")
	}
	if _, body := get(cm, "/meldingen/"+id(ours.ID)); strings.Contains(body, "0611111111") {
		t.Error("protected reporter's phone on the report page for an unassigned case manager")
	}
	if _, body := get(tl, "/meldingen/"+id(ours.ID)); !strings.Contains(body, `href="tel:0611111111"`) {
		t.Error("the report page does not give the team leader the reporter's phone number")
	}

	// The person can be told who looked at their data: the privacy officer
	// sees the case manager's and the team leader's looks at the report.
	po, _ := e.signIn(t, "privacy")
	code, body = get(po, "/personen/"+id(ours.Persons[0].PersonID)+"/inzage")
	if code != 200 || !strings.Contains(body, "Cas Jansen") || !strings.Contains(body, "Tara Mulder") || !strings.Contains(body, "report.view") {
		t.Errorf("access log of the person: %d\n%s", code, body)
	}
	if code, _ := get(cm, "/personen/"+id(ours.Persons[0].PersonID)+"/inzage"); code != http.StatusForbidden {
		t.Errorf("case manager opens the access log: %d", code)
	}

	// An API client (the police) reads back the status of what it sent
	// and nothing else: not the content of its own report, not the status
	// of reports staff registered or another client sent.
	_, policeTok := apptest.APIClient(t, e.app, "Politie Eenheid Oost-Brabant", authz.ScopeReportsCreate)
	_, otherTok := apptest.APIClient(t, e.app, "Politie Eenheid Limburg", authz.ScopeReportsCreate)
	police, other := e.srv.APIClient(t, policeTok), e.srv.APIClient(t, otherTok)
	code, raw := police.Do(http.MethodPost, "/api/v1/reports", map[string]any{
		"reporter":       map[string]any{"kind": "police", "organisation": "Politie", "phone": "0900-8844"},
		"violence_types": []string{"partner"}, "description": "Aangifte mishandeling.",
		"persons": []map[string]any{{"role": "victim", "first_names": given["Anderteam"], "surname": "Anderteam", "birth_date": born["Anderteam"]}},
	})
	var sent struct {
		ID     int64
		Status string
	}
	if err := json.Unmarshal(raw, &sent); code != http.StatusCreated || err != nil || sent.Status != "in_triage" || strings.Contains(string(raw), "person_id") {
		t.Fatalf("police client sends a report: %d %s", code, raw)
	}
	if code, body := police.Do(http.MethodGet, "/api/v1/reports/"+id(sent.ID)+"/status", nil); code != 200 || strings.Contains(string(body), "Anderteam") {
		t.Errorf("police client's own status: %d %s", code, body)
	}
	for _, rid := range []int64{ours.ID, theirs.ID} {
		if code, _ := police.Do(http.MethodGet, "/api/v1/reports/"+id(rid)+"/status", nil); code != http.StatusNotFound {
			t.Errorf("police client reads the status of staff's report %d: %d", rid, code)
		}
	}
	if code, _ := other.Do(http.MethodGet, "/api/v1/reports/"+id(sent.ID)+"/status", nil); code != http.StatusNotFound {
		t.Errorf("another client reads the police's status: %d", code)
	}
	for _, path := range []string{"/api/v1/reports/" + id(sent.ID), "/api/v1/reports/" + id(theirs.ID), "/api/v1/persons/" + theirPerson, "/api/v1/persons?surname=Anderteam"} {
		if code, body := police.Do(http.MethodGet, path, nil); code != http.StatusForbidden || strings.Contains(string(body), "Anderteam") {
			t.Errorf("police client GET %s: %d %s", path, code, body)
		}
	}
}

// A crisis worker at night breaks the glass on another team's report: a
// written reason, a grant for the shift, logged as such, and on the team
// leader's list to review.
func TestBreakGlass(t *testing.T) {
	t.Parallel()
	e, _ := newMatrixEnv(t)
	ctx := context.Background()
	now := e.app.Clock().Now()
	r := &reports.Report{
		Kind: reports.KindReport, ReceivedAt: now.Add(-time.Hour),
		Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
		ViolenceTypes: []reports.ViolenceType{reports.TypeExPartner}, Description: "Dreiging met een mes.",
		Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: "Sara", Surname: "Nachtdienst"}},
	}
	if _, err := e.app.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: r}); err != nil {
		t.Fatal(err)
	}
	if err := e.app.Store().CreateCase(ctx, &cases.Case{Status: cases.StatusInvestigation, Team: "Team Zuid", ReportIDs: []int64{r.ID}, OpenedAt: now}); err != nil {
		t.Fatal(err)
	}
	path := "/meldingen/" + strconv.FormatInt(r.ID, 10)
	do := func(c *http.Client, method, p string, form neturl.Values) (int, string) {
		var resp *http.Response
		var err error
		if method == "GET" {
			resp, err = c.Get(e.srv.URL + p)
		} else {
			resp, err = c.PostForm(e.srv.URL+p, form)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	iris, csrf := e.signIn(t, "intake")
	code, body := do(iris, "GET", path, nil)
	if code != http.StatusForbidden || !strings.Contains(body, "Noodtoegang") || strings.Contains(body, "mes") {
		t.Fatalf("before breaking the glass: %d\n%s", code, body)
	}
	if code, _ := do(iris, "POST", path+"/noodtoegang", neturl.Values{"csrf": {csrf}, "soort": {"crisis_call"}, "reden": {"spoed"}}); code != http.StatusUnprocessableEntity {
		t.Errorf("too short a reason: %d, want 422", code)
	}
	// A refusal names each field in Dutch (breakglass.rule.*), not in the
	// service's English.
	code, body = do(iris, "POST", path+"/noodtoegang", neturl.Values{"csrf": {csrf}, "soort": {"nieuwsgierig"}, "reden": {"spoed"}})
	for _, want := range []string{"Kies een reden uit de lijst.", "Schrijf in een zin van minstens 20 tekens waarom het dossier nu nodig is."} {
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, want) || strings.Contains(body, "must be") {
			t.Errorf("a bad reason and reason code: %d, want 422 with %q and no English\n%s", code, want, body)
		}
	}
	cm, cmCSRF := e.signIn(t, "casemanager")
	if code, _ := do(cm, "POST", path+"/noodtoegang", neturl.Values{"csrf": {cmCSRF}, "soort": {"crisis_call"}, "reden": {"Ik wil het graag even zien, nieuwsgierig."}}); code != http.StatusForbidden {
		t.Errorf("a case manager breaks the glass: %d, want 403", code)
	}
	reason := "Politie belt 02:10: acute dreiging, dossier nodig voor veiligheidsafspraken"
	code, _ = do(iris, "POST", path+"/noodtoegang", neturl.Values{"csrf": {csrf}, "soort": {"crisis_call"}, "reden": {reason}})
	if code != http.StatusSeeOther {
		t.Fatalf("break the glass: %d", code)
	}
	before := e.head(t)
	code, body = do(iris, "GET", path, nil)
	if code != 200 || !strings.Contains(body, "Dreiging met een mes") {
		t.Fatalf("after breaking the glass: %d", code)
	}
	en := e.entriesAfter(t, before)
	if len(en) != 1 || !strings.Contains(en[0].Reason, "break-glass grant: "+reason) {
		t.Errorf("the look under the grant is not logged with it: %+v", en)
	}
	var glass []audit.Entry
	for x, err := range e.app.Store().AuditEntries(ctx, 0) {
		if err != nil {
			t.Fatal(err)
		}
		if x.Action == audit.ActionBreakGlass && x.Reason == "crisis_call: "+reason {
			glass = append(glass, x)
		}
	}
	if len(glass) != 1 || glass[0].ActorName != "Iris de Wit" {
		t.Errorf("break_glass entries: %+v", glass)
	}
	// The team leader of the team that owns the report reviews it.
	addUser(t, e.app, "zuidleider", "Zeger Zuid", "team_leader", "Team Zuid")
	tl, tlCSRF := e.signIn(t, "zuidleider")
	code, body = do(tl, "GET", "/noodtoegang", nil)
	if code != 200 || !strings.Contains(body, reason) || !strings.Contains(body, "Iris de Wit") {
		t.Fatalf("review list: %d\n%s", code, body)
	}
	grants, err := e.app.Store().UnreviewedGrants(ctx)
	if err != nil || len(grants) != 1 {
		t.Fatalf("grants: %v %v", grants, err)
	}
	// A refused verdict comes back next to its fields, the note kept, and
	// the grant stays on the list.
	grantPath := "/noodtoegang/" + strconv.FormatInt(grants[0].ID, 10)
	code, body = do(tl, "POST", grantPath, neturl.Values{"csrf": {tlCSRF}, "oordeel": {"misschien"}, "notitie": {strings.Repeat("Lang. ", 400)}})
	for _, want := range []string{"Het oordeel is niet opgeslagen.", "Kies bij het oordeel: terecht, niet terecht of navragen.",
		"De notitie mag hoogstens 2000 tekens lang zijn.", `value="Lang. Lang.`} {
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
			t.Errorf("a bad review: %d, want 422 saying %q", code, want)
		}
	}
	if code, _ := do(tl, "POST", grantPath, neturl.Values{"csrf": {tlCSRF}, "notitie": {"Terecht, besproken."}}); code != http.StatusSeeOther {
		t.Errorf("review: %d", code)
	}
	if _, body := do(tl, "GET", "/noodtoegang", nil); strings.Contains(body, reason) {
		t.Error("a reviewed grant is still on the list")
	}
}
