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
		{authz.RoleIntake, "/", []NavLink{{Label: "Startpagina", Path: "/", Current: true}, {Label: "Dossiers", Path: "/dossiers", Current: false}, {Label: "Nieuwe melding", Path: "/meldingen/nieuw", Current: false}, {Label: "Signalen voor mij", Path: "/signalen", Current: false}, {Label: "Zoeken", Path: "/zoeken", Current: false}}},
		{authz.RoleIntake, "/meldingen/3", []NavLink{{Label: "Startpagina", Path: "/", Current: false}, {Label: "Dossiers", Path: "/dossiers", Current: false}, {Label: "Nieuwe melding", Path: "/meldingen/nieuw", Current: false}, {Label: "Signalen voor mij", Path: "/signalen", Current: false}, {Label: "Zoeken", Path: "/zoeken", Current: false}}},
		{authz.RoleIntake, "/meldingen/nieuw", []NavLink{{Label: "Startpagina", Path: "/", Current: false}, {Label: "Dossiers", Path: "/dossiers", Current: false}, {Label: "Nieuwe melding", Path: "/meldingen/nieuw", Current: true}, {Label: "Signalen voor mij", Path: "/signalen", Current: false}, {Label: "Zoeken", Path: "/zoeken", Current: false}}},
		{authz.RoleCaseManager, "/dossiers/7", []NavLink{{Label: "Startpagina", Path: "/", Current: false}, {Label: "Dossiers", Path: "/dossiers", Current: true}, {Label: "Nieuwe melding", Path: "/meldingen/nieuw", Current: false}, {Label: "Signalen voor mij", Path: "/signalen", Current: false}, {Label: "Zoeken", Path: "/zoeken", Current: false}}},
		{authz.RoleTeamLeader, "/noodtoegang", []NavLink{{Label: "Startpagina", Path: "/", Current: false}, {Label: "Dossiers", Path: "/dossiers", Current: false}, {Label: "Signalen voor mij", Path: "/signalen", Current: false}, {Label: "Zoeken", Path: "/zoeken", Current: false}, {Label: "Noodtoegang nakijken", Path: "/noodtoegang", Current: true}}},
		{authz.RoleAnalyst, "/", nil},
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
