package casework

import (
	"context"
	"fmt"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/toren"
)

// signal refuses a unless it may learn at least that the object exists
// (authz.LevelSignal on action): what a list of signals shows.
func (s *Service) signal(a authz.Actor, action authz.Action, res authz.Resource) error {
	if d := authz.Decide(a, action, res, authz.Opts{Now: s.clock.Now()}); !d.Allowed {
		return toren.Errorf(toren.CodeForbidden, "not allowed: %s", d.Reason)
	}
	return nil
}

// CasesOfReport returns the cases report reportID is in, newest first, as
// a sees them: number, status and team only, which is a signal (whom to
// ask), so a signal-level right on the report (report.view) suffices.
func (s *Service) CasesOfReport(ctx context.Context, a authz.Actor, reportID int64) ([]cases.Ref, error) {
	if err := s.signal(a, authz.ActionReportView, authz.Resource{Kind: authz.KindReport, ID: reportID}); err != nil {
		return nil, err
	}
	refs, err := s.store.CasesOfReport(ctx, reportID)
	if err != nil {
		return nil, fmt.Errorf("casework: cases of report %d: %w", reportID, err)
	}
	return refs, nil
}

// DecisionCase returns the case decision decisionID belongs to, for a.
// The case's ID is a signal: a signal-level right on the case (case.view)
// suffices; what a may do with the decision is checked by the step that
// does it (Approve, Refuse).
func (s *Service) DecisionCase(ctx context.Context, a authz.Actor, decisionID int64) (int64, error) {
	if !authz.Permitted(a, authz.ActionCaseView) {
		return 0, toren.Errorf(toren.CodeForbidden, "not allowed to see cases")
	}
	caseID, err := s.store.DecisionCase(ctx, decisionID)
	if err != nil {
		return 0, err
	}
	if err := s.signal(a, authz.ActionCaseView, authz.Resource{Kind: authz.KindCase, ID: caseID}); err != nil {
		return 0, err
	}
	return caseID, nil
}
