package cli

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"toren/internal/audit"
	"toren/internal/browsertest"
	"toren/internal/reports"
)

// Taking a call about "Dennis v.d. Meulen, 36, man": the radar's hit shows
// beside his row, at the height of the name (in view at 1280x900), and
// the intake worker confirms "dit is dezelfde persoon"; the registered
// report links him to the known registry person, the link names the
// worker, and the confirmation is in the audit log.
func TestBrowserRadarHitBesideTheRowConfirmed(t *testing.T) {
	t.Parallel()
	e := newBrowserEnv(t)
	p := e.signedIn(t, "intake")
	if status := p.Goto("/meldingen/nieuw"); status != 200 {
		t.Fatalf("intake form: %d", status)
	}
	choose(t, p, "#reporter-kind", string(reports.ReporterCitizen))
	p.Fill("#reporter-name", "Mevrouw de Boer")
	p.Fill("#reporter-phone", "06-12345678")
	p.Fill("#description", "Geschreeuw bij de buren; een man sloeg tegen de deur.")
	browsertest.Eval[bool](p, `(() => { document.querySelector('input[name="violence_types"]').click(); return true })()`)
	choose(t, p, "#persons-0-role", string(reports.RolePerpetrator))
	p.Fill("#persons-0-names", "Dennis")
	p.Fill("#persons-0-particle", "v.d.")
	p.Fill("#persons-0-surname", "Meulen")
	p.Fill("#persons-0-age", "36")
	choose(t, p, "#persons-0-sex", string(reports.SexMale))
	radio := `#treffers-0 input[type="radio"][name="persons[0].person_id"]:not([value=""])`
	p.WaitVisible(radio)

	// Beside the row, near the name, inside the window.
	geo := browsertest.Eval[[]float64](p, `(() => {
		const hit = document.querySelector('#treffers-0 .toren-treffers__lijst').getBoundingClientRect();
		const name = document.getElementById('persons-0-surname').getBoundingClientRect();
		document.getElementById('persons-0-surname').scrollIntoView({block: "center"});
		const h = document.querySelector('#treffers-0 .toren-treffers__lijst').getBoundingClientRect();
		const n = document.getElementById('persons-0-surname').getBoundingClientRect();
		return [h.top, n.top, h.left, n.right, window.innerHeight, hit.top - name.top];
	})()`)
	if len(geo) != 6 || geo[0] < 0 || geo[0] > geo[4] || geo[2] < geo[3] || geo[5] > 300 {
		t.Errorf("the radar hit is not beside the name in view: hit top %.0f, name top %.0f, hit left %.0f, name right %.0f, window %.0f",
			geo[0], geo[1], geo[2], geo[3], geo[4])
	}
	browsertest.CheckA11y(t, p)
	p.ScreenshotOf("nieuwe-melding-radar-bevestigen", "#persoon-0")

	personID, err := strconv.ParseInt(browsertest.Eval[string](p, `document.querySelector('`+strings.ReplaceAll(radio, `'`, `\'`)+`').value`), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	p.Click(radio)
	// The victim, in a second row.
	p.Click(`button[name="actie"][value="persoon-toevoegen"]`)
	p.WaitVisible("#persons-1-surname")
	choose(t, p, "#persons-1-role", string(reports.RoleVictim))
	p.Fill("#persons-1-names", "Mirjam")
	p.Fill("#persons-1-surname", "Buurvrouw")
	if !browsertest.Eval[bool](p, `document.querySelector('`+strings.ReplaceAll(radio, `'`, `\'`)+`:checked') !== null`) {
		t.Fatal("adding a person lost the confirmation")
	}
	submit := browsertest.Eval[string](p, `(() => { const b = document.querySelector('button[name="actie"][value="registreren"]'); if (!b.id) b.id = "registreren"; return b.id })()`)
	if status := p.ClickAndWait("#" + submit); status != 200 {
		t.Fatalf("register: %d\n%s", status, p.Text("main"))
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(p.Path(), "/meldingen/"), 10, 64)
	if err != nil {
		t.Fatalf("after registering the page is %s", p.Path())
	}
	rep, err := e.app.Store().GetReport(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Persons) != 2 || rep.Persons[0].PersonID != personID {
		t.Fatalf("the mention is linked to %+v, want the confirmed registry person %d", rep.Persons, personID)
	}
	var confirmed bool
	for en, err := range e.app.Store().AuditEntries(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		if en.Action == audit.ActionPersonLinkConfirm && en.ObjectID == strconv.FormatInt(rep.Persons[0].ID, 10) && en.ActorName == "Iris de Wit" && len(en.PersonIDs) == 1 && en.PersonIDs[0] == personID {
			confirmed = true
		}
	}
	if !confirmed {
		t.Error("no audit entry for the confirmation")
	}
}
