package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"toren/internal/reports"
	"toren/internal/stats"
	"toren/internal/store"
)

// A professional's report keeps its meldcode part as sent, and the
// statistics count professionals' reports by the steps they took: all
// five, not all, or not recorded; citizens' reports and advice requests
// are not counted.
func testReportMeldcode(t *testing.T, db *store.DB) {
	ctx := context.Background()
	victim := adult(reports.RoleVictim, "Meld", "Code", "", "", "")
	full := signalReport(schoolReporter, 0, victim)
	full.Meldcode = &reports.Meldcode{Steps: []int{1, 2, 3, 4, 5}, Suspicion: reports.Yes, Unsafety: reports.Yes, HelpPossible: reports.No}
	part := signalReport(careReporter, 0, victim)
	part.Meldcode = &reports.Meldcode{Steps: []int{1, 3}, Suspicion: reports.Yes}
	none := signalReport(policeReporter, 0, victim)
	citizen := signalReport(reports.Reporter{Kind: reports.ReporterCitizen, Name: "Buurman", Phone: "0612345678"}, 0, victim)
	advice := signalReport(schoolReporter, 0, victim)
	advice.Kind = reports.KindAdvice
	for _, r := range []*reports.Report{full, part, none, citizen, advice} {
		create(t, db, r, "")
	}
	got, err := db.GetReport(ctx, full.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Meldcode, full.Meldcode) {
		t.Errorf("meldcode stored %+v, read back %+v", full.Meldcode, got.Meldcode)
	}
	if got, _ := db.GetReport(ctx, none.ID); got.Meldcode != nil {
		t.Errorf("a report without meldcode reads back %+v", got.Meldcode)
	}
	r := stats.Range{From: t0.Add(-time.Hour), To: t0.Add(24 * time.Hour)}
	err = db.StatsSnapshot(ctx, func(q stats.Queries) error {
		rows, err := q.StatsMeldcode(ctx, r)
		if err != nil {
			return err
		}
		byState := map[stats.MeldcodeState]int64{}
		for _, row := range rows {
			byState[row.State] += row.N
		}
		want := map[stats.MeldcodeState]int64{stats.MeldcodeAllSteps: 1, stats.MeldcodeIncomplete: 1, stats.MeldcodeNotRecorded: 1}
		if !reflect.DeepEqual(byState, want) {
			t.Errorf("meldcode statistics %v, want %v", byState, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
