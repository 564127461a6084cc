package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"toren/internal/audit"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/persons"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/toren"
)

// recordingIndex is an intake.RegistryIndex that keeps the changes it is
// told of at each successful commit.
type recordingIndex struct {
	changes []intake.RegistryChange
}

func (r *recordingIndex) Apply(commit func() error, ch intake.RegistryChange) error {
	if err := commit(); err != nil {
		return err
	}
	r.changes = append(r.changes, ch)
	return nil
}

func (r *recordingIndex) last() intake.RegistryChange {
	if len(r.changes) == 0 {
		return intake.RegistryChange{}
	}
	return r.changes[len(r.changes)-1]
}

// mergeFamily stores reports that give two registry persons for one
// woman (the police's, with BSN, and the care provider's, without), with
// review items pointing at both, and returns the two.
func mergeFamily(t *testing.T, db *store.DB) (police, care int64) {
	t.Helper()
	ctx := context.Background()
	r1 := sample(reports.KindReport)
	create(t, db, r1, "")
	police = r1.Persons[0].PersonID
	// The care provider's report: the radar was unsure; a new person and a
	// review item with the police's person as candidate.
	unsure := &stubResolver{rule: func(m reports.Mention) intake.Link {
		if m.Role == reports.RoleVictim {
			return intake.Link{Review: &intake.ReviewProposal{PersonID: police, Score: 3.5, Evidence: json.RawMessage(`{"outcome":"review"}`)}}
		}
		return intake.Link{}
	}}
	r2 := sample(reports.KindReport)
	r2.Persons[0] = reports.Mention{Role: reports.RoleVictim, FirstNames: "Sandra", Surname: "Bergh", Phone: "0687654321"}
	if _, err := (intake.Steps{Store: db, Resolver: unsure}).Register(intaketest.Audited(ctx), intake.NewReport{Report: r2}); err != nil {
		t.Fatal(err)
	}
	care = r2.Persons[0].PersonID
	// A third report links to the care person; a fourth has it as a
	// review candidate.
	to := func(l intake.Link) *stubResolver {
		return &stubResolver{rule: func(m reports.Mention) intake.Link {
			if m.Role == reports.RoleVictim {
				return l
			}
			return intake.Link{}
		}}
	}
	for _, l := range []intake.Link{
		{PersonID: care, Method: intake.LinkProbabilistic, Score: 12, Evidence: json.RawMessage(`{"outcome":"link"}`)},
		{Review: &intake.ReviewProposal{PersonID: care, Score: 1, Evidence: json.RawMessage(`{}`)}},
	} {
		r := sample(reports.KindReport)
		r.Persons[0] = reports.Mention{Role: reports.RoleVictim, FirstNames: "S.", Surname: "Bergh"}
		if _, err := (intake.Steps{Store: db, Resolver: to(l)}).Register(intaketest.Audited(ctx), intake.NewReport{Report: r}); err != nil {
			t.Fatal(err)
		}
	}
	return police, care
}

