package stats_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/demo/generate"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/stats"
	"toren/internal/store"
	"toren/internal/toren"
	"toren/internal/workdays"
)

// BenchmarkStatisticsPage computes everything the statistics page shows
// (every query and table) over a large SQLite registry, for a year, a
// quarter and the whole ten years.
//
// TOREN_STATS_DB is the database file. When it does not exist it is built
// first (not timed) from TOREN_STATS_FAMILIES generated families (default
// 500,000: about a million reports over ten years), with a case file and
// decisions for one report in three. Without TOREN_STATS_DB the benchmark
// is skipped. For example:
//
//	TOREN_STATS_DB=/tmp/stats1m.db go test -run x -bench StatisticsPage -benchtime 5x -timeout 2h ./internal/stats/
func BenchmarkStatisticsPage(b *testing.B) {
	path := os.Getenv("TOREN_STATS_DB")
	if path == "" {
		b.Skip("set TOREN_STATS_DB to a SQLite file (built when missing) to run the statistics benchmark")
	}
	ctx := context.Background()
	end := time.Date(2026, 1, 1, 0, 0, 0, 0, toren.Amsterdam)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		families := 500_000
		if s := os.Getenv("TOREN_STATS_FAMILIES"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				b.Fatalf("TOREN_STATS_FAMILIES: %v", err)
			}
			families = n
		}
		buildBenchDB(b, path, families, end)
	}
	db, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	reportsN, adviceN, _, err := db.Counts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	svc := stats.New(stats.Config{Store: db, Calendar: workdays.Dutch(), Deadlines: cases.DefaultDeadlines(),
		Clock: toren.NewFixedClock(end.Add(14 * 24 * time.Hour))})
	b.Logf("registry: %d reports, %d advice requests", reportsN, adviceN)
	for _, p := range []stats.Period{stats.Year(2025), stats.Quarter(2025, 2),
		{From: toren.MustDate("2016-01-01"), To: toren.MustDate("2025-12-31")}} {
		b.Run(p.String(), func(b *testing.B) {
			for b.Loop() {
				rep, err := svc.Report(ctx, authz.Actor{UserID: 1, Roles: []authz.Role{authz.RoleAnalyst}}, p)
				if err != nil {
					b.Fatal(err)
				}
				if len(rep.Tables) == 0 {
					b.Fatal("no tables")
				}
			}
		})
	}
}

// buildBenchDB stores the generated reports through the store (in batches
// of up to 1,000, each person linked to the registry person of its earlier
// mentions), then adds case files and decisions for one report in three
// with plain SQL: the statistics only read them, and a million audited
// writes would take an hour to build.
func buildBenchDB(b *testing.B, path string, families int, end time.Time) {
	ctx := context.Background()
	start := time.Now()
	db, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	g := generate.New(generate.Config{Families: families, Years: 10, Seed: 42, End: end})
	person := map[int64]int64{}
	var batch []intake.NewReport
	var batchIDs [][]int64
	inBatch := map[int64]bool{}
	n := 0
	flush := func() error {
		if _, err := (intake.Steps{Store: db}).Register(intaketest.Audited(ctx), batch...); err != nil {
			return err
		}
		for i, nr := range batch {
			for j, m := range nr.Report.Persons {
				person[batchIDs[i][j]] = m.PersonID
			}
		}
		batch, batchIDs = batch[:0], batchIDs[:0]
		clear(inBatch)
		return nil
	}
	err = g.Each(func(gr generate.GeneratedReport) error {
		for _, id := range gr.TrueIDs {
			if inBatch[id] {
				// A person named twice in one batch would become two
				// registry persons: store what came before first.
				if err := flush(); err != nil {
					return err
				}
				break
			}
		}
		r := gr.Report
		if n%9 == 4 {
			r.Kind = "advice"
		}
		n++
		r.RegisteredAt = r.ReceivedAt
		for i := range r.Persons {
			r.Persons[i].PersonID = person[gr.TrueIDs[i]]
			inBatch[gr.TrueIDs[i]] = true
		}
		batch = append(batch, intake.NewReport{Report: &r, IdempotencyKey: gr.Key})
		batchIDs = append(batchIDs, gr.TrueIDs)
		if len(batch) == 1000 {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	b.Logf("stored %d generated reports in %v", n, time.Since(start).Round(time.Second))

	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	// Decisions up to two weeks after receipt, in Go's text form of a UTC
	// time, as the driver stores them; one case in six not assessed yet.
	later := func(hours string) string {
		return `strftime('%Y-%m-%d %H:%M:%S', substr(received_at, 1, 19), '+' || (` + hours + `) || ' hours') || ' +0000 UTC'`
	}
	for _, q := range []string{
		`INSERT INTO cases (id, number, status, team, opened_at, updated_at)
			SELECT id, 'D-' || id, 'safety_assessment', 'Frontoffice', received_at, received_at FROM reports WHERE kind = 'report' AND id % 3 = 0`,
		`INSERT INTO case_reports (case_id, report_id) SELECT id, id FROM reports WHERE kind = 'report' AND id % 3 = 0`,
		`INSERT INTO case_decisions (case_id, episode, kind, outcome, status, reasoning, proposed_by, proposed_at, decided_by, decided_at)
			SELECT id, 1, 'safety_assessment',
				CASE id % 5 WHEN 0 THEN 'decide_handover' WHEN 1 THEN 'vt_service' WHEN 2 THEN 'request_rvdk'
					WHEN 3 THEN 'convert_to_advice' ELSE 'end_involvement' END,
				'approved', 'Afweging.', 1, received_at, 2, ` + later("id % 337") + `
			FROM reports WHERE kind = 'report' AND id % 3 = 0 AND id % 18 <> 15`,
		`INSERT INTO case_decisions (case_id, episode, kind, outcome, status, reasoning, proposed_by, proposed_at, decided_by, decided_at)
			SELECT id, 1, 'intervention_choice', CASE id % 2 WHEN 0 THEN 'decide_conditions' ELSE 'decide_investigation' END,
				'approved', 'Afweging.', 1, received_at, 2, ` + later("id % 337 + 50") + `
			FROM reports WHERE kind = 'report' AND id % 3 = 0 AND id % 18 <> 15 AND id % 5 = 1`,
	} {
		res, err := raw.ExecContext(ctx, q)
		if err != nil {
			b.Fatalf("bench case files: %v", err)
		}
		rows, _ := res.RowsAffected()
		b.Logf("%d rows: %.60s", rows, q)
	}
	fmt.Fprintf(os.Stderr, "built %s in %v\n", path, time.Since(start).Round(time.Second))
}
