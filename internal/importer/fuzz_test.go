package importer

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"toren/internal/reports"
)

var badLine = regexp.MustCompile(`^line ([0-9]+): `)

// checkBadLines checks that every bad-row line names a line of the file,
// in non-decreasing order.
func checkBadLines(t *testing.T, bad string, lines, first int) {
	t.Helper()
	prev := 0
	for _, l := range strings.Split(strings.TrimSuffix(bad, "\n"), "\n") {
		if l == "" {
			continue
		}
		m := badLine.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("bad-row line %q does not start with its line number", l)
		}
		n, _ := strconv.Atoi(m[1])
		if n < first || n > lines || n < prev {
			t.Fatalf("bad-row line %q: line %d outside %d..%d or before %d", l, n, first, lines, prev)
		}
		prev = n
	}
}

// FuzzCSV feeds arbitrary rows under the full header to the CSV reader.
// Whatever it accepts must survive a round trip through the writer; every
// row must be accounted for; every bad row must name a line of the file.
func FuzzCSV(f *testing.F) {
	f.Add(strings.SplitN(csvFile(f, testReports(3)), "\n", 2)[1])
	f.Add(goodRow("PL-1").String())
	f.Add("PL-1,\"a\nb\",\"x\"\"y\"\n\n,,,\r\nPL-2,2026-02-01 10:00")
	f.Add("\"unterminated\nPL-3,x")
	f.Add("PL-1;2026-02-01 10:00;Politie")
	header := strings.Join(CSVHeader(), ",") + "\n"
	f.Fuzz(func(t *testing.T, data string) {
		file := header + data
		got, sum, bad := readBack(t, []byte(file), FormatCSV)
		if sum.Rows != sum.Stored+sum.Skipped+sum.Bad || sum.Stored != len(got) {
			t.Fatalf("summary %+v does not add up (%d submitted)", sum, len(got))
		}
		checkBadLines(t, bad, strings.Count(file, "\n")+1, 2)
		if len(got) == 0 {
			return
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, got); err != nil {
			t.Fatalf("the writer refuses what the reader accepted: %v", err)
		}
		again, sum2, bad2 := readBack(t, buf.Bytes(), FormatCSV)
		if bad2 != "" || sum2.Stored != len(got) {
			t.Fatalf("rewritten file has bad rows %q (summary %+v)\n%s", bad2, sum2, buf.String())
		}
		if diff := cmp.Diff(got, again, sameReport); diff != "" {
			t.Fatalf("round trip changed the reports (-read +reread):\n%s", diff)
		}
	})
}

// FuzzJSONLine feeds arbitrary lines to the JSON line parser. A line it
// accepts must come back the same after writing and reading it again.
func FuzzJSONLine(f *testing.F) {
	for _, l := range strings.Split(jsonlFile(f, testReports(3)), "\n") {
		f.Add([]byte(l))
	}
	f.Add([]byte(goodLine))
	f.Add([]byte(`{"external_ref":"x","received_at":"2026-02-01T10:00:00Z","persons":[{"person_id":1}]}`))
	f.Add([]byte(`{"external_ref":"x" "a":1}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"persons":[{"age":-1,"birth_date":"2020-02-30"}]}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		r, problems := parseJSONLine(line)
		if (r == nil) == (problems == nil) {
			t.Fatalf("parseJSONLine gave report %v and problems %v: want exactly one", r != nil, problems)
		}
		for _, p := range problems {
			if p.Rule == "" || p.Message == "" {
				t.Fatalf("problem without rule or message: %+v", p)
			}
		}
		if r == nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteJSONL(&buf, []reports.Report{*r}); err != nil {
			return // a time beyond year 9999 cannot be written as JSON
		}
		again, problems := parseJSONLine(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		if problems != nil {
			t.Fatalf("rewritten line refused: %v\n%s", problems, buf.String())
		}
		if diff := cmp.Diff(r, again, sameReport); diff != "" {
			t.Fatalf("round trip changed the report (-read +reread):\n%s", diff)
		}
	})
}

// FuzzJSONL feeds arbitrary files to the JSON Lines reader: every row is
// accounted for and every bad row names a line of the file.
func FuzzJSONL(f *testing.F) {
	f.Add([]byte(jsonlFile(f, testReports(2))))
	f.Add([]byte("\xEF\xBB\xBF" + goodLine + "\r\n\r\n{"))
	f.Add([]byte("\n\n[1]\n" + goodLine))
	f.Fuzz(func(t *testing.T, file []byte) {
		got, sum, bad := readBack(t, file, FormatJSONL)
		if sum.Rows != sum.Stored+sum.Skipped+sum.Bad || sum.Stored != len(got) {
			t.Fatalf("summary %+v does not add up (%d submitted)", sum, len(got))
		}
		checkBadLines(t, bad, bytes.Count(file, []byte("\n"))+1, 1)
	})
}
