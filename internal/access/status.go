package access

import (
	"context"
	"time"

	"toren/internal/authz"
	"toren/internal/clients"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Intake statuses an API client reads back about a report it sent. They
// say where the report is, never what Veilig Thuis found or decided.
const (
	StatusInTriage = "in_triage" // received; the safety assessment is being made
	StatusTakenUp  = "taken_up"  // triage done: Veilig Thuis works with it in a case
)

// ReportStatus is what a client may know of a report it sent.
type ReportStatus struct {
	ID          int64        `json:"id"`
	Number      string       `json:"number"`
	Kind        reports.Kind `json:"kind"`
	ExternalRef string       `json:"external_ref,omitempty"`
	ReceivedAt  time.Time    `json:"received_at"`
	Status      string       `json:"status"`
}

// ReportStatus returns the intake status of report id to the API client
// that sent it. To anyone else (another client, staff) it does not exist:
// CodeNotFound, so a client cannot even learn that other reports exist.
func (rd Reader) ReportStatus(ctx context.Context, a authz.Actor, id int64) (ReportStatus, error) {
	r, err := rd.Store.GetReport(ctx, id)
	if err != nil {
		return ReportStatus{}, err
	}
	res := authz.Resource{Kind: authz.KindReport, ID: r.ID, SentByClient: clients.SenderOf(r.RegisteredBy)}
	if d := authz.Decide(a, authz.ActionReportStatus, res, authz.Opts{Now: rd.Clock.Now()}); !d.Allowed {
		return ReportStatus{}, toren.Errorf(toren.CodeNotFound, "report %d not found", id)
	}
	teams, err := rd.Store.ReportCaseTeams(ctx, r.ID)
	if err != nil {
		return ReportStatus{}, err
	}
	st := ReportStatus{ID: r.ID, Number: r.Number, Kind: r.Kind, ExternalRef: r.ExternalRef, ReceivedAt: r.RegisteredAt, Status: StatusInTriage}
	if len(teams) > 0 {
		st.Status = StatusTakenUp
	}
	return st, nil
}
