package cli

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/browsertest"
	"toren/internal/cases"
	"toren/internal/intake"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/toren"
)

// browserEnv is the real app, wired as `toren demo` wires it, over a fresh
// SQLite database with the demo seed, the demo accounts and a privacy
// officer ("privacy"), served on a local port; and a headless Chromium
// pointed at it. Page tests start one with newBrowserEnv and sign in with
// e.signedIn(t, "intake"); see internal/browsertest for the page API.
type browserEnv struct {
	app      *app
	srv      *httptest.Server
	patterns []string // the routes the router serves
	browser  *browsertest.Browser

	// A seed report in triage (the intake team's) and a person it names.
	report, person int64
	// A report and its person in a case of another team ("Team Zuid"):
	// workers outside that team see only that a signal exists.
	otherReport, otherPerson int64
	// A Backoffice case with records and a closing letter in it, for the
	// case-work pages (casework_browser_test.go).
	caseID, letterID int64
	// An open radar review item (the seed leaves Lisanne's father in
	// review), 0 when the stories were skipped.
	reviewID int64
}

// newBrowserEnv starts the app and the browser; opts adjust the server
// (e.g. a short session idle limit). Without Chromium the test is skipped,
// or fails when CI=true.
func newBrowserEnv(t *testing.T, opts ...func(*serverOptions)) *browserEnv {
	t.Helper()
	return newBrowserEnvWithout(t, nil, opts...)
}

// newBrowserEnvWithout is newBrowserEnv without the seed stories named in
// skipStories: a test that tells a story through the pages starts without
// it.
func newBrowserEnvWithout(t *testing.T, skipStories []string, opts ...func(*serverOptions)) *browserEnv {
	t.Helper()
	browsertest.RequireBrowser(t)
	ctx := context.Background()
	a, err := openApp(ctx, "sqlite:"+t.TempDir()+"/t.db", newLogger(Env{Getenv: func(string) string { return "" }}, testLogWriter{t}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	// A few synthetic families so lists look like a working day; the seed
	// stories come last and head the start page.
	if err := a.useRadar(ctx); err != nil { // as `toren demo` does
		t.Fatal(err)
	}
	if _, err := loadDemo(ctx, a, 8, 2, 1, skipStories...); err != nil {
		t.Fatal(err)
	}
	if _, err := demoAccounts(ctx, a); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(demoPassword, auth.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	now := a.clock.Now()
	if err := a.db.CreateUser(ctx, &accounts.User{Username: "privacy", DisplayName: "Pim Prins", PasswordHash: hash,
		Roles: []string{"privacy_officer"}, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	e := &browserEnv{app: a}
	list, err := a.db.ListReports(ctx, reports.Filter{Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no seed report: %v", err)
	}
	top, err := a.db.GetReport(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	e.report, e.person = top.ID, top.Persons[0].PersonID

	other := &reports.Report{
		Kind: reports.KindReport, ReceivedAt: now.Add(-2 * time.Hour),
		Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie Midden-Nederland", Phone: "0900-8844"},
		ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Ruzie met letsel; buren belden 112.",
		Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: "Noor", Surname: "Anderteam", BirthDate: toren.MustDate("1990-05-05"),
			Street: "Zuidweg", HouseNumber: "12", Postcode: "3511 AB", City: "Utrecht"}},
	}
	if _, err := a.intake.Submit(audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: "system", ActorName: "test"}}),
		intake.Submission{Report: other}); err != nil {
		t.Fatal(err)
	}
	if err := a.db.CreateCase(ctx, &cases.Case{Status: cases.StatusInvestigation, Team: "Team Zuid", ReportIDs: []int64{other.ID}, OpenedAt: now}); err != nil {
		t.Fatal(err)
	}
	e.otherReport, e.otherPerson = other.ID, other.Persons[0].PersonID

	// One break-glass grant for the team leader's review list: the intake
	// worker opened the other team's person at night.
	iris, err := a.db.GetUserByUsername(ctx, "intake")
	if err != nil {
		t.Fatal(err)
	}
	g, err := authz.NewGrant(authz.Actor{UserID: iris.ID, Roles: []authz.Role{authz.RoleIntake}, MultiFactor: true},
		authz.Ref{Kind: authz.KindPerson, ID: e.otherPerson}, "Politie belt 02:10: acute dreiging, gegevens nodig voor de veiligheidsafspraken", now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.CreateGrant(ctx, g, audit.Entry{At: now, ActorID: strconv.FormatInt(iris.ID, 10), ActorName: iris.DisplayName, Role: "intake"}); err != nil {
		t.Fatal(err)
	}

	e.seedCasework(t)
	if items, err := a.db.ListReviewItems(ctx, registry.ReviewFilter{Limit: 1}); err != nil {
		t.Fatal(err)
	} else if len(items) > 0 {
		e.reviewID = items[0].ID
	}

	so := serverOptions{demo: true}
	for _, o := range opts {
		o(&so)
	}
	srv, err := a.server(so)
	if err != nil {
		t.Fatal(err)
	}
	e.patterns = srv.Mux().Patterns()
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	e.browser = browsertest.Start(t, e.srv.URL)
	return e
}

// page opens a tab that is not signed in.
func (e *browserEnv) page(t *testing.T) *browsertest.Page {
	t.Helper()
	return e.browser.NewPage(t)
}

// signedIn opens a tab signed in as the demo account username ("intake",
// "casemanager", "teamleider", "analist", "beheerder", "privacy", ...).
func (e *browserEnv) signedIn(t *testing.T, username string) *browsertest.Page {
	t.Helper()
	p := e.browser.NewPage(t)
	p.SignIn(username, demoPassword)
	return p
}

// path fills in the env's objects: {report}, {person}, {otherReport},
// {otherPerson}, {case}, {letter}.
func (e *browserEnv) path(p string) string {
	return strings.NewReplacer(
		"{report}", strconv.FormatInt(e.report, 10), "{person}", strconv.FormatInt(e.person, 10),
		"{otherReport}", strconv.FormatInt(e.otherReport, 10), "{otherPerson}", strconv.FormatInt(e.otherPerson, 10),
		"{case}", strconv.FormatInt(e.caseID, 10), "{letter}", strconv.FormatInt(e.letterID, 10),
		"{review}", strconv.FormatInt(e.reviewID, 10),
	).Replace(p)
}
