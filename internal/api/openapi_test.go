package api

import (
	"context"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"toren/internal/access"
	"toren/internal/alerts"
	"toren/internal/breakglass"
	"toren/internal/history"
	"toren/internal/importer"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/radar"
	"toren/internal/radarsvc"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/toren"
)

func TestOpenAPIDocumentIsValid(t *testing.T) {
	e := newEnv(t)
	res := e.get("/api/v1/openapi.json")
	if res.status != http.StatusOK {
		t.Fatalf("%d", res.status)
	}
	doc := loadSpec(t, e.api)
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("OpenAPI document is invalid: %v", err)
	}
	if string(res.body) != string(e.api.openapi) {
		t.Error("served document differs from the one built")
	}
}

// TestOpenAPIPathsMatchRoutes: every registered route is documented and
// every documented operation is registered, under the same operationId.
func TestOpenAPIPathsMatchRoutes(t *testing.T) {
	e := newEnv(t)
	doc := loadSpec(t, e.api)
	documented := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			documented[method+" "+path] = op.OperationID
		}
	}
	registered := map[string]string{}
	for _, rt := range e.api.Routes() {
		registered[rt.Pattern()] = rt.OperationID
	}
	for k, id := range registered {
		if documented[k] != id {
			t.Errorf("route %s (%s) is documented as %q", k, id, documented[k])
		}
	}
	for k := range documented {
		if _, ok := registered[k]; !ok {
			t.Errorf("documented %s is not a registered route", k)
		}
	}
}

