package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCreateReportRoundTrip(t *testing.T) {
	e := newEnv(t)
	res := e.post("/api/v1/reports", encode(t, validReport()))
	if res.status != http.StatusCreated {
		t.Fatalf("status %d, want 201: %s", res.status, res.body)
	}
	created := res.json(t)
	if created["number"] != "M-2026-000001" || created["kind"] != "report" || created["version"] != 1.0 {
		t.Errorf("number %v kind %v version %v, want M-2026-000001 report 1", created["number"], created["kind"], created["version"])
	}
	if created["channel"] != "phone" || created["registered_at"] != "2026-03-02T10:00:00Z" {
		t.Errorf("channel %v registered_at %v", created["channel"], created["registered_at"])
	}
	loc := res.header.Get("Location")
	if want := reportPath(int64(created["id"].(float64))); loc != want {
		t.Fatalf("Location %q, want %q", loc, want)
	}
	if got := res.header.Get(ReplayedHeader); got != "" {
		t.Errorf("%s = %q on a new report", ReplayedHeader, got)
	}

	for _, target := range []string{loc, "/api/v1/reports/M-2026-000001"} {
		got := e.get(target)
		if got.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", target, got.status, got.body)
		}
		if diff := cmp.Diff(created, got.json(t)); diff != "" {
			t.Errorf("GET %s differs from what POST returned (-post +get):\n%s", target, diff)
		}
	}
	persons := created["persons"].([]any)
	if len(persons) != 2 {
		t.Fatalf("%d persons, want 2", len(persons))
	}
	victim := persons[0].(map[string]any)
	if victim["bsn"] != "111222333" || victim["birth_date"] != "1990-05-17" || victim["person_id"] == nil {
		t.Errorf("victim as stored: %v", victim)
	}
	if c := e.counts(); c != [3]int64{1, 0, 2} {
		t.Errorf("counts %v, want 1 report, 0 advice, 2 persons", c)
	}
}

func TestCreateAdviceRequest(t *testing.T) {
	tests := []struct {
		name string
		body map[string]any
	}{
		{"kind left out", validAdvice()},
		{"kind given", set(validAdvice(), "kind", "advice")},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			res := e.post("/api/v1/advice-requests", encode(t, tt.body))
			if res.status != http.StatusCreated {
				t.Fatalf("status %d: %s", res.status, res.body)
			}
			got := res.json(t)
			if got["kind"] != "advice" || got["number"] != "A-2026-000001" {
				t.Errorf("kind %v number %v, want advice A-2026-000001 (case %d)", got["kind"], got["number"], i)
			}
			if got["received_at"] != "2026-03-02T10:00:00Z" || got["channel"] != "api" {
				t.Errorf("defaults: received_at %v channel %v", got["received_at"], got["channel"])
			}
			if c := e.counts(); c != [3]int64{0, 1, 0} {
				t.Errorf("counts %v, want one advice request", c)
			}
		})
	}
}

// Fields the server sets (id, number, version, registered_at,
// registered_by, persons[].id, persons[].person_id) are refused when
// sent, naming the field, and nothing is stored.
func TestServerFieldsAreRefused(t *testing.T) {
	e := newEnv(t)
	for field, value := range map[string]any{"id": 999, "number": "M-1999-000001", "version": 7, "registered_at": "2020-01-01T00:00:00Z",
		"registered_by": "mallory", "persons[0].id": 77, "persons[0].person_id": 12345} {
		body := validReport()
		set(body, field, value)
		res := e.post("/api/v1/reports", encode(t, body))
		if res.status != http.StatusUnprocessableEntity {
			t.Errorf("%s sent: status %d: %s", field, res.status, res.body)
			continue
		}
		if p := res.problem(t); len(p.Errors) != 1 || p.Errors[0].Field != field || p.Errors[0].Rule != "read_only" {
			t.Errorf("%s sent: %+v", field, p.Errors)
		}
	}
	if list := e.get("/api/v1/reports"); !strings.Contains(string(list.body), `"items":[]`) {
		t.Errorf("a refused report was stored: %s", list.body)
	}
}

