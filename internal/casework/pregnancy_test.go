package casework_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/history"
)

// pregnancyStory runs seed S1 up to monitoring: addiction care reports a
// pregnant mother; Voorwaarden & Vervolg; talks with mother, partner, the
// reporter and the ambulant support worker; four safety conditions; the
// case director (the ambulant support) reports breaches; the closing letter;
// closure of the service approved by a second person; handover accepted,
// with monitoring at 3 and 12 months.
func pregnancyStory(t *testing.T) (*env, *casework.File, []int64) {
	storyNow := ams(2026, time.May, 4, 9, 0)
	e := newEnv(t, storyNow.AddDate(0, 0, -80).Add(6*time.Hour))
	seeds := e.seed("pregnancy", storyNow)
	if len(seeds) != 1 || len(seeds[0].Conditions) != 4 {
		t.Fatalf("pregnancy seed: %+v", seeds)
	}
	rep := seeds[0].Report
	f, err := e.svc.OpenCase(e.ctx, e.iris, casework.OpenRequest{ReportIDs: []int64{rep.ID}, Team: "Frontoffice"})
	if err != nil {
		t.Fatal(err)
	}
	id := f.Case.ID
	f = e.move(e.iris, f, cases.StartSafetyAssessment)
	if !f.Facts.ChildrenInvolved {
		t.Error("the unborn child does not count as a child involved")
	}
	e.decide(e.iris, e.gert, id, triage(casework.RuleVeiligThuis))
	f = e.decide(e.iris, e.gert, id, choose(cases.DecideConditions))
	f, err = e.svc.Assign(e.ctx, e.tara, id, casework.AssignRequest{Team: "Backoffice", Workers: []int64{e.cas.UserID}, Version: f.Case.Version})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []casework.ContactInput{
		{With: "Moeder", Role: casework.WithParent, Channel: casework.ChannelHomeVisit, Summary: "Behandeling elders opgepakt; sindsdien clean."},
		{With: "Partner van moeder", Role: casework.WithNetwork, Channel: casework.ChannelHomeVisit, Summary: "Geen zorgen over huiselijk geweld in de relatie."},
		{With: "Sandra Veenstra (verslavingszorg)", Role: casework.WithReporter, Channel: casework.ChannelPhone, Summary: "Zorgen over behandeltrouw."},
		{With: "Ambulant begeleider", Role: casework.WithPartner, Channel: casework.ChannelPhone, Summary: "Moeder werkt goed mee."},
	} {
		e.clock.Advance(24 * time.Hour)
		c.At = e.clock.Now()
		if _, err := e.svc.AddContact(e.ctx, e.cas, id, c); err != nil {
			t.Fatal(err)
		}
	}
	var conditionIDs []int64
	for _, text := range seeds[0].Conditions {
		c, err := e.svc.AddCondition(e.ctx, e.cas, id, casework.ConditionInput{Text: text, CheckedBy: "Procesregisseur Veilig Thuis"})
		if err != nil {
			t.Fatal(err)
		}
		conditionIDs = append(conditionIDs, c.ID)
	}
	h, err := e.svc.ProposeHandover(e.ctx, e.cas, id, casework.HandoverInput{Partner: "Ambulante begeleiding",
		PartnerKind: casework.PartnerCareProvider, CaseDirector: "Ambulant begeleider van moeder",
		ReportsBack:    "Meldt Veilig Thuis wanneer moeder zich niet aan de voorwaarden houdt en de situatie onveilig is",
		ReportBackWhen: "Direct", ConditionIDs: conditionIDs})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.RecordLetter(e.ctx, e.cas, id, casework.LetterInput{Kind: casework.LetterClosing, SentAt: e.clock.Now(),
		Recipient: "Moeder"}); err != nil {
		t.Fatal(err)
	}
	e.decide(e.cas, e.gert, id, closure(cases.HandOverConditions))
	if _, err := e.svc.RespondHandover(e.ctx, e.cas, id, h.ID, casework.HandoverResponse{Accept: true, Version: h.Version}); err != nil {
		t.Fatal(err)
	}
	f = e.move(e.cas, e.file(e.cas, id), cases.StartMonitoring)
	if len(f.Monitoring) != 2 || f.Monitoring[0].Months != 3 || f.Monitoring[1].Months != 12 {
		t.Fatalf("monitoring moments %+v", f.Monitoring)
	}
	// The partner is external: the monitoring stays with Team Monitoring,
	// whose team leader assigns it; Backoffice keeps reading the case.
	if f.Case.Team != "Team Monitoring" || len(f.Assignment.Workers) != 0 {
		t.Fatalf("after monitoring started the case is with %s, workers %+v; want Team Monitoring", f.Case.Team, f.Assignment.Workers)
	}
	e.file(e.cas, id)
	f, err = e.svc.Assign(e.ctx, e.monty, id, casework.AssignRequest{Team: "Team Monitoring", Workers: []int64{e.mo.UserID}, Version: f.Case.Version})
	if err != nil {
		t.Fatal(err)
	}
	return e, f, conditionIDs
}

