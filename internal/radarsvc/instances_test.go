package radarsvc_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

// Two servers on one PostgreSQL database are one registry: a person one
// creates is linked when the other is told of them; eight reports naming
// one new person, raced through both at once, make one registry person;
// and each server's index learns the other's persons.
func TestTwoInstancesOneRegistry(t *testing.T) {
	ctx := context.Background()
	dbA, dbB := storetest.OpenPostgresTwice(t)
	a, b := envOn(t, dbA), envOn(t, dbB)
	for _, e := range []env{a, b} {
		e.res.StartFollowing()
	}

	// Registered through A, reported again through B: one person, linked
	// by B although its index has not heard of the person yet.
	first := family(1, "Kaya", now.Add(-48*time.Hour))
	first = a.submit(t, first)
	again := family(1, "Kaya", now.Add(-24*time.Hour))
	again.ExternalRef = "via B"
	again = b.submit(t, again)
	for i, m := range again.Persons {
		if m.PersonID != first.Persons[i].PersonID {
			t.Errorf("through B, persons[%d] -> %d, want %d (made through A)", i, m.PersonID, first.Persons[i].PersonID)
		}
	}
	if n := a.persons(t); n != 3 {
		t.Errorf("%d registry persons after one family through two servers, want 3", n)
	}

	// Eight reports naming one new family, at once through both servers.
	const racers = 8
	var wg sync.WaitGroup
	errs := make(chan error, racers)
	for i := range racers {
		e := a
		if i%2 == 1 {
			e = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := family(2, "Öztürk", now.Add(-time.Duration(i)*time.Minute))
			r.ExternalRef = fmt.Sprint("race ", i)
			if _, err := e.svc.Submit(ctx, authz.Console("test"), intake.Submission{Report: r}); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := a.persons(t); n != 6 {
		t.Errorf("%d registry persons after %d reports of one new family through two servers, want 6", n, racers)
	}

	// Each index learns the other's persons: after a Sync, B finds a
	// person made through A with its index alone (no date of birth, so no
	// look-up in the database finds him).
	solo := family(3, "Lambrechts", now.Add(-2*time.Hour))
	solo = a.submit(t, solo)
	before := b.res.Len()
	if err := b.res.Sync(ctx, dbB); err != nil {
		t.Fatal(err)
	}
	if got := b.res.Len(); got < before+3 {
		t.Errorf("B's index grew from %d to %d after A made 3 persons", before, got)
	}
	vague := family(3, "Lambrechts", now.Add(-time.Hour))
	vague.ExternalRef = "vague via B"
	for i := range vague.Persons {
		vague.Persons[i].BirthDate = toren.Date{}
	}
	vague = b.submit(t, vague)
	linked := 0
	for i, m := range vague.Persons {
		if m.PersonID == solo.Persons[i].PersonID {
			linked++
		}
	}
	items, err := dbB.ListReviewItems(ctx, registry.ReviewFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if linked+len(items) < len(vague.Persons) {
		t.Errorf("B: %d of %d persons linked and %d review items; the persons A made were not found", linked, len(vague.Persons), len(items))
	}
}

// What one server changes in known persons reaches the other's index
// through the change feed: an enrichment (a BSN learnt from a later
// report) and a merge of two persons, each found by the other server's
// radar after a Sync, and not before.
func TestTwoInstancesFollowChanges(t *testing.T) {
	ctx := context.Background()
	dbA, dbB := storetest.OpenPostgresTwice(t)
	a, b := envOn(t, dbA), envOn(t, dbB)
	for _, e := range []env{a, b} {
		e.res.StartFollowing()
	}
	first := a.submit(t, family(4, "Hoekstra", now.Add(-72*time.Hour)))
	if err := b.res.Sync(ctx, dbB); err != nil {
		t.Fatal(err)
	}
	mother := first.Persons[0]

	// A learns the mother's BSN from a second report.
	const bsn = "111222333"
	again := family(4, "Hoekstra", now.Add(-48*time.Hour))
	again.ExternalRef = "with BSN"
	again.Persons[0].BSN = bsn
	again = a.submit(t, again)
	if again.Persons[0].PersonID != mother.PersonID {
		t.Fatalf("the mother again through A -> %d, want %d", again.Persons[0].PersonID, mother.PersonID)
	}
	byBSN := reports.Mention{Role: reports.RoleVictim, FirstNames: "E.", Surname: "Hoeksma", BSN: bsn}
	bsnHit := func() bool {
		hits, err := b.res.Hits(ctx, byBSN, toren.DateOf(now))
		if err != nil {
			t.Fatal(err)
		}
		return len(hits) > 0 && hits[0].PersonID == mother.PersonID && hits[0].BSN
	}
	if bsnHit() {
		t.Fatal("B found the BSN before following A's change")
	}
	if err := b.res.Sync(ctx, dbB); err != nil {
		t.Fatal(err)
	}
	if !bsnHit() {
		t.Errorf("B's radar does not find the mother by the BSN A learnt, after a Sync")
	}

	// A merges a duplicate into the mother: B no longer proposes the
	// absorbed person (its index holds the survivor as the database does).
	dup := family(5, "Veenstra", now.Add(-24*time.Hour))
	dup.Persons = dup.Persons[:1]
	dup.Persons[0].FirstNames, dup.Persons[0].BirthDate = "Elsje", toren.MustDate("1961-07-07")
	dup = a.submit(t, dup)
	absorbed := dup.Persons[0].PersonID
	if err := b.res.Sync(ctx, dbB); err != nil {
		t.Fatal(err)
	}
	rec := &audit.Recorder{Template: audit.Entry{ActorID: "1", ActorName: "Iris", Role: "casemanager", Origin: "test"}}
	if _, err := dbA.MergePersons(audit.WithRecorder(ctx, rec), registry.MergeRequest{SurvivorID: mother.PersonID, AbsorbedID: absorbed,
		By: "iris", Reason: "dezelfde persoon volgens de BRP", At: now}, a.res); err != nil {
		t.Fatal(err)
	}
	elsje := dup.Persons[0]
	elsje.PersonID = 0
	found := func() bool {
		hits, err := b.res.Hits(ctx, elsje, toren.DateOf(now))
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.PersonID == absorbed {
				return true
			}
		}
		return false
	}
	if !found() {
		t.Fatal("B does not find the duplicate before the merge is followed")
	}
	if err := b.res.Sync(ctx, dbB); err != nil {
		t.Fatal(err)
	}
	if found() {
		t.Errorf("after A's merge and a Sync, B still proposes the absorbed person %d", absorbed)
	}
}
