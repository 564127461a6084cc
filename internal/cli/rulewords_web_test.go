package cli

import (
	"html"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"testing"

	"toren/internal/cases"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The case page words the process's preconditions from the catalogue: a
// step that cannot be taken yet lists them in Dutch, and a refused step
// names the rule it broke, never the API's English or a placeholder.
func TestCaseStepsWordTheirRules(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	cm := e.as("casemanager")
	f := e.file()
	if f.Case.Status != cases.StatusReceived || f.Facts.Acute {
		t.Fatalf("the fixture changed: the case is %s (acute %v), not a received report that is not acute", f.Case.Status, f.Facts.Acute)
	}
	const notAcute = "de melding moet als acuut beoordeeld zijn"
	code, body := cm.get(e.path("?deel=alles"))
	if code != http.StatusOK {
		t.Fatalf("case page: %d", code)
	}
	body = html.UnescapeString(body)
	if !strings.Contains(body, notAcute) {
		t.Error("the acute step does not say in Dutch why it cannot be taken")
	}
	for _, s := range f.Steps {
		for _, r := range s.Unmet {
			if strings.Contains(body, r.Message) {
				t.Errorf("the case page shows the API's English %q", r.Message)
			}
		}
	}
	if strings.Contains(body, "[process.rule") {
		t.Error("a precondition without words in the catalogue")
	}

	// A step whose precondition does not hold: refused, the rule in Dutch.
	version := strconv.Itoa(f.Case.Version)
	code, body, _ = cm.post(e.path("/stap"), neturl.Values{"transition": {string(cases.StartAcuteAction)}, "version": {version}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(body), notAcute) {
		t.Errorf("acute action for a report that is not acute: %d, want 422 saying %q", code, notAcute)
	}
	// A step the status does not allow: the machine's own rule in Dutch.
	code, body, _ = cm.post(e.path("/stap"), neturl.Values{"transition": {string(cases.DecideHandover)}, "version": {version}})
	if code != http.StatusConflict || !strings.Contains(body, "Deze stap kan niet vanuit de huidige status van het dossier") {
		t.Errorf("a handover from %s: %d, want 409 in Dutch", f.Case.Status, code)
	}
	if f := e.file(); f.Case.Status != cases.StatusReceived {
		t.Errorf("a refused step changed the status to %s", f.Case.Status)
	}
}

// The alerts list names a filter the service refused by the filter's
// name and the rule in Dutch.
func TestAlertsFilterWordsTheServiceRules(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	code, body := e.as("casemanager").get("/signalen?soort=astronaut&urgentie=hoog")
	if code != http.StatusBadRequest {
		t.Fatalf("unknown filters: %d, want 400", code)
	}
	for _, want := range []string{"Soort: Deze soort signalering bestaat niet.", "Urgentie: Deze urgentie bestaat niet."} {
		if !strings.Contains(body, want) {
			t.Errorf("the list does not say %q", want)
		}
	}
	if strings.Contains(body, "is not") {
		t.Error("the list shows the API's English")
	}
}

// The letter form words the letter's own rules (package letters) at the
// field they are about, in Dutch.
func TestLetterFormWordsTheLetterRules(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	cm := e.as("casemanager")
	var lisanne int64
	for _, m := range e.police.Persons {
		if m.Role == reports.RoleVictim {
			lisanne = m.PersonID
		}
	}
	now := toren.DateOf(e.app.Clock().Now())
	closing := neturl.Values{"kind": {"closing"}, "closed_on": {"01-01-1999"},
		"conditions_until": {now.AddDate(1, 0, 0).Dutch()}, "case_direction.organisation": {"Wijkteam Utrecht-Oost"},
		"recipients": {strconv.FormatInt(lisanne, 10)}}
	code, body, _ := cm.post(e.path("/brieven"), closing)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("closing letter without a service: status %d", code)
	}
	wantFieldError(t, body, "closing-service", "Kies de dienst: Voorwaarden &amp; Vervolg of Onderzoek.")
	wantFieldError(t, body, "closing-closed_on", "De datum moet tussen 2000 en 2199 liggen.")
	if strings.Contains(body, "[letter.rule") || strings.Contains(body, "is required") {
		t.Error("the letter form shows a placeholder or the API's English")
	}
	if list, _ := e.app.Store().ListLetters(e.ctx, e.caseID); len(list) != 0 {
		t.Errorf("a refused letter was filed: %d", len(list))
	}
}
