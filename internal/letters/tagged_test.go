package letters

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
)

// The letter's PDF is tagged for screen readers (PDF/UA-1), read back as
// a PDF reader does: the catalogue says it is marked, in Dutch, showing
// its title; the XMP metadata carry the title and the PDF/UA part; the
// structure tree holds the letter as Document, H1, H2, P and lists of LI
// with Lbl and LBody; every page points into the parent tree and orders
// its tabs by the structure; and in every page's content each piece of
// text is inside marked content, either of the element the parent tree
// names for its MCID or an artifact (the running footer). A paragraph
// broken over two pages is one element with content on both.
func TestPDFIsTagged(t *testing.T) {
	l := closingSample()
	doc, err := testRenderer(t).Closing(l)
	if err != nil {
		t.Fatal(err)
	}
	tags, _ := checkTagged(t, doc.PDF, doc.Title)
	for _, tag := range []string{"H1", "H2", "P", "L", "LI", "Lbl", "LBody"} {
		if tags[tag] == 0 {
			t.Errorf("no %s in the structure tree", tag)
		}
	}
	if tags["H1"] != 1 || tags["L"] != 1 || tags["LI"] != len(l.Conditions) {
		t.Errorf("%d H1, %d L, %d LI; want 1, 1 and one item per condition (%d)", tags["H1"], tags["L"], tags["LI"], len(l.Conditions))
	}

	// A paragraph longer than a page stays one element, with marked
	// content on each page it runs over.
	long := strings.Repeat("Wij hebben gezien hoe u samen met het netwerk de afspraken hebt waargemaakt. ", 150)
	b, err := writePDF([]block{{kind: blockTitle, runs: []run{{text: "Afsluiting"}}}, {kind: blockPara, runs: []run{{text: long}}}},
		pdfInfo{Title: "Lange brief", Footer: "Veilig Thuis"})
	if err != nil {
		t.Fatal(err)
	}
	tags, pages := checkTagged(t, b, "Lange brief")
	if tags["P"] != 1 || pages["P"] < 2 {
		t.Errorf("the long paragraph is %d elements on %d pages, want 1 on 2 or more", tags["P"], pages["P"])
	}
}

