package casework_test

import (
	"testing"
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

var start = ams(2026, time.March, 2, 10, 0)

// report registers a citizen's report about a mother and her child.
func (e *env) report(name string, acute, protect bool) *reports.Report {
	e.t.Helper()
	r := &reports.Report{Kind: reports.KindReport, ReceivedAt: e.clock.Now().Add(-time.Hour), Channel: reports.ChannelPhone,
		Reporter:      reports.Reporter{Kind: reports.ReporterCitizen, Name: name, Phone: "0612345678", Relation: "buurvrouw", ProtectIdentity: protect},
		Acute:         acute,
		ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Geschreeuw en een huilend kind.",
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Noa", Surname: "Visser", BirthDate: toren.MustDate("1994-03-03")},
			{Role: reports.RoleChild, FirstNames: "Lot", Surname: "Visser", BirthDate: toren.MustDate("2019-06-01")},
		}}
	if _, err := e.intake.Submit(e.ctx, e.iris, intake.Submission{Report: r}); err != nil {
		e.t.Fatal(err)
	}
	return r
}

// open opens a case from new reports as intake.
func (e *env) open(rs ...*reports.Report) *casework.File {
	e.t.Helper()
	var ids []int64
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	f, err := e.svc.OpenCase(e.ctx, e.iris, casework.OpenRequest{ReportIDs: ids, Team: "Frontoffice"})
	if err != nil {
		e.t.Fatal(err)
	}
	return f
}

// inConditions returns a fresh case in Voorwaarden & Vervolg.
func (e *env) inConditions() *casework.File {
	e.t.Helper()
	f := e.open(e.report("Els Buur", false, false))
	f = e.move(e.iris, f, cases.StartSafetyAssessment)
	e.decide(e.iris, e.gert, f.Case.ID, triage(casework.RuleVeiligThuis))
	f = e.decide(e.iris, e.gert, f.Case.ID, choose(cases.DecideConditions))
	f, err := e.svc.Assign(e.ctx, e.tara, f.Case.ID, casework.AssignRequest{Team: "Backoffice", Workers: []int64{e.cas.UserID}, Version: f.Case.Version})
	if err != nil {
		e.t.Fatal(err)
	}
	return f
}

