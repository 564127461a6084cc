package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/demo"
	"toren/internal/itteam"
	"toren/internal/store"
	"toren/internal/store/storetest"
)

// IT cases stored before the list's summary column (migration 00033) or
// before the statistics facts had their present form (F4) get both at
// start-up, in batches, once: a second run finds nothing to do, and what
// the list and the statistics read afterwards comes from the columns, not
// from the documents.
func TestBackfillITCasesSQLite(t *testing.T) {
	testBackfillITCases(t, storetest.OpenSQLite(t))
}

func TestBackfillITCasesPostgres(t *testing.T) {
	storetest.PostgresDSN(t)
	testBackfillITCases(t, storetest.OpenPostgres(t))
}

// storeITYears stores the demo's two IT years times times and returns
// the cases' IDs.
func storeITYears(tb testing.TB, db *store.DB, times int) []int64 {
	tb.Helper()
	year := demo.ITYear([2]itteam.Worker{{ID: 1, Name: "Ilse"}, {ID: 2, Name: "Ahmed"}}, itteam.Worker{ID: 3, Name: "Cas"})
	e := audit.Entry{At: time.Now(), ActorID: "system", ActorName: "test", Role: "demo", Origin: "test", Action: "itcase.import",
		Outcome: audit.OutcomeOK, ObjectType: "it_case"}
	var ids []int64
	for range times {
		for _, c := range year {
			id, err := db.CreateITCase(context.Background(), c, itteam.Bijlage1(), e)
			if err != nil {
				tb.Fatal(err)
			}
			ids = append(ids, id)
		}
	}
	return ids
}

func testBackfillITCases(t *testing.T, db *store.DB) {
	ctx := context.Background()
	ids := storeITYears(t, db, 1)
	if n, f, err := db.BackfillITCases(ctx); err != nil || n != 0 || f != 0 {
		t.Fatalf("backfill of cases stored with both columns: %d summaries, %d facts, %v", n, f, err)
	}
	wantSummaries, wantFacts := itColumns(t, db)

	// Cases from before: no summary, facts in F2 (before the sexes) or
	// empty (before the compact form), or both.
	var summaries, facts int
	for i, id := range ids {
		if i%2 == 0 {
			summaries++
			if err := db.ExecForTest(ctx, `UPDATE it_cases SET summary = '' WHERE id = ?`, id); err != nil {
				t.Fatal(err)
			}
		}
		old := ""
		switch {
		case i%3 == 0:
			old = "F2\nr 2014-03-03 1\n"
		case i%5 == 0:
		default:
			continue
		}
		facts++
		if err := db.ExecForTest(ctx, `UPDATE it_cases SET facts = ? WHERE id = ?`, old, id); err != nil {
			t.Fatal(err)
		}
	}
	n, f, err := db.BackfillITCases(ctx)
	if err != nil || n != summaries || f != facts {
		t.Fatalf("backfill: %d summaries, %d facts, %v; want %d and %d", n, f, err, summaries, facts)
	}
	if n, f, err := db.BackfillITCases(ctx); err != nil || n != 0 || f != 0 {
		t.Errorf("second backfill: %d summaries, %d facts, %v; want nothing", n, f, err)
	}
	// Emptied documents: a case still read from its document would now
	// read as a case without anything.
	if err := db.ExecForTest(ctx, `UPDATE it_cases SET body = '{}'`); err != nil {
		t.Fatal(err)
	}
	gotSummaries, gotFacts := itColumns(t, db)
	if !reflect.DeepEqual(gotSummaries, wantSummaries) {
		t.Errorf("summaries after the backfill differ from those stored with the cases:\n%+v\nwant\n%+v", gotSummaries, wantSummaries)
	}
	if !reflect.DeepEqual(gotFacts, wantFacts) {
		t.Errorf("facts after the backfill differ from those stored with the cases:\n%v\nwant\n%v", gotFacts, wantFacts)
	}
}

// itColumns returns what the list and the statistics read of every IT
// case: the summaries, and the facts of each case in their compact form.
func itColumns(t *testing.T, db *store.DB) ([]itteam.Summary, map[int64]string) {
	t.Helper()
	ctx := context.Background()
	s, err := db.ITCaseSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	facts := map[int64]string{}
	err = db.EachITCaseFacts(ctx, func(f *itteam.Facts) error {
		facts[f.ID] = strings.TrimSpace(string(itteam.AppendFacts(nil, f)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, facts
}

// BenchmarkBackfillITCases10k measures the start-up fill over 10,092 IT
// cases (the demo's two years, 87 times) in SQLite: "done" is the cost of
// every start-up once all are filled (one query), "all" a fill of every
// case's summary and facts.
func BenchmarkBackfillITCases10k(b *testing.B) {
	db := storetest.OpenSQLite(b)
	ctx := context.Background()
	ids := storeITYears(b, db, 87)
	b.Run("done", func(b *testing.B) {
		for b.Loop() {
			if n, f, err := db.BackfillITCases(ctx); err != nil || n != 0 || f != 0 {
				b.Fatalf("%d %d %v", n, f, err)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			if err := db.ExecForTest(ctx, `UPDATE it_cases SET summary = '', facts = ''`); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if n, f, err := db.BackfillITCases(ctx); err != nil || n != len(ids) || f != n {
				b.Fatalf("%d %d %v", n, f, err)
			}
		}
	})
}
