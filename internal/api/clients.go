package api

import (
	"context"
	"errors"
	"net/http"

	"toren/internal/access"
	"toren/internal/authz"
)

// Statuses reads back the intake status of a report to the API client
// that sent it (access.Reader satisfies it).
type Statuses interface {
	ReportStatus(ctx context.Context, a authz.Actor, id int64) (access.ReportStatus, error)
}

// clientEndpoints are the routes for API clients (other organisations'
// systems) beyond the report intake they share with staff.
func (a *API) clientEndpoints() []endpoint {
	return []endpoint{
		{http.MethodGet, "/api/v1/reports/{id}/status", "getReportStatus",
			authz.NeedsOn(authz.ActionReportStatus, authz.FromPath, "id"), a.getReportStatus},
	}
}

// getReportStatus answers an API client about a report it sent: number,
// when it was received, and whether it is in triage or taken up. Never
// its content; another client's report or one staff registered is 404.
func (a *API) getReportStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if a.statuses == nil {
		return errors.New("api: no report status reader configured")
	}
	actor, err := a.caller(r)
	if err != nil {
		return err
	}
	st, err := a.statuses.ReportStatus(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}
