package importer

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"toren/internal/authz"
	"toren/internal/reports"
	"toren/internal/toren"
)

// sameReport compares reports as the file formats carry them: times by
// instant, an empty list like a missing one.
var sameReport = cmp.Options{
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b toren.Date) bool { return a.String() == b.String() }),
	cmpopts.EquateEmpty(),
}

// readBack imports a file with a recorder and returns what it parsed.
func readBack(t testing.TB, file []byte, format Format) ([]reports.Report, Summary, string) {
	t.Helper()
	rec := &recorder{}
	var bad strings.Builder
	sum, err := Import(context.Background(), authz.Console("test"), rec, bytes.NewReader(file), Options{Format: format, Bad: &bad, BatchSize: 4})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rec.got, sum, bad.String()
}

func TestRoundTrip(t *testing.T) {
	want := testReports(30)
	// Values the CSV quoting must carry: separators, quotes, line breaks,
	// non-ASCII letters, leading spaces.
	want[1].Description = "komma, \"quotes\"; puntkomma\nnieuwe regel\n  ingesprongen"
	want[2].Persons[0].Surname = "Çelik-Ōtsuka"
	want[3].Persons[1].Street = " Lange Nieuwstraat"
	want[4].Reporter.ProtectIdentity = true
	want[5].ReceivedAt = time.Date(2025, 10, 26, 2, 30, 15, 500_000_000, time.UTC) // night of the clock change, with a fraction
	want[6].Natures = nil
	want[7].Persons = append(want[7].Persons, reports.Mention{Role: reports.RoleWitness, FirstNames: "Bo"},
		reports.Mention{Role: reports.RoleOther, Surname: "Yilmaz"}, reports.Mention{Role: reports.RoleChild, Surname: "Berg", Age: new(int)})

	for _, format := range []Format{FormatCSV, FormatJSONL} {
		t.Run(string(format), func(t *testing.T) {
			var buf bytes.Buffer
			var err error
			if format == FormatCSV {
				err = WriteCSV(&buf, want)
			} else {
				err = WriteJSONL(&buf, want)
			}
			if err != nil {
				t.Fatal(err)
			}
			got, sum, bad := readBack(t, buf.Bytes(), format)
			if bad != "" || sum != (Summary{Rows: len(want), Stored: len(want)}) {
				t.Fatalf("summary %+v, bad rows %q", sum, bad)
			}
			if diff := cmp.Diff(want, got, sameReport); diff != "" {
				t.Errorf("round trip changed the reports (-written +read):\n%s", diff)
			}
		})
	}
}

func TestWritersLeaveOutWhatTorenAssigns(t *testing.T) {
	r := testReport(1)
	r.ID, r.Number, r.Version, r.RegisteredBy = 7, "M-2026-000007", 1, "jan"
	r.RegisteredAt = testNow
	r.Channel = reports.ChannelEmail
	r.Persons[0].ID, r.Persons[0].PersonID = 8, 9

	var buf bytes.Buffer
	if err := WriteJSONL(&buf, []reports.Report{r}); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"id"`, `"number"`, `"version"`, `"registered_at"`, `"registered_by"`, `"person_id"`} {
		if strings.Contains(buf.String(), field+":") {
			t.Errorf("JSON line carries %s: %s", field, buf.String())
		}
	}
	if !strings.Contains(buf.String(), `"channel":"import"`) {
		t.Errorf("JSON line does not say channel import: %s", buf.String())
	}
	got, sum, bad := readBack(t, buf.Bytes(), FormatJSONL)
	if sum.Stored != 1 || bad != "" {
		t.Fatalf("summary %+v, bad %q", sum, bad)
	}
	if got[0].Channel != reports.ChannelImport || got[0].ID != 0 || got[0].Persons[0].PersonID != 0 {
		t.Errorf("read back channel %q, id %d, person_id %d; want import, 0, 0", got[0].Channel, got[0].ID, got[0].Persons[0].PersonID)
	}
}

func TestWritersRefuseWhatTheFormatCannotHold(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*reports.Report)
		csv   bool // only the CSV writer refuses
		wants string
	}{
		{"advice", func(r *reports.Report) { r.Kind = reports.KindAdvice }, false, `kind "advice"`},
		{"citizen", func(r *reports.Report) { r.Reporter.Kind = reports.ReporterCitizen }, false, `reporter kind "citizen"`},
		{"seven persons", func(r *reports.Report) {
			for len(r.Persons) < 7 {
				r.Persons = append(r.Persons, reports.Mention{Role: reports.RoleChild, Surname: "Berg"})
			}
		}, true, "at most 6"},
		{"relation", func(r *reports.Report) { r.Reporter.Relation = "buurvrouw" }, true, "reporter.relation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testReport(1)
			tt.edit(&r)
			err := WriteCSV(&bytes.Buffer{}, []reports.Report{r})
			if err == nil || !strings.Contains(err.Error(), tt.wants) {
				t.Errorf("WriteCSV: err = %v, want %q", err, tt.wants)
			}
			err = WriteJSONL(&bytes.Buffer{}, []reports.Report{r})
			if tt.csv && err != nil {
				t.Errorf("WriteJSONL: %v, want it to hold what CSV cannot", err)
			}
			if !tt.csv && (err == nil || !strings.Contains(err.Error(), tt.wants)) {
				t.Errorf("WriteJSONL: err = %v, want %q", err, tt.wants)
			}
		})
	}
}

func TestWriteCSVEmptyHasHeader(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if want := strings.Join(CSVHeader(), ",") + "\n"; buf.String() != want {
		t.Errorf("empty CSV = %q, want the header only", buf.String())
	}
	_, sum, _ := readBack(t, buf.Bytes(), FormatCSV)
	if sum != (Summary{}) {
		t.Errorf("reading an empty export: %+v", sum)
	}
}

// TestDocExamples keeps the examples in docs/import.md importable.
func TestDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/import.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range []struct {
		fence  string
		format Format
		rows   int
	}{{"```csv\n", FormatCSV, 2}, {"```json\n", FormatJSONL, 1}} {
		_, block, ok := strings.Cut(string(doc), ex.fence)
		if !ok {
			t.Fatalf("docs/import.md has no %q example", ex.fence)
		}
		block, _, _ = strings.Cut(block, "```")
		svc, _ := newTestService(t)
		var bad strings.Builder
		sum, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(block), Options{Format: ex.format, Bad: &bad})
		if err != nil {
			t.Fatalf("%s example: %v", ex.format, err)
		}
		if sum != (Summary{Rows: ex.rows, Stored: ex.rows}) {
			t.Errorf("%s example: %+v, bad rows:\n%s", ex.format, sum, bad.String())
		}
	}
}
