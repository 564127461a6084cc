package store

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"toren/internal/alerts"
)

// openPlanDB opens a migrated SQLite database in a temporary directory.
func openPlanDB(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// queryPlans returns SQLite's plan (EXPLAIN QUERY PLAN, its detail lines
// joined by newlines) of every query the read pool has run whose text
// contains marker: the queries as the store wrote them, not copies.
func queryPlans(t *testing.T, db *DB, marker string) map[string]string {
	t.Helper()
	db.readStmts.mu.Lock()
	var queries []string
	for q := range db.readStmts.stmts {
		if strings.Contains(q, marker) {
			queries = append(queries, q)
		}
	}
	db.readStmts.mu.Unlock()
	if len(queries) == 0 {
		t.Fatalf("no query with %q was run", marker)
	}
	plans := map[string]string{}
	for _, q := range queries {
		plans[q] = explain(t, db, q)
	}
	return plans
}

// explain returns SQLite's plan of q, its detail lines joined by newlines.
func explain(t *testing.T, db *DB, q string) string {
	t.Helper()
	rows, err := db.read.Query("EXPLAIN QUERY PLAN "+q, make([]any, strings.Count(q, "?"))...)
	if err != nil {
		t.Fatalf("explain %s: %v", q, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n")
}

// listBranch finds the branches of ListAlerts' union.
var listBranch = regexp.MustCompile(`\((SELECT id FROM alerts WHERE [^()]* ORDER BY id DESC LIMIT \?)\)`)

// TestAlertPlans: every list and count of alerts reads an index by its
// key (SEARCH), never a whole table or a whole index (SCAN): with a
// million open alerts a scan is a slow page. Dropping alerts_team (team,
// id), which alerts_team_open and alerts_team_acknowledged cover between
// them, turned the count of open alerts "for these teams or this user"
// into a scan of alerts_team_open (SQLite gave up its MULTI-INDEX OR), so
// the index stays.
func TestAlertPlans(t *testing.T) {
	db := openPlanDB(t)
	ctx := context.Background()
	for _, state := range []alerts.State{alerts.StateOpen, alerts.StateAcknowledged, alerts.StateAll} {
		for _, f := range []alerts.Filter{
			{Teams: []string{"Backoffice"}, State: state},
			{Teams: []string{"Backoffice", "Team Zuid"}, UserID: 7, State: state, BeforeID: 100},
		} {
			if _, err := db.ListAlerts(ctx, f); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CountAlerts(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.CountOpenAlerts(ctx, []string{"Backoffice", "Team Zuid"}, 7); err != nil {
		t.Fatal(err)
	}
	branches := 0
	for q, plan := range queryPlans(t, db, "FROM alerts") {
		for _, line := range strings.Split(plan, "\n") {
			if strings.HasPrefix(line, "SCAN alerts") || strings.HasPrefix(line, "SCAN a ") || line == "SCAN a" {
				t.Errorf("query scans the alerts or one of their indexes whole:\n%s\nplan:\n%s", q, plan)
			}
		}
		// Each branch of a list walks an index newest first and stops at
		// its limit: explained alone, it sorts nothing.
		for _, branch := range listBranch.FindAllStringSubmatch(q, -1) {
			branches++
			if p := explain(t, db, branch[1]); strings.Contains(p, "TEMP B-TREE") || !strings.Contains(p, " INDEX ") {
				t.Errorf("a branch of the alert list does not walk an index in order:\n%s\nplan:\n%s", branch[1], p)
			}
		}
	}
	if branches == 0 {
		t.Fatal("no branch of an alert list was found in the queries: the check of their plans checked nothing")
	}
}

// TestRowCountsInCounters: migration 00034 keeps the row counts in the
// counters table (one page fewer per intake commit); they carry over
// from the old table and still follow inserts and deletes.
func TestRowCountsInCounters(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "counts.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := db.provider()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 33); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.write.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	addPerson := func() { exec(`INSERT INTO persons (surname, created_at, updated_at) VALUES ('Jansen', 0, 0)`) }
	addReport := func(number, kind string) {
		exec(`INSERT INTO reports (number, kind, received_at, channel, reporter_kind, registered_at) VALUES (?, ?, 0, 'phone', 'citizen', 0)`, number, kind)
	}
	addPerson()
	addPerson()
	addReport("M-1", "report")
	addReport("A-1", "advice")
	addReport("M-2", "report")
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	counts := func() [3]int64 {
		t.Helper()
		r, a, n, err := db.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return [3]int64{r, a, n}
	}
	if got, want := counts(), [3]int64{2, 1, 2}; got != want {
		t.Fatalf("after the migration: reports, advice, persons = %v, want %v", got, want)
	}
	addPerson()
	addReport("M-3", "report")
	exec(`UPDATE reports SET kind = 'report' WHERE number = 'A-1'`)
	exec(`DELETE FROM reports WHERE number = 'M-1'`)
	if got, want := counts(), [3]int64{3, 0, 3}; got != want {
		t.Fatalf("after inserts, a change of kind and a delete: reports, advice, persons = %v, want %v", got, want)
	}
	var tables int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'row_counts'`).Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("row_counts is still a table (%d, %v)", tables, err)
	}
}

// TestOpenMentionItemsPlan: the merge proposer's question, asked for every
// pair inside its write transaction, is an index probe, not a scan of the
// open review items (migration 00034).
func TestOpenMentionItemsPlan(t *testing.T) {
	db := openPlanDB(t)
	plan := explain(t, db, openMentionItemsOfPersons)
	if !strings.HasPrefix(plan, "SEARCH review_items USING") || !strings.Contains(plan, "INDEX review_items_open_new_person (new_person_id=?)") {
		t.Errorf("plan of the proposer's look-up of open mention items:\n%s", plan)
	}
}
