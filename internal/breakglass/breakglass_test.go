package breakglass

import (
	"testing"

	"toren/internal/authz"
)

func TestMayReview(t *testing.T) {
	rec := Record{UserID: 1, Teams: []string{"Team Zuid"}}
	for _, c := range []struct {
		name string
		a    authz.Actor
		ok   bool
	}{
		{"team leader of the owning team", authz.Actor{UserID: 2, Roles: []authz.Role{authz.RoleTeamLeader}, Teams: []string{"Team Zuid"}}, true},
		{"team leader of another team", authz.Actor{UserID: 2, Roles: []authz.Role{authz.RoleTeamLeader}, Teams: []string{"Backoffice"}}, false},
		{"the holder, team leader of the owning team", authz.Actor{UserID: 1, Roles: []authz.Role{authz.RoleIntake, authz.RoleTeamLeader}, Teams: []string{"Team Zuid"}}, false},
		{"a case manager of the owning team", authz.Actor{UserID: 3, Roles: []authz.Role{authz.RoleCaseManager}, Teams: []string{"Team Zuid"}}, false},
		{"the privacy officer", authz.Actor{UserID: 4, Roles: []authz.Role{authz.RolePrivacyOfficer}}, false},
	} {
		if got := Reviewable(c.a, rec); got != c.ok {
			t.Errorf("%s: reviewable %v, want %v", c.name, got, c.ok)
		}
	}
}

func TestSentence(t *testing.T) {
	for s, want := range map[string]bool{
		"aaaaaaaaaaaaaaaaaaaa":     false,
		"aaaa bbbb aaaa bbbb aaaa": false, // two letters
		"spoed":                    false,
		"Politie belt: acute dreiging, dossier nodig.":  true,
		"   Politie belt nu, acute dreiging thuis.   ":  true,
		"1234567890 1234567890 1234567890 1234567890":   false,
		"Crisisdienst 02:10 melding van de politie nu.": true,
	} {
		if got := sentence(s); got != want {
			t.Errorf("sentence(%q) = %v, want %v", s, got, want)
		}
	}
	for _, r := range Reasons() {
		if !r.Valid() || r == "" {
			t.Errorf("reason %q", r)
		}
	}
	if ReasonCode("curiosity").Valid() || ReasonCode("").Valid() {
		t.Error("a code off the list is valid")
	}
}
