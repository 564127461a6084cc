package letters

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"
	"time"

	"toren/internal/toren"
)

//go:embed templates/*.html
var templateFS embed.FS

// Kind is the kind of letter.
type Kind string

const (
	KindClosing  Kind = "closing"  // afsluitbrief
	KindFeedback Kind = "feedback" // terugkoppeling aan de melder
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == KindClosing || k == KindFeedback }

// Label is the Dutch name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindClosing:
		return "Afsluitbrief"
	case KindFeedback:
		return "Terugkoppeling aan de melder"
	}
	return string(k)
}

// Document is a rendered letter, in both forms.
type Document struct {
	Kind       Kind
	CaseNumber string
	// Recipient names the addressee for the case file's list of letters;
	// for a protected reporter it is "de melder (identiteit beschermd)".
	Recipient string
	Title     string        // "Afsluitbrief D-2026-000017"
	HTML      template.HTML // the screen version: an <article> fragment without script or style
	PDF       []byte
}

// Renderer renders letters on one organisation's letterhead. It is safe
// for concurrent use.
type Renderer struct {
	head  Letterhead
	tmpl  *template.Template
	clock toren.Clock
}

// NewRenderer checks the letterhead and parses the templates. The clock
// dates the PDF files (their creation date); the date printed on a
// letter is the letter's own Date.
func NewRenderer(head Letterhead, clock toren.Clock) (*Renderer, error) {
	if err := head.Validate(); err != nil {
		return nil, fmt.Errorf("letters: letterhead: %w", err)
	}
	if clock == nil {
		return nil, fmt.Errorf("letters: no clock")
	}
	tmpl, err := template.New("letters").Funcs(template.FuncMap{
		"datum": DutchDate,
		"sep":   listSeparator,
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("letters: templates: %w", err)
	}
	return &Renderer{head: head, tmpl: tmpl, clock: clock}, nil
}

// On returns a renderer that prints on head, which may have changed since
// the renderer was made (the administrator edits the letterhead while
// Toren runs); the templates are shared.
func (r *Renderer) On(head Letterhead) (*Renderer, error) {
	if err := head.Validate(); err != nil {
		return nil, fmt.Errorf("letters: letterhead: %w", err)
	}
	return &Renderer{head: head, tmpl: r.tmpl, clock: r.clock}, nil
}

// listSeparator returns what goes before item i of n in a Dutch list.
func listSeparator(i, n int) string {
	switch {
	case i == 0:
		return ""
	case i == n-1:
		return " en "
	}
	return ", "
}

// signature is the closing of every letter.
type signature struct{ Name, Function, Organisation string }

type closingView struct {
	Head  Letterhead
	L     ClosingLetter
	Names string
	Note  []string
	Sign  signature
}

// Closing validates and renders an afsluitbrief. Invalid input returns a
// toren.CodeInvalid error whose fields name what to fix.
func (r *Renderer) Closing(l ClosingLetter) (Document, error) {
	if err := l.Validate(); err != nil {
		return Document{}, err
	}
	names := recipientNames(l.Recipients)
	v := closingView{
		Head:  r.head,
		L:     l,
		Names: joinAnd(greetings(l.Recipients)),
		Note:  paragraphs(l.Note),
		Sign:  signature{l.Signer.Name, l.Signer.Function, r.head.Organisation},
	}
	doc := Document{
		Kind:       KindClosing,
		CaseNumber: l.CaseNumber,
		Recipient:  strings.Join(names, ", "),
		Title:      "Afsluitbrief " + l.CaseNumber,
	}
	return r.render(doc, "closing", v, "Afsluiting betrokkenheid Veilig Thuis")
}

type feedbackView struct {
	Head       Letterhead
	L          FeedbackLetter
	To         []string
	Salutation string
	Protected  bool
	Partners   string
	Role       []string
	Sign       signature
}

// Feedback validates and renders a terugkoppeling to a professional
// reporter. Invalid input returns a toren.CodeInvalid error whose fields
// name what to fix.
func (r *Renderer) Feedback(l FeedbackLetter) (Document, error) {
	if err := l.Validate(); err != nil {
		return Document{}, err
	}
	v := feedbackView{
		Head:       r.head,
		L:          l,
		To:         feedbackAddress(l),
		Salutation: l.Reporter.salutation(),
		Protected:  l.Reporter.Protected(),
		Partners:   joinAnd(l.Partners),
		Role:       paragraphs(l.ReporterRole),
		Sign:       signature{l.Signer.Name, l.Signer.Function, r.head.Organisation},
	}
	doc := Document{
		Kind:       KindFeedback,
		CaseNumber: l.CaseNumber,
		Recipient:  l.Reporter.label(),
		Title:      "Terugkoppeling " + l.ReportNumber,
	}
	return r.render(doc, "feedback", v, "Terugkoppeling over uw melding")
}

// feedbackAddress is the address block of a feedback letter. A protected
// reporter is addressed by the report's number only; the case manager
// sends it through the channel the reporter gave Veilig Thuis.
func feedbackAddress(l FeedbackLetter) []string {
	rep := l.Reporter
	if rep.Protected() {
		return []string{"Aan de melder van melding " + l.ReportNumber}
	}
	var lines []string
	for _, s := range []string{rep.Name(), rep.Function(), rep.Organisation()} {
		if s != "" {
			lines = append(lines, s)
		}
	}
	if rep.Name() == "" {
		lines = append([]string{"Aan de melder van melding " + l.ReportNumber}, lines...)
	}
	return lines
}

// render executes the template and lays the HTML out as a PDF.
func (r *Renderer) render(doc Document, name string, view any, subject string) (Document, error) {
	var b bytes.Buffer
	if err := r.tmpl.ExecuteTemplate(&b, name, view); err != nil {
		return Document{}, fmt.Errorf("letters: render %s: %w", name, err)
	}
	doc.HTML = template.HTML(b.String()) // html/template escaped every value
	blocks, err := parseBlocks(b.String())
	if err != nil {
		return Document{}, fmt.Errorf("letters: lay out %s: %w", name, err)
	}
	pdf, err := writePDF(blocks, pdfInfo{
		Title:   doc.Title,
		Subject: subject,
		Author:  r.head.Organisation,
		Footer:  r.head.Organisation + " · kenmerk " + doc.CaseNumber,
		Created: r.clock.Now().In(time.UTC),
	})
	if err != nil {
		return Document{}, fmt.Errorf("letters: pdf %s: %w", name, err)
	}
	doc.PDF = pdf
	return doc, nil
}

// paragraphs splits free text at blank lines; single line breaks inside a
// paragraph become spaces, as in HTML.
func paragraphs(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}