// A key given twice, or one that matches a field only when case is
// ignored, is refused with the field named.
func TestDuplicateAndMiscasedKeysAreRefused(t *testing.T) {
	e := newEnv(t)
	valid := encode(t, validReport())
	for body, want := range map[string][2]string{
		strings.Replace(valid, `"description":`, `"description":"eerste","description":`, 1):                       {"description", "duplicate_key"},
		strings.Replace(valid, `"reporter":{`, `"reporter":{"Protect_Identity":true,`, 1):                          {"reporter.Protect_Identity", "key_case"},
		strings.Replace(valid, `"reporter":{`, `"reporter":{"protect_identity":false,"protect_identity":true,`, 1): {"reporter.protect_identity", "duplicate_key"},
		strings.Replace(valid, `"description":`, `"Description":`, 1):                                              {"Description", "key_case"},
	} {
		res := e.post("/api/v1/reports", body)
		if res.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d: %.300s", want, res.status, res.body)
			continue
		}
		if p := res.problem(t); len(p.Errors) != 1 || p.Errors[0].Field != want[0] || p.Errors[0].Rule != want[1] {
			t.Errorf("%s: %+v", want, p.Errors)
		}
	}
}

func TestIdempotentRetry(t *testing.T) {
	e := newEnv(t)
	body := encode(t, validReport())
	first := e.post("/api/v1/reports", body, IdempotencyKeyHeader, "f3b1c2d4-retry")
	if first.status != http.StatusCreated {
		t.Fatalf("first: %d %s", first.status, first.body)
	}
	// The draft's structured-field form of the same key is the same key.
	for _, key := range []string{"f3b1c2d4-retry", `"f3b1c2d4-retry"`} {
		again := e.post("/api/v1/reports", body, IdempotencyKeyHeader, key)
		if again.status != http.StatusOK {
			t.Fatalf("retry with %s: %d %s", key, again.status, again.body)
		}
		if got := again.header.Get(ReplayedHeader); got != "true" {
			t.Errorf("%s = %q, want true", ReplayedHeader, got)
		}
		if again.header.Get("Location") != "" || again.header.Get("Content-Location") != first.header.Get("Location") {
			t.Errorf("replay headers: Location %q Content-Location %q", again.header.Get("Location"), again.header.Get("Content-Location"))
		}
		if diff := cmp.Diff(first.json(t), again.json(t)); diff != "" {
			t.Errorf("replay differs from the first answer:\n%s", diff)
		}
	}
	if c := e.counts(); c != [3]int64{1, 0, 2} {
		t.Errorf("counts %v: stored more than once", c)
	}

	other := e.post("/api/v1/reports", encode(t, set(validReport(), "description", "Iets anders.")), IdempotencyKeyHeader, "f3b1c2d4-retry")
	if other.status != http.StatusConflict {
		t.Fatalf("same key, other body: %d %s", other.status, other.body)
	}
	if p := other.problem(t); p.Type != ProblemConflict {
		t.Errorf("type %q", p.Type)
	}
	if c := e.counts(); c != [3]int64{1, 0, 2} {
		t.Errorf("counts %v after a conflict", c)
	}
	// The key is the request's: sending it to the other endpoint is another request.
	advice := e.post("/api/v1/advice-requests", encode(t, validAdvice()), IdempotencyKeyHeader, "f3b1c2d4-retry")
	if advice.status != http.StatusConflict {
		t.Errorf("same key on advice endpoint: %d %s", advice.status, advice.body)
	}
}

