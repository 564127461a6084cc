package cli

import (
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"testing"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The administrator changes the organisation's details on the letters in
// /beheer: bad input names each field in Dutch and changes nothing; a
// change is audited and the next letter carries it.
func TestOrganisationSettingsInTheAdministration(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	admin := e.as("beheerder")
	if code, body := admin.get("/beheer"); code != 200 || !strings.Contains(body, `href="/beheer/organisatie"`) {
		t.Errorf("the administration page does not offer the organisation's details: %d", code)
	}
	if code, body := admin.get("/beheer/organisatie"); code != 200 || !strings.Contains(body, `value="Veilig Thuis"`) {
		t.Fatalf("the organisation page: %d", code)
	}
	settingsEntries := func() []audit.Entry {
		var out []audit.Entry
		for en, err := range e.app.Store().AuditEntries(e.ctx, 0) {
			if err != nil {
				t.Fatal(err)
			}
			// The change's own entry (the gate's entries of the requests
			// name no object).
			if en.Action == string(authz.ActionSettingsManage) && en.ObjectType == "setting" {
				out = append(out, en)
			}
		}
		return out
	}

	bad := neturl.Values{"organisation": {"  "}, "address": {"Postbus 123\n8000 AB Zwolle"}, "phone": {"088-1234567"}, "email": {"geen adres"}}
	code, body, _ := admin.post("/beheer/organisatie", bad)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad input: status %d", code)
	}
	for _, want := range []string{"Naam van de organisatie: Dit veld is verplicht.", "E-mailadres: Schrijf een e-mailadres"} {
		if !strings.Contains(body, want) {
			t.Errorf("the error summary does not say %q", want)
		}
	}
	if !strings.Contains(body, "Postbus 123\n8000 AB Zwolle") {
		t.Error("the form lost the address as typed")
	}
	if _, stored, err := e.app.Store().Setting(e.ctx, "letterhead"); err != nil || stored {
		t.Errorf("refused input was stored: %v %v", stored, err)
	}
	if en := settingsEntries(); len(en) != 0 {
		t.Errorf("refused input was audited as a change: %+v", en)
	}

	// The website is left empty: the built-in one is no longer printed.
	good := neturl.Values{"organisation": {"Veilig Thuis IJsselland"}, "address": {"Postbus 123\r\n\r\n8000 AB Zwolle"},
		"phone": {"088-1234567"}, "email": {"info@veiligthuisijsselland.nl"}}
	if code, _, loc := admin.post("/beheer/organisatie", good); code != http.StatusSeeOther || loc != "/beheer/organisatie" {
		t.Fatalf("change: status %d to %q", code, loc)
	}
	if _, body := admin.get("/beheer/organisatie"); !strings.Contains(body, `value="Veilig Thuis IJsselland"`) ||
		!strings.Contains(body, "Postbus 123\n8000 AB Zwolle</textarea>") {
		t.Error("the page does not show the stored details")
	}
	en := settingsEntries()
	if len(en) != 1 || en[0].ActorName == "" || en[0].Reason != "letterhead: organisation, address, phone, email, website" {
		t.Errorf("the change's audit entry: %+v", en)
	}
	// Only the administrator changes them.
	if code, _, _ := e.as("teamleider").post("/beheer/organisatie", good); code != http.StatusForbidden {
		t.Errorf("a team leader changes the organisation's details: %d", code)
	}

	// The next letter carries them.
	cm := e.as("casemanager")
	if _, _, loc := cm.post(e.path("/voorwaarden"), neturl.Values{"text": {"Er vindt geen huiselijk geweld plaats."},
		"checked_by": {"Wijkteam Utrecht-Oost"}}); loc == "" {
		t.Fatal("no condition")
	}
	var victim int64
	for _, m := range e.police.Persons {
		if m.Role == reports.RoleVictim {
			victim = m.PersonID
		}
	}
	now := toren.DateOf(e.app.Clock().Now())
	closing := neturl.Values{"kind": {"closing"}, "service": {"conditions"}, "closed_on": {now.Dutch()},
		"conditions_until": {now.AddDate(1, 0, 0).Dutch()}, "case_direction.organisation": {"Wijkteam Utrecht-Oost"},
		"recipients": {strconv.FormatInt(victim, 10)}}
	code, _, loc := cm.post(e.path("/brieven"), closing)
	if code != http.StatusSeeOther {
		t.Fatalf("closing letter: status %d", code)
	}
	if _, body := cm.get(loc); !strings.Contains(body, "Veilig Thuis IJsselland") || !strings.Contains(body, "Postbus 123") ||
		!strings.Contains(body, "088-1234567") {
		t.Error("the letter made after the change is not on the new letterhead")
	}
}
