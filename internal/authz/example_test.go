package authz_test

import (
	"fmt"
	"time"

	"toren/internal/authz"
)

// The API declares a requirement per route; its test checks that every
// registered route has one (Missing) and that none is stale (Unused).
func ExampleRoutes() {
	routes := authz.Routes{
		"POST /api/v1/reports":         authz.Needs(authz.ActionReportCreate),
		"POST /api/v1/advice-requests": authz.Needs(authz.ActionReportCreate),
		"GET /api/v1/reports":          authz.Needs(authz.ActionReportList),
		"GET /api/v1/reports/{id}":     authz.NeedsOn(authz.ActionReportView, authz.FromPath, "id"),
		"GET /api/v1/persons":          authz.Needs(authz.ActionPersonSearch),
		"GET /api/v1/persons/{id}":     authz.NeedsOn(authz.ActionPersonView, authz.FromPath, "id"),
		"GET /api/v1/openapi.json":     authz.PublicRoute(),
	}
	fmt.Println(routes.Validate())
	fmt.Println(routes.Missing([]string{"GET /api/v1/reports/{id}", "GET /api/v1/cases/{id}"}))

	analyst := authz.Actor{UserID: 7, Roles: []authz.Role{authz.RoleAnalyst}}
	fmt.Println(authz.Gate(&analyst, routes["GET /api/v1/reports/{id}"]).Reason)
	// Output:
	// <nil>
	// [GET /api/v1/cases/{id}]
	// no role of the user may report.view
}

// A crisis worker at night finds a person whose case belongs to another
// team: signals only, until they break the glass with a written reason.
func ExampleDecide() {
	worker := authz.Actor{UserID: 12, Roles: []authz.Role{authz.RoleIntake}, Teams: []string{"frontoffice"}, MultiFactor: true}
	file := authz.Resource{Kind: authz.KindCase, ID: 17, Teams: []string{"backoffice-noord"}, Assigned: []int64{31}}
	now := time.Date(2026, 3, 14, 2, 10, 0, 0, time.UTC)

	d := authz.Decide(worker, authz.ActionCaseView, file, authz.Opts{Now: now})
	fmt.Println(d.Level, d.NeedsBreakGlass)

	g, err := authz.NewGrant(worker, file.Ref(), "Politie ter plaatse, acute dreiging; dossier nodig voor veiligheidsafspraken", now)
	if err != nil {
		panic(err)
	}
	d = authz.Decide(worker, authz.ActionCaseView, file, authz.Opts{Now: now.Add(time.Hour), Grant: &g})
	fmt.Println(d.Level, d.BreakGlass, d.Reason)
	// Output:
	// signal_only true
	// full true break-glass grant
}
