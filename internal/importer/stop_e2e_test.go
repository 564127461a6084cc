package importer_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"toren/internal/apptest"
	"toren/internal/authz"
	"toren/internal/demo/generate"
	"toren/internal/importer"
	"toren/internal/intake"
	"toren/internal/reports"
)

type cancelAt struct {
	importer.Submitter
	cancel  context.CancelFunc
	batches int
}

func (c *cancelAt) SubmitBatch(ctx context.Context, a authz.Actor, subs []intake.Submission) ([]intake.Result, []error, error) {
	c.batches++
	if c.batches == 2 {
		c.cancel() // the signal arrives while the second batch is stored
	}
	return c.Submitter.SubmitBatch(ctx, a, subs)
}

// On the real store, a stop signal during an import leaves no half batch
// and no SQL error ("transaction has already been committed or rolled
// back"): the batch in flight commits, the import says where it stopped,
// and the same import run again completes it.
func TestImportStopOnRealStore(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, apptest.Quiet())
	g := generate.New(generate.Config{Families: 30, Years: 2, Seed: 5, End: time.Now()})
	var rs []reports.Report
	g.Each(func(gr generate.GeneratedReport) error {
		if gr.Report.Reporter.Kind == reports.ReporterPolice {
			rs = append(rs, gr.Report)
		}
		return nil
	})
	if len(rs) < 30 {
		t.Fatalf("only %d police reports generated", len(rs))
	}
	var file bytes.Buffer
	if err := importer.WriteCSV(&file, rs); err != nil {
		t.Fatal(err)
	}
	console := authz.Console("toren import police")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum, err := importer.Import(ctx, console, &cancelAt{Submitter: a.Intake(), cancel: cancel}, bytes.NewReader(file.Bytes()),
		importer.Options{Format: importer.FormatCSV, BatchSize: 10})
	var stopped *importer.StoppedError
	if !errors.As(err, &stopped) || strings.Contains(err.Error(), "sql:") {
		t.Fatalf("err = %v, want a clean stop", err)
	}
	n, _, _, _ := a.Store().Counts(context.Background())
	if sum.Stored != 20 || n != 20 {
		t.Errorf("after the stop: %d stored, %d in the database; want the two whole batches", sum.Stored, n)
	}
	sum, err = importer.Import(context.Background(), console, a.Intake(), bytes.NewReader(file.Bytes()), importer.Options{Format: importer.FormatCSV, BatchSize: 10})
	n, _, _, _ = a.Store().Counts(context.Background())
	if err != nil || sum.Skipped != 20 || sum.Stored != len(rs)-20 || n != int64(len(rs)) {
		t.Errorf("run again: %+v %v, %d in the database; want %d stored and 20 skipped", sum, err, n, len(rs)-20)
	}
}
