package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"toren/internal/authz"
)

// The route table. Each endpoint is declared once, here and in the
// *Endpoints functions beside the handlers they name (casework.go,
// registry.go, breakglass.go): method, path, operationId, requirement,
// handler. The mux (Register), the access gate's requirements
// (Requirements) and the route listing (Table) are read from it.
//
// The OpenAPI document stays a document of its own (openapi*.go): it is
// mostly schemas and prose, which a route table cannot hold without
// becoming the document. Instead New checks it against the table both
// ways (checkDocumented): every endpoint documented under its
// operationId, every documented operation an endpoint. A mismatch is a
// programming error that stops the API from being built, in every test
// and at start-up.

func (a *API) coreEndpoints() []endpoint {
	create := authz.Needs(authz.ActionReportCreate)
	onPath := func(act authz.Action) authz.Requirement { return authz.NeedsOn(act, authz.FromPath, "id") }
	return []endpoint{
		{http.MethodPost, "/api/v1/reports", "createReport", create, a.createReport},
		{http.MethodPost, "/api/v1/advice-requests", "createAdviceRequest", create, a.createAdviceRequest},
		{http.MethodGet, "/api/v1/reports", "listReports", authz.Needs(authz.ActionReportList), a.listReports},
		{http.MethodGet, "/api/v1/reports/{id}", "getReport", onPath(authz.ActionReportView), a.getReport},
		{http.MethodGet, "/api/v1/persons", "listPersons", authz.Needs(authz.ActionPersonSearch), a.listPersons},
		{http.MethodGet, "/api/v1/persons/{id}", "getPerson", onPath(authz.ActionPersonView), a.getPerson},
		// History and alerts (escalation rules).
		{http.MethodGet, "/api/v1/persons/{id}/history", "getPersonHistory", onPath(authz.ActionPersonHistoryFull), a.getPersonHistory},
		{http.MethodGet, "/api/v1/alerts", "listAlerts", authz.Needs(authz.ActionAlertList), a.listAlerts},
		{http.MethodPost, "/api/v1/alerts/{id}/acknowledge", "acknowledgeAlert", onPath(authz.ActionAlertAck), a.acknowledgeAlert},
		{http.MethodGet, "/api/v1/openapi.json", "getOpenAPI", authz.PublicRoute(), a.getOpenAPI},
	}
}

// checkDocumented compares the route table with the OpenAPI document:
// every endpoint must be documented under its operationId, and every
// documented operation must be an endpoint. It also keeps each
// operation's summary as the route's documentation.
func (a *API) checkDocumented() error {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(a.openapi, &doc); err != nil {
		return fmt.Errorf("api: read OpenAPI document: %w", err)
	}
	type operation struct {
		OperationID string `json:"operationId"`
		Summary     string `json:"summary"`
	}
	documented := map[string]operation{}
	for path, item := range doc.Paths {
		for method, raw := range item {
			if !isHTTPMethod(method) {
				continue // parameters, summary, ... of the path item
			}
			var op operation
			if err := json.Unmarshal(raw, &op); err != nil {
				return fmt.Errorf("api: read OpenAPI operation %s %s: %w", method, path, err)
			}
			documented[strings.ToUpper(method)+" "+path] = op
		}
	}
	var errs []string
	routed := map[string]bool{}
	a.summaries = map[string]string{}
	for _, e := range a.routes {
		p := e.route().Pattern()
		routed[p] = true
		op, ok := documented[p]
		switch {
		case !ok:
			errs = append(errs, fmt.Sprintf("route %s (%s) is not in the OpenAPI document", p, e.operationID))
		case op.OperationID != e.operationID:
			errs = append(errs, fmt.Sprintf("route %s is %s in the table but %q in the OpenAPI document", p, e.operationID, op.OperationID))
		default:
			a.summaries[e.operationID] = op.Summary
		}
	}
	for p := range documented {
		if !routed[p] {
			errs = append(errs, fmt.Sprintf("documented operation %s is not a route", p))
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return errors.New("api: route table and OpenAPI document differ:\n" + strings.Join(errs, "\n"))
	}
	return nil
}

func isHTTPMethod(m string) bool {
	switch strings.ToUpper(m) {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
		http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}
