package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/reports"
	"toren/internal/search"
	"toren/internal/store"
	"toren/internal/toren"
)

// namedPersons stores one report naming the given persons (each a new
// registry person) and returns them with their IDs.
func namedPersons(t *testing.T, db *store.DB, ms ...reports.Mention) *reports.Report {
	t.Helper()
	r := sample(reports.KindReport)
	r.Persons = ms
	create(t, db, r, "")
	return r
}

func searchNames(t *testing.T, db *store.DB, text string) []string {
	t.Helper()
	q, err := search.Parse(text)
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	res, err := db.SearchPersons(context.Background(), q)
	if err != nil {
		t.Fatalf("SearchPersons(%q): %v", text, err)
	}
	var out []string
	for _, h := range res.Hits {
		if h.Full {
			t.Errorf("SearchPersons(%q): hit %d is marked full before need-to-know", text, h.Person.ID)
		}
		out = append(out, h.Person.FullName())
	}
	return out
}

func testSearchPersons(t *testing.T, db *store.DB) {
	ctx := context.Background()
	victim := reports.RoleVictim
	namedPersons(t, db,
		reports.Mention{Role: victim, FirstNames: "Jan", Particle: "van der", Surname: "Berg", BirthDate: toren.MustDate("1980-02-01"),
			Postcode: "1234 AB", HouseNumber: "12A", BSN: "111222333"},
		reports.Mention{Role: victim, FirstNames: "Ayşe", Surname: "Özdemir", BirthDate: toren.MustDate("1991-07-15"), Postcode: "1234 AB", HouseNumber: "14"},
		reports.Mention{Role: victim, FirstNames: "Piet", Surname: "Janssen", BirthDate: toren.MustDate("1980-02-01")},
		reports.Mention{Role: victim, Initials: "K.", Surname: "Jansen-de Vries"},
		reports.Mention{Role: victim, FirstNames: "Mila", Surname: "Bergman"},
	)
	for _, tt := range []struct {
		query string
		want  []string // in this order, exactly
	}{
		{"vd berg", []string{"Jan van der Berg", "Mila Bergman"}},
		{"van den Berg", []string{"Jan van der Berg", "Mila Bergman"}},
		{"Berg", []string{"Jan van der Berg", "Mila Bergman"}},
		{"Jan vd Berg", []string{"Jan van der Berg"}}, // Mila's given name disagrees
		{"ozdemir", []string{"Ayşe Özdemir"}},
		{"Jansen", []string{"K. Jansen-de Vries", "Piet Janssen"}},
		{"de Vries", []string{"K. Jansen-de Vries"}},
		{"111222333", []string{"Jan van der Berg"}},
		{"01-02-1980", []string{"Jan van der Berg", "Piet Janssen"}},
		{"1234 AB", []string{"Jan van der Berg", "Ayşe Özdemir"}}, // by surname, diacritics folded
		{"1234AB 12", []string{"Jan van der Berg"}},
		{"Janssen 01-02-1980", []string{"Piet Janssen"}},
		{"Jansen Piet", []string{"Piet Janssen"}}, // the swapped reading
		{"Klaassen", nil},
	} {
		if got := searchNames(t, db, tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("search %q = %q, want %q", tt.query, got, tt.want)
		}
	}

	q, _ := search.Parse("Berg")
	q.Limit = 1
	res, err := db.SearchPersons(ctx, q)
	if err != nil || len(res.Hits) != 1 || !res.More || res.Hits[0].Person.Mentions != 1 || res.Hits[0].Match != search.MatchExact {
		t.Errorf("limited search = %+v, %v; want one exact hit with its mention count and More", res, err)
	}

	// A corrected surname moves the person in the index.
	hits, _ := db.SearchPersons(ctx, mustParse(t, "Bergman"))
	p := hits.Hits[0].Person
	p.Surname = "Klaassen"
	if err := db.UpdatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if got := searchNames(t, db, "Klaassen"); !slices.Equal(got, []string{"Mila Klaassen"}) {
		t.Errorf("after the correction: %q", got)
	}
	if got := searchNames(t, db, "Bergman"); len(got) != 0 {
		t.Errorf("old surname still found: %q", got)
	}
}

func mustParse(t *testing.T, s string) search.Query {
	t.Helper()
	q, err := search.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func testLookupNumber(t *testing.T, db *store.DB) {
	ctx := context.Background()
	r := namedPersons(t, db, reports.Mention{Role: reports.RoleVictim, Surname: "Nummer"})
	c := &cases.Case{Status: cases.StatusConditions, Team: "Backoffice", ReportIDs: []int64{r.ID}, OpenedAt: t0}
	if err := db.CreateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	if id, err := db.LookupNumber(ctx, search.KindReportNumber, r.Number); err != nil || id != r.ID {
		t.Errorf("report %s = %d, %v", r.Number, id, err)
	}
	if id, err := db.LookupNumber(ctx, search.KindCaseNumber, c.Number); err != nil || id != c.ID {
		t.Errorf("case %s = %d, %v", c.Number, id, err)
	}
	if _, err := db.LookupNumber(ctx, search.KindReportNumber, "M-1999-000001"); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("unknown number: %v", err)
	}
}

