package casework_test

import (
	"testing"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/toren"
)

// TestSignalsOfCases: the cases a report is in and the case of a decision
// are signals: every worker, of any team, may learn them through the
// service; an actor who is no worker (the functional administrator, the
// console, nobody) may not, and learns nothing of whether they exist.
func TestSignalsOfCases(t *testing.T) {
	e := newEnv(t, start)
	rep := e.report("Els Buur", false, false)
	f := e.move(e.iris, e.open(rep), cases.StartSafetyAssessment)
	d := e.propose(e.tara, f.Case.ID, triage(casework.RuleVeiligThuis))
	admin := e.user("ada", "Ada Beheer", authz.RoleAdmin)

	for _, who := range []authz.Actor{e.iris, e.zoe} {
		refs, err := e.svc.CasesOfReport(e.ctx, who, rep.ID)
		if err != nil || len(refs) != 1 || refs[0].ID != f.Case.ID || refs[0].Team != f.Case.Team {
			t.Errorf("%s: cases of the report = %+v, %v", who.Name, refs, err)
		}
		if id, err := e.svc.DecisionCase(e.ctx, who, d.ID); err != nil || id != f.Case.ID {
			t.Errorf("%s: case of the decision = %d, %v", who.Name, id, err)
		}
	}
	for _, who := range []authz.Actor{admin, authz.Console("root"), {}} {
		if refs, err := e.svc.CasesOfReport(e.ctx, who, rep.ID); toren.ErrorCode(err) != toren.CodeForbidden || refs != nil {
			t.Errorf("%q: cases of the report = %+v, %v, want forbidden", who.Name, refs, err)
		}
		for _, id := range []int64{d.ID, 9999} {
			if got, err := e.svc.DecisionCase(e.ctx, who, id); toren.ErrorCode(err) != toren.CodeForbidden || got != 0 {
				t.Errorf("%q: case of decision %d = %d, %v, want forbidden", who.Name, id, got, err)
			}
		}
	}
	if _, err := e.svc.DecisionCase(e.ctx, e.iris, 9999); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("case of a missing decision: %v, want not found", err)
	}
}
