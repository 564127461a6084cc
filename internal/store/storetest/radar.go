package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/persons"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/toren"
)

// stubResolver links by a rule of the test and records what the store
// tells its sessions.
type stubResolver struct {
	rule    func(m reports.Mention) intake.Link
	stored  []persons.Person
	commits int
	aborts  int
	// ons are the report days Link was given.
	ons []toren.Date
}

func (s *stubResolver) Resolve(_ context.Context, _ intake.PersonFinder, m reports.Mention) (int64, error) {
	return s.rule(m).PersonID, nil
}

func (s *stubResolver) Begin(context.Context, []intake.NewReport) intake.Session {
	return stubSession{s}
}

type stubSession struct{ s *stubResolver }

func (ss stubSession) Link(_ context.Context, _ intake.PersonFinder, m reports.Mention, on toren.Date) (intake.Link, error) {
	ss.s.ons = append(ss.s.ons, on)
	return ss.s.rule(m), nil
}

func (ss stubSession) Stored(p persons.Person) { ss.s.stored = append(ss.s.stored, p) }

func (ss stubSession) Commit(commit func() error) error {
	if err := commit(); err != nil {
		return err
	}
	ss.s.commits++
	return nil
}

func (ss stubSession) Abort() { ss.s.aborts++ }

// seedPersons stores one report naming a victim and a child and returns
// their registry IDs.
func seedPersons(t *testing.T, db *store.DB) (victim, child int64) {
	t.Helper()
	r := sample(reports.KindReport)
	create(t, db, r, "")
	return r.Persons[0].PersonID, r.Persons[1].PersonID
}

