package api

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"toren/internal/accounts"
	"toren/internal/alerts"
	"toren/internal/authz"
	"toren/internal/escalate"
	"toren/internal/history"
	"toren/internal/intake"
	"toren/internal/store"
	"toren/internal/toren"
)

// withAlerts returns a history reader and an alert desk for one intake
// worker of the triage team "Frontoffice", and the alert step that raises
// alerts for that team. Need-to-know is tested with the access guard (internal/cli);
// here the API's own contract is.
func withAlerts(tb testing.TB, db *store.DB, clock toren.Clock) (Histories, Alerts, intake.AlertRaiser) {
	tb.Helper()
	e, err := escalate.New(escalate.DefaultConfig())
	if err != nil {
		tb.Fatal(err)
	}
	// The case-work fixture may have made iris already; share her.
	u, err := db.GetUserByUsername(context.Background(), "iris")
	if err != nil {
		u = accounts.User{Username: "iris", DisplayName: "Iris de Wit", Roles: []string{"intake"}, CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
		if err := db.CreateUser(context.Background(), &u); err != nil {
			tb.Fatal(err)
		}
	}
	actor := authz.Actor{UserID: u.ID, Name: u.DisplayName, Roles: []authz.Role{authz.RoleIntake}, Teams: []string{"Frontoffice"}}
	return plainHistories{db}, actorDesk{alerts.NewService(db, clock), actor}, alerts.Router{Engine: e, TriageTeam: "Frontoffice"}
}

// plainHistories is a person's history without need-to-know.
type plainHistories struct{ db *store.DB }

func (h plainHistories) PersonHistory(ctx context.Context, _ authz.Actor, id int64) (*history.PersonHistory, error) {
	p, err := h.db.GetPerson(ctx, id)
	if err != nil {
		return nil, err
	}
	members, err := h.db.Household(ctx, id)
	if err != nil {
		return nil, err
	}
	tl := history.Timeline{Sources: h.db.HistorySources()}
	evs, truncated, err := tl.Events(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	return &history.PersonHistory{Person: p, Full: true, Household: members, Events: evs, Truncated: truncated}, nil
}

// actorDesk is the alert desk of one fixed actor.
type actorDesk struct {
	svc   *alerts.Service
	actor authz.Actor
}

func (d actorDesk) MyAlerts(ctx context.Context, f alerts.Filter) ([]alerts.Alert, error) {
	return d.svc.For(ctx, d.actor, f)
}

func (d actorDesk) Acknowledge(ctx context.Context, id int64, note string) (alerts.Alert, error) {
	return d.svc.Acknowledge(ctx, d.actor, id, note)
}

type failingHistories struct{}

func (failingHistories) PersonHistory(context.Context, authz.Actor, int64) (*history.PersonHistory, error) {
	return nil, errSecret
}

type failingAlerts struct{}

func (failingAlerts) MyAlerts(context.Context, alerts.Filter) ([]alerts.Alert, error) {
	return nil, errSecret
}

func (failingAlerts) Acknowledge(context.Context, int64, string) (alerts.Alert, error) {
	return alerts.Alert{}, errSecret
}

func TestPersonHistory(t *testing.T) {
	e := newEnv(t)
	seed(t, e)
	res := e.get("/api/v1/persons/1/history")
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	body := res.json(t)
	evs := body["events"].([]any)
	if len(evs) != 2 {
		t.Fatalf("%d events, want the two reports naming Sandra: %s", len(evs), res.body)
	}
	first := evs[0].(map[string]any)
	if first["kind"] != "report" || first["content"] != true || first["report"].(map[string]any)["reporter_kind"] != "police" {
		t.Errorf("newest event %v", first)
	}
	// Daan (person 2) is named with Sandra in the first report.
	hh := body["household"].([]any)
	if len(hh) != 1 || hh[0].(map[string]any)["person"].(map[string]any)["id"] != float64(2) {
		t.Errorf("household %v", hh)
	}
	if p := e.get("/api/v1/persons/x/history"); p.status != http.StatusNotFound {
		t.Errorf("non-numeric id: %d", p.status)
	}
}

func TestAlertsListAndAcknowledge(t *testing.T) {
	e := newEnv(t)
	seed(t, e) // two acute reports: two urgent alerts for the triage team
	res := e.get("/api/v1/alerts?limit=1")
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	page := res.json(t)
	items := page["items"].([]any)
	if len(items) != 1 || page["next"] == nil {
		t.Fatalf("first page %s", res.body)
	}
	newest := items[0].(map[string]any)
	if newest["rule"] != string(escalate.CodeUrgent) || newest["team"] != "Frontoffice" || newest["acknowledged_at"] != nil ||
		!strings.Contains(newest["explanation"].(string), "acuut") {
		t.Errorf("alert %v", newest)
	}
	next := e.get("/api/v1/alerts?limit=1&before=" + page["next"].(string)).json(t)
	if n := len(next["items"].([]any)); n != 1 || next["next"] != nil {
		t.Errorf("second page: %d items, next %v", n, next["next"])
	}

	ack := e.post("/api/v1/alerts/1/acknowledge", `{"note": "Moeder gebeld; zij is veilig bij haar zus."}`)
	if ack.status != http.StatusOK {
		t.Fatalf("acknowledge: %d %s", ack.status, ack.body)
	}
	a := ack.json(t)
	if a["acknowledged_by_name"] != "Iris de Wit" || a["note"] != "Moeder gebeld; zij is veilig bij haar zus." || a["acknowledged_at"] == nil {
		t.Errorf("acknowledged %v", a)
	}
	open := e.get("/api/v1/alerts").json(t)["items"].([]any)
	done := e.get("/api/v1/alerts?state=acknowledged").json(t)["items"].([]any)
	if len(open) != 1 || len(done) != 1 {
		t.Errorf("open %d, acknowledged %d", len(open), len(done))
	}

	bad := e.post("/api/v1/alerts/2/acknowledge", `{"note": ""}`)
	if p := bad.problem(t); bad.status != http.StatusUnprocessableEntity || !p.hasError("note", "required") {
		t.Errorf("empty note: %d %+v", bad.status, p)
	}
	unknown := e.post("/api/v1/alerts/2/acknowledge", `{"note": "x", "done": true}`)
	if p := unknown.problem(t); unknown.status != http.StatusUnprocessableEntity || !p.hasError("done", "unknown_field") {
		t.Errorf("unknown field: %d %+v", unknown.status, p)
	}
	if still := e.get("/api/v1/alerts").json(t)["items"].([]any); len(still) != 1 {
		t.Errorf("a refused acknowledgement changed something: %d open", len(still))
	}
	ids := []float64{}
	for _, it := range e.get("/api/v1/alerts?state=all").json(t)["items"].([]any) {
		ids = append(ids, it.(map[string]any)["id"].(float64))
	}
	if !slices.Equal(ids, []float64{2, 1}) {
		t.Errorf("all alerts %v", ids)
	}
}
