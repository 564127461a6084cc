package registry_test

import (
	"context"
	"io"
	"log/slog"
	"math"
	"testing"
	"time"

	"toren/internal/access"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/demo"
	"toren/internal/intake"
	"toren/internal/nl"
	"toren/internal/radar"
	"toren/internal/radarsvc"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, toren.Amsterdam)

type env struct {
	db     *store.DB
	res    *radarsvc.Resolver
	intake *intake.Service
	svc    *registry.Service
}

func newEnv(t *testing.T) env {
	t.Helper()
	db := storetest.OpenSQLite(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	res, err := radarsvc.NewDefault(log)
	if err != nil {
		t.Fatal(err)
	}
	clock := toren.NewFixedClock(now)
	v := reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: clock}
	return env{db: db, res: res, intake: intake.NewService(db, v, res, clock, log),
		svc: registry.New(registry.Config{Store: db, Index: res, Thresholds: res.Config().Thresholds, Clock: clock, Log: log,
			Persons: access.Reader{Store: db, IntakeTeam: "Frontoffice", Clock: clock}})}
}

// as returns Iris de Wit acting in role, and a context carrying an audit
// recorder as the access guard does.
func as(role authz.Role) (context.Context, authz.Actor, *audit.Recorder) {
	act := authz.Actor{UserID: 3, Name: "Iris de Wit", Roles: []authz.Role{role}, Teams: []string{"Frontoffice"}}
	rec := &audit.Recorder{Template: audit.Entry{ActorID: "3", ActorName: "Iris de Wit", Role: string(role), Origin: "test"}}
	return audit.WithRecorder(context.Background(), rec), act, rec
}

func (e env) submit(t *testing.T, r *reports.Report) *reports.Report {
	t.Helper()
	res, err := e.intake.Submit(context.Background(), authz.Console("test"), intake.Submission{Report: r})
	if err != nil {
		t.Fatal(err)
	}
	return res.Report
}

func lisanne(t *testing.T) (police, care *reports.Report) {
	t.Helper()
	for _, s := range demo.Seed(now) {
		r := s.Report
		switch s.Key {
		case "demo:lisanne:police":
			police = &r
		case "demo:lisanne:care":
			care = &r
		}
	}
	return police, care
}

// The care provider's report leaves the father (an initial, no date of
// birth) in review; the reviewer sees both persons with the evidence, must write a
// note, and links him; the person made for him is retired from the radar.
func TestReviewFlow(t *testing.T) {
	e := newEnv(t)
	police, care := lisanne(t)
	// Father by his initial only: living with the mother and children named
	// beside him is then not enough to link him.
	care.Persons[1].FirstNames, care.Persons[1].Initials = "", "D."
	police, care = e.submit(t, police), e.submit(t, care)
	father, careFather := police.Persons[1].PersonID, care.Persons[1].PersonID

	analystCtx, analyst, _ := as(authz.RoleAnalyst)
	if _, err := e.svc.ReviewItems(analystCtx, analyst, registry.ReviewQuery{}); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("analyst listing the queue: %v, want forbidden", err)
	}
	ctx, iris, rec := as(authz.RoleIntake)
	items, err := e.svc.ReviewItems(ctx, iris, registry.ReviewQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("%d review items, want 1 (the father)", len(items))
	}
	v := items[0]
	if v.Candidate.ID != father || v.NewPerson.ID != careFather || v.Mention.Surname != "Meulen" || v.Mention.Particle != "v.d." {
		t.Errorf("view: candidate %d, new person %d, mention %+v", v.Candidate.ID, v.NewPerson.ID, v.Mention)
	}
	if len(v.Explanation.Fields) == 0 || math.Abs(v.Explanation.Score-v.Item.Score) > 0.01 || v.Thresholds != radar.DefaultThresholds() {
		t.Errorf("evidence %+v, score %g vs %g, thresholds %+v", v.Explanation.Fields, v.Explanation.Score, v.Item.Score, v.Thresholds)
	}
	if _, err := e.svc.ReviewItems(ctx, iris, registry.ReviewQuery{Status: "done"}); toren.ErrorCode(err) != toren.CodeInvalid {
		t.Errorf("bad status: %v", err)
	}

	id := v.Item.ID
	bad := []struct {
		d     registry.Decision
		field string
	}{
		{registry.Decision{Version: 1, Decision: registry.SamePerson, Note: "  "}, "note"},
		{registry.Decision{Version: 1, Decision: "maybe", Note: "x"}, "decision"},
		{registry.Decision{Decision: registry.SamePerson, Note: "x"}, "version"},
	}
	for _, b := range bad {
		_, err := e.svc.Decide(ctx, iris, id, b.d)
		if fe := toren.FieldErrors(err); len(fe) != 1 || fe[0].Field != b.field || fe[0].MessageNL != "" {
			t.Errorf("%+v: %v; want one Dutch field error on %s", b.d, err, b.field)
		}
	}
	if _, err := e.svc.Decide(ctx, iris, id, registry.Decision{Version: 9, Decision: registry.SamePerson, Note: "x"}); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("stale version: %v, want conflict", err)
	}
	mon, monitoring, _ := as(authz.RoleMonitoring)
	if _, err := e.svc.Decide(mon, monitoring, id, registry.Decision{Version: 1, Decision: registry.SamePerson, Note: "x"}); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("monitoring deciding: %v, want forbidden", err)
	}
	if rec.Written() != 0 {
		t.Fatalf("refused decisions wrote %d audit entries", rec.Written())
	}
	it, err := e.svc.Decide(ctx, iris, id, registry.Decision{Version: 1, Decision: registry.SamePerson, Note: "Zelfde vader volgens de politie."})
	if err != nil {
		t.Fatal(err)
	}
	if it.Status != registry.ReviewAccepted || it.DecidedBy != "Iris de Wit" || rec.Written() != 1 {
		t.Errorf("decided: %+v (audit written %d)", it, rec.Written())
	}
	links, _ := e.db.LinksOfReport(context.Background(), care.ID)
	if links[1].PersonID != father || links[1].Method != intake.LinkReviewer || links[1].LinkedBy != "Iris de Wit" {
		t.Errorf("father's link after the decision: %+v", links[1])
	}

	// The person made for him is out of the radar: the same vague mention
	// again is not linked to it.
	again := *care
	again.ExternalRef, again.Persons = "opnieuw", []reports.Mention{care.Persons[0], care.Persons[1]}
	for i := range again.Persons {
		again.Persons[i].ID, again.Persons[i].PersonID = 0, 0
	}
	got := e.submit(t, &again)
	if got.Persons[1].PersonID == careFather {
		t.Errorf("mention linked to the retired person %d", careFather)
	}
}

