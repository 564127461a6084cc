package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"toren/internal/cases"
	"toren/internal/escalate"
	"toren/internal/history"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/toren"
)

// Conformance tests for households and timelines.

// partnerViolence stores the earlier police report about mother and her
// partner at Lasondersingel 3, with a neighbour as witness, and returns it.
func partnerViolence(t *testing.T, db *store.DB) *reports.Report {
	t.Helper()
	r := signalReport(policeReporter, 0,
		adult(reports.RoleVictim, "Sanne", "Mulder", "Lasondersingel", "3", "7514 BP"),
		adult(reports.RolePerpetrator, "Rik", "de Vries", "Lasondersingel", "3", "7514 BP"),
		reports.Mention{Role: reports.RoleWitness, FirstNames: "Ben", Surname: "Buurman"})
	r.ViolenceTypes = []reports.ViolenceType{reports.TypePartner}
	create(t, db, r, "")
	return r
}

// A report about a child surfaces the earlier report about the partner
// violence between the parents: the child lives at their address.
func testHouseholdSurfacesParentsViolence(t *testing.T, db *store.DB) {
	ctx := context.Background()
	raiser := withRules(t)
	earlier := partnerViolence(t, db)
	mother, partner, witness := earlier.Persons[0].PersonID, earlier.Persons[1].PersonID, earlier.Persons[2].PersonID
	child := reports.Mention{Role: reports.RoleChild, FirstNames: "Noor", Surname: "Mulder", BirthDate: toren.MustDate("2016-06-01"),
		Street: "Lasondersingel", HouseNumber: "3", Postcode: "7514 BP", City: "Enschede"}
	school := signalReport(schoolReporter, 20, child)
	school.ViolenceTypes = []reports.ViolenceType{reports.TypeChildAbuse}
	createWith(t, db, raiser, school, "")
	kid := school.Persons[0].PersonID

	hh, err := db.Household(ctx, kid)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64][]history.Link{}
	for _, m := range hh {
		got[m.Person.ID] = m.Via
	}
	address := history.Link{Kind: history.LinkAddress, Postcode: "7514 BP", HouseNumber: "3"}
	if len(got) != 2 || !slices.Equal(got[mother], []history.Link{address}) || !slices.Equal(got[partner], []history.Link{address}) {
		t.Errorf("household of the child: %+v", hh)
	}
	// The mother's household: her partner by the report and the address,
	// her child by the address, never the neighbour who witnessed.
	hh, err = db.Household(ctx, mother)
	if err != nil {
		t.Fatal(err)
	}
	got = map[int64][]history.Link{}
	for _, m := range hh {
		got[m.Person.ID] = m.Via
	}
	byReport := history.Link{Kind: history.LinkReport, ReportID: earlier.ID, ReportNumber: earlier.Number}
	if len(got) != 2 || !slices.Equal(got[partner], []history.Link{byReport, address}) || !slices.Equal(got[kid], []history.Link{address}) {
		t.Errorf("household of the mother: %+v", hh)
	}
	if _, ok := got[witness]; ok {
		t.Error("a witness counted as household")
	}

	_, h, err := db.SignalHistory(ctx, school.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Reports) != 1 || h.Reports[0].ReportID != earlier.ID || len(h.Reports[0].PersonIDs) != 0 ||
		!slices.Equal(sorted(h.Reports[0].HouseholdIDs), sorted([]int64{mother, partner})) {
		t.Errorf("history of the school's report: %+v", h.Reports)
	}
	as := alertsOf(t, db, school.ID)
	if !slices.Equal(rules(as), []escalate.Code{escalate.CodeSeveralReporters}) || !slices.Equal(as[0].RelatedReportIDs, []int64{earlier.ID}) {
		t.Errorf("alerts of the school's report: %+v", as)
	}
	if _, err := db.Household(ctx, 987654); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("household of a missing person: %v", err)
	}
}

// An address where many are registered (a shelter) makes no household.
func testHouseholdSkipsInstitutions(t *testing.T, db *store.DB) {
	ctx := context.Background()
	var first int64
	for i := 0; i < 13; i++ {
		r := signalReport(policeReporter, i, adult(reports.RoleVictim, "Bewoner", fmt.Sprintf("Nummer%d", i), "Opvangweg", "1", "7511 AA"))
		create(t, db, r, "")
		if i == 0 {
			first = r.Persons[0].PersonID
		}
	}
	hh, err := db.Household(ctx, first)
	if err != nil || len(hh) != 0 {
		t.Errorf("household at a shelter address: %+v %v", hh, err)
	}
}

