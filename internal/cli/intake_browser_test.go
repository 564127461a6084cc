package cli

import (
	"strings"
	"testing"
	"time"

	"toren/internal/browsertest"
)

// activeID is the id of the element that has the keyboard focus.
func activeID(p *browsertest.Page) string {
	return browsertest.Eval[string](p, `document.activeElement ? document.activeElement.id : ""`)
}

// tabTo presses Tab until the field with id has the focus, as a keyboard
// user would, and fails when it is not reachable; it returns how many
// presses it took.
func tabTo(t *testing.T, p *browsertest.Page, id string) int {
	t.Helper()
	for n := 1; n <= 80; n++ {
		p.Press(browsertest.Tab)
		if activeID(p) == id {
			return n
		}
	}
	t.Fatalf("#%s is not reachable with Tab on %s", id, p.Path())
	return 0
}

// TestBrowserIntakeByKeyboardOnly registers a report without touching the
// mouse: Tab between fields in a logical order, typing to choose in a
// list, Space for a choice, Enter in a field moves on instead of sending
// the form half-way through a call, "Persoon toevoegen" by keyboard puts
// the focus in the new row, and Enter on "Registreren" sends it.
func TestBrowserIntakeByKeyboardOnly(t *testing.T) {
	t.Parallel()
	e := newBrowserEnv(t)
	p := e.signedIn(t, "intake")
	if status := p.Goto("/meldingen/nieuw"); status != 200 {
		t.Fatalf("intake form: %d", status)
	}
	// The order of the form: reporter before the facts before the persons.
	order := []string{"reporter-kind", "reporter-organisation", "description", "persons-0-role", "persons-0-surname"}
	for i := 1; i < len(order); i++ {
		if !browsertest.Eval[bool](p, `(() => { const a = document.getElementById("`+order[i-1]+`"), b = document.getElementById("`+order[i]+`");
			return !!(a && b && (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)) })()`) {
			t.Errorf("#%s does not come after #%s", order[i], order[i-1])
		}
	}

	tabTo(t, p, "reporter-kind")
	p.Press("Politie") // a select chooses by typing its label
	if v := browsertest.Eval[string](p, `document.getElementById("reporter-kind").value`); v != "police" {
		t.Fatalf("typing in the reporter kind chose %q", v)
	}
	p.Press(browsertest.Tab)
	if got := activeID(p); got != "reporter-organisation" {
		t.Fatalf("after the reporter kind the focus is on #%s", got)
	}
	p.Press("Politie Eenheid Midden-Nederland", browsertest.Enter)
	if p.Path() != "/meldingen/nieuw" {
		t.Fatal("Enter in a field sent the form")
	}
	if got := activeID(p); got == "reporter-organisation" || got == "" {
		t.Errorf("Enter did not move on to the next field (focus on #%s)", got)
	}
	tabTo(t, p, "reporter-phone")
	p.Press("0900-8844")
	tabTo(t, p, "description")
	p.Press("Buren hoorden geschreeuw; politie ter plaatse. Kinderen waren thuis.")
	// The first violence type, ticked with Space.
	first := browsertest.Eval[string](p, `document.querySelector('input[name="violence_types"]').id`)
	tabTo(t, p, first)
	p.Press(browsertest.Space)
	if !browsertest.Eval[bool](p, `document.getElementById("`+first+`").checked`) {
		t.Error("Space did not tick the violence type")
	}

	tabTo(t, p, "persons-0-role")
	p.Press("Slachtoffer")
	tabTo(t, p, "persons-0-names")
	p.Press("Noor")
	tabTo(t, p, "persons-0-surname")
	p.Press("Toetsenbord")
	tabTo(t, p, "persons-0-birth_date")
	p.Press("07-03-1991")

	// A second person: the button by keyboard, the focus lands in the row.
	add := browsertest.Eval[string](p, `(() => { const b = document.querySelector('button[name="actie"][value="persoon-toevoegen"]'); if (!b.id) b.id = "persoon-toevoegen"; return b.id })()`)
	tabTo(t, p, add)
	p.Press(browsertest.Enter)
	p.WaitVisible("#persons-1-surname")
	// htmx moves the focus once the new row has settled.
	for i := 0; i < 40 && !strings.HasPrefix(activeID(p), "persons-1-"); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if got := activeID(p); !strings.HasPrefix(got, "persons-1-") {
		t.Errorf("after adding a person the focus is on #%s, want the new row", got)
	}
	if got := activeID(p); got != "persons-1-role" {
		tabTo(t, p, "persons-1-role")
	}
	p.Press("(Vermoedelijke)") // choose by typing the label's start
	tabTo(t, p, "persons-1-names")
	p.Press("Rik")
	tabTo(t, p, "persons-1-surname")
	p.Press("Toetsenbord")

	submit := browsertest.Eval[string](p, `(() => { const b = document.querySelector('button[name="actie"][value="registreren"]'); if (!b.id) b.id = "registreren"; return b.id })()`)
	tabTo(t, p, submit)
	if status := p.PressAndWait(browsertest.Enter); status != 200 {
		t.Fatalf("register by keyboard: %d\n%s", status, p.Text("main"))
	}
	flash(t, p, "Melding geregistreerd")
	if main := p.Text("main"); !strings.Contains(main, "Noor") || !strings.Contains(main, "Rik") {
		t.Errorf("the registered report lacks the persons typed:\n%s", main)
	}
	browsertest.CheckA11y(t, p)
}

