package radarsvc

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

var day = time.Date(2026, 5, 4, 12, 0, 0, 0, toren.Amsterdam)

func person(id int64, first, surname, born string) persons.Person {
	return persons.Person{ID: id, FirstNames: first, Surname: surname, BirthDate: toren.MustDate(born), Sex: reports.SexFemale,
		Postcode: "3514 CN", HouseNumber: fmt.Sprint(id), City: "Utrecht", Municipality: "GM0344"}
}

func mentionOf(p persons.Person) reports.Mention {
	return reports.Mention{Role: reports.RoleVictim, FirstNames: p.FirstNames, Surname: p.Surname, BirthDate: p.BirthDate, Sex: p.Sex,
		Postcode: p.Postcode, HouseNumber: p.HouseNumber, City: p.City, Municipality: p.Municipality}
}

// batchNaming is a batch of one report per mention, large enough for the
// look-ahead.
func batchNaming(ms ...reports.Mention) []intake.NewReport {
	var out []intake.NewReport
	for _, m := range ms {
		out = append(out, intake.NewReport{Report: &reports.Report{ReceivedAt: day, Persons: []reports.Mention{m}}})
	}
	return out
}

func newResolver(t *testing.T) *Resolver {
	t.Helper()
	r, err := NewDefault(nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// A session matched its batch ahead of Link; another session then commits
// the very person a mention names. Link must see that person: the
// look-ahead's result was for an index that has grown since.
func TestLookaheadGoesStaleOnCommit(t *testing.T) {
	ctx := context.Background()
	r := newResolver(t)
	x := person(1, "Lisanne", "Wijnands", "1992-03-14")
	var ms []reports.Mention
	for i := range minLookahead {
		ms = append(ms, mentionOf(person(int64(100+i), fmt.Sprint("Anna", i), fmt.Sprint("Jansen", i), "1980-01-01")))
	}
	ms = append(ms, mentionOf(x))
	a := r.Begin(ctx, batchNaming(ms...)).(*session)
	if a.ahead == nil {
		t.Fatal("no look-ahead for a batch of", len(ms))
	}
	q := mentionOf(x)
	// Matched ahead now, against the empty index.
	e := a.ahead.find(q, toren.DateOf(day))
	if e == nil {
		t.Fatal("the mention was not matched ahead")
	}
	if cands, n := a.ahead.result(e); len(cands) != 0 || n != 0 {
		t.Fatalf("early result %v for index length %d", cands, n)
	}

	b := r.Begin(ctx, nil)
	b.Stored(x)
	if err := b.Commit(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	l, err := a.Link(ctx, nil, q, toren.DateOf(day))
	if err != nil {
		t.Fatal(err)
	}
	if l.PersonID != x.ID {
		t.Errorf("linked to %d after another session committed %d: the stale early result was used", l.PersonID, x.ID)
	}
	a.Abort()
}

// Only a commit that succeeds publishes; an abort or a failed commit
// leaves the shared index as it was.
func TestOnlyCommitPublishes(t *testing.T) {
	ctx := context.Background()
	r := newResolver(t)
	for _, end := range []struct {
		name string
		fn   func(intake.Session) error
	}{
		{"abort", func(s intake.Session) error { s.Abort(); return nil }},
		{"failed commit", func(s intake.Session) error {
			err := s.Commit(func() error { return errors.New("disk full") })
			s.Abort()
			if err == nil {
				return errors.New("commit error swallowed")
			}
			return nil
		}},
	} {
		s := r.Begin(ctx, nil)
		s.Stored(person(7, "Fleur", "Meulen", "2015-01-01"))
		if err := end.fn(s); err != nil {
			t.Fatal(end.name, err)
		}
		if r.Len() != 0 {
			t.Errorf("%s: shared index holds %d records", end.name, r.Len())
		}
	}
	s := r.Begin(ctx, nil)
	s.Stored(person(7, "Fleur", "Meulen", "2015-01-01"))
	if err := s.Commit(func() error { return nil }); err != nil || r.Len() != 1 {
		t.Errorf("commit: %v, index %d records", err, r.Len())
	}
}