// dump reads every row a merge can touch.
func dump(t *testing.T, db *store.DB) map[string][]map[string]string {
	t.Helper()
	out := map[string][]map[string]string{}
	for _, table := range []string{"persons", "mentions", "review_items"} {
		rows, err := db.RowsForTest(context.Background(), "SELECT * FROM "+table+" ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		out[table] = rows
	}
	return out
}

// leaderCtx is a team leader's request with its audit recorder.
func leaderCtx() (context.Context, *audit.Recorder) {
	rec := &audit.Recorder{Template: audit.Entry{ActorID: "6", ActorName: "Tara Mulder", Role: "team_leader", Origin: "test"}}
	return audit.WithRecorder(context.Background(), rec), rec
}

// Merging moves every mention and review item of the absorbed person to
// the survivor, fills the survivor's gaps and is audited in its
// transaction; undoing it restores every affected row exactly.
func testMergeRoundTrip(t *testing.T, db *store.DB) {
	police, care := mergeFamily(t, db)
	before := dump(t, db)
	ctx, rec := leaderCtx()
	idx := &recordingIndex{}
	at := t0.Add(24 * time.Hour)
	seq := headSeq(t, db)

	// The sparse person (care) survives and absorbs the police's person.
	m, err := db.MergePersons(ctx, registry.MergeRequest{SurvivorID: care, AbsorbedID: police, By: "Tara Mulder", Reason: "zelfde BSN volgens BRP", At: at}, idx)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID == 0 || m.SurvivorID != care || m.AbsorbedID != police || !m.InForce() || len(m.Mentions) != 1 || len(m.ReviewItems) != 1 {
		t.Errorf("merge = %+v", m)
	}
	if en := auditAfter(t, db, seq); len(en) != 1 || en[0].Action != audit.ActionPersonMerge || en[0].Reason != "merge "+strconv.FormatInt(m.ID, 10) ||
		!slices.Equal(en[0].PersonIDs, []int64{police, care}) && !slices.Equal(en[0].PersonIDs, []int64{care, police}) || rec.Written() != 1 {
		t.Errorf("merge audit = %+v (written %d)", en, rec.Written())
	}
	if ch := idx.last(); !slices.Equal(ch.Retired, []int64{police}) || len(ch.Changed) != 1 || ch.Changed[0].ID != care || ch.Changed[0].BSN != "111222333" {
		t.Errorf("index told %+v; want the police's person retired, the survivor changed with the BSN", ch)
	}
	survivor, err := db.GetPerson(context.Background(), care)
	if err != nil || survivor.BSN != "111222333" || survivor.Phone != "0687654321" || survivor.Mentions != 3 || survivor.Surname != "Bergh" {
		t.Errorf("survivor = %+v, %v; want its own name and phone, the absorbed BSN, 3 mentions", survivor, err)
	}
	if p, _ := db.GetPerson(context.Background(), police); p.Mentions != 0 {
		t.Errorf("absorbed person still has %d mentions", p.Mentions)
	}
	if got, ok, err := db.MergeAbsorbing(context.Background(), police); err != nil || !ok || got.ID != m.ID {
		t.Errorf("MergeAbsorbing = %+v, %v, %v", got, ok, err)
	}
	if into, err := db.MergesInto(context.Background(), care); err != nil || len(into) != 1 || into[0].AbsorbedID != police {
		t.Errorf("MergesInto = %+v, %v", into, err)
	}
	ms, err := db.MentionsOfPerson(context.Background(), care)
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	for _, pm := range ms {
		if pm.Link.Merge != nil {
			moved++
			if pm.Link.Merge.MergeID != m.ID || pm.Link.Merge.FromPersonID != police || pm.Link.Merge.By != "Tara Mulder" {
				t.Errorf("merge ref = %+v", pm.Link.Merge)
			}
		}
	}
	if moved != 1 {
		t.Errorf("%d mentions carry the merge, want 1", moved)
	}
	// The review item whose question the merge answered is closed.
	items, _ := db.ListReviewItems(context.Background(), registry.ReviewFilter{Status: registry.ReviewAccepted})
	if len(items) != 1 || items[0].PersonID != care || items[0].NewPersonID != care || items[0].DecidedBy != "Tara Mulder" {
		t.Errorf("accepted items after the merge = %+v", items)
	}

	refusals := []struct {
		name string
		req  registry.MergeRequest
		code toren.Code
	}{
		{"absorbed again", registry.MergeRequest{SurvivorID: care, AbsorbedID: police, By: "x", Reason: "r", At: at}, toren.CodeConflict},
		{"into an absorbed person", registry.MergeRequest{SurvivorID: police, AbsorbedID: care, By: "x", Reason: "r", At: at}, toren.CodeConflict},
		{"with itself", registry.MergeRequest{SurvivorID: care, AbsorbedID: care, By: "x", Reason: "r", At: at}, toren.CodeInvalid},
		{"no reason", registry.MergeRequest{SurvivorID: care, AbsorbedID: police + 100, By: "x", Reason: " ", At: at}, toren.CodeInvalid},
		{"no such person", registry.MergeRequest{SurvivorID: care, AbsorbedID: 987654, By: "x", Reason: "r", At: at}, toren.CodeNotFound},
	}
	for _, r := range refusals {
		if _, err := db.MergePersons(ctx, r.req, idx); toren.ErrorCode(err) != r.code {
			t.Errorf("%s: %v, want %s", r.name, err, r.code)
		}
	}

	seq = headSeq(t, db)
	u, err := db.UnmergePerson(ctx, registry.UnmergeRequest{AbsorbedID: police, By: "Tara Mulder", Reason: "toch twee personen", At: at.Add(time.Hour)}, idx)
	if err != nil {
		t.Fatal(err)
	}
	if u.InForce() || u.UnmergedBy != "Tara Mulder" || u.UnmergeReason != "toch twee personen" {
		t.Errorf("undone merge = %+v", u)
	}
	// The log, which a data subject may be shown, names the merge, never
	// the free-text reason (it may be about the other person).
	if en := auditAfter(t, db, seq); len(en) != 1 || en[0].Action != audit.ActionPersonUnmerge || en[0].ObjectID == "" ||
		strings.Contains(en[0].Reason, "twee personen") {
		t.Errorf("unmerge audit = %+v", en)
	}
	if ch := idx.last(); len(ch.Changed) != 2 || len(ch.Retired) != 0 {
		t.Errorf("index told %+v after the undo; want both persons changed", ch)
	}
	if diff := cmp.Diff(before, dump(t, db)); diff != "" {
		t.Errorf("merge and undo did not round-trip (-before +after):\n%s", diff)
	}
	if _, err := db.UnmergePerson(ctx, registry.UnmergeRequest{AbsorbedID: police, By: "x", Reason: "r", At: at}, idx); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("undoing twice: %v, want not found", err)
	}
	if _, err := db.VerifyAudit(context.Background()); err != nil {
		t.Error(err)
	}
}

