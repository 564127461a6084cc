package cli

import (
	"context"
	"strings"
	"testing"

	"toren/internal/browsertest"
	"toren/internal/reports"
)

// A professional's report taken by phone records the meldcode: the steps
// the school took and its answers to the assessment framework. The report
// page shows them, and the statistics count the professionals' reports
// whose steps were not all taken.
func TestBrowserIntakeMeldcode(t *testing.T) {
	t.Parallel()
	e := newBrowserEnv(t)
	p := e.signedIn(t, "intake")
	p.Goto("/meldingen/nieuw")
	if browsertest.Eval[bool](p, `document.querySelector("details.toren-meldcode").open`) {
		t.Error("the meldcode part is open before it is asked for")
	}
	choose(t, p, "#reporter-kind", string(reports.ReporterEducation))
	p.Fill("#reporter-organisation", "Basisschool De Linde")
	p.Fill("#reporter-phone", "030-1234567")
	p.Click("details.toren-meldcode > summary")
	for _, step := range []string{"1", "2", "3"} {
		p.Click(`input[name="meldcode.steps"][value="` + step + `"]`)
	}
	choose(t, p, "#meldcode-suspicion", "yes")
	choose(t, p, "#meldcode-unsafety", "yes")
	choose(t, p, "#meldcode-help_possible", "no")
	p.Fill("#description", "Leerling vertelt over klappen thuis; blauwe plekken op de armen.")
	p.Click(`input[name="violence_types"][value="child_abuse"]`)
	choose(t, p, "#persons-0-role", string(reports.RoleChild))
	p.Fill("#persons-0-names", "Mees")
	p.Fill("#persons-0-surname", "Meldcode")
	p.Fill("#persons-0-birth_date", "04-05-2016")
	browsertest.CheckA11y(t, p)
	if status := p.ClickAndWait(`button[name="actie"][value="registreren"]`); status != 200 {
		t.Fatalf("register: %d\n%s", status, browsertest.Eval[string](p, `document.querySelector(".toren-foutoverzicht").innerText`))
	}
	flash(t, p, "Melding geregistreerd")
	main := p.Text("main")
	for _, want := range []string{"Meldcode en afwegingskader", "niet alle stappen", "Stap 3: Gesprek met de betrokkene(n)",
		"Stap 4: Wegen van het geweld of de kindermishandeling (afwegingskader)"} {
		if !strings.Contains(main, want) {
			t.Errorf("the report page lacks %q", want)
		}
	}
	browsertest.CheckA11y(t, p)
	p.ScreenshotOf("melding-meldcode", "#meldcode")

	// Stored as taken.
	id := strings.TrimPrefix(p.Path(), "/meldingen/")
	r, err := e.app.Store().GetReportByNumber(context.Background(), p.Text("h1")[strings.LastIndex(p.Text("h1"), "M-"):])
	if err != nil {
		t.Fatalf("report %s: %v", id, err)
	}
	if m := r.Meldcode; m == nil || len(m.Steps) != 3 || m.Suspicion != reports.Yes || m.HelpPossible != reports.No || m.LastingSafety != reports.Unknown {
		t.Errorf("stored meldcode %+v", r.Meldcode)
	}

	// The statistics count it among the professionals' reports whose steps
	// were not all taken.
	a := e.signedIn(t, "analist")
	a.Goto("/statistiek")
	if !a.Has("#meldcode") || !strings.Contains(a.Text("main"), "Niet alle stappen gezet") {
		t.Error("the statistics have no meldcode table")
	}
}
