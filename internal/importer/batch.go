package importer

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

// row is one data row of the input: a report ready to submit, or the
// problems that keep it from being submitted.
type row struct {
	line     int // line the row starts on, 1-based
	report   *reports.Report
	problems []toren.FieldError
	// personColumn maps persons[k] of the report to the CSV column group it
	// came from (person{personColumn[k]+1}_*), so that messages name the
	// columns the user sees even when a group was left empty. Nil: identity.
	personColumn []int
}

// source yields rows one at a time; io.EOF ends the input. Any other error
// means the input cannot be read on.
type source interface {
	next() (row, error)
}

// preparer is a Submitter that checks a batch apart from storing it
// (*intake.Service): the importer checks the next batch while the one
// before it is stored.
type preparer interface {
	Prepare(ctx context.Context, subs []intake.Submission) *intake.Prepared
	SubmitPrepared(ctx context.Context, a authz.Actor, p *intake.Prepared) ([]intake.Result, []error, error)
}

var _ preparer = (*intake.Service)(nil)

// batch is a batch of rows as read, with its submissions: what the rows
// without problems submit (at: the row of each), checked ahead when the
// submitter can (prepared).
type batch struct {
	rows     []row
	subs     []intake.Submission
	at       []int
	prepared *intake.Prepared
}

// batcher submits batches of rows and accounts for every row.
type batcher struct {
	sub  Submitter
	as   authz.Actor // who submits
	out  *bufio.Writer
	size int
	sum  Summary
	// key, prepare and onRow are Options.Key, Options.Prepare and
	// Options.Row.
	key     func(registrationNumber string) string
	prepare func(*reports.Report)
	onRow   func(LineResult)
	stored  []*reports.Report // per row of the batch being flushed: the report stored or replayed
}

func newBatcher(s Submitter, a authz.Actor, bad io.Writer, size int) *batcher {
	return &batcher{
		sub:  s,
		as:   a,
		out:  bufio.NewWriter(bad),
		size: size,
		key:  IdempotencyKey,
	}
}

// run reads the next batch while the current one is being stored: storage
// is the slow part, and reading beside it takes the parsing off the
// critical path on a machine with a second core. So does checking the
// batch, when the submitter can check apart from storing (preparer). The
// hand-over is unbuffered, so at most two batches are in memory however
// long the file.
//
// When ctx ends (a stop signal), reading stops, but a batch already read is
// still stored, with a context that is not cancelled: the import then ends
// on a batch boundary, with every row up to the last one stored accounted
// for and none after it, and says where it stopped (StoppedError).
func (b *batcher) run(parent context.Context, src source, progress func(Summary)) (Summary, error) {
	storeCtx := context.WithoutCancel(parent)
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	batches := make(chan batch)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- readBatches(ctx, src, b.size, b.submissions, batches)
	}()
	stop := func(err error) (Summary, error) {
		// Wait for the reader to give up, so nothing reads from the input
		// after Import returns (ImportFile closes the file then).
		cancel()
		for range batches {
		}
		<-readErr
		return b.sum, errors.Join(err, b.out.Flush())
	}
	lastLine := 0
	for bt := range batches {
		if err := b.flush(storeCtx, bt); err != nil {
			return stop(err)
		}
		lastLine = bt.rows[len(bt.rows)-1].line
		if progress != nil {
			progress(b.sum)
		}
	}
	if err := <-readErr; err != nil {
		if parent.Err() != nil && errors.Is(err, parent.Err()) {
			err = &StoppedError{Line: lastLine, Err: err}
		}
		return b.sum, errors.Join(err, b.out.Flush())
	}
	return b.sum, b.out.Flush()
}

// StoppedError says that an import was stopped (a signal) after the row
// on Line; every row up to it is stored or reported, none after it.
// Imports are idempotent, so running the same command again continues.
type StoppedError struct {
	Line int
	Err  error // why: the context's error
}

func (e *StoppedError) Unwrap() error { return e.Err }

func (e *StoppedError) Error() string {
	if e.Line == 0 {
		return "stopped before any row was stored; run the same command again to start"
	}
	return fmt.Sprintf("stopped after line %d; run the same command again to continue (rows already stored are skipped)", e.Line)
}

