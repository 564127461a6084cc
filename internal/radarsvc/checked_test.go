package radarsvc

import (
	"context"
	"fmt"
	"testing"

	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The merge proposer does not match again a mention that intake matched
// in full a moment before and found to fit one person; one that fits two
// persons it matches and proposes to merge, as before.
func TestDuplicatesReuseIntakesMatch(t *testing.T) {
	r := newResolver(t)
	r.ready.Store(true)
	on := toren.DateOf(day)
	// Recorded twice, at one address; and someone else.
	a, b := person(1, "Lisanne", "Wijnands", "1992-03-14"), person(2, "Lisanne", "Wijnands", "1992-03-14")
	b.HouseNumber = a.HouseNumber
	c := person(3, "Femke", "Terpstra", "1975-11-02")
	commitPersons(t, r, a, b, c)

	twice, once := mentionOf(a), mentionOf(c)
	s := r.Begin(context.Background(), batchNaming(twice, once))
	if got := linkedTo(t, s, twice); got != 0 {
		t.Fatalf("a mention that fits two persons linked to %d", got)
	}
	if got := linkedTo(t, s, once); got != c.ID {
		t.Fatalf("linked to %d, want %d", got, c.ID)
	}
	s.Abort()

	k := checkedKey{query(once, on), on}
	if noted, ok := r.checked.cur[r.checked.hash(k)]; !ok || !noted.noPair {
		t.Fatalf("intake's match of a mention fitting one person: noted %+v, %v; want a mention without a pair", noted, ok)
	}
	dups, err := r.Duplicates(once, on)
	if err != nil || len(dups) != 0 {
		t.Fatalf("Duplicates(one fit) = %v, %v", dups, err)
	}
	if _, ok := r.checked.cur[r.checked.hash(k)]; ok {
		t.Error("the note is kept after the proposer took it")
	}

	dups, err = r.Duplicates(twice, on)
	if err != nil {
		t.Fatal(err)
	}
	if len(dups) != 1 || dups[0].SurvivorID != a.ID || dups[0].AbsorbedID != b.ID {
		t.Fatalf("Duplicates(two fits) = %+v, want %d and %d", dups, a.ID, b.ID)
	}
}

// The notes are bounded: the oldest generation goes when a new one fills.
func TestCheckedMentionsBounded(t *testing.T) {
	var c checkedMentions
	on := toren.DateOf(day)
	key := func(i int) checkedKey {
		q := query(mentionOf(person(int64(i), "Anna", "Visser", "1990-01-01")), on)
		q.HouseNumber = string(rune('a'+i%26)) + string(rune(i))
		return checkedKey{q, on}
	}
	last := maxChecked*2 - 1
	for i := range maxChecked * 2 {
		c.note(key(i), checkedNote{noPair: true})
	}
	if n := len(c.cur) + len(c.prev); n > maxChecked || n < maxChecked/2 {
		t.Errorf("%d notes kept, want between %d and %d", n, maxChecked/2, maxChecked)
	}
	if _, ok := c.take(key(last)); !ok {
		t.Error("the newest note is gone")
	}
	if _, ok := c.take(key(0)); ok {
		t.Error("the oldest note is still kept")
	}
}

// A mention matched before the session's overlay grew (as a household
// anchor) is matched against what the overlay gained when it comes
// again: a person the transaction made meanwhile is found. So in a
// batch matched ahead and in a few reports matched inline.
func TestDecideAgainSeesTheOverlayGrow(t *testing.T) {
	for _, ahead := range []bool{true, false} {
		t.Run(fmt.Sprint("ahead=", ahead), func(t *testing.T) { decideAgain(t, ahead) })
	}
}

func decideAgain(t *testing.T, ahead bool) {
	r := newResolver(t)
	on := toren.DateOf(day)
	p := person(7, "Noor", "Bosman", "2015-06-30")
	ms := []reports.Mention{mentionOf(p)}
	if ahead {
		for i := range minLookahead {
			ms = append(ms, mentionOf(person(int64(100+i), "Anna", "Visser", fmt.Sprintf("19%02d-01-01", 50+i))))
		}
	}
	s := r.Begin(context.Background(), batchNaming(ms...)).(*session)
	defer s.Abort()
	if (s.ahead != nil) != ahead {
		t.Fatalf("look-ahead %v, want %v", s.ahead != nil, ahead)
	}
	s.Stored(person(8, "Kees", "Jansen", "1961-02-03")) // a stranger, scored once
	if _, d, _, _ := s.decide(mentionOf(p), on); d.Candidate != nil {
		t.Fatalf("a registry of a stranger gave candidate %+v", d.Candidate)
	}
	s.Stored(p)
	_, d, cands, _ := s.decide(mentionOf(p), on)
	if d.Candidate == nil || d.Candidate.ID != p.ID || len(cands) != 1 {
		t.Fatalf("after the overlay grew: %+v, %d candidates; want person %d", d, len(cands), p.ID)
	}
	// A third look without change gives the same, from what was kept.
	_, d2, cands2, _ := s.decide(mentionOf(p), on)
	if d2.Outcome != d.Outcome || d2.Candidate.ID != p.ID || cands2[0].Score != cands[0].Score {
		t.Fatalf("again: %+v, want %+v", d2, d)
	}
	e := s.ahead.find(mentionOf(p), on)
	if !ahead {
		e = s.inline(mentionOf(p), on)
	}
	if e == nil || e.decided == nil || e.decided.added != 2 {
		t.Fatal("the match was not kept with the mention")
	}
}

// A session keeps the matches of its last few mentions only; one let go
// is matched afresh, to the same decision.
func TestKeptMatchesBounded(t *testing.T) {
	r := newResolver(t)
	on := toren.DateOf(day)
	var ps []reports.Mention
	for i := range maxKept * 3 {
		p := person(int64(i+1), "Anna", "Visser", fmt.Sprintf("%d-01-01", 1910+i))
		commitPersons(t, r, p)
		ps = append(ps, mentionOf(p))
	}
	s := r.Begin(context.Background(), batchNaming(ps...)).(*session)
	defer s.Abort()
	first := make([]int64, len(ps))
	for i, m := range ps {
		_, d, _, _ := s.decide(m, on)
		if d.Candidate == nil {
			t.Fatalf("mention %d: no candidate", i)
		}
		first[i] = d.Candidate.ID
	}
	kept := 0
	for _, e := range s.ahead.order {
		if e.decided != nil {
			kept++
		}
	}
	if kept > maxKept {
		t.Errorf("%d matches kept, want at most %d", kept, maxKept)
	}
	for i, m := range ps {
		if _, d, _, _ := s.decide(m, on); d.Candidate == nil || d.Candidate.ID != first[i] {
			t.Errorf("mention %d again: %+v, want person %d", i, d.Candidate, first[i])
		}
	}
}

// A person stored after intake noted a mention as fitting one person is
// seen by the proposer: the note holds only for the registry it was made
// against, and the proposer scores what the index gained since. Without
// that, the pair of the old and the new person would never be proposed.
func TestDuplicatesSeeAPersonStoredAfterTheNote(t *testing.T) {
	r := newResolver(t)
	r.ready.Store(true)
	on := toren.DateOf(day)
	c := person(3, "Femke", "Terpstra", "1975-11-02")
	commitPersons(t, r, c)
	once := mentionOf(c)
	s := r.Begin(context.Background(), batchNaming(once))
	if got := linkedTo(t, s, once); got != c.ID {
		t.Fatalf("linked to %d, want %d", got, c.ID)
	}
	s.Abort()
	if noted, ok := r.checked.cur[r.checked.hash(checkedKey{query(once, on), on})]; !ok || !noted.noPair {
		t.Fatalf("noted %+v, %v; want a mention without a pair", noted, ok)
	}

	// The same person recorded again, by a report after the note.
	d := person(4, "Femke", "Terpstra", "1975-11-02")
	d.HouseNumber = c.HouseNumber
	commitPersons(t, r, d)
	dups, err := r.Duplicates(once, on)
	if err != nil {
		t.Fatal(err)
	}
	if len(dups) != 1 || dups[0].SurvivorID != c.ID || dups[0].AbsorbedID != d.ID {
		t.Fatalf("Duplicates after a new person = %+v, want %d and %d", dups, c.ID, d.ID)
	}
}

// The mention's own person, stored after the note (made from the mention
// or enriched by it), is the person the note fitted or the one it could
// not fit yet: with it the mention still shows no pair, and the proposer
// need not match it again. A second person does make a pair.
func TestNoteCountsTheMentionsOwnPerson(t *testing.T) {
	r := newResolver(t)
	r.ready.Store(true)
	on := toren.DateOf(day)
	c := person(3, "Femke", "Terpstra", "1975-11-02")
	commitPersons(t, r, c)

	// A mention of someone new: it fits no one, and its person is made.
	fresh := person(5, "Sanne", "Oosterhuis", "2001-06-30")
	s := r.Begin(context.Background(), batchNaming(mentionOf(fresh)))
	if got := linkedTo(t, s, mentionOf(fresh)); got != 0 {
		t.Fatalf("a mention of someone new linked to %d", got)
	}
	s.Stored(fresh)
	if err := s.Commit(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	note, ok := r.checked.take(checkedKey{query(mentionOf(fresh), on), on})
	if !ok || !note.noPair || note.fit != 0 {
		t.Fatalf("noted %+v, %v; want no pair and no person fitted", note, ok)
	}
	if !r.stillNoPair(query(mentionOf(fresh), on), note) {
		t.Error("the person made from the mention itself counts as a pair")
	}

	// A mention of c: it fits c, which it enriches (a record gained since).
	once := mentionOf(c)
	s = r.Begin(context.Background(), batchNaming(once))
	if got := linkedTo(t, s, once); got != c.ID {
		t.Fatalf("linked to %d, want %d", got, c.ID)
	}
	enriched := c
	enriched.Phone = "0612345678"
	s.Stored(enriched)
	if err := s.Commit(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	note, ok = r.checked.take(checkedKey{query(once, on), on})
	if !ok || !note.noPair || note.fit != c.ID {
		t.Fatalf("noted %+v, %v; want no pair and person %d fitted", note, ok, c.ID)
	}
	if !r.stillNoPair(query(once, on), note) {
		t.Error("the person the mention fitted, enriched since, counts as a pair")
	}
	d := person(4, "Femke", "Terpstra", "1975-11-02")
	d.HouseNumber = c.HouseNumber
	commitPersons(t, r, d)
	if r.stillNoPair(query(once, on), note) {
		t.Error("a second person fitting the mention, stored after the note, is not seen")
	}
}

// A note covers the session's own records that its match scored (the
// overlay): when the session's commit put them right after the index the
// note was made against, the proposer does not score them again; when
// another commit came between, it scores everything gained since.
func TestNoteCoversTheSessionsScoredRecords(t *testing.T) {
	ctx := context.Background()
	r := newResolver(t)
	r.ready.Store(true)
	on := toren.DateOf(day)
	commitPersons(t, r, person(3, "Femke", "Terpstra", "1975-11-02"))
	x, y := person(10, "Sanne", "Oosterhuis", "2001-06-30"), person(11, "Joris", "Kamphuis", "1999-02-11")

	s := r.Begin(ctx, batchNaming(mentionOf(x), mentionOf(y)))
	linkedTo(t, s, mentionOf(x))
	s.Stored(x)
	linkedTo(t, s, mentionOf(y)) // scores x, in the overlay
	s.Stored(y)
	if err := s.Commit(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	note, ok := r.checked.take(checkedKey{query(mentionOf(y), on), on})
	if !ok || note.n != 1 || note.added != 1 {
		t.Fatalf("noted %+v, %v; want the index's 1 record and the overlay's 1", note, ok)
	}
	if got := note.scoredUpTo(); got != 2 {
		t.Errorf("scored up to %d, want 2 (the index's record and x, published right after it)", got)
	}

	// Another session commits between the match and the commit.
	z := person(12, "Iris", "Veldkamp", "1988-08-08")
	s = r.Begin(ctx, batchNaming(mentionOf(z), mentionOf(person(13, "Tom", "Bakker", "1970-01-01"))))
	linkedTo(t, s, mentionOf(z))
	s.Stored(z)
	linkedTo(t, s, mentionOf(person(13, "Tom", "Bakker", "1970-01-01")))
	commitPersons(t, r, person(14, "Eva", "Smit", "1960-05-05"))
	if err := s.Commit(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	note, ok = r.checked.take(checkedKey{query(mentionOf(person(13, "Tom", "Bakker", "1970-01-01")), on), on})
	if !ok || note.added != 1 {
		t.Fatalf("noted %+v, %v", note, ok)
	}
	if got := note.scoredUpTo(); got != note.n {
		t.Errorf("scored up to %d after another commit came between, want the note's index length %d", got, note.n)
	}
}

// A mention linked by the BSN shortcut (its BSN's sole verified carrier)
// can still show a pair: the same person recorded once more without a BSN,
// whom the mention fits on name, date of birth and address. Intake's
// shortcut does not look for that person, so it notes nothing and the
// proposer matches the mention in full.
func TestBSNLinkedMentionCanShowAPair(t *testing.T) {
	ctx := context.Background()
	r := newResolver(t)
	r.ready.Store(true)
	on := toren.DateOf(day)
	a := person(1, "Anna", "Jansen", "1990-02-03")
	a.BSN = "111222333"
	b := person(2, "Anna", "Jansen", "1990-02-03") // no BSN
	b.HouseNumber = a.HouseNumber
	commitPersons(t, r, a, b)

	m := mentionOf(a)
	m.BSN = a.BSN
	l, err := r.Begin(ctx, batchNaming(m)).Link(ctx, nil, m, on)
	if err != nil {
		t.Fatal(err)
	}
	if l.PersonID != a.ID || l.Method != intake.LinkBSN {
		t.Fatalf("linked to %d by %q, want %d by the BSN", l.PersonID, l.Method, a.ID)
	}
	if _, ok := r.checked.take(checkedKey{query(m, on), on}); ok {
		t.Fatal("a mention linked by the BSN shortcut was noted: the shortcut does not know whether another person fits")
	}
	dups, err := r.Duplicates(m, on)
	if err != nil {
		t.Fatal(err)
	}
	if len(dups) != 1 || dups[0].SurvivorID != a.ID || dups[0].AbsorbedID != b.ID {
		t.Fatalf("Duplicates of a BSN-linked mention = %+v, want %d and %d", dups, a.ID, b.ID)
	}
}
