package web

import (
	"maps"

	"toren/internal/authz"
)

// Routes is what each page requires of the signed-in user. The access
// guard refuses any route missing here.
func (w *Web) Routes() authz.Routes {
	rs := authz.Routes{
		"GET " + w.cfg.Assets.Prefix():     authz.PublicRoute(),
		"GET /inloggen":                    authz.PublicRoute(),
		"POST /inloggen":                   authz.PublicRoute(), // protected by the cross-origin check and throttling
		"POST /uitloggen":                  authz.SignedInRoute(),
		"GET /{$}":                         authz.Needs(authz.ActionReportList),
		"GET /meldingen/{id}":              authz.NeedsOn(authz.ActionReportView, authz.FromPath, "id"),
		"GET /personen/{id}":               authz.NeedsOn(authz.ActionPersonView, authz.FromPath, "id"),
		"GET /personen/{id}/inzage":        authz.NeedsOn(authz.ActionAuditViewPerson, authz.FromPath, "id"),
		"POST /meldingen/{id}/noodtoegang": glass(authz.KindReport),
		"POST /personen/{id}/noodtoegang":  glass(authz.KindPerson),
		"GET /noodtoegang":                 authz.Needs(authz.ActionBreakGlassReview),
		"POST /noodtoegang/{id}":           authz.Needs(authz.ActionBreakGlassReview),
		"POST /sessie/verlengen":           authz.SignedInRoute(), // touches the session; shows no data
		// The intake form (intakeroutes.go).
		"GET /meldingen/nieuw":                authz.Needs(authz.ActionReportCreate),
		"POST /meldingen/nieuw":               authz.Needs(authz.ActionReportCreate),
		"POST /meldingen/nieuw/persoon":       authz.Needs(authz.ActionReportCreate),
		"POST /meldingen/concept":             authz.Needs(authz.ActionReportCreate),
		"POST /meldingen/concept/verwijderen": authz.Needs(authz.ActionReportCreate),
		"GET /radar/treffers":                 authz.Needs(authz.ActionPersonSearch),

		// History and alerts (escalation rules).
		"GET /personen/{id}/geschiedenis": authz.NeedsOn(authz.ActionPersonHistoryFull, authz.FromPath, "id"),
		"GET /signalen":                   authz.Needs(authz.ActionAlertList),
		"POST /signalen/{id}/afhandelen":  authz.NeedsOn(authz.ActionAlertAck, authz.FromPath, "id"),
		"GET /signalen/{id}":              authz.Needs(authz.ActionAlertList), // the service shows only an alert meant for the user
		"POST /signalen/afhandelen":       authz.NeedsOn(authz.ActionAlertAck, authz.FromBody, "signaal"),
		"GET /zoeken":                     authz.Needs(authz.ActionPersonSearch),
		// Statistics (stats.go); the start page sends each role to a page it may open.
		"GET /statistiek":            authz.Needs(authz.ActionStatsView),
		"GET /statistiek/export.csv": authz.Needs(authz.ActionStatsExport),
		"GET /start":                 authz.SignedInRoute(),
	}
	maps.Copy(rs, adminRoutes())
	maps.Copy(rs, caseworkRoutes()) // the case-work screens (casework.go)
	maps.Copy(rs, w.radarRoutes())
	return rs
}

func glass(kind authz.Kind) authz.Requirement {
	q := authz.NeedsOn(authz.ActionBreakGlass, authz.FromPath, "id")
	q.Kind = kind
	return q
}
