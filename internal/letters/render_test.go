package letters

import (
	"flag"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; review and run go test -update\n--- got:\n%s", name, got)
	}
}

func TestClosingHTMLGolden(t *testing.T) {
	doc, err := testRenderer(t).Closing(closingSample())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "closing.golden.html", string(doc.HTML))
	if doc.Kind != KindClosing || doc.CaseNumber != "D-2026-000017" || doc.Title != "Afsluitbrief D-2026-000017" || doc.Recipient != "Zoë Hoekstra" {
		t.Errorf("document = %+v", doc)
	}
}

func TestFeedbackHTMLGolden(t *testing.T) {
	doc, err := testRenderer(t).Feedback(feedbackSample())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "feedback.golden.html", string(doc.HTML))
	if doc.Kind != KindFeedback || doc.Title != "Terugkoppeling M-2026-000123" || doc.Recipient != "Henriëtte Vos (Verslavingszorg Noord)" {
		t.Errorf("document = %+v", doc)
	}
}

// Every follow-up and both moments render, each with its own sentence.
func TestFeedbackFollowUps(t *testing.T) {
	r := testRenderer(t)
	want := map[FollowUp]string{
		FollowUpHandover:      "draagt de zorg voor de veiligheid over aan Gebiedsteam Súdwest-Fryslân.",
		FollowUpConditions:    "verder met de dienst Voorwaarden & Vervolg",
		FollowUpInvestigation: "start een Onderzoek",
		FollowUpRvdK:          "Raad voor de Kinderbescherming gevraagd",
		FollowUpAdvice:        "omgezet in een advies",
		FollowUpEnd:           "beëindigt zijn betrokkenheid",
	}
	for moment, fus := range followUps {
		for _, fu := range fus {
			l := feedbackSample()
			l.Moment, l.FollowUp = moment, fu
			doc, err := r.Feedback(l)
			if err != nil {
				t.Fatalf("%s/%s: %v", moment, fu, err)
			}
			text := html.UnescapeString(htmlText(string(doc.HTML)))
			if !strings.Contains(text, want[fu]) {
				t.Errorf("%s/%s: missing %q in %s", moment, fu, want[fu], text)
			}
			heading := map[Moment]string{AfterAssessment: "Uitkomst van de veiligheidsbeoordeling", AfterInvestigation: "Uitkomst van het Onderzoek"}[moment]
			if !strings.Contains(text, heading) {
				t.Errorf("%s/%s: missing heading %q", moment, fu, heading)
			}
		}
	}
}

// The app's Content-Security-Policy forbids inline script and style: the
// HTML must carry neither, nor event handler attributes.
func TestHTMLHasNoInlineScriptOrStyle(t *testing.T) {
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
		nodes, err := xhtml.ParseFragment(strings.NewReader(string(doc.HTML)), &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body})
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *xhtml.Node)
		walk = func(n *xhtml.Node) {
			if n.Type == xhtml.ElementNode {
				if n.Data == "script" || n.Data == "style" {
					t.Errorf("%s: <%s> element", doc.Kind, n.Data)
				}
				for _, a := range n.Attr {
					if a.Key == "style" || strings.HasPrefix(a.Key, "on") {
						t.Errorf("%s: %s attribute on <%s>", doc.Kind, a.Key, n.Data)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		for _, n := range nodes {
			walk(n)
		}
		if !strings.HasPrefix(string(doc.HTML), `<article class="toren-letter" lang="nl">`) {
			t.Errorf("%s: not an article in Dutch: %.60s", doc.Kind, doc.HTML)
		}
	}
}

// What a case manager types is text, never markup, in HTML and in PDF.
func TestUserTextIsEscaped(t *testing.T) {
	l := closingSample()
	l.Conditions[0].What = `<script>alert("x")</script> & <b>vet</b>`
	doc, err := testRenderer(t).Closing(l)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(doc.HTML), "<script>") || strings.Contains(string(doc.HTML), "<b>vet") {
		t.Fatalf("markup from input reached the HTML:\n%s", doc.HTML)
	}
	if !strings.Contains(pdfText(t, doc.PDF), `<script>alert("x")</script> & <b>vet</b>`) {
		t.Fatal("the PDF does not show the condition as typed")
	}
}
