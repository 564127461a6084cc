package api

import (
	"net/http"
	"testing"
)

// The API search reads q as the search box does, returns the best hits
// first, and without need-to-know applied (a bare store) marks every hit
// signal_only: access is closed unless someone opened it.
func TestSearchPersons(t *testing.T) {
	e := newEnv(t)
	seed(t, e)
	res := e.get("/api/v1/persons?q=vd+berg&limit=1")
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	body := res.json(t)
	items := body["items"].([]any)
	if body["kind"] != "name" || len(items) != 1 || body["more"] != false {
		t.Fatalf("search = %s", res.body)
	}
	hit := items[0].(map[string]any)
	person := hit["person"].(map[string]any)
	if person["surname"] != "Berg" || hit["match"] != "exact" || hit["access"] != "signal_only" {
		t.Errorf("hit = %v", hit)
	}
	if res := e.get("/api/v1/persons?q=Kaya+Daan"); res.status != http.StatusOK || len(res.json(t)["items"].([]any)) != 1 {
		t.Errorf("swapped name: %d %s", res.status, res.body)
	}
	for _, bad := range []struct{ target, field, rule string }{
		{"/api/v1/persons?q=", "q", "required"},
		{"/api/v1/persons?q=123456789", "q", "elfproef"},
		{"/api/v1/persons?q=M-2026-000001", "q", "not_a_person"},
		{"/api/v1/persons?q=Berg&surname=Berg", "surname", "exclusive"},
	} {
		res := e.get(bad.target)
		errs, _ := res.json(t)["errors"].([]any)
		if res.status != http.StatusUnprocessableEntity || len(errs) == 0 ||
			errs[0].(map[string]any)["field"] != bad.field || errs[0].(map[string]any)["rule"] != bad.rule {
			t.Errorf("%s: %d %s; want 422 with %s/%s", bad.target, res.status, res.body, bad.field, bad.rule)
		}
	}
}
