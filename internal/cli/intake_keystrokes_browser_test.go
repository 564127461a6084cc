package cli

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"toren/internal/browsertest"
)

// keystrokes counts what a worker presses to take a phone report: Tabs,
// characters typed and the other keys (Enter, Space). The test presses
// every one of them in the browser; it clicks nothing.
type keystrokes struct {
	t                   *testing.T
	p                   *browsertest.Page
	tabs, chars, others int
}

func (k *keystrokes) tabTo(id string) {
	n := tabTo(k.t, k.p, id)
	k.tabs += n
	k.t.Logf("%d Tabs to #%s", n, id)
}

func (k *keystrokes) typeText(s string) {
	k.p.Press(s)
	k.chars += utf8.RuneCountInString(s)
}

func (k *keystrokes) key(key string) {
	k.p.Press(key)
	k.others++
}

func (k *keystrokes) total() int { return k.tabs + k.chars + k.others }

// intakeKeystrokeBudget is the most Tabs the standard phone report may
// take: the figure measured when it was set (docs/benchmarks.md). A change
// to the form that puts more between the fields a worker fills fails
// here; one that saves Tabs lowers it.
const intakeKeystrokeBudget = 56

// TestBrowserIntakeKeystrokes takes the standard phone report (police,
// partner violence, the victim and the suspected perpetrator) by keyboard
// and counts the keystrokes. The form's first field has the focus when it
// opens, and the list of the worker's drafts stands below the form, so
// it adds no Tabs before the first field.
func TestBrowserIntakeKeystrokes(t *testing.T) {
	t.Parallel()
	e := newBrowserEnv(t)
	p := e.signedIn(t, "intake")
	// A draft from an earlier call, so the list of drafts is on the page.
	p.Goto("/meldingen/nieuw")
	p.Fill("#description", "Eerder gesprek, nog niet af.")
	p.ClickAndWait(`.utrecht-button-group button[name="actie"][value="concept"]`)

	if status := p.Goto("/meldingen/nieuw"); status != 200 {
		t.Fatalf("intake form: %d", status)
	}
	if !p.Has("#concepten-kop") {
		t.Fatal("the draft is not listed")
	}
	if !browsertest.Eval[bool](p, `!!(document.querySelector("form[data-intake]").compareDocumentPosition(document.getElementById("concepten-kop")) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
		t.Error("the drafts stand above the form")
	}
	first := browsertest.Eval[string](p, `document.querySelector("form[data-intake] input:not([type=hidden]), form[data-intake] select, form[data-intake] textarea").id`)
	// The browser applies autofocus when it next renders the page, which
	// on a busy machine can come after the load event: wait for a frame.
	browsertest.Eval[bool](p, `new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))`)
	if got := activeID(p); got == "" || got != first {
		t.Fatalf("on opening the form the focus is on #%s, want the first field #%s", got, first)
	}

	k := &keystrokes{t: t, p: p}
	k.tabTo("reporter-kind")
	k.typeText("Politie")
	k.tabTo("reporter-organisation")
	k.typeText("Politie Midden-Nederland")
	k.tabTo("reporter-phone")
	k.typeText("0900-8844")
	k.tabTo("description")
	k.typeText("Ruzie tussen partners; buren belden 112. Vrouw heeft letsel aan haar arm.")
	partner := browsertest.Eval[string](p, `document.querySelector('input[name="violence_types"][value="partner"]').id`)
	k.tabTo(partner)
	k.key(browsertest.Space)

	k.tabTo("persons-0-role")
	k.typeText("Slachtoffer")
	k.tabTo("persons-0-names")
	k.typeText("Sanne")
	k.tabTo("persons-0-surname")
	k.typeText("Toetsdruk")
	k.tabTo("persons-0-birth_date")
	k.typeText("12-04-1990")

	add := browsertest.Eval[string](p, `(() => { const b = document.querySelector('button[name="actie"][value="persoon-toevoegen"]'); if (!b.id) b.id = "persoon-toevoegen"; return b.id })()`)
	k.tabTo(add)
	k.key(browsertest.Enter)
	p.WaitVisible("#persons-1-surname")
	for i := 0; i < 40 && activeID(p) != "persons-1-role"; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if got := activeID(p); got != "persons-1-role" {
		k.tabTo("persons-1-role")
	}
	k.typeText("(Vermoedelijke)")
	k.tabTo("persons-1-names")
	k.typeText("Tom")
	k.tabTo("persons-1-surname")
	k.typeText("Toetsdruk")

	submit := browsertest.Eval[string](p, `(() => { const b = document.querySelector('button[name="actie"][value="registreren"]'); if (!b.id) b.id = "registreren"; return b.id })()`)
	k.tabTo(submit)
	k.others++
	if status := p.PressAndWait(browsertest.Enter); status != 200 {
		t.Fatalf("register by keyboard: %d\n%s", status, p.Text("main"))
	}
	flash(t, p, "Melding geregistreerd")
	if main := p.Text("main"); !strings.Contains(main, "Sanne") || !strings.Contains(main, "Tom") {
		t.Errorf("the registered report lacks the persons typed:\n%s", main)
	}
	t.Logf("standard phone report by keyboard: %d keystrokes: %d Tabs, %d characters typed, %d other keys (Enter, Space); 0 clicks",
		k.total(), k.tabs, k.chars, k.others)
	if k.tabs > intakeKeystrokeBudget {
		t.Errorf("the standard phone report takes %d Tabs, more than the budget of %d", k.tabs, intakeKeystrokeBudget)
	}
}
