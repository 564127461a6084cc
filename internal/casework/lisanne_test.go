package casework_test

import (
	"slices"
	"testing"
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/toren"
	"toren/internal/workdays"
)

// The case of Lisanne (seed S0): two reports about one family, a case
// opened from both, the safety assessment approved by a second person,
// Voorwaarden & Vervolg by a duo, the wijkteam at the first (online) talk,
// the children spoken (the eldest at school without her parents), teachers
// as informants, safety agreements and conditions, and the internal
// handover to Team Monitoring with monitoring moments at 3 and 12 months.
func TestLisanne(t *testing.T) {
	// The story's now: the police report came 12 days earlier, the
	// shelter's report 11 days earlier. The clock starts just after both.
	storyNow := ams(2026, time.March, 16, 9, 0)
	e := newEnv(t, storyNow.AddDate(0, 0, -11).Add(2*time.Hour))
	seeds := e.seed("lisanne", storyNow)
	if len(seeds) != 2 {
		t.Fatalf("%d Lisanne reports", len(seeds))
	}
	police, care := seeds[0].Report, seeds[1].Report
	if police.Reporter.Organisation == "" || care.Reporter.Name != "Marieke Bakker" {
		t.Fatalf("seed order: %s, %s", police.Number, care.Number)
	}

	// Intake opens the case from both reports and starts the assessment.
	f, err := e.svc.OpenCase(e.ctx, e.iris, casework.OpenRequest{ReportIDs: []int64{police.ID, care.ID}, Team: "Frontoffice",
		Summary: "Escalatie tussen ex-partners; drie kinderen getuige."})
	if err != nil {
		t.Fatal(err)
	}
	if f.Case.Status != cases.StatusReceived || len(f.Reports) != 2 || !f.Facts.ChildrenInvolved || f.Facts.Acute {
		t.Fatalf("opened: status %s, reports %d, facts %+v", f.Case.Status, len(f.Reports), f.Facts)
	}
	sa, ok := deadline(f, cases.DeadlineSafetyAssessment, 0)
	wantDue := cases.DefaultDeadlines().SafetyAssessmentDue(workdays.Dutch(), police.ReceivedAt, false)
	if !ok || !sa.Due.Equal(wantDue) || sa.Done {
		t.Errorf("safety assessment deadline %+v, want due %s", sa, wantDue)
	}
	f = e.move(e.iris, f, cases.StartSafetyAssessment)
	id := f.Case.ID

	// The safety assessment: structural unsafety, Veilig Thuis intervenes
	// with a service. Intake proposes, the behavioural scientist approves.
	d := e.propose(e.iris, id, triage(casework.RuleDirectIntervention))
	if f := e.file(e.iris, id); f.Facts.SafetyAssessed || f.Case.Status != cases.StatusSafetyAssessment {
		t.Fatalf("a proposal alone took effect: %+v", f.Facts)
	}
	e.clock.Advance(3 * time.Hour)
	d = e.approve(e.gert, d)
	if d.Status != casework.DecisionApproved || d.Decided.ByName != "Gert Visser" {
		t.Fatalf("approved decision %+v", d)
	}
	f = e.decide(e.iris, e.gert, id, choose(cases.DecideConditions))
	if f.Case.Status != cases.StatusConditions || !f.Facts.SafetyAssessed {
		t.Fatalf("after the intervention choice: %s %+v", f.Case.Status, f.Facts)
	}
	if sa, _ := deadline(f, cases.DeadlineSafetyAssessment, 0); !sa.Done || sa.Overdue {
		t.Errorf("safety assessment deadline after approval: %+v", sa)
	}
	if _, ok := deadline(f, cases.DeadlineFeedbackAfterAssessment, 0); !ok {
		t.Error("no feedback deadline after the safety assessment")
	}

	// The team leader gives the case to a duo of the backoffice.
	f, err = e.svc.Assign(e.ctx, e.tara, id, casework.AssignRequest{Team: "Backoffice", Workers: []int64{e.cas.UserID, e.cor.UserID}, Version: f.Case.Version})
	if err != nil {
		t.Fatal(err)
	}
	if f.Assignment.Team != "Backoffice" || len(f.Assignment.Workers) != 2 {
		t.Fatalf("assignment %+v", f.Assignment)
	}
	if _, err := e.svc.File(e.ctx, e.iris, id); err == nil {
		t.Error("intake still reads the case in full after it moved to the backoffice")
	} else if so, ok := casework.AsSignalOnly(err); !ok || !slices.Equal(so.Teams, []string{"Backoffice"}) {
		t.Errorf("intake sees %v, want signal only naming Backoffice", err)
	}

	// Feedback to both reporters after the safety assessment.
	e.clock.Advance(24 * time.Hour)
	for _, r := range []int64{police.ID, care.ID} {
		if _, err := e.svc.AddFeedback(e.ctx, e.cas, id, casework.FeedbackInput{ReportID: r, Moment: casework.FeedbackAfterAssessment,
			GivenAt: e.clock.Now(), Channel: casework.ChannelPhone, FollowUpStarted: true,
			Summary: "Veilig Thuis start Voorwaarden & Vervolg met het gezin."}); err != nil {
			t.Fatal(err)
		}
	}

	// Contacts: the reporter first, then the talk with both parents and
	// the wijkteam (online, at mother's request), the children, teachers.
	contacts := []casework.ContactInput{
		{With: "Marieke Bakker (Stichting Opvang De Linde)", Role: casework.WithReporter, Channel: casework.ChannelPhone,
			Summary: "Eerder ook fysiek geweld; zorgen of de opvang de veiligheid kan waarborgen."},
		{With: "Moeder, vader en wijkteam", Role: casework.WithParent, Channel: casework.ChannelVideo,
			Summary: "Eerste gesprek digitaal op verzoek van moeder; geweld besproken, veiligheidsafspraken gemaakt."},
		{With: "Fleur (11)", Role: casework.WithChild, Channel: casework.ChannelSchoolWithoutParents,
			Summary: "Oudste kind op school gesproken, zonder ouders."},
		{With: "Sem en Daan (4), met moeder", Role: casework.WithChild, Channel: casework.ChannelInPerson,
			Summary: "De tweeling gesproken in het bijzijn van moeder."},
		{With: "Leerkracht van Fleur", Role: casework.WithInformant, Channel: casework.ChannelPhone,
			Summary: "Zicht op de situatie op school."},
	}
	for i, c := range contacts {
		e.clock.Advance(24 * time.Hour)
		c.At = e.clock.Now().Add(-time.Hour)
		if _, err := e.svc.AddContact(e.ctx, []authz.Actor{e.cas, e.cor}[i%2], id, c); err != nil {
			t.Fatalf("contact %d: %v", i, err)
		}
	}
	if _, err := e.svc.AddInformant(e.ctx, e.cor, id, casework.InformantInput{Name: "Juf Anna", Organisation: "Basisschool De Linde",
		Function: "leerkracht groep 8", SignalFunction: true, Note: "Signaalfunctie belegd."}); err != nil {
		t.Fatal(err)
	}

	// Safety agreements and conditions, in phase 1 of the phased model.
	due := toren.DateOf(e.clock.Now().In(toren.Amsterdam)).AddDays(14)
	for _, ag := range []casework.AgreementInput{
		{Who: "Vader en moeder", What: "Duidelijke omgangsregeling voor vader en de kinderen.", Due: due},
		{Who: "Ouders", What: "Overdracht van de kinderen op het kantoor van de zorgaanbieder; moeder wacht binnen tot vader weg is.", Due: due},
		{Who: "Politie", What: "Afspraak op locatie en afspraak op persoon.", Due: due},
	} {
		if _, err := e.svc.AddAgreement(e.ctx, e.cas, id, ag); err != nil {
			t.Fatal(err)
		}
	}
	var conditionIDs []int64
	for _, text := range seeds[0].Conditions {
		c, err := e.svc.AddCondition(e.ctx, e.cas, id, casework.ConditionInput{Text: text, CheckedBy: "Team Monitoring"})
		if err != nil {
			t.Fatal(err)
		}
		conditionIDs = append(conditionIDs, c.ID)
	}
	if _, err := e.svc.SetPhase(e.ctx, e.cas, id, casework.PhaseInput{Phase: casework.PhaseDirectSafety}); err != nil {
		t.Fatal(err)
	}

	// The service ends: internal handover to Team Monitoring, with the
	// conditions, the closing letter, and a closure approved by a second person.
	h, err := e.svc.ProposeHandover(e.ctx, e.cas, id, casework.HandoverInput{Partner: "Team Monitoring Veilig Thuis",
		PartnerKind: casework.PartnerTeamMonitoring, CaseDirector: "Gemeente Utrecht (coördinatie op risico's en herstel)",
		ReportsBack:    "Nieuwe signalen van school en zorgaanbieder; schending van de voorwaarden",
		ReportBackWhen: "Direct bij een schending; anders bij de monitoringmomenten", ConditionIDs: conditionIDs})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.RecordLetter(e.ctx, e.cas, id, casework.LetterInput{Kind: casework.LetterClosing, SentAt: e.clock.Now(),
		Recipient: "Moeder en vader"}); err != nil {
		t.Fatal(err)
	}
	f = e.decide(e.cas, e.gert, id, closure(cases.HandOverConditions))
	if f.Case.Status != cases.StatusHandover {
		t.Fatalf("after closure of the service: %s", f.Case.Status)
	}
	// Team Monitoring accepts the handover itself, from its own queue; the
	// handing-over team cannot accept on its behalf.
	e.clock.Advance(2 * time.Hour)
	accepted := e.clock.Now()
	moQueue, err := e.svc.Queue(e.ctx, e.mo, casework.QueueRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(moQueue, func(it casework.QueueItem) bool {
		return it.Kind == casework.QueueHandover && it.CaseID == id && it.HandoverID == h.ID && !it.Overdue
	}) {
		t.Errorf("the handover is not in Mo's queue: %+v", moQueue)
	}
	for _, who := range []authz.Actor{e.cas, e.tara} {
		_, err := e.svc.RespondHandover(e.ctx, who, id, h.ID, casework.HandoverResponse{Accept: true, Version: h.Version})
		if toren.ErrorCode(err) != toren.CodeForbidden {
			t.Errorf("%s accepts the handover for Team Monitoring: %v", who.Name, err)
		}
	}
	if _, err := e.svc.RespondHandover(e.ctx, e.mo, id, h.ID, casework.HandoverResponse{Accept: true, Version: h.Version}); err != nil {
		t.Fatal(err)
	}
	f = e.file(e.mo, id)
	if f.Case.Team != "Team Monitoring" || len(f.Assignment.Workers) != 1 || f.Assignment.Workers[0].UserID != e.mo.UserID {
		t.Errorf("after acceptance the case is with %s, workers %+v; want Team Monitoring with Mo", f.Case.Team, f.Assignment.Workers)
	}
	// The handing-over team keeps reading the case during monitoring, and
	// changes nothing in it.
	e.file(e.cas, id)
	if _, err := e.svc.AddContact(e.ctx, e.cas, id, casework.ContactInput{With: "Moeder", Role: casework.WithParent,
		Channel: casework.ChannelPhone, Summary: "Na de overdracht."}); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("the handing-over case manager writes in the case after the handover: %v", err)
	}

	// Monitoring moments at 3 and 12 months after the handover.
	f = e.file(e.mo, id)
	if f.Case.Status != cases.StatusMonitoring || len(f.Monitoring) != 2 {
		t.Fatalf("monitoring: %s, %d moments", f.Case.Status, len(f.Monitoring))
	}
	wantMoments := cases.DefaultDeadlines().MonitoringDue(workdays.Dutch(), accepted)
	for i, months := range []int{3, 12} {
		d, ok := deadline(f, cases.DeadlineMonitoring, months)
		if !ok || !d.Due.Equal(wantMoments[i]) || d.Done || d.Kind != cases.DeadlineMonitoring {
			t.Errorf("monitoring at %d months: %+v, want due %s", months, d, wantMoments[i])
		}
	}
	queue, err := e.svc.Queue(e.ctx, e.mo, casework.QueueRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var monitoringItems int
	for _, it := range queue {
		if it.Kind == casework.QueueDeadline && it.Deadline == cases.DeadlineMonitoring && it.CaseID == id {
			monitoringItems++
		}
	}
	if monitoringItems != 2 {
		t.Errorf("Mo's queue has %d monitoring moments of the case: %+v", monitoringItems, queue)
	}
	if q, _ := e.svc.Queue(e.ctx, e.cas, casework.QueueRequest{}); slices.ContainsFunc(q, func(it casework.QueueItem) bool { return it.CaseID == id }) {
		t.Error("the case stays in the case manager's queue after the handover to Team Monitoring")
	}

	// Three months on: Team Monitoring checks every condition with the
	// family and the providers; they hold.
	e.at(wantMoments[0].Add(-4 * time.Hour))
	var checks []casework.ConditionCheck
	for _, cid := range conditionIDs {
		checks = append(checks, casework.ConditionCheck{ConditionID: cid, Result: casework.CheckHolds})
	}
	f, err = e.svc.RecordMonitoring(e.ctx, e.mo, id, f.Monitoring[0].ID, casework.MonitoringInput{Checks: checks,
		Note: "Gesproken met moeder, de zorgaanbieder en school.", Version: f.Monitoring[0].Version})
	if err != nil {
		t.Fatal(err)
	}
	if f.Case.Status != cases.StatusMonitoring || !f.Facts.ConditionsMet || f.Facts.MonitoringComplete {
		t.Errorf("after 3 months: %s, facts %+v", f.Case.Status, f.Facts)
	}

	// The history tells the whole story, every step by whom.
	var steps []cases.TransitionName
	for _, tr := range f.Transitions {
		steps = append(steps, tr.Transition)
		if tr.Recorded.ByName == "" || tr.Recorded.At.IsZero() {
			t.Errorf("history record without who or when: %+v", tr)
		}
	}
	want := []cases.TransitionName{casework.TransitionOpen, cases.StartSafetyAssessment, cases.DecideConditions,
		cases.HandOverConditions, cases.StartMonitoring}
	if !slices.Equal(steps, want) {
		t.Errorf("history %v, want %v", steps, want)
	}
	if len(f.Contacts) != 5 || len(f.Informants) != 1 || len(f.Agreements) != 3 || len(f.Conditions) != 5 || len(f.Feedback) != 2 ||
		len(f.Phases) != 1 || len(f.Letters) != 1 || len(f.Handovers) != 1 {
		t.Errorf("file: %d contacts, %d informants, %d agreements, %d conditions, %d feedback, %d phases, %d letters, %d handovers",
			len(f.Contacts), len(f.Informants), len(f.Agreements), len(f.Conditions), len(f.Feedback), len(f.Phases), len(f.Letters), len(f.Handovers))
	}
	if _, err := e.db.VerifyAudit(e.ctx); err != nil {
		t.Error(err)
	}
}