// TestBadInput sends every kind of bad input and checks the problem names
// the field and the rule, and that nothing was stored.
func TestBadInput(t *testing.T) {
	report := func(path string, v any) string { return encode(t, set(validReport(), path, v)) }
	tests := []struct {
		name    string
		target  string
		body    string
		headers []string
		want    [][2]string // field, rule
	}{
		{"bad BSN", "/api/v1/reports", report("persons[0].bsn", "123456789"), nil, [][2]string{{"persons[0].bsn", "elfproef"}}},
		{"birth date in the future", "/api/v1/reports", report("persons[0].birth_date", "2027-01-01"), nil, [][2]string{{"persons[0].birth_date", "not_future"}}},
		{"received in the future", "/api/v1/reports", report("received_at", "2026-03-03T10:00:00Z"), nil, [][2]string{{"received_at", "not_future"}}},
		{"bad postcode", "/api/v1/reports", report("persons[0].postcode", "75145 BP"), nil, [][2]string{{"persons[0].postcode", "postcode"}}},
		{"unknown municipality", "/api/v1/reports", report("municipality", "GM9999"), nil, [][2]string{{"municipality", "municipality"}}},
		{"unknown municipality of a person", "/api/v1/reports", report("persons[0].municipality", "Atlantis"), nil, [][2]string{{"persons[0].municipality", "municipality"}}},
		{"no reporter organisation", "/api/v1/reports", report("reporter.organisation", nil), nil, [][2]string{{"reporter.organisation", "required"}}},
		{"no way to reach the reporter", "/api/v1/reports", report("reporter.phone", nil), nil, [][2]string{{"reporter.phone", "contact_required"}}},
		{"citizen reporter without name", "/api/v1/reports", encode(t, set(set(validReport(), "reporter.kind", "citizen"), "reporter.name", nil)), nil, [][2]string{{"reporter.name", "required"}}},
		{"no reporter kind", "/api/v1/reports", report("reporter.kind", nil), nil, [][2]string{{"reporter.kind", "required"}}},
		{"no persons", "/api/v1/reports", report("persons", []any{}), nil, [][2]string{{"persons", "required"}}},
		{"no victim or child", "/api/v1/reports", report("persons", []any{map[string]any{"role": "perpetrator", "surname": "Jansen"}}), nil, [][2]string{{"persons", "victim_required"}}},
		{"no violence type", "/api/v1/reports", report("violence_types", []any{}), nil, [][2]string{{"violence_types", "required"}}},
		{"no description", "/api/v1/reports", report("description", nil), nil, [][2]string{{"description", "required"}}},
		{"person without a name", "/api/v1/reports", encode(t, set(set(validReport(), "persons[1].first_names", nil), "persons[1].surname", nil)), nil, [][2]string{{"persons[1].surname", "required"}}},
		{"unknown role", "/api/v1/reports", report("persons[0].role", "neighbour"), nil, [][2]string{{"persons[0].role", "enum"}}},
		{"unknown violence type", "/api/v1/reports", report("violence_types", []any{"partner", "bullying"}), nil, [][2]string{{"violence_types[1]", "enum"}}},
		{"unknown reporter kind", "/api/v1/reports", report("reporter.kind", "alien"), nil, [][2]string{{"reporter.kind", "enum"}}},
		{"unknown channel", "/api/v1/reports", report("channel", "pigeon"), nil, [][2]string{{"channel", "enum"}}},
		{"unknown field", "/api/v1/reports", report("priority", 1), nil, [][2]string{{"priority", "unknown_field"}}},
		{"unknown nested field", "/api/v1/reports", report("persons[1].nickname", "Daantje"), nil, [][2]string{{"persons[1].nickname", "unknown_field"}}},
		{"malformed JSON", "/api/v1/reports", `{"description": "kapot",`, nil, [][2]string{{"body", "json_syntax"}}},
		{"malformed JSON inside", "/api/v1/reports", `{"description" "kapot"}`, nil, [][2]string{{"body", "json_syntax"}}},
		{"two JSON values", "/api/v1/reports", encode(t, validReport()) + ` {}`, nil, [][2]string{{"body", "json_syntax"}}},
		{"empty body", "/api/v1/reports", ``, nil, [][2]string{{"body", "required"}}},
		{"null body", "/api/v1/reports", `null`, nil, [][2]string{{"body", "type"}}},
		{"array body", "/api/v1/reports", `[{}]`, nil, [][2]string{{"body", "type"}}},
		{"wrong type: string for a number", "/api/v1/reports", report("persons[1].age", "vier"), nil, [][2]string{{"persons[1].age", "type"}}},
		{"wrong type: fraction for an integer", "/api/v1/reports", report("persons[1].age", 4.5), nil, [][2]string{{"persons[1].age", "type"}}},
		{"wrong type: object for an array", "/api/v1/reports", report("persons", map[string]any{}), nil, [][2]string{{"persons", "type"}}},
		{"wrong type: string for a bool", "/api/v1/reports", report("acute", "ja"), nil, [][2]string{{"acute", "type"}}},
		{"bad date", "/api/v1/reports", report("persons[0].birth_date", "17-05-1990"), nil, [][2]string{{"persons[0].birth_date", "format"}}},
		{"bad date-time", "/api/v1/reports", report("received_at", "gisteren"), nil, [][2]string{{"received_at", "format"}}},
		{"every type error at once", "/api/v1/reports", encode(t, set(set(set(validReport(), "acute", "ja"), "persons[1].age", "vier"), "persons[0].nick", "S")), nil,
			[][2]string{{"acute", "type"}, {"persons[0].nick", "unknown_field"}, {"persons[1].age", "type"}}},
		{"every rule at once", "/api/v1/reports", encode(t, set(set(validReport(), "persons[0].bsn", "123456789"), "persons[0].postcode", "postcode")), nil,
			[][2]string{{"persons[0].bsn", "elfproef"}, {"persons[0].postcode", "postcode"}}},
		{"advice on the report endpoint", "/api/v1/reports", report("kind", "advice"), nil, [][2]string{{"kind", "endpoint"}}},
		{"report on the advice endpoint", "/api/v1/advice-requests", encode(t, set(validAdvice(), "kind", "report")), nil, [][2]string{{"kind", "endpoint"}}},
		{"unknown kind", "/api/v1/advice-requests", encode(t, set(validAdvice(), "kind", "complaint")), nil, [][2]string{{"kind", "enum"}}},
		{"advice without reporter kind", "/api/v1/advice-requests", encode(t, set(validAdvice(), "reporter", map[string]any{})), nil, [][2]string{{"reporter.kind", "required"}}},
		{"bad idempotency key", "/api/v1/reports", encode(t, validReport()), []string{IdempotencyKeyHeader, `"unterminated`}, [][2]string{{"idempotency_key", "format"}}},
		{"idempotency key with a space", "/api/v1/reports", encode(t, validReport()), []string{IdempotencyKeyHeader, `a b`}, [][2]string{{"idempotency_key", "format"}}},
		{"two idempotency keys", "/api/v1/reports", encode(t, validReport()), []string{IdempotencyKeyHeader, "a", IdempotencyKeyHeader, "b"}, [][2]string{{"idempotency_key", "single"}}},
		{"idempotency key too long", "/api/v1/reports", encode(t, validReport()), []string{IdempotencyKeyHeader, strings.Repeat("k", 201)}, [][2]string{{"idempotency_key", "max_length"}}},
	}
	e := newEnv(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.counts()
			res := e.post(tt.target, tt.body, tt.headers...)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %s", res.status, res.body)
			}
			p := res.problem(t)
			if p.Type != ProblemValidation || p.Instance != tt.target {
				t.Errorf("type %q instance %q", p.Type, p.Instance)
			}
			for _, w := range tt.want {
				if !p.hasError(w[0], w[1]) {
					t.Errorf("no error for field %s rule %s in %+v", w[0], w[1], p.Errors)
				}
			}
			for _, fe := range p.Errors {
				if fe.Message == "" {
					t.Errorf("error %s/%s has no message", fe.Field, fe.Rule)
				}
			}
			if after := e.counts(); after != before {
				t.Errorf("stored something: counts %v -> %v", before, after)
			}
		})
	}
}

