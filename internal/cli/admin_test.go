package cli

import (
	"context"
	"html"
	"io"
	"net/http"
	neturl "net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/accounts"
	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/toren"
)

// adminEnv runs Toren as in production (second factor required) with an
// administrator and a case manager, both with TOTP.
type adminEnv struct {
	app     *app.App
	clock   *toren.FixedClock
	srv     *apptest.Server
	secrets map[string]string
}

func newAdminEnv(t *testing.T) *adminEnv {
	t.Helper()
	ctx := context.Background()
	clock := toren.NewFixedClock(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	a := apptest.New(t, apptest.Quiet(), apptest.SecondFactor(), apptest.Clock(clock))
	hash, err := auth.HashPassword("correct horse battery", a.Config().Passwords)
	if err != nil {
		t.Fatal(err)
	}
	team := accounts.Team{Name: "Backoffice"}
	if err := a.Store().CreateTeam(ctx, &team); err != nil {
		t.Fatal(err)
	}
	e := &adminEnv{app: a, clock: clock, secrets: map[string]string{}}
	for _, u := range []struct{ name, role string }{{"bart", "admin"}, {"cas", "case_manager"}} {
		key, err := auth.NewTOTPKey("Toren", u.name)
		if err != nil {
			t.Fatal(err)
		}
		e.secrets[u.name] = key.Secret
		now := clock.Now()
		if err := a.Store().CreateUser(ctx, &accounts.User{Username: u.name, DisplayName: strings.ToUpper(u.name[:1]) + u.name[1:], PasswordHash: hash,
			TOTPSecret: key.Secret, Roles: []string{u.role}, Teams: []accounts.Team{team}, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	e.srv = apptest.Serve(t, a)
	return e
}

// signIn signs in with password and TOTP code and returns the client and
// the session's CSRF token.
func (e *adminEnv) signIn(t *testing.T, user, password, secret string) (*http.Client, string, int) {
	t.Helper()
	c := e.srv.Client(t).HTTP
	code, err := auth.TOTPCode(secret, auth.TOTPStep(e.clock.Now()))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.PostForm(e.srv.URL+"/inloggen", neturl.Values{"gebruikersnaam": {user}, "wachtwoord": {password}, "code": {code}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return c, "", resp.StatusCode
	}
	u, _ := neturl.Parse(e.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "toren" {
			s, err := e.app.Store().GetSession(context.Background(), auth.SessionKey(ck.Value))
			if err != nil {
				t.Fatal(err)
			}
			return c, s.CSRFToken, resp.StatusCode
		}
	}
	t.Fatal("no session cookie")
	return nil, "", 0
}

func post(t *testing.T, c *http.Client, url string, form neturl.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(url, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func getPage(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var (
	passwordRE = regexp.MustCompile(`id="wachtwoord">([^<]+)<`)
	secretRE   = regexp.MustCompile(`id="totp-sleutel">([^<]+)<`)
)

// The administrator adds an account with a role and a team; the page
// shows its first password and TOTP key once, and with them the new
// colleague signs in and sees their team's work.
func TestAdminAddsUserWhoCanSignIn(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t)
	admin, csrf, code := e.signIn(t, "bart", "correct horse battery", e.secrets["bart"])
	if code != http.StatusSeeOther {
		t.Fatalf("admin sign in: %d", code)
	}
	teams, _ := e.app.Store().ListTeams(context.Background())
	before := e.head(t)
	code, body := post(t, admin, e.srv.URL+"/beheer/gebruikers", neturl.Values{"csrf": {csrf}, "username": {"n.bakker"},
		"display_name": {"Noor Bakker"}, "email": {"n.bakker@veiligthuis.nl"}, "roles": {"intake"}, "teams": {strconv.FormatInt(teams[0].ID, 10)}})
	pw, secret := passwordRE.FindStringSubmatch(body), secretRE.FindStringSubmatch(body)
	if code != http.StatusOK || pw == nil || secret == nil {
		t.Fatalf("add user: %d, no credentials shown:\n%s", code, body)
	}
	u, err := e.app.Store().GetUserByUsername(context.Background(), "n.bakker")
	if err != nil || len(u.Roles) != 1 || u.Roles[0] != "intake" || len(u.Teams) != 1 || u.Teams[0].Name != "Backoffice" || u.DisplayName != "Noor Bakker" {
		t.Fatalf("stored user = %+v, %v", u, err)
	}
	if strings.Contains(u.PasswordHash, pw[1]) {
		t.Error("the password is stored in the clear")
	}
	en := e.entriesAfter(t, before)
	if len(en) != 1 || en[0].Action != "user.create" || en[0].ActorName != "Bart" || en[0].ObjectID != strconv.FormatInt(u.ID, 10) ||
		!strings.Contains(en[0].Reason, "roles: intake") {
		t.Errorf("audit entries of the addition: %+v", en)
	}

	// The list shows the account, the credentials are not shown again.
	if code, list := getPage(t, admin, e.srv.URL+"/beheer/gebruikers"); code != 200 || !strings.Contains(list, "n.bakker") || strings.Contains(list, pw[1]) {
		t.Errorf("user list: %d", code)
	}

	e.clock.Advance(time.Minute) // a fresh TOTP step
	worker, _, code := e.signIn(t, "n.bakker", html.UnescapeString(pw[1]), secret[1])
	if code != http.StatusSeeOther {
		t.Fatalf("new user signs in: %d", code)
	}
	if code, _ := getPage(t, worker, e.srv.URL+"/"); code != http.StatusOK {
		t.Errorf("new intake worker's start page: %d", code)
	}
	if code, _ := getPage(t, worker, e.srv.URL+"/beheer/gebruikers"); code != http.StatusForbidden {
		t.Errorf("new intake worker opens the administration: %d", code)
	}

	// Reset gives new credentials and ends the sessions; disabling ends
	// the account's sessions too.
	code, body = post(t, admin, e.srv.URL+"/beheer/gebruikers/"+strconv.FormatInt(u.ID, 10)+"/herstellen", neturl.Values{"csrf": {csrf}})
	if newPW := passwordRE.FindStringSubmatch(body); code != 200 || newPW == nil || newPW[1] == pw[1] {
		t.Errorf("reset: %d", code)
	}
	if code, _ := getPage(t, worker, e.srv.URL+"/"); code != http.StatusSeeOther {
		t.Errorf("after the reset the old session still works: %d", code)
	}
	if code, _ := post(t, admin, e.srv.URL+"/beheer/gebruikers/"+strconv.FormatInt(u.ID, 10)+"/blokkeren", neturl.Values{"csrf": {csrf}}); code != 200 {
		t.Errorf("disable: %d", code)
	}
	if u, _ := e.app.Store().GetUser(context.Background(), u.ID); !u.Disabled {
		t.Error("user not disabled")
	}
	var actions []string
	for _, en := range e.entriesAfter(t, before) {
		actions = append(actions, en.Action)
	}
	if got := strings.Join(actions, " "); !strings.Contains(got, "user.reset") || !strings.Contains(got, "user.disable") {
		t.Errorf("audit actions %q, want the reset and the disabling", got)
	}
	bart, _ := e.app.Store().GetUserByUsername(context.Background(), "bart")
	if code, _ := post(t, admin, e.srv.URL+"/beheer/gebruikers/"+strconv.FormatInt(bart.ID, 10)+"/blokkeren", neturl.Values{"csrf": {csrf}}); code != http.StatusUnprocessableEntity {
		t.Errorf("admin disables their own account: %d, want 422", code)
	}
}

// Bad input names each field with its rule and changes nothing; the
// refused attempt is still in the audit log.
func TestAdminBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t)
	admin, csrf, _ := e.signIn(t, "bart", "correct horse battery", e.secrets["bart"])
	ctx := context.Background()
	users, _ := e.app.Store().ListUsers(ctx)
	before := e.head(t)
	code, body := post(t, admin, e.srv.URL+"/beheer/gebruikers", neturl.Values{"csrf": {csrf}, "username": {"n bakker!"},
		"email": {"geen-adres"}, "roles": {"koning"}, "teams": {"999"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad user: %d", code)
	}
	for _, field := range []string{"username", "display_name", "email"} {
		if !strings.Contains(body, `id="`+field+`-fout"`) {
			t.Errorf("no error next to %s", field)
		}
	}
	for _, id := range []string{"roles-fout", "teams-fout"} {
		if !strings.Contains(body, `id="`+id+`"`) {
			t.Errorf("no error %s", id)
		}
	}
	if !strings.Contains(body, `value="n bakker!"`) {
		t.Error("the form does not keep what was typed")
	}
	code, body = post(t, admin, e.srv.URL+"/beheer/gebruikers", neturl.Values{"csrf": {csrf}, "username": {"BART"}, "display_name": {"Bart twee"}, "roles": {"intake"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "al in gebruik") {
		t.Errorf("taken user name: %d", code)
	}
	code, body = post(t, admin, e.srv.URL+"/beheer/teams", neturl.Values{"csrf": {csrf}, "name": {"  "}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="name-fout"`) {
		t.Errorf("empty team name: %d", code)
	}
	code, body = post(t, admin, e.srv.URL+"/beheer/partners", neturl.Values{"csrf": {csrf}, "name": {""}, "kind": {"bakker"},
		"municipality": {"Atlantis"}, "phone": {"12"}, "email": {"x@"}})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("bad partner: %d", code)
	}
	for _, field := range []string{"name", "kind", "municipality", "phone", "email"} {
		if !strings.Contains(body, `id="`+field+`-fout"`) {
			t.Errorf("partner form: no error next to %s", field)
		}
	}
	after, _ := e.app.Store().ListUsers(ctx)
	teams, _ := e.app.Store().ListTeams(ctx)
	ps, _ := e.app.Store().ListPartners(ctx)
	if len(after) != len(users) || len(teams) != 1 || len(ps) != 0 {
		t.Errorf("bad input changed something: %d users (was %d), %d teams, %d partners", len(after), len(users), len(teams), len(ps))
	}
	for _, en := range e.entriesAfter(t, before) {
		if en.Outcome != "error" || (en.Action != "user.manage" && en.Action != "catalogue.manage") {
			t.Errorf("audit entry %s/%s, want a refused user.manage or catalogue.manage", en.Action, en.Outcome)
		}
	}
}

func TestAdminCataloguesAndTeams(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t)
	admin, csrf, _ := e.signIn(t, "bart", "correct horse battery", e.secrets["bart"])
	before := e.head(t)
	if code, _ := post(t, admin, e.srv.URL+"/beheer/teams", neturl.Values{"csrf": {csrf}, "name": {"Team Zuid"}}); code != http.StatusSeeOther {
		t.Errorf("add team: %d", code)
	}
	code, _ := post(t, admin, e.srv.URL+"/beheer/partners", neturl.Values{"csrf": {csrf}, "name": {"Wijkteam Overvecht"}, "kind": {"local_team"},
		"municipality": {"Utrecht"}, "contact": {"Intake wijkteam"}, "phone": {"030-2860000"}})
	if code != http.StatusSeeOther {
		t.Errorf("add partner: %d", code)
	}
	if code, body := getPage(t, admin, e.srv.URL+"/beheer/partners"); code != 200 || !strings.Contains(body, "Wijkteam Overvecht") || !strings.Contains(body, "Wijkteam of sociaal team") {
		t.Errorf("partner list: %d", code)
	}
	if code, _ := post(t, admin, e.srv.URL+"/beheer/partners", neturl.Values{"csrf": {csrf}, "name": {"wijkteam overvecht"}, "kind": {"local_team"},
		"municipality": {"GM0344"}, "phone": {"030-2860000"}}); code != http.StatusUnprocessableEntity {
		t.Errorf("the same partner twice: %d", code)
	}
	if code, body := getPage(t, admin, e.srv.URL+"/beheer/melderssoorten"); code != 200 || !strings.Contains(body, "Politie") {
		t.Errorf("reporter kinds: %d", code)
	}
	if code, body := getPage(t, admin, e.srv.URL+"/beheer/teams"); code != 200 || !strings.Contains(body, "Team Zuid") {
		t.Errorf("teams: %d", code)
	}
	var actions []string
	for _, en := range e.entriesAfter(t, before) {
		if en.Outcome == "ok" && (en.Action == "team.create" || en.Action == "partner.create") {
			actions = append(actions, en.Action)
		}
	}
	if strings.Join(actions, " ") != "team.create partner.create" {
		t.Errorf("audited changes %v", actions)
	}
}

func TestAdminRefusesOthers(t *testing.T) {
	t.Parallel()
	e := newAdminEnv(t)
	cas, csrf, _ := e.signIn(t, "cas", "correct horse battery", e.secrets["cas"])
	for _, path := range []string{"/beheer", "/beheer/gebruikers", "/beheer/partners", "/beheer/teams", "/beheer/melderssoorten"} {
		if code, _ := getPage(t, cas, e.srv.URL+path); code != http.StatusForbidden {
			t.Errorf("case manager opens %s: %d", path, code)
		}
	}
	users, _ := e.app.Store().ListUsers(context.Background())
	if code, _ := post(t, cas, e.srv.URL+"/beheer/gebruikers", neturl.Values{"csrf": {csrf}, "username": {"stiekem"},
		"display_name": {"Stiekem"}, "roles": {"admin"}}); code != http.StatusForbidden {
		t.Errorf("case manager adds an admin: %d", code)
	}
	if after, _ := e.app.Store().ListUsers(context.Background()); len(after) != len(users) {
		t.Error("a refused request added a user")
	}
	// The admin sees no case content: not the start page, not a person.
	admin, _, _ := e.signIn(t, "bart", "correct horse battery", e.secrets["bart"])
	for _, path := range []string{"/", "/zoeken?q=Berg", "/personen/1", "/api/v1/persons?q=Berg"} {
		if code, _ := getPage(t, admin, e.srv.URL+path); code != http.StatusForbidden {
			t.Errorf("admin opens %s: %d", path, code)
		}
	}
}

func (e *adminEnv) head(t *testing.T) int64 {
	return apptest.AuditHead(t, e.app)
}

func (e *adminEnv) entriesAfter(t *testing.T, seq int64) []audit.Entry {
	return apptest.AuditAfter(t, e.app, seq)
}