// A resolver session sees every mention with the report's day, is told of
// every person stored, and ends in Commit; the store keeps each link's
// explanation and the review items.
func testMentionLinks(t *testing.T, db *store.DB) {
	ctx := context.Background()
	victim, child := seedPersons(t, db)
	evidence := json.RawMessage(`{"outcome":"link","fields":[{"field":"given_names","level":"exact","weight":6.33}]}`)
	res := &stubResolver{rule: func(m reports.Mention) intake.Link {
		switch m.Role {
		case reports.RoleVictim:
			return intake.Link{PersonID: victim, Method: intake.LinkProbabilistic, Score: 23.5, Evidence: evidence}
		case reports.RoleChild:
			return intake.Link{Review: &intake.ReviewProposal{PersonID: child, Score: 4.25, Evidence: json.RawMessage(`{"outcome":"review"}`)}}
		}
		return intake.Link{}
	}}
	r := sample(reports.KindReport)
	r.Persons = append(r.Persons, reports.Mention{Role: reports.RoleWitness, FirstNames: "Mies", Surname: "Bakker"})
	r.Persons[0].HouseNumber = "14" // moved: the linked person is enriched
	if _, err := (intake.Steps{Store: db, Resolver: res}).Register(intaketest.Audited(ctx), intake.NewReport{Report: r}); err != nil {
		t.Fatal(err)
	}
	if r.Persons[0].PersonID != victim || r.Persons[1].PersonID == child || r.Persons[1].PersonID == 0 {
		t.Fatalf("linked to %d and %d; want the victim %d and a new person for the child", r.Persons[0].PersonID, r.Persons[1].PersonID, victim)
	}
	if res.commits != 1 || res.aborts != 0 || len(res.stored) != 3 {
		t.Errorf("session: %d commits, %d aborts, %d persons stored; want 1, 0, 3 (victim enriched, child and witness new)",
			res.commits, res.aborts, len(res.stored))
	}
	if len(res.ons) != 3 || res.ons[0] != toren.DateOf(r.ReceivedAt.In(toren.Amsterdam)) {
		t.Errorf("report days given to Link: %v", res.ons)
	}
	links, err := db.LinksOfReport(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 3 {
		t.Fatalf("%d links, want 3", len(links))
	}
	v := links[0]
	if v.MentionID != r.Persons[0].ID || v.PersonID != victim || v.Method != intake.LinkProbabilistic || v.Score == nil || *v.Score != 23.5 ||
		v.LinkedBy != store.LinkedBySystem || !jsonEqual(v.Evidence, evidence) {
		t.Errorf("victim's link = %+v (evidence %s)", v, v.Evidence)
	}
	for _, l := range links[1:] {
		if l.Method != "" || l.Score != nil || l.Evidence != nil || l.LinkedBy != "" {
			t.Errorf("a new person's mention carries a link explanation: %+v", l)
		}
	}
	items, err := db.ListReviewItems(ctx, registry.ReviewFilter{})
	if err != nil || len(items) != 1 {
		t.Fatalf("review items = %+v, %v; want 1", items, err)
	}
	it := items[0]
	want := registry.ReviewItem{ID: it.ID, Kind: registry.KindMention, MentionID: r.Persons[1].ID, ReportID: r.ID, ReportNumber: r.Number, PersonID: child,
		NewPersonID: r.Persons[1].PersonID, Score: 4.25, Evidence: it.Evidence, Status: registry.ReviewOpen, CreatedAt: r.RegisteredAt, Version: 1}
	if !jsonEqual(it.Evidence, json.RawMessage(`{"outcome":"review"}`)) || fmt.Sprint(it) != fmt.Sprint(want) {
		t.Errorf("review item\n got %+v\nwant %+v", it, want)
	}

	// The plain exact resolver's links are labelled as such.
	again := sample(reports.KindReport)
	if _, err := (intake.Steps{Store: db, Resolver: intaketest.ExactResolver{}}).Register(intaketest.Audited(ctx), intake.NewReport{Report: again}); err != nil {
		t.Fatal(err)
	}
	links, _ = db.LinksOfReport(ctx, again.ID)
	if links[0].PersonID != victim || links[0].Method != intake.LinkExact || links[0].Score != nil {
		t.Errorf("exact resolver's link = %+v", links[0])
	}

	// A failed batch aborts the session and commits nothing.
	res.stored = nil
	bad := sample(reports.KindReport)
	bad.Persons[1].PersonID = 999999
	if _, err := (intake.Steps{Store: db, Resolver: res}).Register(intaketest.Audited(ctx), []intake.NewReport{{Report: sample(reports.KindReport)}, {Report: bad}}...); err == nil {
		t.Fatal("broken batch stored")
	}
	if res.commits != 1 || res.aborts != 1 {
		t.Errorf("after a failed batch: %d commits, %d aborts; want 1 and 1", res.commits, res.aborts)
	}
}

func jsonEqual(a, b json.RawMessage) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && fmt.Sprint(x) == fmt.Sprint(y)
}

// NamedPersons streams the whole registry in ID order, across pages, and
// leaves out a person no mention names any more.
func testNamedPersons(t *testing.T, db *store.DB) {
	ctx := context.Background()
	// A decision is refused without its audit entry.
	reviewer, _ := leaderCtx()
	const n = 2100 // more than one page
	var batch []intake.NewReport
	for i := 0; i < n/20; i++ {
		r := sample(reports.KindReport)
		r.Persons = nil
		for k := 0; k < 20; k++ {
			r.Persons = append(r.Persons, reports.Mention{Role: reports.RoleChild, FirstNames: "Kind", Surname: fmt.Sprintf("Nr%d", i*20+k)})
		}
		batch = append(batch, intake.NewReport{Report: r})
	}
	if _, err := (intake.Steps{Store: db}).Register(intaketest.Audited(ctx), batch...); err != nil {
		t.Fatal(err)
	}
	// A review accepted leaves the person made for the mention unnamed.
	target := batch[0].Report.Persons[0].PersonID
	res := &stubResolver{rule: func(reports.Mention) intake.Link {
		return intake.Link{Review: &intake.ReviewProposal{PersonID: target, Score: 1}}
	}}
	r := sample(reports.KindReport)
	r.Persons = r.Persons[1:]
	if _, err := (intake.Steps{Store: db, Resolver: res}).Register(intaketest.Audited(ctx), intake.NewReport{Report: r}); err != nil {
		t.Fatal(err)
	}
	items, _ := db.ListReviewItems(ctx, registry.ReviewFilter{})
	out, err := db.DecideReview(reviewer, registry.ReviewDecision{ID: items[0].ID, Version: 1, Accept: true, By: "iris", At: t0}, nil)
	if err != nil || !out.Unnamed {
		t.Fatalf("accept: %+v, %v", out, err)
	}
	var ids []int64
	for p, err := range db.NamedPersons(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if p.Surname == "" || p.Version < 1 {
			t.Fatalf("person read incompletely: %+v", p)
		}
		ids = append(ids, p.ID)
	}
	if len(ids) != n || !slices.IsSorted(ids) || slices.Contains(ids, out.Item.NewPersonID) {
		t.Errorf("%d persons (sorted %v, unnamed one in it %v); want %d, sorted, without %d",
			len(ids), slices.IsSorted(ids), slices.Contains(ids, out.Item.NewPersonID), n, out.Item.NewPersonID)
	}
	seen := 0
	for range db.NamedPersons(ctx) {
		seen++
		if seen == 3 {
			break
		}
	}
	if seen != 3 {
		t.Errorf("stopping early: saw %d", seen)
	}
}

