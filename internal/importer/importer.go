// Package importer reads police reports in bulk from CSV or JSON Lines
// files and hands them to intake in batches. It streams: memory does not
// grow with the file, so a file of a million rows imports like one of ten.
// Every row is accounted for: stored, skipped because an earlier run
// already imported it, or reported as bad with its line number and the
// field and rule it broke. The file formats are described in docs/import.md.
package importer

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/reports"
)

// Submitter stores reports in batches as an actor. *intake.Service
// satisfies it: errs has one entry per submission (nil when stored or
// replayed) and err is set only when the batch as a whole failed (the
// actor may not register reports, or storage failed) and nothing of it
// was stored. An empty batch stores nothing and answers only whether the
// actor may register reports.
type Submitter interface {
	SubmitBatch(ctx context.Context, a authz.Actor, subs []intake.Submission) (results []intake.Result, errs []error, err error)
}

var _ Submitter = (*intake.Service)(nil)

// Format is a file format the importer reads and writes.
type Format string

const (
	FormatCSV   Format = "csv"
	FormatJSONL Format = "jsonl"
)

// DetectFormat returns the format a file name's extension stands for:
// .csv, or .jsonl / .ndjson for JSON Lines.
func DetectFormat(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return FormatCSV, nil
	case ".jsonl", ".ndjson":
		return FormatJSONL, nil
	}
	return "", fmt.Errorf("import: cannot tell the format of %q from its extension: use .csv, .jsonl or .ndjson, or name the format", name)
}

// ParseFormat accepts a format named by the user ("csv", "jsonl", "ndjson").
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "csv":
		return FormatCSV, nil
	case "jsonl", "ndjson", "json-lines":
		return FormatJSONL, nil
	}
	return "", fmt.Errorf("import: unknown format %q: use csv or jsonl", s)
}

// DefaultBatchSize is how many rows go to the submitter at once: large
// enough that one transaction per batch is cheap per row, small enough that
// a batch is a few megabytes at most.
const DefaultBatchSize = 1000

// Options tune an import. The zero value reads with DefaultBatchSize and
// discards the bad-row report.
type Options struct {
	// Format of the input; ImportFile detects it from the extension when empty.
	Format Format
	// BatchSize is the number of rows per SubmitBatch call (DefaultBatchSize when 0).
	BatchSize int
	// Bad receives one line per broken rule of every bad row:
	// "line 17: persons[0].bsn: bsn must be 9 digits that pass the eleven test (elfproef)".
	Bad io.Writer
	// Progress, when set, is called after every batch with the totals so far.
	Progress func(Summary)
	// Encoding names the character encoding of the file when it is not
	// UTF-8 (see ParseEncoding). Bytes that are not UTF-8 are never
	// guessed at: without a declared encoding their rows are refused.
	Encoding Encoding
	// Key makes the idempotency key of a row from its registration
	// number; nil: IdempotencyKey. The API scopes it to its caller.
	Key func(registrationNumber string) string
	// Prepare, when set, adjusts every report before it is submitted (the
	// API records which client sent it).
	Prepare func(*reports.Report)
	// Row, when set, is told what happened to every row, in order.
	Row func(LineResult)
}

// Summary counts what happened to the rows of a file. Rows is always
// Stored + Skipped + Bad. The rows of a batch that failed as a whole are
// not counted (the error names their lines); a rerun skips whatever of
// them was stored.
type Summary struct {
	Rows    int `json:"lines"`    // data rows read (the CSV header is not a row; blank lines are not rows)
	Stored  int `json:"stored"`   // new reports stored
	Skipped int `json:"replayed"` // rows an earlier import already stored (same registration number, same content)
	Bad     int `json:"invalid"`  // rows refused; each is reported to Options.Bad
}

// ImportFile imports the file at path as a. The format comes from
// opts.Format, or else from the file's extension.
func ImportFile(ctx context.Context, a authz.Actor, s Submitter, path string, opts Options) (Summary, error) {
	if opts.Format == "" {
		f, err := DetectFormat(path)
		if err != nil {
			return Summary{}, err
		}
		opts.Format = f
	}
	f, err := os.Open(path)
	if err != nil {
		return Summary{}, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	return Import(ctx, a, s, f, opts)
}

// Import reads police reports from r in opts.Format and submits them in
// batches as a (the submitter asks whether a may register reports). It
// returns an error, with the summary so far, when the input cannot be
// read on (an unknown CSV column, a read error) or when a batch fails as
// a whole (the error names the batch's lines); bad rows are not errors
// but are counted and reported to opts.Bad.
func Import(ctx context.Context, a authz.Actor, s Submitter, r io.Reader, opts Options) (Summary, error) {
	r, err := decode(r, opts.Encoding)
	if err != nil {
		return Summary{}, fmt.Errorf("import: %w", err)
	}
	var src source
	switch opts.Format {
	case FormatCSV:
		src, err = newCSVSource(r)
	case FormatJSONL:
		src = newJSONLSource(r)
	case "":
		return Summary{}, fmt.Errorf("import: no format given")
	default:
		return Summary{}, fmt.Errorf("import: unknown format %q", opts.Format)
	}
	if err != nil {
		return Summary{}, fmt.Errorf("import: %w", err)
	}
	size := opts.BatchSize
	if size <= 0 {
		size = DefaultBatchSize
	}
	bad := opts.Bad
	if bad == nil {
		bad = io.Discard
	}
	b := newBatcher(s, a, bad, size)
	if opts.Key != nil {
		b.key = opts.Key
	}
	b.prepare, b.onRow = opts.Prepare, opts.Row
	sum, err := b.run(ctx, src, opts.Progress)
	if err != nil {
		return sum, fmt.Errorf("import: %w", err)
	}
	return sum, nil
}

// IdempotencyKey is the key under which a police report is stored, so that
// importing the same file twice stores each report once.
func IdempotencyKey(registrationNumber string) string {
	return "police:" + strings.TrimSpace(registrationNumber)
}
