package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/config"
	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

// secEnv is the matrix environment with the helpers the need-to-know
// tests below share: content of other teams, and JSON calls.
type secEnv struct {
	*matrixEnv
	t *testing.T
}

func newSecEnv(t *testing.T) *secEnv { return newSecEnvOn(t) }

// newSecEnvOn is newSecEnv on the database opts choose (apptest.OnPostgres).
func newSecEnvOn(t *testing.T, opts ...apptest.Option) *secEnv {
	e, _ := newMatrixEnvOn(t, opts...)
	if _, err := app.EnsureTeams(context.Background(), e.app.Store(), []string{"Team Zuid"}); err != nil {
		t.Fatal(err)
	}
	return &secEnv{matrixEnv: e, t: t}
}

// report registers a report about one person (through the intake
// service, as the radar links it) and opens a case for team with status;
// team "" leaves it in triage.
func (e *secEnv) report(m reports.Mention, description string, reporter reports.Reporter, team string, status cases.Status) *reports.Report {
	e.t.Helper()
	ctx := context.Background()
	now := e.app.Clock().Now()
	if m.Role == "" {
		m.Role = reports.RoleVictim
	}
	if reporter.Kind == "" {
		reporter = reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"}
	}
	r := &reports.Report{Kind: reports.KindReport, ReceivedAt: now.Add(-time.Hour), Reporter: reporter,
		ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: description, Persons: []reports.Mention{m}}
	if _, err := e.app.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: r}); err != nil {
		e.t.Fatal(err)
	}
	if team != "" {
		c := &cases.Case{Status: status, Team: team, ReportIDs: []int64{r.ID}, OpenedAt: now}
		if err := e.app.Store().CreateCase(ctx, c); err != nil {
			e.t.Fatal(err)
		}
	}
	return r
}

