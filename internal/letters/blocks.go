package letters

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// The PDF is laid out from the rendered HTML, so both versions say the
// same. parseBlocks reads the small set of elements the templates use into
// a flat list of blocks; any other element is an error, so a template
// change cannot silently drop text from the PDF.

// region is the part of the first page a block belongs to.
type region int

const (
	regionBody      region = iota
	regionHead             // the letterhead, top right
	regionRecipient        // the address, placed for a window envelope
	regionMeta             // date and references
)

type blockKind int

const (
	blockPara    blockKind = iota
	blockTitle             // <h2>: the subject line
	blockHeading           // <h3>
	blockItem              // the first paragraph of a list item, after its marker
	blockField             // a <dt>/<dd> pair: label and value
)

// run is a stretch of text in one style; the text "\n" is a line break.
type run struct {
	text string
	bold bool
}

type block struct {
	region region
	kind   blockKind
	runs   []run
	label  string // blockField: the <dt> text
	marker string // blockItem: "1." or a bullet
	indent int    // list depth
	// keepNext keeps the block on one page with what follows (the
	// greeting with the signer's name).
	keepNext bool
}

// text returns the block's words as plain text, label first.
func (b block) text() string {
	var s strings.Builder
	if b.label != "" {
		s.WriteString(b.label + ": ")
	}
	for _, r := range b.runs {
		s.WriteString(r.text)
	}
	return s.String()
}

// parseBlocks reads a rendered letter into blocks.
func parseBlocks(fragment string) ([]block, error) {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), body)
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	var p blockParser
	for _, n := range nodes {
		if err := p.node(n, regionBody, 0); err != nil {
			return nil, err
		}
	}
	return p.blocks, nil
}

type blockParser struct{ blocks []block }

func (p *blockParser) node(n *html.Node, reg region, indent int) error {
	switch n.Type {
	case html.ElementNode:
	case html.TextNode:
		if strings.TrimSpace(n.Data) != "" {
			return fmt.Errorf("text %q outside a paragraph", n.Data)
		}
		return nil
	default:
		return nil // comments
	}
	switch n.DataAtom {
	case atom.Article, atom.Section, atom.Div, atom.Header, atom.Footer:
		switch {
		case hasClass(n, "letter-head"):
			reg = regionHead
		case hasClass(n, "letter-recipient"):
			reg = regionRecipient
		}
		return p.children(n, reg, indent)
	case atom.P, atom.Address:
		return p.inlineBlock(n, block{region: reg, kind: blockPara, indent: indent, keepNext: hasClass(n, "letter-greeting")})
	case atom.H2:
		return p.inlineBlock(n, block{region: reg, kind: blockTitle, indent: indent})
	case atom.H3:
		return p.inlineBlock(n, block{region: reg, kind: blockHeading, indent: indent})
	case atom.Ol, atom.Ul:
		return p.list(n, reg, indent)
	case atom.Dl:
		if hasClass(n, "letter-meta") {
			reg = regionMeta
		}
		return p.fields(n, reg, indent)
	}
	return fmt.Errorf("element <%s> has no PDF layout", n.Data)
}

func (p *blockParser) children(n *html.Node, reg region, indent int) error {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := p.node(c, reg, indent); err != nil {
			return err
		}
	}
	return nil
}

func (p *blockParser) inlineBlock(n *html.Node, b block) error {
	runs, err := inline(n, false, nil)
	if err != nil {
		return err
	}
	b.runs = normalize(runs)
	p.blocks = append(p.blocks, b)
	return nil
}

// list reads <ol>/<ul>: each <li> starts with a <p>, which gets the
// marker; what follows in the item is indented one level.
func (p *blockParser) list(n *html.Node, reg region, indent int) error {
	i := 0
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode {
			if err := p.node(li, reg, indent); err != nil {
				return err
			}
			continue
		}
		if li.DataAtom != atom.Li {
			return fmt.Errorf("element <%s> inside <%s>", li.Data, n.Data)
		}
		i++
		marker := "•"
		if n.DataAtom == atom.Ol {
			marker = strconv.Itoa(i) + "."
		}
		first := true
		for c := li.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				if err := p.node(c, reg, indent); err != nil {
					return err
				}
				continue
			}
			if first {
				if c.DataAtom != atom.P {
					return fmt.Errorf("a list item starts with <%s>, not <p>", c.Data)
				}
				first = false
				if err := p.inlineBlock(c, block{region: reg, kind: blockItem, marker: marker, indent: indent}); err != nil {
					return err
				}
				continue
			}
			if err := p.node(c, reg, indent+1); err != nil {
				return err
			}
		}
		if first {
			return fmt.Errorf("an empty list item")
		}
	}
	return nil
}

// fields reads a <dl> as label/value pairs.
func (p *blockParser) fields(n *html.Node, reg region, indent int) error {
	label := ""
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			if err := p.node(c, reg, indent); err != nil {
				return err
			}
			continue
		}
		switch c.DataAtom {
		case atom.Dt:
			runs, err := inline(c, false, nil)
			if err != nil {
				return err
			}
			label = plain(normalize(runs))
		case atom.Dd:
			if err := p.inlineBlock(c, block{region: reg, kind: blockField, label: label, indent: indent}); err != nil {
				return err
			}
		default:
			return fmt.Errorf("element <%s> inside <dl>", c.Data)
		}
	}
	return nil
}

// inline collects the text runs of n's children.
func inline(n *html.Node, bold bool, runs []run) ([]run, error) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			runs = append(runs, run{text: c.Data, bold: bold})
			continue
		case html.ElementNode:
		default:
			continue
		}
		var err error
		switch c.DataAtom {
		case atom.Br:
			runs = append(runs, run{text: "\n"})
		case atom.Strong, atom.B:
			runs, err = inline(c, true, runs)
		case atom.Time, atom.Span, atom.Abbr:
			runs, err = inline(c, bold, runs)
		default:
			err = fmt.Errorf("element <%s> inside text has no PDF layout", c.Data)
		}
		if err != nil {
			return nil, err
		}
	}
	return runs, nil
}

// normalize collapses white space as a browser does: runs of spaces and
// line breaks in the source become one space, none at the start or end of
// a line; adjacent runs of one style merge; text is composed (NFC).
func normalize(in []run) []run {
	var out []run
	lineStart, pending := true, false
	add := func(r run) {
		if k := len(out) - 1; k >= 0 && out[k].bold == r.bold && out[k].text != "\n" && r.text != "\n" {
			out[k].text += r.text
			return
		}
		out = append(out, r)
	}
	for _, r := range in {
		if r.text == "\n" {
			add(r)
			lineStart, pending = true, false
			continue
		}
		var b strings.Builder
		for _, c := range r.text {
			if unicode.IsSpace(c) {
				pending = !lineStart
				continue
			}
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteRune(c)
			lineStart = false
		}
		if b.Len() > 0 {
			add(run{text: b.String(), bold: r.bold})
		}
	}
	// Composed characters: "e" + U+0308 becomes one glyph, "ë", as the
	// PDF font sets a combining mark apart.
	for i := range out {
		out[i].text = norm.NFC.String(out[i].text)
	}
	return out
}

func plain(runs []run) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.text)
	}
	return b.String()
}

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && strings.Contains(" "+a.Val+" ", " "+class+" ") {
			return true
		}
	}
	return false
}