func TestBodyTooLarge(t *testing.T) {
	e := newEnv(t)
	valid := encode(t, validReport())
	// Padding after the object: the body is valid JSON of exactly the limit.
	exact := valid + strings.Repeat(" ", MaxBodyBytes-len(valid))
	tests := []struct {
		name  string
		body  func() io.Reader
		want  int
		store bool
	}{
		{"at the limit", func() io.Reader { return strings.NewReader(exact) }, http.StatusCreated, true},
		{"one byte over, length known", func() io.Reader { return strings.NewReader(exact + " ") }, http.StatusRequestEntityTooLarge, false},
		// A reader of unknown length: only the read limit can stop it.
		{"one byte over, length unknown", func() io.Reader { return io.MultiReader(strings.NewReader(exact), strings.NewReader(" ")) }, http.StatusRequestEntityTooLarge, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.counts()
			res := e.do(http.MethodPost, "/api/v1/reports", tt.body())
			if res.status != tt.want {
				t.Fatalf("status %d, want %d: %.300s", res.status, tt.want, res.body)
			}
			if tt.want == http.StatusRequestEntityTooLarge {
				if p := res.problem(t); p.Type != ProblemTooLarge {
					t.Errorf("type %q", p.Type)
				}
			}
			if stored := e.counts() != before; stored != tt.store {
				t.Errorf("stored = %v, want %v", stored, tt.store)
			}
		})
	}
}

