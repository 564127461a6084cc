package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/toren"
)

func TestImportTwiceStoresOnce(t *testing.T) {
	for _, format := range []Format{FormatCSV, FormatJSONL} {
		t.Run(string(format), func(t *testing.T) {
			rs := testReports(25)
			file := csvFile(t, rs)
			if format == FormatJSONL {
				file = jsonlFile(t, rs)
			}
			svc, store := newTestService(t)
			opts := Options{Format: format, BatchSize: 10}

			first, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(file), opts)
			if err != nil {
				t.Fatal(err)
			}
			if want := (Summary{Rows: 25, Stored: 25}); first != want {
				t.Errorf("first run: %+v, want %+v", first, want)
			}
			second, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(file), opts)
			if err != nil {
				t.Fatal(err)
			}
			if want := (Summary{Rows: 25, Skipped: 25}); second != want {
				t.Errorf("second run: %+v, want %+v", second, want)
			}
			if n := store.Reports(); n != 25 {
				t.Errorf("store holds %d reports, want 25", n)
			}
		})
	}
}

func TestImportReportsChangedRowAsConflict(t *testing.T) {
	// The police send a corrected export: one row changed under the same
	// registration number. The unchanged rows are skipped, the new one is
	// stored, and the changed one is a bad row, not a failed import.
	svc, store := newTestService(t)
	rs := testReports(5)
	if _, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(csvFile(t, rs)), Options{Format: FormatCSV}); err != nil {
		t.Fatal(err)
	}
	rs[2].Description = "Gecorrigeerde beschrijving"
	rs = append(rs, testReport(5))
	var bad strings.Builder
	sum, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(csvFile(t, rs)), Options{Format: FormatCSV, Bad: &bad})
	if err != nil {
		t.Fatal(err)
	}
	// Rows are on lines 2-7; a description spans two lines, so row 3 starts on line 6.
	want := "line 6: external_ref: this registration number was imported before, or appears earlier in this file, with different content (conflict)\n"
	if bad.String() != want {
		t.Errorf("bad rows = %q, want %q", bad.String(), want)
	}
	if want := (Summary{Rows: 6, Stored: 1, Skipped: 4, Bad: 1}); sum != want {
		t.Errorf("summary = %+v, want %+v", sum, want)
	}
	if n := store.Reports(); n != 6 {
		t.Errorf("store holds %d reports, want 6", n)
	}
}

func TestImportDuplicateRegistrationNumberInFile(t *testing.T) {
	svc, _ := newTestService(t)
	same := line("PL-1")
	changed := line("PL-1", "Ruzie in woning", "Andere tekst")
	file := same + "\n" + line("PL-2") + "\n" + same + "\n" + changed + "\n"
	var bad strings.Builder
	sum, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(file), Options{Format: FormatJSONL, Bad: &bad})
	if err != nil {
		t.Fatal(err)
	}
	// The exact repeat is the same report: skipped. The changed repeat is refused.
	if want := (Summary{Rows: 4, Stored: 2, Skipped: 1, Bad: 1}); sum != want {
		t.Errorf("summary = %+v, want %+v", sum, want)
	}
	if !strings.HasPrefix(bad.String(), "line 4: external_ref:") || !strings.HasSuffix(bad.String(), "(conflict)\n") {
		t.Errorf("bad rows = %q, want a conflict on line 4", bad.String())
	}
}

func TestImportAbortsWhenBatchFails(t *testing.T) {
	svc, store := newTestService(t)
	store.FailWith(errors.New("disk full"))
	file := strings.Join([]string{line("PL-1"), line("PL-2"), line("PL-3"), line("PL-4"), line("PL-5")}, "\n")
	sum, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(file), Options{Format: FormatJSONL, BatchSize: 2})
	if err == nil || !strings.Contains(err.Error(), "lines 1-2") || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the failure naming lines 1-2", err)
	}
	if sum != (Summary{}) {
		t.Errorf("summary = %+v, want nothing counted for the failed batch", sum)
	}
	if store.Transactions() != 1 {
		t.Errorf("store saw %d batches, want the import to stop after the first", store.Transactions())
	}
}

// rowFailer refuses one report with an error that is not about its content.
type rowFailer struct{ ref string }

func (f rowFailer) SubmitBatch(_ context.Context, _ authz.Actor, subs []intake.Submission) ([]intake.Result, []error, error) {
	errs := make([]error, len(subs))
	for i, s := range subs {
		if s.Report.ExternalRef == f.ref {
			errs[i] = errors.New("resolve persons[0]: database is locked")
		}
	}
	return make([]intake.Result, len(subs)), errs, nil
}

func TestImportAbortsOnRowErrorThatIsNotValidation(t *testing.T) {
	file := strings.Join([]string{line("PL-1"), line("PL-2"), line("PL-3")}, "\n")
	sum, err := Import(context.Background(), authz.Console("test"), rowFailer{ref: "PL-2"}, strings.NewReader(file), Options{Format: FormatJSONL})
	if err == nil || !strings.Contains(err.Error(), "line 2: resolve persons[0]: database is locked") {
		t.Fatalf("err = %v, want the failure naming line 2", err)
	}
	if sum.Bad != 0 {
		t.Errorf("summary = %+v: an infrastructure failure is no bad row", sum)
	}
}

