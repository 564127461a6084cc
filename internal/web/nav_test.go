package web

import (
	"net/http/httptest"
	"reflect"
	"testing"

	"toren/internal/access"
	"toren/internal/authz"
)

func TestNavigationShowsWhatTheRoleMayOpen(t *testing.T) {
	tests := []struct {
		role authz.Role
		path string
		want []NavLink
	}{
		{authz.RoleIntake, "/", []NavLink{{"Startpagina", "/", true}, {"Nieuwe melding", "/meldingen/nieuw", false}}},
		{authz.RoleIntake, "/meldingen/3", []NavLink{{"Startpagina", "/", false}, {"Nieuwe melding", "/meldingen/nieuw", false}}},
		{authz.RoleIntake, "/meldingen/nieuw", []NavLink{{"Startpagina", "/", false}, {"Nieuwe melding", "/meldingen/nieuw", true}}},
		{authz.RoleTeamLeader, "/noodtoegang", []NavLink{{"Startpagina", "/", false}, {"Noodtoegang nakijken", "/noodtoegang", true},
			{"Statistiek", "/statistiek", false}}},
		{authz.RoleAnalyst, "/", []NavLink{{"Statistiek", "/statistiek", false}}},
		{authz.RoleAnalyst, "/statistiek", []NavLink{{"Statistiek", "/statistiek", true}}},
		{authz.RoleAdmin, "/start", nil},
	}
	for _, tt := range tests {
		p := &access.Principal{Actor: authz.Actor{UserID: 1, Roles: []authz.Role{tt.role}}}
		got := navFor(httptest.NewRequest("GET", tt.path, nil), p)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s on %s: %+v, want %+v", tt.role, tt.path, got, tt.want)
		}
	}
}

func TestCurrentSection(t *testing.T) {
	tests := []struct {
		path, section string
		want          bool
	}{
		{"/", "/", true},
		{"/meldingen/3", "/", false},
		{"/noodtoegang", "/noodtoegang", true},
		{"/noodtoegang/4", "/noodtoegang", true},
		{"/noodtoegangen", "/noodtoegang", false},
		{"/meldingen/nieuw", "/meldingen/nieuw", true},
	}
	for _, tt := range tests {
		if got := currentSection(tt.path, tt.section); got != tt.want {
			t.Errorf("currentSection(%q, %q) = %v", tt.path, tt.section, got)
		}
	}
}
