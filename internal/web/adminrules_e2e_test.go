package web_test

import (
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"testing"

	"toren/internal/apptest"
	"toren/internal/authz"
)

// A refused form on the management pages names each field in Dutch words
// from the catalogue (account.rule, partner.rule, client.rule), with the
// limits the services apply, never the services' English and never only
// a generic "invalid".
func TestAdminPagesWordRefusedFields(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, apptest.Quiet())
	bea := apptest.User(t, a, "beheer", "Bea Beheer", []authz.Role{authz.RoleAdmin}, "Frontoffice")
	srv := apptest.Serve(t, a)
	admin := srv.SignIn(t, "beheer")

	check := func(what string, status int, body string, wantStatus int, want ...string) {
		t.Helper()
		if status != wantStatus {
			t.Errorf("%s: status %d, want %d", what, status, wantStatus)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the page does not say %q", what, w)
			}
		}
		for _, english := range []string{"is required", "must be", "is taken", "Deze waarde is niet geldig."} {
			if strings.Contains(body, english) {
				t.Errorf("%s: the page says %q", what, english)
			}
		}
	}

	st, body, _ := admin.Post("/beheer/gebruikers", neturl.Values{"username": {"nieuw"}, "display_name": {" "}, "email": {"geen adres"}})
	check("a new account without name, with a bad e-mail address and no role", st, body, http.StatusUnprocessableEntity,
		"Vul de naam in zoals collega&#39;s die zien.", "Schrijf een e-mailadres, bijvoorbeeld j.bakker@veiligthuis.nl.")
	st, body, _ = admin.Post("/beheer/gebruikers", neturl.Values{"username": {"nieuw"}, "display_name": {"Nieuw"}})
	check("a new account without a role", st, body, http.StatusUnprocessableEntity, "Kies minstens één rol.")
	st, body, _ = admin.Post("/beheer/gebruikers", neturl.Values{"username": {"nieuw"}, "display_name": {"Nieuw"}, "roles": {"tovenaar"}, "teams": {"9999"}})
	check("an unknown role and team", st, body, http.StatusUnprocessableEntity, "Kies rollen uit de lijst.", "Kies teams uit de lijst.")
	st, body, _ = admin.Post("/beheer/gebruikers", neturl.Values{"username": {"beheer"}, "display_name": {"Nog een Bea"}, "roles": {"intake"}})
	check("a taken user name", st, body, http.StatusUnprocessableEntity, "Deze gebruikersnaam is al in gebruik.")
	st, body, _ = admin.Post("/beheer/gebruikers/"+strconv.FormatInt(bea.ID, 10)+"/blokkeren", nil)
	check("blocking one's own account", st, body, http.StatusUnprocessableEntity, "U kunt uw eigen account niet blokkeren. Vraag een andere beheerder.")

	st, body, _ = admin.Post("/beheer/teams", neturl.Values{"name": {" "}})
	check("a team without a name", st, body, http.StatusUnprocessableEntity, "De teamnaam moet 1 tot 100 tekens lang zijn.")
	st, body, _ = admin.Post("/beheer/teams", neturl.Values{"name": {"Frontoffice"}})
	check("a taken team name", st, body, http.StatusUnprocessableEntity, "Er bestaat al een team met deze naam.")

	st, body, _ = admin.Post("/beheer/partners", neturl.Values{"name": {strings.Repeat("x", 201)}, "kind": {"bakker"},
		"municipality": {"Atlantis"}, "phone": {"12"}, "email": {"x@"}})
	check("a partner with every field wrong", st, body, http.StatusUnprocessableEntity, "De naam is te lang (hoogstens 200 tekens).",
		"Kies het soort organisatie.", "Deze gemeente kennen we niet.", "Schrijf een telefoonnummer van 10 tot 15 cijfers", "Schrijf een e-mailadres, bijvoorbeeld wijkteam@gemeente.nl.")
	st, body, _ = admin.Post("/beheer/partners", neturl.Values{"kind": {"gp"}})
	check("a partner without name or contact", st, body, http.StatusUnprocessableEntity, "Vul de naam van de organisatie in.",
		"Vul een contactpersoon, telefoonnummer of e-mailadres in")
	partner := neturl.Values{"name": {"Huisartsenpost Tilburg"}, "kind": {"gp"}, "phone": {"013-1234567"}}
	if st, _, _ := admin.Post("/beheer/partners", partner); st != http.StatusSeeOther {
		t.Fatalf("add a partner: %d", st)
	}
	st, body, _ = admin.Post("/beheer/partners", partner)
	check("a partner twice", st, body, http.StatusUnprocessableEntity, "Deze partner staat al in de lijst (voor deze gemeente).")

	st, body, _ = admin.Post("/beheer/koppelingen", neturl.Values{"name": {strings.Repeat("x", 201)}, "scopes": {"reports:create"}, "rate_limit": {"-5"}})
	check("a client with a long name and a bad rate", st, body, http.StatusUnprocessableEntity,
		"De naam mag hoogstens 200 tekens lang zijn.", "Kies tussen 1 en 60000 verzoeken per minuut.")
	st, body, _ = admin.Post("/beheer/koppelingen", neturl.Values{"name": {"Regas"}})
	check("a client without rights", st, body, http.StatusUnprocessableEntity, "Kies ten minste één recht.")
	st, body, _ = admin.Post("/beheer/koppelingen", neturl.Values{"name": {"Regas"}, "scopes": {"handovers:respond"}})
	check("a handover client without a partner", st, body, http.StatusUnprocessableEntity,
		"Kies de partnerorganisatie waarvoor deze koppeling overdrachten leest en beantwoordt.")
	st, body, _ = admin.Post("/beheer/koppelingen", neturl.Values{"name": {"Regas"}, "scopes": {"handovers:respond"}, "partner_id": {"9999"}})
	check("a client for an unknown partner", st, body, http.StatusUnprocessableEntity, "Kies een partner uit de lijst.")
	c, _ := apptest.APIClient(t, a, "Politie", authz.ScopeReportsCreate)
	path := "/beheer/koppelingen/" + strconv.FormatInt(c.ID, 10)
	if st, _, _ := admin.Post(path+"/intrekken", nil); st != http.StatusOK {
		t.Fatalf("revoke: %d", st)
	}
	st, body, _ = admin.Post(path+"/vernieuwen", nil)
	check("a new token for a revoked client", st, body, http.StatusConflict, "Deze koppeling is ingetrokken. Registreer een nieuwe.")
}
