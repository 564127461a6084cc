package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/toren"
)

// Propose stores a proposed decision on the case. It takes effect only
// when a second qualified person approves it (Approve).
func (s *Service) Propose(ctx context.Context, a authz.Actor, caseID int64, in DecisionInput) (*Decision, error) {
	f, err := s.loadFor(ctx, a, caseID, authz.ActionDecisionPropose)
	if err != nil {
		return nil, err
	}
	if err := validateDecision(in); err != nil {
		return nil, err
	}
	if err := s.decisionFits(f, in); err != nil {
		return nil, err
	}
	d := &Decision{CaseID: caseID, Episode: f.Episode, Kind: in.Kind, Outcome: in.Outcome, Status: DecisionProposed,
		Reasoning: strings.TrimSpace(in.Reasoning), AcuteUnsafety: in.AcuteUnsafety, StructuralUnsafety: in.StructuralUnsafety,
		TriageRule: in.TriageRule, RiskColour: in.RiskColour, Finding: in.Finding, Proposed: s.stamp(a)}
	if err := s.store.ProposeDecision(audit.As(ctx, a, "casework"), d); err != nil {
		return nil, err
	}
	return d, nil
}

// validateDecision checks the decision by itself.
func validateDecision(in DecisionInput) error {
	var p toren.Problems
	oneOf(&p, "kind", in.Kind, DecisionKinds)
	if in.Kind != "" && slices.Contains(DecisionKinds, in.Kind) && !validOutcome(in.Kind, in.Outcome) {
		broke(&p, "outcome", "enum", "must be one of "+strings.Join(outcomes(in.Kind), ", "))
	}
	text(&p, "reasoning", in.Reasoning, 4000, true)
	if in.RiskColour != "" && !in.RiskColour.Valid() {
		broke(&p, "risk_colour", "enum", "must be red, orange, yellow or green")
	}
	if in.Kind == KindSafetyAssessment {
		switch {
		case in.TriageRule == "":
			broke(&p, "triage_rule", "required", "the triage rule that applied is required")
		case !slices.Contains(TriageRules, in.TriageRule):
			broke(&p, "triage_rule", "enum", "is not a triage rule")
		case !slices.Contains(triageRulesFor(in.Outcome), in.TriageRule):
			broke(&p, "triage_rule", "fits_outcome", "the triage rule does not fit the outcome")
		}
	} else if in.TriageRule != "" || in.AcuteUnsafety || in.StructuralUnsafety {
		broke(&p, "triage_rule", "safety_assessment_only", "the triage fields belong to a safety assessment")
	}
	if in.Kind == KindInvestigationConclusion {
		oneOf(&p, "finding", in.Finding, Findings)
	} else if in.Finding != "" {
		broke(&p, "finding", "conclusion_only", "a finding belongs to the conclusion of an Onderzoek")
	}
	return p.Err()
}

// decisionFits checks that the decision can be made in the case as it is:
// its step is allowed from the case's status and another of its kind is
// not waiting.
func (s *Service) decisionFits(f *File, in DecisionInput) error {
	status := f.Case.Status
	for _, d := range f.Decisions {
		if d.Episode == f.Episode && d.Kind == in.Kind && d.Status == DecisionProposed {
			return conflictf("kind", "already_proposed", fmt.Sprintf("a %s decision (%d) already waits for approval", in.Kind, d.ID))
		}
	}
	if in.Outcome == OutcomeVTService {
		if status != cases.StatusSafetyAssessment {
			return s.notNow(status, "a safety assessment is made during the safety assessment")
		}
		return nil
	}
	t, _ := s.process.Lookup(cases.TransitionName(in.Outcome))
	if !slices.Contains(t.From, status) || authorisingKind(t.Name, status) != in.Kind {
		return s.notNow(status, fmt.Sprintf("%s is not possible from status %s", in.Outcome, status))
	}
	if in.Kind == KindInterventionChoice {
		tri := f.approved(string(KindSafetyAssessment))
		if tri == nil || tri.Outcome != OutcomeVTService {
			return conflictf("kind", "safety_assessment_required", "an intervention is chosen after an approved safety assessment that Veilig Thuis intervenes")
		}
		// Voorwaarden & Vervolg asks parties willing and able to work on
		// safety (domain §3.7); promised anonymity triggers an Onderzoek
		// (§7). Those triage rules leave only the Onderzoek.
		if in.Outcome == string(cases.DecideConditions) && (tri.TriageRule == RuleDenial || tri.TriageRule == RuleReporterAnonymity) {
			return invalidf("outcome", "conditions_need_cooperation", "Voorwaarden & Vervolg needs parties willing to cooperate and no promised anonymity; the triage found otherwise")
		}
	}
	return nil
}