// TestOpenAPIStatusesAreProduced makes every operation answer with every
// status its documentation lists, and no other: each response is checked
// against the documented schema by env.do, and the statuses seen per
// operation must equal the documented ones.
func TestOpenAPIStatusesAreProduced(t *testing.T) {
	forbid := func(c *Config) {
		c.Authorize = func(*http.Request, Route) error { return toren.Errorf(toren.CodeForbidden, "not allowed") }
	}
	failing := func(c *Config) {
		c.Intake, c.Reader = failingIntake{}, failingReader{}
		c.Histories, c.Alerts = failingHistories{}, failingAlerts{}
		c.Registry = failingRegistry{}
		c.BreakGlass = failingGlass{}
		c.Statuses, c.Batches, c.Partners = failingStatuses{}, failingBatches{}, failingPartners{}
	}
	live := newEnv(t)
	seed(t, live)
	seedReview(t, live)
	envs := map[string]*testEnv{"real": live, "forbid": newEnv(t, forbid), "failing": newEnv(t, failing)}
	report := encode(t, validReport())
	advice := encode(t, validAdvice())
	other := encode(t, set(validReport(), "description", "Een ander verhaal."))
	big := strings.Repeat(" ", MaxBodyBytes+1)

	type call struct {
		env, method, target, body string
		headers                   []string
		want                      int
	}
	calls := []call{
		{"real", "POST", "/api/v1/reports", report, []string{IdempotencyKeyHeader, "k1"}, 201},
		{"real", "POST", "/api/v1/reports", report, []string{IdempotencyKeyHeader, "k1"}, 200},
		{"real", "POST", "/api/v1/reports", other, []string{IdempotencyKeyHeader, "k1"}, 409},
		{"real", "POST", "/api/v1/reports", big, nil, 413},
		{"real", "POST", "/api/v1/reports", report, []string{"Content-Type", "text/plain"}, 415},
		{"real", "POST", "/api/v1/reports", `{}`, nil, 422},
		{"forbid", "POST", "/api/v1/reports", report, nil, 403},
		{"failing", "POST", "/api/v1/reports", report, nil, 500},

		{"real", "POST", "/api/v1/advice-requests", advice, []string{IdempotencyKeyHeader, "k2"}, 201},
		{"real", "POST", "/api/v1/advice-requests", advice, []string{IdempotencyKeyHeader, "k2"}, 200},
		{"real", "POST", "/api/v1/advice-requests", report, []string{IdempotencyKeyHeader, "k2"}, 409},
		{"real", "POST", "/api/v1/advice-requests", big, nil, 413},
		{"real", "POST", "/api/v1/advice-requests", advice, []string{"Content-Type", "text/plain"}, 415},
		{"real", "POST", "/api/v1/advice-requests", `{"persons": 1}`, nil, 422},
		{"forbid", "POST", "/api/v1/advice-requests", advice, nil, 403},
		{"failing", "POST", "/api/v1/advice-requests", advice, nil, 500},

		{"real", "GET", "/api/v1/reports", "", nil, 200},
		{"real", "GET", "/api/v1/reports?limit=x", "", nil, 422},
		{"forbid", "GET", "/api/v1/reports", "", nil, 403},
		{"failing", "GET", "/api/v1/reports", "", nil, 500},

		{"real", "GET", "/api/v1/reports/1", "", nil, 200},
		{"real", "GET", "/api/v1/reports/M-2026-000001", "", nil, 200},
		{"real", "GET", "/api/v1/reports/A-2026-000001", "", nil, 200},
		{"real", "GET", "/api/v1/reports/99", "", nil, 404},
		{"forbid", "GET", "/api/v1/reports/1", "", nil, 403},
		{"failing", "GET", "/api/v1/reports/1", "", nil, 500},

		{"real", "GET", "/api/v1/persons", "", nil, 200},
		{"real", "GET", "/api/v1/persons?q=Berg", "", nil, 200},
		{"real", "GET", "/api/v1/persons?q=123456789", "", nil, 422},
		{"real", "GET", "/api/v1/persons?q=Berg&before=3", "", nil, 422},
		{"failing", "GET", "/api/v1/persons?q=Berg", "", nil, 500},
		{"real", "GET", "/api/v1/persons?surname=" + strings.Repeat("a", 201), "", nil, 422},
		{"forbid", "GET", "/api/v1/persons", "", nil, 403},
		{"failing", "GET", "/api/v1/persons", "", nil, 500},

		{"real", "GET", "/api/v1/persons/1", "", nil, 200},
		{"real", "GET", "/api/v1/persons/99", "", nil, 404},
		{"forbid", "GET", "/api/v1/persons/1", "", nil, 403},
		{"failing", "GET", "/api/v1/persons/1", "", nil, 500},

		{"real", "GET", "/api/v1/persons/1/history", "", nil, 200},
		{"real", "GET", "/api/v1/persons/99/history", "", nil, 404},
		{"forbid", "GET", "/api/v1/persons/1/history", "", nil, 403},
		{"failing", "GET", "/api/v1/persons/1/history", "", nil, 500},

		{"real", "GET", "/api/v1/alerts", "", nil, 200},
		{"real", "GET", "/api/v1/alerts?state=gone", "", nil, 422},
		{"forbid", "GET", "/api/v1/alerts", "", nil, 403},
		{"failing", "GET", "/api/v1/alerts", "", nil, 500},

		{"real", "POST", "/api/v1/alerts/1/acknowledge", `{"note": "Moeder gebeld."}`, nil, 200},
		{"real", "POST", "/api/v1/alerts/1/acknowledge", `{"note": "Nog eens."}`, nil, 409},
		{"real", "POST", "/api/v1/alerts/99/acknowledge", `{"note": "Gebeld."}`, nil, 404},
		{"real", "POST", "/api/v1/alerts/2/acknowledge", `{"note": " "}`, nil, 422},
		{"real", "POST", "/api/v1/alerts/2/acknowledge", big, nil, 413},
		{"real", "POST", "/api/v1/alerts/2/acknowledge", `{"note": "x"}`, []string{"Content-Type", "text/plain"}, 415},
		{"forbid", "POST", "/api/v1/alerts/2/acknowledge", `{"note": "x"}`, nil, 403},
		{"failing", "POST", "/api/v1/alerts/2/acknowledge", `{"note": "x"}`, nil, 500},

		{"real", "GET", "/api/v1/openapi.json", "", nil, 200},
		{"forbid", "GET", "/api/v1/openapi.json", "", nil, 403},

		{"real", "GET", "/api/v1/review-items", "", nil, 200},
		{"real", "GET", "/api/v1/review-items?limit=x", "", nil, 422},
		{"forbid", "GET", "/api/v1/review-items", "", nil, 403},
		{"failing", "GET", "/api/v1/review-items", "", nil, 500},

		{"real", "GET", "/api/v1/review-items/1", "", nil, 200},
		{"real", "GET", "/api/v1/review-items/99", "", nil, 404},
		{"forbid", "GET", "/api/v1/review-items/1", "", nil, 403},
		{"failing", "GET", "/api/v1/review-items/1", "", nil, 500},
	}
	decision := `{"version": 1, "decision": "different_persons", "note": "Andere geboortedatum."}`
	glassRequest := `{"reason_code": "crisis_call", "reason": "Politie belt, acute dreiging in het gezin."}`
	for _, c := range []call{
		{"real", "POST", "/api/v1/review-items/1/decision", decision, nil, 200},
		{"real", "POST", "/api/v1/review-items/1/decision", decision, nil, 409},
		{"real", "POST", "/api/v1/review-items/99/decision", decision, nil, 404},
		{"real", "POST", "/api/v1/review-items/2/decision", big, nil, 413},
		{"real", "POST", "/api/v1/review-items/2/decision", decision, []string{"Content-Type", "text/plain"}, 415},
		{"real", "POST", "/api/v1/review-items/2/decision", `{"version": 1, "decision": "same_person"}`, nil, 422},
		{"forbid", "POST", "/api/v1/review-items/2/decision", decision, nil, 403},
		{"failing", "POST", "/api/v1/review-items/2/decision", decision, nil, 500},

		// Persons 1..6 (seed and seedReview): 6 into 4, then 4 into 2.
		{"real", "POST", "/api/v1/persons/4/merge", `{"person_id": 6, "reason": "Dubbel."}`, nil, 200},
		{"real", "POST", "/api/v1/persons/4/merge", `{"person_id": 6, "reason": "Dubbel."}`, nil, 409},
		{"real", "POST", "/api/v1/persons/99/merge", `{"person_id": 1, "reason": "Dubbel."}`, nil, 404},
		{"real", "POST", "/api/v1/persons/2/merge", big, nil, 413},
		{"real", "POST", "/api/v1/persons/2/merge", `{"person_id": 4, "reason": "x"}`, []string{"Content-Type", "text/plain"}, 415},
		{"real", "POST", "/api/v1/persons/2/merge", `{"person_id": 4}`, nil, 422},
		{"forbid", "POST", "/api/v1/persons/2/merge", `{"person_id": 4, "reason": "x"}`, nil, 403},
		{"failing", "POST", "/api/v1/persons/2/merge", `{"person_id": 4, "reason": "x"}`, nil, 500},
		{"real", "POST", "/api/v1/persons/2/merge", `{"person_id": 4, "reason": "Ook dubbel."}`, nil, 200},

		// 6's mentions went on to 2: undo 4's merge first.
		{"real", "POST", "/api/v1/persons/6/unmerge", `{"reason": "Vergissing."}`, nil, 409},
		{"real", "POST", "/api/v1/persons/4/unmerge", `{"reason": "Vergissing."}`, nil, 200},
		{"real", "POST", "/api/v1/persons/6/unmerge", `{"reason": "Vergissing."}`, nil, 200},
		{"real", "POST", "/api/v1/persons/6/unmerge", `{"reason": "Vergissing."}`, nil, 404},
		{"real", "POST", "/api/v1/persons/6/unmerge", big, nil, 413},
		{"real", "POST", "/api/v1/persons/6/unmerge", `{"reason": "x"}`, []string{"Content-Type", "text/plain"}, 415},
		{"real", "POST", "/api/v1/persons/6/unmerge", `{"reason": 3}`, nil, 422},
		{"forbid", "POST", "/api/v1/persons/6/unmerge", `{"reason": "x"}`, nil, 403},
		{"failing", "POST", "/api/v1/persons/6/unmerge", `{"reason": "x"}`, nil, 500},

		// Break the glass (a fake service: the rules are tested end to end).
		{"real", "POST", "/api/v1/reports/1/break-glass", glassRequest, nil, 201},
		{"real", "POST", "/api/v1/reports/2/break-glass", glassRequest, nil, 409},
		{"real", "POST", "/api/v1/reports/99/break-glass", glassRequest, nil, 404},
		{"real", "POST", "/api/v1/reports/1/break-glass", big, nil, 413},
		{"real", "POST", "/api/v1/reports/1/break-glass", glassRequest, []string{"Content-Type", "text/plain"}, 415},
		{"real", "POST", "/api/v1/reports/1/break-glass", `{"reason": "x"}`, nil, 422},
		{"forbid", "POST", "/api/v1/reports/1/break-glass", glassRequest, nil, 403},
		{"failing", "POST", "/api/v1/reports/1/break-glass", glassRequest, nil, 500},
		{"real", "POST", "/api/v1/persons/1/break-glass", glassRequest, nil, 201},
		{"real", "POST", "/api/v1/persons/2/break-glass", glassRequest, nil, 409},
		{"real", "POST", "/api/v1/persons/99/break-glass", glassRequest, nil, 404},
		{"real", "POST", "/api/v1/persons/1/break-glass", big, nil, 413},
		{"real", "POST", "/api/v1/persons/1/break-glass", glassRequest, []string{"Content-Type", "text/plain"}, 415},
		{"real", "POST", "/api/v1/persons/1/break-glass", `{"reason": "x"}`, nil, 422},
		{"forbid", "POST", "/api/v1/persons/1/break-glass", glassRequest, nil, 403},
		{"failing", "POST", "/api/v1/persons/1/break-glass", glassRequest, nil, 500},
		{"real", "GET", "/api/v1/break-glass-grants", "", nil, 200},
		{"forbid", "GET", "/api/v1/break-glass-grants", "", nil, 403},
		{"failing", "GET", "/api/v1/break-glass-grants", "", nil, 500},
		{"real", "POST", "/api/v1/break-glass-grants/1/review", `{"outcome": "justified"}`, nil, 200},
		{"real", "POST", "/api/v1/break-glass-grants/2/review", `{"outcome": "justified"}`, nil, 409},
		{"real", "POST", "/api/v1/break-glass-grants/99/review", `{"outcome": "justified"}`, nil, 404},
		{"real", "POST", "/api/v1/break-glass-grants/1/review", big, nil, 413},
		{"real", "POST", "/api/v1/break-glass-grants/1/review", `{"outcome": "justified"}`, []string{"Content-Type", "text/plain"}, 415},
		{"real", "POST", "/api/v1/break-glass-grants/1/review", `{"outcome": "fine"}`, nil, 422},
		{"forbid", "POST", "/api/v1/break-glass-grants/1/review", `{"outcome": "justified"}`, nil, 403},
		{"failing", "POST", "/api/v1/break-glass-grants/1/review", `{"outcome": "justified"}`, nil, 500},

		// The status an API client reads back (a fake: the rule is tested end to end).
		{"real", "GET", "/api/v1/reports/1/status", "", nil, 200},
		{"real", "GET", "/api/v1/reports/2/status", "", nil, 404},
		{"forbid", "GET", "/api/v1/reports/1/status", "", nil, 403},
		{"failing", "GET", "/api/v1/reports/1/status", "", nil, 500},

		// JSON Lines batches (a fake service: the rules are tested end to end).
		{"real", "POST", "/api/v1/report-batches", "{}\n", []string{"Content-Type", "application/x-ndjson"}, 201},
		{"real", "POST", "/api/v1/report-batches", "{}\n", []string{"Content-Type", "application/json"}, 415},
		{"real", "POST", "/api/v1/report-batches", strings.Repeat("{}\n", MaxBatchBytes/3+1), []string{"Content-Type", "application/jsonl"}, 413},
		{"forbid", "POST", "/api/v1/report-batches", "{}\n", []string{"Content-Type", "application/jsonl"}, 403},
		{"failing", "POST", "/api/v1/report-batches", "{}\n", []string{"Content-Type", "application/jsonl"}, 500},
		{"real", "GET", "/api/v1/report-batches/1", "", nil, 200},
		{"real", "GET", "/api/v1/report-batches/2", "", nil, 404},
		{"forbid", "GET", "/api/v1/report-batches/1", "", nil, 403},
		{"failing", "GET", "/api/v1/report-batches/1", "", nil, 500},

		// A partner's system and the handovers to its partner (a fake: the
		// rules are tested end to end).
		{"real", "GET", "/api/v1/handovers?for=me", "", nil, 200},
		{"real", "GET", "/api/v1/handovers", "", nil, 422},
		{"forbid", "GET", "/api/v1/handovers?for=me", "", nil, 403},
		{"failing", "GET", "/api/v1/handovers?for=me", "", nil, 500},
		{"real", "POST", "/api/v1/handovers/1/answer", `{"accept": true, "version": 1}`, nil, 200},
		{"real", "POST", "/api/v1/handovers/2/answer", `{"accept": true, "version": 1}`, nil, 409},
		{"real", "POST", "/api/v1/handovers/99/answer", `{"accept": true, "version": 1}`, nil, 404},
		{"real", "POST", "/api/v1/handovers/1/answer", big, nil, 413},
		{"real", "POST", "/api/v1/handovers/1/answer", `{"accept": true}`, []string{"Content-Type", "text/plain"}, 415},
		{"real", "POST", "/api/v1/handovers/1/answer", `{"accept": false, "version": 1}`, nil, 422},
		{"forbid", "POST", "/api/v1/handovers/1/answer", `{"accept": true, "version": 1}`, nil, 403},
		{"failing", "POST", "/api/v1/handovers/1/answer", `{"accept": true, "version": 1}`, nil, 500},
		{"real", "POST", "/api/v1/handovers/1/monitoring-reports", `{"moment_id": 1, "checks": [], "version": 1}`, nil, 200},
		{"real", "POST", "/api/v1/handovers/2/monitoring-reports", `{"moment_id": 1, "checks": [], "version": 1}`, nil, 409},
		{"real", "POST", "/api/v1/handovers/99/monitoring-reports", `{"moment_id": 1, "checks": [], "version": 1}`, nil, 404},
		{"real", "POST", "/api/v1/handovers/1/monitoring-reports", big, nil, 413},
		{"real", "POST", "/api/v1/handovers/1/monitoring-reports", `{}`, []string{"Content-Type", "text/plain"}, 415},
		{"real", "POST", "/api/v1/handovers/1/monitoring-reports", `{"checks": "alle"}`, nil, 422},
		{"forbid", "POST", "/api/v1/handovers/1/monitoring-reports", `{"moment_id": 1, "checks": [], "version": 1}`, nil, 403},
		{"failing", "POST", "/api/v1/handovers/1/monitoring-reports", `{"moment_id": 1, "checks": [], "version": 1}`, nil, 500},
	} {
		calls = append(calls, c)
	}
	seen := map[string][]string{} // operationId -> statuses
	opByPattern := map[string]string{}
	for _, rt := range live.api.Routes() {
		opByPattern[rt.Pattern()] = rt.OperationID
	}
	for _, c := range calls {
		e := envs[c.env]
		var res response
		if c.method == http.MethodPost {
			res = e.post(c.target, c.body, c.headers...)
		} else {
			res = e.get(c.target)
		}
		if res.status != c.want {
			t.Errorf("%s %s (%s): %d, want %d: %.300s", c.method, c.target, c.env, res.status, c.want, res.body)
		}
		op := opByPattern[res.pattern]
		seen[op] = append(seen[op], strconv.Itoa(res.status))
	}

	doc := loadSpec(t, live.api)
	for _, rt := range live.api.Routes() {
		if caseworkOperations()[rt.OperationID] || itOperations()[rt.OperationID] {
			continue // TestOpenAPICaseworkStatuses, TestOpenAPIITStatuses
		}
		op := doc.Paths.Value(rt.Path).GetOperation(rt.Method)
		var documented []string
		for status := range op.Responses.Map() {
			documented = append(documented, status)
		}
		slices.Sort(documented)
		got := slices.Compact(slices.Sorted(slices.Values(seen[rt.OperationID])))
		if !slices.Equal(got, documented) {
			t.Errorf("%s: produced statuses %v, documented %v", rt.OperationID, got, documented)
		}
	}
}

