package importer

import (
	"context"
	"strings"
	"testing"

	"toren/internal/authz"
)

// smallHeader is a CSV header with a subset of the columns, in an order
// of its own: the reader must not depend on the writer's order.
const smallHeader = "registration_number,received_at,unit,phone,violence_types,description,municipality," +
	"person1_role,person1_surname,person1_birth_date,person1_bsn,person1_postcode,person2_role,person2_surname,person2_bsn"

// goodRow fills smallHeader with a valid report; with() changes columns.
type csvRow map[string]string

func goodRow(ref string) csvRow {
	return csvRow{
		"registration_number": ref, "received_at": "2026-02-01 10:00", "unit": "Politie Amsterdam",
		"phone": "0900-8844", "violence_types": "partner", "description": "Ruzie in woning", "municipality": "Amsterdam",
		"person1_role": "victim", "person1_surname": "Jansen", "person1_birth_date": "1985-05-01",
		"person1_bsn": "111222333", "person1_postcode": "1012 LG",
	}
}

func (r csvRow) with(kv ...string) csvRow {
	c := csvRow{}
	for k, v := range r {
		c[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		c[kv[i]] = kv[i+1]
	}
	return c
}

func (r csvRow) String() string {
	var out []string
	for _, name := range strings.Split(smallHeader, ",") {
		v := r[name]
		if strings.ContainsAny(v, ",\"\n") {
			v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		}
		out = append(out, v)
	}
	return strings.Join(out, ",")
}

func TestImportCSVReportsBadRowsWithLineAndRule(t *testing.T) {
	tests := []struct {
		name string
		row  string // the row on line 3, between two good rows
		want string // the whole bad-row report
	}{
		{"bad BSN", goodRow("PL-2").with("person1_bsn", "123456789").String(),
			"line 3: persons[0].bsn: bsn must be 9 digits that pass the eleven test (elfproef)\n"},
		{"received in the future", goodRow("PL-2").with("received_at", "2026-04-01T10:00:00+02:00").String(),
			"line 3: received_at: received_at may not lie in the future (not_future)\n"},
		{"born in the future", goodRow("PL-2").with("person1_birth_date", "01-01-2027").String(),
			"line 3: persons[0].birth_date: birth_date may not lie in the future (not_future)\n"},
		{"bad postcode", goodRow("PL-2").with("person1_postcode", "1012 L").String(),
			"line 3: persons[0].postcode: postcode must have the form 1234 AB (postcode)\n"},
		{"unknown municipality", goodRow("PL-2").with("municipality", "Atlantis").String(),
			"line 3: municipality: municipality must be a CBS municipality code or name (municipality)\n"},
		{"no registration number", goodRow("").String(),
			"line 3: external_ref: the police registration number is required: it keeps a second import of the same file from storing the report twice (required)\n"},
		{"wrong column count", "PL-2,2026-02-01 10:00,Politie",
			"line 3: row has 3 fields, the header has 15 (field_count)\n"},
		{"unreadable time", goodRow("PL-2").with("received_at", "1/2/2026").String(),
			"line 3: received_at: received_at must be a date and time as 2026-03-01T14:30:00+01:00 (RFC 3339) or 2026-03-01 14:30 (Amsterdam time) (datetime)\n"},
		{"unreadable birth date", goodRow("PL-2").with("person1_birth_date", "1985-13-01").String(),
			"line 3: persons[0].birth_date: birth_date must be a date as 2006-01-02 or 02-01-2006 (date)\n"},
		{"unknown violence type", goodRow("PL-2").with("violence_types", "partner;burglary").String(),
			"line 3: violence_types[1]: violence type must be one of child_abuse, partner, ex_partner, child_to_parent, elder_abuse, witnessing_domestic, honour_related, other_domestic (enum)\n"},
		{"bare quote", `PL-2,2026-02-01 10:00,Pol"itie,0900-8844,partner,Ruzie,Amsterdam,victim,Jansen,,,,,,`,
			"line 3: CSV syntax: bare \" in non-quoted-field (csv)\n"},
		{"several problems at once", goodRow("PL-2").with("person1_bsn", "12", "person1_postcode", "x").String(),
			"line 3: persons[0].postcode: postcode must have the form 1234 AB (postcode)\n" +
				"line 3: persons[0].bsn: bsn must be 9 digits that pass the eleven test (elfproef)\n"},
		{"messages name the CSV person group", goodRow("PL-2").with(
			"person1_role", "", "person1_surname", "", "person1_birth_date", "", "person1_bsn", "", "person1_postcode", "",
			"person2_role", "victim", "person2_surname", "Jansen", "person2_bsn", "123456789").String(),
			"line 3: persons[1].bsn: bsn must be 9 digits that pass the eleven test (elfproef)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, _ := newTestService(t)
			file := smallHeader + "\n" + goodRow("PL-1").String() + "\n" + tt.row + "\n" + goodRow("PL-3").String() + "\n"
			var bad strings.Builder
			sum, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(file), Options{Format: FormatCSV, Bad: &bad})
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

func TestImportCSVLineNumbersCountPhysicalLines(t *testing.T) {
	// A quoted description may span lines; the row after it starts on a
	// later line, and its number must say so.
	svc, _ := newTestService(t)
	file := smallHeader + "\r\n" +
		goodRow("PL-1").with("description", "eerste regel\r\ntweede regel\r\nderde regel").String() + "\r\n" +
		"\r\n" + // blank line: not a row, but a line
		goodRow("PL-2").with("person1_bsn", "123456789").String() + "\r\n"
	var bad strings.Builder
	sum, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(file), Options{Format: FormatCSV, Bad: &bad})
	if err != nil {
		t.Fatal(err)
	}
	if want := "line 6: persons[0].bsn: bsn must be 9 digits that pass the eleven test (elfproef)\n"; bad.String() != want {
		t.Errorf("bad rows = %q, want %q", bad.String(), want)
	}
	if want := (Summary{Rows: 2, Stored: 1, Bad: 1}); sum != want {
		t.Errorf("summary = %+v, want %+v", sum, want)
	}
}

func TestImportCSVHeaderVariants(t *testing.T) {
	row := goodRow("PL-1").String()
	tests := []struct {
		name string
		file string
	}{
		{"byte order mark and CRLF", "\xEF\xBB\xBF" + smallHeader + "\r\n" + row + "\r\n"},
		{"upper-case names with spaces", strings.ToUpper(strings.ReplaceAll(smallHeader, ",", " , ")) + "\n" + row},
		{"semicolons as Dutch spreadsheets write them", strings.ReplaceAll(smallHeader, ",", ";") + "\n" +
			strings.ReplaceAll(row, ",", ";")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, _ := newTestService(t)
			var bad strings.Builder
			sum, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(tt.file), Options{Format: FormatCSV, Bad: &bad})
			if err != nil {
				t.Fatal(err)
			}
			if sum != (Summary{Rows: 1, Stored: 1}) || bad.Len() != 0 {
				t.Errorf("summary = %+v, bad rows %q; want the row stored", sum, bad.String())
			}
		})
	}
}

