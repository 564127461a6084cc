package api

import (
	"maps"

	"toren/internal/authz"
)

// Requirements is what each API route requires of the signed-in user. The
// access guard refuses any route missing here.
func (a *API) Requirements() authz.Routes {
	rs := authz.Routes{
		"POST /api/v1/reports":         authz.Needs(authz.ActionReportCreate),
		"POST /api/v1/advice-requests": authz.Needs(authz.ActionReportCreate),
		"GET /api/v1/reports":          authz.Needs(authz.ActionReportList),
		"GET /api/v1/reports/{id}":     authz.NeedsOn(authz.ActionReportView, authz.FromPath, "id"),
		"GET /api/v1/persons":          authz.Needs(authz.ActionPersonSearch),
		"GET /api/v1/persons/{id}":     authz.NeedsOn(authz.ActionPersonView, authz.FromPath, "id"),
		"GET /api/v1/openapi.json":     authz.PublicRoute(),

		// History and alerts (escalation rules).
		"GET /api/v1/persons/{id}/history":     authz.NeedsOn(authz.ActionPersonHistoryFull, authz.FromPath, "id"),
		"GET /api/v1/alerts":                   authz.Needs(authz.ActionAlertList),
		"POST /api/v1/alerts/{id}/acknowledge": authz.NeedsOn(authz.ActionAlertAck, authz.FromPath, "id"),
	}
	maps.Copy(rs, caseworkRequirements())
	maps.Copy(rs, registryRequirements())
	maps.Copy(rs, breakGlassRequirements())
	maps.Copy(rs, clientRequirements())
	return rs
}