// TestOpenAPISchemasMatchGoTypes: each documented object has exactly the
// JSON fields of the Go type that is encoded for it.
func TestOpenAPISchemasMatchGoTypes(t *testing.T) {
	e := newEnv(t)
	doc := loadSpec(t, e.api)
	pairs := map[string]reflect.Type{
		"Report":        reflect.TypeFor[reports.Report](),
		"ReportInput":   reflect.TypeFor[reports.Report](),
		"Reporter":      reflect.TypeFor[reports.Reporter](),
		"Meldcode":      reflect.TypeFor[reports.Meldcode](),
		"Mention":       reflect.TypeFor[reports.Mention](),
		"MentionInput":  reflect.TypeFor[reports.Mention](),
		"ReportSummary": reflect.TypeFor[reports.Summary](),
		"ReportList":    reflect.TypeFor[ReportList](),
		"Person":        reflect.TypeFor[persons.Person](),
		"PersonList":    reflect.TypeFor[PersonList](),
		"PersonMention": reflect.TypeFor[intake.PersonMention](),
		"PersonDetail":  reflect.TypeFor[PersonDetail](),
		"PersonSearch":  reflect.TypeFor[PersonSearch](),
		"PersonHit":     reflect.TypeFor[PersonHit](),
		"Problem":       reflect.TypeFor[Problem](),
		"FieldError":    reflect.TypeFor[toren.FieldError](),

		"PersonHistory":        reflect.TypeFor[history.PersonHistory](),
		"HouseholdMember":      reflect.TypeFor[history.Member](),
		"HouseholdLink":        reflect.TypeFor[history.Link](),
		"TimelineEvent":        reflect.TypeFor[history.Event](),
		"StepFacts":            reflect.TypeFor[history.StepFacts](),
		"ReportFacts":          reflect.TypeFor[history.ReportFacts](),
		"CaseFacts":            reflect.TypeFor[history.CaseFacts](),
		"Alert":                reflect.TypeFor[alerts.Alert](),
		"AlertList":            reflect.TypeFor[AlertList](),
		"AlertAcknowledgement": reflect.TypeFor[AckInput](),

		"ReviewItem":      reflect.TypeFor[registry.ReviewItem](),
		"ReviewView":      reflect.TypeFor[registry.ReviewView](),
		"ReviewLimits":    reflect.TypeFor[registry.ReviewLimits](),
		"Grant":           reflect.TypeFor[breakglass.Record](),
		"GrantList":       reflect.TypeFor[GrantList](),
		"GrantAccess":     reflect.TypeFor[breakglass.Access](),
		"GrantReview":     reflect.TypeFor[breakglass.Review](),
		"ReportStatus":    reflect.TypeFor[access.ReportStatus](),
		"ReportBatch":     reflect.TypeFor[importer.Batch](),
		"BatchLine":       reflect.TypeFor[importer.LineResult](),
		"BreakGlassInput": reflect.TypeFor[BreakGlassInput](),
		"ReviewList":      reflect.TypeFor[ReviewList](),
		"Explanation":     reflect.TypeFor[radarsvc.Explanation](),
		"FieldEvidence":   reflect.TypeFor[radar.Evidence](),
		"OtherCandidate":  reflect.TypeFor[radarsvc.Other](),
		"Thresholds":      reflect.TypeFor[radar.Thresholds](),
		"ReviewDecision":  reflect.TypeFor[registry.Decision](),
		"MergeInput":      reflect.TypeFor[registry.MergeInput](),
		"UnmergeInput":    reflect.TypeFor[registry.UnmergeInput](),
		"Merge":           reflect.TypeFor[registry.Merge](),
		"MentionLink":     reflect.TypeFor[intake.MentionLink](),
		"MergeRef":        reflect.TypeFor[intake.MergeRef](),
	}
	maps.Copy(pairs, caseworkSchemaTypes())
	if len(pairs) != len(doc.Components.Schemas) {
		t.Errorf("%d schemas documented, %d checked", len(doc.Components.Schemas), len(pairs))
	}
	for name, typ := range pairs {
		ref := doc.Components.Schemas[name]
		if ref == nil {
			t.Errorf("schema %s missing", name)
			continue
		}
		var documented []string
		for p := range ref.Value.Properties {
			documented = append(documented, p)
		}
		slices.Sort(documented)
		var fields []string
		for i := 0; i < typ.NumField(); i++ {
			n, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if n != "-" {
				fields = append(fields, n)
			}
		}
		slices.Sort(fields)
		if !slices.Equal(documented, fields) {
			t.Errorf("schema %s has properties %v, Go type %s has %v", name, documented, typ, fields)
		}
	}
}

