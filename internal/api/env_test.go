package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"toren/internal/access"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/breakglass"
	"toren/internal/httpx"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/nl"
	"toren/internal/radar"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/toren"
)

// now is where the test clock stands: reports received before it are fine.
var now = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// openSQLite returns a fresh migrated SQLite database in a temp dir.
func openSQLite(tb testing.TB) *store.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(tb.TempDir(), "toren.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

// testEnv is the API over a real intake service and a real SQLite store.
type testEnv struct {
	tb   testing.TB
	db   *store.DB
	api  *API
	mux  *httpx.Router
	logs *syncBuffer
}

// newEnv wires the API as the server does; opts may replace parts of the
// configuration (a failing reader, a policy).
func newEnv(tb testing.TB, opts ...func(*Config)) *testEnv {
	tb.Helper()
	db := openSQLite(tb)
	clock := toren.NewFixedClock(now)
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	v := reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: clock}
	// Need-to-know on persons is tested end to end (internal/cli); here
	// every person is open, so the merge endpoint's own behaviour shows.
	reg := registry.New(registry.Config{Store: db, Thresholds: radar.DefaultThresholds(), Clock: clock, Log: log, Persons: openPersons{}})
	cw, actor := caseworkFixture(tb, db, clock)
	histories, desk, raiser := withAlerts(tb, db, clock) // history_alerts_test.go
	svc := intake.NewService(db, v, intaketest.ExactResolver{}, clock, log, intake.WithAlerts(raiser))
	cfg := Config{Intake: svc, Reader: plainReader{db}, Log: log, Casework: cw, Actor: actor, Registry: reg, BreakGlass: fakeGlass{}, Statuses: fakeStatuses{}, Batches: fakeBatches{}, Partners: fakePartners{}}
	cfg.Histories, cfg.Alerts = histories, desk
	cfg.ITTeam = itFixture(tb, db, clock) // itteam_test.go
	for _, o := range opts {
		o(&cfg)
	}
	a := New(cfg)
	mux := httpx.NewRouter()
	a.Register(mux)
	return &testEnv{tb: tb, db: db, api: a, mux: mux, logs: logs}
}

type response struct {
	status  int
	header  http.Header
	body    []byte
	pattern string // the ServeMux pattern that served the request
}

func (r response) json(tb testing.TB) map[string]any {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		tb.Fatalf("response is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

// problem decodes a problem response.
func (r response) problem(tb testing.TB) Problem {
	tb.Helper()
	if ct := r.header.Get("Content-Type"); ct != ProblemContentType {
		tb.Fatalf("Content-Type = %q, want %q; body %s", ct, ProblemContentType, r.body)
	}
	var p Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		tb.Fatalf("bad problem: %v\n%s", err, r.body)
	}
	if p.Status != r.status {
		tb.Errorf("problem status %d, response status %d", p.Status, r.status)
	}
	return p
}

// hasError reports whether the problem names field with rule.
func (p Problem) hasError(field, rule string) bool {
	for _, e := range p.Errors {
		if e.Field == field && e.Rule == rule {
			return true
		}
	}
	return false
}

// do sends one request through the mux and checks the response against
// the OpenAPI document: the status must be documented for the operation
// and the body must match the documented schema. headers are name, value
// pairs; a body gets Content-Type application/json unless headers set one.
func (e *testEnv) do(method, target string, body io.Reader, headers ...string) response {
	e.tb.Helper()
	req := httptest.NewRequest(method, target, body)
	// Signed in as a team leader, with the audit recorder the gate gives
	// every request; a request acting as a test user of the case-file
	// fixture (testUserHeader) is recorded as that user, as the gate
	// records the signed-in user.
	auditRec := &audit.Recorder{Template: audit.Entry{ActorID: "6", ActorName: "Tara Mulder", Role: "team_leader", Origin: "test"}}
	name := "iris"
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == testUserHeader {
			name = headers[i+1]
		}
	}
	if u, err := e.db.GetUserByUsername(req.Context(), name); err == nil {
		auditRec.Template.ActorID, auditRec.Template.ActorName = strconv.FormatInt(u.ID, 10), u.DisplayName
		auditRec.Template.Role = strings.Join(u.Roles, ",")
	}
	req = req.WithContext(audit.WithRecorder(access.NewContext(req.Context(), &access.Principal{
		Actor: authz.Actor{UserID: 6, Name: "Tara Mulder", Roles: []authz.Role{authz.RoleTeamLeader}}}), auditRec))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
		if headers[i] == "Content-Type" {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, req)
	res := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes(), pattern: req.Pattern}
	checkAgainstSpec(e.tb, e.api, res)
	return res
}

