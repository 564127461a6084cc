package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"toren/internal/app"
	"toren/internal/audit"
	"toren/internal/demo"
	"toren/internal/itteam"
)

// Start-up fills the list and statistics columns of IT cases stored
// before them, and says how many it filled; the next start-up has
// nothing to fill and says nothing.
func TestStartUpFillsOldITCases(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "toren.db")
	db, err := app.OpenStore(ctx, dsn, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	e := audit.Entry{At: time.Now(), ActorID: "system", ActorName: "test", Origin: "test", Action: "itcase.import", Outcome: audit.OutcomeOK}
	for _, c := range demo.ITYear([2]itteam.Worker{{ID: 1, Name: "Ilse"}, {ID: 2, Name: "Ahmed"}}, itteam.Worker{ID: 3, Name: "Cas"})[:3] {
		if _, err := db.CreateITCase(ctx, c, itteam.Bijlage1(), e); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.ExecForTest(ctx, `UPDATE it_cases SET summary = '', facts = 'F3\n' WHERE id IN (SELECT id FROM it_cases ORDER BY id LIMIT 2)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, want := range []string{`msg="IT cases' list and statistics columns filled" summaries=2 facts=2`, ""} {
		var log bytes.Buffer
		db, err := app.OpenStore(ctx, dsn, slog.New(slog.NewTextHandler(&log, nil)))
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		if got := log.String(); want == "" && strings.Contains(got, "IT cases") || !strings.Contains(got, want) {
			t.Errorf("start-up logged %q, want %q", got, want)
		}
	}
}