// TestBrowserIntakeErrorsKeepTheForm sends a report with mistakes: the
// form comes back with every value as typed, each error next to its field
// and in a summary that takes the focus and links to the fields.
func TestBrowserIntakeErrorsKeepTheForm(t *testing.T) {
	t.Parallel()
	e := newBrowserEnv(t)
	p := e.signedIn(t, "intake")
	p.Goto("/meldingen/nieuw")
	choose(t, p, "#reporter-kind", "citizen")
	p.Fill("#reporter-name", "Mevrouw de Boer")
	p.Fill("#description", "Harde klappen gehoord bij de buren, een kind huilde lang.")
	choose(t, p, "#persons-0-role", "child")
	p.Fill("#persons-0-names", "Mila")
	// No surname, and a BSN that fails the elfproef.
	p.Fill("#persons-0-bsn", "123456789")
	p.Fill("#persons-0-birth_date", "31-02-2020")
	if status := p.ClickAndWait(`button[name="actie"][value="registreren"]`); status != 422 {
		t.Fatalf("a report with errors: status %d, want 422", status)
	}
	for id, want := range map[string]string{"reporter-name": "Mevrouw de Boer", "persons-0-names": "Mila", "persons-0-bsn": "123456789",
		"persons-0-birth_date": "31-02-2020"} {
		if got := browsertest.Eval[string](p, `document.getElementById("`+id+`").value`); got != want {
			t.Errorf("#%s came back as %q, want %q", id, got, want)
		}
	}
	if got := browsertest.Eval[string](p, `document.getElementById("description").value`); !strings.Contains(got, "Harde klappen") {
		t.Errorf("the description came back as %q", got)
	}
	for _, id := range []string{"persons-0-bsn", "persons-0-birth_date"} {
		if !browsertest.Eval[bool](p, `document.getElementById("`+id+`").getAttribute("aria-invalid") === "true"`) {
			t.Errorf("#%s is not marked invalid", id)
		}
		if msg := p.Text("#" + id + "-fout"); msg == "" {
			t.Errorf("no error next to #%s", id)
		}
	}
	if !strings.Contains(p.Text("#"+"persons-0-bsn-fout"), "BSN") {
		t.Errorf("the BSN error does not say what is wrong: %q", p.Text("#persons-0-bsn-fout"))
	}
	if f := p.Focused(); !strings.Contains(f, "utrecht-alert--error") || !strings.Contains(f, "verbeteren") {
		t.Errorf("the focus is on %s, want the error summary", f)
	}
	if !p.Has(`a[href="#persons-0-bsn"]`) {
		t.Error("the summary does not link to the BSN field")
	}
	browsertest.CheckA11y(t, p)
	p.Screenshot("nieuwe-melding-fouten")
}
