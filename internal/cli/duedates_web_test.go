package cli

import (
	"net/http"
	neturl "net/url"
	"regexp"
	"strings"
	"testing"

	"toren/internal/casework"
	"toren/internal/toren"
	"toren/internal/web"
)

// One answer to "what is due when" (casework.File.Due): the case file's
// summary, its side navigation and agreement rows, and the case manager's
// start page say the same of the same agreement; an agreement dated in the
// past is not saved before the worker confirms the date; and the letters
// are one list, so the page never says there are none above a letter sent.
func TestCaseDueDatesAgreeEverywhere(t *testing.T) {
	t.Parallel()
	e := newCaseworkEnv(t)
	cm := e.as("casemanager")
	today := toren.DateOf(e.app.Clock().Now().In(toren.Amsterdam))

	// Dated yesterday: refused with the field named and a box to confirm.
	ag := neturl.Values{"who": {"Moeder"}, "what": {"Belt de politie als vader komt."}, "due": {today.AddDays(-1).Dutch()}}
	code, body, _ := cm.post(e.path("/afspraken"), ag)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("an agreement dated yesterday: status %d, want 422", code)
	}
	wantFieldError(t, body, "agreement-due", "Deze datum ligt in het verleden")
	if !strings.Contains(body, "Uiterlijk op: Deze datum ligt in het verleden") {
		t.Error("the error summary does not name the field")
	}
	if !strings.Contains(body, `id="agreement-past_due"`) {
		t.Error("no box to confirm the date in the past")
	}
	if n := len(e.file().Agreements); n != 0 {
		t.Fatalf("%d agreements stored from a refused form", n)
	}
	ag.Set("past_due", "ja")
	code, _, loc := cm.post(e.path("/afspraken"), ag)
	wantRedirect(t, "agreement confirmed in the past", code, loc, e.path("#afspraken"))

	f := e.file()
	d := f.DueAgreement(f.Agreements[0].ID)
	if d == nil || !d.Overdue {
		t.Fatalf("the agreement due yesterday is not late in File.Due: %+v", d)
	}
	next := f.Next()
	if next == nil {
		t.Fatal("nothing due")
	}

	// The summary: the earliest item of File.Due, and the open agreement.
	_, page := cm.get(e.path(""))
	summary := text(page[strings.Index(page, `id="samenvatting"`):])
	if strings.Contains(summary, "Geen open termijn") {
		t.Error("the summary says nothing is due while an agreement is late")
	}
	if want := "Eerstvolgende termijn " + web.QueueLabel(*next); !strings.Contains(summary, want) {
		t.Errorf("the summary's next term is not File.Next: want %q in\n%s", want, summary)
	}
	if !strings.Contains(summary, "Open veiligheidsafspraken: 1, waarvan 1 te laat") {
		t.Error("the summary does not count the late agreement")
	}
	if !regexp.MustCompile(`\?deel=veiligheid"[^>]*>Veiligheidsplan[^<]*<span[^>]*>\(\d+\)</span> <span[^>]*>Te laat</span>`).MatchString(page) {
		t.Error("the side navigation does not mark the safety plan late")
	}

	// The safety plan: the row says late, not just "Open".
	_, plan := cm.get(e.path("?deel=veiligheid"))
	row := plan[strings.Index(plan, `id="agreement-`):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, "Open") || !strings.Contains(row, "Te laat") {
		t.Errorf("the agreement row does not say it is late: %s", text(row))
	}

	// The start page: the same agreement, late.
	_, home := cm.get("/")
	terms := home[strings.Index(home, `id="termijnen"`):]
	var found bool
	for _, tr := range strings.Split(terms, "<tr")[1:] {
		if strings.Contains(tr, "Belt de politie als vader komt.") {
			found = true
			if !strings.Contains(tr, "Te laat") {
				t.Errorf("the start page lists the agreement without its late marker: %s", text(tr))
			}
		}
	}
	if !found {
		t.Error("the start page does not list the agreement")
	}

	// Letters: a sending recorded of a letter made elsewhere is in the one
	// list; "no letters" is not said above it.
	code, _, loc = cm.post(e.path("/verzonden"), neturl.Values{"kind": {string(casework.LetterRvdKRequest)},
		"sent_at": {formAt(e.app.Clock().Now().Add(-3600e9))}, "recipient": {"Raad voor de Kinderbescherming Utrecht"}})
	if code != http.StatusSeeOther {
		t.Fatalf("record a sending: status %d (%s)", code, loc)
	}
	_, letters := cm.get(e.path("?deel=brieven"))
	part := text(letters[strings.Index(letters, `id="brieven"`):])
	if strings.Contains(part, "Nog geen brieven") {
		t.Error("the letters part says there are no letters above a letter sent")
	}
	if !strings.Contains(part, "Verzoek aan de Raad voor de Kinderbescherming aan Raad voor de Kinderbescherming Utrecht, verzonden") {
		t.Errorf("the sent letter is not in the list:\n%s", part)
	}
}

// text is the text of an HTML fragment, tags dropped and spaces folded.
func text(html string) string {
	return strings.Join(strings.Fields(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(html, " ")), " ")
}