func checksAll(ids []int64, result casework.CheckResult) []casework.ConditionCheck {
	out := make([]casework.ConditionCheck, len(ids))
	for i, id := range ids {
		out[i] = casework.ConditionCheck{ConditionID: id, Result: result}
	}
	return out
}

func TestPregnancyClosedAfterMonitoring(t *testing.T) {
	e, f, conds := pregnancyStory(t)
	id := f.Case.ID
	// Closing before monitoring is done is refused, naming the rules.
	early := e.propose(e.mo, id, closure(cases.CloseCase))
	f = e.file(e.mo, id)
	seq := e.head()
	_, err := e.svc.Approve(e.ctx, e.gert, early.ID, casework.ApproveRequest{Version: early.Version})
	wantRule(t, "closure before monitoring", err, "invalid", "monitoring_complete")
	wantRule(t, "closure before monitoring", err, "invalid", "conditions_met")
	e.unchanged("refused approval", f, seq)
	if _, err := e.svc.Refuse(e.ctx, e.gert, early.ID, casework.RefuseRequest{Version: early.Version,
		Reason: "Eerst de monitoring na 3 maanden en 1 jaar."}); err != nil {
		t.Fatal(err)
	}

	for _, m := range f.Monitoring {
		e.at(m.Due.Add(-2 * time.Hour))
		var err error
		f, err = e.svc.RecordMonitoring(e.ctx, e.mo, id, m.ID, casework.MonitoringInput{Checks: checksAll(conds, casework.CheckHolds),
			Note: "Voorwaarden getoetst bij moeder en de ambulant begeleider.", Version: m.Version})
		if err != nil {
			t.Fatalf("monitoring at %d months: %v", m.Months, err)
		}
	}
	if !f.Facts.MonitoringComplete || !f.Facts.ConditionsMet {
		t.Fatalf("after both moments: %+v", f.Facts)
	}
	f = e.decide(e.mo, e.gert, id, closure(cases.CloseCase))
	if f.Case.Status != cases.StatusClosed {
		t.Fatalf("status after closure: %s", f.Case.Status)
	}
	// A closed case is read-only until it is reopened.
	_, err = e.svc.AddContact(e.ctx, e.mo, id, casework.ContactInput{At: e.clock.Now(), With: "Moeder", Role: casework.WithParent,
		Channel: casework.ChannelPhone, Summary: "x"})
	wantRule(t, "contact on a closed case", err, "forbidden", "")
	var decisions []string
	for _, d := range f.Decisions {
		decisions = append(decisions, string(d.Kind)+":"+string(d.Status))
	}
	want := []string{"safety_assessment:approved", "intervention_choice:approved", "closure:approved", "closure:refused", "closure:approved"}
	if !slices.Equal(decisions, want) {
		t.Errorf("decisions %v, want %v", decisions, want)
	}
	if f.Decisions[3].RefusalReason == "" || f.Decisions[3].Decided.ByName != "Gert Visser" {
		t.Errorf("refusal %+v", f.Decisions[3])
	}
}

