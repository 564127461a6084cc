package storetest

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/cases"
	"toren/internal/itteam"
	"toren/internal/store"
	"toren/internal/toren"
)

// Conformance tests for the Interventieteam: a case and the checklist
// version it was assessed with are stored with the audit entry; changes
// are versioned and a lost update is refused; checklist versions are
// stored once.

func itEntry(action string) audit.Entry {
	return audit.Entry{At: t0, ActorID: "1", ActorName: "Ilse", Role: "intervention_team", Origin: "test", Action: action,
		Outcome: audit.OutcomeOK, ObjectType: "it_case"}
}

func itCase(t *testing.T) (itteam.Case, itteam.Checklist) {
	t.Helper()
	cl := itteam.Bijlage1()
	five := 5.0
	c := itteam.Case{Version: 1, Family: "Familie Verbeek", Team: "Interventieteam", ReferredOn: toren.NewDate(2026, 2, 27),
		Answers:   map[string]itteam.Answer{"veiligheidsschaal": {Number: &five}},
		Admission: itteam.Admission{Admitted: true, Reason: "HG-overleg: dreiging na vrijlating"}, CreatedAt: t0, UpdatedAt: t0}
	if err := itteam.Refer(&c, cl, toren.DateOf(t0)); err != nil {
		t.Fatal(err)
	}
	return c, cl
}

