package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/alerts"
	"toren/internal/authz"
	"toren/internal/browsertest"
	"toren/internal/escalate"
	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

// "Signalen voor mij" can be worked through: a page of compact rows with
// one note field, filters, paging, a detail view, and a bulk
// acknowledgement with one note that is audited per alert.
func TestBrowserAlertsWorkedThrough(t *testing.T) {
	t.Parallel()
	e := newBrowserEnv(t)
	ctx := context.Background()
	a := e.app
	// Thirty acute phone reports: each raises an urgent alert for the
	// intake team, more than one page.
	now := a.Clock().Now()
	for i := range 30 {
		r := &reports.Report{Kind: reports.KindReport, ReceivedAt: now.Add(-time.Duration(i) * time.Minute), Acute: true,
			Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie Midden-Nederland", Phone: "0900-8844"},
			ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Acute dreiging.",
			Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: "Acuut", Surname: fmt.Sprintf("Signaal%02d", i), BirthDate: toren.MustDate("1991-01-01")}}}
		if _, err := a.Intake().Submit(ctx, authz.Console("test"), intake.Submission{Report: r}); err != nil {
			t.Fatal(err)
		}
	}
	iris, err := a.Store().GetUserByUsername(ctx, "intake")
	if err != nil {
		t.Fatal(err)
	}
	var teams []string
	for _, tm := range iris.Teams {
		teams = append(teams, tm.Name)
	}
	open := func(f alerts.Filter) int {
		t.Helper()
		f.Teams, f.UserID = teams, iris.ID
		n, err := a.Store().CountAlerts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	allOpen, urgentOpen := open(alerts.Filter{}), open(alerts.Filter{Severity: escalate.SeverityUrgent})
	if urgentOpen < 30 {
		t.Fatalf("only %d urgent alerts", urgentOpen)
	}

	p := e.signedIn(t, "intake")
	p.Goto("/signalen")
	if got := p.Text("#signalen-aantal"); !strings.HasPrefix(got, strconv.Itoa(allOpen)+" open signaleringen") {
		t.Errorf("total %q, want %d open", got, allOpen)
	}
	rows := browsertest.Eval[int](p, `document.querySelectorAll('tbody input[name=signaal]').length`)
	if rows != 25 || browsertest.Eval[int](p, `document.querySelectorAll('main textarea').length`) != 1 {
		t.Errorf("%d rows, %d note fields: want a page of 25 with one note field", rows,
			browsertest.Eval[int](p, `document.querySelectorAll('main textarea').length`))
	}
	// Compact: a page of 25 alerts fits in a few screens, not 13,000 px.
	if h := browsertest.Eval[int](p, `document.documentElement.scrollHeight`); h > 3000 {
		t.Errorf("the page is %d px high", h)
	}
	p.Screenshot("signalen-werklijst")

	// Filter on urgency through the form: only urgent rows, the total says so.
	browsertest.Eval[bool](p, `(document.querySelector('#filter-urgentie').value = 'urgent', true)`)
	p.ClickAndWait(".toren-filters button")
	if got := p.Path(); !strings.Contains(got, "urgentie=urgent") {
		t.Fatalf("filtered to %s", got)
	}
	if got := p.Text("#signalen-aantal"); !strings.HasPrefix(got, strconv.Itoa(urgentOpen)+" open signaleringen die aan de filters voldoen") {
		t.Errorf("filtered total %q, want %d", got, urgentOpen)
	}
	if n := browsertest.Eval[int](p, `[...document.querySelectorAll('tbody .utrecht-status-badge')].filter(b => b.textContent.trim() !== 'Urgent').length`); n != 0 {
		t.Errorf("%d rows of another urgency under the urgent filter", n)
	}
	// The next page keeps the filter and continues where the first ended.
	last := browsertest.Eval[string](p, `[...document.querySelectorAll('tbody input[name=signaal]')].pop().value`)
	p.ClickAndWait(`a[rel=next]`)
	if got := p.Path(); !strings.Contains(got, "urgentie=urgent") || !strings.Contains(got, "voor="+last) {
		t.Errorf("next page %s, want the urgent filter before %s", got, last)
	}
	if n := browsertest.Eval[int](p, `document.querySelectorAll('tbody input[name=signaal]').length`); n != min(25, urgentOpen-25) {
		t.Errorf("second page has %d rows, want %d", n, min(25, urgentOpen-25))
	}
	p.ClickAndWait(`a[href^="/signalen?"]:not([rel])`) // Eerste pagina

	// Nothing chosen: the note stays, the message says what to do.
	p.Fill("#notitie", "Politie gebeld; zij gaan langs.")
	if code := p.ClickAndWait(`form[action="/signalen/afhandelen"] button[type=submit]`); code != 422 {
		t.Errorf("bulk acknowledgement without a choice: %d", code)
	}
	if got := p.Text("#notitie-fout"); got != "Kies minstens één signalering." {
		t.Errorf("message %q", got)
	}

	// Choose three, one note: all three are acknowledged, each audited.
	ids := browsertest.Eval[[]string](p, `[...document.querySelectorAll('tbody input[name=signaal]')].slice(0, 3).map(c => (c.click(), c.value))`)
	head, err := a.Store().AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p.ClickAndWait(`form[action="/signalen/afhandelen"] button[type=submit]`)
	if got := p.Text("[role=status].utrecht-alert"); got != "3 signaleringen afgehandeld." {
		t.Errorf("confirmation %q", got)
	}
	if !strings.Contains(p.Path(), "urgentie=urgent") {
		t.Errorf("after the bulk acknowledgement the filter is gone: %s", p.Path())
	}
	if n := open(alerts.Filter{Severity: escalate.SeverityUrgent}); n != urgentOpen-3 {
		t.Errorf("%d urgent open after acknowledging 3 of %d", n, urgentOpen)
	}
	acks := 0
	for en, err := range a.Store().AuditEntries(ctx, head.Seq) {
		if err != nil {
			t.Fatal(err)
		}
		if en.Action == "alert.ack" && en.ActorID == strconv.FormatInt(iris.ID, 10) {
			acks++
		}
	}
	if acks != 3 {
		t.Errorf("%d audit entries alert.ack, want 3", acks)
	}
	for _, s := range ids {
		id, _ := strconv.ParseInt(s, 10, 64)
		if al, err := a.Store().GetAlert(ctx, id); err != nil || al.Open() || al.Note != "Politie gebeld; zij gaan langs." {
			t.Errorf("alert %s: %+v %v", s, al, err)
		}
	}

	// The detail view of one alert, with its own acknowledgement.
	name := p.Text(`tbody a[href^="/signalen/"]`)
	p.ClickAndWait(`tbody a[href^="/signalen/"]`)
	if h1 := p.Text("h1"); !strings.HasPrefix(h1, name) {
		t.Errorf("detail heading %q, want the alert %q", h1, name)
	}
	if !p.Has(`form[action$="/afhandelen"] textarea#notitie`) {
		t.Error("the detail view has no acknowledgement form")
	}
	p.Screenshot("signalering-afhandelen")
}

// The break-glass grant of the browser fixture is issued as the service
// issues it, with a reason code and the teams that own the case: the team
// leader of that team finds it on "Noodtoegang nakijken" with the form
// to review it.
func TestBrowserGrantFixtureIsReviewable(t *testing.T) {
	t.Parallel()
	e := newBrowserEnv(t)
	tl := e.signedIn(t, "teamleider")
	if status := tl.Goto("/noodtoegang"); status != 200 {
		t.Fatalf("review list: %d", status)
	}
	if !tl.Has(`form[action^="/noodtoegang/"]`) {
		t.Errorf("the team leader cannot review the fixture's grant:\n%s", tl.Text("main"))
	}
	if main := tl.Text("main"); !strings.Contains(main, "Backoffice") || !strings.Contains(main, "Crisisdienst") {
		t.Errorf("the grant does not show its team and reason code:\n%s", main)
	}
}
