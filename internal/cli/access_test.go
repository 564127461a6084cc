package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	neturl "net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/importer"
	"toren/internal/registry"
	"toren/internal/reports"

	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/authz"
)

// Who may pass each route, written down per route. Every route the router
// serves must be here: a new route without an entry fails the test.
const (
	public   = "*"
	everyone = "intake case_manager monitoring intervention_team behavioural_scientist team_leader analyst admin privacy_officer"
	workers  = "intake case_manager monitoring intervention_team behavioural_scientist team_leader"
	writers  = "intake case_manager monitoring intervention_team"
)

var routeMatrix = map[string]string{
	"GET /static/":   public,
	"GET /inloggen":  public,
	"POST /inloggen": public,
	// Signing in at the organisation's identity provider (not configured
	// in the matrix: 404 behind the open gate).
	"GET /inloggen/organisatie":       public,
	"GET /inloggen/organisatie/terug": public,
	"POST /inloggen/organisatie/code": public,
	"POST /uitloggen":                 everyone,
	"GET /{$}":                        workers,
	"GET /meldingen/{id}":             workers,
	"GET /personen/{id}":              workers,
	"GET /personen/{id}/inzage":       "privacy_officer",
	// The access copy and objections (AVG art. 15 and 16). The matrix
	// posts an empty objection: refused by its validation (422).
	"GET /personen/{id}/inzage/kopie.json": "privacy_officer",
	"GET /personen/{id}/inzage/kopie.pdf":  "privacy_officer",
	"POST /personen/{id}/bezwaar":          "privacy_officer",
	// Break the glass: intake only; the matrix posts no reason, so the
	// request is let through the gate and then refused by the form check.
	"POST /meldingen/{id}/noodtoegang": "intake",
	"POST /personen/{id}/noodtoegang":  "intake",
	"GET /noodtoegang":                 "team_leader privacy_officer",
	"POST /noodtoegang/{id}":           "team_leader privacy_officer",
	"POST /sessie/verlengen":           everyone,
	"POST /api/v1/reports":             writers,
	"POST /api/v1/advice-requests":     writers,
	"GET /api/v1/reports":              workers,
	"GET /api/v1/reports/{id}":         workers,
	"GET /api/v1/persons":              workers,
	"GET /api/v1/persons/{id}":         workers,
	"GET /api/v1/openapi.json":         public,
	"GET /healthz":                     public,
	"GET /readyz":                      public,
	"GET /metrics":                     public,

	// The intake form; the matrix posts no fields, so a submit is refused
	// by validation (422) after the gate let it through.
	"GET /meldingen/nieuw":                writers,
	"POST /meldingen/nieuw":               writers,
	"POST /meldingen/nieuw/persoon":       writers,
	"POST /meldingen/concept":             writers,
	"POST /meldingen/concept/verwijderen": writers,
	"GET /radar/treffers":                 workers,
	// Statistics: pseudonymised, for the analyst and the second pair of
	// eyes; the CSV export (the statutory delivery) for the analyst only.
	// /start sends everyone on to a page of their own.
	"GET /statistiek":            "behavioural_scientist team_leader analyst",
	"GET /statistiek/export.csv": "analyst",
	"GET /start":                 everyone,
	// Case files. POST requests carry no body, so once through the gate
	// they are refused as 415 (allowed, audited as an error).
	"POST /api/v1/cases":                                "intake case_manager team_leader",
	"GET /api/v1/cases/{id}":                            workers,
	"GET /api/v1/cases/{id}/letters":                    workers,
	"POST /api/v1/cases/{id}/letters":                   writers + " team_leader",
	"GET /api/v1/cases/{id}/letters/{item}":             workers,
	"GET /api/v1/cases/{id}/audit":                      "privacy_officer",
	"POST /api/v1/cases/{id}/assignment":                "team_leader",
	"POST /api/v1/cases/{id}/transitions":               writers + " team_leader",
	"POST /api/v1/cases/{id}/decisions":                 writers + " team_leader",
	"POST /api/v1/decisions/{id}/approval":              "behavioural_scientist team_leader",
	"POST /api/v1/decisions/{id}/refusal":               "behavioural_scientist team_leader",
	"POST /api/v1/cases/{id}/contacts":                  writers + " team_leader",
	"POST /api/v1/cases/{id}/informants":                writers + " team_leader",
	"POST /api/v1/cases/{id}/agreements":                writers + " team_leader",
	"POST /api/v1/cases/{id}/agreements/{item}":         writers + " team_leader",
	"POST /api/v1/cases/{id}/conditions":                writers + " team_leader",
	"POST /api/v1/cases/{id}/conditions/{item}":         writers + " team_leader",
	"POST /api/v1/cases/{id}/phase":                     writers + " team_leader",
	"POST /api/v1/cases/{id}/handovers":                 "case_manager intervention_team team_leader",
	"POST /api/v1/cases/{id}/handovers/{item}/response": workers, // the gate asks case.view; the service decides who answers
	"GET /api/v1/triage":                                workers,
	"POST /api/v1/cases/{id}/feedback":                  writers + " team_leader",
	"POST /api/v1/cases/{id}/sent-letters":              writers + " team_leader",
	"POST /api/v1/cases/{id}/monitoring/{item}":         writers + " team_leader",
	"POST /api/v1/cases/{id}/police-reports":            "case_manager intervention_team team_leader",
	// A partner's own system (TestAuthorisationMatrixForClients): no
	// staff role.
	"GET /api/v1/handovers":                          "",
	"POST /api/v1/handovers/{id}/answer":             "",
	"POST /api/v1/handovers/{id}/monitoring-reports": "",
	"GET /api/v1/queue":                              workers,
	// History and alerts (escalation rules). The matrix acknowledges an
	// alert that does not exist: every role let through gets 404.
	"GET /personen/{id}/geschiedenis":      workers,
	"GET /signalen":                        workers,
	"POST /signalen/{id}/afhandelen":       writers + " team_leader",
	"GET /signalen/{id}":                   workers,                  // the alert does not exist: 404 for every role let through
	"POST /signalen/afhandelen":            writers + " team_leader", // no alert chosen: 422
	"GET /api/v1/persons/{id}/history":     workers,
	"GET /api/v1/alerts":                   workers,
	"POST /api/v1/alerts/{id}/acknowledge": writers + " team_leader",

	// The intake form; the matrix posts no fields, so a submit is refused
	// by validation (422) after the gate let it through.

	// The case-work screens (web/casework.go). POSTs carry only the CSRF
	// token, so once through the gate they are refused by the form's
	// validation (422) or find no record (404).
	// The Interventieteam (web/itteam.go): content of the IT team; the
	// matrix's IT case does not exist, so every role let through gets 404
	// or, for the empty referral, 422.
	"GET /api/v1/it-cases":                                   workers,
	"POST /api/v1/it-cases":                                  "intake case_manager team_leader",
	"GET /api/v1/it-cases/{id}":                              workers,
	"POST /api/v1/it-cases/{id}/phase":                       writers + " team_leader",
	"POST /api/v1/it-cases/{id}/scaling":                     writers + " team_leader",
	"POST /api/v1/it-cases/{id}/plan":                        writers + " team_leader",
	"POST /api/v1/it-cases/{id}/colours":                     writers + " team_leader",
	"POST /api/v1/it-cases/{id}/registration":                writers + " team_leader",
	"POST /api/v1/it-cases/{id}/agreements/{item}/status":    writers + " team_leader",
	"POST /api/v1/it-cases/{id}/meetings":                    writers + " team_leader",
	"POST /api/v1/it-cases/{id}/meetings/{item}/evaluations": writers + " team_leader",
	"POST /api/v1/it-cases/{id}/client-evaluations":          writers + " team_leader",
	"POST /api/v1/it-cases/{id}/ccb":                         writers + " team_leader",
	"POST /api/v1/it-cases/{id}/ccb/outcome":                 writers + " team_leader",
	"GET /api/v1/it-statistics":                              "behavioural_scientist team_leader analyst",
	"GET /interventieteam":                                   workers,
	"POST /interventieteam":                                  "intake case_manager team_leader",
	"GET /interventieteam/statistiek":                        "behavioural_scientist team_leader analyst",
	"GET /interventieteam/statistiek/export.csv":             "behavioural_scientist team_leader analyst",
	"GET /interventieteam/{id}":                              workers,
	"GET /interventieteam/{id}/plan/{item}":                  workers,
	"POST /interventieteam/{id}/duo":                         "team_leader",
	"POST /interventieteam/{id}/fase":                        writers + " team_leader",
	"POST /interventieteam/{id}/kleurcode":                   writers + " team_leader",
	"POST /interventieteam/{id}/plan":                        writers + " team_leader",
	"POST /interventieteam/{id}/afspraken/{item}":            writers + " team_leader",
	"POST /interventieteam/{id}/schaalvragen":                writers + " team_leader",
	"POST /interventieteam/{id}/beraden":                     writers + " team_leader",
	"POST /interventieteam/{id}/beraden/{item}":              writers + " team_leader",
	"POST /interventieteam/{id}/clientevaluatie":             writers + " team_leader",
	"POST /interventieteam/{id}/ccb":                         writers + " team_leader",
	"POST /interventieteam/{id}/ccb/uitkomst":                writers + " team_leader",
	"POST /interventieteam/{id}/registratie":                 writers + " team_leader",
	// Incident reports (MIC): anyone may report, the service decides on
	// the case (which does not exist here: 404); the follow-ups are the
	// team leader's.
	"GET /interventieteam/{id}/plan/{item}/pdf":    "case_manager intervention_team team_leader",
	"GET /api/v1/it-cases/{id}/plan/{version}/pdf": "case_manager intervention_team team_leader",
	"POST /interventieteam/{id}/mic":               everyone,
	"GET /incidentmeldingen/{id}":                  everyone,
	"POST /incidentmeldingen/{id}/nazorg":          "team_leader",
	"POST /api/v1/it-cases/{id}/mic":               everyone,
	"GET /dossiers":                                workers,
	"GET /dossiers/{id}":                           workers,
	"GET /dossiers/{id}/logboek":                   "privacy_officer",
	"POST /meldingen/{id}/dossier":                 "intake case_manager team_leader",
	"POST /dossiers/{id}/toewijzing":               "team_leader",
	"POST /dossiers/{id}/stap":                     writers + " team_leader",
	"POST /dossiers/{id}/fase":                     writers + " team_leader",
	"POST /dossiers/{id}/besluiten":                writers + " team_leader",
	"POST /besluiten/{id}/goedkeuring":             "behavioural_scientist team_leader",
	"POST /besluiten/{id}/afwijzing":               "behavioural_scientist team_leader",
	"POST /dossiers/{id}/contacten":                writers + " team_leader",
	"POST /dossiers/{id}/informanten":              writers + " team_leader",
	"POST /dossiers/{id}/afspraken":                writers + " team_leader",
	"POST /dossiers/{id}/afspraken/{item}":         writers + " team_leader",
	"POST /dossiers/{id}/voorwaarden":              writers + " team_leader",
	"POST /dossiers/{id}/voorwaarden/{item}":       writers + " team_leader",
	"POST /dossiers/{id}/overdracht":               "case_manager intervention_team team_leader",
	"POST /dossiers/{id}/overdracht/{item}":        workers, // the gate asks case.view; the service decides who answers
	"GET /triage":                                  workers,
	"POST /dossiers/{id}/terugkoppeling":           writers + " team_leader",
	"POST /dossiers/{id}/monitoring/{item}":        writers + " team_leader",
	"POST /dossiers/{id}/brieven":                  writers + " team_leader",
	"POST /dossiers/{id}/verzonden":                writers + " team_leader",
	"POST /dossiers/{id}/politie":                  "case_manager intervention_team team_leader",
	"GET /dossiers/{id}/brieven/{item}":            workers,
	"GET /dossiers/{id}/brieven/{item}/pdf":        "case_manager intervention_team team_leader",
	// Search and administration. The matrix posts empty admin forms (so
	// the admin gets field errors, and changes nothing) and names an
	// account that does not exist.
	"GET /zoeken":                              workers,
	"GET /beheer":                              "admin",
	"GET /beheer/gebruikers":                   "admin",
	"POST /beheer/gebruikers":                  "admin",
	"POST /beheer/gebruikers/{id}/herstellen":  "admin",
	"POST /beheer/gebruikers/{id}/blokkeren":   "admin",
	"GET /beheer/teams":                        "admin",
	"POST /beheer/teams":                       "admin",
	"GET /beheer/partners":                     "admin",
	"POST /beheer/partners":                    "admin",
	"GET /beheer/melderssoorten":               "admin",
	"GET /beheer/organisatie":                  "admin",
	"POST /beheer/organisatie":                 "admin",
	"GET /beheer/koppelingen":                  "admin",
	"POST /beheer/koppelingen":                 "admin",
	"POST /beheer/koppelingen/{id}/vernieuwen": "admin",
	"POST /beheer/koppelingen/{id}/intrekken":  "admin",
	// Retention (the privacy officer's page). The matrix posts empty
	// forms: refused by their validation (422), nothing destroyed.
	"GET /bewaartermijnen":                             "privacy_officer",
	"POST /bewaartermijnen/bewaarplicht":               "privacy_officer",
	"POST /bewaartermijnen/bewaarplicht/{id}/opheffen": "privacy_officer",
	"POST /bewaartermijnen/vernietigen":                "privacy_officer",
	// The status of a report an API client sent: for that client alone,
	// no staff role (TestAuthorisationMatrixForClients).
	"GET /api/v1/reports/{id}/status": "",
	// JSON Lines batches: who may register reports; a batch is read back
	// by its sender only (the matrix asks for one that does not exist).
	"POST /api/v1/report-batches":     writers,
	"GET /api/v1/report-batches/{id}": writers,
	// The radar's review queue and merging registry persons.
	"GET /radar/beoordelen":                           reviewers,
	"GET /radar/beoordelen/{id}":                      reviewers,
	"POST /radar/beoordelen/{id}":                     reviewers,
	"POST /personen/{id}/samenvoegen":                 mergers,
	"POST /personen/{id}/samenvoeging-ongedaan-maken": mergers,
	"GET /api/v1/review-items":                        reviewers,
	"GET /api/v1/review-items/{id}":                   reviewers,
	"POST /api/v1/review-items/{id}/decision":         reviewers,
	"POST /api/v1/persons/{id}/merge":                 mergers,
	"POST /api/v1/persons/{id}/unmerge":               mergers,
	"POST /api/v1/reports/{id}/break-glass":           "intake",
	"POST /api/v1/persons/{id}/break-glass":           "intake",
	"GET /api/v1/break-glass-grants":                  "team_leader privacy_officer",
	"POST /api/v1/break-glass-grants/{id}/review":     "team_leader privacy_officer",
}

