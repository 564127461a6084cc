// Package pdftext reads the text back from a PDF, for tests that check
// what a document says (a letter, an access copy).
package pdftext

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
)

// Text reads the text back from PDF bytes with a PDF text-extraction
// library, with white space collapsed (lines a paragraph wraps into join
// with a space). The library decodes characters up to U+00FF correctly,
// which covers Dutch diacritics.
func Text(t testing.TB, b []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read pdf: %v", err)
	}
	var all strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		s, err := p.GetPlainText(nil)
		if err != nil {
			t.Fatalf("text of page %d: %v", i, err)
		}
		all.WriteString(s)
		all.WriteString("\n")
	}
	return strings.Join(strings.Fields(all.String()), " ")
}