func (e *secEnv) get(c *http.Client, path string) (int, string) {
	e.t.Helper()
	resp, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (e *secEnv) postJSON(c *http.Client, csrf, path string, body any) (int, string) {
	e.t.Helper()
	var b []byte
	switch v := body.(type) {
	case string:
		b = []byte(v)
	default:
		var err error
		if b, err = json.Marshal(body); err != nil {
			e.t.Fatal(err)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

func idStr(n int64) string { return strconv.FormatInt(n, 10) }

// A new report naming a known person of another team, or merging such a
// person into one's own, does not open that team's content: reading
// existing content is decided by involvement in that content.
func TestNeedToKnowNewMentionAndMergeOpenNothing(t *testing.T) {
	t.Parallel()
	onBothDatabases(t, func(t *testing.T, db apptest.Option) {
		e := newSecEnvOn(t, db)
		secret := "Geheime inhoud van Team Zuid"
		theirs := e.report(reports.Mention{FirstNames: "Wilma", Surname: "Zuidema", BirthDate: toren.MustDate("1980-02-02"), BSN: "111222333",
			Street: "Zuiderstraat", HouseNumber: "4", Postcode: "1011 AB", City: "Amsterdam"}, secret, reports.Reporter{}, "Team Zuid", cases.StatusInvestigation)
		pid := theirs.Persons[0].PersonID
		iris, csrf := e.signIn(t, "intake")
		leaks := func(what, body string, own ...bool) {
			t.Helper()
			for _, s := range []string{secret, "Zuiderstraat", "111222333", "123456782", `"full":true`} {
				if len(own) > 0 && s == `"full":true` {
					continue // one's own person in triage
				}
				if strings.Contains(body, s) {
					t.Errorf("%s shows %q to the intake worker:\n%s", what, s, body)
				}
			}
		}
		_, body := e.get(iris, "/api/v1/persons/"+idStr(pid)+"/history")
		leaks("history before the new report", body)

		// Intake registers a new report naming the same person (same BSN).
		code, body := e.postJSON(iris, csrf, "/api/v1/reports", map[string]any{
			"reporter": map[string]any{"kind": "police", "organisation": "Politie", "phone": "0900-8844"}, "violence_types": []string{"partner"},
			"description": "Nieuwe melding.", "persons": []map[string]any{{"role": "victim", "first_names": "Wilma", "surname": "Zuidema",
				"birth_date": "1980-02-02", "bsn": "111222333"}}})
		if code != http.StatusCreated {
			t.Fatalf("new report: %d %s", code, body)
		}
		var created reports.Report
		if err := json.Unmarshal([]byte(body), &created); err != nil || created.Persons[0].PersonID != pid {
			t.Fatalf("new report not linked to the known person %d: %v %s", pid, err, body)
		}
		_, body = e.get(iris, "/api/v1/persons/"+idStr(pid)+"/history")
		leaks("history after the new report", body)
		_, body = e.get(iris, "/api/v1/persons/"+idStr(pid))
		leaks("person after the new report", body)
		_, body = e.get(iris, "/personen/"+idStr(pid)+"/geschiedenis")
		leaks("history page after the new report", body)
		_, body = e.get(iris, "/personen/"+idStr(pid))
		leaks("person page after the new report", body)
		// The new report itself is the intake worker's.
		if code, body := e.get(iris, "/api/v1/reports/"+idStr(created.ID)); code != 200 || !strings.Contains(body, "Nieuwe melding.") {
			t.Errorf("own new report: %d %s", code, body)
		}

		// Merging another team's person into one of one's own: refused.
		other := e.report(reports.Mention{FirstNames: "Zora", Surname: "Zuidhof", BirthDate: toren.MustDate("1975-05-05"), BSN: "123456782",
			Street: "Zuiderstraat", HouseNumber: "8", Postcode: "1011 AB", City: "Amsterdam"}, secret, reports.Reporter{}, "Team Zuid", cases.StatusInvestigation)
		own := e.report(reports.Mention{FirstNames: "Els", Surname: "Eigenaar", BirthDate: toren.MustDate("2001-09-09")}, "Eigen melding.", reports.Reporter{}, "", "")
		ownID, otherID := own.Persons[0].PersonID, other.Persons[0].PersonID
		code, body = e.postJSON(iris, csrf, "/api/v1/persons/"+idStr(ownID)+"/merge", map[string]any{"person_id": otherID, "reason": "Zelfde persoon, volgens de melder."})
		if code != http.StatusForbidden {
			t.Errorf("merging another team's person: %d %s, want 403", code, body)
		}
		_, body = e.get(iris, "/api/v1/persons/"+idStr(ownID)+"/history")
		leaks("own person's history after the merge attempt", body, true)
		// The owning team's leader may merge (Tara leads Backoffice: a case of
		// Backoffice on both).
		tl, tlCSRF := e.signIn(t, "teamleider")
		bo := e.report(reports.Mention{FirstNames: "Bo", Surname: "Backhuis", BirthDate: toren.MustDate("1990-01-01")}, "Backoffice een.", reports.Reporter{}, "Backoffice", cases.StatusInvestigation)
		bo2 := e.report(reports.Mention{FirstNames: "Bram", Surname: "Anderling", BirthDate: toren.MustDate("1960-06-16")}, "Backoffice twee.", reports.Reporter{}, "Backoffice", cases.StatusInvestigation)
		if code, body := e.postJSON(tl, tlCSRF, "/api/v1/persons/"+idStr(bo.Persons[0].PersonID)+"/merge",
			map[string]any{"person_id": bo2.Persons[0].PersonID, "reason": "Zelfde persoon, zelfde adres."}); code != http.StatusOK {
			t.Errorf("merge within the owning team: %d %s", code, body)
		}
	})
}

// When every case about a person is closed, the history is signals only
// for everyone, the former team and the intake team alike.
func TestNeedToKnowClosedInvolvement(t *testing.T) {
	t.Parallel()
	onBothDatabases(t, func(t *testing.T, db apptest.Option) {
		e := newSecEnvOn(t, db)
		r := e.report(reports.Mention{FirstNames: "Cees", Surname: "Gesloten", BirthDate: toren.MustDate("1970-07-07"),
			Street: "Slotlaan", HouseNumber: "1", Postcode: "1011 AB", City: "Amsterdam"}, "Afgesloten inhoud.", reports.Reporter{}, "Backoffice", cases.StatusClosed)
		pid := idStr(r.Persons[0].PersonID)
		for _, user := range []string{"intake", "casemanager"} {
			c, _ := e.signIn(t, user)
			code, body := e.get(c, "/api/v1/persons/"+pid+"/history")
			if code != 200 || strings.Contains(body, `"full":true`) || strings.Contains(body, "Slotlaan") {
				t.Errorf("%s: closed person's history: %d %s", user, code, body)
			}
			if _, body := e.get(c, "/api/v1/persons/"+pid); strings.Contains(body, "Slotlaan") {
				t.Errorf("%s: closed person's address: %s", user, body)
			}
		}
	})
}

// The radar's review queue shows a reviewer what deciding needs of a
// person they may not open (name, date of birth, sex, the postcode's
// digits, the per-field evidence) and nothing else; the audit entry says
// so.
func TestReviewQueueShowsOtherTeamsPersonsOnlyWhatDecidingNeeds(t *testing.T) {
	t.Parallel()
	onBothDatabases(t, func(t *testing.T, db apptest.Option) {
		e := newSecEnvOn(t, db)
		theirs := e.report(reports.Mention{Role: reports.RoleVictim, FirstNames: "Dennis Pieter", Surname: "Klaassen", Sex: reports.SexMale,
			BirthDate: toren.MustDate("1982-01-01"), BSN: "111222333", Street: "Zuiderstraat", HouseNumber: "4", Postcode: "1011 AB", City: "Amsterdam",
			Phone: "0612345678"}, "Geheime inhoud van Team Zuid", reports.Reporter{}, "Team Zuid", cases.StatusInvestigation)
		candidate := theirs.Persons[0].PersonID
		e.report(reports.Mention{Role: reports.RoleVictim, FirstNames: "Dennis", Surname: "Klaassen", Sex: reports.SexMale}, "Nieuwe melding.", reports.Reporter{}, "", "")
		iris, _ := e.signIn(t, "intake")
		before := e.head(t)
		code, body := e.get(iris, "/api/v1/review-items?limit=200")
		if code != 200 {
			t.Fatalf("review items: %d %s", code, body)
		}
		var list struct {
			Items []struct {
				Item struct {
					ID       int64 `json:"id"`
					PersonID int64 `json:"person_id"`
				} `json:"item"`
				Candidate map[string]any `json:"candidate"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(body), &list); err != nil {
			t.Fatal(err)
		}
		var itemID int64
		for _, it := range list.Items {
			if it.Item.PersonID == candidate {
				itemID = it.Item.ID
				if it.Candidate["surname"] != "Klaassen" || it.Candidate["birth_date"] != "1982-01-01" || it.Candidate["postcode"] != "1011" {
					t.Errorf("candidate lacks what a reviewer needs: %v", it.Candidate)
				}
			}
		}
		if itemID == 0 {
			t.Fatalf("no review item for the other team's person %d: %s", candidate, body)
		}
		for _, s := range []string{"111222333", "Zuiderstraat", "0612345678", "1011 AB", "Geheime inhoud"} {
			if strings.Contains(body, s) {
				t.Errorf("review queue shows %q of another team's person", s)
			}
		}
		en := e.entriesAfter(t, before)
		if len(en) != 1 || !strings.Contains(en[0].Reason, "reviewer view") || !contains64(en[0].PersonIDs, candidate) {
			t.Errorf("the audit entry does not say what was shown: %+v", en)
		}
		for _, path := range []string{"/api/v1/review-items/" + idStr(itemID), "/radar/beoordelen/" + idStr(itemID)} {
			code, body := e.get(iris, path)
			if code != 200 || !strings.Contains(body, "Klaassen") {
				t.Errorf("%s: %d", path, code)
			}
			for _, s := range []string{"111222333", "Zuiderstraat", "0612345678", "1011 AB"} {
				if strings.Contains(body, s) {
					t.Errorf("%s shows %q of another team's person", path, s)
				}
			}
		}
	})
}

func contains64(list []int64, x int64) bool {
	for _, v := range list {
		if v == x {
			return true
		}
	}
	return false
}

// addUser makes an account with the test password, the comma-separated
// roles and teams (made when missing).
func addUser(t *testing.T, a *app.App, username, name, roles, teams string) {
	t.Helper()
	var rs []authz.Role
	for _, r := range strings.Split(roles, ",") {
		rs = append(rs, authz.Role(r))
	}
	apptest.User(t, a, username, name, rs, strings.Split(teams, ",")...)
}

// Break the glass: a reason from the list and a written sentence; the
// grant is reviewed by a team leader of the team that owns the content,
// never by another team's leader nor by its holder; the review's audit
// entry names the grant and carries the outcome's code; the team leader
// sees everything the grant opened.
func TestBreakGlassReasonAndScopedReview(t *testing.T) {
	t.Parallel()
	onBothDatabases(t, func(t *testing.T, db apptest.Option) {
		e := newSecEnvOn(t, db)
		r := e.report(reports.Mention{FirstNames: "Nina", Surname: "Nacht", BirthDate: toren.MustDate("1988-08-08")}, "Dreiging met een mes.", reports.Reporter{}, "Team Zuid", cases.StatusInvestigation)
		addUser(t, e.app, "zuidleider", "Zeger Zuid", "team_leader", "Team Zuid")
		path := "/meldingen/" + idStr(r.ID) + "/noodtoegang"
		post := func(c *http.Client, p string, form map[string]string) (int, string) {
			vals := make(map[string][]string)
			for k, v := range form {
				vals[k] = []string{v}
			}
			resp, err := c.PostForm(e.srv.URL+p, vals)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		iris, csrf := e.signIn(t, "intake")
		for _, bad := range []map[string]string{
			{"reden": "aaaaaaaaaaaaaaaaaaaa", "soort": "crisis_call"},
			{"reden": "Politie belt: acute dreiging, dossier nodig."},
			{"reden": "Politie belt: acute dreiging, dossier nodig.", "soort": "curiosity"},
		} {
			bad["csrf"] = csrf
			if code, _ := post(iris, path, bad); code != http.StatusUnprocessableEntity {
				t.Errorf("break the glass with %v: %d, want 422", bad, code)
			}
		}
		if n, _ := e.app.Store().UnreviewedGrants(context.Background()); len(n) != 0 {
			t.Fatalf("a refused request issued a grant: %+v", n)
		}
		reason := "Politie belt 02:10: acute dreiging, dossier nodig."
		if code, body := post(iris, path, map[string]string{"csrf": csrf, "soort": "crisis_call", "reden": reason}); code != http.StatusSeeOther {
			t.Fatalf("break the glass: %d %s", code, body)
		}
		if code, _ := e.get(iris, "/meldingen/"+idStr(r.ID)); code != 200 {
			t.Fatalf("report under the grant: %d", code)
		}
		grants, err := e.app.Store().UnreviewedGrants(context.Background())
		if err != nil || len(grants) == 0 {
			t.Fatalf("grants: %+v %v", grants, err)
		}
		var irisGrant int64
		for _, g := range grants {
			if g.UserName == "Iris de Wit" {
				irisGrant = g.ID
			}
		}
		// Another team's leader sees nothing to review and may not review.
		tara, taraCSRF := e.signIn(t, "teamleider")
		if _, body := e.get(tara, "/noodtoegang"); strings.Contains(body, reason) {
			t.Error("a team leader of another team sees the grant")
		}
		if code, _ := post(tara, "/noodtoegang/"+idStr(irisGrant), map[string]string{"csrf": taraCSRF, "oordeel": "justified"}); code != http.StatusForbidden {
			t.Errorf("a team leader of another team reviews the grant: %d, want 403", code)
		}
		if code, _ := e.postJSON(tara, taraCSRF, "/api/v1/break-glass-grants/"+idStr(irisGrant)+"/review", `{"outcome": "justified"}`); code != http.StatusForbidden {
			t.Errorf("through the API: %d, want 403", code)
		}
		// The owning team's leader sees what the grant opened and reviews it.
		zeger, zegerCSRF := e.signIn(t, "zuidleider")
		code, body := e.get(zeger, "/api/v1/break-glass-grants")
		if code != 200 || !strings.Contains(body, reason) || !strings.Contains(body, `"action":"report.view"`) || !strings.Contains(body, `"reason_code":"crisis_call"`) {
			t.Errorf("the owning team's leader's list: %d %s", code, body)
		}
		before := e.head(t)
		if code, body := e.postJSON(zeger, zegerCSRF, "/api/v1/break-glass-grants/"+idStr(irisGrant)+"/review", `{"outcome": "justified", "note": "Besproken met Iris."}`); code != 200 {
			t.Fatalf("review: %d %s", code, body)
		}
		en := e.entriesAfter(t, before)
		if len(en) != 1 || en[0].ObjectType != "grant" || en[0].ObjectID != idStr(irisGrant) || !strings.Contains(en[0].Reason, "justified") || strings.Contains(en[0].Reason, "Besproken") {
			t.Errorf("review audit entry: %+v", en)
		}
		// And through the API, the intake worker breaks the glass too.
		code, body = e.postJSON(iris, csrf, "/api/v1/reports/"+idStr(r.ID)+"/break-glass", map[string]any{"reason_code": "acute_danger", "reason": "Tweede oproep van de politie, zelfde gezin."})
		if code != http.StatusCreated || !strings.Contains(body, `"teams":["Team Zuid"]`) {
			t.Errorf("break the glass through the API: %d %s", code, body)
		}
	})
}

// After signing in, the user goes back only to a path of this site: a
// tab, a backslash or a second slash (which browsers strip or turn into
// another host) sends them to the start page.
func TestSignInRedirectStaysOnSite(t *testing.T) {
	t.Parallel()
	onBothDatabases(t, func(t *testing.T, db apptest.Option) {
		e := newSecEnvOn(t, db)
		for _, back := range []string{"/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/ /evil.example",
			"/\n/evil.example", "javascript:alert(1)", "/\x00"} {
			c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := c.PostForm(e.srv.URL+"/inloggen", map[string][]string{"gebruikersnaam": {"intake"}, "wachtwoord": {apptest.Password}, "terug": {back}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/" && loc != "/start" {
				t.Errorf("terug=%q: %d Location %q, want the start page", back, resp.StatusCode, loc)
			}
		}
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.PostForm(e.srv.URL+"/inloggen", map[string][]string{"gebruikersnaam": {"intake"}, "wachtwoord": {apptest.Password}, "terug": {"/meldingen/3?x=1"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "/meldingen/3?x=1" {
			t.Errorf("a path of the site: Location %q", loc)
		}
	})
}

// A case is opened or assigned only for a team that exists: otherwise
// nobody could read the report again.
func TestCaseNeedsAnExistingTeam(t *testing.T) {
	t.Parallel()
	onBothDatabases(t, func(t *testing.T, db apptest.Option) {
		e := newSecEnvOn(t, db)
		r := e.report(reports.Mention{FirstNames: "Tess", Surname: "Teamloos", BirthDate: toren.MustDate("2015-05-05")}, "Inhoud.", reports.Reporter{}, "", "")
		tl, csrf := e.signIn(t, "teamleider")
		before := e.head(t)
		code, body := e.postJSON(tl, csrf, "/api/v1/cases", map[string]any{"team": "Nonexistent <b>x</b>", "report_ids": []int64{r.ID}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"field":"team"`) {
			t.Errorf("case for a team that does not exist: %d %s", code, body)
		}
		if teams, _ := e.app.Store().ReportCaseTeams(context.Background(), r.ID); len(teams) != 0 {
			t.Errorf("a case was opened anyway: %v", teams)
		}
		_ = before
		code, body = e.postJSON(tl, csrf, "/api/v1/cases", map[string]any{"team": "Backoffice", "report_ids": []int64{r.ID}})
		if code != http.StatusCreated {
			t.Fatalf("case for Backoffice: %d %s", code, body)
		}
		var f struct {
			Case struct {
				ID      int64 `json:"id"`
				Version int   `json:"version"`
			} `json:"case"`
		}
		if err := json.Unmarshal([]byte(body), &f); err != nil {
			t.Fatal(err)
		}
		code, body = e.postJSON(tl, csrf, "/api/v1/cases/"+idStr(f.Case.ID)+"/assignment", map[string]any{"team": "Geen Team", "workers": []int64{}, "version": f.Case.Version})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"field":"team"`) {
			t.Errorf("assignment to a team that does not exist: %d %s", code, body)
		}
	})
}

// A protected reporter is hidden with everything that points to them
// (organisation, function, relation, contact details) from everyone who
// does not need to know them: the report and the case file alike.
func TestProtectedReporterHidesEverythingThatPointsToThem(t *testing.T) {
	t.Parallel()
	onBothDatabases(t, func(t *testing.T, db apptest.Option) {
		e := newSecEnvOn(t, db)
		rep := reports.Reporter{Kind: reports.ReporterEducation, Name: "Geheime Melder", Organisation: "Huisartsenpraktijk De Linde",
			Function: "praktijkondersteuner", Relation: "buurvrouw", Phone: "0611112222", Email: "melder@example.org", ProtectIdentity: true}
		r := e.report(reports.Mention{FirstNames: "Pim", Surname: "Beschermd", BirthDate: toren.MustDate("2016-06-06")}, "Inhoud.", rep, "Backoffice", cases.StatusInvestigation)
		secrets := []string{"Geheime Melder", "De Linde", "praktijkondersteuner", "buurvrouw", "0611112222", "melder@example.org"}
		for _, user := range []string{"casemanager", "gedragswetenschapper"} {
			c, _ := e.signIn(t, user)
			paths := []string{"/api/v1/reports/" + idStr(r.ID), "/meldingen/" + idStr(r.ID)}
			refs, err := e.app.Store().CasesOfReport(context.Background(), r.ID)
			if err != nil || len(refs) != 1 {
				t.Fatalf("cases of the report: %+v %v", refs, err)
			}
			paths = append(paths, "/api/v1/cases/"+idStr(refs[0].ID), "/dossiers/"+idStr(refs[0].ID))
			for _, p := range paths {
				code, body := e.get(c, p)
				if code != 200 {
					t.Errorf("%s %s: %d", user, p, code)
				}
				for _, s := range secrets {
					if strings.Contains(body, s) {
						t.Errorf("%s %s shows %q of a protected reporter", user, p, s)
					}
				}
			}
		}
	})
}

// onBothDatabases runs a need-to-know test on SQLite and on PostgreSQL
// (skipped without TOREN_TEST_POSTGRES, a failure in CI): the decisions
// read facts through the store, and the two must give the same answer.
func onBothDatabases(t *testing.T, test func(t *testing.T, db apptest.Option)) {
	t.Run("sqlite", func(t *testing.T) { test(t, apptest.Configure(func(*config.Config) {})) })
	t.Run("postgres", func(t *testing.T) { test(t, apptest.OnPostgres()) })
}
