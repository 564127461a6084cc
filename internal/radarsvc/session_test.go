package radarsvc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"toren/internal/demo/generate"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/radar"
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
	if cands, _, n, _ := a.ahead.result(e); len(cands) != 0 || n != 0 {
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

func commitPersons(t *testing.T, r *Resolver, ps ...persons.Person) {
	t.Helper()
	s := r.Begin(context.Background(), nil)
	for _, p := range ps {
		s.Stored(p)
	}
	if err := s.Commit(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
}

// The BSN rule through the shortcut that reads only the BSN's records: a
// sole, uncontradicted carrier is linked; a contradicted one or two
// carriers go to review, as the full match decides.
func TestBSNRule(t *testing.T) {
	ctx := context.Background()
	anna := person(1, "Anna", "Jansen", "1990-02-03")
	anna.BSN = "111222333"
	tests := []struct {
		name     string
		registry []persons.Person
		mention  func(reports.Mention) reports.Mention
		want     intake.Link
		reason   string
	}{
		{"sole carrier", []persons.Person{anna}, func(m reports.Mention) reports.Mention { return m },
			intake.Link{PersonID: 1, Method: intake.LinkBSN}, "bsn"},
		{"sole carrier, name and address unknown", []persons.Person{anna}, func(m reports.Mention) reports.Mention {
			return reports.Mention{Role: m.Role, BSN: m.BSN, BirthDate: m.BirthDate}
		}, intake.Link{PersonID: 1, Method: intake.LinkBSN}, "bsn"},
		{"contradicted", []persons.Person{anna}, func(m reports.Mention) reports.Mention {
			m.FirstNames, m.BirthDate, m.Sex = "Pieter", toren.MustDate("1961-07-08"), reports.SexMale
			return m
		}, intake.Link{Review: &intake.ReviewProposal{PersonID: 1}}, "bsn_contradicted"},
		{"two carriers", []persons.Person{anna, func() persons.Person { p := person(2, "Bea", "Smit", "1970-01-01"); p.BSN = anna.BSN; return p }()},
			func(m reports.Mention) reports.Mention { return m }, intake.Link{Review: &intake.ReviewProposal{PersonID: 1}}, "bsn_ambiguous"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newResolver(t)
			commitPersons(t, r, tt.registry...)
			m := mentionOf(anna)
			m.BSN = anna.BSN
			got, err := r.Begin(ctx, nil).Link(ctx, nil, tt.mention(m), toren.DateOf(day))
			if err != nil {
				t.Fatal(err)
			}
			var ev []byte
			if got.Review != nil {
				ev = got.Review.Evidence
				if tt.want.Review == nil || got.Review.PersonID != tt.want.Review.PersonID {
					t.Errorf("review of %d, want %+v", got.Review.PersonID, tt.want)
				}
			} else {
				ev = got.Evidence
				if got.PersonID != tt.want.PersonID || got.Method != tt.want.Method {
					t.Errorf("link %d by %q, want %+v", got.PersonID, got.Method, tt.want)
				}
			}
			var ex Explanation
			if err := json.Unmarshal(ev, &ex); err != nil || string(ex.Reason) != tt.reason {
				t.Errorf("reason %q (%v), want %q", ex.Reason, err, tt.reason)
			}
		})
	}
}

// The BSN shortcut decides as the full match does, on generated police
// reports (a registry of the first 6,000 mentions, then 6,000 more).
func TestBSNShortcutDecidesAsFullMatch(t *testing.T) {
	r := newResolver(t)
	g := generate.New(generate.Config{Families: 3000, Years: 10, Seed: 3, End: day})
	var qs []radar.Record
	var ps []persons.Person
	err := g.Each(func(gr generate.GeneratedReport) error {
		for _, m := range gr.Report.Persons {
			if len(ps) < 6000 {
				p := persons.FromMention(m, gr.Report.ReceivedAt)
				p.ID = int64(len(ps) + 1)
				ps = append(ps, p)
			} else if len(qs) < 6000 {
				qs = append(qs, query(m, toren.DateOf(gr.Report.ReceivedAt.In(toren.Amsterdam))))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	commitPersons(t, r, ps...)
	shortcut := 0
	for _, q := range qs {
		full := radar.Decide(r.matcher.Match(q), r.cfg.Thresholds)
		cands, _ := r.match(q)
		fast := radar.Decide(cands, r.cfg.Thresholds)
		if _, ok := r.soleBSN(q); ok {
			shortcut++
		}
		if full.Outcome != fast.Outcome || full.Reason != fast.Reason || (full.Candidate == nil) != (fast.Candidate == nil) ||
			full.Candidate != nil && full.Candidate.ID != fast.Candidate.ID {
			t.Errorf("%+v: full match %s/%s, shortcut %s/%s", q, full.Outcome, full.Reason, fast.Outcome, fast.Reason)
		}
	}
	if shortcut < len(qs)/20 {
		t.Errorf("the shortcut decided %d of %d mentions; the test does not exercise it", shortcut, len(qs))
	}
	t.Logf("shortcut on %d of %d mentions", shortcut, len(qs))
}

// A mention the batch has just linked (intake sets its PersonID) is
// matched again as an anchor of the persons named beside it: it must
// find the match it was linked by, ahead or kept, and not be matched in
// full once more.
func TestLinkedMentionFindsItsMatch(t *testing.T) {
	ctx := context.Background()
	r := newResolver(t)
	on := toren.DateOf(day)
	var ms []reports.Mention
	for i := range minLookahead {
		ms = append(ms, mentionOf(person(int64(100+i), fmt.Sprint("Anna", i), fmt.Sprint("Jansen", i), "1980-01-01")))
	}
	a := r.Begin(ctx, batchNaming(ms...)).(*session)
	defer a.Abort()
	linked := ms[3]
	linked.PersonID = 42
	if e := a.ahead.find(ms[3], on); e == nil || a.ahead.find(linked, on) != e {
		t.Errorf("the linked mention finds %p, the mention as matched ahead %p", a.ahead.find(linked, on), e)
	}

	// Without a look-ahead (a few reports through the server): the kept list.
	b := r.Begin(ctx, batchNaming(ms[0])).(*session)
	defer b.Abort()
	if b.ahead != nil {
		t.Fatal("a look-ahead for one report")
	}
	m := ms[0]
	e := b.inline(m, on)
	m.PersonID = 42
	if e == nil || b.inline(m, on) != e {
		t.Errorf("the linked mention keeps no match with the mention as it was first matched")
	}
}