func TestContentType(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		contentType string
		want        int
	}{
		{"application/json", http.StatusCreated},
		{"application/json; charset=UTF-8", http.StatusCreated},
		{"text/plain", http.StatusUnsupportedMediaType},
		{"application/x-www-form-urlencoded", http.StatusUnsupportedMediaType},
		{"application/json; charset=iso-8859-1", http.StatusUnsupportedMediaType},
		{"application/jsonx", http.StatusUnsupportedMediaType},
		{"", http.StatusUnsupportedMediaType},
	}
	for _, tt := range tests {
		t.Run(tt.contentType, func(t *testing.T) {
			before := e.counts()
			res := e.post("/api/v1/reports", encode(t, validReport()), "Content-Type", tt.contentType)
			if res.status != tt.want {
				t.Fatalf("status %d, want %d: %s", res.status, tt.want, res.body)
			}
			if tt.want == http.StatusUnsupportedMediaType {
				if p := res.problem(t); p.Type != ProblemUnsupportedMedia {
					t.Errorf("type %q", p.Type)
				}
				if after := e.counts(); after != before {
					t.Errorf("stored something: %v -> %v", before, after)
				}
			}
		})
	}
}

func TestIdempotencyKeyHeaderForms(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"abc-123", "abc-123", true},
		{`"abc-123"`, "abc-123", true},
		{`"with space"`, "with space", true},
		{`"esc\"aped\\"`, `esc"aped\`, true},
		{`  padded  `, "padded", true},
		{`"bad\escape"`, "", false},
		{`"open`, "", false},
		{`""`, "", false},
		{"caf\u00e9", "", false},
		{"tab\there", "", false},
	}
	for _, tt := range tests {
		h := http.Header{}
		h.Set(IdempotencyKeyHeader, tt.in)
		got, err := idempotencyKey(h)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("idempotencyKey(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	if got, err := idempotencyKey(http.Header{}); got != "" || err != nil {
		t.Errorf("no header: %q, %v", got, err)
	}
}

// TestProblemNeverLeaksInternalErrors: a failure below the API gives a
// generic 500; the real error is logged, not sent.
func TestProblemNeverLeaksInternalErrors(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Intake = failingIntake{}
		c.Reader = failingReader{}
	})
	for _, res := range []response{
		e.post("/api/v1/reports", encode(t, validReport())),
		e.get("/api/v1/reports/1"),
		e.get("/api/v1/persons"),
	} {
		if res.status != http.StatusInternalServerError {
			t.Fatalf("status %d", res.status)
		}
		p := res.problem(t)
		if p.Detail != "Internal error." || p.Type != ProblemInternal {
			t.Errorf("problem %+v", p)
		}
		if strings.Contains(string(res.body), secretFailure) {
			t.Errorf("internal error sent to the client: %s", res.body)
		}
	}
	if n := strings.Count(e.logs.String(), secretFailure); n != 3 {
		t.Errorf("internal error logged %d times, want 3:\n%s", n, e.logs.String())
	}
}

func TestProblemJSONShape(t *testing.T) {
	e := newEnv(t)
	res := e.post("/api/v1/reports", encode(t, set(validReport(), "persons[0].bsn", "123456789")))
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(res.body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"type", "title", "status", "detail", "instance", "errors"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("problem lacks %q: %s", k, res.body)
		}
	}
	if res.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", res.header.Get("Cache-Control"))
	}
}

// A professional's report carries the meldcode's steps and the framework's
// answers, and reads back with them; bad steps are refused naming the
// step, and nothing is stored.
func TestCreateReportWithMeldcode(t *testing.T) {
	e := newEnv(t)
	body := set(validReport(), "meldcode", map[string]any{"steps": []any{1, 2, 4}, "suspicion": "yes", "unsafety": "yes",
		"help_possible": "no", "help_accepted": "", "lasting_safety": ""})
	res := e.post("/api/v1/reports", encode(t, body))
	if res.status != http.StatusCreated {
		t.Fatalf("status %d, want 201: %s", res.status, res.body)
	}
	got := e.get(res.header.Get("Location")).json(t)
	mc, _ := got["meldcode"].(map[string]any)
	if mc == nil || len(mc["steps"].([]any)) != 3 || mc["suspicion"] != "yes" || mc["help_possible"] != "no" || mc["help_accepted"] != "" {
		t.Errorf("meldcode read back: %v", got["meldcode"])
	}
	bad := set(validReport(), "meldcode", map[string]any{"steps": []any{1, 7}})
	res = e.post("/api/v1/reports", encode(t, bad))
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "meldcode.steps[1]") {
		t.Errorf("step 7: status %d %s", res.status, res.body)
	}
	if c := e.counts(); c[0] != 1 {
		t.Errorf("counts %v after the refusal, want the one report", c)
	}
}
