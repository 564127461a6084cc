package alerts

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/escalate"
	"toren/internal/reports"
	"toren/internal/toren"
)

var now = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func engine(t *testing.T) *escalate.Engine {
	t.Helper()
	e, err := escalate.New(escalate.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// signal is an acute report about person 1, in open case 9 of team
// Backoffice: one triage alert and one case alert.
func signal() (escalate.Signal, escalate.History) {
	s := escalate.Signal{ReportID: 100, Number: "M-2026-000100", Kind: reports.KindReport, Acute: true, ReceivedAt: now,
		Persons: []escalate.Person{{ID: 1, Role: reports.RoleVictim}}}
	h := escalate.History{Cases: []escalate.Case{{ID: 9, Number: "D-2026-000009", Status: cases.StatusInvestigation, Team: "Backoffice", PersonIDs: []int64{1}}}}
	return s, h
}

type assignee struct {
	got []escalate.Audience
	err error
}

func (a *assignee) Recipient(_ context.Context, c escalate.Case, aud escalate.Audience) (Recipient, error) {
	a.got = append(a.got, aud)
	return Recipient{Team: c.Team, UserID: 42}, a.err
}

func TestRouterAddressesAlerts(t *testing.T) {
	s, h := signal()
	got, err := Router{Engine: engine(t), TriageTeam: "Frontoffice"}.Raise(context.Background(), s, h)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%+v", got)
	}
	if got[0].Rule != escalate.CodeUrgent || got[0].Team != "Frontoffice" || got[0].CaseID != 0 || got[0].ReportNumber != "M-2026-000100" {
		t.Errorf("triage alert %+v", got[0])
	}
	if got[1].Rule != escalate.CodeOpenCase || got[1].Team != "Backoffice" || got[1].UserID != 0 || got[1].CaseID != 9 || got[1].CaseNumber != "D-2026-000009" {
		t.Errorf("case alert (default: the case's team) %+v", got[1])
	}
	// The seam: case assignment names the case manager.
	w := &assignee{}
	got, err = Router{Engine: engine(t), Workers: w, TriageTeam: "Frontoffice"}.Raise(context.Background(), s, h)
	if err != nil || got[1].UserID != 42 || got[0].UserID != 0 || len(w.got) != 1 || w.got[0] != escalate.AudienceCaseManager {
		t.Errorf("with case workers: %+v %v (asked for %v)", got, err, w.got)
	}
	if _, err := (Router{Engine: engine(t), Workers: &assignee{err: errors.New("down")}}).Raise(context.Background(), s, h); err == nil {
		t.Error("a failing lookup went unnoticed")
	}
	// A case without a team: someone must see it.
	h.Cases[0].Team = ""
	got, _ = Router{Engine: engine(t), TriageTeam: "Frontoffice"}.Raise(context.Background(), s, h)
	if got[1].Team != "Frontoffice" {
		t.Errorf("alert about a case without a team went to %q", got[1].Team)
	}
}

// memStore is an alerts.Store in memory.
type memStore struct {
	alerts map[int64]Alert
	acked  []Ack
	// auditedAs is the actor ID of each acknowledgement's audit entry.
	auditedAs []string
	listed    Filter
}

func (m *memStore) ListAlerts(_ context.Context, f Filter) ([]Alert, error) {
	m.listed = f
	var out []Alert
	for _, a := range m.alerts {
		out = append(out, a)
	}
	return out, nil
}
func (m *memStore) CountOpenAlerts(context.Context, []string, int64) (int, error) {
	return len(m.alerts), nil
}
func (m *memStore) GetAlert(_ context.Context, id int64) (Alert, error) {
	a, ok := m.alerts[id]
	if !ok {
		return a, toren.Errorf(toren.CodeNotFound, "alert %d not found", id)
	}
	return a, nil
}

// AcknowledgeAlert refuses, as the real store does, an acknowledgement
// whose audit entry no recorder would write; it keeps who the entry names.
func (m *memStore) AcknowledgeAlert(ctx context.Context, a Ack) (Alert, error) {
	rec, ok := audit.RecorderFrom(ctx)
	if !ok {
		return Alert{}, errors.New("no audit recorder")
	}
	m.auditedAs = append(m.auditedAs, rec.Template.ActorID)
	m.acked = append(m.acked, a)
	al := m.alerts[a.ID]
	al.AcknowledgedAt, al.AcknowledgedBy, al.Note = &a.At, a.By, a.Note
	m.alerts[a.ID] = al
	return al, nil
}

func (m *memStore) CountAlerts(_ context.Context, f Filter) (int, error) {
	m.listed = f
	return len(m.alerts), nil
}

// AcknowledgeAlerts stores all or, on a conflict, none.
func (m *memStore) AcknowledgeAlerts(ctx context.Context, acks []Ack) error {
	for _, a := range acks {
		if al := m.alerts[a.ID]; !al.Open() || al.Version != a.Version {
			return toren.Errorf(toren.CodeConflict, "alert %d changed", a.ID)
		}
	}
	for _, a := range acks {
		if _, err := m.AcknowledgeAlert(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

func TestServiceAcknowledgeAll(t *testing.T) {
	acked := now
	fresh := func() *memStore {
		return &memStore{alerts: map[int64]Alert{
			1: {ID: 1, Team: "Backoffice", Version: 1},
			2: {ID: 2, Team: "Backoffice", Version: 1},
			3: {ID: 3, Team: "Team Zuid", Version: 1},
			4: {ID: 4, Team: "Backoffice", AcknowledgedAt: &acked, Version: 2},
		}}
	}
	cm := authz.Actor{UserID: 5, Roles: []authz.Role{authz.RoleCaseManager}, Teams: []string{"Backoffice"}}
	many := make([]int64, MaxBulk+1)
	for i := range many {
		many[i] = 1
	}
	tests := []struct {
		name  string
		ids   []int64
		note  string
		want  toren.Code
		field string
	}{
		{"no alerts chosen", nil, "Gebeld.", toren.CodeInvalid, "ids"},
		{"too many at once", many, "Gebeld.", toren.CodeInvalid, "ids"},
		{"no note", []int64{1, 2}, " ", toren.CodeInvalid, "note"},
		{"one of another team", []int64{1, 3}, "Gebeld.", toren.CodeForbidden, ""},
		{"one acknowledged already", []int64{1, 4}, "Gebeld.", toren.CodeConflict, ""},
		{"one missing", []int64{1, 99}, "Gebeld.", toren.CodeNotFound, ""},
		{"own team's, one twice", []int64{1, 2, 1}, " Vader gebeld. ", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := fresh()
			svc := NewService(st, toren.NewFixedClock(now))
			got, err := svc.AcknowledgeAll(context.Background(), cm, tt.ids, tt.note)
			if tt.want != "" {
				if toren.ErrorCode(err) != tt.want {
					t.Fatalf("err %v, want %q", err, tt.want)
				}
				if len(st.acked) != 0 {
					t.Errorf("a refused bulk acknowledgement stored %+v", st.acked)
				}
				if tt.field != "" && toren.FieldErrors(err)[0].Field != tt.field {
					t.Errorf("problem names %v, want %s", toren.FieldErrors(err), tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || len(st.acked) != 2 {
				t.Fatalf("acknowledged %+v, stored %+v", got, st.acked)
			}
			for _, a := range st.acked {
				if a.By != 5 || a.Note != "Vader gebeld." || !a.At.Equal(now) || a.Version != 1 {
					t.Errorf("stored %+v", a)
				}
			}
		})
	}
}

func TestServiceFilterAndGet(t *testing.T) {
	st := &memStore{alerts: map[int64]Alert{1: {ID: 1, Team: "Backoffice"}, 2: {ID: 2, Team: "Team Zuid", UserID: 5}, 3: {ID: 3, Team: "Team Zuid"}}}
	svc := NewService(st, toren.NewFixedClock(now))
	cm := authz.Actor{UserID: 5, Roles: []authz.Role{authz.RoleCaseManager}, Teams: []string{"Backoffice"}}
	ctx := context.Background()
	for _, tt := range []struct {
		f     Filter
		field string
	}{
		{Filter{Rule: "made_up"}, "rule"},
		{Filter{Severity: "medium"}, "severity"},
		{Filter{Team: "Team Zuid"}, "team"},
		{Filter{CreatedAfter: now, CreatedBefore: now.Add(-time.Hour)}, "created_after"},
	} {
		if _, err := svc.For(ctx, cm, tt.f); toren.ErrorCode(err) != toren.CodeInvalid || toren.FieldErrors(err)[0].Field != tt.field {
			t.Errorf("list with %+v: %v, want a problem with %s", tt.f, err, tt.field)
		}
		if _, err := svc.Count(ctx, cm, tt.f); toren.ErrorCode(err) != toren.CodeInvalid {
			t.Errorf("count with %+v: %v", tt.f, err)
		}
	}
	if n, err := svc.Count(ctx, cm, Filter{Teams: []string{"Elders"}, Severity: escalate.SeverityUrgent, Team: "Backoffice"}); err != nil || n != 3 {
		t.Fatalf("count: %d %v", n, err)
	}
	if st.listed.Teams[0] != "Backoffice" || st.listed.UserID != 5 || st.listed.Severity != escalate.SeverityUrgent {
		t.Errorf("counted with %+v", st.listed)
	}
	for id, want := range map[int64]toren.Code{1: "", 2: "", 3: toren.CodeNotFound, 9: toren.CodeNotFound} {
		if _, err := svc.Get(ctx, cm, id); (want == "" && err != nil) || (want != "" && toren.ErrorCode(err) != want) {
			t.Errorf("get %d: %v, want %q", id, err, want)
		}
	}
	admin := authz.Actor{UserID: 8, Roles: []authz.Role{authz.RoleAdmin}, Teams: []string{"Backoffice"}}
	if _, err := svc.Get(ctx, admin, 1); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("administrator read an alert: %v", err)
	}
}

func TestServiceAcknowledge(t *testing.T) {
	acked := now
	st := &memStore{alerts: map[int64]Alert{
		1: {ID: 1, Team: "Backoffice", Version: 1},
		2: {ID: 2, Team: "Backoffice", AcknowledgedAt: &acked, Version: 2},
		3: {ID: 3, Team: "Team Zuid", UserID: 77, Version: 1},
	}}
	svc := NewService(st, toren.NewFixedClock(now))
	cm := authz.Actor{UserID: 5, Roles: []authz.Role{authz.RoleCaseManager}, Teams: []string{"Backoffice"}}
	scientist := authz.Actor{UserID: 6, Roles: []authz.Role{authz.RoleBehaviouralScientist}, Teams: []string{"Backoffice"}}
	named := authz.Actor{UserID: 77, Roles: []authz.Role{authz.RoleCaseManager}, Teams: []string{"Backoffice"}}
	tests := []struct {
		name  string
		actor authz.Actor
		id    int64
		note  string
		want  toren.Code
	}{
		{"no note", cm, 1, "  ", toren.CodeInvalid},
		{"note too long", cm, 1, strings.Repeat("x", MaxNoteRunes+1), toren.CodeInvalid},
		{"missing alert", cm, 99, "Gebeld.", toren.CodeNotFound},
		{"another team's alert", cm, 3, "Gebeld.", toren.CodeForbidden},
		{"a role that may not acknowledge", scientist, 1, "Gebeld.", toren.CodeForbidden},
		{"acknowledged already", cm, 2, "Gebeld.", toren.CodeConflict},
		{"the worker it names, in another team", named, 3, "Gebeld.", ""},
		{"own team", cm, 1, " Moeder gebeld. ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(st.acked)
			a, err := svc.Acknowledge(context.Background(), tt.actor, tt.id, tt.note)
			if toren.ErrorCode(err) != tt.want && !(tt.want == "" && err == nil) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
			if tt.want != "" {
				if len(st.acked) != before {
					t.Error("a refused acknowledgement was stored")
				}
				if tt.want == toren.CodeInvalid && toren.FieldErrors(err)[0].Field != "note" {
					t.Errorf("problem names %v", toren.FieldErrors(err))
				}
				return
			}
			last := st.acked[len(st.acked)-1]
			if last.By != tt.actor.UserID || !last.At.Equal(now) || last.Note != strings.TrimSpace(tt.note) || last.Version != 1 || a.Open() {
				t.Errorf("stored %+v", last)
			}
			// The service names its actor in the audit entry, also
			// without a recorder of the request's (the CLI, a test).
			if got, want := st.auditedAs[len(st.auditedAs)-1], strconv.FormatInt(tt.actor.UserID, 10); got != want {
				t.Errorf("audit entry by %q, want %q", got, want)
			}
		})
	}
}

func TestServiceListsForTheActor(t *testing.T) {
	st := &memStore{alerts: map[int64]Alert{1: {ID: 1, Team: "Backoffice"}}}
	svc := NewService(st, toren.NewFixedClock(now))
	cm := authz.Actor{UserID: 5, Roles: []authz.Role{authz.RoleCaseManager}, Teams: []string{"Backoffice"}}
	if _, err := svc.For(context.Background(), cm, Filter{Teams: []string{"Elders"}, UserID: 99, State: StateAll}); err != nil {
		t.Fatal(err)
	}
	if len(st.listed.Teams) != 1 || st.listed.Teams[0] != "Backoffice" || st.listed.UserID != 5 || st.listed.State != StateAll {
		t.Errorf("listed with %+v: the caller chose whose alerts", st.listed)
	}
	admin := authz.Actor{UserID: 8, Roles: []authz.Role{authz.RoleAdmin}}
	if _, err := svc.For(context.Background(), admin, Filter{}); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("administrator listed alerts: %v", err)
	}
	if n, err := svc.OpenCount(context.Background(), admin); n != 0 || err != nil {
		t.Errorf("administrator's count: %d %v", n, err)
	}
	if n, _ := svc.OpenCount(context.Background(), cm); n != 1 {
		t.Errorf("case manager's count: %d", n)
	}
}
