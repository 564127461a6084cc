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

// policeReportStatuses are the statuses in which Veilig Thuis reports to
// the police as a follow-up step: once the safety assessment decided on a
// service (Onderzoek, Voorwaarden & Vervolg) or a compulsory route, and
// while the case is handed over or monitored. Reporting in acute danger
// during the acute action is the crisis team's call to the police, a
// contact, not this follow-up step.
var policeReportStatuses = []cases.Status{cases.StatusInvestigation, cases.StatusConditions, cases.StatusRvdKRequest,
	cases.StatusHandover, cases.StatusMonitoring}

// RecordPoliceReport records that Veilig Thuis reported to the police (a
// follow-up step after an investigation, one of its legal tasks): when, to
// whom, what was shared, on which legal ground and why. It is a
// disclosure: the store audits it as the record of the step and as an
// export of case content, in the transaction that stores it.
func (s *Service) RecordPoliceReport(ctx context.Context, a authz.Actor, caseID int64, in PoliceReportInput) (*PoliceReport, error) {
	f, err := s.loadFor(ctx, a, caseID, authz.ActionPoliceReport)
	if err != nil {
		return nil, err
	}
	var p toren.Problems
	past(&p, "reported_at", in.ReportedAt, s.clock.Now())
	text(&p, "police_unit", in.PoliceUnit, 200, true)
	text(&p, "shared", in.Shared, 4000, true)
	oneOf(&p, "legal_ground", in.LegalGround, LegalGrounds)
	text(&p, "weighing", in.Weighing, 4000, true)
	text(&p, "reference", in.Reference, 100, false)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if !slices.Contains(policeReportStatuses, f.Case.Status) {
		return nil, conflictf("status", "police_report_not_now", fmt.Sprintf("a report to the police is a follow-up step after the safety assessment's decision, not in status %s", f.Case.Status))
	}
	pr := &PoliceReport{Episode: f.Episode, ReportedAt: in.ReportedAt.UTC(), PoliceUnit: strings.TrimSpace(in.PoliceUnit),
		Shared: strings.TrimSpace(in.Shared), LegalGround: in.LegalGround, Weighing: strings.TrimSpace(in.Weighing),
		Reference: strings.TrimSpace(in.Reference), Recorded: s.stamp(a)}
	if err := s.store.AddPoliceReport(audit.As(ctx, a, "casework"), caseID, pr); err != nil {
		return nil, err
	}
	return pr, nil
}
