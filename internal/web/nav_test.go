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
		role    authz.Role
		path    string
		want    []string // labels, in order
		current string   // the label marked current ("" for none)
	}{
		{authz.RoleIntake, "/", []string{"Startpagina", "Dossiers", "Interventieteam", "Nieuwe melding", "Signalen voor mij", "Koppelingen beoordelen", "Zoeken"}, "Startpagina"},
		{authz.RoleIntake, "/meldingen/3", []string{"Startpagina", "Dossiers", "Interventieteam", "Nieuwe melding", "Signalen voor mij", "Koppelingen beoordelen", "Zoeken"}, ""},
		{authz.RoleIntake, "/meldingen/nieuw", []string{"Startpagina", "Dossiers", "Interventieteam", "Nieuwe melding", "Signalen voor mij", "Koppelingen beoordelen", "Zoeken"}, "Nieuwe melding"},
		{authz.RoleCaseManager, "/dossiers/7", []string{"Startpagina", "Dossiers", "Interventieteam", "Nieuwe melding", "Signalen voor mij", "Koppelingen beoordelen", "Zoeken"}, "Dossiers"},
		{authz.RoleTeamLeader, "/noodtoegang", []string{"Startpagina", "Dossiers", "Interventieteam", "Signalen voor mij", "Koppelingen beoordelen", "Zoeken", "Noodtoegang nakijken", "Statistiek"}, "Noodtoegang nakijken"},
		{authz.RoleMonitoring, "/zoeken", []string{"Startpagina", "Dossiers", "Interventieteam", "Nieuwe melding", "Signalen voor mij", "Zoeken"}, "Zoeken"},
		{authz.RoleInterventionTeam, "/interventieteam/4", []string{"Startpagina", "Dossiers", "Interventieteam", "Nieuwe melding", "Signalen voor mij", "Zoeken"}, "Interventieteam"},
		{authz.RoleAdmin, "/beheer/teams", []string{"Beheer"}, "Beheer"},
		{authz.RoleAnalyst, "/", []string{"Statistiek"}, ""},
		{authz.RoleAnalyst, "/statistiek", []string{"Statistiek"}, "Statistiek"},
	}
	for _, tt := range tests {
		p := &access.Principal{Actor: authz.Actor{UserID: 1, Roles: []authz.Role{tt.role}}}
		var got []string
		current := ""
		for _, l := range navFor(httptest.NewRequest("GET", tt.path, nil), p) {
			got = append(got, l.Label)
			if l.Current {
				if current != "" {
					t.Errorf("%s on %s: two current links, %q and %q", tt.role, tt.path, current, l.Label)
				}
				current = l.Label
			}
		}
		if !reflect.DeepEqual(got, tt.want) || current != tt.current {
			t.Errorf("%s on %s: %v (current %q), want %v (current %q)", tt.role, tt.path, got, current, tt.want, tt.current)
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
