package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/letters"
	"toren/internal/partners"
	"toren/internal/store"
	"toren/internal/toren"
)

// itFixture is the Interventieteam's service over the test database, with
// the duo Ilse and Ahmed in the Interventieteam.
func itFixture(tb testing.TB, db *store.DB, clock toren.Clock) ITTeam {
	tb.Helper()
	ctx := context.Background()
	tm := accounts.Team{Name: "Interventieteam"}
	if err := db.CreateTeam(ctx, &tm); err != nil {
		tb.Fatal(err)
	}
	for _, u := range []struct{ name, display string }{{"ilse", "Ilse Smit"}, {"ahmed", "Ahmed Bakr"}} {
		if err := db.CreateUser(ctx, &accounts.User{Username: u.name, DisplayName: u.display, Roles: []string{string(authz.RoleInterventionTeam)},
			Teams: []accounts.Team{tm}, CreatedAt: clock.Now(), UpdatedAt: clock.Now()}); err != nil {
			tb.Fatal(err)
		}
	}
	// The involved care providers are organisations of the catalogue.
	mw := partners.Partner{Name: "Maatschappelijk werk", Kind: partners.KindSocialWork, Contact: "Aanmelding", CreatedAt: clock.Now()}
	if err := db.CreatePartner(ctx, &mw, audit.Entry{At: clock.Now(), ActorID: "system", ActorName: "test", Origin: "test"}); err != nil {
		tb.Fatal(err)
	}
	rd, err := letters.NewRenderer(letters.Letterhead{Organisation: "GGD Testregio", Phone: "0800-2000"}, clock)
	if err != nil {
		tb.Fatal(err)
	}
	svc, err := itteamsvc.New(itteamsvc.Config{Store: db, Clock: clock, Team: "Interventieteam",
		Letters: func(context.Context) (*letters.Renderer, error) { return rd, nil }})
	if err != nil {
		tb.Fatal(err)
	}
	return svc
}

func itOperations() map[string]bool {
	out := map[string]bool{}
	for _, e := range (&API{}).itEndpoints() {
		out[e.operationID] = true
	}
	return out
}

type failingIT struct{}

var errITDown = errors.New("IT store down")

func (failingIT) List(context.Context, authz.Actor) ([]itteam.Summary, []itteamsvc.Known, error) {
	return nil, nil, errITDown
}
func (failingIT) Refer(context.Context, authz.Actor, itteamsvc.Referral) (itteam.Case, error) {
	return itteam.Case{}, errITDown
}
func (failingIT) Get(context.Context, authz.Actor, int64) (itteamsvc.View, error) {
	return itteamsvc.View{}, errITDown
}
func (failingIT) ChangePhase(context.Context, authz.Actor, int64, itteam.PhaseChange) (itteam.Case, error) {
	return itteam.Case{}, errITDown
}
func (failingIT) AddScaling(context.Context, authz.Actor, int64, []itteam.ScalingScore) (itteam.Case, error) {
	return itteam.Case{}, errITDown
}
func (failingIT) PlanPDF(context.Context, authz.Actor, int64, int) (itteamsvc.PrintedPlan, error) {
	return itteamsvc.PrintedPlan{}, errITDown
}
func (failingIT) SavePlan(context.Context, authz.Actor, int64, itteam.Plan) (itteam.Case, error) {
	return itteam.Case{}, errITDown
}
func (failingIT) ReportMIC(context.Context, authz.Actor, int64, itteam.MIC) (itteam.MIC, error) {
	return itteam.MIC{}, errITDown
}
func (failingIT) RateColour(context.Context, authz.Actor, int64, itteam.ColourRating) (itteam.Case, error) {
	return itteam.Case{}, errITDown
}
func (failingIT) SetRegistration(context.Context, authz.Actor, int64, itteam.Registration) (itteam.Case, error) {
	return itteam.Case{}, errITDown
}
func (failingIT) SetAgreementStatus(context.Context, authz.Actor, int64, int, itteam.StatusChange) (itteam.Case, error) {
	return itteam.Case{}, errITDown
}
func (failingIT) AddMeeting(context.Context, authz.Actor, int64, itteam.Meeting) (itteam.Case, error) {
	return itteam.Case{}, errITDown
}
func (failingIT) AddMeetingEvaluation(context.Context, authz.Actor, int64, int, itteam.Form) (itteam.Case, error) {
	return itteam.Case{}, errITDown
}
func (failingIT) AddClientEvaluation(context.Context, authz.Actor, int64, itteam.ClientEvaluation) (itteam.Case, error) {
	return itteam.Case{}, errITDown
}
func (failingIT) EscalateCCB(context.Context, authz.Actor, int64, itteam.CCB) (itteam.Case, error) {
	return itteam.Case{}, errITDown
}
func (failingIT) RecordCCBOutcome(context.Context, authz.Actor, int64, bool, toren.Date, []itteam.CCBAction) (itteam.Case, error) {
	return itteam.Case{}, errITDown
}
func (failingIT) Statistics(context.Context, authz.Actor, int, toren.Date) (itteam.YearStats, error) {
	return itteam.YearStats{}, errITDown
}