// A merge is refused to a role without person.merge, needs a reason,
// moves the mentions and takes the absorbed person out of the radar;
// undoing it brings the person back.
func TestMergeFlow(t *testing.T) {
	e := newEnv(t)
	police, _ := lisanne(t)
	police = e.submit(t, police)
	mother := police.Persons[0].PersonID
	// A report on "the same" woman with another date of birth and no BSN:
	// a second registry person.
	other := *police
	other.ExternalRef = "tweede"
	m := police.Persons[0]
	m.ID, m.PersonID, m.BSN, m.BirthDate = 0, 0, "", m.BirthDate.AddDate(0, 0, 40)
	m.Street, m.HouseNumber, m.Postcode, m.City = "", "", "", ""
	other.Persons = []reports.Mention{m}
	second := e.submit(t, &other).Persons[0].PersonID
	if second == mother {
		t.Fatal("the second report was linked; the test needs two persons")
	}

	probe := func() int64 {
		id, err := e.res.Resolve(context.Background(), nil, m)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	if got := probe(); got != second {
		t.Fatalf("before the merge the mention goes to %d, want %d", got, second)
	}
	cm, caseManager, _ := as(authz.RoleCaseManager)
	if _, err := e.svc.Merge(cm, caseManager, mother, registry.MergeInput{PersonID: second, Reason: "x"}); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("case manager merging: %v, want forbidden", err)
	}
	// A team leader of another team may not read these persons (in
	// triage with the Frontoffice), so may not merge them either.
	elsewhere := authz.Actor{UserID: 4, Name: "Noor", Roles: []authz.Role{authz.RoleTeamLeader}, Teams: []string{"Team Noord"}}
	if _, err := e.svc.Merge(cm, elsewhere, mother, registry.MergeInput{PersonID: second, Reason: "Zelfde persoon."}); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("team leader of another team merging: %v, want forbidden", err)
	}
	ctx, leader, rec := as(authz.RoleTeamLeader)
	for _, in := range []registry.MergeInput{{PersonID: second}, {PersonID: mother, Reason: "x"}, {Reason: "x"}} {
		if _, err := e.svc.Merge(ctx, leader, mother, in); toren.ErrorCode(err) != toren.CodeInvalid {
			t.Errorf("merge %+v: %v, want invalid", in, err)
		}
	}
	mg, err := e.svc.Merge(ctx, leader, mother, registry.MergeInput{PersonID: second, Reason: "Geboortedatum verkeerd overgenomen."})
	if err != nil {
		t.Fatal(err)
	}
	if len(mg.Mentions) != 1 || rec.Written() != 1 {
		t.Errorf("merge = %+v (audit %d)", mg, rec.Written())
	}
	st, err := e.svc.MergeStatus(context.Background(), leader, second)
	if err != nil || st.Into == nil || st.Into.SurvivorID != mother {
		t.Errorf("status of the absorbed person = %+v, %v", st, err)
	}
	// Where a person went is a signal: any worker may see it, nobody
	// else (a functional administrator holds no person.view).
	if _, err := e.svc.MergeStatus(context.Background(), authz.Actor{UserID: 9, Name: "other", Roles: []authz.Role{authz.RoleCaseManager}, Teams: []string{"X"}}, second); err != nil {
		t.Errorf("status for a worker of another team: %v, want allowed", err)
	}
	if _, err := e.svc.MergeStatus(context.Background(), authz.Actor{UserID: 9, Name: "admin", Roles: []authz.Role{authz.RoleAdmin}}, second); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("status for an administrator: %v, want forbidden", err)
	}
	// The radar no longer proposes the absorbed person.
	if got := probe(); got == second {
		t.Errorf("after the merge a mention was linked to the absorbed person %d", second)
	}
	if _, err := e.svc.Unmerge(ctx, leader, second, registry.UnmergeInput{}); toren.ErrorCode(err) != toren.CodeInvalid {
		t.Errorf("unmerge without reason: %v", err)
	}
	if _, err := e.svc.Unmerge(ctx, leader, second, registry.UnmergeInput{Reason: "Toch twee personen."}); err != nil {
		t.Fatal(err)
	}
	if st, _ := e.svc.MergeStatus(context.Background(), leader, second); st.Into != nil {
		t.Errorf("still merged after the undo: %+v", st.Into)
	}
	if got := probe(); got != second {
		t.Errorf("after the undo the same mention went to %d, want the restored person %d", got, second)
	}
}
