package letters

import (
	"strings"
	"testing"
)

func TestParseBlocksCollapsesWhiteSpace(t *testing.T) {
	bs, err := parseBlocks("<p>  Op <time>3 maart</time>\n  hebt <strong>u</strong>  gemeld.<br>  Tweede   regel </p>")
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 {
		t.Fatalf("%d blocks, want 1", len(bs))
	}
	// A space between two styles goes with the run after it.
	want := []run{{"Op 3 maart hebt", false}, {" u", true}, {" gemeld.", false}, {"\n", false}, {"Tweede regel", false}}
	if got := bs[0].runs; len(got) != len(want) {
		t.Fatalf("runs %+v, want %+v", got, want)
	} else {
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("run %d = %+v, want %+v (all: %+v)", i, got[i], want[i], got)
			}
		}
	}
}

func TestParseBlocksLists(t *testing.T) {
	bs, err := parseBlocks(`<ol><li><p>Eerste</p><dl><dt>Wie</dt><dd>Wijkteam</dd></dl></li><li><p>Tweede</p></li></ol>`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range bs {
		got = append(got, b.marker+"|"+b.text()+"|"+strings.Repeat(">", b.indent))
	}
	want := "1.|Eerste|,|Wie: Wijkteam|>,2.|Tweede|"
	if strings.Join(got, ",") != want {
		t.Fatalf("blocks %q, want %q", strings.Join(got, ","), want)
	}
}

// An element the PDF cannot lay out is an error, not silently lost text.
func TestParseBlocksRefusesUnknownElements(t *testing.T) {
	for _, in := range []string{
		`<table><tr><td>x</td></tr></table>`,
		`<p>tekst <em>nadruk</em></p>`,
		`<ul><li>tekst zonder alinea</li></ul>`,
		`<div>losse tekst</div>`,
		`<img src="x.png" alt="">`,
	} {
		if _, err := parseBlocks(in); err == nil {
			t.Errorf("parseBlocks(%q): no error", in)
		}
	}
}
