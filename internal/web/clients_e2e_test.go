package web_test

import (
	"net/http"
	neturl "net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"toren/internal/apptest"
	"toren/internal/authz"
)

var tokenRE = regexp.MustCompile(`trn_[A-Za-z0-9_-]{43}`)

// The administrator registers, rotates and revokes API clients on
// /beheer/koppelingen; the token is shown once and works on the API; a
// bad form names its fields and stores nothing; staff without
// client.manage are refused.
func TestAdminManagesAPIClients(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, apptest.Quiet())
	apptest.User(t, a, "beheer", "Bea Beheer", []authz.Role{authz.RoleAdmin})
	apptest.User(t, a, "iris", "Iris Intake", []authz.Role{authz.RoleIntake}, "Frontoffice")
	srv := apptest.Serve(t, a)
	admin := srv.SignIn(t, "beheer")

	if st, body := admin.Get("/beheer"); st != http.StatusOK || !strings.Contains(body, `href="/beheer/koppelingen"`) {
		t.Errorf("/beheer: %d, no link to the clients", st)
	}
	st, body, _ := admin.Post("/beheer/koppelingen", neturl.Values{"name": {""}, "scopes": {"cases:read"}, "rate_limit": {"veel"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Vul de naam") || !strings.Contains(body, "Kies de rechten uit de lijst") || !strings.Contains(body, "Kies tussen 1 en") {
		t.Errorf("bad form: %d", st)
	}
	if cs, _ := a.Clients().List(t.Context(), authz.Console("test")); len(cs) != 0 {
		t.Fatalf("a refused form stored a client: %+v", cs)
	}

	st, body, _ = admin.Post("/beheer/koppelingen", neturl.Values{"name": {"Politie Eenheid Oost-Brabant"}, "scopes": {"reports:create"}})
	tok := tokenRE.FindString(body)
	if st != http.StatusOK || tok == "" {
		t.Fatalf("add client: %d, token %q", st, tok)
	}
	if st, b := srv.APIClient(t, tok).Do(http.MethodGet, "/api/v1/reports/1/status", nil); st != http.StatusNotFound {
		t.Errorf("the new token on the API: %d %s, want 404 (authenticated, no such report)", st, b)
	}
	if _, list := admin.Get("/beheer/koppelingen"); strings.Contains(list, tok) || !strings.Contains(list, tok[:10]) {
		t.Error("the list must show the token's prefix only")
	}

	st, body, _ = admin.Post("/beheer/koppelingen/1/vernieuwen", nil)
	tok2 := tokenRE.FindString(body)
	if st != http.StatusOK || tok2 == "" || tok2 == tok || !strings.Contains(body, "De vorige sleutel blijft geldig tot") {
		t.Fatalf("rotate: %d", st)
	}
	for _, tk := range []string{tok, tok2} {
		if st, _ := srv.APIClient(t, tk).Do(http.MethodGet, "/api/v1/reports/1/status", nil); st != http.StatusNotFound {
			t.Errorf("during the overlap: %d", st)
		}
	}
	if st, body, _ := admin.Post("/beheer/koppelingen/1/intrekken", nil); st != http.StatusOK || !strings.Contains(body, "ingetrokken") {
		t.Errorf("revoke: %d", st)
	}
	for _, tk := range []string{tok, tok2} {
		if st, _ := srv.APIClient(t, tk).Do(http.MethodGet, "/api/v1/reports/1/status", nil); st != http.StatusUnauthorized {
			t.Errorf("after revoking: %d", st)
		}
	}
	if st, _, _ := admin.Post("/beheer/koppelingen/1/vernieuwen", nil); st != http.StatusConflict {
		t.Errorf("rotate a revoked client: %d", st)
	}

	// A partner's system speaks for a partner of the catalogue: the
	// scopes that read handovers need one, chosen from the list.
	partner := apptest.Partner(t, a, "Wijkteam Tilburg")
	st, body, _ = admin.Post("/beheer/koppelingen", neturl.Values{"name": {"Wijkteam Tilburg (Regas)"}, "scopes": {"handovers:respond"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="partner_id-fout"`) || !strings.Contains(body, "Kies de partnerorganisatie") {
		t.Errorf("a handover client without its partner: %d", st)
	}
	if _, page := admin.Get("/beheer/koppelingen"); !strings.Contains(page, `<option value="`+strconv.FormatInt(partner.ID, 10)+`">Wijkteam Tilburg</option>`) {
		t.Error("the form does not offer the catalogue's partners")
	}
	st, body, _ = admin.Post("/beheer/koppelingen", neturl.Values{"name": {"Wijkteam Tilburg (Regas)"},
		"scopes": {"handovers:respond", "monitoring:report"}, "partner_id": {strconv.FormatInt(partner.ID, 10)}})
	if st != http.StatusOK || tokenRE.FindString(body) == "" {
		t.Fatalf("add a partner's client: %d", st)
	}
	if cs, _ := a.Clients().List(t.Context(), authz.Console("test")); len(cs) != 2 || cs[1].PartnerID != partner.ID || cs[1].PartnerName != "Wijkteam Tilburg" {
		t.Errorf("stored clients %+v", cs)
	}

	iris := srv.SignIn(t, "iris")
	if st, _ := iris.Get("/beheer/koppelingen"); st != http.StatusForbidden {
		t.Errorf("intake worker on the clients page: %d", st)
	}
	if st, _, _ := iris.Post("/beheer/koppelingen", neturl.Values{"name": {"X"}, "scopes": {"reports:create"}}); st != http.StatusForbidden {
		t.Errorf("intake worker adds a client: %d", st)
	}
}