// readBatches reads rows from src and sends them in batches of size,
// each with its submissions (made by subs), until the input ends, reading
// fails or ctx is done.
func readBatches(ctx context.Context, src source, size int, subs func(context.Context, []row) batch, batches chan<- batch) error {
	rows := make([]row, 0, size)
	send := func() error {
		// A stop already given wins over a reader that is ready too.
		if err := ctx.Err(); err != nil {
			return err
		}
		bt := subs(ctx, rows)
		// Checking a batch takes a while: a stop given meanwhile wins too.
		if err := ctx.Err(); err != nil {
			return err
		}
		select {
		case batches <- bt:
			rows = make([]row, 0, size)
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for {
		r, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// The rows before the point where the input cannot be read
			// on are good rows: store them, then stop.
			if len(rows) > 0 {
				if serr := send(); serr != nil {
					return errors.Join(err, serr)
				}
			}
			return err
		}
		rows = append(rows, r)
		if len(rows) == size {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if len(rows) > 0 {
		return send()
	}
	return nil
}

// submissions makes the submissions of the rows without problems and,
// when the submitter can, checks them.
func (b *batcher) submissions(ctx context.Context, rows []row) batch {
	bt := batch{rows: rows, subs: make([]intake.Submission, 0, len(rows)), at: make([]int, 0, len(rows))}
	for i := range rows {
		if rows[i].problems != nil {
			continue
		}
		bt.subs = append(bt.subs, b.submission(rows[i].report))
		bt.at = append(bt.at, i)
	}
	if p, ok := b.sub.(preparer); ok && len(bt.subs) > 0 {
		bt.prepared = p.Prepare(ctx, bt.subs)
	}
	return bt
}

// flush submits a batch and reports the outcome of each row, in line order.
func (b *batcher) flush(ctx context.Context, bt batch) error {
	rows := bt.rows
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", lineRange(rows), err)
	}
	outcome := make([]error, len(rows)) // per row: nil stored, errReplayed, or the refusal
	b.stored = make([]*reports.Report, len(rows))
	for i := range rows {
		if rows[i].problems != nil {
			outcome[i] = &toren.Error{Code: toren.CodeInvalid, Fields: rows[i].problems}
		}
	}
	if len(bt.subs) > 0 {
		if err := b.submit(ctx, bt, outcome); err != nil {
			return err
		}
	}
	for i, r := range rows {
		b.sum.Rows++
		res := LineResult{Line: r.line}
		if rep := b.stored[i]; rep != nil {
			res.ReportID, res.Number = rep.ID, rep.Number
		}
		switch {
		case outcome[i] == nil:
			b.sum.Stored++
			res.Outcome = LineStored
		case outcome[i] == errReplayed:
			b.sum.Skipped++
			res.Outcome = LineReplayed
		default:
			b.sum.Bad++
			res.Outcome, res.Errors = LineInvalid, toren.FieldErrors(outcome[i])
			if err := writeBad(b.out, r, outcome[i]); err != nil {
				return fmt.Errorf("write bad-row report: %w", err)
			}
		}
		if b.onRow != nil {
			b.onRow(res)
		}
	}
	if err := b.out.Flush(); err != nil {
		return fmt.Errorf("write bad-row report: %w", err)
	}
	return nil
}

// errReplayed marks a row an earlier import already stored.
var errReplayed = errors.New("already imported")

// submit sends the batch and fills outcome for every submitted row. A
// batch refused as a whole for a conflict (a registration number imported
// before with other content, or twice in this file with different
// content) is retried one row at a time, so that the conflicting rows are
// reported as bad and the others are stored. Any other whole-batch error
// aborts the import.
func (b *batcher) submit(ctx context.Context, bt batch, outcome []error) error {
	rows := bt.rows
	var results []intake.Result
	var errs []error
	var err error
	if bt.prepared != nil {
		results, errs, err = b.sub.(preparer).SubmitPrepared(ctx, b.as, bt.prepared)
	} else {
		results, errs, err = b.sub.SubmitBatch(ctx, b.as, bt.subs)
	}
	if err != nil {
		if toren.ErrorCode(err) != toren.CodeConflict {
			return fmt.Errorf("%s: %w", lineRange(rows), err)
		}
		return b.submitOneByOne(ctx, bt, outcome)
	}
	if len(results) != len(bt.subs) || len(errs) != len(bt.subs) {
		return fmt.Errorf("%s: submitter returned %d results and %d errors for %d reports", lineRange(rows), len(results), len(errs), len(bt.subs))
	}
	for j, i := range bt.at {
		if err := b.record(rows, outcome, i, results[j], errs[j]); err != nil {
			return err
		}
	}
	return nil
}

func (b *batcher) submitOneByOne(ctx context.Context, bt batch, outcome []error) error {
	rows := bt.rows
	for _, i := range bt.at {
		// A fresh copy: the failed batch left its copy normalised and
		// linked to persons of a transaction that was rolled back.
		one := []intake.Submission{b.submission(rows[i].report)}
		results, errs, err := b.sub.SubmitBatch(ctx, b.as, one)
		if err != nil {
			if toren.ErrorCode(err) != toren.CodeConflict {
				return fmt.Errorf("line %d: %w", rows[i].line, err)
			}
			outcome[i] = &toren.Error{Code: toren.CodeInvalid, Fields: []toren.FieldError{{
				Field: "external_ref", Rule: "conflict",
				Message: "this registration number was imported before, or appears earlier in this file, with different content",
			}}}
			continue
		}
		if len(results) != 1 || len(errs) != 1 {
			return fmt.Errorf("line %d: submitter returned %d results and %d errors for 1 report", rows[i].line, len(results), len(errs))
		}
		if err := b.record(rows, outcome, i, results[0], errs[0]); err != nil {
			return err
		}
	}
	return nil
}

// record notes in outcome what happened to row i. A refusal that is not
// about the row's content (a failing database while resolving persons)
// aborts the import.
func (b *batcher) record(rows []row, outcome []error, i int, res intake.Result, err error) error {
	if err == nil {
		b.stored[i] = res.Report
	}
	switch {
	case err == nil && res.Replayed:
		outcome[i] = errReplayed
	case err == nil:
		outcome[i] = nil
	case toren.ErrorCode(err) == toren.CodeInvalid:
		outcome[i] = err
	default:
		return fmt.Errorf("line %d: %w", rows[i].line, err)
	}
	return nil
}

func lineRange(rows []row) string {
	first, last := rows[0].line, rows[len(rows)-1].line
	if first == last {
		return "line " + strconv.Itoa(first)
	}
	return fmt.Sprintf("lines %d-%d", first, last)
}

// submission makes the submission for a parsed report. Intake normalises
// and links the report it is given in place, so it gets a copy: the parsed
// report stays as read, for a retry.
func (b *batcher) submission(r *reports.Report) intake.Submission {
	c := *r
	c.Persons = append([]reports.Mention(nil), r.Persons...)
	if b.prepare != nil {
		b.prepare(&c)
	}
	return intake.Submission{Report: &c, IdempotencyKey: b.key(r.ExternalRef)}
}

// Outcomes of a line (LineResult.Outcome).
const (
	LineStored   = "stored"   // a new report
	LineReplayed = "replayed" // stored before under the same registration number, with the same content
	LineInvalid  = "invalid"  // refused; Errors says why
)

// LineResult is what happened to one line (row) of the input.
type LineResult struct {
	Line     int                `json:"line"`
	Outcome  string             `json:"outcome"`
	ReportID int64              `json:"report_id,omitempty"`
	Number   string             `json:"number,omitempty"`
	Errors   []toren.FieldError `json:"errors,omitempty"`
}

// writeBad writes one line per broken rule of a bad row. A bufio.Writer
// keeps its first error, so checking the last write checks them all.
func writeBad(w *bufio.Writer, r row, err error) error {
	fields := toren.FieldErrors(err)
	if len(fields) == 0 {
		fields = []toren.FieldError{{Rule: string(toren.ErrorCode(err)), Message: err.Error()}}
	}
	for _, f := range fields {
		w.WriteString("line ")
		w.WriteString(strconv.Itoa(r.line))
		w.WriteString(": ")
		if f.Field != "" {
			w.WriteString(csvPersonPath(f.Field, r.personColumn))
			w.WriteString(": ")
		}
		w.WriteString(oneLine(f.Message))
		if f.Rule != "" {
			w.WriteString(" (")
			w.WriteString(f.Rule)
			w.WriteByte(')')
		}
		if err := w.WriteByte('\n'); err != nil {
			return err
		}
	}
	return nil
}

// csvPersonPath rewrites "persons[k]..." to the index of the CSV column
// group the mention came from, so "persons[1]" always means the columns
// person2_*.
func csvPersonPath(field string, column []int) string {
	rest, ok := strings.CutPrefix(field, "persons[")
	if !ok || column == nil {
		return field
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return field
	}
	k, err := strconv.Atoi(rest[:end])
	if err != nil || k < 0 || k >= len(column) {
		return field
	}
	return "persons[" + strconv.Itoa(column[k]) + rest[end:]
}

// oneLine keeps a message on its line: a JSON error may quote input with
// line breaks in it.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
}
