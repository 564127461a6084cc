package letters

import (
	"html"
	"strings"
	"testing"

	"toren/internal/toren"
)

// FuzzClosingLetterText feeds arbitrary text, as a case manager might
// type or paste it, into a closing letter. Input either fails validation
// with field errors, or renders to HTML and PDF that show it as text.
func FuzzClosingLetterText(f *testing.F) {
	f.Add("Er vindt geen huiselijk geweld plaats.", "Zoë Hoekstra", "U mag trots zijn.")
	f.Add("<script>alert(1)</script>", "Ayşe Yılmaz", "Een.\r\n\r\nTwee.")
	f.Add("  ", "\x00", "\u2028")
	f.Add("é\u0301 \u200b \ufeff 👍", "Łukasz", strings.Repeat("lang ", 900))
	f.Add("Geen geweld 👍", "Zoe\u0308", "Ayşe\tYılmaz")
	f.Fuzz(func(t *testing.T, what, name, note string) {
		l := closingSample()
		l.Conditions[0].What, l.Recipients[0].Name, l.Note = what, name, note
		doc, err := testRenderer(t).Closing(l)
		if err != nil {
			if toren.ErrorCode(err) != toren.CodeInvalid || len(toren.FieldErrors(err)) == 0 {
				t.Fatalf("render failed without field errors: %v", err)
			}
			return
		}
		want := strings.Join(strings.Fields(what), " ")
		got := html.UnescapeString(htmlText(string(doc.HTML)))
		if !strings.Contains(got, want) {
			t.Fatalf("HTML does not show the condition %q", want)
		}
		if len(doc.PDF) == 0 {
			t.Fatal("no PDF")
		}
		if latin1(what) {
			if pdf := pdfText(t, doc.PDF); !strings.Contains(pdf, want) {
				t.Fatalf("PDF does not show the condition %q", want)
			}
		}
	})
}

// latin1 reports whether s is printable text the extraction library
// decodes faithfully (see pdfText).
func latin1(s string) bool {
	for _, r := range s {
		if r > 0xff || r < 0x20 || r >= 0x7f && r <= 0xa0 || r == 0xad {
			return false
		}
	}
	return true
}