// Merges undo in reverse order; an undo after the survivor changed keeps
// the change; a failing audit write leaves everything as it was.
func testMergeChains(t *testing.T, db *store.DB) {
	police, care := mergeFamily(t, db)
	child := int64(0)
	if ms, err := db.ListPersons(context.Background(), persons.Filter{Surname: "Kaya", Limit: 1}); err != nil || len(ms) != 1 {
		t.Fatalf("child: %v %v", ms, err)
	} else {
		child = ms[0].ID
	}
	ctx, _ := leaderCtx()
	at := t0.Add(24 * time.Hour)
	before := dump(t, db)

	// A failing audit entry (no actor) rolls the merge back.
	bad := audit.WithRecorder(context.Background(), &audit.Recorder{})
	if _, err := db.MergePersons(bad, registry.MergeRequest{SurvivorID: care, AbsorbedID: police, By: "x", Reason: "r", At: at}, nil); err == nil {
		t.Fatal("merge stored without its audit entry")
	}
	// No recorder at all is refused too, never a merge without an entry.
	if _, err := db.MergePersons(context.Background(), registry.MergeRequest{SurvivorID: care, AbsorbedID: police, By: "x", Reason: "r", At: at}, nil); err == nil {
		t.Fatal("merge stored without an audit recorder")
	}
	if diff := cmp.Diff(before, dump(t, db)); diff != "" {
		t.Errorf("a failed merge changed rows:\n%s", diff)
	}

	merge := func(s, a int64) {
		t.Helper()
		if _, err := db.MergePersons(ctx, registry.MergeRequest{SurvivorID: s, AbsorbedID: a, By: "x", Reason: "r", At: at}, nil); err != nil {
			t.Fatal(err)
		}
	}
	unmerge := func(a int64) error {
		_, err := db.UnmergePerson(ctx, registry.UnmergeRequest{AbsorbedID: a, By: "x", Reason: "r", At: at}, nil)
		return err
	}
	merge(care, police)
	merge(child, care) // an odd merge, to build a chain
	if err := unmerge(police); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("undoing the first of two chained merges: %v, want conflict", err)
	}
	if err := unmerge(care); err != nil {
		t.Fatal(err)
	}
	if err := unmerge(police); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, dump(t, db)); diff != "" {
		t.Errorf("two merges undone in reverse did not round-trip:\n%s", diff)
	}

	// The survivor changes after the merge: the undo keeps that change
	// and takes back only what the merge filled in.
	merge(care, police)
	p, err := db.GetPerson(context.Background(), care)
	if err != nil {
		t.Fatal(err)
	}
	p.Phone = "0611112222"
	if err := db.UpdatePerson(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	if err := unmerge(police); err != nil {
		t.Fatal(err)
	}
	got, _ := db.GetPerson(context.Background(), care)
	if got.Phone != "0611112222" || got.BSN != "" || got.Version != p.Version+1 {
		t.Errorf("after undo over a later change: %+v; want the new phone, no BSN, version %d", got, p.Version+1)
	}
}