// The review queue: list, get, accept (relinks the mention, nothing
// else), reject (keeps it), each decided once and version-checked.
func testReviewQueue(t *testing.T, db *store.DB) {
	ctx := context.Background()
	// A decision is refused without its audit entry.
	reviewer, _ := leaderCtx()
	victim, child := seedPersons(t, db)
	res := &stubResolver{rule: func(m reports.Mention) intake.Link {
		target := victim
		if m.Role == reports.RoleChild {
			target = child
		}
		return intake.Link{Review: &intake.ReviewProposal{PersonID: target, Score: 2.5, Evidence: json.RawMessage(`{}`)}}
	}}
	r := sample(reports.KindReport)
	if _, err := (intake.Steps{Store: db, Resolver: res}).Register(intaketest.Audited(ctx), intake.NewReport{Report: r}); err != nil {
		t.Fatal(err)
	}
	open, err := db.ListReviewItems(ctx, registry.ReviewFilter{})
	if err != nil || len(open) != 2 || open[0].ID >= open[1].ID {
		t.Fatalf("open items = %+v, %v", open, err)
	}
	page, _ := db.ListReviewItems(ctx, registry.ReviewFilter{AfterID: open[0].ID, Limit: 1})
	if len(page) != 1 || page[0].ID != open[1].ID {
		t.Errorf("second page = %+v", page)
	}
	acc, rej := open[0], open[1]
	got, err := db.GetReviewItem(ctx, acc.ID)
	if err != nil || fmt.Sprint(got) != fmt.Sprint(acc) {
		t.Errorf("GetReviewItem = %+v, %v; want %+v", got, err, acc)
	}

	at := t0.Add(time.Hour)
	checks := []struct {
		name string
		d    registry.ReviewDecision
		code toren.Code
	}{
		{"no reviewer", registry.ReviewDecision{ID: acc.ID, Version: 1, Accept: true, At: at}, toren.CodeInvalid},
		{"missing item", registry.ReviewDecision{ID: 987654, Version: 1, Accept: true, By: "iris", At: at}, toren.CodeNotFound},
		{"stale version", registry.ReviewDecision{ID: acc.ID, Version: 7, Accept: true, By: "iris", At: at}, toren.CodeConflict},
	}
	for _, c := range checks {
		if _, err := db.DecideReview(reviewer, c.d, nil); toren.ErrorCode(err) != c.code {
			t.Errorf("%s: err = %v, want %s", c.name, err, c.code)
		}
	}

	out, err := db.DecideReview(reviewer, registry.ReviewDecision{ID: acc.ID, Version: 1, Accept: true, By: "iris", Reason: "BSN bevestigd", At: at}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if it := out.Item; it.Status != registry.ReviewAccepted || it.DecidedBy != "iris" || !it.DecidedAt.Equal(at) || it.Reason != "BSN bevestigd" || it.Version != 2 || !out.Unnamed {
		t.Errorf("accepted: %+v", out)
	}
	links, _ := db.LinksOfReport(ctx, r.ID)
	if l := links[0]; l.PersonID != victim || l.Method != intake.LinkReviewer || l.LinkedBy != "iris" || l.Score == nil || *l.Score != 2.5 {
		t.Errorf("accepted mention's link = %+v", l)
	}
	if p, err := db.GetPerson(ctx, victim); err != nil || p.Mentions != 2 {
		t.Errorf("candidate after accept: %d mentions, %v; want 2", p.Mentions, err)
	}
	if p, err := db.GetPerson(ctx, acc.NewPersonID); err != nil || p.Mentions != 0 {
		t.Errorf("person made for the mention: %+v, %v; want kept, without mentions", p, err)
	}
	if _, err := db.DecideReview(reviewer, registry.ReviewDecision{ID: acc.ID, Version: 2, Accept: false, By: "iris", At: at}, nil); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("deciding twice: %v, want conflict", err)
	}

	out, err = db.DecideReview(reviewer, registry.ReviewDecision{ID: rej.ID, Version: 1, Accept: false, By: "sam", Reason: "andere geboortedatum", At: at}, nil)
	if err != nil || out.Item.Status != registry.ReviewRejected || out.Unnamed {
		t.Fatalf("rejected: %+v, %v", out, err)
	}
	links, _ = db.LinksOfReport(ctx, r.ID)
	if l := links[1]; l.PersonID != rej.NewPersonID || l.Method != "" {
		t.Errorf("rejected mention's link = %+v, want still the new person %d", l, rej.NewPersonID)
	}
	if open, _ := db.ListReviewItems(ctx, registry.ReviewFilter{}); len(open) != 0 {
		t.Errorf("%d items still open", len(open))
	}
	for status, want := range map[registry.ReviewStatus]int64{registry.ReviewAccepted: acc.ID, registry.ReviewRejected: rej.ID} {
		items, err := db.ListReviewItems(ctx, registry.ReviewFilter{Status: status})
		if err != nil || len(items) != 1 || items[0].ID != want {
			t.Errorf("%s items = %+v, %v", status, items, err)
		}
	}
}

