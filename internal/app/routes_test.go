package app_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"toren/internal/apptest"
	"toren/internal/authz"
	"toren/internal/httpx"
)

var update = flag.Bool("update", false, "rewrite docs/routes.md from the route tables")

const routesDoc = "../../docs/routes.md"

// TestRoutesDocument: docs/routes.md lists every route of the web's and
// the API's route tables with its requirement and the roles the gate lets
// through, generated from the tables (go test ./internal/app -run
// TestRoutesDocument -update), so it cannot fall behind them.
func TestRoutesDocument(t *testing.T) {
	a := apptest.New(t)
	got := renderRoutes(a.Routes())
	if *update {
		if err := os.WriteFile(routesDoc, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(routesDoc)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s is not the route tables: run go test ./internal/app -run TestRoutesDocument -update", filepath.Base(routesDoc))
	}
}

func renderRoutes(table []httpx.Route) string {
	var b strings.Builder
	b.WriteString("# Routes\n\n" +
		"Every page and API endpoint, with what the access gate requires before the handler runs and the roles it lets\n" +
		"through. The services then decide again on the object they load (need-to-know: `internal/authz/README.md`).\n" +
		"Generated from the route tables (`web.Web.Table`, `api.API.Table`) by\n" +
		"`go test ./internal/app -run TestRoutesDocument -update`; do not edit by hand. The server's own routes\n" +
		"(`/healthz`, `/readyz`, `/metrics`) are public and show no personal data.\n")
	for _, part := range []struct {
		title string
		api   bool
	}{{"Pages", false}, {"API", true}} {
		b.WriteString("\n## " + part.title + "\n\n")
		if part.api {
			b.WriteString("| route | operation | what | requires | roles |\n|---|---|---|---|---|\n")
		} else {
			b.WriteString("| route | what | requires | roles |\n|---|---|---|---|\n")
		}
		for _, rt := range httpx.Sorted(table) {
			if (rt.OperationID != "") != part.api {
				continue
			}
			b.WriteString("| `" + rt.Pattern() + "` | ")
			if part.api {
				b.WriteString("`" + rt.OperationID + "` | ")
			}
			b.WriteString(rt.Doc + " | " + requirementText(rt.Requirement) + " | " + gateRoles(rt.Requirement) + " |\n")
		}
	}
	return b.String()
}

func requirementText(q authz.Requirement) string {
	switch {
	case q.Public:
		return "public"
	case q.SignedIn:
		return "signed in"
	}
	s := "`" + string(q.Action) + "`"
	if q.Object != authz.NoObject {
		s += " on the " + string(q.ObjectKind()) + " in " + string(q.Object) + " `" + q.Param + "`"
	}
	return s
}

func gateRoles(q authz.Requirement) string {
	if q.Public {
		return "anyone"
	}
	var out []string
	for _, r := range authz.Roles() {
		if authz.Gate(&authz.Actor{UserID: 1, Roles: []authz.Role{r}}, q).Allowed {
			out = append(out, string(r))
		}
	}
	if len(out) == len(authz.Roles()) {
		return "every role"
	}
	return strings.Join(out, ", ")
}
