package api

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// seed stores two reports and one advice request; the second report names
// the victim of the first again by BSN, so she is one registry person.
func seed(t *testing.T, e *testEnv) {
	t.Helper()
	second := validReport()
	set(second, "persons", []any{validReport()["persons"].([]any)[0]})
	set(second, "external_ref", "PL0600-2026012399")
	for _, req := range []struct{ target, body string }{
		{"/api/v1/reports", encode(t, validReport())},
		{"/api/v1/advice-requests", encode(t, validAdvice())},
		{"/api/v1/reports", encode(t, second)},
	} {
		if res := e.post(req.target, req.body); res.status != http.StatusCreated {
			t.Fatalf("seed: %d %s", res.status, res.body)
		}
	}
}

func TestListReportsPaging(t *testing.T) {
	e := newEnv(t)
	seed(t, e)
	// Walk all pages of one item and of two.
	for _, limit := range []int{1, 2, 50} {
		var numbers []any
		target := "/api/v1/reports?limit=" + strconv.Itoa(limit)
		for pages := 0; ; pages++ {
			if pages > 5 {
				t.Fatal("paging does not end")
			}
			res := e.get(target)
			if res.status != http.StatusOK {
				t.Fatalf("%s: %d %s", target, res.status, res.body)
			}
			page := res.json(t)
			items := page["items"].([]any)
			if len(items) > limit {
				t.Fatalf("%d items with limit %d", len(items), limit)
			}
			for _, it := range items {
				numbers = append(numbers, it.(map[string]any)["number"])
			}
			next, ok := page["next"].(string)
			if !ok {
				break
			}
			target = "/api/v1/reports?limit=" + strconv.Itoa(limit) + "&before=" + url.QueryEscape(next)
		}
		want := []any{"M-2026-000002", "A-2026-000001", "M-2026-000001"}
		if len(numbers) != len(want) {
			t.Fatalf("limit %d: got %v, want %v", limit, numbers, want)
		}
		for i := range want {
			if numbers[i] != want[i] {
				t.Errorf("limit %d: got %v, want %v (newest first)", limit, numbers, want)
				break
			}
		}
	}

	res := e.get("/api/v1/reports?kind=advice")
	items := res.json(t)["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["kind"] != "advice" {
		t.Errorf("kind=advice gave %v", items)
	}
	if vt := items[0].(map[string]any)["violence_types"]; vt == nil {
		t.Errorf("violence_types is null, want []")
	}
}

func TestListReportsBadParameters(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		query       string
		field, rule string
	}{
		{"limit=0", "limit", "range"},
		{"limit=201", "limit", "range"},
		{"limit=ten", "limit", "range"},
		{"before=-1", "before", "cursor"},
		{"before=abc", "before", "cursor"},
		{"kind=complaint", "kind", "enum"},
	}
	for _, tt := range tests {
		for _, path := range []string{"/api/v1/reports", "/api/v1/persons"} {
			if tt.field == "kind" && path == "/api/v1/persons" {
				continue
			}
			res := e.get(path + "?" + tt.query)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("%s?%s: %d", path, tt.query, res.status)
			}
			if p := res.problem(t); !p.hasError(tt.field, tt.rule) {
				t.Errorf("%s?%s: errors %+v, want %s/%s", path, tt.query, p.Errors, tt.field, tt.rule)
			}
		}
	}
}

func TestPersons(t *testing.T) {
	e := newEnv(t)
	seed(t, e)
	res := e.get("/api/v1/persons?surname=" + url.QueryEscape("BERG"))
	items := res.json(t)["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("surname BERG: %d persons, want 1: %s", len(items), res.body)
	}
	sandra := items[0].(map[string]any)
	if sandra["surname"] != "Berg" || sandra["mentions"] != 2.0 {
		t.Errorf("person %v, want Berg with 2 mentions", sandra)
	}
	all := e.get("/api/v1/persons").json(t)["items"].([]any)
	if len(all) != 2 {
		t.Errorf("%d persons, want 2 (Sandra, Daan)", len(all))
	}

	id := strconv.FormatInt(int64(sandra["id"].(float64)), 10)
	detail := e.get("/api/v1/persons/" + id)
	if detail.status != http.StatusOK {
		t.Fatalf("%d %s", detail.status, detail.body)
	}
	d := detail.json(t)
	mentions := d["mentions"].([]any)
	if len(mentions) != 2 {
		t.Fatalf("%d mentions, want 2", len(mentions))
	}
	var numbers []any
	for _, m := range mentions {
		numbers = append(numbers, m.(map[string]any)["report_number"])
	}
	if numbers[0] != "M-2026-000002" || numbers[1] != "M-2026-000001" {
		t.Errorf("mentions in reports %v, want M-2026-000002, M-2026-000001", numbers)
	}
}

func TestNotFound(t *testing.T) {
	e := newEnv(t)
	seed(t, e)
	for _, target := range []string{
		"/api/v1/reports/999",
		"/api/v1/reports/0",
		"/api/v1/reports/-1",
		"/api/v1/reports/M-2026-999999",
		"/api/v1/reports/abc",
		"/api/v1/persons/999",
		"/api/v1/persons/abc",
	} {
		res := e.get(target)
		if res.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", target, res.status)
			continue
		}
		if p := res.problem(t); p.Type != ProblemNotFound || p.Instance != target || p.Detail == "" {
			t.Errorf("%s: problem %+v", target, p)
		}
	}
}
