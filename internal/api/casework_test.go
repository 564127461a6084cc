package api

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/letters"
	"toren/internal/store"
	"toren/internal/toren"
	"toren/internal/workdays"
)

// testUserHeader names the test user a request acts as (default iris).
const testUserHeader = "X-Test-User"

// caseworkFixture makes the staff of the tests (iris: intake, gert:
// behavioural scientist, tara: team leader, all of Frontoffice; zoe: case
// manager of Team Zuid) and a casework service over db.
func caseworkFixture(tb testing.TB, db *store.DB, clock toren.Clock) (Casework, func(*http.Request) (authz.Actor, error)) {
	tb.Helper()
	ctx := context.Background()
	teams := map[string]accounts.Team{}
	for _, name := range []string{"Frontoffice", "Team Zuid"} {
		tm := accounts.Team{Name: name}
		if err := db.CreateTeam(ctx, &tm); err != nil {
			tb.Fatal(err)
		}
		teams[name] = tm
	}
	for _, u := range []struct{ name, display, role, team string }{
		{"iris", "Iris de Wit", "intake", "Frontoffice"}, {"gert", "Gert Jansen", "behavioural_scientist", "Frontoffice"},
		{"tara", "Tara Bos", "team_leader", "Frontoffice"}, {"zoe", "Zoë Smit", "case_manager", "Team Zuid"},
		{"pim", "Pim Prins", "privacy_officer", "Frontoffice"},
	} {
		now := clock.Now()
		if err := db.CreateUser(ctx, &accounts.User{Username: u.name, DisplayName: u.display, Roles: []string{u.role},
			Teams: []accounts.Team{teams[u.team]}, CreatedAt: now, UpdatedAt: now}); err != nil {
			tb.Fatal(err)
		}
	}
	rd, err := letters.NewRenderer(letters.Letterhead{Organisation: "Veilig Thuis", Phone: "0800-2000"}, clock)
	if err != nil {
		tb.Fatal(err)
	}
	svc, err := casework.New(casework.Config{Store: db, Clock: clock, Calendar: workdays.Dutch(),
		Deadlines: cases.DefaultDeadlines(), IntakeTeam: "Frontoffice", MonitoringTeam: "Frontoffice", Letters: rd})
	if err != nil {
		tb.Fatal(err)
	}
	actor := func(r *http.Request) (authz.Actor, error) {
		name := r.Header.Get(testUserHeader)
		if name == "" {
			name = "iris"
		}
		u, err := db.GetUserByUsername(r.Context(), name)
		if err != nil {
			return authz.Actor{}, err
		}
		w, err := db.Worker(r.Context(), u.ID)
		return w.Actor(), err
	}
	return svc, actor
}

// failingCasework fails every call the way a broken database would.
type failingCasework struct{}

