package auth

import (
	"slices"
	"testing"
)

func TestOIDCPolicy(t *testing.T) {
	p := OIDCPolicy{
		Roles:      map[string]string{"vt-intake": "intake", "vt-leiding": "team_leader", "vt-casemanagers": "case_manager"},
		Teams:      map[string]string{"vt-intake": "Frontoffice", "vt-casemanagers": "Backoffice"},
		MFAMethods: []string{"otp", "hwk"},
		MFAACR:     []string{"urn:nl:eherkenning:loa3"},
	}
	roles, teams := p.Map([]string{"vt-casemanagers", "wifi-users", "vt-intake", "vt-intake"})
	if !slices.Equal(roles, []string{"case_manager", "intake"}) || !slices.Equal(teams, []string{"Backoffice", "Frontoffice"}) {
		t.Errorf("Map = %v %v", roles, teams)
	}
	if r, tm := p.Map([]string{"wifi-users"}); r != nil || tm != nil {
		t.Errorf("unmapped groups give %v %v", r, tm)
	}
	for _, c := range []struct {
		amr  []string
		acr  string
		want bool
	}{
		{[]string{"pwd"}, "", false},
		{[]string{"pwd", "otp"}, "", true},
		{[]string{"mfa"}, "", true},
		{[]string{"pwd", "sms"}, "", false}, // not configured as a second factor here
		{nil, "urn:nl:eherkenning:loa3", true},
		{nil, "urn:nl:eherkenning:loa2", false},
	} {
		if got := p.MultiFactor(c.amr, c.acr); got != c.want {
			t.Errorf("MultiFactor(%v, %q) = %v", c.amr, c.acr, got)
		}
	}
	if p.Username() != "preferred_username" || p.Groups() != "groups" {
		t.Error("default claims")
	}
}