const (
	reviewers = "intake case_manager team_leader"
	mergers   = "intake team_leader"
)

type matrixEnv struct {
	app      *app.App
	srv      *apptest.Server
	reportID int64
	personID int64
	// reviewID is an open review item (the family doctor's report in the
	// Lisanne seed names the father by his initial only).
	reviewID int64
	caseID   int64
	routes   authz.Routes
}

func newMatrixEnv(t *testing.T) (*matrixEnv, []string) { return newMatrixEnvOn(t) }

// newMatrixEnvOn is newMatrixEnv on the database opts choose.
func newMatrixEnvOn(t *testing.T, opts ...apptest.Option) (*matrixEnv, []string) {
	t.Helper()
	ctx := context.Background()
	a := apptest.New(t, opts...)
	apptest.Demo(t, a, 0, 1)
	apptest.PrivacyOfficer(t, a)
	now := a.Clock().Now()
	hs := apptest.Serve(t, a)
	list, err := a.Store().ListReports(ctx, reports.Filter{Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no report: %v", err)
	}
	r, err := a.Store().GetReport(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	// Every team works on the report, so that the matrix tests the routes,
	// not need-to-know (TestNeedToKnow does that).
	for _, team := range []string{"Frontoffice", "Backoffice", "Team Monitoring", "Interventieteam"} {
		c := &cases.Case{Status: cases.StatusConditions, Team: team, ReportIDs: []int64{r.ID}, OpenedAt: now}
		if err := a.Store().CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	// Every worker is assigned to one case (through the store, past the
	// service's rule of a worker or duo of the team), so that the case
	// routes too test the gate, not need-to-know.
	shared := &cases.Case{Status: cases.StatusConditions, Team: "Frontoffice", ReportIDs: []int64{r.ID}, OpenedAt: now}
	if err := a.Store().CreateCase(ctx, shared); err != nil {
		t.Fatal(err)
	}
	users, err := a.Store().ListUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var everyone []casework.AssignedWorker
	for _, u := range users {
		everyone = append(everyone, casework.AssignedWorker{UserID: u.ID, Name: u.DisplayName})
	}
	setup := audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: "system", ActorName: "test", Origin: "test"}})
	if err := a.Store().AssignCase(setup, shared.ID, shared.Version, "Frontoffice", everyone, casework.Stamp{At: now}); err != nil {
		t.Fatal(err)
	}
	items, err := a.Store().ListReviewItems(ctx, registry.ReviewFilter{Limit: 1})
	if err != nil || len(items) == 0 {
		t.Fatalf("no review item in the demo seed: %v", err)
	}
	return &matrixEnv{app: a, srv: hs, reportID: r.ID, personID: r.Persons[0].PersonID, caseID: shared.ID, reviewID: items[0].ID}, a.Patterns()
}

