package alerts

import (
	"context"
	"fmt"

	"toren/internal/escalate"
)

// Recipient is whom an alert goes to: a team, and within it one worker
// when known (UserID 0: the whole team).
type Recipient struct {
	Team   string
	UserID int64
}

// CaseWorkers finds who works on a case. It is the seam where case
// assignment plugs in: the case manager of a case, its monitoring worker.
// Implementations must be usable inside the transaction that stores the
// report (they must not write).
type CaseWorkers interface {
	// Recipient returns whom an alert for audience about case c goes to.
	Recipient(ctx context.Context, c escalate.Case, audience escalate.Audience) (Recipient, error)
}

// CaseTeam is the CaseWorkers used until cases record their workers: an
// alert about a case goes to the case's team.
type CaseTeam struct{}

// Recipient returns the case's team.
func (CaseTeam) Recipient(_ context.Context, c escalate.Case, _ escalate.Audience) (Recipient, error) {
	return Recipient{Team: c.Team}, nil
}

// Router evaluates the escalation rules for a new signal and addresses
// each alert. The store calls Raise inside the transaction that stores
// the signal (it satisfies intake.AlertRaiser).
type Router struct {
	Engine *escalate.Engine
	// Workers finds the case manager or monitoring worker of a case;
	// CaseTeam when nil.
	Workers CaseWorkers
	// TriageTeam gets the triage alerts, and any alert about a case that
	// has no team (someone must see it).
	TriageTeam string
}

// Raise returns the alerts the signal raises, addressed, not yet stored.
func (r Router) Raise(ctx context.Context, s escalate.Signal, h escalate.History) ([]Alert, error) {
	found := r.Engine.Evaluate(s, h)
	if len(found) == 0 {
		return nil, nil
	}
	workers := r.Workers
	if workers == nil {
		workers = CaseTeam{}
	}
	out := make([]Alert, 0, len(found))
	for _, f := range found {
		a := Alert{Rule: f.Rule, Severity: f.Severity, Audience: f.Audience, ReportID: f.ReportID,
			ReportNumber: s.Number, PersonID: f.PersonID, RelatedReportIDs: f.RelatedReportIDs, Explanation: f.Explanation,
			Team: r.TriageTeam}
		if f.Case != nil {
			a.CaseID, a.CaseNumber = f.Case.ID, f.Case.Number
		}
		if f.Audience != escalate.AudienceTriage && f.Case != nil {
			to, err := workers.Recipient(ctx, *f.Case, f.Audience)
			if err != nil {
				return nil, fmt.Errorf("alerts: recipient of %s for case %d: %w", f.Rule, f.Case.ID, err)
			}
			if to.Team != "" {
				a.Team = to.Team
			}
			a.UserID = to.UserID
		}
		out = append(out, a)
	}
	return out, nil
}
