package itteamsvc_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

type env struct {
	ctx   context.Context
	db    *store.DB
	clock *toren.FixedClock
	svc   *itteamsvc.Service
	// Ilse and Ahmed are the duo, Tim leads the IT team, Cas is a case
	// manager of Backoffice who refers, Mo works in Team Monitoring, Ana
	// is the analyst, Bea the administrator.
	ilse, ahmed, tim, cas, mo, ana, bea authz.Actor
}

func newEnv(t *testing.T) *env {
	db := storetest.OpenSQLite(t)
	clock := toren.NewFixedClock(time.Date(2014, 3, 3, 10, 0, 0, 0, time.UTC))
	svc, err := itteamsvc.New(itteamsvc.Config{Store: db, Clock: clock, Team: "Interventieteam"})
	if err != nil {
		t.Fatal(err)
	}
	actor := func(id int64, name string, role authz.Role, team string) authz.Actor {
		return authz.Actor{UserID: id, Name: name, Roles: []authz.Role{role}, Teams: []string{team}}
	}
	return &env{ctx: context.Background(), db: db, clock: clock, svc: svc,
		ilse: actor(1, "Ilse Smit", authz.RoleInterventionTeam, "Interventieteam"), ahmed: actor(2, "Ahmed Bakr", authz.RoleInterventionTeam, "Interventieteam"),
		tim: actor(3, "Tim Leider", authz.RoleTeamLeader, "Interventieteam"), cas: actor(4, "Cas Jansen", authz.RoleCaseManager, "Backoffice"),
		mo: actor(5, "Mo Bakker", authz.RoleMonitoring, "Team Monitoring"), ana: actor(6, "Ana List", authz.RoleAnalyst, "Analyse"),
		bea: actor(7, "Bea Heer", authz.RoleAdmin, "Beheer")}
}

func num(f float64) *float64 { return &f }

func answers() map[string]itteam.Answer {
	return map[string]itteam.Answer{
		"dreigend_gevaar": {Choice: "orange"}, "geweld_per_maand": {Number: num(4)}, "kans_herhaling": {Number: num(80)},
		"veiligheidsschaal": {Number: num(2)}, "geen_vooruitgang": {Number: num(3)}, "hulpverlening": {Items: []string{"onvoldoende_progressie"}},
		"leefgebieden": {Items: []string{"huisvesting", "werk_inkomen", "gezondheid", "veiligheid", "persoonlijk_functioneren"}},
	}
}