// Two reviewers deciding one item at the same moment: one wins, the other
// gets a conflict; the decision and its audit entry share a transaction.
func testReviewDecisionRace(t *testing.T, db *store.DB) {
	police, care := mergeFamily(t, db)
	items, err := db.ListReviewItems(context.Background(), registry.ReviewFilter{})
	if err != nil || len(items) != 2 {
		t.Fatalf("items = %+v, %v", items, err)
	}
	it := items[0]
	if it.PersonID != police || it.NewPersonID != care {
		t.Fatalf("first item = %+v", it)
	}
	before := dump(t, db)
	bad := audit.WithRecorder(context.Background(), &audit.Recorder{})
	if _, err := db.DecideReview(bad, registry.ReviewDecision{ID: it.ID, Version: it.Version, Accept: true, By: "x", At: t0}, nil); err == nil {
		t.Fatal("decision stored without its audit entry")
	}
	if _, err := db.DecideReview(context.Background(), registry.ReviewDecision{ID: it.ID, Version: it.Version, Accept: true, By: "x", At: t0}, nil); err == nil {
		t.Fatal("decision stored without an audit recorder")
	}
	if diff := cmp.Diff(before, dump(t, db)); diff != "" {
		t.Errorf("a failed decision changed rows:\n%s", diff)
	}

	seq := headSeq(t, db)
	idx := &recordingIndex{}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, accept := range []bool{true, false} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, _ := leaderCtx()
			_, errs[i] = db.DecideReview(ctx, registry.ReviewDecision{ID: it.ID, Version: it.Version, Accept: accept, By: "reviewer", Reason: "gezien", At: t0}, idx)
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch toren.ErrorCode(err) {
		case toren.CodeConflict:
		default:
			if err != nil {
				t.Fatalf("decision: %v", err)
			}
			won++
		}
	}
	if won != 1 {
		t.Fatalf("%d decisions won (%v), want exactly 1", won, errs)
	}
	en := auditAfter(t, db, seq)
	if len(en) != 1 || en[0].Action != audit.ActionReviewLink || (en[0].Reason != "same_person" && en[0].Reason != "different_persons") {
		t.Errorf("audit after the race = %+v; want one review.link entry", en)
	}
	got, _ := db.GetReviewItem(context.Background(), it.ID)
	if got.Version != it.Version+1 || got.Status == registry.ReviewOpen {
		t.Errorf("item after the race = %+v", got)
	}
	if got.Status == registry.ReviewAccepted {
		// The winner linked: the candidate was told, enriched with the
		// mention's phone.
		ch := idx.last()
		if len(ch.Changed) != 1 || ch.Changed[0].ID != police || ch.Changed[0].Phone == "" {
			t.Errorf("index told %+v", ch)
		}
	}
}