// testPersonsFacts checks that the batch read need-to-know uses for search
// hits agrees with the one-person reads of the person page.
func testPersonsFacts(t *testing.T, db *store.DB) {
	ctx := context.Background()
	inCase := namedPersons(t, db, reports.Mention{Role: reports.RoleVictim, Surname: "Zaak"}, reports.Mention{Role: reports.RoleChild, Surname: "Beide"})
	triage := namedPersons(t, db, reports.Mention{Role: reports.RoleVictim, Surname: "Triage"})
	closed := namedPersons(t, db, reports.Mention{Role: reports.RoleVictim, Surname: "Gesloten"})
	both := inCase.Persons[1].PersonID
	// "Beide" is also named in a report still in triage.
	namedPersons(t, db, reports.Mention{Role: reports.RoleChild, Surname: "Beide", PersonID: both})
	for _, c := range []*cases.Case{
		{Status: cases.StatusInvestigation, Team: "Team Zuid", ReportIDs: []int64{inCase.ID}, OpenedAt: t0},
		{Status: cases.StatusConditions, Team: "Backoffice", ReportIDs: []int64{inCase.ID}, OpenedAt: t0},
		{Status: cases.StatusClosed, Team: "Team Noord", ReportIDs: []int64{closed.ID}, OpenedAt: t0},
	} {
		if err := db.CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	ids := []int64{inCase.Persons[0].PersonID, both, triage.Persons[0].PersonID, closed.Persons[0].PersonID}
	facts, err := db.PersonsFacts(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		teams, err := db.PersonCaseTeams(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		inTriage, err := db.PersonInTriage(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(teams)
		if f := facts[id]; !slices.Equal(f.Teams, teams) || f.InTriage != inTriage {
			t.Errorf("person %d: batch %+v, one by one teams %v triage %v", id, f, teams, inTriage)
		}
	}
	if f := facts[both]; len(f.Teams) != 2 || !f.InTriage || !f.InCase {
		t.Errorf("person in two cases and in triage: %+v", f)
	}
	if f := facts[closed.Persons[0].PersonID]; len(f.Teams) != 0 || f.InTriage || !f.InCase {
		t.Errorf("person of a closed case only: %+v", f)
	}
	if f := facts[triage.Persons[0].PersonID]; !f.InTriage || f.InCase {
		t.Errorf("person in triage only: %+v", f)
	}
}

func testActiveGrants(t *testing.T, db *store.DB) {
	ctx := context.Background()
	u := &accounts.User{Username: "nacht", Roles: []string{"intake"}, CreatedAt: t0}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	r := namedPersons(t, db, reports.Mention{Role: reports.RoleVictim, Surname: "Nood"})
	pid := r.Persons[0].PersonID
	actor := authz.Actor{UserID: u.ID, Roles: []authz.Role{authz.RoleIntake}, MultiFactor: true}
	g, err := authz.NewGrant(actor, authz.Ref{Kind: authz.KindPerson, ID: pid}, "Acute melding in de nacht, dossier nodig.", t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateGrant(ctx, g, audit.Entry{At: t0, ActorID: "1", ActorName: "Iris", Role: "intake", Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	got, err := db.ActiveGrants(ctx, u.ID, authz.KindPerson, t0.Add(time.Hour))
	if err != nil || got[pid] == nil || got[pid].Reason != g.Reason {
		t.Errorf("active grants = %+v, %v", got, err)
	}
	if got, _ := db.ActiveGrants(ctx, u.ID, authz.KindPerson, g.ExpiresAt.Add(time.Second)); len(got) != 0 {
		t.Errorf("expired grant still active: %+v", got)
	}
}

func testCountsAndBackfill(t *testing.T, db *store.DB) {
	ctx := context.Background()
	count := func() (int64, int64, int64) {
		a, b, c, err := db.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return a, b, c
	}
	if r, a, p := count(); r != 0 || a != 0 || p != 0 {
		t.Fatalf("empty database counts %d %d %d", r, a, p)
	}
	create(t, db, sample(reports.KindReport), "")
	create(t, db, sample(reports.KindAdvice), "")
	if r, a, p := count(); r != 1 || a != 1 || p != 4 {
		t.Errorf("counts %d reports, %d advice, %d persons; want 1, 1, 4", r, a, p)
	}
	// The backfill rewrites the keys of the persons there are, once; a
	// second run finds it done.
	n, err := db.BackfillSearchKeys(ctx)
	if err != nil || n != 4 {
		t.Errorf("first backfill indexed %d, %v; want the 4 persons", n, err)
	}
	if n, err := db.BackfillSearchKeys(ctx); err != nil || n != 0 {
		t.Errorf("second backfill indexed %d, %v; want 0", n, err)
	}
	if got := searchNames(t, db, "Berg"); len(got) != 2 {
		t.Errorf("persons named Berg after the backfill: %q", got)
	}
	// A group in one transaction (on PostgreSQL it counts its own
	// inserts, migration 00035), a replay in it, and a group that fails
	// and counts nothing.
	actx := intaketest.Audited(ctx)
	var group []intake.NewReport
	for i, k := range []reports.Kind{reports.KindReport, reports.KindAdvice, reports.KindReport, reports.KindReport} {
		group = append(group, intake.NewReport{Report: sample(k), IdempotencyKey: fmt.Sprint("count-", i), RequestHash: "h"})
	}
	group = append(group, intake.NewReport{Report: sample(reports.KindReport), IdempotencyKey: "count-0", RequestHash: "h"})
	if _, err := (intake.Steps{Store: db}).Register(actx, group...); err != nil {
		t.Fatal(err)
	}
	bad := sample(reports.KindReport)
	bad.Persons[0].PersonID = 999999 // no such person: the group fails
	if _, err := (intake.Steps{Store: db}).Register(actx, intake.NewReport{Report: sample(reports.KindAdvice)}, intake.NewReport{Report: bad}); err == nil {
		t.Fatal("a group with a report linked to no person was stored")
	}
	if r, a, p := count(); r != 4 || a != 2 || p != 12 {
		t.Errorf("counts after a group %d reports, %d advice, %d persons; want 4, 2, 12", r, a, p)
	}
}
