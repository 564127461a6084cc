package letters

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// The letter's PDF is tagged, so that a screen reader reads it as a
// letter (PDF/UA-1, ISO 14289-1): every piece of text is marked content
// belonging to an element of the structure tree (Document, P, H1, H2, L,
// LI, Lbl, LBody), the running footer is an artifact, the catalogue says
// the document is marked, in Dutch (/Lang nl-NL) and shows its title
// (/ViewerPreferences /DisplayDocTitle), and the XMP metadata carry the
// title and the PDF/UA identification.
//
// fpdf writes neither structure nor marked content. The marked-content
// operators are written into the page content as fpdf lays the text out
// (tagger.begin and end, around each block); the structure tree, the
// parent tree, the pages' /StructParents and the new catalogue are added
// afterwards as an incremental update of the file fpdf wrote (ISO 32000-1
// §7.5.6), so nothing fpdf wrote is edited in place.

// structElem is an element of the structure tree.
type structElem struct {
	tag    string
	parent *structElem
	kids   []structKid
	obj    int // object number, once written
}

// structKid is a child element or a marked-content sequence on a page.
type structKid struct {
	elem       *structElem
	page, mcid int // page counts from 1
}

// tagger records the structure while fpdf lays out the letter.
type tagger struct {
	f    *fpdf.Fpdf
	root *structElem
	all  []*structElem
	// pages holds, per page, the element of each MCID in order: the page's
	// entry of the parent tree.
	pages [][]*structElem
	// open is the element whose marked content is open; reopen is the one
	// a page break cut off, to continue on the next page.
	open, reopen *structElem
}

func newTagger(f *fpdf.Fpdf) *tagger {
	t := &tagger{f: f}
	t.root = t.elem(nil, "Document")
	return t
}

// elem adds an element under parent (nil: the root itself).
func (t *tagger) elem(parent *structElem, tag string) *structElem {
	e := &structElem{tag: tag, parent: parent}
	t.all = append(t.all, e)
	if parent != nil {
		parent.kids = append(parent.kids, structKid{elem: e})
	}
	return e
}

// begin opens a marked-content sequence of e on the current page.
func (t *tagger) begin(e *structElem) {
	t.end()
	page := t.f.PageNo()
	for len(t.pages) < page {
		t.pages = append(t.pages, nil)
	}
	mcid := len(t.pages[page-1])
	t.pages[page-1] = append(t.pages[page-1], e)
	e.kids = append(e.kids, structKid{page: page, mcid: mcid})
	t.f.RawWriteStr(fmt.Sprintf("/%s <</MCID %d>> BDC", e.tag, mcid))
	t.open = e
}

// end closes the open marked-content sequence, if any.
func (t *tagger) end() {
	if t.open != nil {
		t.f.RawWriteStr("EMC")
		t.open = nil
	}
}

// pageEnd closes what the page break cut off; pageStart continues it on
// the new page. fpdf calls them through the footer and header functions.
func (t *tagger) pageEnd() {
	t.reopen = t.open
	t.end()
}

func (t *tagger) pageStart() {
	if e := t.reopen; e != nil {
		t.reopen = nil
		t.begin(e)
	}
}

// artifact draws something that is not content (the running footer).
func (t *tagger) artifact(kind string, draw func()) {
	t.f.RawWriteStr("/Artifact <</Type /Pagination /Subtype /" + kind + ">> BDC")
	draw()
	t.f.RawWriteStr("EMC")
}

var (
	trailerRe = regexp.MustCompile(`trailer\s*<<\s*/Size (\d+)\s*/Root (\d+) 0 R\s*/Info (\d+) 0 R\s*>>\s*startxref\s*(\d+)\s*%%EOF\s*$`)
	kidsRe    = regexp.MustCompile(`/Kids \[([^\]]*)\]`)
	refRe     = regexp.MustCompile(`(\d+) 0 R`)
)

