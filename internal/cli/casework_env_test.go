package cli

import (
	"context"
	"io"
	"net/http"
	neturl "net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"toren/internal/accounts"
	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/reports"
)

// The case-work screens over the whole app: the demo seed and accounts,
// the guard, the casework service and SQLite, with a case opened on
// Lisanne's two reports for the Backoffice and given to Cas Jansen (the
// demo's casemanager).

type cwEnv struct {
	*matrixEnv
	svc           *casework.Service
	caseID        int64
	police, care  *reports.Report
	cas, tara     authz.Actor
	iris, gert    authz.Actor
	clients       map[string]*intakeClient
	t             *testing.T
	ctx           context.Context
	lisanneNumber string
}

func newCaseworkEnv(t *testing.T) *cwEnv {
	t.Helper()
	ctx := context.Background()
	a := apptest.New(t)
	apptest.Demo(t, a, 0, 1)
	addPrivacyOfficer(t, a)
	hs := apptest.Serve(t, a)
	svc := a.Casework()
	e := &cwEnv{matrixEnv: &matrixEnv{app: a, srv: hs}, svc: svc, clients: map[string]*intakeClient{}, t: t, ctx: ctx}
	e.iris, e.cas, e.tara, e.gert = demoActor(t, a, "intake"), demoActor(t, a, "casemanager"), demoActor(t, a, "teamleider"), demoActor(t, a, "gedragswetenschapper")
	e.police, e.care = lisanneReports(t, a)
	f := openLisanneCase(t, a, svc)
	e.caseID, e.lisanneNumber = f.Case.ID, f.Case.Number
	return e
}

// addPrivacyOfficer makes the account "privacy" (Pim Prins).
func addPrivacyOfficer(t *testing.T, a *app.App) {
	t.Helper()
	hash, err := auth.HashPassword(apptest.Password, auth.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	now := a.Clock().Now()
	if err := a.Store().CreateUser(context.Background(), &accounts.User{Username: "privacy", DisplayName: "Pim Prins", PasswordHash: hash,
		Roles: []string{"privacy_officer"}, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
}

// demoActor is a demo account as the policy sees it.
func demoActor(t *testing.T, a *app.App, username string) authz.Actor {
	t.Helper()
	u, err := a.Store().GetUserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	act := authz.Actor{UserID: u.ID, Name: u.DisplayName, MultiFactor: true}
	for _, r := range u.Roles {
		act.Roles = append(act.Roles, authz.Role(r))
	}
	for _, tm := range u.Teams {
		act.Teams = append(act.Teams, tm.Name)
	}
	return act
}

// lisanneReports finds the seed's two reports about Lisanne's family:
// the police's (with BSNs) and the shelter's.
func lisanneReports(t *testing.T, a *app.App) (police, care *reports.Report) {
	t.Helper()
	ctx := context.Background()
	list, err := a.Store().ListReports(ctx, reports.Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		r, err := a.Store().GetReport(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(r.Persons, func(m reports.Mention) bool { return strings.HasPrefix(m.Surname, "Wijnan") }) {
			continue
		}
		if r.Reporter.Kind == reports.ReporterPolice {
			police = r
		} else {
			care = r
		}
	}
	if police == nil || care == nil {
		t.Fatal("the demo seed has no Lisanne reports")
	}
	return police, care
}

// openLisanneCase opens the case on Lisanne's reports for the Backoffice
// (as the intake worker, who triages them) and the team leader gives it
// to Cas Jansen. Should the seed have opened it already, that case is used.
func openLisanneCase(t *testing.T, a *app.App, svc *casework.Service) *casework.File {
	t.Helper()
	ctx := context.Background()
	police, care := lisanneReports(t, a)
	iris, tara, cas := demoActor(t, a, "intake"), demoActor(t, a, "teamleider"), demoActor(t, a, "casemanager")
	refs, err := a.Store().CasesOfReport(ctx, police.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs {
		if !casework.Final(ref.Status) {
			f, err := svc.File(ctx, tara, ref.ID)
			if err != nil {
				t.Fatalf("the seed's Lisanne case %s: %v", ref.Number, err)
			}
			return f
		}
	}
	f, err := svc.OpenCase(ctx, iris, casework.OpenRequest{ReportIDs: []int64{police.ID, care.ID}, Team: "Backoffice",
		Summary: "Escalatie tussen ex-partners; drie kinderen getuige."})
	if err != nil {
		t.Fatal(err)
	}
	f, err = svc.Assign(ctx, tara, f.Case.ID, casework.AssignRequest{Team: "Backoffice", Workers: []int64{cas.UserID}, Version: f.Case.Version})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// as returns a signed-in client for a demo account.
func (e *cwEnv) as(username string) *intakeClient {
	e.t.Helper()
	if c, ok := e.clients[username]; ok {
		return c
	}
	c := e.intakeClient(e.t, username)
	e.clients[username] = c
	return c
}

// file reads the case as the team leader (a member of its team).
func (e *cwEnv) file() *casework.File {
	e.t.Helper()
	f, err := e.svc.File(e.ctx, e.tara, e.caseID)
	if err != nil {
		e.t.Fatal(err)
	}
	return f
}

// path is a path under the case: e.path("/contacten").
func (e *cwEnv) path(sub string) string { return caseURLForTest(e.caseID) + sub }

func caseURLForTest(id int64) string { return "/dossiers/" + strconv.FormatInt(id, 10) }

// htmx sends the form as htmx does (HX-Request) and returns status and body.
func (c *intakeClient) htmx(path string, form neturl.Values) (int, string) {
	c.t.Helper()
	v := neturl.Values{}
	for k, vs := range form {
		v[k] = vs
	}
	v.Set("csrf", c.csrf)
	body := strings.NewReader(v.Encode())
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}
