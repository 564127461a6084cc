package authz

import (
	"testing"
	"time"
)

// The operator at the console acts as the functional administrator who
// may also register reports (toren import, the demo), and as nothing
// more; an actor that is no one, or that claims the console with other
// roles, may do nothing.
func TestConsoleActsAsTheAdministratorOnly(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	console := Console("root")
	for _, action := range []Action{ActionUserManage, ActionClientManage, ActionSettingsManage} {
		if !Permitted(console, action) || !Decide(console, action, Resource{}, Opts{Now: now}).Full() {
			t.Errorf("the console may not %s", action)
		}
	}
	if !Permitted(console, ActionReportCreate) || !Decide(console, ActionReportCreate, Resource{}, Opts{Now: now}).Full() {
		t.Error("the console may not register reports")
	}
	// Registering is all: no other caseworker's action, and no reading
	// of what was registered.
	admin := Actor{UserID: 9, Name: "beheer", Roles: []Role{RoleAdmin}}
	for _, action := range Actions() {
		if action == ActionReportCreate {
			continue
		}
		if Permitted(console, action) != Permitted(admin, action) {
			t.Errorf("%s: the console %v, an administrator %v", action, Permitted(console, action), Permitted(admin, action))
		}
	}
	reportRes := Resource{Kind: KindReport, ID: 1, Teams: []string{"Frontoffice"}}
	if Decide(console, ActionReportView, reportRes, Opts{Now: now}).Allowed || Decide(console, ActionReportCorrect, reportRes, Opts{Now: now}).Allowed {
		t.Error("the console reads or corrects a report")
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
		if Permitted(a, ActionReportCreate) || Decide(a, ActionReportCreate, Resource{}, Opts{Now: now}).Allowed {
			t.Errorf("%s may register reports", name)
		}
	}
}