func (e *testEnv) post(target, body string, headers ...string) response {
	e.tb.Helper()
	return e.do(http.MethodPost, target, strings.NewReader(body), headers...)
}

func (e *testEnv) get(target string) response {
	e.tb.Helper()
	return e.do(http.MethodGet, target, nil)
}

// counts returns reports, advice requests and registry persons stored.
func (e *testEnv) counts() [3]int64 {
	e.tb.Helper()
	r, a, p, err := e.db.Counts(context.Background())
	if err != nil {
		e.tb.Fatal(err)
	}
	return [3]int64{r, a, p}
}

var (
	specOnce sync.Once
	spec     *openapi3.T
	specErr  error
)

// loadSpec parses the served OpenAPI document (the same for every API).
func loadSpec(tb testing.TB, a *API) *openapi3.T {
	tb.Helper()
	specOnce.Do(func() {
		spec, specErr = openapi3.NewLoader().LoadFromData(a.openapi)
	})
	if specErr != nil {
		tb.Fatalf("load OpenAPI document: %v", specErr)
	}
	return spec
}

// checkAgainstSpec fails the test when the response is not what the
// OpenAPI document promises for the route that served it.
func checkAgainstSpec(tb testing.TB, a *API, res response) {
	tb.Helper()
	method, path, ok := strings.Cut(res.pattern, " ")
	if !ok {
		tb.Fatalf("request was not served by an API route (pattern %q, status %d)", res.pattern, res.status)
	}
	doc := loadSpec(tb, a)
	item := doc.Paths.Value(path)
	if item == nil {
		tb.Fatalf("%s is not in the OpenAPI document", path)
	}
	op := item.GetOperation(method)
	if op == nil {
		tb.Fatalf("%s %s is not in the OpenAPI document", method, path)
	}
	ref := op.Responses.Status(res.status)
	if ref == nil || ref.Value == nil {
		tb.Fatalf("%s answered %d, which the OpenAPI document does not list; body %s", op.OperationID, res.status, res.body)
	}
	for name := range ref.Value.Headers {
		if res.header.Get(name) == "" {
			tb.Errorf("%s %d: documented header %s missing", op.OperationID, res.status, name)
		}
	}
	mt, _, err := mime.ParseMediaType(res.header.Get("Content-Type"))
	if err != nil {
		tb.Fatalf("%s %d: bad Content-Type %q", op.OperationID, res.status, res.header.Get("Content-Type"))
	}
	media := ref.Value.Content.Get(mt)
	if media == nil {
		tb.Fatalf("%s %d: Content-Type %s is not documented", op.OperationID, res.status, mt)
	}
	if mt != "application/json" && !strings.HasSuffix(mt, "+json") {
		// A document (the safety plan's PDF): a binary string, not empty.
		if sc := media.Schema; sc == nil || sc.Value == nil || sc.Value.Format != "binary" || len(res.body) == 0 {
			tb.Errorf("%s %d: %s body of %d bytes against a schema that is not binary", op.OperationID, res.status, mt, len(res.body))
		}
		return
	}
	var v any
	if err := json.Unmarshal(res.body, &v); err != nil {
		tb.Fatalf("%s %d: body is not JSON: %v\n%s", op.OperationID, res.status, err, res.body)
	}
	if err := media.Schema.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		tb.Fatalf("%s %d: body does not match the documented schema: %v\n%s", op.OperationID, res.status, err, res.body)
	}
}

// syncBuffer is a bytes.Buffer safe for the logger and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// validReport is a complete, valid report as a JSON object, for tests to
// change one thing in.
func validReport() map[string]any {
	return map[string]any{
		"received_at": "2026-03-02T09:30:00Z",
		"channel":     "phone",
		"reporter": map[string]any{"kind": "police", "name": "J. Bakker", "organisation": "Politie Eenheid Oost-Nederland",
			"phone": "088-1234567", "protect_identity": true},
		"external_ref":     "PL0600-2026012345",
		"acute":            true,
		"children_present": "yes",
		"violence_types":   []any{"ex_partner", "witnessing_domestic"},
		"natures":          []any{"threats", "psychological_abuse"},
		"municipality":     "GM0153",
		"description":      "Escalatie tussen ex-partners; kinderen waren getuige.",
		"persons": []any{
			map[string]any{"role": "victim", "first_names": "Sandra", "particle": "van der", "surname": "Berg",
				"birth_date": "1990-05-17", "sex": "female", "street": "Lasondersingel", "house_number": "12A",
				"postcode": "7514 BP", "city": "Enschede", "municipality": "GM0153", "bsn": "111222333", "phone": "06-12345678"},
			map[string]any{"role": "child", "first_names": "Daan", "surname": "Kaya", "age": 4, "sex": "male"},
		},
	}
}

