package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"toren/internal/cases"
	"toren/internal/escalate"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/toren"
)

// A review item whose candidate is a person of an open case (or one in
// monitoring) leads the queue; paging keeps that order; a closed case
// does not count.
func testReviewQueueUrgentFirst(t *testing.T, db *store.DB) {
	ctx := context.Background()
	// Three registry persons, each named in a report of their own.
	var known []int64
	var their []int64
	for i, name := range []string{"Aalbers", "Bosman", "Claassen"} {
		r := sample(reports.KindReport)
		r.ExternalRef = fmt.Sprint("urgent-seed-", i)
		r.Persons = r.Persons[:1]
		r.Persons[0].Surname, r.Persons[0].Particle, r.Persons[0].BSN = name, "", ""
		if _, err := (intake.Steps{Store: db}).Register(intaketest.Audited(ctx), intake.NewReport{Report: r}); err != nil {
			t.Fatal(err)
		}
		known = append(known, r.Persons[0].PersonID)
		their = append(their, r.ID)
	}
	// One report whose three mentions each may be one of them.
	r := sample(reports.KindReport)
	r.ExternalRef = "urgent-review"
	m := r.Persons[0]
	r.Persons = nil
	for i, name := range []string{"Aalbers", "Bosman", "Claassen"} {
		mm := m
		mm.Surname, mm.Particle, mm.BSN, mm.FirstNames = name, "", "", fmt.Sprint("Naam", i)
		r.Persons = append(r.Persons, mm)
	}
	res := &stubResolver{rule: func(m reports.Mention) intake.Link {
		for i, name := range []string{"Aalbers", "Bosman", "Claassen"} {
			if m.Surname == name {
				return intake.Link{Review: &intake.ReviewProposal{PersonID: known[i], Score: 3, Evidence: json.RawMessage(`{}`)}}
			}
		}
		return intake.Link{}
	}}
	if _, err := (intake.Steps{Store: db, Resolver: res}).Register(intaketest.Audited(ctx), intake.NewReport{Report: r}); err != nil {
		t.Fatal(err)
	}
	order := func() []int64 {
		items, err := db.ListReviewItems(ctx, registry.ReviewFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, it := range items {
			out = append(out, it.PersonID)
		}
		return out
	}
	if got, want := order(), known; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("queue without cases: candidates %v, want %v (oldest first)", got, want)
	}

	// Bosman's report opens a case; Claassen's case is closed.
	open := &cases.Case{Status: cases.StatusSafetyAssessment, Team: "Team Oost", OpenedAt: t0, ReportIDs: []int64{their[1]}}
	closed := &cases.Case{Status: cases.StatusClosed, Team: "Team Oost", OpenedAt: t0, ReportIDs: []int64{their[2]}}
	for _, c := range []*cases.Case{open, closed} {
		if err := db.CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	want := []int64{known[1], known[0], known[2]}
	if got := order(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("queue with Bosman in an open case: candidates %v, want %v", got, want)
	}
	items, _ := db.ListReviewItems(ctx, registry.ReviewFilter{})
	for _, it := range items {
		if it.Urgent != (it.PersonID == known[1]) {
			t.Errorf("item about %d: urgent %v", it.PersonID, it.Urgent)
		}
	}
	if got, err := db.GetReviewItem(ctx, items[0].ID); err != nil || !got.Urgent {
		t.Errorf("GetReviewItem of the urgent item: %+v, %v", got, err)
	}
	// Page by page, one item a page: the same order.
	var paged []int64
	after := int64(0)
	for range 5 {
		page, err := db.ListReviewItems(ctx, registry.ReviewFilter{AfterID: after, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		paged = append(paged, page[0].PersonID)
		after = page[0].ID
	}
	if fmt.Sprint(paged) != fmt.Sprint(want) {
		t.Errorf("paged queue: %v, want %v", paged, want)
	}

	// Monitoring counts too.
	open.Status = cases.StatusMonitoring
	if err := db.UpdateCase(ctx, open); err != nil {
		t.Fatal(err)
	}
	if got := order(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("queue with Bosman in monitoring: %v, want %v", got, want)
	}
}

// A mention sent to review against a person of an open case raises an
// alert for that case's team in the report's transaction.
func testAlertsForReviewCandidates(t *testing.T, db *store.DB) {
	ctx := context.Background()
	raiser := withRules(t)
	father := adult(reports.RolePerpetrator, "Mark", "Jansen", "Hengelosestraat", "80", "7514 AJ")
	first := signalReport(policeReporter, 0, father)
	createWith(t, db, raiser, first, "")
	known := first.Persons[0].PersonID
	open := &cases.Case{Status: cases.StatusInvestigation, Team: "Backoffice", ReportIDs: []int64{first.ID}, OpenedAt: t0}
	if err := db.CreateCase(ctx, open); err != nil {
		t.Fatal(err)
	}
	vague := father
	vague.BirthDate, vague.Street, vague.HouseNumber, vague.Postcode = toren.Date{}, "", "", ""
	next := signalReport(careReporter, 10, vague)
	res := &stubResolver{rule: func(reports.Mention) intake.Link {
		return intake.Link{Review: &intake.ReviewProposal{PersonID: known, Score: 4, Evidence: json.RawMessage(`{}`)}}
	}}
	if _, err := (intake.Steps{Store: db, Alerts: raiser, Resolver: res}).Register(intaketest.Audited(ctx), intake.NewReport{Report: next}); err != nil {
		t.Fatal(err)
	}
	got := alertsOf(t, db, next.ID)
	if !slices.Equal(rules(got), []escalate.Code{escalate.CodeReviewOpenCase}) {
		t.Fatalf("alerts %v, want review_open_case", rules(got))
	}
	if a := got[0]; a.Team != "Backoffice" || a.CaseID != open.ID || a.PersonID != known || a.Audience != escalate.AudienceCaseManager ||
		!strings.Contains(a.Explanation, open.Number) || !strings.Contains(a.Explanation, "94%") {
		t.Errorf("alert %+v", a)
	}
	// Without an open case the same review raises nothing.
	open.Status = cases.StatusClosed
	if err := db.UpdateCase(ctx, open); err != nil {
		t.Fatal(err)
	}
	again := signalReport(careReporter, 800, vague)
	if _, err := (intake.Steps{Store: db, Alerts: raiser, Resolver: res}).Register(intaketest.Audited(ctx), intake.NewReport{Report: again}); err != nil {
		t.Fatal(err)
	}
	if got := alertsOf(t, db, again.ID); slices.Contains(rules(got), escalate.CodeReviewOpenCase) {
		t.Errorf("alerts %v after the case closed", rules(got))
	}
}
