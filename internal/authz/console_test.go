package authz

import (
	"testing"
	"time"
)

// The operator at the console acts as the functional administrator and
// as nothing more; an actor that is no one, or that claims the console
// with other roles, may do nothing.
func TestConsoleActsAsTheAdministratorOnly(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	console := Console("root")
	for _, action := range []Action{ActionUserManage, ActionClientManage, ActionSettingsManage} {
		if !Permitted(console, action) || !Decide(console, action, Resource{}, Opts{Now: now}).Full() {
			t.Errorf("the console may not %s", action)
		}
	}
	caseRes := Resource{Kind: KindCase, ID: 1, Teams: []string{"Backoffice"}}
	if Permitted(console, ActionCaseView) || Decide(console, ActionCaseView, caseRes, Opts{Now: now}).Allowed {
		t.Error("the console reads case content")
	}
	for name, a := range map[string]Actor{
		"no one":                  {Name: "x", Roles: []Role{RoleAdmin}},
		"the console as intake":   {Name: "x", Roles: []Role{RoleIntake}, Console: true},
		"the console with two":    {Name: "x", Roles: []Role{RoleAdmin, RoleIntake}, Console: true},
		"the console and an user": {UserID: -1, Name: "x", Roles: []Role{RoleAdmin}, Console: true},
	} {
		if Permitted(a, ActionUserManage) || Decide(a, ActionUserManage, Resource{}, Opts{Now: now}).Allowed {
			t.Errorf("%s may manage users", name)
		}
	}
}
