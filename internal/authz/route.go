package authz

import (
	"errors"
	"fmt"
	"slices"
	"sort"
)

// ObjectSource says where a route finds the object its action is on.
type ObjectSource string

const (
	NoObject  ObjectSource = ""      // a collection action: list, create, statistics
	FromPath  ObjectSource = "path"  // a path wildcard; Requirement.Param names it
	FromQuery ObjectSource = "query" // a query parameter; Requirement.Param names it
	FromBody  ObjectSource = "body"  // a field of the request body; Requirement.Param names it
)

// Requirement is what one route (web page, API endpoint) needs. Exactly
// one of Action, Public and SignedIn is set.
type Requirement struct {
	// Action the route performs; the route-level Gate checks the role and
	// the handler's service calls Decide on the object.
	Action Action
	// Kind of the object, needed only when the action applies to several
	// kinds (export, break_glass, reporter.identity.view), or to name the
	// object in the audit log as a kind the policy decides as one of the
	// action's (KindITCase: an IT case, decided as a case).
	Kind Kind
	// Object says where the object comes from; NoObject for a collection
	// action.
	Object ObjectSource
	// Param names the path wildcard, query parameter or body field that
	// holds the object's ID, such as "id".
	Param string
	// Public routes need no sign-in: the sign-in page, health check,
	// static assets. They must show no personal data.
	Public bool
	// SignedIn routes need a signed-in user of any role and show no
	// personal data: the start page, one's own account.
	SignedIn bool
}

// Needs is the requirement of a route doing a collection action.
func Needs(action Action) Requirement { return Requirement{Action: action} }

// NeedsOn is the requirement of a route doing action on the object whose
// ID is in param (a path wildcard for FromPath).
func NeedsOn(action Action, src ObjectSource, param string) Requirement {
	return Requirement{Action: action, Object: src, Param: param}
}

// PublicRoute is the requirement of a route anyone may call.
func PublicRoute() Requirement { return Requirement{Public: true} }

// SignedInRoute is the requirement of a route any signed-in user may call.
func SignedInRoute() Requirement { return Requirement{SignedIn: true} }

// ObjectKind returns the kind of the route's object: Kind when set, else
// the action's only kind; "" for a collection action.
func (q Requirement) ObjectKind() Kind {
	if q.Kind != "" {
		return q.Kind
	}
	if ks := q.Action.Kinds(); len(ks) == 1 {
		return ks[0]
	}
	return ""
}

// Validate reports whether the requirement is well formed: one kind of
// access, a known action, and an object source exactly when the action
// takes an object.
func (q Requirement) Validate() error {
	n := 0
	for _, set := range []bool{q.Action != "", q.Public, q.SignedIn} {
		if set {
			n++
		}
	}
	if n != 1 {
		return errors.New("set exactly one of Action, Public and SignedIn")
	}
	if q.Action == "" {
		if q.Object != NoObject || q.Param != "" || q.Kind != "" {
			return errors.New("a public or signed-in route names no object")
		}
		return nil
	}
	if !q.Action.Valid() {
		return fmt.Errorf("unknown action %q", q.Action)
	}
	kinds := q.Action.Kinds()
	if kinds == nil {
		if q.Object != NoObject || q.Param != "" || q.Kind != "" {
			return fmt.Errorf("%s takes no object", q.Action)
		}
		return nil
	}
	switch q.Object {
	case FromPath, FromQuery, FromBody:
	case NoObject:
		return fmt.Errorf("%s needs an object: set Object and Param", q.Action)
	default:
		return fmt.Errorf("unknown object source %q", q.Object)
	}
	if q.Param == "" {
		return fmt.Errorf("%s: Param must name where the object's ID is", q.Action)
	}
	if q.Kind != "" && !slices.Contains(kinds, q.Kind.Decided()) {
		return fmt.Errorf("%s does not apply to a %q object", q.Action, q.Kind)
	}
	if q.Kind == "" && len(kinds) > 1 {
		return fmt.Errorf("%s applies to %v: set Kind", q.Action, kinds)
	}
	return nil
}

// Gate is the route-level check, before any object is loaded: a Public
// route is open to all, a SignedIn route to any signed-in user, and an
// Action route to a user with a role that may ever do the action. A nil
// actor is nobody signed in. The object itself is then decided by Decide.
func Gate(a *Actor, q Requirement) Decision {
	if err := q.Validate(); err != nil {
		return refuse("route requirement invalid: " + err.Error())
	}
	switch {
	case q.Public:
		return allow(LevelFull, "", "public route")
	case a == nil || a.UserID <= 0 && !a.IsClient():
		return refuse("sign-in required")
	case a.IsClient():
		// A client reaches only the routes of its scopes; the pages for
		// any signed-in user are for staff.
		if !q.SignedIn && permittedClient(*a, q.Action) {
			return allow(LevelFull, RoleClient, fmt.Sprintf("client scope opens %s", q.Action))
		}
		return refuse("no scope of the client opens this route")
	case q.SignedIn:
		return allow(LevelFull, "", "signed in")
	}
	r, _ := ruleFor(q.Action)
	for _, role := range a.Roles {
		if slices.Contains(r.roles, role) {
			return allow(LevelFull, role, fmt.Sprintf("role %s may %s", role, q.Action))
		}
	}
	return refuse(fmt.Sprintf("no role of the user may %s", q.Action))
}

// Routes maps a route's ServeMux pattern ("GET /api/v1/reports/{id}") to
// its requirement. The API and the web interface each declare one; their
// tests check it against the routes they register (Missing, Unused) and
// Validate it.
type Routes map[string]Requirement

// Lookup returns the requirement of pattern.
func (rs Routes) Lookup(pattern string) (Requirement, bool) {
	q, ok := rs[pattern]
	return q, ok
}

// Validate checks every requirement and reports all that are broken.
func (rs Routes) Validate() error {
	var errs []error
	for _, p := range rs.patterns() {
		if err := rs[p].Validate(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
		}
	}
	return errors.Join(errs...)
}

// Missing returns the patterns that have no requirement: routes a handler
// serves without the policy being asked. It must be empty.
func (rs Routes) Missing(patterns []string) []string {
	var out []string
	for _, p := range patterns {
		if _, ok := rs[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// Unused returns the requirements whose pattern is not among patterns: a
// renamed or removed route whose entry was left behind.
func (rs Routes) Unused(patterns []string) []string {
	var out []string
	for _, p := range rs.patterns() {
		if !slices.Contains(patterns, p) {
			out = append(out, p)
		}
	}
	return out
}

func (rs Routes) patterns() []string {
	out := make([]string, 0, len(rs))
	for p := range rs {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
