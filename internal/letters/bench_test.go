package letters

import "testing"

// BenchmarkClosingLetter renders one closing letter: validation, HTML and
// the PDF (font subsetting included), as the case file does per letter.
func BenchmarkClosingLetter(b *testing.B) {
	r := testRenderer(b)
	l := closingSample()
	b.ReportAllocs()
	var size int
	for b.Loop() {
		doc, err := r.Closing(l)
		if err != nil {
			b.Fatal(err)
		}
		size = len(doc.PDF)
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}

// BenchmarkFeedbackLetter renders one feedback letter.
func BenchmarkFeedbackLetter(b *testing.B) {
	r := testRenderer(b)
	l := feedbackSample()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Feedback(l); err != nil {
			b.Fatal(err)
		}
	}
}