// A breach found in monitoring reopens the case: the condition is marked
// breached, a new signal recorded, the later moment cancelled, and the
// reopened case is assessed afresh.
func TestPregnancyBreachReopens(t *testing.T) {
	e, f, conds := pregnancyStory(t)
	id := f.Case.ID
	three, twelve := f.Monitoring[0], f.Monitoring[1]
	e.at(three.Due.Add(-2 * time.Hour))
	checks := checksAll(conds, casework.CheckHolds)
	checks[2] = casework.ConditionCheck{ConditionID: conds[2], Result: casework.CheckDoesNotHold} // "Moeder gebruikt geen alcohol meer."
	seq := e.head()
	_, err := e.svc.RecordMonitoring(e.ctx, e.mo, id, three.ID, casework.MonitoringInput{Checks: checks, Version: three.Version})
	wantRule(t, "breach without a note", err, "invalid", "required")
	e.unchanged("refused monitoring", f, seq)
	checks[2].Note = "Ambulant begeleider meldt terugval in alcoholgebruik."
	f, err = e.svc.RecordMonitoring(e.ctx, e.mo, id, three.ID, casework.MonitoringInput{Checks: checks, Version: three.Version})
	if err != nil {
		t.Fatal(err)
	}
	if f.Case.Status != cases.StatusReopened || f.Episode != 2 {
		t.Fatalf("after the breach: status %s, episode %d", f.Case.Status, f.Episode)
	}
	if f.Conditions[2].Status != casework.ConditionBreached || f.Conditions[0].Status != casework.ConditionActive {
		t.Errorf("conditions %+v", f.Conditions)
	}
	if f.Monitoring[1].ID != twelve.ID || f.Monitoring[1].Status != casework.MomentCancelled {
		t.Errorf("12-month moment after the reopening: %+v", f.Monitoring[1])
	}
	if len(f.Signals) != 1 || f.Signals[0].Source != casework.SignalMonitoringBreach || f.Signals[0].ConsumedEpisode != 2 ||
		!strings.Contains(f.Signals[0].Note, "alcohol") {
		t.Errorf("signals %+v", f.Signals)
	}
	last := f.Transitions[len(f.Transitions)-1]
	if last.Transition != cases.ReopenCase || last.From != cases.StatusMonitoring || last.Recorded.ByID != e.mo.UserID {
		t.Errorf("last step %+v", last)
	}
	// The new episode starts afresh: no assessment, a new deadline from now.
	if f.Facts.SafetyAssessed || f.Facts.SafetyConditions != 0 || f.Facts.NewSignal {
		t.Errorf("facts of the new episode %+v", f.Facts)
	}
	sa, ok := deadline(f, cases.DeadlineSafetyAssessment, 0)
	if !ok || sa.Done || !sa.Due.After(e.clock.Now()) {
		t.Errorf("safety assessment deadline of the new episode %+v", sa)
	}
	if _, ok := deadline(f, cases.DeadlineMonitoring, 12); ok {
		t.Error("the cancelled moment is still a deadline")
	}
	f = e.move(e.mo, f, cases.StartSafetyAssessment)
	f = e.decide(e.mo, e.gert, id, triage(casework.RuleNotEstablished))
	if !f.Facts.SafetyAssessed || len(f.Decisions) != 4 || f.Decisions[3].Episode != 2 {
		t.Errorf("new assessment: %+v, decisions %d", f.Facts, len(f.Decisions))
	}
	entries := e.auditSince(0)
	var reopened bool
	for _, en := range entries {
		if en.Action == casework.ActionCaseTransition && strings.Contains(en.Reason, "reopen_case") {
			reopened = true
		}
	}
	if !reopened {
		t.Error("no audit entry for the reopening")
	}
}

// The person's timeline shows the steps Veilig Thuis took, not only the
// reports: the approved decisions, the handover, both monitoring moments,
// and the closure at the moment it was approved.
func TestPregnancyTimelineShowsTheSteps(t *testing.T) {
	e, f, conds := pregnancyStory(t)
	id := f.Case.ID
	for _, m := range f.Monitoring {
		e.at(m.Due.Add(-2 * time.Hour))
		var err error
		if f, err = e.svc.RecordMonitoring(e.ctx, e.mo, id, m.ID, casework.MonitoringInput{Checks: checksAll(conds, casework.CheckHolds),
			Note: "Voorwaarden getoetst.", Version: m.Version}); err != nil {
			t.Fatal(err)
		}
	}
	e.at(e.clock.Now().Add(72 * time.Hour))
	closedAt := e.clock.Now().UTC()
	f = e.decide(e.mo, e.gert, id, closure(cases.CloseCase))
	e.at(e.clock.Now().Add(240 * time.Hour)) // a later update must not move the closing moment

	evs, _, err := history.Timeline{Sources: e.db.HistorySources()}.Events(e.ctx, f.PersonIDs[:1])
	if err != nil {
		t.Fatal(err)
	}
	count := map[history.Kind]int{}
	for _, ev := range evs {
		count[ev.Kind]++
		switch ev.Kind {
		case history.KindCaseClosed:
			if !ev.At.Equal(closedAt) {
				t.Errorf("closed at %s, want %s", ev.At, closedAt)
			}
		case history.KindDecision, history.KindHandover, history.KindMonitoring:
			// The step's facts; the adapter words them.
			if ev.Step == nil || ev.Step.By == "" || ev.Number != f.Case.Number ||
				ev.Kind == history.KindDecision && (ev.Step.Decision == "" || ev.Step.Outcome == "") ||
				ev.Kind == history.KindHandover && (ev.Step.Partner == "" || ev.Step.HandoverStatus != string(casework.HandoverAccepted)) ||
				ev.Kind == history.KindMonitoring && ev.Step.Months <= 0 {
				t.Errorf("step event without its content: %+v %+v", ev, ev.Step)
			}
		}
	}
	// Safety assessment, intervention choice, the closure that handed
	// over and the final closure approved; one handover; two monitoring
	// moments; the case opened and closed.
	want := map[history.Kind]int{history.KindDecision: 4, history.KindHandover: 1, history.KindMonitoring: 2,
		history.KindCaseOpened: 1, history.KindCaseClosed: 1}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%s events: %d, want %d (all: %v)", k, count[k], n, count)
		}
	}
}