func testITCases(t *testing.T, db *store.DB) {
	ctx := context.Background()
	if _, err := db.LatestChecklist(ctx); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Fatalf("latest checklist of an empty database: %v", err)
	}
	c, cl := itCase(t)
	id, err := db.CreateITCase(ctx, c, cl, itEntry("itcase.create"))
	if err != nil {
		t.Fatal(err)
	}
	if h, err := db.AuditHead(ctx); err != nil || h.Seq != 1 {
		t.Errorf("case without its audit entry: %+v %v", h, err)
	}
	stored, err := db.Checklist(ctx, 1)
	if err != nil || stored.Version != 1 || len(stored.Criteria) != len(cl.Criteria) || stored.Criteria[4].Threshold != 4 {
		t.Fatalf("checklist stored with the case: %+v %v", stored, err)
	}
	got, err := db.ITCase(ctx, id)
	if err != nil || got.ID != id || got.Version != 1 || got.Family != c.Family || got.Status != cases.ITReferred ||
		got.Qualification.Version != 1 || got.Qualification.Qualifies || got.ReferredOn != c.ReferredOn || *got.Answers["veiligheidsschaal"].Number != 5 {
		t.Fatalf("round trip: %+v %v", got, err)
	}

	// A change at the next version is stored with its entry; a second
	// writer that read the same version loses.
	stale := got
	got.Version++
	got.Duo = []itteam.Worker{{ID: 1, Name: "Ilse"}, {ID: 2, Name: "Ahmed"}}
	got.Plans = []itteam.Plan{{Version: 1, Dangers: "Ex-vriend", Agreements: []itteam.Agreement{{Number: 1, Owner: "Chantal", What: "Geen contact"}}}}
	if err := db.UpdateITCase(ctx, got, itEntry("itcase.update")); err != nil {
		t.Fatal(err)
	}
	stale.Version++
	stale.Family = "Overschreven"
	if err := db.UpdateITCase(ctx, stale, itEntry("itcase.update")); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("lost update: %v, want a conflict", err)
	}
	if h, _ := db.AuditHead(ctx); h.Seq != 2 {
		t.Errorf("audit seq %d after one update and one refused, want 2", h.Seq)
	}
	again, err := db.ITCase(ctx, id)
	if err != nil || again.Version != 2 || again.Family != "Familie Verbeek" || len(again.Duo) != 2 || again.Plans[0].Agreements[0].Owner != "Chantal" {
		t.Errorf("after update: %+v %v", again, err)
	}
	// An update whose audit entry is refused changes nothing.
	bad := again
	bad.Version++
	bad.Family = "Zonder logboek"
	if err := db.UpdateITCase(ctx, bad, audit.Entry{}); err == nil {
		t.Error("an update without a valid audit entry was stored")
	}
	if now, _ := db.ITCase(ctx, id); now.Family != "Familie Verbeek" || now.Version != 2 {
		t.Errorf("refused update left %+v", now)
	}
	missing := again
	missing.ID, missing.Version = id+100, 2
	if err := db.UpdateITCase(ctx, missing, itEntry("itcase.update")); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("update of a missing case: %v", err)
	}
	if _, err := db.ITCase(ctx, id+100); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("missing case: %v", err)
	}

	// A second case with the same checklist does not store it twice.
	c2, _ := itCase(t)
	c2.Family, c2.ReferredOn = "Familie Aydin", toren.NewDate(2026, 3, 1)
	id2, err := db.CreateITCase(ctx, c2, cl, itEntry("itcase.create"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.ITCases(ctx)
	if err != nil || len(all) != 2 || all[0].ID != id2 || all[1].ID != id {
		t.Errorf("list: %+v %v", all, err)
	}
	// The list reads summaries, kept beside the document by every change:
	// what the list shows and what the policy asks, equal to the case's.
	again.Version++
	again.Colours = []itteam.ColourRating{{On: toren.NewDate(2026, 3, 2), Colour: cases.ColourOrange, Moment: itteam.MomentStart},
		{On: toren.NewDate(2026, 3, 9), Colour: cases.ColourRed, Moment: itteam.MomentChange}}
	again.CCB = &itteam.CCB{DecidedOn: toren.NewDate(2026, 3, 9)}
	if err := db.UpdateITCase(ctx, again, itEntry("itcase.update")); err != nil {
		t.Fatal(err)
	}
	sums, err := db.ITCaseSummaries(ctx)
	first, _ := db.ITCase(ctx, id)
	second, _ := db.ITCase(ctx, id2)
	want := []itteam.Summary{second.Summary(), first.Summary()}
	if err != nil || !reflect.DeepEqual(sums, want) {
		t.Errorf("summaries:\n%+v %v\nwant\n%+v", sums, err, want)
	}
	if s := want[1]; s.ID != id || s.Version != 3 || s.Family != "Familie Verbeek" || s.Team != "Interventieteam" || !s.Admitted ||
		s.Colour != cases.ColourRed || len(s.Duo) != 2 || s.Duo[1].Name != "Ahmed" || !s.CCB || s.Status != cases.ITReferred ||
		!s.ReferredOn.Equal(c.ReferredOn) {
		t.Errorf("summary of the changed case: %+v", s)
	}
	// The page's read: the current plan and the version shown in full,
	// the other versions only by number, author and time; the rest as
	// stored.
	paged := first
	paged.Version++
	for v := 2; v <= 3; v++ {
		paged.Plans = append(paged.Plans, itteam.Plan{Version: v, Dangers: "Versie " + strconv.Itoa(v), By: itteam.Worker{ID: 2, Name: "Ahmed"},
			At: t0.Add(time.Duration(v) * time.Hour), Agreements: []itteam.Agreement{{Number: 1, Owner: "Chantal", What: "Versie " + strconv.Itoa(v)}}})
	}
	if err := db.UpdateITCase(ctx, paged, itEntry("itcase.update")); err != nil {
		t.Fatal(err)
	}
	full, _ := db.ITCase(ctx, id)
	for _, shown := range []int{0, 1, 2, 3, 9} {
		pg, err := db.ITCaseForPage(ctx, id, shown)
		if err != nil || len(pg.Plans) != 3 {
			t.Fatalf("page of version %d: %d plans, %v", shown, len(pg.Plans), err)
		}
		for i, p := range pg.Plans {
			want := full.Plans[i]
			if p.Version != shown && i != 2 {
				want = itteam.Plan{Version: want.Version, By: want.By, At: want.At}
			}
			if !reflect.DeepEqual(p, want) {
				t.Errorf("page of version %d, plan %d: %+v, want %+v", shown, i+1, p, want)
			}
		}
		pg.Plans = full.Plans
		if !reflect.DeepEqual(pg, full) {
			t.Errorf("page of version %d besides the plans:\n%+v\nwant\n%+v", shown, pg, full)
		}
	}
	if _, err := db.ITCaseForPage(ctx, id+100, 0); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("page of a missing case: %v", err)
	}
	first = full
	want[1] = first.Summary()

	// A case stored before summaries were kept is summarised from its
	// document.
	if err := db.ExecForTest(ctx, `UPDATE it_cases SET summary = '' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	if sums, err := db.ITCaseSummaries(ctx); err != nil || !reflect.DeepEqual(sums, want) {
		t.Errorf("summaries with one from the document:\n%+v %v\nwant\n%+v", sums, err, want)
	}

	// The statistics' facts follow every change.
	var facts []itteam.Facts
	err = db.EachITCaseFacts(ctx, func(f *itteam.Facts) error {
		facts = append(facts, itteam.Facts{ID: f.ID, Admitted: f.Admitted, ReferredOn: f.ReferredOn, Events: slices.Clone(f.Events)})
		return nil
	})
	if err != nil || len(facts) != 2 || facts[0].ID != id || !facts[0].Admitted || !facts[0].ReferredOn.Equal(c.ReferredOn) ||
		facts[1].ID != id2 || !facts[1].ReferredOn.Equal(toren.NewDate(2026, 3, 1)) {
		t.Errorf("facts = %+v, %v", facts, err)
	}

	// Version 2 is published once; version 1 stays readable.
	v2 := cl
	v2.Version = 2
	v2.Title = "Selectie casus, regio 2027"
	if err := db.PublishChecklist(ctx, v2, t0.Add(time.Hour), itEntry("itteam.checklist.publish")); err != nil {
		t.Fatal(err)
	}
	if err := db.PublishChecklist(ctx, v2, t0.Add(time.Hour), itEntry("itteam.checklist.publish")); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("second publish of version 2: %v", err)
	}
	latest, err := db.LatestChecklist(ctx)
	if err != nil || latest.Version != 2 || latest.Title != v2.Title {
		t.Errorf("latest = %+v %v", latest, err)
	}
	if v1, err := db.Checklist(ctx, 1); err != nil || v1.Title != cl.Title {
		t.Errorf("version 1 after version 2: %+v %v", v1, err)
	}
}
