package cli

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/alerts"
	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/breakglass"
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
	app      *app.App
	srv      *apptest.Server
	patterns []string // the routes the router serves
	browser  *browsertest.Browser

	// A seed report in triage (the intake team's) and a person it names.
	report, person int64
	// The Interventieteam's case of the family Verbeek (the demo's IT year).
	itCase int64
	mic    int64
	// A report and its person in a case of another team ("Team Zuid"):
	// workers outside that team see only that a signal exists.
	otherReport, otherPerson int64
	// A Backoffice case with records and a closing letter in it, for the
	// case-work pages (casework_browser_test.go).
	caseID, letterID int64
	// An open radar review item (the family doctor names Lisanne's
	// ex-partner by his initial only), 0 when the stories were skipped.
	reviewID int64
	// An open alert for the intake worker's team ("Signalen voor mij").
	alertID int64
}

// newBrowserEnv starts the app and the browser; opts adjust the server
// (e.g. a short session idle limit). Without Chromium the test is skipped,
// or fails when CI=true.
func newBrowserEnv(t *testing.T, opts ...apptest.Option) *browserEnv {
	t.Helper()
	return newBrowserEnvWithout(t, nil, opts...)
}

// newBrowserEnvWithout is newBrowserEnv without the seed stories named in
// skipStories: a test that tells a story through the pages starts without
// it.
func newBrowserEnvWithout(t *testing.T, skipStories []string, opts ...apptest.Option) *browserEnv {
	t.Helper()
	browsertest.RequireBrowser(t)
	ctx := context.Background()
	a := apptest.New(t, opts...)
	// A few synthetic families so lists look like a working day; the seed
	// stories come last and head the start page.
	apptest.Demo(t, a, 8, 2, skipStories...)
	apptest.PrivacyOfficer(t, a)
	now := a.Clock().Now()
	e := &browserEnv{app: a}
	list, err := a.Store().ListReports(ctx, reports.Filter{Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no seed report: %v", err)
	}
	top, err := a.Store().GetReport(ctx, list[0].ID)
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
	if _, err := a.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: other}); err != nil {
		t.Fatal(err)
	}
	if err := a.Store().CreateCase(ctx, &cases.Case{Status: cases.StatusInvestigation, Team: "Team Zuid", ReportIDs: []int64{other.ID}, OpenedAt: now}); err != nil {
		t.Fatal(err)
	}
	e.otherReport, e.otherPerson = other.ID, other.Persons[0].PersonID

	e.seedCasework(t)
	// One break-glass grant for the team leader's review list, issued as
	// the service issues it: the intake worker opened the Backoffice case
	// at night, with a reason code, the grant naming the teams that own
	// the case, so their team leader reviews it.
	iris, err := a.Store().GetUserByUsername(ctx, "intake")
	if err != nil {
		t.Fatal(err)
	}
	owner, err := a.Store().GetCase(ctx, e.caseID)
	if err != nil || owner.Team == "" {
		t.Fatalf("the case's team: %+v %v", owner, err)
	}
	g, err := authz.NewGrant(authz.Actor{UserID: iris.ID, Roles: []authz.Role{authz.RoleIntake}, MultiFactor: true},
		authz.Ref{Kind: authz.KindCase, ID: e.caseID}, "Politie belt 02:10: acute dreiging, gegevens nodig voor de veiligheidsafspraken", now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store().IssueGrant(ctx, breakglass.Record{UserID: iris.ID, ObjectKind: authz.KindCase, ObjectID: e.caseID,
		ReasonCode: breakglass.ReasonCrisisCall, Reason: g.Reason, Teams: []string{owner.Team}, IssuedAt: g.IssuedAt, ExpiresAt: g.ExpiresAt},
		audit.Entry{At: now, ActorID: strconv.FormatInt(iris.ID, 10), ActorName: iris.DisplayName, Role: "intake", Action: audit.ActionBreakGlass,
			Outcome: audit.OutcomeOK, ObjectType: string(authz.KindCase), ObjectID: strconv.FormatInt(e.caseID, 10),
			Reason: string(breakglass.ReasonCrisisCall) + ": " + g.Reason}); err != nil {
		t.Fatal(err)
	}

	if _, err := a.LoadDemoITYear(ctx); err != nil {
		t.Fatal(err)
	}
	its, err := a.Store().ITCases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range its {
		if c.Family == "Familie Verbeek" {
			e.itCase = c.ID
		}
		if ms, err := a.Store().MICsOfCase(ctx, c.ID); err != nil {
			t.Fatal(err)
		} else {
			for _, m := range ms {
				if m.Reporter.Name == "Ilse Smit" && e.mic == 0 {
					e.mic = m.ID // one the other of the duo may not read
				}
			}
		}
	}
	if items, err := a.Store().ListReviewItems(ctx, registry.ReviewFilter{Limit: 1}); err != nil {
		t.Fatal(err)
	} else if len(items) > 0 {
		e.reviewID = items[0].ID
	}

	var teams []string
	for _, tm := range iris.Teams {
		teams = append(teams, tm.Name)
	}
	if open, err := a.Store().ListAlerts(ctx, alerts.Filter{Teams: teams, Limit: 1}); err != nil || len(open) == 0 {
		t.Fatalf("no open alert for the intake team: %v", err)
	} else {
		e.alertID = open[0].ID
	}

	e.patterns = a.Patterns()
	e.srv = apptest.Serve(t, a)
	e.browser = e.srv.Browser(t)
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
	p.SignIn(username, apptest.Password)
	return p
}

// path fills in the env's objects: {report}, {person}, {otherReport},
// {otherPerson}, {case}, {letter}.
func (e *browserEnv) path(p string) string {
	return strings.NewReplacer(
		"{report}", strconv.FormatInt(e.report, 10), "{person}", strconv.FormatInt(e.person, 10),
		"{otherReport}", strconv.FormatInt(e.otherReport, 10), "{otherPerson}", strconv.FormatInt(e.otherPerson, 10),
		"{case}", strconv.FormatInt(e.caseID, 10), "{letter}", strconv.FormatInt(e.letterID, 10),
		"{review}", strconv.FormatInt(e.reviewID, 10), "{itcase}", strconv.FormatInt(e.itCase, 10), "{mic}", strconv.FormatInt(e.mic, 10),
		"{alert}", strconv.FormatInt(e.alertID, 10),
	).Replace(p)
}