func (s *Service) notNow(status cases.Status, msg string) error {
	return conflictf("outcome", "decision_not_now", msg)
}

// decisionFor loads the case of a decision and the decision in it.
func (s *Service) decisionFor(ctx context.Context, decisionID int64) (*File, *Decision, error) {
	caseID, err := s.store.DecisionCase(ctx, decisionID)
	if err != nil {
		return nil, nil, err
	}
	f, err := s.load(ctx, caseID)
	if err != nil {
		return nil, nil, err
	}
	for i := range f.Decisions {
		if f.Decisions[i].ID == decisionID {
			return f, &f.Decisions[i], nil
		}
	}
	return nil, nil, toren.Errorf(toren.CodeNotFound, "decision %d not found", decisionID)
}

// decidable checks that a may approve or refuse d: a behavioural
// scientist or team leader with need-to-know on the case, never the
// proposer (authz.CanApprove), on a decision that still waits.
func (s *Service) decidable(a authz.Actor, f *File, d *Decision, v int) error {
	if err := s.allow(a, authz.ActionDecisionApprove, decisionResource(f, d)); err != nil {
		return err
	}
	var p toren.Problems
	version(&p, v)
	if err := p.Err(); err != nil {
		return err
	}
	if d.Status != DecisionProposed {
		return conflictf("status", "already_decided", fmt.Sprintf("decision %d was already %s", d.ID, d.Status))
	}
	if d.Episode != f.Episode {
		return conflictf("status", "episode_ended", "the case was reopened after this decision was proposed")
	}
	return nil
}

// Approve approves a proposed decision and, in the same transaction,
// takes the step it names. If that step is not possible now (a
// precondition does not hold), nothing changes and the error names the
// rule.
func (s *Service) Approve(ctx context.Context, a authz.Actor, decisionID int64, req ApproveRequest) (*Decision, error) {
	f, d, err := s.decisionFor(ctx, decisionID)
	if err != nil {
		return nil, err
	}
	if err := s.decidable(a, f, d, req.Version); err != nil {
		return nil, err
	}
	st := s.stamp(a)
	d.Status, d.Decided = DecisionApproved, &st // f now sees the decision approved
	var tr *TransitionRecord
	if name := d.Transition(); name != "" {
		to, err := s.process.Apply(f.Case.Status, name, f.facts())
		if err != nil {
			return nil, err
		}
		tr = &TransitionRecord{Episode: f.Episode, From: f.Case.Status, To: to, Transition: name,
			Reason: d.Reasoning, DecisionID: d.ID, Recorded: st}
	}
	d.Version = req.Version
	if err := s.store.DecideDecision(audit.As(ctx, a, "casework"), d, f.Case.Version, tr); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "decision approved", "case", f.Case.Number, "decision", d.ID, "kind", d.Kind, "outcome", d.Outcome)
	return d, nil
}

// Refuse refuses a proposed decision and returns it to the proposer with
// a reason; nothing else changes.
func (s *Service) Refuse(ctx context.Context, a authz.Actor, decisionID int64, req RefuseRequest) (*Decision, error) {
	f, d, err := s.decisionFor(ctx, decisionID)
	if err != nil {
		return nil, err
	}
	if err := s.decidable(a, f, d, req.Version); err != nil {
		return nil, err
	}
	var p toren.Problems
	text(&p, "reason", req.Reason, 4000, true)
	if err := p.Err(); err != nil {
		return nil, err
	}
	st := s.stamp(a)
	d.Status, d.Decided, d.RefusalReason, d.Version = DecisionRefused, &st, strings.TrimSpace(req.Reason), req.Version
	if err := s.store.DecideDecision(audit.As(ctx, a, "casework"), d, 0, nil); err != nil {
		return nil, err
	}
	return d, nil
}