// signIn returns a client with a session for username and its CSRF token.
func (e *matrixEnv) signIn(t *testing.T, username string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(e.srv.URL+"/inloggen", neturl.Values{"gebruikersnaam": {username}, "wachtwoord": {apptest.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d", username, resp.StatusCode)
	}
	u, _ := neturl.Parse(e.srv.URL)
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "toren" {
			s, err := e.app.Store().GetSession(context.Background(), auth.SessionKey(ck.Value))
			if err != nil {
				t.Fatal(err)
			}
			return c, s.CSRFToken
		}
	}
	t.Fatal("no session cookie")
	return nil, ""
}

// request builds a concrete request for a route pattern.
func (e *matrixEnv) request(t *testing.T, pattern, csrf string) *http.Request {
	t.Helper()
	method, path, _ := strings.Cut(pattern, " ")
	path = strings.ReplaceAll(path, "{$}", "")
	switch {
	case strings.HasPrefix(path, "/beheer/gebruikers/"), strings.HasPrefix(path, "/beheer/koppelingen/"):
		path = strings.ReplaceAll(path, "{id}", "999999")
	case strings.HasPrefix(path, "/meldingen/"), strings.HasPrefix(path, "/api/v1/reports/"):
		path = strings.ReplaceAll(path, "{id}", strconv.FormatInt(e.reportID, 10))
	case strings.HasPrefix(path, "/radar/beoordelen/"), strings.HasPrefix(path, "/api/v1/review-items/"):
		path = strings.ReplaceAll(path, "{id}", strconv.FormatInt(e.reviewID, 10))
	case strings.HasPrefix(path, "/api/v1/cases/"):
		path = strings.NewReplacer("{id}", strconv.FormatInt(e.caseID, 10), "{item}", "1").Replace(path)
	case strings.HasPrefix(path, "/api/v1/decisions/"), strings.HasPrefix(path, "/besluiten/"):
		path = strings.ReplaceAll(path, "{id}", "1")
	case strings.HasPrefix(path, "/signalen/"), strings.HasPrefix(path, "/api/v1/alerts/"), strings.HasPrefix(path, "/api/v1/break-glass-grants/"):
		path = strings.ReplaceAll(path, "{id}", "987654")
	case strings.HasPrefix(path, "/dossiers/"):
		path = strings.NewReplacer("{id}", strconv.FormatInt(e.caseID, 10), "{item}", "1").Replace(path)
	case strings.Contains(path, "{id}"):
		path = strings.ReplaceAll(path, "{id}", strconv.FormatInt(e.personID, 10))
	case path == "/static/":
		path = "/static/toren.css"
	}
	var body io.Reader
	ctype := ""
	switch pattern {
	case "POST /inloggen":
		body, ctype = strings.NewReader("gebruikersnaam=niemand&wachtwoord=fout"), "application/x-www-form-urlencoded"
	case "POST /uitloggen", "POST /meldingen/{id}/noodtoegang", "POST /personen/{id}/noodtoegang", "POST /noodtoegang/{id}",
		"POST /radar/beoordelen/{id}", "POST /personen/{id}/samenvoegen", "POST /personen/{id}/samenvoeging-ongedaan-maken",
		"POST /beheer/gebruikers", "POST /beheer/gebruikers/{id}/herstellen", "POST /beheer/gebruikers/{id}/blokkeren",
		"POST /beheer/teams", "POST /beheer/partners",
		"POST /sessie/verlengen",
		"POST /meldingen/nieuw", "POST /meldingen/nieuw/persoon", "POST /meldingen/concept", "POST /meldingen/concept/verwijderen":
		body, ctype = strings.NewReader("csrf="+neturl.QueryEscape(csrf)), "application/x-www-form-urlencoded"
	case "POST /signalen/{id}/afhandelen":
		body, ctype = strings.NewReader("csrf="+neturl.QueryEscape(csrf)+"&notitie=Matrixtest"), "application/x-www-form-urlencoded"
	case "POST /api/v1/alerts/{id}/acknowledge":
		body, ctype = strings.NewReader(`{"note": "Matrixtest"}`), "application/json"
	default:
		if method == http.MethodPost && !strings.HasPrefix(path, "/api/") {
			// Every form of the web interface: the token and nothing else.
			body, ctype = strings.NewReader("csrf="+neturl.QueryEscape(csrf)), "application/x-www-form-urlencoded"
		}
	case "POST /api/v1/review-items/{id}/decision", "POST /api/v1/persons/{id}/merge", "POST /api/v1/persons/{id}/unmerge",
		"POST /api/v1/reports/{id}/break-glass", "POST /api/v1/persons/{id}/break-glass", "POST /api/v1/break-glass-grants/{id}/review":
		body, ctype = strings.NewReader(`{}`), "application/json"
	case "POST /api/v1/reports", "POST /api/v1/advice-requests":
		b, _ := json.Marshal(map[string]any{
			"reporter":       map[string]any{"kind": "police", "organisation": "Politie", "phone": "0900-8844"},
			"violence_types": []string{"partner"}, "description": "Matrixtest.",
			"persons": []map[string]any{{"role": "victim", "surname": "Matrix"}},
		})
		body, ctype = bytes.NewReader(b), "application/json"
	}
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if csrf != "" && strings.HasPrefix(path, "/api/") {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	return req
}

func (e *matrixEnv) head(t *testing.T) int64 {
	h, err := e.app.Store().AuditHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h.Seq
}

func (e *matrixEnv) entriesAfter(t *testing.T, seq int64) []audit.Entry {
	var out []audit.Entry
	for en, err := range e.app.Store().AuditEntries(context.Background(), seq) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, en)
	}
	return out
}