func (e *env) seq(t *testing.T) int64 {
	t.Helper()
	h, err := e.db.AuditHead(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return h.Seq
}

func rules(err error) []string {
	var out []string
	for _, f := range toren.FieldErrors(err) {
		out = append(out, f.Field+" "+f.Rule)
	}
	return out
}

func TestReferralToClosureWithNeedToKnow(t *testing.T) {
	e := newEnv(t)
	if _, err := e.svc.Refer(e.ctx, e.ilse, itteamsvc.Referral{Family: "Familie Verbeek"}); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("IT worker registers a referral: %v; the HG-overleg's case manager does", err)
	}
	c, err := e.svc.Refer(e.ctx, e.cas, itteamsvc.Referral{Family: "Familie Verbeek", Referrer: "HG-overleg", On: toren.NewDate(2014, 3, 3),
		Answers: answers(), Admitted: true})
	if err != nil || !c.Qualification.Qualifies || c.ID == 0 {
		t.Fatalf("refer: %+v %v", c, err)
	}
	if e.seq(t) != 1 {
		t.Error("the referral has no audit entry")
	}
	// The referrer is no member of the IT team: from now on they see only
	// that the family is known to the IT, and whom to ask.
	for _, a := range []authz.Actor{e.cas, e.mo} {
		v, err := e.svc.Get(e.ctx, a, c.ID)
		if err != nil || v.Level != authz.LevelSignal || v.Case != nil || v.Known.Team != "Interventieteam" || v.Known.Family != "Familie Verbeek" {
			t.Errorf("%s sees %+v, %v; want the signal only", a.Name, v, err)
		}
	}
	if _, err := e.svc.Get(e.ctx, e.ana, c.ID); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("the analyst reads an IT case: %v", err)
	}
	if _, err := e.svc.RateColour(e.ctx, e.mo, c.ID, itteam.ColourRating{On: toren.NewDate(2014, 3, 3), Colour: cases.ColourRed, Moment: itteam.MomentStart}); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("another team writes the colour code: %v", err)
	}
	// Only the IT team leader assigns the duo.
	if _, err := e.svc.AssignDuo(e.ctx, e.ilse, c.ID, itteam.Worker{ID: 1}, itteam.Worker{ID: 2}); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a worker assigns the duo: %v", err)
	}
	if _, err := e.svc.AssignDuo(e.ctx, e.tim, c.ID, itteam.Worker{ID: 1, Name: "Ilse Smit"}, itteam.Worker{ID: 2, Name: "Ahmed Bakr"}); err != nil {
		t.Fatal(err)
	}
	c, err = e.svc.RateColour(e.ctx, e.ahmed, c.ID, itteam.ColourRating{On: toren.NewDate(2014, 3, 3), Colour: cases.ColourOrange, Moment: itteam.MomentStart})
	if err != nil || c.Colours[0].Rater.Name != "Ahmed Bakr" {
		t.Fatalf("colour: %+v %v", c.Colours, err)
	}
	c, err = e.svc.ChangePhase(e.ctx, e.ilse, c.ID, itteam.PhaseChange{Transition: cases.ITStartIntensive, On: toren.NewDate(2014, 3, 3)})
	if err != nil || c.Status != cases.ITIntensive {
		t.Fatalf("start: %v", err)
	}
	// Bad input is refused with the field and rule, and changes nothing.
	before, seq := c.Version, e.seq(t)
	_, err = e.svc.SavePlan(e.ctx, e.ilse, c.ID, itteam.Plan{Agreements: []itteam.Agreement{{What: "Geen contact"}}})
	if !slices.Equal(rules(err), []string{"agreements[0].owner required"}) {
		t.Errorf("agreement without owner: %v", err)
	}
	eleven := 11
	_, err = e.svc.AddScaling(e.ctx, e.ilse, c.ID, []itteam.ScalingScore{{On: toren.NewDate(2014, 3, 3), Kind: itteam.RaterFamily, Rater: "moeder", Safety: &eleven}})
	if !slices.Equal(rules(err), []string{"scores[0].safety range_0_10"}) {
		t.Errorf("score 11: %v", err)
	}
	_, err = e.svc.ChangePhase(e.ctx, e.ilse, c.ID, itteam.PhaseChange{Transition: cases.ITClose, On: toren.NewDate(2014, 3, 3), LastingSafety: true})
	if toren.ErrorCode(err) != toren.CodeConflict || !slices.Equal(rules(err), []string{"status transition_not_allowed"}) {
		t.Errorf("close from intensive: %v", err)
	}
	if now, _ := e.svc.Get(e.ctx, e.ilse, c.ID); now.Case.Version != before || e.seq(t) != seq {
		t.Errorf("refused changes stored something: version %d→%d, audit %d→%d", before, now.Case.Version, seq, e.seq(t))
	}

	c, err = e.svc.SavePlan(e.ctx, e.ahmed, c.ID, itteam.Plan{Dangers: "Ex-vriend", Agreements: []itteam.Agreement{
		{Owner: "Chantal", What: "Geen contact met ex"}, {Owner: "Moeder", What: "Samen eten"}, {Owner: "Politie", What: "Rijdt langs"}}})
	if err != nil {
		t.Fatal(err)
	}
	three, seven := 3, 7
	e.clock.Advance(14 * 24 * time.Hour)
	if c, err = e.svc.AddScaling(e.ctx, e.ilse, c.ID, []itteam.ScalingScore{{On: toren.NewDate(2014, 3, 17), Kind: itteam.RaterFamily, Rater: "Chantal", Safety: &three, Progress: &three}}); err != nil {
		t.Fatal(err)
	}
	if c, err = e.svc.AddMeeting(e.ctx, e.ilse, c.ID, itteam.Meeting{On: toren.NewDate(2014, 3, 17), Family: true,
		Participants: []itteam.Participant{{Name: "Moeder", Kind: itteam.ParticipantFamily}, {Name: "Begeleider", Kind: itteam.ParticipantProfessional, Organisation: "Novadic-Kentron"}},
		Decisions:    "Opname bespreken", Agreements: []int{1}}); err != nil {
		t.Fatal(err)
	}
	if c, err = e.svc.AddMeetingEvaluation(e.ctx, e.ilse, c.ID, 1, itteam.Form{Scores: map[string]int{"respect": 9, "vertrouwen_toekomst": 7}}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(90 * 24 * time.Hour)
	if c, err = e.svc.SetAgreementStatus(e.ctx, e.ahmed, c.ID, 1, itteam.StatusChange{On: toren.NewDate(2014, 6, 1), Status: itteam.AgreementKept}); err != nil {
		t.Fatal(err)
	}
	if c, err = e.svc.AddScaling(e.ctx, e.ilse, c.ID, []itteam.ScalingScore{{On: toren.NewDate(2014, 6, 1), Kind: itteam.RaterFamily, Rater: "Chantal", Safety: &seven}}); err != nil {
		t.Fatal(err)
	}
	if c, err = e.svc.RateColour(e.ctx, e.ilse, c.ID, itteam.ColourRating{On: toren.NewDate(2014, 6, 1), Colour: cases.ColourGreen, Moment: itteam.MomentEnd}); err != nil {
		t.Fatal(err)
	}
	if c, err = e.svc.ChangePhase(e.ctx, e.ilse, c.ID, itteam.PhaseChange{Transition: cases.ITStartMonitor, On: toren.NewDate(2014, 6, 1), SafetySufficient: true}); err != nil {
		t.Fatal(err)
	}
	if c, err = e.svc.AddClientEvaluation(e.ctx, e.ilse, c.ID, itteam.ClientEvaluation{On: toren.NewDate(2014, 6, 1), Form: itteam.Form{Scores: map[string]int{"eindoordeel": 9}}}); err != nil {
		t.Fatal(err)
	}
	if due, ok := c.MonitoringDue(); !ok || due != toren.NewDate(2015, 6, 1) {
		t.Errorf("monitoring due %v", due)
	}
	e.clock.Set(time.Date(2015, 6, 2, 9, 0, 0, 0, time.UTC))
	if c, err = e.svc.ChangePhase(e.ctx, e.ahmed, c.ID, itteam.PhaseChange{Transition: cases.ITClose, On: toren.NewDate(2015, 6, 1), LastingSafety: true}); err != nil || c.Status != cases.ITClosed {
		t.Fatalf("close: %v", err)
	}
	// Closed: read-only, still readable in full by the team.
	if _, err := e.svc.AddScaling(e.ctx, e.ilse, c.ID, []itteam.ScalingScore{{On: toren.NewDate(2015, 6, 2), Kind: itteam.RaterFamily, Rater: "Chantal", Safety: &seven}}); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("change after closure: %v", err)
	}
	v, err := e.svc.Get(e.ctx, e.ilse, c.ID)
	if err != nil || v.Case == nil || len(v.Case.Plans) != 2 || v.Case.Plans[0].Agreements[0].Status() != itteam.AgreementOpen || len(v.Case.Events) != 3 {
		t.Errorf("closed case: %+v %v", v.Case, err)
	}
	// The page's read asks the policy as Get does, and holds the current
	// plan whole and the earlier version only by number and author.
	if pv, err := e.svc.Page(e.ctx, e.mo, c.ID, 0); err != nil || pv.Case != nil || pv.Level != authz.LevelSignal {
		t.Errorf("another team's page: %+v %v", pv, err)
	}
	pv, err := e.svc.Page(e.ctx, e.ilse, c.ID, 0)
	if err != nil || pv.Case == nil || len(pv.Case.Plans) != 2 || pv.Case.Plans[0].Dangers != "" || pv.Case.Plans[0].By.Name != "Ahmed Bakr" ||
		pv.Case.Plans[1].Dangers != "Ex-vriend" || len(pv.Case.Plans[1].Agreements) != 3 {
		t.Errorf("the duo's page: %+v %v", pv.Case, err)
	}
	// Every change has its entry: refer, duo, 2 colours... counted from the store.
	if got := e.seq(t); got != 14 {
		t.Errorf("%d audit entries, want 14 (one per change)", got)
	}

	st, err := e.svc.Statistics(e.ctx, e.ana, 2014, toren.NewDate(2014, 12, 31))
	if err != nil || st.New.Total != 1 || st.New.Rows[0].Label != "Monitorfase" || st.Meetings.Evaluated != 1 || st.Clients.Evaluated != 1 || st.Intensive.Mean != 90 {
		t.Errorf("statistics: %+v %v", st, err)
	}
	if _, err := e.svc.Statistics(e.ctx, e.ilse, 2014, toren.NewDate(2014, 12, 31)); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("an IT worker reads the statistics: %v", err)
	}
	full, known, err := e.svc.List(e.ctx, e.mo)
	if err != nil || len(full) != 0 || len(known) != 1 || len(known[0].Duo) != 2 {
		t.Errorf("another team's list: %v %+v %v", full, known, err)
	}
}

