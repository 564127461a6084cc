package authz

import (
	"slices"
	"strings"
	"testing"
)

func TestRequirementValidate(t *testing.T) {
	tests := []struct {
		name string
		q    Requirement
		err  string // fragment; "" for valid
	}{
		{"collection action", Needs(ActionReportList), ""},
		{"object from the path", NeedsOn(ActionReportView, FromPath, "id"), ""},
		{"object from the query", NeedsOn(ActionPersonHistoryFull, FromQuery, "person"), ""},
		{"object from the body", NeedsOn(ActionDecisionApprove, FromBody, "decision_id"), ""},
		{"several kinds, one named", Requirement{Action: ActionExport, Kind: KindCase, Object: FromPath, Param: "id"}, ""},
		{"an IT case, decided as a case", Requirement{Action: ActionCaseEdit, Kind: KindITCase, Object: FromPath, Param: "id"}, ""},
		{"an IT case where no case is", Requirement{Action: ActionPersonView, Kind: KindITCase, Object: FromPath, Param: "id"}, "does not apply"},
		{"public", PublicRoute(), ""},
		{"signed in", SignedInRoute(), ""},
		{"nothing set", Requirement{}, "exactly one"},
		{"public and an action", Requirement{Action: ActionReportList, Public: true}, "exactly one"},
		{"public and signed in", Requirement{Public: true, SignedIn: true}, "exactly one"},
		{"public with an object", Requirement{Public: true, Object: FromPath, Param: "id"}, "names no object"},
		{"unknown action", Needs("report.shred"), "unknown action"},
		{"collection action with an object", NeedsOn(ActionReportList, FromPath, "id"), "takes no object"},
		{"object action without an object", Needs(ActionReportView), "needs an object"},
		{"object action without a param", NeedsOn(ActionReportView, FromPath, ""), "Param"},
		{"unknown source", NeedsOn(ActionReportView, "cookie", "id"), "unknown object source"},
		{"several kinds, none named", NeedsOn(ActionExport, FromPath, "id"), "set Kind"},
		{"kind the action does not take", Requirement{Action: ActionCaseView, Kind: KindPerson, Object: FromPath, Param: "id"}, "does not apply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.q.Validate()
			if tt.err == "" && err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("Validate = %v, want an error mentioning %q", err, tt.err)
			}
		})
	}
}

func TestRequirementObjectKind(t *testing.T) {
	tests := []struct {
		q    Requirement
		want Kind
	}{
		{Needs(ActionReportList), ""},
		{NeedsOn(ActionCaseView, FromPath, "id"), KindCase},
		{Requirement{Action: ActionExport, Kind: KindPerson, Object: FromPath, Param: "id"}, KindPerson},
		{NeedsOn(ActionExport, FromPath, "id"), ""},
		{Requirement{Action: ActionCaseView, Kind: KindITCase, Object: FromPath, Param: "id"}, KindITCase},
		{Requirement{Action: ActionExport, Kind: KindITCase, Object: FromPath, Param: "id"}, KindITCase},
	}
	for _, tt := range tests {
		if got := tt.q.ObjectKind(); got != tt.want {
			t.Errorf("%+v.ObjectKind() = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestGate(t *testing.T) {
	cm, analyst := actorAs(RoleCaseManager), actorAs(RoleAnalyst)
	tests := []struct {
		name  string
		actor *Actor
		q     Requirement
		want  bool
		role  Role
	}{
		{"public, nobody", nil, PublicRoute(), true, ""},
		{"signed in, nobody", nil, SignedInRoute(), false, ""},
		{"signed in, zero actor", &Actor{}, SignedInRoute(), false, ""},
		{"signed in, analyst", &analyst, SignedInRoute(), true, ""},
		{"action, nobody", nil, NeedsOn(ActionCaseView, FromPath, "id"), false, ""},
		{"case page, case manager", &cm, NeedsOn(ActionCaseView, FromPath, "id"), true, RoleCaseManager},
		{"case page, analyst", &analyst, NeedsOn(ActionCaseView, FromPath, "id"), false, ""},
		{"statistics, analyst", &analyst, Needs(ActionStatsView), true, RoleAnalyst},
		{"invalid requirement", &cm, Needs(ActionCaseView), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Gate(tt.actor, tt.q)
			if d.Allowed != tt.want || d.Role != tt.role || d.Reason == "" {
				t.Errorf("Gate = %+v, want allowed %v as %q", d, tt.want, tt.role)
			}
		})
	}
}

func TestRoutes(t *testing.T) {
	rs := Routes{
		"GET /api/v1/reports":      Needs(ActionReportList),
		"GET /api/v1/reports/{id}": NeedsOn(ActionReportView, FromPath, "id"),
		"GET /api/v1/old":          PublicRoute(),
	}
	served := []string{"GET /api/v1/reports/{id}", "POST /api/v1/reports", "GET /api/v1/reports"}
	if got, want := rs.Missing(served), []string{"POST /api/v1/reports"}; !slices.Equal(got, want) {
		t.Errorf("Missing = %v, want %v", got, want)
	}
	if got, want := rs.Unused(served), []string{"GET /api/v1/old"}; !slices.Equal(got, want) {
		t.Errorf("Unused = %v, want %v", got, want)
	}
	if err := rs.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if q, ok := rs.Lookup("GET /api/v1/reports/{id}"); !ok || q.Action != ActionReportView {
		t.Errorf("Lookup = %+v, %v", q, ok)
	}
	rs["GET /api/v1/cases/{id}"] = Needs(ActionCaseView)
	rs["GET /x"] = Requirement{}
	err := rs.Validate()
	if err == nil || !strings.Contains(err.Error(), "GET /api/v1/cases/{id}") || !strings.Contains(err.Error(), "GET /x") {
		t.Errorf("Validate = %v, want both broken routes named", err)
	}
}