// validAdvice is a minimal valid advice request.
func validAdvice() map[string]any {
	return map[string]any{
		"reporter":    map[string]any{"kind": "citizen", "relation": "buurvrouw"},
		"description": "Buurvrouw hoort 's nachts geschreeuw en een huilend kind.",
	}
}

func encode(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// set changes the value at a path such as "persons[0].bsn" in a JSON
// object built from maps and slices; a nil value deletes the key.
func set(m map[string]any, path string, v any) map[string]any {
	parts := strings.Split(path, ".")
	var cur any = m
	for i, part := range parts {
		name, idx := part, -1
		if open := strings.IndexByte(part, '['); open >= 0 {
			name = part[:open]
			idx, _ = strconv.Atoi(strings.TrimSuffix(part[open+1:], "]"))
		}
		obj := cur.(map[string]any)
		last := i == len(parts)-1
		if idx < 0 {
			if last {
				if v == nil {
					delete(obj, name)
				} else {
					obj[name] = v
				}
				return m
			}
			cur = obj[name]
			continue
		}
		list := obj[name].([]any)
		if last {
			list[idx] = v
			return m
		}
		cur = list[idx]
	}
	return m
}

// openPersons lets every caller read every person and report in full.
type openPersons struct{}

func (openPersons) CheckPersonFull(context.Context, authz.Actor, int64) error { return nil }
func (openPersons) CheckReportFull(context.Context, authz.Actor, int64) error { return nil }
func (openPersons) Note(context.Context, string)                              {}

// fakeGlass answers the break-glass endpoints by object or grant ID, so
// that the adapter's statuses show (the rules are tested end to end).
type fakeGlass struct{}

func (fakeGlass) Open(_ context.Context, a authz.Actor, req breakglass.Request, _ string) (breakglass.Record, error) {
	switch {
	case req.ReasonCode == "":
		var p toren.Problems
		p.Add("reason_code", "enum", "reason_code is required")
		return breakglass.Record{}, p.Err()
	case req.ObjectID == 2:
		return breakglass.Record{}, breakglass.ErrNotNeeded
	case req.ObjectID == 99:
		return breakglass.Record{}, toren.Errorf(toren.CodeNotFound, "no such report")
	}
	return breakglass.Record{ID: 1, UserID: a.UserID, UserName: a.Name, ObjectKind: req.ObjectKind, ObjectID: req.ObjectID,
		ReasonCode: req.ReasonCode, Reason: req.Reason, Teams: []string{"Team Zuid"}, IssuedAt: now, ExpiresAt: now.Add(authz.GrantDuration)}, nil
}

func (fakeGlass) ToReview(context.Context, authz.Actor) ([]breakglass.Record, error) {
	return []breakglass.Record{{ID: 1, UserID: 3, UserName: "Iris", ObjectKind: authz.KindReport, ObjectID: 1, ReasonCode: breakglass.ReasonCrisisCall,
		Reason: "Politie belt.", Teams: []string{"Team Zuid"}, IssuedAt: now, ExpiresAt: now.Add(authz.GrantDuration),
		Opened: []breakglass.Access{{At: now, Action: "report.view", ObjectType: "report", ObjectID: "1", PersonIDs: []int64{}}}}}, nil
}

func (g fakeGlass) Review(ctx context.Context, a authz.Actor, id int64, rv breakglass.Review, _ string) (breakglass.Record, error) {
	switch {
	case id == 99:
		return breakglass.Record{}, toren.Errorf(toren.CodeNotFound, "no such grant")
	case id == 2:
		return breakglass.Record{}, toren.Errorf(toren.CodeConflict, "reviewed already")
	case !rv.Outcome.Valid():
		var p toren.Problems
		p.Add("outcome", "enum", "outcome is not one of the list")
		return breakglass.Record{}, p.Err()
	}
	list, _ := g.ToReview(ctx, a)
	r := list[0]
	r.ReviewedBy, r.ReviewedAt, r.ReviewOutcome, r.ReviewNote = a.UserID, now, rv.Outcome, rv.Note
	return r, nil
}

type failingGlass struct{}

func (failingGlass) Open(context.Context, authz.Actor, breakglass.Request, string) (breakglass.Record, error) {
	return breakglass.Record{}, errors.New("disk on fire")
}
func (failingGlass) ToReview(context.Context, authz.Actor) ([]breakglass.Record, error) {
	return nil, errors.New("disk on fire")
}
func (failingGlass) Review(context.Context, authz.Actor, int64, breakglass.Review, string) (breakglass.Record, error) {
	return breakglass.Record{}, errors.New("disk on fire")
}