// TestOpenAPIEnumsFollowCodeLists: the served document carries every code
// of the code lists in package reports.
func TestOpenAPIEnumsFollowCodeLists(t *testing.T) {
	e := newEnv(t)
	doc := loadSpec(t, e.api)
	s := doc.Components.Schemas
	check := func(what string, got []any, want []string) {
		t.Helper()
		var g []string
		for _, v := range got {
			g = append(g, v.(string))
		}
		if !slices.Equal(g, want) {
			t.Errorf("%s enum %v, want %v", what, g, want)
		}
	}
	var rk, roles, vt, nat []string
	for _, l := range reports.ReporterKinds {
		rk = append(rk, string(l.Code))
	}
	for _, l := range reports.Roles {
		roles = append(roles, string(l.Code))
	}
	for _, l := range reports.ViolenceTypes {
		vt = append(vt, string(l.Code))
	}
	for _, l := range reports.Natures {
		nat = append(nat, string(l.Code))
	}
	check("reporter.kind", s["Reporter"].Value.Properties["kind"].Value.Enum, rk)
	check("role", s["Mention"].Value.Properties["role"].Value.Enum, roles)
	check("violence_types", s["Report"].Value.Properties["violence_types"].Value.Items.Value.Enum, vt)
	check("natures", s["Report"].Value.Properties["natures"].Value.Items.Value.Enum, nat)
}

// TestAuthorizeSeesEveryRoute: the policy hook is called for each route
// with that route's metadata, before the handler runs.
func TestAuthorizeSeesEveryRoute(t *testing.T) {
	var got []string
	e := newEnv(t, func(c *Config) {
		c.Authorize = func(r *http.Request, rt Route) error {
			got = append(got, rt.OperationID)
			return toren.Errorf(toren.CodeForbidden, "not allowed")
		}
	})
	var want []string
	for _, rt := range e.api.Routes() {
		want = append(want, rt.OperationID)
		target := strings.ReplaceAll(rt.Path, "{id}", "1")
		var res response
		if rt.Method == http.MethodPost {
			res = e.post(target, encode(t, validReport()))
		} else {
			res = e.get(target)
		}
		if p := res.problem(t); res.status != http.StatusForbidden || p.Type != ProblemForbidden || p.Detail != "Not allowed." {
			t.Errorf("%s: %d %+v", rt.OperationID, res.status, p)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("Authorize saw %v, want %v", got, want)
	}
	if c := e.counts(); c != [3]int64{} {
		t.Errorf("a forbidden request stored something: %v", c)
	}
}
