package authz

import (
	"fmt"
	"slices"
)

// DecisionKind is the kind of a decision on a case that needs a second
// pair of eyes.
type DecisionKind string

const (
	DecisionSafetyAssessment DecisionKind = "safety_assessment" // outcome of the veiligheidsbeoordeling (which follow-up)
	DecisionConvertToAdvice  DecisionKind = "convert_to_advice" // omzetten naar advies
	DecisionHandover         DecisionKind = "handover"          // overdracht to a partner
	DecisionRvdKRequest      DecisionKind = "rvdk_request"      // verzoek tot onderzoek aan de Raad voor de Kinderbescherming
	DecisionClosure          DecisionKind = "closure"           // afsluiten or beëindigen
	DecisionITReferral       DecisionKind = "it_referral"       // aanmelding bij het Interventieteam
	DecisionCCB              DecisionKind = "ccb"               // opschaling naar crisis- en conflictbeheersing

	DecisionInterventionChoice      DecisionKind = "intervention_choice"      // Voorwaarden & Vervolg or Onderzoek
	DecisionInvestigationConclusion DecisionKind = "investigation_conclusion" // conclusie van het Onderzoek
)

// DecisionKinds lists every decision kind.
func DecisionKinds() []DecisionKind {
	return []DecisionKind{
		DecisionSafetyAssessment, DecisionConvertToAdvice, DecisionHandover,
		DecisionRvdKRequest, DecisionClosure, DecisionITReferral, DecisionCCB,
		DecisionInterventionChoice, DecisionInvestigationConclusion,
	}
}

// approvers returns the roles that may approve a decision of kind k, nil
// for an unknown kind. CCB escalation (a threatened family drama) is
// decided by the team leader (domain §5, S3); every other decision by a
// behavioural scientist or a team leader.
func approvers(k DecisionKind) []Role {
	switch k {
	case DecisionCCB:
		return []Role{RoleTeamLeader}
	case DecisionSafetyAssessment, DecisionConvertToAdvice, DecisionHandover,
		DecisionRvdKRequest, DecisionClosure, DecisionITReferral,
		DecisionInterventionChoice, DecisionInvestigationConclusion:
		return []Role{RoleBehaviouralScientist, RoleTeamLeader}
	}
	return nil
}

// CanApprove is the separation of duties on decisions: only a
// behavioural scientist or a team leader (for CCB: only a team leader) may
// approve or refuse, and never the worker who proposed it. A proposerID of
// 0 (unknown) refuses, since the rule cannot be checked.
//
// CanApprove does not check need-to-know on the case; Decide with
// ActionDecisionApprove does both.
func CanApprove(a Actor, proposerID int64, kind DecisionKind) Decision {
	if approvers(kind) == nil {
		return refuse(fmt.Sprintf("unknown decision kind %q", kind))
	}
	best := refuse(fmt.Sprintf("no role of the user may approve a %s decision", kind))
	for _, role := range a.Roles {
		if d := canApproveAs(a, role, proposerID, kind); d.Allowed {
			return d
		} else if slices.Contains(approvers(kind), role) {
			best = d
		}
	}
	return best
}

func canApproveAs(a Actor, role Role, proposerID int64, kind DecisionKind) Decision {
	roles := approvers(kind)
	switch {
	case a.UserID <= 0:
		return refuse("no signed-in user")
	case roles == nil:
		return refuse(fmt.Sprintf("unknown decision kind %q", kind))
	case !slices.Contains(roles, role):
		return refuse(fmt.Sprintf("role %s may not approve a %s decision", role, kind))
	case proposerID <= 0:
		return refuse("proposer unknown: separation of duties cannot be checked")
	case proposerID == a.UserID:
		return refuse("separation of duties: the proposer may not approve their own decision")
	}
	return allow(LevelFull, role, fmt.Sprintf("role %s may approve a %s decision", role, kind))
}