func (failingCasework) File(context.Context, authz.Actor, int64) (*casework.File, error) {
	return nil, errSecret
}
func (failingCasework) OpenCase(context.Context, authz.Actor, casework.OpenRequest) (*casework.File, error) {
	return nil, errSecret
}
func (failingCasework) Assign(context.Context, authz.Actor, int64, casework.AssignRequest) (*casework.File, error) {
	return nil, errSecret
}
func (failingCasework) Transition(context.Context, authz.Actor, int64, casework.TransitionRequest) (*casework.File, error) {
	return nil, errSecret
}
func (failingCasework) Propose(context.Context, authz.Actor, int64, casework.DecisionInput) (*casework.Decision, error) {
	return nil, errSecret
}
func (failingCasework) Approve(context.Context, authz.Actor, int64, casework.ApproveRequest) (*casework.Decision, error) {
	return nil, errSecret
}
func (failingCasework) Refuse(context.Context, authz.Actor, int64, casework.RefuseRequest) (*casework.Decision, error) {
	return nil, errSecret
}
func (failingCasework) AddContact(context.Context, authz.Actor, int64, casework.ContactInput) (*casework.Contact, error) {
	return nil, errSecret
}
func (failingCasework) AddInformant(context.Context, authz.Actor, int64, casework.InformantInput) (*casework.Informant, error) {
	return nil, errSecret
}
func (failingCasework) AddAgreement(context.Context, authz.Actor, int64, casework.AgreementInput) (*casework.Agreement, error) {
	return nil, errSecret
}
func (failingCasework) UpdateAgreement(context.Context, authz.Actor, int64, int64, casework.AgreementUpdate) (*casework.Agreement, error) {
	return nil, errSecret
}
func (failingCasework) AddCondition(context.Context, authz.Actor, int64, casework.ConditionInput) (*casework.Condition, error) {
	return nil, errSecret
}
func (failingCasework) UpdateCondition(context.Context, authz.Actor, int64, int64, casework.ConditionUpdate) (*casework.Condition, error) {
	return nil, errSecret
}
func (failingCasework) SetPhase(context.Context, authz.Actor, int64, casework.PhaseInput) (*casework.PhaseRecord, error) {
	return nil, errSecret
}
func (failingCasework) ProposeHandover(context.Context, authz.Actor, int64, casework.HandoverInput) (*casework.Handover, error) {
	return nil, errSecret
}
func (failingCasework) RespondHandover(context.Context, authz.Actor, int64, int64, casework.HandoverResponse) (*casework.Handover, error) {
	return nil, errSecret
}
func (failingCasework) AddFeedback(context.Context, authz.Actor, int64, casework.FeedbackInput) (*casework.Feedback, error) {
	return nil, errSecret
}
func (failingCasework) RecordLetter(context.Context, authz.Actor, int64, casework.LetterInput) (*casework.LetterSent, error) {
	return nil, errSecret
}
func (failingCasework) RecordMonitoring(context.Context, authz.Actor, int64, int64, casework.MonitoringInput) (*casework.File, error) {
	return nil, errSecret
}
func (failingCasework) RecordPoliceReport(context.Context, authz.Actor, int64, casework.PoliceReportInput) (*casework.PoliceReport, error) {
	return nil, errSecret
}
func (failingCasework) Triage(context.Context, authz.Actor, casework.TriageRequest) (*casework.TriageList, error) {
	return nil, errSecret
}
func (failingCasework) CasesOfReport(context.Context, authz.Actor, int64) ([]cases.Ref, error) {
	return nil, errSecret
}
func (failingCasework) DecisionCase(context.Context, authz.Actor, int64) (int64, error) {
	return 0, errSecret
}
func (failingCasework) MakeLetters(context.Context, authz.Actor, int64, casework.LetterRequest) ([]letters.Record, error) {
	return nil, errSecret
}
func (failingCasework) Letters(context.Context, authz.Actor, int64) ([]letters.Record, error) {
	return nil, errSecret
}
func (failingCasework) Letter(context.Context, authz.Actor, int64, int64) (*casework.File, *letters.Record, error) {
	return nil, nil, errSecret
}
func (failingCasework) LetterPDF(context.Context, authz.Actor, int64, int64) (*casework.File, *letters.Record, error) {
	return nil, nil, errSecret
}
func (failingCasework) CaseAudit(context.Context, authz.Actor, int64, int) (*casework.AuditLog, error) {
	return nil, errSecret
}
func (failingCasework) Queue(context.Context, authz.Actor, casework.QueueRequest) ([]casework.QueueItem, error) {
	return nil, errSecret
}
func (failingCasework) Cases(context.Context, authz.Actor, casework.CaseListRequest) ([]casework.CaseSummary, error) {
	return nil, errSecret
}

// as is the header list for acting as user.
func as(user string) []string { return []string{testUserHeader, user} }