func TestChecklistVersionsKeepOldCases(t *testing.T) {
	e := newEnv(t)
	old, err := e.svc.Refer(e.ctx, e.cas, itteamsvc.Referral{Family: "Familie A", On: toren.NewDate(2014, 3, 3), Answers: answers(), Admitted: true})
	if err != nil {
		t.Fatal(err)
	}
	v2 := itteam.Bijlage1()
	for i := range v2.Criteria {
		if v2.Criteria[i].Code == "leefgebieden" {
			v2.Criteria[i].Threshold = 5
		}
	}
	if _, err := e.svc.PublishChecklist(e.ctx, e.cas, v2); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a case manager publishes a checklist: %v", err)
	}
	got, err := e.svc.PublishChecklist(e.ctx, e.bea, v2)
	if err != nil || got.Version != 2 {
		t.Fatalf("publish: %+v %v", got, err)
	}
	newer, err := e.svc.Refer(e.ctx, e.cas, itteamsvc.Referral{Family: "Familie B", On: toren.NewDate(2014, 3, 3), Answers: answers(), Admitted: true})
	if !slices.Equal(rules(err), []string{"admission.reason against_checklist"}) {
		t.Fatalf("the same answers under version 2: %+v %v", newer, err)
	}
	v, _ := e.svc.Get(e.ctx, e.tim, old.ID)
	if v.Case.Qualification.Version != 1 || !v.Case.Qualification.Qualifies {
		t.Errorf("old case: %+v", v.Case.Qualification)
	}
	if cl, err := e.svc.ChecklistVersion(e.ctx, 1); err != nil || cl.Criteria[4].Threshold != 4 {
		t.Errorf("version 1: %v", err)
	}
}