func testHistorySources(t *testing.T, db *store.DB) {
	ctx := context.Background()
	earlier := partnerViolence(t, db)
	mother := earlier.Persons[0].PersonID
	c := &cases.Case{Status: cases.StatusConditions, Team: "Backoffice", ReportIDs: []int64{earlier.ID}, OpenedAt: t0.AddDate(0, 0, 5)}
	if err := db.CreateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, _ := db.GetCase(ctx, c.ID)
	got.Status, got.UpdatedAt = cases.StatusClosed, t0.AddDate(0, 0, 50)
	if err := db.UpdateCase(ctx, got); err != nil {
		t.Fatal(err)
	}
	advice := signalReport(careReporter, 30, linked(adult(reports.RoleVictim, "Sanne", "Mulder", "", "", ""), mother))
	advice.Kind = reports.KindAdvice
	create(t, db, advice, "")

	tl := history.Timeline{Sources: db.HistorySources()}
	evs, truncated, err := tl.Events(ctx, []int64{mother})
	if err != nil || truncated {
		t.Fatal(err, truncated)
	}
	var kinds []history.Kind
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	want := []history.Kind{history.KindCaseClosed, history.KindAdviceRequest, history.KindCaseOpened, history.KindReport}
	if !slices.Equal(kinds, want) {
		t.Fatalf("timeline %v, want %v", kinds, want)
	}
	rep := evs[3]
	if rep.ObjectID != earlier.ID || rep.Number != earlier.Number || !rep.Content || rep.Report.ReporterKind != reports.ReporterPolice ||
		!slices.Equal(rep.Report.ViolenceTypes, []reports.ViolenceType{reports.TypePartner}) || !slices.Equal(rep.Teams, []string{"Backoffice"}) ||
		!rep.Closed || !slices.Equal(rep.PersonIDs, []int64{mother}) || !rep.At.Equal(earlier.ReceivedAt.UTC()) {
		t.Errorf("report event %+v", rep)
	}
	if adv := evs[1]; len(adv.Teams) != 0 || adv.Closed || adv.Report.ReporterKind != reports.ReporterSocialCare {
		t.Errorf("advice event (in triage) %+v", adv)
	}
	closed := evs[0]
	if closed.Case == nil || closed.Case.ClosedAt == nil || !closed.Case.ClosedAt.Equal(t0.AddDate(0, 0, 50)) || closed.Number != c.Number ||
		closed.Case.Status != cases.StatusClosed || !slices.Equal(closed.Teams, []string{"Backoffice"}) {
		t.Errorf("closing event %+v", closed)
	}
	short := history.Timeline{Sources: db.HistorySources(), Limit: 2}
	if evs, truncated, _ := short.Events(ctx, []int64{mother}); len(evs) != 2 || !truncated || evs[0].Kind != history.KindCaseClosed {
		t.Errorf("limited timeline: %d events, truncated %v", len(evs), truncated)
	}
}

func sorted(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// A report about a child, with no address, escalates through the
// household when the child was named with mother before: mother's earlier
// report came from another reporter.
func testHouseholdByReportEscalates(t *testing.T, db *store.DB) {
	raiser := withRules(t)
	mother := reports.Mention{Role: reports.RoleVictim, FirstNames: "Sanne", Surname: "Mulder", BirthDate: toren.MustDate("1988-02-03")}
	partner := reports.Mention{Role: reports.RolePerpetrator, FirstNames: "Rik", Surname: "de Vries"}
	child := reports.Mention{Role: reports.RoleChild, FirstNames: "Noor", Surname: "Mulder", BirthDate: toren.MustDate("2016-06-01")}
	police := signalReport(policeReporter, 0, mother, partner)
	createWith(t, db, raiser, police, "")
	mid := police.Persons[0].PersonID
	before := signalReport(schoolReporter, 1, linked(child, 0), linked(mother, mid))
	createWith(t, db, raiser, before, "")
	kid := before.Persons[0].PersonID
	// The school again, about the child alone: the school's own earlier
	// report does not escalate, the police report about mother does.
	now := signalReport(schoolReporter, 20, linked(child, kid))
	createWith(t, db, raiser, now, "")
	as := alertsOf(t, db, now.ID)
	if !slices.Equal(rules(as), []escalate.Code{escalate.CodeSeveralReporters}) || !slices.Equal(as[0].RelatedReportIDs, []int64{police.ID}) {
		t.Fatalf("alerts %+v", as)
	}
	// The school's report names the child and, as household, mother; the
	// police report names only the household.
	_, h, err := db.SignalHistory(context.Background(), now.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, r := range h.Reports {
		got = append(got, r.ReportID)
	}
	if !slices.Equal(got, []int64{before.ID, police.ID}) || !slices.Equal(h.Reports[0].PersonIDs, []int64{kid}) ||
		!slices.Equal(sorted(h.Reports[0].HouseholdIDs), []int64{mid}) || len(h.Reports[1].PersonIDs) != 0 {
		t.Errorf("history %+v", h.Reports)
	}
}