// TestAuthorisationMatrix sends every route of the router as every role
// and checks the written-down answer, and that each access left exactly
// the expected audit entry.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	e, patterns := newMatrixEnv(t)
	for _, p := range patterns {
		if _, ok := routeMatrix[p]; !ok {
			t.Errorf("route %q has no entry in the authorisation matrix", p)
		}
	}
	for p := range routeMatrix {
		if !contains(patterns, p) {
			t.Errorf("matrix entry %q is not a route", p)
		}
	}
	// Sign-out ends the session, so it goes last.
	sort.SliceStable(patterns, func(i, j int) bool { return patterns[j] == "POST /uitloggen" && patterns[i] != patterns[j] })
	users := map[string]string{
		"intake": "intake", "case_manager": "casemanager", "monitoring": "monitoring", "intervention_team": "interventieteam",
		"behavioural_scientist": "gedragswetenschapper", "team_leader": "teamleider", "analyst": "analist", "admin": "beheerder",
		"privacy_officer": "privacy",
	}
	for _, role := range strings.Fields(everyone) {
		client, csrf := e.signIn(t, users[role])
		for _, p := range patterns {
			allowedRoles := routeMatrix[p]
			want := allowedRoles == public || contains(strings.Fields(allowedRoles), role)
			before := e.head(t)
			resp, err := client.Do(e.request(t, p, csrf))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			// The guard refuses with 403, or with 401 / a redirect to the
			// sign-in page when it sees no session. Signing in (with a wrong
			// password here) and out answer 401 and a redirect themselves.
			got := resp.StatusCode != http.StatusForbidden
			if p != "POST /inloggen" && p != "POST /uitloggen" {
				got = got && resp.StatusCode != http.StatusUnauthorized && !strings.HasPrefix(resp.Header.Get("Location"), "/inloggen")
			}
			if got != want {
				t.Errorf("%s as %s: status %d, allowed=%v, want allowed=%v", p, role, resp.StatusCode, got, want)
				continue
			}
			entries := e.entriesAfter(t, before)
			wantAction := auditAction(p)
			if wantAction == "" {
				if len(entries) != 0 {
					t.Errorf("%s as %s: %d audit entries, want none", p, role, len(entries))
				}
				continue
			}
			if len(entries) != 1 {
				t.Errorf("%s as %s: %d audit entries, want exactly 1", p, role, len(entries))
				continue
			}
			en := entries[0]
			wantOutcome := audit.OutcomeOK
			switch {
			case !want || resp.StatusCode == http.StatusForbidden:
				wantOutcome = audit.OutcomeDenied
			case resp.StatusCode >= 400:
				wantOutcome = audit.OutcomeError // e.g. reviewing a grant that does not exist
			}
			if p == "POST /inloggen" {
				wantOutcome = audit.OutcomeDenied // the request signs in with a wrong password
			}
			if p == "GET /api/v1/report-batches/{id}" && want {
				wantAction = importer.ActionBatchView // the service audits the read as what it is
			}
			if en.Action != wantAction || en.Outcome != wantOutcome {
				t.Errorf("%s as %s: audit %s/%s, want %s/%s", p, role, en.Action, en.Outcome, wantAction, wantOutcome)
			}
			if p != "POST /inloggen" && en.ActorName == "" {
				t.Errorf("%s as %s: audit entry without actor", p, role)
			}
		}
	}
	if _, err := e.app.Store().VerifyAudit(context.Background()); err != nil {
		t.Errorf("audit chain after the matrix: %v", err)
	}
}

