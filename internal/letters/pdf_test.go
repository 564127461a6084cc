package letters

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

func assertContains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not contain %q\n%s", what, w, text)
		}
	}
}

// The closing letter's PDF, read back with a text-extraction library,
// holds the recipient, the case number, every safety condition with who
// checks it and until when, the case director and the dates in Dutch.
func TestClosingPDFText(t *testing.T) {
	l := closingSample()
	doc, err := testRenderer(t).Closing(l)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(doc.PDF, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", doc.PDF)
	}
	text := pdfText(t, doc.PDF)
	assertContains(t, "closing PDF", text,
		"Zoë Hoekstra", "Kerkstraat 12", "8601 AB Sneek", // recipient
		"Ons kenmerk D-2026-000017",
		"Datum 3 maart 2026",
		"Afsluiting betrokkenheid Veilig Thuis",
		"Voorwaarden & Vervolg",
		"Op 3 maart 2026 sluit Veilig Thuis zijn betrokkenheid af",
		"Vanaf 3 maart 2026 heeft Gebiedsteam Súdwest-Fryslân de casusregie",
		"Uw casusregisseur is Renée Visser, bereikbaar op telefoonnummer 0515-123456",
		"rond 3 juni 2026 en 3 maart 2027", // monitoring
		"U mag trots zijn op de stappen die u hebt gezet.",
		"Eline Bakker procesregisseur Veilig Thuis Súdwest-Fryslân",
		"pagina 1 van 2",
	)
	for i, c := range l.Conditions {
		assertContains(t, "closing PDF", text,
			c.What,
			"Wie controleert: "+c.CheckedBy,
			"Geldt tot en met: "+DutchDate(c.Until))
		if i == 0 {
			assertContains(t, "closing PDF", text, "1. "+c.What)
		}
	}
	assertContains(t, "closing PDF", text, "Geldt tot en met: 3 maart 2027", "1 september 2026", "31 december 2026", "Anaïs de Boer")
}

func TestFeedbackPDFText(t *testing.T) {
	l := feedbackSample()
	doc, err := testRenderer(t).Feedback(l)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, doc.PDF)
	assertContains(t, "feedback PDF", text,
		"Henriëtte Vos verslavingsarts Verslavingszorg Noord", // recipient
		"Beste Henriëtte Vos,",
		"Ons kenmerk D-2026-000017",
		"Uw melding M-2026-000123",
		"Datum 3 maart 2026",
		"Op 20 februari 2026 hebt u een melding gedaan bij Veilig Thuis over mevrouw Hoekstra en haar ongeboren kind.",
		"Op 26 februari 2026 heeft Veilig Thuis de veiligheidsbeoordeling afgerond.",
		"Uw rol in het vervolg",
		"1. Er vindt geen huiselijk geweld plaats.",
		"Wie controleert: Gebiedsteam Súdwest-Fryslân",
		"Geldt tot en met: 3 maart 2027",
		"Veilig Thuis gaat rond 3 juni 2026 na",
	)
	if strings.Contains(text, "identiteit") || strings.Contains(text, "niet bekendgemaakt") {
		t.Error("an unprotected reporter is told their name was withheld")
	}
}

// Decomposed input (e + combining diaeresis, as some systems send it)
// prints as the composed letter.
func TestPDFComposesCharacters(t *testing.T) {
	l := closingSample()
	l.Recipients[0].Name = "Zoe\u0308 Hoekstra"
	doc, err := testRenderer(t).Closing(l)
	if err != nil {
		t.Fatal(err)
	}
	assertContains(t, "closing PDF", pdfText(t, doc.PDF), "Beste Zoë Hoekstra,")
}

// The PDF says what the HTML says: every block laid out from the HTML
// shows up, in order, in the text read back from the PDF.
func TestPDFCarriesEveryHTMLBlock(t *testing.T) {
	r := testRenderer(t)
	c, err := r.Closing(closingSample())
	if err != nil {
		t.Fatal(err)
	}
	f, err := r.Feedback(feedbackSample())
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []Document{c, f} {
		blocks, err := parseBlocks(string(doc.HTML))
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, doc.PDF)
		rest := text
		for _, b := range blocks {
			want := strings.Join(strings.Fields(b.text()), " ")
			if b.region == regionMeta {
				want = b.label + " " + plain(b.runs)
			}
			i := strings.Index(rest, want)
			if i < 0 {
				t.Errorf("%s: block %q is not in the PDF text (after the blocks before it)", doc.Kind, want)
				continue
			}
			rest = rest[i+len(want):]
		}
	}
}

// Names outside Latin-1 (Turkish, Polish) render too. The Go extraction
// library decodes only up to U+00FF from these fonts, so this check uses
// poppler's pdftotext when it is installed.
func TestPDFTextPoppler(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	l := closingSample()
	l.Recipients = []Addressee{{Name: "Ayşe Yılmaz", Address: []string{"Kerkstraat 1", "8601 AB Sneek"}},
		{Name: "Łukasz Wołowski", Address: []string{"Kerkstraat 1", "8601 AB Sneek"}}}
	l.Conditions[0].What = "Geen geweld – ook niet ‘verbaal’ – en “geen” dreiging: € 0 schade."
	doc, err := testRenderer(t).Closing(l)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-", "-")
	cmd.Stdin = bytes.NewReader(doc.PDF)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	assertContains(t, "pdftotext", text, "Beste Ayşe Yılmaz en Łukasz Wołowski,", l.Conditions[0].What, "3 maart 2026", "Súdwest-Fryslân")
}
