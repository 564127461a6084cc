package letters

import (
	"bytes"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Page layout in millimetres, A4 portrait. The address sits where a
// window envelope shows it (left, about 50 mm from the top).
const (
	marginLeft   = 25.0
	marginRight  = 20.0
	marginTop    = 18.0
	marginBottom = 22.0
	headX        = 125.0 // the letterhead column
	recipientY   = 50.0
	metaY        = 85.0
	metaValueX   = 60.0
	indentStep   = 7.0
	lineHeight   = 5.0
	smallLine    = 4.2
	fontFamily   = "go"
)

// Type sizes in points.
const (
	sizeBody    = 10.5
	sizeSmall   = 9
	sizeFooter  = 8
	sizeTitle   = 12.5
	sizeHeading = 11
)

// pdfInfo is the document information and the running footer.
type pdfInfo struct {
	Title, Subject, Author string
	Footer                 string    // "Veilig Thuis IJsselland · kenmerk D-2026-000017"
	Created                time.Time // the PDF's creation date
}

// writePDF lays blocks out on A4 pages.
func writePDF(blocks []block, info pdfInfo) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	f.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(true, marginBottom)
	f.SetTitle(info.Title, true)
	f.SetSubject(info.Subject, true)
	f.SetAuthor(info.Author, true)
	f.SetCreator("Toren", true)
	f.SetProducer("Toren", true)
	f.SetLang("nl-NL")
	f.SetCreationDate(info.Created)
	f.SetModificationDate(info.Created)
	f.AliasNbPages("{nb}")
	tags := newTagger(f)
	f.SetHeaderFunc(tags.pageStart)
	f.SetFooterFunc(func() {
		tags.pageEnd()
		tags.artifact("Footer", func() {
			f.SetY(-14)
			f.SetFont(fontFamily, "", sizeFooter)
			f.SetTextColor(80, 80, 80)
			f.CellFormat(0, 4, fmt.Sprintf("%s · pagina %d van {nb}", info.Footer, f.PageNo()), "", 0, "C", false, 0, "")
			f.SetTextColor(0, 0, 0)
		})
	})
	f.AddPage()

	w := pdfWriter{f: f, tags: tags}
	for _, b := range blocks {
		w.block(b)
	}
	tags.end()
	if err := f.Error(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, err
	}
	return tags.update(buf.Bytes(), info)
}

type pdfWriter struct {
	f    *fpdf.Fpdf
	prev *block
	tags *tagger
	// list and item are the open list and list item's body, for the
	// items and fields that follow.
	list, item *structElem
	listIndent int
}

// elemFor returns the structure element a block is written into:
// a heading, a paragraph, or a list item's label and body.
func (w *pdfWriter) elemFor(b block) (lbl, e *structElem) {
	t := w.tags
	if b.region == regionBody {
		switch b.kind {
		case blockItem:
			if w.list == nil || w.listIndent != b.indent {
				w.list, w.listIndent = t.elem(t.root, "L"), b.indent
			}
			li := t.elem(w.list, "LI")
			lbl = t.elem(li, "Lbl")
			w.item = t.elem(li, "LBody")
			return lbl, w.item
		case blockField:
			if w.item != nil {
				return nil, t.elem(w.item, "P")
			}
		case blockTitle:
			w.list, w.item = nil, nil
			return nil, t.elem(t.root, "H1")
		case blockHeading:
			w.list, w.item = nil, nil
			return nil, t.elem(t.root, "H2")
		}
	}
	w.list, w.item = nil, nil
	return nil, t.elem(t.root, "P")
}

func (w *pdfWriter) block(b block) {
	f := w.f
	lbl, e := w.elemFor(b)
	entering := w.prev == nil || w.prev.region != b.region
	switch b.region {
	case regionHead:
		if entering {
			f.SetXY(headX, marginTop)
		} else {
			f.Ln(1.5)
		}
		w.tags.begin(e)
		w.text(headX, b, sizeSmall, smallLine)
		w.tags.end()
	case regionRecipient:
		if entering {
			f.SetXY(marginLeft, max(recipientY, f.GetY()+6))
		} else {
			f.Ln(3)
		}
		w.tags.begin(e)
		w.text(marginLeft, b, sizeBody, lineHeight)
		w.tags.end()
	case regionMeta:
		if entering {
			f.SetXY(marginLeft, max(metaY, f.GetY()+8))
		}
		w.tags.begin(e)
		f.SetFont(fontFamily, "", sizeSmall)
		f.SetX(marginLeft)
		f.CellFormat(metaValueX-marginLeft, lineHeight, b.label, "", 0, "L", false, 0, "")
		b.label = ""
		w.text(metaValueX, b, sizeBody, lineHeight)
		w.tags.end()
	default:
		if entering {
			f.Ln(8)
		}
		w.body(b, lbl, e)
	}
	w.prev = &b
}

// body lays out a block of the letter's text.
func (w *pdfWriter) body(b block, lbl, e *structElem) {
	f := w.f
	left := marginLeft + float64(b.indent)*indentStep
	prevKind := blockPara
	if w.prev != nil {
		prevKind = w.prev.kind
	}
	switch b.kind {
	case blockTitle:
		f.Ln(4)
		w.tags.begin(e)
		w.text(left, b, sizeTitle, lineHeight+1)
		w.tags.end()
		f.Ln(2)
	case blockHeading:
		f.Ln(4)
		w.keep(28) // a heading does not end a page
		w.tags.begin(e)
		w.text(left, b, sizeHeading, lineHeight)
		w.tags.end()
		f.Ln(1)
	case blockItem:
		f.Ln(2)
		w.keep(3 * lineHeight)
		f.SetFont(fontFamily, "", sizeBody)
		f.SetX(left)
		w.tags.begin(lbl)
		f.CellFormat(indentStep, lineHeight, b.marker, "", 0, "L", false, 0, "")
		w.tags.begin(e)
		w.text(left+indentStep, b, sizeBody, lineHeight)
		w.tags.end()
	case blockField:
		if prevKind != blockItem && prevKind != blockField {
			f.Ln(2)
		}
		w.tags.begin(e)
		w.text(left, b, sizeBody, lineHeight)
		w.tags.end()
	default:
		f.Ln(2)
		if b.keepNext {
			w.keep(5 * lineHeight)
		}
		w.tags.begin(e)
		w.text(left, b, sizeBody, lineHeight)
		w.tags.end()
	}
}

// keep starts a new page when less than h millimetres are left on this one.
func (w *pdfWriter) keep(h float64) {
	_, pageH := w.f.GetPageSize()
	if w.f.GetY()+h > pageH-marginBottom {
		w.f.AddPage()
	}
}

// text writes the block's label and runs as flowing text from x,
// wrapping at the right margin back to x, and ends the line.
func (w *pdfWriter) text(x float64, b block, size, lh float64) {
	f := w.f
	f.SetLeftMargin(x)
	if f.GetX() < x {
		f.SetX(x)
	}
	bold := b.kind == blockTitle || b.kind == blockHeading
	if b.label != "" {
		f.SetFont(fontFamily, "B", size)
		f.Write(lh, b.label+": ")
	}
	for _, r := range b.runs {
		style := ""
		if bold || r.bold {
			style = "B"
		}
		f.SetFont(fontFamily, style, size)
		f.Write(lh, r.text)
	}
	f.Ln(lh)
	f.SetLeftMargin(marginLeft)
}