func TestImportCSVRefusesBadHeaderAtLine1(t *testing.T) {
	tests := []struct {
		name, header, want string
	}{
		{"unknown column", smallHeader + ",shoe_size", `line 1: unknown column "shoe_size"`},
		{"unknown person column", smallHeader + ",person1_shoe_size", `line 1: unknown column "person1_shoe_size"`},
		{"seventh person", smallHeader + ",person7_surname", `line 1: unknown column "person7_surname": a row names at most 6 persons`},
		{"column twice", smallHeader + ",unit", `line 1: column "unit" appears twice`},
		{"required column missing", strings.Replace(smallHeader, "registration_number,", "", 1), `line 1: required column "registration_number" is missing`},
		{"empty name", smallHeader + ",", "line 1: column 16 has no name"},
		{"empty file", "", "line 1: the file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			_, err := Import(context.Background(), authz.Console("test"), rec, strings.NewReader(tt.header+"\n"), Options{Format: FormatCSV})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if len(rec.got) != 0 {
				t.Errorf("submitted %d reports from a file with a bad header", len(rec.got))
			}
		})
	}
}

func TestParseCSVValues(t *testing.T) {
	layout, err := parseHeader(CSVHeader(), ',')
	if err != nil {
		t.Fatal(err)
	}
	rec := make([]string, len(CSVHeader()))
	set := func(name, v string) {
		for i, h := range CSVHeader() {
			if h == name {
				rec[i] = v
				return
			}
		}
		t.Fatalf("no column %q", name)
	}
	set("registration_number", "PL-1")
	set("received_at", "2026-02-01 10:00")
	set("acute", "Ja")
	set("children_present", "nee")
	set("violence_types", " Partner ; child_abuse;")
	set("person3_role", "Child")
	set("person3_surname", "Jansen")
	set("person3_birth_date", "01-05-2019")
	set("person3_age", "6")

	r, column, problems := layout.parseRecord(rec)
	if problems != nil {
		t.Fatalf("problems: %v", problems)
	}
	if got := r.ReceivedAt.UTC().Format("2006-01-02 15:04"); got != "2026-02-01 09:00" {
		t.Errorf("received_at = %s UTC, want Amsterdam 10:00 = 09:00 UTC", got)
	}
	if !r.Acute || r.ChildrenPresent != "no" {
		t.Errorf("acute = %v, children_present = %q; want true, no", r.Acute, r.ChildrenPresent)
	}
	if got := joinCodes(r.ViolenceTypes); got != "partner;child_abuse" {
		t.Errorf("violence_types = %q", got)
	}
	if len(r.Persons) != 1 || r.Persons[0].Role != "child" || r.Persons[0].BirthDate.String() != "2019-05-01" || *r.Persons[0].Age != 6 {
		t.Errorf("persons = %+v, want one child born 2019-05-01 aged 6", r.Persons)
	}
	if len(column) != 1 || column[0] != 2 {
		t.Errorf("person columns = %v, want [2] (person3_)", column)
	}
	if r.Kind != "report" || r.Channel != "import" || r.Reporter.Kind != "police" {
		t.Errorf("kind, channel, reporter kind = %q, %q, %q; want report, import, police", r.Kind, r.Channel, r.Reporter.Kind)
	}
}