// condition adds a safety condition.
func (e *env) condition(a authz.Actor, id int64, text string) *casework.Condition {
	e.t.Helper()
	c, err := e.svc.AddCondition(e.ctx, a, id, casework.ConditionInput{Text: text, CheckedBy: "wijkteam"})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// handover proposes a handover with the given conditions.
func (e *env) handover(a authz.Actor, id int64, conds ...int64) *casework.Handover {
	e.t.Helper()
	h, err := e.svc.ProposeHandover(e.ctx, a, id, casework.HandoverInput{Partner: "Wijkteam Oost", PartnerKind: casework.PartnerLocalTeam,
		CaseDirector: "Wijkteam Oost", ReportsBack: "Schendingen", ReportBackWhen: "Direct", ConditionIDs: conds})
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

// TestForbiddenSteps: every step the table forbids from a status, every
// unmet precondition and every step only a decision takes is refused with
// the rule named, and changes nothing.
func TestForbiddenSteps(t *testing.T) {
	e := newEnv(t, start)
	plain := e.open(e.report("Els Buur", false, false))
	acute := e.open(e.report("Bea Buur", true, false))
	assess := e.move(e.iris, e.open(e.report("Cees Buur", false, false)), cases.StartSafetyAssessment)
	e.decide(e.iris, e.gert, assess.Case.ID, triage(casework.RuleVeiligThuis))
	assess = e.file(e.iris, assess.Case.ID)
	vv := e.inConditions()

	tests := []struct {
		name string
		f    *casework.File
		step cases.TransitionName
		code toren.Code
		rule string
	}{
		{"unknown step", plain, "fly", toren.CodeInvalid, "unknown_transition"},
		{"close a case just received", plain, cases.CloseCase, toren.CodeConflict, "transition_not_allowed"},
		{"finish acute action that never started", plain, cases.FinishAcuteAction, toren.CodeConflict, "transition_not_allowed"},
		{"acute action on a report not acute", plain, cases.StartAcuteAction, toren.CodeInvalid, "acute"},
		{"assessment before acute action", acute, cases.StartSafetyAssessment, toren.CodeInvalid, "not_acute"},
		{"Voorwaarden & Vervolg straight from receipt", plain, cases.DecideConditions, toren.CodeConflict, "transition_not_allowed"},
		{"Voorwaarden & Vervolg without a decision", assess, cases.DecideConditions, toren.CodeInvalid, "decision_required"},
		{"Onderzoek without a decision", assess, cases.DecideInvestigation, toren.CodeInvalid, "decision_required"},
		{"handover without a decision", assess, cases.DecideHandover, toren.CodeInvalid, "decision_required"},
		{"end without a decision", assess, cases.EndInvolvement, toren.CodeInvalid, "decision_required"},
		{"Raad without a decision", assess, cases.RequestRvdK, toren.CodeInvalid, "decision_required"},
		{"advice without a decision", assess, cases.ConvertToAdvice, toren.CodeInvalid, "decision_required"},
		{"end the service without a decision", vv, cases.HandOverConditions, toren.CodeInvalid, "decision_required"},
		{"monitoring during the service", vv, cases.StartMonitoring, toren.CodeConflict, "transition_not_allowed"},
		{"reopen an open case", vv, cases.ReopenCase, toren.CodeConflict, "transition_not_allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			f := e.file(e.tara, tt.f.Case.ID)
			seq := e.head()
			_, err := e.svc.Transition(e.ctx, e.tara, f.Case.ID, casework.TransitionRequest{Transition: tt.step, Version: f.Case.Version})
			wantRule(t, tt.name, err, tt.code, tt.rule)
			e.unchanged(tt.name, f, seq)
		})
	}
	e.t = t

	// Acute: the crisis team acts first and records what it did.
	acute = e.move(e.iris, acute, cases.StartAcuteAction)
	seq := e.head()
	_, err := e.svc.Transition(e.ctx, e.iris, acute.Case.ID, casework.TransitionRequest{Transition: cases.FinishAcuteAction, Version: acute.Case.Version})
	wantRule(t, "finish without the acute action recorded", err, toren.CodeInvalid, "acute_action_recorded")
	e.unchanged("refused finish", acute, seq)
	if _, err := e.svc.AddContact(e.ctx, e.iris, acute.Case.ID, casework.ContactInput{At: e.clock.Now(), With: "Moeder", Role: casework.WithVictim,
		Channel: casework.ChannelHomeVisit, Summary: "Crisisdienst ter plaatse; moeder en kind naar familie.", AcuteAction: true}); err != nil {
		t.Fatal(err)
	}
	acute = e.move(e.iris, e.file(e.iris, acute.Case.ID), cases.FinishAcuteAction)
	if acute.Case.Status != cases.StatusSafetyAssessment {
		t.Errorf("after the acute action: %s", acute.Case.Status)
	}
	sa, _ := deadline(acute, cases.DeadlineSafetyAssessment, 0)
	if !sa.Overdue && sa.Due.After(e.clock.Now()) {
		t.Errorf("an acute report is due at once: %+v", sa)
	}

	// A stale or missing version is refused.
	_, err = e.svc.Transition(e.ctx, e.iris, plain.Case.ID, casework.TransitionRequest{Transition: cases.StartSafetyAssessment, Version: plain.Case.Version + 5})
	wantRule(t, "stale version", err, toren.CodeConflict, "")
	_, err = e.svc.Transition(e.ctx, e.iris, plain.Case.ID, casework.TransitionRequest{Transition: cases.StartSafetyAssessment})
	wantRule(t, "no version", err, toren.CodeInvalid, "required")

	// At the handover: withdraw only when declined, monitor only when accepted.
	c := e.condition(e.cas, vv.Case.ID, "Er vindt geen huiselijk geweld plaats.")
	h := e.handover(e.cas, vv.Case.ID, c.ID)
	if _, err := e.svc.RespondHandover(e.ctx, e.cas, vv.Case.ID, h.ID, casework.HandoverResponse{Accept: true, Version: h.Version}); err == nil {
		t.Error("the partner's answer was recorded before the handover decision")
	} else {
		wantRule(t, "answer before the decision", err, toren.CodeConflict, "handover_not_decided")
	}
	d := e.propose(e.cas, vv.Case.ID, closure(cases.HandOverConditions))
	vv = e.file(e.cas, vv.Case.ID)
	seq = e.head()
	_, err = e.svc.Approve(e.ctx, e.gert, d.ID, casework.ApproveRequest{Version: d.Version})
	wantRule(t, "closing the service without the closing letter", err, toren.CodeInvalid, "closing_letter_sent")
	e.unchanged("refused approval", vv, seq)
	if _, err := e.svc.RecordLetter(e.ctx, e.cas, vv.Case.ID, casework.LetterInput{Kind: casework.LetterClosing, SentAt: e.clock.Now(), Recipient: "Moeder"}); err != nil {
		t.Fatal(err)
	}
	e.approve(e.gert, d)
	vv = e.file(e.cas, vv.Case.ID)
	for step, rule := range map[cases.TransitionName]string{cases.WithdrawHandover: "handover_declined", cases.StartMonitoring: "handover_accepted"} {
		seq := e.head()
		_, err := e.svc.Transition(e.ctx, e.cas, vv.Case.ID, casework.TransitionRequest{Transition: step, Version: vv.Case.Version})
		wantRule(t, string(step), err, toren.CodeInvalid, rule)
		e.unchanged(string(step), vv, seq)
	}
	_, err = e.svc.RespondHandover(e.ctx, e.cas, vv.Case.ID, h.ID, casework.HandoverResponse{Accept: false, Version: h.Version})
	wantRule(t, "decline without a reason", err, toren.CodeInvalid, "required")
	if _, err := e.svc.RespondHandover(e.ctx, e.cas, vv.Case.ID, h.ID, casework.HandoverResponse{Accept: false, Note: "Geen capaciteit.", Version: h.Version}); err != nil {
		t.Fatal(err)
	}
	vv = e.move(e.cas, e.file(e.cas, vv.Case.ID), cases.WithdrawHandover)
	if vv.Case.Status != cases.StatusSafetyAssessment || vv.Facts.ReceivingPartner != "" || !vv.Facts.HandoverDeclined {
		t.Errorf("after withdrawing: %s %+v", vv.Case.Status, vv.Facts)
	}
}

// TestMonitoringReopenRules: reopening from monitoring needs a new signal;
// a closed case is reopened with case.reopen and a stated signal.
func TestReopenRules(t *testing.T) {
	e, f, conds := pregnancyStory(t)
	id := f.Case.ID
	seq := e.head()
	_, err := e.svc.Transition(e.ctx, e.mo, id, casework.TransitionRequest{Transition: cases.ReopenCase, Version: f.Case.Version})
	wantRule(t, "reopen without a signal", err, toren.CodeInvalid, "new_signal")
	e.unchanged("refused reopening", f, seq)
	_, err = e.svc.Transition(e.ctx, e.mo, id, casework.TransitionRequest{Transition: cases.StartSafetyAssessment, Version: f.Case.Version,
		Signal: &casework.SignalInput{Note: "x"}})
	wantRule(t, "signal on another step", err, toren.CodeInvalid, "reopen_only")

	// A breach reported by the case director gives the signal.
	if _, err := e.svc.UpdateCondition(e.ctx, e.mo, id, conds[1], casework.ConditionUpdate{Status: casework.ConditionBreached, Version: 1}); err == nil {
		t.Error("a breach without a note was stored")
	}
	if _, err := e.svc.UpdateCondition(e.ctx, e.mo, id, conds[1], casework.ConditionUpdate{Status: casework.ConditionBreached,
		Note: "Casusregisseur: moeder is gestopt met de behandeling.", Version: 1}); err != nil {
		t.Fatal(err)
	}
	f = e.file(e.mo, id)
	if !f.Facts.NewSignal {
		t.Fatal("a breach reported gives no new signal")
	}
	f = e.move(e.mo, f, cases.ReopenCase)
	if f.Case.Status != cases.StatusReopened || f.Episode != 2 || f.Facts.NewSignal {
		t.Errorf("reopened: %s, episode %d, facts %+v", f.Case.Status, f.Episode, f.Facts)
	}

	// Closed cases: case.reopen, with the new signal stated.
	e2 := newEnv(t, start)
	g := e2.open(e2.report("Els Buur", false, false))
	g = e2.move(e2.iris, g, cases.StartSafetyAssessment)
	end := casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: string(cases.EndInvolvement),
		Reasoning: "Geen aanwijzingen voor onveiligheid.", TriageRule: casework.RuleEndInvolvement}
	g = e2.decide(e2.iris, e2.gert, g.Case.ID, end)
	if g.Case.Status != cases.StatusEnded || g.Facts.EndReason == "" {
		t.Fatalf("ended: %s %+v", g.Case.Status, g.Facts)
	}
	_, err = e2.svc.Transition(e2.ctx, e2.iris, g.Case.ID, casework.TransitionRequest{Transition: cases.ReopenCase, Version: g.Case.Version,
		Signal: &casework.SignalInput{Note: "Nieuwe melding van school."}})
	wantRule(t, "intake reopens", err, toren.CodeForbidden, "")
	g, err = e2.svc.Transition(e2.ctx, e2.tara, g.Case.ID, casework.TransitionRequest{Transition: cases.ReopenCase, Version: g.Case.Version,
		Reason: "Nieuw signaal", Signal: &casework.SignalInput{Note: "Nieuwe melding van school.", Acute: true}})
	if err != nil {
		t.Fatal(err)
	}
	if g.Case.Status != cases.StatusReopened || !g.Facts.Acute || len(g.Signals) != 1 || g.Signals[0].Source != casework.SignalReopenRequest {
		t.Errorf("reopened closed case: %s, facts %+v, signals %+v", g.Case.Status, g.Facts, g.Signals)
	}
}
