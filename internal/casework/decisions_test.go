package casework_test

import (
	"strings"
	"testing"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/toren"
)

// TestSecondPairOfEyes: a decision takes effect only when a behavioural
// scientist or team leader of the case's team approves it, never its
// proposer; a refusal sends it back with a reason and changes nothing else.
func TestSecondPairOfEyes(t *testing.T) {
	e := newEnv(t, start)
	f := e.move(e.iris, e.open(e.report("Els Buur", false, false)), cases.StartSafetyAssessment)
	id := f.Case.ID

	// The team leader proposes; approving their own proposal is refused.
	d := e.propose(e.tara, id, triage(casework.RuleVeiligThuis))
	f = e.file(e.tara, id)
	for _, tt := range []struct {
		name string
		who  authz.Actor
		why  string
	}{
		{"proposer approves their own", e.tara, "separation of duties"},
		{"case manager approves", e.cas, "no role"},
		{"intake approves", e.iris, "no role"},
	} {
		seq := e.head()
		_, err := e.svc.Approve(e.ctx, tt.who, d.ID, casework.ApproveRequest{Version: d.Version})
		wantRule(t, tt.name, err, toren.CodeForbidden, "")
		if err != nil && !strings.Contains(err.Error(), tt.why) {
			t.Errorf("%s: %v, want the reason %q", tt.name, err, tt.why)
		}
		e.unchanged(tt.name, f, seq)
	}
	// A behavioural scientist of another team has no need to know.
	other := e.user("greet", "Greet Zuid", authz.RoleBehaviouralScientist, "Team Zuid")
	_, err := e.svc.Approve(e.ctx, other, d.ID, casework.ApproveRequest{Version: d.Version})
	wantRule(t, "approver of another team", err, toren.CodeForbidden, "")

	// Refusal: a reason is required; it returns the decision, nothing else.
	_, err = e.svc.Refuse(e.ctx, e.gert, d.ID, casework.RefuseRequest{Version: d.Version})
	wantRule(t, "refusal without a reason", err, toren.CodeInvalid, "required")
	_, err = e.svc.Refuse(e.ctx, e.gert, d.ID, casework.RefuseRequest{Version: d.Version + 1, Reason: "x"})
	wantRule(t, "refusal of a stale version", err, toren.CodeConflict, "")
	r, err := e.svc.Refuse(e.ctx, e.gert, d.ID, casework.RefuseRequest{Version: d.Version, Reason: "Eerst de kinderen spreken."})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != casework.DecisionRefused || r.RefusalReason != "Eerst de kinderen spreken." || r.Decided.ByID != e.gert.UserID {
		t.Errorf("refused decision %+v", r)
	}
	f = e.file(e.tara, id)
	if f.Case.Status != cases.StatusSafetyAssessment || f.Facts.SafetyAssessed {
		t.Errorf("a refusal took effect: %s %+v", f.Case.Status, f.Facts)
	}
	_, err = e.svc.Approve(e.ctx, e.gert, d.ID, casework.ApproveRequest{Version: r.Version})
	wantRule(t, "approve a refused decision", err, toren.CodeConflict, "already_decided")

	// Proposed again, approved by the second pair of eyes.
	d = e.propose(e.tara, id, triage(casework.RuleVeiligThuis))
	_, err = e.svc.Propose(e.ctx, e.iris, id, triage(casework.RuleVeiligThuis))
	wantRule(t, "a second proposal of the kind", err, toren.CodeConflict, "already_proposed")
	_, err = e.svc.Approve(e.ctx, e.gert, d.ID, casework.ApproveRequest{Version: d.Version + 1})
	wantRule(t, "approve a stale version", err, toren.CodeConflict, "")
	a := e.approve(e.gert, d)
	if a.Status != casework.DecisionApproved {
		t.Fatalf("approved %+v", a)
	}
	_, err = e.svc.Approve(e.ctx, e.gert, 9999, casework.ApproveRequest{Version: 1})
	wantRule(t, "approve a missing decision", err, toren.CodeNotFound, "")
}

