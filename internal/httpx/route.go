package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"toren/internal/authz"
)

// Route is one line of an adapter's route table: where the route is, what
// it requires of the user, what serves it and what it is for. Each adapter
// (web, API, server) declares its routes once, as a []Route; the mux, the
// access gate's requirements and the route documentation are all built
// from that one table, so a route cannot be served without a requirement
// or documented without being served.
type Route struct {
	Method string // "GET", "POST"
	Path   string // ServeMux path pattern: "/meldingen/{id}"
	// OperationID is the OpenAPI operationId of an API route; "" for a
	// page.
	OperationID string
	// Requirement is what the access gate asks of the signed-in user
	// before the handler runs; the handler's service decides again on the
	// object it loads.
	Requirement authz.Requirement
	Handler     http.Handler
	// Doc says in one line what the route is for.
	Doc string
}

// Pattern is the ServeMux pattern of the route: "GET /meldingen/{id}".
func (rt Route) Pattern() string { return rt.Method + " " + rt.Path }

// Mount registers every route of table on the router.
func (r *Router) Mount(table []Route) {
	for _, rt := range table {
		r.Handle(rt.Pattern(), rt.Handler)
	}
}

// Requirements is the access gate's view of route tables: each route's
// pattern with its requirement.
func Requirements(tables ...[]Route) authz.Routes {
	out := authz.Routes{}
	for _, t := range tables {
		for _, rt := range t {
			out[rt.Pattern()] = rt.Requirement
		}
	}
	return out
}

// CheckTable reports every malformed line of a route table: a method or
// path missing, no handler, an invalid requirement, a pattern twice.
func CheckTable(table []Route) error {
	var errs []error
	seen := map[string]bool{}
	for _, rt := range table {
		p := rt.Pattern()
		switch {
		case rt.Method == "" || !strings.HasPrefix(rt.Path, "/"):
			errs = append(errs, fmt.Errorf("%q: needs a method and a path starting with /", p))
		case rt.Handler == nil:
			errs = append(errs, fmt.Errorf("%s: no handler", p))
		case seen[p]:
			errs = append(errs, fmt.Errorf("%s: declared twice", p))
		}
		seen[p] = true
		if err := rt.Requirement.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
		}
	}
	return errors.Join(errs...)
}

// Sorted returns the table ordered by path, then method, for listings.
func Sorted(table []Route) []Route {
	out := append([]Route(nil), table...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}
