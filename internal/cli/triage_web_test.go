package cli

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The triage queue puts urgent work first: with more than a page of older
// reports waiting, a new report about a 2-year-old (urgent by the
// escalation rules) and an acute one head the start page and the triage
// page; the total is shown, the rest is paged, and the filters narrow it.
func TestTriageQueueUrgentFirstPagedAndFiltered(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	ctx := context.Background()
	now := e.app.Clock().Now()
	submit := func(r *reports.Report) *reports.Report {
		t.Helper()
		if _, err := e.app.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: r}); err != nil {
			t.Fatal(err)
		}
		return r
	}
	report := func(at time.Time, kind reports.ReporterKind, p reports.Mention) *reports.Report {
		return &reports.Report{Kind: reports.KindReport, ReceivedAt: at, Channel: reports.ChannelPhone,
			Reporter:      reports.Reporter{Kind: kind, Organisation: "Organisatie", Name: "Melder", Phone: "0900-8844"},
			ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Ruzie.", Persons: []reports.Mention{p}}
	}
	in := e.as("intake")
	urgentBefore := len(triageRows(t, in, "/triage?urgent=1"))
	for i := range 120 {
		submit(report(now.Add(-time.Duration(200-i)*time.Hour), reports.ReporterPolice,
			reports.Mention{Role: reports.RoleVictim, FirstNames: "Anna", Surname: fmt.Sprintf("Ouder%03d", i), BirthDate: toren.MustDate("1980-01-01")}))
	}
	toddler := submit(report(now.Add(-time.Minute), reports.ReporterHealthCare,
		reports.Mention{Role: reports.RoleChild, FirstNames: "Sem", Surname: "Peuter", BirthDate: toren.DateOf(now).AddDate(-2, 0, 0)}))
	acuteRep := report(now.Add(-2*time.Minute), reports.ReporterCitizen,
		reports.Mention{Role: reports.RoleVictim, FirstNames: "Bea", Surname: "Acuut", BirthDate: toren.MustDate("1990-05-05")})
	acuteRep.Acute = true
	acute := submit(acuteRep)

	_, home := in.get("/")
	i := strings.Index(home, `id="triage"`)
	if i < 0 {
		t.Fatal("the start page has no triage list")
	}
	triage := home[i:]
	if end := strings.Index(triage, "</table>"); end > 0 {
		triage = triage[:end]
	}
	if !strings.Contains(triage, toddler.Number) || !strings.Contains(triage, acute.Number) {
		t.Fatalf("the urgent reports are not in the start page's triage list:\n%s", triage)
	}
	var total int
	if m := regexp.MustCompile(`(\d+) meldingen wachten op de veiligheidsbeoordeling`).FindStringSubmatch(home); m != nil {
		total, _ = strconv.Atoi(m[1])
	}
	if !strings.Contains(home, `href="/triage"`) || total < 122 {
		t.Errorf("the start page shows no total (%d, want at least the 122 reports registered here) or no link to the whole queue", total)
	}

	code, page := in.get("/triage")
	if code != http.StatusOK {
		t.Fatalf("GET /triage = %d", code)
	}
	rows := triageRows(t, in, "/triage")
	if len(rows) != 50 {
		t.Fatalf("the first page has %d rows, want 50", len(rows))
	}
	for n, row := range rows[:urgentBefore+2] {
		if !strings.Contains(row, "Acuut") && !strings.Contains(row, "Urgent") {
			t.Errorf("row %d of the urgent ones is not marked urgent: %s", n, row)
		}
	}
	if head := strings.Join(rows[:urgentBefore+2], ""); !strings.Contains(head, toddler.Number) || !strings.Contains(head, acute.Number) {
		t.Error("the report about the toddler and the acute one do not head the triage page")
	}
	if !strings.Contains(page, "Urgent") || !strings.Contains(page, `rel="next"`) {
		t.Error("the triage page marks nothing urgent or has no next page")
	}
	if _, p3 := in.get("/triage?pagina=3"); !strings.Contains(p3, `rel="prev"`) || strings.Contains(p3, `rel="next"`) {
		t.Error("the last page links back and not on")
	}
	// Reading a later page is logged as the first is: one entry for the
	// list, naming no person (the queue shows counts, not persons).
	before := e.head(t)
	if code, _ := in.get("/triage?pagina=2"); code != http.StatusOK {
		t.Fatalf("GET /triage?pagina=2 = %d", code)
	}
	if en := e.entriesAfter(t, before); len(en) != 1 || en[0].Action != string(authz.ActionReportList) || en[0].Outcome != audit.OutcomeOK ||
		en[0].ActorName != e.iris.Name || len(en[0].PersonIDs) != 0 {
		t.Errorf("reading page 2 of the triage queue left %+v, want one %s entry of Iris naming no person", en, authz.ActionReportList)
	}
	// A page that is no page is refused on the page, naming the page
	// number and the rule, with the filters kept.
	for _, bad := range []string{"drie", "0"} {
		code, body := in.get("/triage?urgent=1&pagina=" + bad)
		if code != http.StatusBadRequest || !strings.Contains(body, "Pagina „"+bad+"” bestaat niet: een paginanummer is een heel getal vanaf 1.") ||
			!strings.Contains(body, `name="urgent" value="1" checked`) {
			t.Errorf("page %q: status %d, want 400 naming the page number with the filter kept", bad, code)
		}
	}
	// A page number beyond what the queue takes names the bound.
	if code, body := in.get("/triage?pagina=100001"); code != http.StatusBadRequest || !strings.Contains(body, "Kies een pagina van 1 tot en met 100000.") {
		t.Errorf("page 100001: status %d, want 400 naming the last page number the queue takes", code)
	}
	_, urgent := in.get("/triage?urgent=1")
	if !strings.Contains(urgent, toddler.Number) || !strings.Contains(urgent, acute.Number) || strings.Contains(urgent, "Ouder") {
		t.Error("the urgent filter does not keep just the urgent reports")
	}
	if want := fmt.Sprintf(">%d meldingen; pagina 1 van 1", urgentBefore+2); !strings.Contains(urgent, want) {
		t.Errorf("the urgent filter's total: want %q", want)
	}
	if _, citizens := in.get("/triage?melder=citizen"); !strings.Contains(citizens, acute.Number) || strings.Contains(citizens, toddler.Number) {
		t.Error("the reporter filter does not keep the citizen's report alone")
	}
	if _, late := in.get("/triage?overdue=1"); !strings.Contains(late, acute.Number) || strings.Contains(late, toddler.Number) {
		t.Error("the overdue filter keeps a report received a minute ago, or drops the acute one")
	}
	if code, body := in.get("/triage?melder=astronaut"); code != http.StatusBadRequest || !strings.Contains(body, "Kies een soort melder uit de lijst.") {
		t.Errorf("an unknown reporter kind: status %d, want 400 naming the field", code)
	}
}