// TestDecisionRules: a proposal is checked by itself and against the case.
func TestDecisionRules(t *testing.T) {
	e := newEnv(t, start)
	received := e.open(e.report("Els Buur", false, false))
	assess := e.move(e.iris, e.open(e.report("Cees Buur", false, false)), cases.StartSafetyAssessment)
	anonymous := e.move(e.iris, e.open(e.report("Anna Anoniem", false, true)), cases.StartSafetyAssessment)
	e.decide(e.iris, e.gert, anonymous.Case.ID, triage(casework.RuleReporterAnonymity))

	tests := []struct {
		name string
		f    *casework.File
		in   casework.DecisionInput
		code toren.Code
		rule string
	}{
		{"unknown kind", assess, casework.DecisionInput{Kind: "promotion", Outcome: "x", Reasoning: "x"}, toren.CodeInvalid, "enum"},
		{"outcome of another kind", assess, casework.DecisionInput{Kind: casework.KindClosure, Outcome: string(cases.DecideConditions), Reasoning: "x"}, toren.CodeInvalid, "enum"},
		{"no reasoning", assess, casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService, TriageRule: casework.RuleVeiligThuis}, toren.CodeInvalid, "required"},
		{"no triage rule", assess, casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService, Reasoning: "x"}, toren.CodeInvalid, "required"},
		{"triage rule that does not fit", assess, casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: string(cases.DecideHandover),
			Reasoning: "x", TriageRule: casework.RuleDenial}, toren.CodeInvalid, "fits_outcome"},
		{"bad colour", assess, casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService, Reasoning: "x",
			TriageRule: casework.RuleVeiligThuis, RiskColour: "purple"}, toren.CodeInvalid, "enum"},
		{"triage fields on a closure", assess, casework.DecisionInput{Kind: casework.KindClosure, Outcome: string(cases.CloseCase), Reasoning: "x",
			AcuteUnsafety: true}, toren.CodeInvalid, "safety_assessment_only"},
		{"finding on a triage", assess, casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService, Reasoning: "x",
			TriageRule: casework.RuleVeiligThuis, Finding: casework.FindingEstablished}, toren.CodeInvalid, "conclusion_only"},
		{"conclusion without finding", assess, casework.DecisionInput{Kind: casework.KindInvestigationConclusion, Outcome: string(cases.EndInvestigation),
			Reasoning: "x"}, toren.CodeInvalid, "required"},
		{"triage before the assessment started", received, triage(casework.RuleVeiligThuis), toren.CodeConflict, "decision_not_now"},
		{"closure during the assessment", assess, closure(cases.CloseCase), toren.CodeConflict, "decision_not_now"},
		{"intervention before the triage", assess, choose(cases.DecideConditions), toren.CodeConflict, "safety_assessment_required"},
		{"Voorwaarden & Vervolg with promised anonymity", anonymous, choose(cases.DecideConditions), toren.CodeInvalid, "conditions_need_cooperation"},
	}
	for _, tt := range tests {
		f := e.file(e.iris, tt.f.Case.ID)
		seq := e.head()
		_, err := e.svc.Propose(e.ctx, e.iris, f.Case.ID, tt.in)
		wantRule(t, tt.name, err, tt.code, tt.rule)
		e.unchanged(tt.name, f, seq)
	}

	// An Onderzoek is possible where V&V is not.
	g := e.decide(e.iris, e.gert, anonymous.Case.ID, choose(cases.DecideInvestigation))
	if g.Case.Status != cases.StatusInvestigation {
		t.Fatalf("status %s", g.Case.Status)
	}
	if d, ok := deadline(g, cases.DeadlineInvestigation, 0); !ok || d.Done {
		t.Errorf("investigation deadline %+v", d)
	}

	// Approval checks the step's preconditions then: a handover needs a
	// partner and conditions. Nothing changes until they hold.
	hand := casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: string(cases.DecideHandover),
		Reasoning: "Wijkteam is al betrokken en kan de veiligheid borgen.", TriageRule: casework.RuleCurrentCare}
	d := e.propose(e.iris, assess.Case.ID, hand)
	f := e.file(e.iris, assess.Case.ID)
	seq := e.head()
	_, err := e.svc.Approve(e.ctx, e.gert, d.ID, casework.ApproveRequest{Version: d.Version})
	wantRule(t, "handover without a partner", err, toren.CodeInvalid, "receiving_partner")
	wantRule(t, "handover without conditions", err, toren.CodeInvalid, "safety_conditions")
	e.unchanged("refused approval", f, seq)
	if after := e.file(e.iris, assess.Case.ID); after.Decisions[len(after.Decisions)-1].Status != casework.DecisionProposed {
		t.Error("the decision did not stay proposed")
	}
	c := e.condition(e.iris, assess.Case.ID, "Er vindt geen huiselijk geweld plaats.")
	e.handover(e.tara, assess.Case.ID, c.ID)
	e.approve(e.gert, d)
	if f := e.file(e.iris, assess.Case.ID); f.Case.Status != cases.StatusHandover || f.Transitions[len(f.Transitions)-1].DecisionID != d.ID {
		t.Errorf("after approval: %s, last step %+v", f.Case.Status, f.Transitions[len(f.Transitions)-1])
	}
}