// TestOpenAPICaseworkStatuses drives a case through the process over the
// API, making every case-file operation answer with every status its
// documentation lists; each response is checked against the document.
func TestOpenAPICaseworkStatuses(t *testing.T) {
	live := newEnv(t)
	envs := map[string]*testEnv{
		"real": live,
		"forbid": newEnv(t, func(c *Config) {
			c.Authorize = func(*http.Request, Route) error { return toren.Errorf(toren.CodeForbidden, "not allowed") }
		}),
		"failing": newEnv(t, func(c *Config) { c.Casework = failingCasework{} }),
	}
	seen := map[string][]string{}
	var last response
	call := func(env, method, target, body string, want int, headers ...string) response {
		t.Helper()
		e := envs[env]
		var res response
		if method == http.MethodPost {
			res = e.post(target, body, headers...)
		} else {
			res = e.do(method, target, nil, headers...)
		}
		if res.status != want {
			t.Fatalf("%s %s (%s): %d, want %d: %.400s\n%s", method, target, env, res.status, want, res.body, live.logs.String())
		}
		seen[res.pattern] = append(seen[res.pattern], strconv.Itoa(res.status))
		last = res
		return res
	}
	post := func(target, body string, want int, user string) map[string]any {
		t.Helper()
		return call("real", http.MethodPost, target, body, want, as(user)...).json(t)
	}
	num := func(m map[string]any, key string) int64 { return int64(m[key].(float64)) }
	caseOf := func(m map[string]any) map[string]any { return m["case"].(map[string]any) }
	str := func(v any) string { return encode(t, v) }

	res := live.post("/api/v1/reports", encode(t, validReport()))
	if res.status != http.StatusCreated {
		t.Fatalf("report: %d %s", res.status, res.body)
	}
	report := num(res.json(t), "id")
	iris, err := live.db.GetUserByUsername(context.Background(), "iris")
	if err != nil {
		t.Fatal(err)
	}

	// Open, read, acute action.
	f := post("/api/v1/cases", str(map[string]any{"report_ids": []int64{report}, "team": "Frontoffice"}), 201, "iris")
	id := num(caseOf(f), "id")
	if loc := last.header.Get("Location"); loc != fmt.Sprintf("/api/v1/cases/%d", id) {
		t.Errorf("Location %q", loc)
	}
	cp := func(suffix string) string { return fmt.Sprintf("/api/v1/cases/%d%s", id, suffix) }
	post("/api/v1/cases", str(map[string]any{"report_ids": []int64{report}, "team": "Frontoffice"}), 409, "iris")
	post("/api/v1/cases", `{"report_ids":"een"}`, 422, "iris")
	call("real", http.MethodGet, cp(""), "", 200)
	call("real", http.MethodGet, "/api/v1/cases/99999", "", 404)
	call("real", http.MethodGet, cp(""), "", 403, as("zoe")...)

	// The case's letters (one filed as the case screens file it) and its
	// audit log, which is the privacy officer's.
	letter := letters.Record{CaseID: id, Kind: letters.KindClosing, Recipient: "Familie", HTML: "<article><p>Brief</p></article>",
		PDF: []byte("%PDF-1.4"), CreatedBy: iris.ID, CreatedAt: time.Now()}
	filing := audit.WithRecorder(context.Background(), &audit.Recorder{Template: audit.Entry{ActorID: strconv.FormatInt(iris.ID, 10),
		ActorName: iris.DisplayName, Origin: "test"}})
	if err := live.db.SaveLetter(filing, &letter); err != nil {
		t.Fatal(err)
	}
	call("real", http.MethodGet, cp("/letters"), "", 200)
	call("real", http.MethodGet, cp(fmt.Sprintf("/letters/%d", letter.ID)), "", 200)
	call("real", http.MethodGet, cp("/letters/99999"), "", 404)
	call("real", http.MethodGet, cp("/letters"), "", 403, as("zoe")...)
	call("real", http.MethodGet, cp("/audit"), "", 200, as("pim")...)
	call("real", http.MethodGet, cp("/audit"), "", 403)
	version := func() int64 { return num(caseOf(call("real", http.MethodGet, cp(""), "", 200).json(t)), "version") }
	step := func(name string, want int) map[string]any {
		return post(cp("/transitions"), str(map[string]any{"transition": name, "version": version()}), want, "iris")
	}
	step("start_acute_action", 200)
	police := str(map[string]any{"reported_at": "2026-03-02T09:30:00Z", "police_unit": "Politie Oost-Brabant, district Eindhoven",
		"shared": "Namen en adres van het gezin; het geweld dat moeder beschreef.", "legal_ground": "conflict_of_duties",
		"weighing": "Acuut gevaar voor de kinderen weegt zwaarder dan het beroepsgeheim."})
	post(cp("/police-reports"), police, 409, "tara") // not during the acute action: a follow-up step
	post(cp("/transitions"), str(map[string]any{"transition": "finish_acute_action", "version": version() + 3}), 409, "iris")
	step("finish_acute_action", 422)
	post(cp("/transitions"), `{"transition":"start_acute_action"}`, 422, "iris")
	post("/api/v1/cases/99999/transitions", `{"transition":"start_acute_action","version":1}`, 404, "iris")
	at := "2026-03-02T09:45:00Z"
	post(cp("/contacts"), str(map[string]any{"at": at, "with": "Moeder", "role": "victim", "channel": "home_visit",
		"summary": "Crisisdienst ter plaatse.", "acute_action": true}), 201, "iris")
	post(cp("/contacts"), `{}`, 422, "iris")
	post("/api/v1/cases/99999/contacts", `{}`, 404, "iris")
	step("finish_acute_action", 200)

	// Records.
	post(cp("/informants"), str(map[string]any{"name": "Juf Anna", "organisation": "Basisschool", "signal_function": true}), 201, "iris")
	post(cp("/informants"), `{}`, 422, "iris")
	ag := post(cp("/agreements"), str(map[string]any{"who": "Vader", "what": "Belt vooraf.", "due": "2026-04-01"}), 201, "iris")
	post(cp("/agreements"), `{"due":"1 april"}`, 422, "iris")
	agPath := cp(fmt.Sprintf("/agreements/%d", num(ag, "id")))
	post(agPath, str(map[string]any{"status": "done", "version": 1}), 200, "iris")
	post(agPath, str(map[string]any{"status": "done", "version": 1}), 409, "iris")
	post(agPath, `{}`, 422, "iris")
	post(cp("/agreements/99999"), str(map[string]any{"status": "done", "version": 1}), 404, "iris")
	c1 := post(cp("/conditions"), str(map[string]any{"text": "Er vindt geen huiselijk geweld plaats.", "checked_by": "Wijkteam"}), 201, "iris")
	c2 := post(cp("/conditions"), str(map[string]any{"text": "Vader blijft weg bij de opvang.", "checked_by": "Politie"}), 201, "iris")
	post(cp("/conditions"), `{}`, 422, "iris")
	c2Path := cp(fmt.Sprintf("/conditions/%d", num(c2, "id")))
	post(c2Path, str(map[string]any{"status": "ended", "version": 1}), 200, "iris")
	post(c2Path, str(map[string]any{"status": "ended", "version": 1}), 409, "iris")
	post(c2Path, `{"status":"kapot"}`, 422, "iris")
	post(cp("/conditions/99999"), str(map[string]any{"status": "met", "version": 1}), 404, "iris")
	post(cp("/phase"), `{"phase":"direct_safety"}`, 201, "iris")
	post(cp("/phase"), `{"phase":"fase 9"}`, 422, "iris")

	// The safety assessment: proposed, refused, proposed, approved.
	triage := str(map[string]any{"kind": "safety_assessment", "outcome": "vt_service", "reasoning": "Acute onveiligheid.",
		"acute_unsafety": true, "triage_rule": "c_direct_intervention", "risk_colour": "red"})
	d := post(cp("/decisions"), triage, 201, "iris")
	post(cp("/decisions"), triage, 409, "iris")
	post(cp("/decisions"), `{"kind":"promotion"}`, 422, "iris")
	dp := func(id int64, what string) string { return fmt.Sprintf("/api/v1/decisions/%d/%s", id, what) }
	post(dp(num(d, "id"), "refusal"), `{"version":1}`, 422, "gert")
	post(dp(num(d, "id"), "refusal"), `{"version":1,"reason":"Eerst de kinderen spreken."}`, 200, "gert")
	post(dp(num(d, "id"), "refusal"), `{"version":2,"reason":"nog eens"}`, 409, "gert")
	post(dp(99999, "refusal"), `{"version":1,"reason":"x"}`, 404, "gert")
	d = post(cp("/decisions"), triage, 201, "iris")
	post(dp(num(d, "id"), "approval"), `{}`, 422, "gert")
	post(dp(num(d, "id"), "approval"), `{"version":1}`, 403, "zoe")
	post(dp(num(d, "id"), "approval"), `{"version":1}`, 200, "gert")
	post(dp(num(d, "id"), "approval"), `{"version":2}`, 409, "gert")
	post(dp(99999, "approval"), `{"version":1}`, 404, "gert")

	// Feedback, handover, the intervention and its end.
	post(cp("/feedback"), str(map[string]any{"report_id": report, "moment": "after_assessment", "given_at": at, "channel": "phone",
		"follow_up_started": true, "summary": "Veilig Thuis grijpt in."}), 201, "iris")
	post(cp("/feedback"), `{}`, 422, "iris")
	// The letters: made by the service from the file, filed with the case.
	made := post(cp("/letters"), str(map[string]any{"kind": "feedback", "report_id": report, "moment": "after_assessment",
		"decided_on": "2026-03-02", "follow_up": "conditions", "concerning": "het gezin Van der Berg"}), 201, "iris")
	if items, _ := made["items"].([]any); len(items) != 1 || items[0].(map[string]any)["recipient"] != "de melder (identiteit beschermd)" {
		t.Errorf("made letters: %v", made)
	}
	post(cp("/letters"), `{"kind":"closing"}`, 422, "iris")
	handover := str(map[string]any{"partner": "Wijkteam Oost", "partner_kind": "local_team", "case_director": "Wijkteam Oost",
		"reports_back": "Schendingen", "report_back_when": "Direct", "condition_ids": []int64{num(c1, "id")}})
	h := post(cp("/handovers"), handover, 201, "tara")
	post(cp("/handovers"), handover, 409, "tara")
	post(cp("/handovers"), `{}`, 422, "tara")
	choice := post(cp("/decisions"), str(map[string]any{"kind": "intervention_choice", "outcome": "decide_conditions",
		"reasoning": "Ouders werken mee."}), 201, "iris")
	post(dp(num(choice, "id"), "approval"), `{"version":1}`, 200, "gert")
	post(cp("/sent-letters"), str(map[string]any{"kind": "closing_letter", "sent_at": at, "recipient": "Moeder"}), 201, "iris")
	post(cp("/sent-letters"), `{}`, 422, "iris")
	end := post(cp("/decisions"), str(map[string]any{"kind": "closure", "outcome": "hand_over_conditions", "reasoning": "Overdracht."}), 201, "iris")
	post(dp(num(end, "id"), "approval"), `{"version":1}`, 200, "gert")
	hPath := cp(fmt.Sprintf("/handovers/%d/response", num(h, "id")))
	post(hPath, `{"accept":false,"version":1}`, 422, "tara")
	post(hPath, `{"accept":true,"version":1}`, 200, "tara")
	post(hPath, `{"accept":true,"version":2}`, 409, "tara")
	post(cp("/handovers/99999/response"), `{"accept":true,"version":1}`, 404, "tara")

	// Assignment and monitoring.
	post(cp("/assignment"), str(map[string]any{"team": "Frontoffice", "workers": []int64{iris.ID}, "version": version()}), 200, "tara")
	post(cp("/assignment"), str(map[string]any{"team": "Frontoffice", "version": 1}), 409, "tara")
	post(cp("/assignment"), `{"workers":[1,2,3]}`, 422, "tara")
	post("/api/v1/cases/99999/assignment", `{"team":"Frontoffice","version":1}`, 404, "tara")
	f = step("start_monitoring", 200)
	moment := f["monitoring"].([]any)[0].(map[string]any)
	mPath := cp(fmt.Sprintf("/monitoring/%d", num(moment, "id")))
	checks := str(map[string]any{"checks": []map[string]any{{"condition_id": num(c1, "id"), "result": "holds"}}, "version": 1})
	post(mPath, `{"checks":[],"version":1}`, 422, "iris")
	post(mPath, checks, 200, "iris")
	post(mPath, checks, 409, "iris")
	post(cp("/monitoring/99999"), checks, 404, "iris")
	pr := post(cp("/police-reports"), police, 201, "tara")
	if pr["legal_ground"] != "conflict_of_duties" || pr["recorded"].(map[string]any)["by_name"] == "" {
		t.Errorf("police report %v", pr)
	}
	post(cp("/police-reports"), `{"legal_ground":"omdat het kan"}`, 422, "tara")

	// The queue.
	q := call("real", http.MethodGet, "/api/v1/queue?team=Frontoffice", "", 200).json(t)
	if len(q["items"].([]any)) == 0 {
		t.Error("empty Frontoffice queue")
	}
	call("real", http.MethodGet, "/api/v1/queue?worker=x", "", 422)
	call("real", http.MethodGet, "/api/v1/queue?worker=99999", "", 404)

	// The triage queue: urgent first; bad filters name the field.
	tq := call("real", http.MethodGet, "/api/v1/triage?per_page=5", "", 200).json(t)
	if _, ok := tq["items"].([]any); !ok || tq["per_page"].(float64) != 5 || tq["page"].(float64) != 1 {
		t.Errorf("triage queue %v", tq)
	}
	call("real", http.MethodGet, "/api/v1/triage?reporter_kind=astronaut", "", 422)
	call("real", http.MethodGet, "/api/v1/triage?urgent=perhaps", "", 422)
	call("real", http.MethodGet, "/api/v1/triage?page=0", "", 422)

	// Every route: refused by the policy, failing inside, body too large,
	// body not JSON.
	big := strings.Repeat(" ", MaxBodyBytes+1)
	for _, rt := range live.api.Routes() {
		if !caseworkOperations()[rt.OperationID] {
			continue
		}
		target := strings.NewReplacer("{id}", strconv.FormatInt(id, 10), "{item}", "1").Replace(rt.Path)
		call("forbid", rt.Method, target, `{}`, 403)
		call("failing", rt.Method, target, `{}`, 500)
		if strings.Contains(rt.Path, "{id}") {
			missing := strings.NewReplacer("{id}", "99999", "{item}", "1").Replace(rt.Path)
			call("real", rt.Method, missing, `{}`, 404)
		}
		if rt.Method == http.MethodPost {
			call("real", rt.Method, target, big, 413)
			call("real", rt.Method, target, `{}`, 415, "Content-Type", "text/plain")
		}
	}

	doc := loadSpec(t, live.api)
	for _, rt := range live.api.Routes() {
		if !caseworkOperations()[rt.OperationID] {
			continue
		}
		var documented []string
		for status := range doc.Paths.Value(rt.Path).GetOperation(rt.Method).Responses.Map() {
			documented = append(documented, status)
		}
		slices.Sort(documented)
		got := slices.Compact(slices.Sorted(slices.Values(seen[rt.Pattern()])))
		if !slices.Equal(got, documented) {
			t.Errorf("%s: produced statuses %v, documented %v", rt.OperationID, got, documented)
		}
	}
}