// checkTagged checks the tagging of a PDF and returns how many elements
// of each tag the structure tree holds, and on how many pages the
// elements of each tag have content at most.
func checkTagged(t *testing.T, b []byte, title string) (tags, pagesOfTag map[string]int) {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	cat := r.Trailer().Key("Root")
	// The header and the catalogue name one version: 1.7, the base of
	// PDF/UA-1 (a reader takes the later of the two, a validator wants
	// them to agree).
	header, _, _ := bytes.Cut(b, []byte("\n"))
	if got := string(bytes.TrimSpace(header)); got != "%PDF-1.7" {
		t.Errorf("the header says %q, want %%PDF-1.7", got)
	}
	if got := cat.Key("Version").Name(); got != "1.7" {
		t.Errorf("the catalogue's /Version is %q, want 1.7", got)
	}
	if !cat.Key("MarkInfo").Key("Marked").Bool() {
		t.Error("the catalogue does not say the document is marked (/MarkInfo /Marked true)")
	}
	if got := cat.Key("Lang").Text(); got != "nl-NL" {
		t.Errorf("/Lang %q, want nl-NL", got)
	}
	if !cat.Key("ViewerPreferences").Key("DisplayDocTitle").Bool() {
		t.Error("the viewer is not told to show the title (/DisplayDocTitle)")
	}
	if got := r.Trailer().Key("Info").Key("Title").Text(); got != title || got == "" {
		t.Errorf("/Title %q, want %q", got, title)
	}
	xmp, err := io.ReadAll(cat.Key("Metadata").Reader())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<pdfuaid:part>1</pdfuaid:part>", `<rdf:li xml:lang="x-default">` + title + "</rdf:li>", "<rdf:li>nl-NL</rdf:li>"} {
		if !strings.Contains(string(xmp), want) {
			t.Errorf("the XMP metadata lack %s", want)
		}
	}

	// The structure tree: each element's tag, and which element owns
	// each marked-content sequence, by page object and MCID.
	type mc struct {
		page string // the page's object, as the reader prints it
		mcid int64
	}
	owner := map[mc]string{}
	tags, pagesOfTag = map[string]int{}, map[string]int{}
	var walk func(e pdf.Value)
	walk = func(e pdf.Value) {
		tag := e.Key("S").Name()
		tags[tag]++
		pages := map[string]bool{}
		kids := e.Key("K")
		if kids.Kind() != pdf.Array {
			t.Fatalf("%s: /K is not an array", tag)
		}
		for i := range kids.Len() {
			k := kids.Index(i)
			switch {
			case k.Kind() == pdf.Integer:
				p := e.Key("Pg").String()
				owner[mc{p, k.Int64()}] = tag
				pages[p] = true
			case k.Key("Type").Name() == "MCR":
				p := k.Key("Pg").String()
				owner[mc{p, k.Key("MCID").Int64()}] = tag
				pages[p] = true
			default:
				if k.Key("P").Key("S").Name() != tag {
					t.Errorf("a %s's child does not point back at it", tag)
				}
				walk(k)
			}
		}
		pagesOfTag[tag] = max(pagesOfTag[tag], len(pages))
	}
	top := cat.Key("StructTreeRoot").Key("K")
	if top.Len() != 1 || top.Index(0).Key("S").Name() != "Document" {
		t.Fatalf("the structure tree's root is not one Document")
	}
	walk(top.Index(0))
	// Each page's content against the tree.
	bdc := regexp.MustCompile(`^/(\w+) <</MCID (\d+)>> BDC$`)
	parents := cat.Key("StructTreeRoot").Key("ParentTree").Key("Nums")
	for n := 1; n <= r.NumPage(); n++ {
		page := r.Page(n).V
		if page.Key("Tabs").Name() != "S" {
			t.Errorf("page %d: tab order is not the structure's (/Tabs /S)", n)
		}
		sp := page.Key("StructParents").Int64()
		if sp != int64(n-1) || parents.Index(2*(n-1)).Int64() != sp {
			t.Fatalf("page %d: /StructParents %d, parent tree key %d", n, sp, parents.Index(2*(n-1)).Int64())
		}
		ofPage := parents.Index(2*(n-1) + 1)
		content, err := io.ReadAll(page.Key("Contents").Reader())
		if err != nil {
			t.Fatal(err)
		}
		var stack []string
		seen := 0
		for line := range strings.SplitSeq(string(content), "\n") {
			line = strings.TrimSpace(line)
			switch {
			case strings.HasPrefix(line, "/Artifact ") && strings.HasSuffix(line, "BDC"):
				stack = append(stack, "Artifact")
			case strings.HasSuffix(line, "BDC"):
				m := bdc.FindStringSubmatch(line)
				if m == nil {
					t.Fatalf("page %d: unexpected %q", n, line)
				}
				if len(stack) > 0 {
					t.Errorf("page %d: %q nested in %s", n, line, stack[len(stack)-1])
				}
				id, _ := strconv.ParseInt(m[2], 10, 64)
				if got := owner[mc{page.String(), id}]; got != m[1] {
					t.Errorf("page %d: MCID %d is marked %s, the tree gives it to %q", n, id, m[1], got)
				}
				if got := ofPage.Index(int(id)).Key("S").Name(); got != m[1] {
					t.Errorf("page %d: the parent tree gives MCID %d to %q, the content marks it %s", n, id, got, m[1])
				}
				stack = append(stack, m[1])
				seen++
			case line == "EMC":
				if len(stack) == 0 {
					t.Fatalf("page %d: EMC without BDC", n)
				}
				stack = stack[:len(stack)-1]
			case strings.HasSuffix(line, "Tj") || strings.HasSuffix(line, "TJ") || strings.HasSuffix(line, "Tj ET") || strings.HasSuffix(line, "TJ ET"):
				if len(stack) == 0 {
					t.Errorf("page %d: text outside marked content: %.60q", n, line)
				}
			}
		}
		if len(stack) != 0 {
			t.Errorf("page %d ends inside %v", n, stack)
		}
		if seen != ofPage.Len() {
			t.Errorf("page %d: %d marked sequences, %d in the parent tree", n, seen, ofPage.Len())
		}
	}
	return tags, pagesOfTag
}