// xrefOffsets reads the cross-reference table fpdf wrote at offset at:
// the byte offset of each object.
func xrefOffsets(pdf []byte, at int) (map[int]int, error) {
	if at < 0 || at >= len(pdf) || !bytes.HasPrefix(pdf[at:], []byte("xref\n")) {
		return nil, fmt.Errorf("no cross-reference table at %d", at)
	}
	lines := strings.Split(string(pdf[at:]), "\n")
	var first, count int
	if _, err := fmt.Sscanf(lines[1], "%d %d", &first, &count); err != nil || len(lines) < 2+count {
		return nil, fmt.Errorf("cross-reference table: %q", lines[1])
	}
	out := map[int]int{}
	for i := range count {
		var off, gen int
		var use string
		if _, err := fmt.Sscanf(lines[2+i], "%d %d %s", &off, &gen, &use); err != nil {
			return nil, fmt.Errorf("cross-reference entry %d: %w", first+i, err)
		}
		if use == "n" {
			out[first+i] = off
		}
	}
	return out, nil
}

// object returns the dictionary of object n as fpdf wrote it, without
// its closing ">>".
func object(pdf []byte, offsets map[int]int, n int) (string, error) {
	off, ok := offsets[n]
	head := []byte(strconv.Itoa(n) + " 0 obj\n")
	if !ok || off >= len(pdf) || !bytes.HasPrefix(pdf[off:], head) {
		return "", fmt.Errorf("object %d not found", n)
	}
	rest := pdf[off+len(head):]
	j := bytes.Index(rest, []byte("endobj"))
	if j < 0 {
		return "", fmt.Errorf("object %d has no end", n)
	}
	d := strings.TrimSpace(string(rest[:j]))
	if !strings.HasPrefix(d, "<<") || !strings.HasSuffix(d, ">>") || strings.Contains(d, "stream") {
		return "", fmt.Errorf("object %d is not a dictionary", n)
	}
	return strings.TrimSuffix(d, ">>"), nil
}

// pdfVersion is the version the letter's PDF claims, in its header and
// (as /Version) in its catalogue; they must agree.
const (
	pdfVersion = "1.7"
	pdfHeader  = "%PDF-" + pdfVersion
)

// versionRe matches the header line's version as fpdf writes it.
var versionRe = regexp.MustCompile(`^%PDF-1\.[0-9]`)