func TestImportBatchesAndProgress(t *testing.T) {
	rec := &recorder{}
	var progress []Summary
	file := jsonlFile(t, testReports(7))
	sum, err := Import(context.Background(), authz.Console("test"), rec, strings.NewReader(file), Options{
		Format: FormatJSONL, BatchSize: 3, Progress: func(s Summary) { progress = append(progress, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 7 || len(rec.got) != 7 {
		t.Errorf("rows = %d, submitted = %d, want 7", sum.Rows, len(rec.got))
	}
	var rows []int
	for _, p := range progress {
		rows = append(rows, p.Rows)
	}
	if fmt.Sprint(rows) != "[3 6 7]" {
		t.Errorf("progress after rows %v, want 3, 6, 7", rows)
	}
	for i, r := range rec.got {
		if want := testReport(i).ExternalRef; r.ExternalRef != want {
			t.Fatalf("submission %d is %s, want %s: order must follow the file", i, r.ExternalRef, want)
		}
	}
}

func TestImportStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := &recorder{}
	_, err := Import(ctx, authz.Console("test"), rec, strings.NewReader(jsonlFile(t, testReports(3))), Options{Format: FormatJSONL})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(rec.got) != 0 {
		t.Errorf("submitted %d reports after cancellation", len(rec.got))
	}
}

func TestImportIdempotencyKey(t *testing.T) {
	rec := &keyRecorder{}
	file := line(" PL-7 ")
	if _, err := Import(context.Background(), authz.Console("test"), rec, strings.NewReader(file), Options{Format: FormatJSONL}); err != nil {
		t.Fatal(err)
	}
	if len(rec.keys) != 1 || rec.keys[0] != "police:PL-7" {
		t.Errorf("keys = %q, want [police:PL-7]", rec.keys)
	}
}

type keyRecorder struct{ keys []string }

func (k *keyRecorder) SubmitBatch(_ context.Context, _ authz.Actor, subs []intake.Submission) ([]intake.Result, []error, error) {
	for _, s := range subs {
		k.keys = append(k.keys, s.IdempotencyKey)
	}
	return make([]intake.Result, len(subs)), make([]error, len(subs)), nil
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name string
		want Format
		err  bool
	}{
		{"politie.csv", FormatCSV, false},
		{"/tmp/EXPORT.CSV", FormatCSV, false},
		{"politie.jsonl", FormatJSONL, false},
		{"politie.ndjson", FormatJSONL, false},
		{"politie.json", "", true},
		{"politie", "", true},
	}
	for _, tt := range tests {
		got, err := DetectFormat(tt.name)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("DetectFormat(%q) = %q, %v; want %q, error %v", tt.name, got, err, tt.want, tt.err)
		}
	}
}

func TestImportFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "politie.ndjson")
	if err := os.WriteFile(path, []byte(jsonlFile(t, testReports(3))), 0o600); err != nil {
		t.Fatal(err)
	}
	svc, _ := newTestService(t)
	sum, err := ImportFile(context.Background(), authz.Console("test"), svc, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum != (Summary{Rows: 3, Stored: 3}) {
		t.Errorf("summary = %+v, want 3 stored", sum)
	}
	// An explicit format wins over the extension.
	if _, err := ImportFile(context.Background(), authz.Console("test"), svc, path, Options{Format: FormatCSV}); err == nil {
		t.Error("reading JSON Lines as CSV succeeded, want a header error")
	}
	if _, err := ImportFile(context.Background(), authz.Console("test"), svc, filepath.Join(dir, "x.txt"), Options{}); err == nil {
		t.Error("ImportFile of a .txt without a format succeeded")
	}
}

func TestBadRowWithoutFieldErrors(t *testing.T) {
	// A refusal without field errors (such as intake's "no report given")
	// is still reported with its line.
	var b strings.Builder
	w := newBatcher(nil, authz.Actor{}, &b, 1).out
	if err := writeBad(w, row{line: 9}, toren.Errorf(toren.CodeInvalid, "no report given")); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if want := "line 9: invalid: no report given (invalid)\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// preparing is the real intake service that notes when it checks a batch
// and holds the storing of each batch but the last until the next one is
// checked (or five seconds passed): the importer must check batch N+1
// while batch N is stored, not after.
type preparing struct {
	*intake.Service
	batches  int
	prepared chan struct{} // one per batch checked
	seen     int           // batches checked, as SubmitPrepared has counted them
	stored   int
	overlap  int // batches stored while the next one was checked
}

func (p *preparing) Prepare(ctx context.Context, subs []intake.Submission) *intake.Prepared {
	pr := p.Service.Prepare(ctx, subs)
	p.prepared <- struct{}{}
	return pr
}

func (p *preparing) SubmitPrepared(ctx context.Context, a authz.Actor, pr *intake.Prepared) ([]intake.Result, []error, error) {
	p.stored++
	timeout := time.After(5 * time.Second)
	for p.seen <= p.stored && p.stored < p.batches {
		select {
		case <-p.prepared:
			p.seen++
			continue
		case <-timeout:
		}
		break
	}
	if p.seen > p.stored {
		p.overlap++
	}
	return p.Service.SubmitPrepared(ctx, a, pr)
}

func TestImportChecksTheNextBatchWhileStoring(t *testing.T) {
	svc, store := newTestService(t)
	p := &preparing{Service: svc, batches: 3, prepared: make(chan struct{}, 10)}
	file := jsonlFile(t, testReports(7))
	sum, err := Import(context.Background(), authz.Console("test"), p, strings.NewReader(file), Options{Format: FormatJSONL, BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 7 || store.Reports() != 7 {
		t.Fatalf("stored %d (%d in the store), want 7", sum.Stored, store.Reports())
	}
	// Batches 1 and 2 were stored while the next was checked; the last
	// had none after it.
	if p.overlap != 2 {
		t.Errorf("%d of 3 batches stored while the next was checked, want 2", p.overlap)
	}
}