// auditAction is the audit entry a route must leave, "" for none.
func auditAction(pattern string) string {
	switch pattern {
	case "POST /inloggen":
		return audit.ActionSignInFailed
	case "POST /uitloggen":
		return audit.ActionSignOut
	}
	switch routeMatrix[pattern] {
	case public:
		return ""
	}
	req, ok := matrixRequirements()[pattern]
	if !ok || req.Action == "" {
		return ""
	}
	return string(req.Action)
}

func matrixRequirements() authz.Routes {
	rs := authz.Routes{
		"GET /{$}":                                         authz.Needs(authz.ActionReportList),
		"GET /meldingen/{id}":                              authz.Needs(authz.ActionReportView),
		"GET /personen/{id}":                               authz.Needs(authz.ActionPersonView),
		"GET /personen/{id}/inzage":                        authz.Needs(authz.ActionAuditViewPerson),
		"GET /personen/{id}/inzage/kopie.json":             authz.Needs(authz.ActionPersonAccessRequest),
		"GET /personen/{id}/inzage/kopie.pdf":              authz.Needs(authz.ActionPersonAccessRequest),
		"POST /personen/{id}/bezwaar":                      authz.Needs(authz.ActionPersonAccessRequest),
		"POST /meldingen/{id}/noodtoegang":                 authz.Needs(authz.ActionBreakGlass),
		"POST /personen/{id}/noodtoegang":                  authz.Needs(authz.ActionBreakGlass),
		"GET /noodtoegang":                                 authz.Needs(authz.ActionBreakGlassReview),
		"POST /noodtoegang/{id}":                           authz.Needs(authz.ActionBreakGlassReview),
		"POST /api/v1/reports":                             authz.Needs(authz.ActionReportCreate),
		"POST /api/v1/advice-requests":                     authz.Needs(authz.ActionReportCreate),
		"GET /api/v1/reports":                              authz.Needs(authz.ActionReportList),
		"GET /api/v1/reports/{id}":                         authz.Needs(authz.ActionReportView),
		"GET /api/v1/persons":                              authz.Needs(authz.ActionPersonSearch),
		"GET /api/v1/persons/{id}":                         authz.Needs(authz.ActionPersonView),
		"GET /radar/beoordelen":                            authz.Needs(authz.ActionReviewList),
		"GET /radar/beoordelen/{id}":                       authz.Needs(authz.ActionReviewList),
		"POST /radar/beoordelen/{id}":                      authz.Needs(authz.ActionReviewLink),
		"POST /personen/{id}/samenvoegen":                  authz.Needs(authz.ActionPersonMerge),
		"POST /personen/{id}/samenvoeging-ongedaan-maken":  authz.Needs(authz.ActionPersonUnmerge),
		"GET /api/v1/review-items":                         authz.Needs(authz.ActionReviewList),
		"GET /api/v1/review-items/{id}":                    authz.Needs(authz.ActionReviewList),
		"POST /api/v1/review-items/{id}/decision":          authz.Needs(authz.ActionReviewLink),
		"POST /api/v1/persons/{id}/merge":                  authz.Needs(authz.ActionPersonMerge),
		"POST /api/v1/persons/{id}/unmerge":                authz.Needs(authz.ActionPersonUnmerge),
		"POST /api/v1/reports/{id}/break-glass":            authz.Needs(authz.ActionBreakGlass),
		"POST /api/v1/persons/{id}/break-glass":            authz.Needs(authz.ActionBreakGlass),
		"GET /api/v1/break-glass-grants":                   authz.Needs(authz.ActionBreakGlassReview),
		"POST /api/v1/break-glass-grants/{id}/review":      authz.Needs(authz.ActionBreakGlassReview),
		"GET /zoeken":                                      authz.Needs(authz.ActionPersonSearch),
		"GET /beheer":                                      authz.Needs(authz.ActionUserManage),
		"GET /beheer/gebruikers":                           authz.Needs(authz.ActionUserManage),
		"POST /beheer/gebruikers":                          authz.Needs(authz.ActionUserManage),
		"POST /beheer/gebruikers/{id}/herstellen":          authz.Needs(authz.ActionUserManage),
		"POST /beheer/gebruikers/{id}/blokkeren":           authz.Needs(authz.ActionUserManage),
		"GET /beheer/teams":                                authz.Needs(authz.ActionUserManage),
		"POST /beheer/teams":                               authz.Needs(authz.ActionUserManage),
		"GET /beheer/partners":                             authz.Needs(authz.ActionCatalogueManage),
		"POST /beheer/partners":                            authz.Needs(authz.ActionCatalogueManage),
		"GET /beheer/melderssoorten":                       authz.Needs(authz.ActionCatalogueManage),
		"GET /beheer/organisatie":                          authz.Needs(authz.ActionSettingsManage),
		"POST /beheer/organisatie":                         authz.Needs(authz.ActionSettingsManage),
		"GET /beheer/koppelingen":                          authz.Needs(authz.ActionClientManage),
		"POST /beheer/koppelingen":                         authz.Needs(authz.ActionClientManage),
		"POST /beheer/koppelingen/{id}/vernieuwen":         authz.Needs(authz.ActionClientManage),
		"POST /beheer/koppelingen/{id}/intrekken":          authz.Needs(authz.ActionClientManage),
		"GET /bewaartermijnen":                             authz.Needs(authz.ActionRetentionManage),
		"POST /bewaartermijnen/bewaarplicht":               authz.Needs(authz.ActionRetentionManage),
		"POST /bewaartermijnen/bewaarplicht/{id}/opheffen": authz.Needs(authz.ActionRetentionManage),
		"POST /bewaartermijnen/vernietigen":                authz.Needs(authz.ActionRetentionManage),
		"GET /api/v1/reports/{id}/status":                  authz.Needs(authz.ActionReportStatus),
		"POST /api/v1/report-batches":                      authz.Needs(authz.ActionReportCreate),
		"GET /api/v1/report-batches/{id}":                  authz.Needs(authz.ActionReportCreate),

		"GET /meldingen/nieuw":                 authz.Needs(authz.ActionReportCreate),
		"POST /meldingen/nieuw":                authz.Needs(authz.ActionReportCreate),
		"POST /meldingen/nieuw/persoon":        authz.Needs(authz.ActionReportCreate),
		"POST /meldingen/concept":              authz.Needs(authz.ActionReportCreate),
		"POST /meldingen/concept/verwijderen":  authz.Needs(authz.ActionReportCreate),
		"GET /radar/treffers":                  authz.Needs(authz.ActionPersonSearch),
		"GET /statistiek":                      authz.Needs(authz.ActionStatsView),
		"GET /statistiek/export.csv":           authz.Needs(authz.ActionStatsExport),
		"GET /personen/{id}/geschiedenis":      authz.Needs(authz.ActionPersonHistoryFull),
		"GET /signalen":                        authz.Needs(authz.ActionAlertList),
		"POST /signalen/{id}/afhandelen":       authz.Needs(authz.ActionAlertAck),
		"GET /signalen/{id}":                   authz.Needs(authz.ActionAlertList),
		"POST /signalen/afhandelen":            authz.Needs(authz.ActionAlertAck),
		"GET /api/v1/persons/{id}/history":     authz.Needs(authz.ActionPersonHistoryFull),
		"GET /api/v1/alerts":                   authz.Needs(authz.ActionAlertList),
		"POST /api/v1/alerts/{id}/acknowledge": authz.Needs(authz.ActionAlertAck),
	}
	// The case-file routes leave the entry of their requirement's action.
	for p, req := range caseworkMatrixRequirements() {
		rs[p] = req
	}
	for p, req := range caseScreenMatrixRequirements() {
		rs[p] = req
	}
	edit := authz.Needs(authz.ActionCaseEdit)
	for p, req := range map[string]authz.Requirement{
		"GET /api/v1/it-cases":                                   authz.Needs(authz.ActionCaseList),
		"POST /api/v1/it-cases":                                  authz.Needs(authz.ActionCaseCreate),
		"GET /api/v1/it-cases/{id}":                              authz.Needs(authz.ActionCaseView),
		"POST /api/v1/it-cases/{id}/phase":                       authz.Needs(authz.ActionCaseTransition),
		"POST /api/v1/it-cases/{id}/scaling":                     edit,
		"POST /api/v1/it-cases/{id}/plan":                        edit,
		"POST /api/v1/it-cases/{id}/colours":                     edit,
		"POST /api/v1/it-cases/{id}/registration":                edit,
		"POST /api/v1/it-cases/{id}/agreements/{item}/status":    edit,
		"POST /api/v1/it-cases/{id}/meetings":                    edit,
		"POST /api/v1/it-cases/{id}/meetings/{item}/evaluations": edit,
		"POST /api/v1/it-cases/{id}/client-evaluations":          edit,
		"POST /api/v1/it-cases/{id}/ccb":                         edit,
		"POST /api/v1/it-cases/{id}/ccb/outcome":                 edit,
		"GET /api/v1/it-statistics":                              authz.Needs(authz.ActionStatsView),
		"GET /interventieteam":                                   authz.Needs(authz.ActionCaseList),
		"POST /interventieteam":                                  authz.Needs(authz.ActionCaseCreate),
		"GET /interventieteam/statistiek":                        authz.Needs(authz.ActionStatsView),
		"GET /interventieteam/statistiek/export.csv":             authz.Needs(authz.ActionStatsView),
		"GET /interventieteam/{id}":                              authz.Needs(authz.ActionCaseView),
		"GET /interventieteam/{id}/plan/{item}":                  authz.Needs(authz.ActionCaseView),
		"POST /interventieteam/{id}/duo":                         authz.Needs(authz.ActionCaseAssign),
		"POST /interventieteam/{id}/fase":                        authz.Needs(authz.ActionCaseTransition),
		"POST /interventieteam/{id}/kleurcode":                   edit,
		"POST /interventieteam/{id}/plan":                        edit,
		"POST /interventieteam/{id}/afspraken/{item}":            edit,
		"POST /interventieteam/{id}/schaalvragen":                edit,
		"POST /interventieteam/{id}/beraden":                     edit,
		"POST /interventieteam/{id}/beraden/{item}":              edit,
		"POST /interventieteam/{id}/clientevaluatie":             edit,
		"POST /interventieteam/{id}/registratie":                 edit,
		"POST /interventieteam/{id}/ccb":                         edit,
		"POST /interventieteam/{id}/ccb/uitkomst":                edit,
		"POST /interventieteam/{id}/mic":                         authz.Needs(authz.ActionIncidentCreate),
		"GET /interventieteam/{id}/plan/{item}/pdf":              authz.Needs(authz.ActionExport),
		"GET /api/v1/it-cases/{id}/plan/{version}/pdf":           authz.Needs(authz.ActionExport),
		"GET /incidentmeldingen/{id}":                            authz.Needs(authz.ActionIncidentCreate),
		"POST /incidentmeldingen/{id}/nazorg":                    authz.Needs(authz.ActionIncidentView),
		"POST /api/v1/it-cases/{id}/mic":                         authz.Needs(authz.ActionIncidentCreate),
	} {
		rs[p] = req
	}
	return rs
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// caseworkMatrixRequirements are the actions the case-file routes must
// be audited as, written down independently of the API's own table.
func caseworkMatrixRequirements() authz.Routes {
	edit := authz.Needs(authz.ActionCaseEdit)
	return authz.Routes{
		"POST /api/v1/cases":                                authz.Needs(authz.ActionCaseCreate),
		"GET /api/v1/cases/{id}":                            authz.Needs(authz.ActionCaseView),
		"GET /api/v1/cases/{id}/letters":                    authz.Needs(authz.ActionCaseView),
		"POST /api/v1/cases/{id}/letters":                   authz.Needs(authz.ActionLetterGenerate),
		"GET /api/v1/cases/{id}/letters/{item}":             authz.Needs(authz.ActionCaseView),
		"GET /api/v1/cases/{id}/audit":                      authz.Needs(authz.ActionAuditView),
		"POST /api/v1/cases/{id}/assignment":                authz.Needs(authz.ActionCaseAssign),
		"POST /api/v1/cases/{id}/transitions":               authz.Needs(authz.ActionCaseTransition),
		"POST /api/v1/cases/{id}/decisions":                 authz.Needs(authz.ActionDecisionPropose),
		"POST /api/v1/decisions/{id}/approval":              authz.Needs(authz.ActionDecisionApprove),
		"POST /api/v1/decisions/{id}/refusal":               authz.Needs(authz.ActionDecisionApprove),
		"POST /api/v1/cases/{id}/contacts":                  edit,
		"POST /api/v1/cases/{id}/informants":                edit,
		"POST /api/v1/cases/{id}/agreements":                edit,
		"POST /api/v1/cases/{id}/agreements/{item}":         edit,
		"POST /api/v1/cases/{id}/conditions":                edit,
		"POST /api/v1/cases/{id}/conditions/{item}":         edit,
		"POST /api/v1/cases/{id}/phase":                     edit,
		"POST /api/v1/cases/{id}/handovers":                 authz.Needs(authz.ActionCaseHandover),
		"POST /api/v1/cases/{id}/handovers/{item}/response": authz.Needs(authz.ActionCaseView),
		"GET /api/v1/triage":                                authz.Needs(authz.ActionReportList),
		"POST /api/v1/cases/{id}/feedback":                  edit,
		"POST /api/v1/cases/{id}/sent-letters":              edit,
		"POST /api/v1/cases/{id}/monitoring/{item}":         edit,
		"POST /api/v1/cases/{id}/police-reports":            authz.Needs(authz.ActionPoliceReport),
		"GET /api/v1/handovers":                             authz.Needs(authz.ActionHandoverInbox),
		"POST /api/v1/handovers/{id}/answer":                authz.Needs(authz.ActionHandoverAnswer),
		"POST /api/v1/handovers/{id}/monitoring-reports":    authz.Needs(authz.ActionMonitoringReport),
		"GET /api/v1/queue":                                 authz.Needs(authz.ActionQueueView),
	}
}

// caseScreenMatrixRequirements are the actions the case-work screens must
// be audited as, written down independently of the web's own table.
func caseScreenMatrixRequirements() authz.Routes {
	edit := authz.Needs(authz.ActionCaseEdit)
	return authz.Routes{
		"GET /dossiers":                          authz.Needs(authz.ActionCaseList),
		"GET /dossiers/{id}":                     authz.Needs(authz.ActionCaseView),
		"GET /dossiers/{id}/logboek":             authz.Needs(authz.ActionAuditView),
		"POST /meldingen/{id}/dossier":           authz.Needs(authz.ActionCaseCreate),
		"POST /dossiers/{id}/toewijzing":         authz.Needs(authz.ActionCaseAssign),
		"POST /dossiers/{id}/stap":               authz.Needs(authz.ActionCaseTransition),
		"POST /dossiers/{id}/fase":               edit,
		"POST /dossiers/{id}/besluiten":          authz.Needs(authz.ActionDecisionPropose),
		"POST /besluiten/{id}/goedkeuring":       authz.Needs(authz.ActionDecisionApprove),
		"POST /besluiten/{id}/afwijzing":         authz.Needs(authz.ActionDecisionApprove),
		"POST /dossiers/{id}/contacten":          edit,
		"POST /dossiers/{id}/informanten":        edit,
		"POST /dossiers/{id}/afspraken":          edit,
		"POST /dossiers/{id}/afspraken/{item}":   edit,
		"POST /dossiers/{id}/voorwaarden":        edit,
		"POST /dossiers/{id}/voorwaarden/{item}": edit,
		"POST /dossiers/{id}/overdracht":         authz.Needs(authz.ActionCaseHandover),
		"POST /dossiers/{id}/overdracht/{item}":  authz.Needs(authz.ActionCaseView),
		"GET /triage":                            authz.Needs(authz.ActionReportList),
		"POST /dossiers/{id}/terugkoppeling":     edit,
		"POST /dossiers/{id}/monitoring/{item}":  edit,
		"POST /dossiers/{id}/politie":            authz.Needs(authz.ActionPoliceReport),
		"POST /dossiers/{id}/brieven":            authz.Needs(authz.ActionLetterGenerate),
		"POST /dossiers/{id}/verzonden":          edit,
		"GET /dossiers/{id}/brieven/{item}":      authz.Needs(authz.ActionCaseView),
		"GET /dossiers/{id}/brieven/{item}/pdf":  authz.Needs(authz.ActionExport),
	}
}