// conflictIT answers every change as a lost update: someone else changed
// the case since it was read (the store refuses the write).
type conflictIT struct{ failingIT }

func (conflictIT) AddScaling(context.Context, authz.Actor, int64, []itteam.ScalingScore) (itteam.Case, error) {
	return itteam.Case{}, toren.Errorf(toren.CodeConflict, "IT case 1 was changed by someone else")
}
func (conflictIT) SavePlan(context.Context, authz.Actor, int64, itteam.Plan) (itteam.Case, error) {
	return itteam.Case{}, errLost
}

var errLost = toren.Errorf(toren.CodeConflict, "IT case 1 was changed by someone else")

func (conflictIT) RateColour(context.Context, authz.Actor, int64, itteam.ColourRating) (itteam.Case, error) {
	return itteam.Case{}, errLost
}
func (conflictIT) SetRegistration(context.Context, authz.Actor, int64, itteam.Registration) (itteam.Case, error) {
	return itteam.Case{}, errLost
}
func (conflictIT) SetAgreementStatus(context.Context, authz.Actor, int64, int, itteam.StatusChange) (itteam.Case, error) {
	return itteam.Case{}, errLost
}
func (conflictIT) AddMeeting(context.Context, authz.Actor, int64, itteam.Meeting) (itteam.Case, error) {
	return itteam.Case{}, errLost
}
func (conflictIT) AddMeetingEvaluation(context.Context, authz.Actor, int64, int, itteam.Form) (itteam.Case, error) {
	return itteam.Case{}, errLost
}
func (conflictIT) AddClientEvaluation(context.Context, authz.Actor, int64, itteam.ClientEvaluation) (itteam.Case, error) {
	return itteam.Case{}, errLost
}
func (conflictIT) EscalateCCB(context.Context, authz.Actor, int64, itteam.CCB) (itteam.Case, error) {
	return itteam.Case{}, errLost
}
func (conflictIT) RecordCCBOutcome(context.Context, authz.Actor, int64, bool, toren.Date, []itteam.CCBAction) (itteam.Case, error) {
	return itteam.Case{}, errLost
}

