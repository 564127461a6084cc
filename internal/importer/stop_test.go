package importer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"toren/internal/authz"
	"toren/internal/intake"
)

// cancelling cancels the import's context while its second batch is being
// stored, as SIGTERM does in toren import.
type cancelling struct {
	Submitter
	cancel  context.CancelFunc
	batches int
}

func (c *cancelling) SubmitBatch(ctx context.Context, a authz.Actor, subs []intake.Submission) ([]intake.Result, []error, error) {
	c.batches++
	if c.batches == 2 {
		c.cancel()
	}
	return c.Submitter.SubmitBatch(ctx, a, subs)
}

// A stop signal ends the import on a batch boundary: the batch being
// stored is stored whole, the error names the last line, and running the
// same import again stores the rest and skips what was stored.
func TestImportStopsCleanlyAndContinues(t *testing.T) {
	rs := testReports(50)
	file := csvFile(t, rs)
	svc, store := newTestService(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sub := &cancelling{Submitter: svc, cancel: cancel}
	sum, err := Import(ctx, authz.Console("test"), sub, strings.NewReader(file), Options{Format: FormatCSV, BatchSize: 10})
	var stopped *StoppedError
	if !errors.As(err, &stopped) {
		t.Fatalf("err = %v, want a StoppedError", err)
	}
	// The line is where the 20th row starts (descriptions may span lines).
	src, _ := newCSVSource(strings.NewReader(file))
	var twentieth row
	for i := 0; i < 20; i++ {
		twentieth, _ = src.next()
	}
	if stopped.Line != twentieth.line || !strings.Contains(err.Error(), fmt.Sprintf("stopped after line %d; run the same command again", twentieth.line)) {
		t.Errorf("stopped at %d, want %d: %v", stopped.Line, twentieth.line, err)
	}
	if sum.Stored != 20 || store.Reports() != 20 {
		t.Errorf("stored %d (%d in the store), want the two whole batches (20)", sum.Stored, store.Reports())
	}
	sum, err = Import(context.Background(), authz.Console("test"), svc, strings.NewReader(file), Options{Format: FormatCSV, BatchSize: 10})
	if err != nil || sum.Stored != 30 || sum.Skipped != 20 || store.Reports() != 50 {
		t.Errorf("second run: %+v %v, %d in the store; want 30 stored, 20 skipped", sum, err, store.Reports())
	}
}
