package radarsvc

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/radar"
	"toren/internal/reports"
	"toren/internal/toren"
)

func commitAll(t *testing.T, r *Resolver, ps ...persons.Person) {
	t.Helper()
	s := r.Begin(context.Background(), nil)
	for _, p := range ps {
		s.Stored(p)
	}
	if err := s.Commit(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
}

func linkedTo(t *testing.T, s intake.Session, m reports.Mention) int64 {
	t.Helper()
	l, err := s.Link(context.Background(), nil, m, toren.DateOf(day))
	if err != nil {
		t.Fatal(err)
	}
	return l.PersonID
}

// Apply keeps the index what Load would read: a retired person is no
// longer found, a changed person is found as they are now and not as they
// were, and a failed commit changes nothing.
func TestApply(t *testing.T) {
	ctx := context.Background()
	r := newResolver(t)
	a := person(1, "Lisanne", "Wijnands", "1992-03-14")
	b := person(2, "Fatma", "Yilmaz", "1985-07-01")
	commitAll(t, r, a, b)
	if got := linkedTo(t, r.Begin(ctx, nil), mentionOf(a)); got != a.ID {
		t.Fatalf("before: linked to %d, want %d", got, a.ID)
	}

	boom := errors.New("commit failed")
	if err := r.Apply(func() error { return boom }, intake.RegistryChange{Retired: []int64{a.ID}}); !errors.Is(err, boom) {
		t.Fatalf("failed commit: %v", err)
	}
	if got := linkedTo(t, r.Begin(ctx, nil), mentionOf(a)); got != a.ID {
		t.Errorf("after a failed commit: linked to %d, want still %d", got, a.ID)
	}
	if err := r.Apply(func() error { return nil }, intake.RegistryChange{Retired: []int64{a.ID}}); err != nil {
		t.Fatal(err)
	}
	if got := linkedTo(t, r.Begin(ctx, nil), mentionOf(a)); got == a.ID {
		t.Errorf("retired person %d still linked", a.ID)
	}

	// b moves: the index finds her at the new address only.
	moved := b
	moved.Postcode, moved.HouseNumber, moved.Street, moved.City = "1011 AB", "99", "Damrak", "Amsterdam"
	if err := r.Apply(func() error { return nil }, intake.RegistryChange{Changed: []persons.Person{moved}}); err != nil {
		t.Fatal(err)
	}
	byAddress := func(p persons.Person) bool {
		q := radar.FromMention(reports.Mention{Postcode: p.Postcode, HouseNumber: p.HouseNumber}, toren.DateOf(day))
		for _, c := range r.index.Candidates(q) {
			if c.ID == b.ID {
				return true
			}
		}
		return false
	}
	if byAddress(b) || !byAddress(moved) {
		t.Errorf("after the change: found at the old address %v, at the new %v; want false, true", byAddress(b), byAddress(moved))
	}
	// Restored (a merge undone), a is found again.
	if err := r.Apply(func() error { return nil }, intake.RegistryChange{Changed: []persons.Person{a}}); err != nil {
		t.Fatal(err)
	}
	if got := linkedTo(t, r.Begin(ctx, nil), mentionOf(a)); got != a.ID {
		t.Errorf("restored person: linked to %d, want %d", got, a.ID)
	}
}

// A batch matched ahead before a registry change must not use the stale
// result: a person retired in between is not linked.
func TestLookaheadGoesStaleOnApply(t *testing.T) {
	ctx := context.Background()
	r := newResolver(t)
	x := person(1, "Lisanne", "Wijnands", "1992-03-14")
	commitAll(t, r, x)
	var ms []reports.Mention
	for i := range minLookahead {
		ms = append(ms, mentionOf(person(int64(100+i), fmt.Sprint("Anna", i), fmt.Sprint("Jansen", i), "1980-01-01")))
	}
	ms = append(ms, mentionOf(x))
	s := r.Begin(ctx, batchNaming(ms...)).(*session)
	defer s.Abort()
	e := s.ahead.find(mentionOf(x), toren.DateOf(day))
	if e == nil {
		t.Fatal("the mention was not matched ahead")
	}
	if cands, _, _, _ := s.ahead.result(e); len(cands) == 0 || cands[0].ID != x.ID {
		t.Fatalf("early result %v, want %d", cands, x.ID)
	}
	if err := r.Apply(func() error { return nil }, intake.RegistryChange{Retired: []int64{x.ID}}); err != nil {
		t.Fatal(err)
	}
	if got := linkedTo(t, s, mentionOf(x)); got == x.ID {
		t.Errorf("linked to the person retired after the look-ahead")
	}
}