// TestOpenAPIITStatuses makes every Interventieteam operation answer with
// every status it documents (each response checked against its schema),
// with problem details that name the field and rule on bad input.
func TestOpenAPIITStatuses(t *testing.T) {
	live := newEnv(t)
	envs := map[string]*testEnv{
		"real": live,
		"forbid": newEnv(t, func(c *Config) {
			c.Authorize = func(*http.Request, Route) error { return toren.Errorf(toren.CodeForbidden, "no") }
		}),
		"failing": newEnv(t, func(c *Config) { c.ITTeam = failingIT{} }),
		"lost":    newEnv(t, func(c *Config) { c.ITTeam = conflictIT{} }),
	}
	seen := map[string][]string{}
	call := func(env, method, target, body, user string, want int, headers ...string) response {
		t.Helper()
		e := envs[env]
		if user != "" {
			headers = append(headers, testUserHeader, user)
		}
		var res response
		if method == http.MethodPost {
			res = e.post(target, body, headers...)
		} else {
			res = e.do(method, target, nil, headers...)
		}
		if res.status != want {
			t.Errorf("%s %s as %q (%s): %d, want %d: %.400s", method, target, user, env, res.status, want, res.body)
		}
		seen[res.pattern] = append(seen[res.pattern], strconv.Itoa(res.status))
		return res
	}
	day := func(offset int) string { return toren.DateOf(now).AddDays(offset).String() }
	referral := `{"family": "Familie Verbeek", "referred_on": "` + day(-30) + `", "admitted": true, "answers": {
		"dreigend_gevaar": {"choice": "orange"}, "geweld_per_maand": {"number": 3}, "kans_herhaling": {"number": 70},
		"veiligheidsschaal": {"number": 3}, "geen_vooruitgang": {"number": 2}, "hulpverlening": {"items": ["meerwaarde"]},
		"leefgebieden": {"items": ["huisvesting", "werk_inkomen", "gezondheid", "veiligheid", "opvoeding"]}}}`
	created := call("real", "POST", "/api/v1/it-cases", referral, "iris", 201).json(t)
	id := int64(created["id"].(float64))
	base := "/api/v1/it-cases/" + strconv.FormatInt(id, 10)
	if q := created["qualification"].(map[string]any); q["qualifies"] != true || q["version"].(float64) != 1 {
		t.Errorf("qualification %v", q)
	}
	res := call("real", "POST", "/api/v1/it-cases", strings.Replace(referral, `"number": 3}, "kans`, `"number": 0.5}, "kans`, 1), "iris", 422)
	if p := res.problem(t); !slices.ContainsFunc(p.Errors, func(f toren.FieldError) bool {
		return f.Field == "admission.reason" && f.Rule == "against_checklist"
	}) {
		t.Errorf("admission against the checklist without a reason: %+v", p.Errors)
	}
	// The duo (assigned in the database: the API has no duo endpoint).
	svc := live.api.itteam.(*itteamsvc.Service)
	lead := authz.Actor{UserID: 999, Name: "Tim", Roles: []authz.Role{authz.RoleTeamLeader}, Teams: []string{"Interventieteam"}}
	ilse, _ := live.db.GetUserByUsername(context.Background(), "ilse")
	ahmed, _ := live.db.GetUserByUsername(context.Background(), "ahmed")
	if _, err := svc.AssignDuo(context.Background(), lead, id, itteam.Worker{ID: ilse.ID, Name: "Ilse Smit"}, itteam.Worker{ID: ahmed.ID, Name: "Ahmed Bakr"}); err != nil {
		t.Fatal(err)
	}
	// Need-to-know: the referrer (intake) sees the signal only.
	if v := call("real", "GET", base, "", "iris", 200).json(t); v["level"] != "signal_only" || v["case"] != nil {
		t.Errorf("intake sees %v", v)
	}
	if v := call("real", "GET", base, "", "ilse", 200).json(t); v["level"] != "full" || v["case"] == nil {
		t.Errorf("the duo sees %v", v)
	}
	call("real", "GET", "/api/v1/it-cases", "", "ilse", 200)
	// A phase change the process forbids, and one whose rule is unmet.
	res = call("real", "POST", base+"/phase", `{"transition": "close", "on": "`+day(-1)+`", "lasting_safety": true}`, "ilse", 409)
	if p := res.problem(t); len(p.Errors) != 1 || p.Errors[0].Rule != "transition_not_allowed" {
		t.Errorf("forbidden phase change: %+v", p)
	}
	res = call("real", "POST", base+"/phase", `{"transition": "start_intensive", "on": "`+day(-29)+`"}`, "ilse", 422)
	if p := res.problem(t); len(p.Errors) != 1 || p.Errors[0].Field != "colour_at_start" {
		t.Errorf("start without colour: %+v", p)
	}
	call("real", "POST", base+"/phase", `{"transition": "start_intensive", "on": "`+day(-29)+`"}`, "iris", 403)
	if _, err := svc.RateColour(context.Background(), authz.Actor{UserID: ilse.ID, Name: "Ilse Smit", Roles: []authz.Role{authz.RoleInterventionTeam},
		Teams: []string{"Interventieteam"}}, id, itteam.ColourRating{On: toren.DateOf(now).AddDays(-29), Colour: "orange", Moment: itteam.MomentStart}); err != nil {
		t.Fatal(err)
	}
	if c := call("real", "POST", base+"/phase", `{"transition": "start_intensive", "on": "`+day(-29)+`"}`, "ilse", 200).json(t); c["status"] != "intensive" {
		t.Errorf("after the start: %v", c["status"])
	}
	// Scaling: a score outside 0-10 names the field and the rule.
	res = call("real", "POST", base+"/scaling", `{"scores": [{"on": "`+day(-1)+`", "kind": "family", "rater": "moeder", "safety": 11}]}`, "ilse", 422)
	if p := res.problem(t); len(p.Errors) != 1 || p.Errors[0].Field != "scores[0].safety" || p.Errors[0].Rule != "range_0_10" {
		t.Errorf("score 11: %+v", p)
	}
	call("real", "POST", base+"/scaling", `{"scores": [{"on": "`+day(-1)+`", "kind": "family", "rater": "moeder", "safety": 4, "progress": 3}]}`, "ilse", 200)
	// The plan: an agreement without owner.
	res = call("real", "POST", base+"/plan", `{"dangers": "Ex-vriend", "agreements": [{"what": "Geen contact"}]}`, "ilse", 422)
	if p := res.problem(t); len(p.Errors) != 1 || p.Errors[0].Field != "agreements[0].owner" {
		t.Errorf("agreement without owner: %+v", p)
	}
	plan := call("real", "POST", base+"/plan", `{"dangers": "Ex-vriend", "agreements": [{"owner": "Chantal", "what": "Geen contact"}]}`, "ahmed", 200).json(t)
	if plans := plan["plans"].([]any); len(plans) != 1 {
		t.Errorf("plans %v", plans)
	}
	// The plan printed for the family: for the duo, not for others.
	pdf := call("real", "GET", base+"/plan/1/pdf", "", "ilse", 200)
	if pdf.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf.body), "%PDF-") ||
		!strings.Contains(pdf.header.Get("Content-Disposition"), "versie-1.pdf") {
		t.Errorf("plan PDF: %s, %s, %.10q", pdf.header.Get("Content-Type"), pdf.header.Get("Content-Disposition"), pdf.body)
	}
	head, err := live.db.AuditHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	call("real", "GET", base+"/plan/1/pdf", "", "iris", 403)
	// The refusal is audited as a denied export of the IT case.
	for e, err := range live.db.AuditEntries(context.Background(), head.Seq) {
		if err != nil || e.Action != audit.ActionExport || e.Outcome != audit.OutcomeDenied || e.ObjectType != "it_case" || e.ObjectID != strconv.FormatInt(id, 10) {
			t.Errorf("after a refused print: %+v %v", e, err)
		}
	}
	if h, _ := live.db.AuditHead(context.Background()); h.Seq != head.Seq+1 {
		t.Errorf("a refused print left %d audit entries, want 1", h.Seq-head.Seq)
	}
	call("real", "GET", base+"/plan/9/pdf", "", "ilse", 404)
	call("real", "GET", base+"/plan/nul/pdf", "", "ilse", 404)
	// The rest of the case's work: each change as the duo, its bad input
	// named by field and rule, and the lost update.
	ilseID := strconv.FormatInt(ilse.ID, 10)
	for _, tt := range []struct{ path, good, bad, field, rule string }{
		{"/colours", `{"on": "` + day(-2) + `", "colour": "yellow", "moment": "change"}`, `{"on": "` + day(-2) + `", "colour": "purple", "moment": "change"}`, "colour", "enum"},
		{"/registration", `{"municipality": "", "violence_type": "ex_partner", "natures": ["threats"]}`, `{"violence_type": "war"}`, "violence_type", "enum"},
		{"/registration", `{"care_providers": ["maatschappelijk werk"]}`, `{"care_providers": ["Zorgboerderij De Vlinder"]}`, "care_providers[0]", "catalogue"},
		{"/agreements/1/status", `{"on": "` + day(-1) + `", "status": "kept"}`, `{"on": "` + day(-1) + `", "status": "maybe"}`, "status", "enum"},
		{"/meetings", `{"on": "` + day(-3) + `", "family": true, "participants": [{"name": "Moeder", "kind": "family"}], "decisions": "Afspraken doorgenomen"}`,
			`{"on": "` + day(-3) + `", "participants": [{"name": "Moeder", "kind": "family"}], "evaluations": [{"scores": {"respect": 11}}]}`, "evaluations[0].respect", "range_1_10"},
		{"/meetings/1/evaluations", `{"by": "moeder", "scores": {"respect": 9}}`, `{"scores": {"respect": 0}}`, "scores.respect", "range_1_10"},
		{"/client-evaluations", `{"on": "` + day(-1) + `", "scores": {"informatie": 8}}`, `{"on": "` + day(-1) + `", "scores": {"informatie": 12}}`, "scores.informatie", "range_1_10"},
		// A CCB decision with fewer than three deciders is not taken.
		{"/ccb", `{"risk_estimate": "Dreigt met doding", "decided_on": "` + day(-1) + `", "deciders": [{"role": "it_worker", "name": "Ilse Smit", "id": ` + ilseID + `},
			{"role": "team_leader", "name": "Tim"}, {"role": "hg_chair", "name": "Mr. De Vries"}]}`,
			`{"risk_estimate": "Dreigt met doding", "decided_on": "` + day(-1) + `", "deciders": [{"role": "it_worker", "name": "Ilse Smit", "id": ` + ilseID + `}, {"role": "team_leader", "name": "Tim"}]}`,
			"deciders", "three_deciders"},
		{"/ccb/outcome", `{"stelsel": true, "on": "` + day(-1) + `", "actions": [{"what": "Alarmknop", "owner": "Politie", "due": "` + day(0) + `"}]}`,
			`{"stelsel": true, "on": "` + day(-1) + `", "actions": [{"what": "Alarmknop", "due": "` + day(0) + `"}]}`, "actions[0].owner", "required"},
	} {
		res := call("real", "POST", base+tt.path, tt.bad, "ilse", 422)
		if p := res.problem(t); !slices.ContainsFunc(p.Errors, func(f toren.FieldError) bool { return f.Field == tt.field && f.Rule == tt.rule }) {
			t.Errorf("%s with bad input: %+v, want %s %s", tt.path, p.Errors, tt.field, tt.rule)
		}
		call("real", "POST", base+tt.path, tt.good, "ilse", 200)
		call("lost", "POST", base+tt.path, tt.good, "ilse", 409)
	}
	if c := call("real", "GET", base, "", "ilse", 200).json(t)["case"].(map[string]any); c["ccb"] == nil || len(c["meetings"].([]any)) != 1 {
		t.Errorf("after the changes: ccb %v, meetings %v", c["ccb"], c["meetings"])
	}
	// An incident report (MIC) by the duo; bad input names the field.
	res = call("real", "POST", base+"/mic", `{"on": "`+day(1)+`", "what": "", "involved": "Vader", "harm": ["bodily"]}`, "ilse", 422)
	if p := res.problem(t); len(p.Errors) != 2 || p.Errors[0].Field != "what" || p.Errors[1].Field != "on" || p.Errors[1].Rule != "not_future" {
		t.Errorf("bad incident: %+v", p)
	}
	mic := call("real", "POST", base+"/mic", `{"on": "`+day(-2)+`", "what": "Kopje gegooid", "involved": "Vader", "harm": ["mental"]}`, "ilse", 201).json(t)
	if fu := mic["follow_ups"].([]any); len(fu) != 2 || mic["reporter"].(map[string]any)["name"] != "Ilse Smit" {
		t.Errorf("incident report %v", mic)
	}
	call("real", "POST", base+"/mic", `{"on": "`+day(-2)+`", "what": "x", "involved": "y"}`, "iris", 403)
	// Statistics: team leaders and analysts.
	year := strconv.Itoa(now.Year())
	st := call("real", "GET", "/api/v1/it-statistics?year="+year, "", "tara", 200).json(t)
	// One case: a small count, withheld as on the page (null, marked).
	if tbl := st["new"].(map[string]any); tbl["total"] != nil || st["suppressed_below"].(float64) != 5 {
		t.Errorf("statistics: one case shown as it is: %v", tbl)
	} else {
		withheld := 0
		for _, r := range tbl["rows"].([]any) {
			row := r.(map[string]any)
			if row["suppressed"] == true {
				withheld++
				if row["n"] != nil || row["percent"] != nil {
					t.Errorf("withheld row gives its figures: %v", row)
				}
			}
		}
		if withheld != 1 {
			t.Errorf("statistics: %d rows withheld, want 1: %v", withheld, tbl["rows"])
		}
	}
	// The sexes: a row per sex and the cases left open, the cohort of one
	// withheld.
	if sx, ok := st["sexes"].(map[string]any); !ok {
		t.Errorf("statistics without the sexes: %v", st)
	} else {
		for _, side := range []string{"perpetrators", "victims"} {
			d := sx[side].(map[string]any)
			if rows, _ := d["rows"].([]any); len(rows) != 3 || d["cases"] != nil || d["missing"].(map[string]any)["code"] != "missing" {
				t.Errorf("sexes of the %s: %v", side, d)
			}
		}
	}
	// Children present: yes and no, and the cases left open.
	if ch, ok := st["children"].(map[string]any); !ok {
		t.Errorf("statistics without children present: %v", st)
	} else if rows, _ := ch["rows"].([]any); len(rows) != 2 || rows[0].(map[string]any)["code"] != "yes" || ch["cases"] != nil ||
		ch["missing"].(map[string]any)["code"] != "missing" {
		t.Errorf("children present: %v", ch)
	}
	call("real", "GET", "/api/v1/it-statistics?year=twintig", "", "tara", 422)
	call("real", "GET", "/api/v1/it-statistics?year="+year, "", "ilse", 403)

	call("lost", "POST", base+"/scaling", `{"scores": []}`, "ilse", 409)
	call("lost", "POST", base+"/plan", `{"agreements": []}`, "ilse", 409)

	big := strings.Repeat(" ", MaxBodyBytes+1)
	for _, rt := range live.api.Routes() {
		if !itOperations()[rt.OperationID] {
			continue
		}
		target := strings.NewReplacer("{id}", strconv.FormatInt(id, 10), "{item}", "1", "{version}", "1").Replace(rt.Path)
		if rt.Path == "/api/v1/it-statistics" {
			target += "?year=" + year
		}
		call("forbid", rt.Method, target, `{}`, "", 403)
		call("failing", rt.Method, target, `{}`, "", 500)
		if strings.Contains(rt.Path, "{id}") {
			call("real", rt.Method, strings.NewReplacer("{id}", "99999", "{item}", "1", "{version}", "1").Replace(rt.Path), `{}`, "ilse", 404)
		}
		if rt.Method == http.MethodPost {
			call("real", rt.Method, target, big, "ilse", 413)
			call("real", rt.Method, target, `{}`, "ilse", 415, "Content-Type", "text/plain")
		}
	}
	doc := loadSpec(t, live.api)
	for _, rt := range live.api.Routes() {
		if !itOperations()[rt.OperationID] {
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
