package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/cases"
	"toren/internal/casework"
)

// newDemoCaseEnv runs the demo as toren demo does: the seed reports, the
// accounts, and the seed stories' cases played through the process.
func newDemoCaseEnv(t *testing.T) *matrixEnv {
	t.Helper()
	ctx := context.Background()
	a := apptest.New(t)
	apptest.Demo(t, a, 0, 1)
	played, err := a.LoadDemoCases(ctx)
	if err != nil || played != 2 {
		t.Fatalf("demo cases: %d played, %v", played, err)
	}
	// Loading again into the same database plays nothing twice.
	if again, err := a.LoadDemoCases(ctx); err != nil || again != 0 {
		t.Fatalf("second load: %d played, %v", again, err)
	}
	hs := apptest.Serve(t, a)
	return &matrixEnv{app: a, srv: hs}
}

func getJSON(t *testing.T, c *http.Client, url string, out any) int {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s: %v\n%s", url, err, b)
		}
	}
	if out == nil && resp.StatusCode == http.StatusForbidden && !bytes.Contains(b, []byte("ask team")) {
		t.Errorf("%s: 403 without whom to ask: %s", url, b)
	}
	return resp.StatusCode
}

// TestDemoCasesThroughTheAPI: the demo shows Lisanne's case in Voorwaarden
// & Vervolg with its closure waiting for the behavioural scientist, and
// the pregnant mother's case in monitoring; over the API, through the
// access gate, with need-to-know and the audit log.
func TestDemoCasesThroughTheAPI(t *testing.T) {
	t.Parallel()
	e := newDemoCaseEnv(t)
	ctx := context.Background()
	caseOf := func(key string) *casework.File {
		id, err := e.app.Store().ReportIDByKey(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		for n := int64(1); n < 10; n++ {
			f, err := e.app.Store().CaseFile(ctx, n)
			if err == nil && f.Case.ReportIDs[0] == id {
				return f
			}
		}
		t.Fatalf("no case for %s", key)
		return nil
	}
	lisanne, pregnancy := caseOf("demo:lisanne:police"), caseOf("demo:pregnancy:addiction-care")
	if lisanne.Case.Status != cases.StatusConditions || lisanne.Case.Team != "Backoffice" || len(lisanne.Contacts) != 5 ||
		len(lisanne.Conditions) != 5 || len(lisanne.Handovers) != 1 {
		t.Errorf("Lisanne: %s %s, %d contacts, %d conditions", lisanne.Case.Status, lisanne.Case.Team, len(lisanne.Contacts), len(lisanne.Conditions))
	}
	if pregnancy.Case.Status != cases.StatusMonitoring || pregnancy.Case.Team != "Team Monitoring" || len(pregnancy.Monitoring) != 2 {
		t.Errorf("pregnancy: %s %s, %d moments", pregnancy.Case.Status, pregnancy.Case.Team, len(pregnancy.Monitoring))
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }

	cm, _ := e.signIn(t, "casemanager")
	var f casework.File
	before := e.head(t)
	if code := getJSON(t, cm, e.srv.URL+"/api/v1/cases/"+id(lisanne.Case.ID), &f); code != 200 || len(f.Steps) == 0 || f.Facts.SafetyConditions != 5 {
		t.Fatalf("case manager reads Lisanne's case: %d, facts %+v", code, f.Facts)
	}
	// The process keeps codes; the API gives the catalogue's words beside
	// them, as the case page shows them.
	for _, st := range f.Steps {
		if st.Label == "" || st.Label == string(st.Transition) {
			t.Errorf("step %s over the API has no words: %q", st.Transition, st.Label)
		}
	}
	for _, d := range f.Deadlines {
		if d.Label == "" || d.Label == string(d.Kind) {
			t.Errorf("deadline %s over the API has no words: %q", d.Kind, d.Label)
		}
	}
	en := e.entriesAfter(t, before)
	if len(en) != 1 || en[0].Action != "case.view" || en[0].ObjectID != id(lisanne.Case.ID) || len(en[0].PersonIDs) == 0 {
		t.Errorf("audit of the read: %+v", en)
	}
	mo, _ := e.signIn(t, "monitoring")
	if code := getJSON(t, mo, e.srv.URL+"/api/v1/cases/"+id(lisanne.Case.ID), nil); code != http.StatusForbidden {
		t.Errorf("Team Monitoring reads the backoffice's case: %d", code)
	}
	var q struct{ Items []casework.QueueItem }
	if code := getJSON(t, mo, e.srv.URL+"/api/v1/queue", &q); code != 200 {
		t.Fatalf("monitoring queue: %d", code)
	}
	var moments int
	for _, it := range q.Items {
		if it.CaseID == pregnancy.Case.ID && it.Deadline == cases.DeadlineMonitoring {
			moments++
			if !strings.HasPrefix(it.Label, "Monitoring na ") || it.Months == 0 {
				t.Errorf("a monitoring moment over the API: label %q, months %d", it.Label, it.Months)
			}
		}
	}
	if moments != 2 {
		t.Errorf("monitoring queue: %+v", q.Items)
	}

	// The behavioural scientist approves the closure of Lisanne's service
	// over the API; the case moves to the handover.
	gw, csrf := e.signIn(t, "gedragswetenschapper")
	if code := getJSON(t, gw, e.srv.URL+"/api/v1/queue", &q); code != 200 {
		t.Fatalf("gedragswetenschapper's queue: %d", code)
	}
	var decision int64
	for _, it := range q.Items {
		if it.Kind == casework.QueueApproval && it.CaseID == lisanne.Case.ID {
			decision = it.DecisionID
			// The API words the item from the web's catalogue, as the
			// pages do, beside the kind and its data.
			if want := "Besluit ter goedkeuring: "; !strings.HasPrefix(it.Label, want) || it.DecisionKind == "" {
				t.Errorf("the approval item over the API: label %q, decision kind %q", it.Label, it.DecisionKind)
			}
		}
	}
	if decision == 0 {
		t.Fatalf("no approval waiting: %+v", q.Items)
	}
	approve := func(c *http.Client, token string) int {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/decisions/"+id(decision)+"/approval", strings.NewReader(`{"version":1}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", token)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	cmc, cmCSRF := e.signIn(t, "casemanager")
	if code := approve(cmc, cmCSRF); code != http.StatusForbidden {
		t.Errorf("the proposer's role approves: %d", code)
	}
	before = e.head(t)
	if code := approve(gw, csrf); code != http.StatusOK {
		t.Fatalf("approval: %d", code)
	}
	got, err := e.app.Store().CaseFile(ctx, lisanne.Case.ID)
	if err != nil || got.Case.Status != cases.StatusHandover {
		t.Fatalf("after approval: %v %v", got.Case.Status, err)
	}
	var actions []string
	for _, x := range e.entriesAfter(t, before) {
		actions = append(actions, x.Action+"/"+x.ActorName)
		if x.Outcome != audit.OutcomeOK {
			t.Errorf("entry %+v", x)
		}
	}
	if strings.Join(actions, " ") != "decision.approve/Gert Visser case.transition/Gert Visser" {
		t.Errorf("audit of the approval: %v (want the approval and its step, no second entry from the gate)", actions)
	}
}