// update appends the structure to pdf as an incremental update.
func (t *tagger) update(pdf []byte, info pdfInfo) ([]byte, error) {
	m := trailerRe.FindSubmatch(pdf)
	if m == nil {
		return nil, fmt.Errorf("tag pdf: no trailer")
	}
	size, _ := strconv.Atoi(string(m[1]))
	root, _ := strconv.Atoi(string(m[2]))
	infoObj, _ := strconv.Atoi(string(m[3]))
	prev, _ := strconv.Atoi(string(m[4]))
	objects, err := xrefOffsets(pdf, prev)
	if err != nil {
		return nil, fmt.Errorf("tag pdf: %w", err)
	}
	pagesDict, err := object(pdf, objects, 1)
	if err != nil {
		return nil, fmt.Errorf("tag pdf: %w", err)
	}
	km := kidsRe.FindStringSubmatch(pagesDict)
	if km == nil {
		return nil, fmt.Errorf("tag pdf: no page list")
	}
	var pages []int
	for _, r := range refRe.FindAllStringSubmatch(km[1], -1) {
		n, _ := strconv.Atoi(r[1])
		pages = append(pages, n)
	}
	if len(t.pages) > len(pages) {
		return nil, fmt.Errorf("tag pdf: content on %d pages, %d pages", len(t.pages), len(pages))
	}

	next := size
	alloc := func() int { next++; return next - 1 }
	for _, e := range t.all {
		e.obj = alloc()
	}
	treeRoot, parentTree, metadata := alloc(), alloc(), alloc()

	// The header says the version the catalogue names (/Version /1.7,
	// the version PDF/UA-1 is built on): fpdf writes "%PDF-1.3". The new
	// header has the same length, so every offset stays where it was.
	hdr := versionRe.FindIndex(pdf)
	if hdr == nil || hdr[0] != 0 {
		return nil, fmt.Errorf("tag pdf: no %%PDF-1.x header")
	}
	pdf = append([]byte(pdfHeader), pdf[hdr[1]:]...)

	out := bytes.NewBuffer(slices.Clip(pdf))
	if !bytes.HasSuffix(pdf, []byte("\n")) {
		out.WriteByte('\n')
	}
	offsets := map[int]int{}
	write := func(n int, body string) {
		offsets[n] = out.Len()
		fmt.Fprintf(out, "%d 0 obj\n%s\nendobj\n", n, body)
	}

	for _, e := range t.all {
		var b strings.Builder
		fmt.Fprintf(&b, "<</Type /StructElem /S /%s", e.tag)
		if e.parent != nil {
			fmt.Fprintf(&b, " /P %d 0 R", e.parent.obj)
		} else {
			fmt.Fprintf(&b, " /P %d 0 R", treeRoot)
		}
		pg := 0
		for _, k := range e.kids {
			if k.elem == nil {
				pg = k.page
				break
			}
		}
		if pg > 0 {
			fmt.Fprintf(&b, " /Pg %d 0 R", pages[pg-1])
		}
		b.WriteString(" /K [")
		for _, k := range e.kids {
			switch {
			case k.elem != nil:
				fmt.Fprintf(&b, " %d 0 R", k.elem.obj)
			case k.page == pg:
				fmt.Fprintf(&b, " %d", k.mcid)
			default:
				fmt.Fprintf(&b, " <</Type /MCR /Pg %d 0 R /MCID %d>>", pages[k.page-1], k.mcid)
			}
		}
		b.WriteString(" ]>>")
		write(e.obj, b.String())
	}
	write(treeRoot, fmt.Sprintf("<</Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d>>", t.root.obj, parentTree, len(pages)))
	var nums strings.Builder
	for i := range pages {
		fmt.Fprintf(&nums, " %d [", i)
		if i < len(t.pages) {
			for _, e := range t.pages[i] {
				fmt.Fprintf(&nums, " %d 0 R", e.obj)
			}
		}
		nums.WriteString(" ]")
	}
	write(parentTree, "<</Nums ["+nums.String()+" ]>>")
	xmp := xmpMetadata(info)
	write(metadata, fmt.Sprintf("<</Type /Metadata /Subtype /XML /Length %d>>\nstream\n%s\nendstream", len(xmp), xmp))

	for i, p := range pages {
		d, err := object(pdf, objects, p)
		if err != nil {
			return nil, fmt.Errorf("tag pdf: %w", err)
		}
		write(p, fmt.Sprintf("%s\n/StructParents %d\n/Tabs /S\n>>", d, i))
	}
	cat, err := object(pdf, objects, root)
	if err != nil {
		return nil, fmt.Errorf("tag pdf: %w", err)
	}
	write(root, fmt.Sprintf("%s\n/Version /%s\n/StructTreeRoot %d 0 R\n/MarkInfo <</Marked true>>\n/ViewerPreferences <</DisplayDocTitle true>>\n/Metadata %d 0 R\n>>",
		cat, pdfVersion, treeRoot, metadata))

	nums2 := make([]int, 0, len(offsets))
	for n := range offsets {
		nums2 = append(nums2, n)
	}
	slices.Sort(nums2)
	xref := out.Len()
	out.WriteString("xref\n")
	for _, n := range nums2 {
		fmt.Fprintf(out, "%d 1\n%010d 00000 n \n", n, offsets[n])
	}
	fmt.Fprintf(out, "trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n", next, root, infoObj, prev, xref)
	return out.Bytes(), nil
}

// xmpMetadata is the document's XMP packet: title, language, producer and
// the PDF/UA identification.
func xmpMetadata(info pdfInfo) string {
	esc := html.EscapeString
	return `<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(info.Title) + `</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(info.Subject) + `</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq><rdf:li>` + esc(info.Author) + `</rdf:li></rdf:Seq></dc:creator>
<dc:language><rdf:Bag><rdf:li>nl-NL</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>Toren</pdf:Producer>
<xmp:CreatorTool>Toren</xmp:CreatorTool>
<xmp:CreateDate>` + info.Created.UTC().Format("2006-01-02T15:04:05Z") + `</xmp:CreateDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`
}