// CoMentions streams the family persons of each report naming two or
// more, across pages, without witnesses and informants.
func testCoMentions(t *testing.T, db *store.DB) {
	ctx := context.Background()
	var batch []intake.NewReport
	const reportsN = 800 // 14 family mentions each: more than one page, cut inside a report
	for i := 0; i < reportsN; i++ {
		r := sample(reports.KindReport)
		r.Persons = nil
		for k := 0; k < 14; k++ {
			r.Persons = append(r.Persons, reports.Mention{Role: reports.RoleChild, FirstNames: "Kind", Surname: fmt.Sprintf("Nr%d", i*20+k)})
		}
		r.Persons = append(r.Persons, reports.Mention{Role: reports.RoleWitness, FirstNames: "Buur", Surname: fmt.Sprintf("Nr%d", i)})
		batch = append(batch, intake.NewReport{Report: r})
	}
	// A report naming one family person and a witness names no family.
	alone := sample(reports.KindReport)
	alone.Persons = []reports.Mention{{Role: reports.RoleVictim, FirstNames: "Alleen", Surname: "Genoemd"}, {Role: reports.RoleWitness, FirstNames: "Buur", Surname: "Getuige"}}
	batch = append(batch, intake.NewReport{Report: alone})
	if _, err := (intake.Steps{Store: db}).Register(intaketest.Audited(ctx), batch...); err != nil {
		t.Fatal(err)
	}
	want := map[int64][]int64{} // by the first person's id
	for _, nr := range batch[:reportsN] {
		var ids []int64
		for _, m := range nr.Report.Persons[:14] {
			ids = append(ids, m.PersonID)
		}
		want[ids[0]] = ids
	}
	got := 0
	for ids, err := range db.CoMentions(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		w, ok := want[ids[0]]
		if !ok {
			continue // a report of another test on this database
		}
		if !slices.Equal(ids, w) {
			t.Fatalf("co-mentions %v, want %v", ids, w)
		}
		got++
		delete(want, ids[0])
	}
	if got != reportsN {
		t.Errorf("%d families, want %d", got, reportsN)
	}
}
