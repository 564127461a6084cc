package api

import (
	"net/http"
	"strings"
	"testing"

	"toren/internal/authz"
	"toren/internal/httpx"
)

// TestRouteTableIsCheckedAgainstTheDocument: an endpoint the OpenAPI
// document does not describe, or a documented operation no endpoint
// serves, stops the API from being built.
func TestRouteTableIsCheckedAgainstTheDocument(t *testing.T) {
	a := New(Config{})
	if err := a.checkDocumented(); err != nil {
		t.Fatalf("the API as built: %v", err)
	}
	undocumented := *a
	undocumented.routes = append(append([]endpoint(nil), a.routes...), endpoint{http.MethodGet, "/api/v1/nothing", "getNothing",
		authz.Needs(authz.ActionReportList), a.getOpenAPI})
	err := undocumented.checkDocumented()
	if err == nil || !strings.Contains(err.Error(), "GET /api/v1/nothing (getNothing) is not in the OpenAPI document") {
		t.Errorf("undocumented route: %v", err)
	}
	unrouted := *a
	unrouted.routes = a.routes[1:]
	err = unrouted.checkDocumented()
	if err == nil || !strings.Contains(err.Error(), "documented operation "+a.routes[0].route().Pattern()+" is not a route") {
		t.Errorf("unrouted operation: %v", err)
	}
	renamed := *a
	renamed.routes = append([]endpoint(nil), a.routes...)
	renamed.routes[0].operationID = "somethingElse"
	if err := renamed.checkDocumented(); err == nil || !strings.Contains(err.Error(), "somethingElse") {
		t.Errorf("operationId differs: %v", err)
	}
}

// TestRouteTableRequirements: every line of the table is well formed and
// the gate's requirements are exactly the table's routes.
func TestRouteTableRequirements(t *testing.T) {
	a := New(Config{})
	table := a.Table()
	if err := httpx.CheckTable(table); err != nil {
		t.Fatal(err)
	}
	reqs := a.Requirements()
	if len(reqs) != len(table) {
		t.Errorf("%d requirements for %d routes", len(reqs), len(table))
	}
	for _, rt := range table {
		if _, ok := reqs[rt.Pattern()]; !ok {
			t.Errorf("%s has no requirement", rt.Pattern())
		}
		if rt.Doc == "" {
			t.Errorf("%s has no summary in the OpenAPI document", rt.Pattern())
		}
	}
}
