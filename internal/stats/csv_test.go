package stats

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"toren/internal/toren"
)

func readCSV(t testing.TB, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatal("no byte order mark")
	}
	r := csv.NewReader(bytes.NewReader(b[len("\ufeff"):]))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	return recs
}

func TestWriteCSV(t *testing.T) {
	g := newGrid(2, true)
	g.add(label("Politie"), 1, 120)
	g.add(label("Onderwijs"), 1, 3)
	g.add(label("Jeugdzorg"), 1, 9)
	g.add(label("Onderwijs"), 0, 7)
	rows, total := g.cells()
	total.Label = "Totaal" // as the web words it (stats.row.total)
	rep := &Report{Period: Year(2024), Tables: []Table{{ID: "melders", Caption: "Melders", RowHead: "Soort melder",
		Columns: []string{"Adviesvragen", "Meldingen"}, Rows: rows, Total: &total}}}
	var b bytes.Buffer
	lines, err := WriteCSV(&b, rep)
	if err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, b.Bytes())
	if strings.Join(recs[0], ",") != "van,tot,tabel,rij,kolom,waarde" || len(recs) != lines+1 || lines != 8 {
		t.Fatalf("header %v, %d records for %d lines", recs[0], len(recs), lines)
	}
	want := map[string]string{
		"Politie/Meldingen": "120", "Onderwijs/Meldingen": "<5", "Jeugdzorg/Meldingen": "x", "Totaal/Meldingen": "132",
		"Onderwijs/Adviesvragen": "7", "Politie/Adviesvragen": "0",
	}
	for _, r := range recs[1:] {
		if r[0] != "2024-01-01" || r[1] != "2024-12-31" || r[2] != "melders" {
			t.Errorf("record %v", r)
		}
		if w, ok := want[r[3]+"/"+r[4]]; ok && r[5] != w {
			t.Errorf("%s/%s = %q, want %q", r[3], r[4], r[5], w)
		}
	}
	if !bytes.Contains(b.Bytes(), []byte("\r\n")) {
		t.Error("lines do not end in CRLF")
	}
}

// FuzzCSVText: whatever a label holds, the export stays one field per
// label, reads back as written, and no field starts a formula.
func FuzzCSVText(f *testing.F) {
	for _, s := range []string{"Politie", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "a;b", "\"quoted\"", "line\nbreak", "cr\r\nlf", "\r", "Súdwest-Fryslân"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, label string) {
		rep := &Report{Period: Period{toren.MustDate("2024-01-01"), toren.MustDate("2024-01-31")},
			Tables: []Table{{ID: "t", Columns: []string{label}, Rows: []Row{{Label: label, Cells: []Cell{Count(7)}}}}}}
		var b bytes.Buffer
		if _, err := WriteCSV(&b, rep); err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, b.Bytes())
		if len(recs) != 2 || len(recs[1]) != len(CSVHeader) {
			t.Fatalf("label %q gave records %q", label, recs)
		}
		want := SafeCSVText(label)
		for _, got := range recs[1][3:5] {
			if got != want {
				t.Fatalf("label %q read back as %q, want %q", label, got, want)
			}
			if got != "" && strings.ContainsRune("=+-@", rune(got[0])) || strings.ContainsAny(got, "\r\n\t") || !utf8.ValidString(got) {
				t.Fatalf("field %q starts a formula, has control characters or is not UTF-8", got)
			}
		}
		if recs[1][5] != "7" {
			t.Fatalf("value %q", recs[1][5])
		}
	})
}

func TestSafeCSVText(t *testing.T) {
	for in, want := range map[string]string{
		"Politie": "Politie", "=1+1": "'=1+1", "+31 6": "'+31 6", "-5": "'-5", "@A1": "'@A1",
		"a\tb": "a b", "\r\n=x": "  =x", "'s-Gravenhage": "'s-Gravenhage", "x\xffy": "x\uFFFDy",
	} {
		if got := SafeCSVText(in); got != want {
			t.Errorf("SafeCSVText(%q) = %q, want %q", in, got, want)
		}
	}
}
