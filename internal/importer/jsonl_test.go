package importer

import (
	"context"
	"strings"
	"testing"

	"toren/internal/authz"
)

// goodLine is a valid report as one JSON line; replace() changes it.
const goodLine = `{"external_ref":"PL-1","received_at":"2026-02-01T10:00:00+01:00",` +
	`"reporter":{"organisation":"Politie Amsterdam","phone":"0900-8844"},` +
	`"violence_types":["partner"],"description":"Ruzie in woning","municipality":"GM0363",` +
	`"persons":[{"role":"victim","surname":"Jansen","birth_date":"1985-05-01","bsn":"111222333","postcode":"1012 LG"}]}`

func line(ref string, oldNew ...string) string {
	s := strings.Replace(goodLine, `"PL-1"`, `"`+ref+`"`, 1)
	for i := 0; i < len(oldNew); i += 2 {
		if !strings.Contains(s, oldNew[i]) {
			panic("goodLine has no " + oldNew[i])
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	return s
}

func TestImportJSONLReportsBadRowsWithLineAndRule(t *testing.T) {
	tests := []struct {
		name string
		line string // the line 2, between two good lines
		want string
	}{
		{"bad BSN", line("PL-2", "111222333", "123456789"),
			"line 2: persons[0].bsn: bsn must be 9 digits that pass the eleven test (elfproef)\n"},
		{"received in the future", line("PL-2", "2026-02-01T10:00:00+01:00", "2027-02-01T10:00:00+01:00"),
			"line 2: received_at: received_at may not lie in the future (not_future)\n"},
		{"bad postcode", line("PL-2", "1012 LG", "1012"),
			"line 2: persons[0].postcode: postcode must have the form 1234 AB (postcode)\n"},
		{"unknown municipality", line("PL-2", "GM0363", "GM9999"),
			"line 2: municipality: municipality must be a CBS municipality code or name (municipality)\n"},
		{"no registration number", line(""),
			"line 2: external_ref: the police registration number is required: it keeps a second import of the same file from storing the report twice (required)\n"},
		{"no time of receipt", line("PL-2", `"received_at":"2026-02-01T10:00:00+01:00",`, ""),
			"line 2: received_at: received_at is required in an import (required)\n"},
		{"malformed JSON", `{"external_ref":"PL-2",`,
			"line 2: malformed JSON: the object is not closed (json)\n"},
		{"not an object", `["PL-2"]`,
			"line 2: a line must hold one JSON object (json)\n"},
		{"two objects on a line", goodLine + goodLine,
			"line 2: a line must hold one JSON object and nothing after it (json)\n"},
		{"unknown field", line("PL-2", `"description"`, `"shoe_size":44,"description"`),
			"line 2: shoe_size: unknown field; see docs/import.md for the fields of a report (unknown_field)\n"},
		{"wrong type", line("PL-2", `"violence_types":["partner"]`, `"violence_types":"partner"`),
			"line 2: violence_types: violence_types must be a JSON array, not string (type)\n"},
		{"number chosen by the sender", line("PL-2", `{`, `{"number":"M-2026-000001",`),
			"line 2: number: number is assigned by Toren and may not be given in an import (assigned_by_toren)\n"},
		{"person linked by the sender", line("PL-2", `{"role"`, `{"person_id":7,"role"`),
			"line 2: persons[0].person_id: persons[0].person_id is assigned by Toren and may not be given in an import (assigned_by_toren)\n"},
		{"advice instead of report", line("PL-2", `{`, `{"kind":"advice",`),
			"line 2: kind: kind must be report (or left out) in a police import (police_import)\n"},
		{"citizen reporter", line("PL-2", `"reporter":{`, `"reporter":{"kind":"citizen",`),
			"line 2: reporter.kind: reporter.kind must be police (or left out) in a police import (police_import)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, _ := newTestService(t)
			file := line("PL-1") + "\n" + tt.line + "\n" + line("PL-3") + "\n"
			var bad strings.Builder
			sum, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(file), Options{Format: FormatJSONL, Bad: &bad})
			if err != nil {
				t.Fatal(err)
			}
			if got := bad.String(); got != tt.want {
				t.Errorf("bad rows:\n got %q\nwant %q", got, tt.want)
			}
			if want := (Summary{Rows: 3, Stored: 2, Bad: 1}); sum != want {
				t.Errorf("summary = %+v, want %+v", sum, want)
			}
		})
	}
}

func TestImportJSONLLines(t *testing.T) {
	// Blank lines are lines but not rows; CRLF, a byte order mark and a
	// last line without a newline are all read.
	svc, _ := newTestService(t)
	file := "\xEF\xBB\xBF" + line("PL-1") + "\r\n\r\n   \n" + line("PL-2", "111222333", "1") + "\r\n" + line("PL-3")
	var bad strings.Builder
	sum, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(file), Options{Format: FormatJSONL, Bad: &bad})
	if err != nil {
		t.Fatal(err)
	}
	if want := "line 4: persons[0].bsn: bsn must be 9 digits that pass the eleven test (elfproef)\n"; bad.String() != want {
		t.Errorf("bad rows = %q, want %q", bad.String(), want)
	}
	if want := (Summary{Rows: 3, Stored: 2, Bad: 1}); sum != want {
		t.Errorf("summary = %+v, want %+v", sum, want)
	}
}

func TestImportJSONLSkipsOverlongLine(t *testing.T) {
	rec := &recorder{}
	long := `{"description":"` + strings.Repeat("x", MaxJSONLine) + `"}`
	file := line("PL-1") + "\n" + long + "\n" + line("PL-3") + "\n"
	var bad strings.Builder
	sum, err := Import(context.Background(), authz.Console("test"), rec, strings.NewReader(file), Options{Format: FormatJSONL, Bad: &bad})
	if err != nil {
		t.Fatal(err)
	}
	if want := "line 2: line is longer than 1048576 bytes (max_length)\n"; bad.String() != want {
		t.Errorf("bad rows = %q, want %q", bad.String(), want)
	}
	if len(rec.got) != 2 || rec.got[1].ExternalRef != "PL-3" {
		t.Errorf("submitted %d reports, want PL-1 and PL-3", len(rec.got))
	}
	if sum.Rows != 3 || sum.Bad != 1 {
		t.Errorf("summary = %+v, want 3 rows, 1 bad", sum)
	}
}