// triageRows returns the rows of the triage table on path.
func triageRows(t *testing.T, c *intakeClient, path string) []string {
	t.Helper()
	code, page := c.get(path)
	if code != http.StatusOK {
		t.Fatalf("GET %s = %d", path, code)
	}
	i := strings.Index(page, "<tbody")
	if i < 0 {
		return nil
	}
	body := page[i:strings.Index(page, "</tbody>")]
	parts := strings.Split(body, "<tr")
	return parts[1:]
}

// Each start page shows first what only that role does: the behavioural
// scientist's second pair of eyes stands above the triage queue. Reports
// of other teams are shown as what they are, a report of team X, and no
// registry persons are listed.
func TestStartPagesRoleFirstOtherTeamsAsSignals(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	_, gw := e.as("gedragswetenschapper").get("/")
	// above reports whether part comes first on the page, before each of others.
	above := func(user, page, first string, others ...string) {
		t.Helper()
		at := strings.Index(page, `id="`+first+`"`)
		if at < 0 {
			t.Errorf("%s's start page has no part %q", user, first)
			return
		}
		for _, o := range others {
			if j := strings.Index(page, `id="`+o+`"`); j >= 0 && j < at {
				t.Errorf("%s's start page shows %q above %q", user, o, first)
			}
		}
	}
	above("gedragswetenschapper", gw, "tweede-paar-ogen", "signalen-voor-mij", "triage", "mijn-dossiers", "termijnen")
	_, tl := e.as("teamleider").get("/")
	above("teamleider", tl, "noodtoegang", "tweede-paar-ogen", "signalen-voor-mij", "triage", "mijn-dossiers")
	above("teamleider", tl, "tweede-paar-ogen", "signalen-voor-mij", "triage", "mijn-dossiers")
	if strings.Contains(gw, `id="noodtoegang"`) {
		t.Error("the behavioural scientist, who reviews no emergency access, gets its part")
	}
	_, mo := e.as("monitoring").get("/")
	above("monitoring", mo, "overdrachten", "signalen-voor-mij", "monitoringmomenten", "mijn-dossiers", "termijnen")
	above("monitoring", mo, "monitoringmomenten", "signalen-voor-mij", "mijn-dossiers", "termijnen")
	_, in := e.as("intake").get("/")
	above("intake", in, "triage", "signalen-voor-mij", "mijn-dossiers", "termijnen")
	_, cm := e.as("casemanager").get("/")
	above("casemanager", cm, "termijnen", "signalen-voor-mij", "mijn-dossiers")
	latest := mo[strings.Index(mo, `id="laatste-meldingen"`):]
	if !strings.Contains(latest, e.police.Number) || !strings.Contains(latest, "Melding van team Backoffice") {
		t.Error("Team Monitoring's start page does not show the Backoffice's report as a report of team Backoffice")
	}
	for _, page := range []string{gw, mo} {
		if strings.Contains(page, "Personenregister") || strings.Contains(page, `href="/personen/`) {
			t.Error("a start page lists registry persons")
		}
	}
}
