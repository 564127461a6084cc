package authz

import (
	"strings"
	"testing"
)

func TestCanApprove(t *testing.T) {
	as := func(roles ...Role) Actor { return Actor{UserID: me, Roles: roles, Teams: []string{"noord"}} }
	tests := []struct {
		name     string
		actor    Actor
		proposer int64
		kind     DecisionKind
		want     bool
		reason   string
	}{
		{"behavioural scientist", as(RoleBehaviouralScientist), colleague, DecisionSafetyAssessment, true, "behavioural_scientist may approve"},
		{"team leader", as(RoleTeamLeader), colleague, DecisionRvdKRequest, true, "team_leader may approve"},
		{"own proposal", as(RoleBehaviouralScientist), me, DecisionSafetyAssessment, false, "separation of duties"},
		{"own proposal, two approver roles", as(RoleBehaviouralScientist, RoleTeamLeader), me, DecisionClosure, false, "separation of duties"},
		{"proposer unknown", as(RoleTeamLeader), 0, DecisionClosure, false, "proposer unknown"},
		{"case manager", as(RoleCaseManager), colleague, DecisionHandover, false, "no role"},
		{"intake", as(RoleIntake), colleague, DecisionConvertToAdvice, false, "no role"},
		{"analyst", as(RoleAnalyst), colleague, DecisionClosure, false, "no role"},
		{"admin", as(RoleAdmin), colleague, DecisionClosure, false, "no role"},
		{"CCB: behavioural scientist", as(RoleBehaviouralScientist), colleague, DecisionCCB, false, "no role"},
		{"CCB: team leader", as(RoleTeamLeader), colleague, DecisionCCB, true, "team_leader may approve a ccb"},
		{"CCB: both roles", as(RoleBehaviouralScientist, RoleTeamLeader), colleague, DecisionCCB, true, "team_leader"},
		{"unknown kind", as(RoleTeamLeader), colleague, "promotion", false, "unknown decision kind"},
		{"nobody signed in", Actor{Roles: []Role{RoleTeamLeader}}, colleague, DecisionClosure, false, "no signed-in user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := CanApprove(tt.actor, tt.proposer, tt.kind)
			if d.Allowed != tt.want || !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("CanApprove = %v (%s), want %v mentioning %q", d.Allowed, d.Reason, tt.want, tt.reason)
			}
		})
	}
}

// TestEveryDecisionKindHasApprovers: no kind in the list is left without
// a second pair of eyes, and none lets its proposer approve.
func TestEveryDecisionKindHasApprovers(t *testing.T) {
	for _, k := range DecisionKinds() {
		if len(approvers(k)) == 0 {
			t.Errorf("decision kind %s has no approvers", k)
		}
		for _, role := range Roles() {
			a := Actor{UserID: me, Roles: []Role{role}}
			if CanApprove(a, me, k).Allowed {
				t.Errorf("%s may approve their own %s decision", role, k)
			}
		}
	}
}