func TestCCBEscalationByThree(t *testing.T) {
	e := newEnv(t)
	c, err := e.svc.Refer(e.ctx, e.cas, itteamsvc.Referral{Family: "Familie C", On: toren.NewDate(2014, 3, 3), Answers: answers(), Admitted: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AssignDuo(e.ctx, e.tim, c.ID, itteam.Worker{ID: 1, Name: "Ilse Smit"}, itteam.Worker{ID: 2, Name: "Ahmed Bakr"}); err != nil {
		t.Fatal(err)
	}
	deciders := []itteam.Decider{{Role: itteam.DeciderWorker, Name: "Ilse Smit", ID: 1}, {Role: itteam.DeciderTeamLeader, Name: "Tim Leider", ID: 3}}
	ccb := itteam.CCB{RiskEstimate: "Dreiging van partnerdoding", DecidedOn: toren.NewDate(2014, 3, 3), Deciders: deciders}
	seq := e.seq(t)
	if _, err := e.svc.EscalateCCB(e.ctx, e.tim, c.ID, ccb); !slices.Equal(rules(err), []string{"deciders three_deciders"}) || e.seq(t) != seq {
		t.Errorf("two deciders: %v", err)
	}
	ccb.Deciders = append(deciders, itteam.Decider{Role: itteam.DeciderChair, Name: "Voorzitter HG-overleg"})
	if _, err := e.svc.EscalateCCB(e.ctx, e.ahmed, c.ID, ccb); !slices.Equal(rules(err), []string{"deciders actor_decides"}) {
		t.Errorf("recorded by someone who did not decide: %v", err)
	}
	got, err := e.svc.EscalateCCB(e.ctx, e.tim, c.ID, ccb)
	if err != nil || got.CCB == nil || len(got.CCB.Deciders) != 3 || e.seq(t) != seq+1 {
		t.Fatalf("three deciders: %+v %v", got.CCB, err)
	}
	got, err = e.svc.RecordCCBOutcome(e.ctx, e.ilse, c.ID, true, toren.NewDate(2014, 3, 3), []itteam.CCBAction{{What: "Alarmknop", Owner: "Politie", Due: toren.NewDate(2014, 3, 4)}})
	if err != nil || got.CCB.Stelsel == nil || !*got.CCB.Stelsel {
		t.Errorf("outcome: %+v %v", got.CCB, err)
	}
}
