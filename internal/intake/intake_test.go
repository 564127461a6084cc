package intake_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/nl"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

var now = time.Date(2026, 11, 23, 3, 12, 0, 0, toren.Amsterdam)

func newService(t testing.TB) (*intake.Service, *store.DB) {
	db := storetest.OpenSQLite(t)
	v := reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: toren.NewFixedClock(now)}
	return intake.NewService(db, v, intaketest.ExactResolver{}, toren.NewFixedClock(now), slog.New(slog.NewTextHandler(io.Discard, nil))), db
}

func police(bsn, surname string) *reports.Report {
	return &reports.Report{
		Kind:          reports.KindReport,
		ReceivedAt:    now.Add(-2 * time.Hour),
		Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
		ViolenceTypes: []reports.ViolenceType{reports.TypePartner},
		Description:   "Melding na huiselijk geweld.",
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Esra", Surname: surname, BirthDate: toren.MustDate("1988-09-09"), BSN: bsn},
		},
	}
}

func TestSubmitLinksTheSamePerson(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	first, err := s.Submit(ctx, iris(), intake.Submission{Report: police("111222333", "Yılmaz")})
	if err != nil {
		t.Fatal(err)
	}
	// Same BSN, name spelled without the dotless i: the same person.
	second, err := s.Submit(ctx, iris(), intake.Submission{Report: police("111222333", "Yilmaz")})
	if err != nil {
		t.Fatal(err)
	}
	// No BSN, same folded surname and birth date: the same person.
	third, err := s.Submit(ctx, iris(), intake.Submission{Report: police("", "yilmaz")})
	if err != nil {
		t.Fatal(err)
	}
	id := first.Report.Persons[0].PersonID
	if second.Report.Persons[0].PersonID != id || third.Report.Persons[0].PersonID != id {
		t.Errorf("person ids %d, %d, %d: want all the same", id, second.Report.Persons[0].PersonID, third.Report.Persons[0].PersonID)
	}
	// Another BSN is another person, even with the same name and birth date.
	other, err := s.Submit(ctx, iris(), intake.Submission{Report: police("123456782", "Yilmaz")})
	if err != nil {
		t.Fatal(err)
	}
	if other.Report.Persons[0].PersonID == id {
		t.Error("a different valid BSN was linked to the same person")
	}
	if n, _, p, _ := db.Counts(ctx); n != 4 || p != 2 {
		t.Errorf("%d reports and %d persons, want 4 and 2", n, p)
	}
	if first.Report.Channel != reports.ChannelAPI || first.Report.RegisteredAt.IsZero() {
		t.Errorf("defaults not filled: %+v", first.Report)
	}
}

func TestSubmitBadInputStoresNothing(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	r := police("111222334", "Jansen")
	_, err := s.Submit(ctx, iris(), intake.Submission{Report: r, IdempotencyKey: "k"})
	if toren.ErrorCode(err) != toren.CodeInvalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	if fe := toren.FieldErrors(err); len(fe) != 1 || fe[0].Field != "persons[0].bsn" {
		t.Errorf("field errors = %+v", fe)
	}
	if n, _, p, _ := db.Counts(ctx); n != 0 || p != 0 {
		t.Errorf("bad report stored %d reports, %d persons", n, p)
	}
	if _, err := s.Submit(ctx, iris(), intake.Submission{}); toren.ErrorCode(err) != toren.CodeInvalid {
		t.Errorf("nil report: %v", err)
	}
}

func TestSubmitIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	r1 := police("", "Bakker")
	r1.ReceivedAt = time.Time{} // filled with "now"; a retry must still match
	a, err := s.Submit(ctx, iris(), intake.Submission{Report: r1, IdempotencyKey: "call-42"})
	if err != nil || a.Replayed {
		t.Fatalf("first: %+v %v", a, err)
	}
	r2 := police("", "Bakker")
	r2.ReceivedAt = time.Time{}
	b, err := s.Submit(ctx, iris(), intake.Submission{Report: r2, IdempotencyKey: "call-42"})
	if err != nil || !b.Replayed || b.Report.Number != a.Report.Number {
		t.Fatalf("retry: %+v %v", b, err)
	}
	r3 := police("", "Bakker")
	r3.Description = "Andere inhoud."
	if _, err := s.Submit(ctx, iris(), intake.Submission{Report: r3, IdempotencyKey: "call-42"}); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("key reused with other content: %v", err)
	}
	if n, _, _, _ := db.Counts(ctx); n != 1 {
		t.Errorf("%d reports stored, want 1", n)
	}
}

func TestSubmitBatch(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	subs := []intake.Submission{
		{Report: police("111222333", "Smit"), IdempotencyKey: "police:1"},
		{Report: police("999", "Smit"), IdempotencyKey: "police:2"}, // bad BSN
		{Report: police("", "de Wit"), IdempotencyKey: "police:3"},
	}
	res, errs, err := s.SubmitBatch(ctx, iris(), subs)
	if err != nil {
		t.Fatal(err)
	}
	if errs[0] != nil || errs[1] == nil || errs[2] != nil {
		t.Fatalf("errs = %v", errs)
	}
	if res[0].Report == nil || res[0].Replayed || res[1].Report != nil {
		t.Errorf("results = %+v", res)
	}
	// The whole file again: nothing new.
	again := []intake.Submission{
		{Report: police("111222333", "Smit"), IdempotencyKey: "police:1"},
		{Report: police("", "de Wit"), IdempotencyKey: "police:3"},
	}
	res, _, err = s.SubmitBatch(ctx, iris(), again)
	if err != nil || !res[0].Replayed || !res[1].Replayed {
		t.Fatalf("second run: %+v %v", res, err)
	}
	if n, _, _, _ := db.Counts(ctx); n != 2 {
		t.Errorf("%d reports after two runs, want 2", n)
	}
}

// Concurrent requests share transactions (group commit), yet an
// idempotency key still stores its report once, and each request's audit
// entry is written by its own actor.
func TestConcurrentSubmissions(t *testing.T) {
	s, db := newService(t)
	const n = 12
	type out struct {
		res intake.Result
		err error
	}
	same := make(chan out, n)
	// Half the workers come with a request's recorder (the access
	// gate's), half without (the service makes one from the actor).
	recs := make([]*audit.Recorder, n)
	var wg sync.WaitGroup
	for i := range n {
		worker := authz.Actor{UserID: int64(100 + i), Name: fmt.Sprint("Medewerker ", i), Roles: []authz.Role{authz.RoleIntake}}
		ctx := context.Background()
		if i%2 == 0 {
			recs[i] = &audit.Recorder{Template: audit.ActorTemplate(worker, "test")}
			ctx = audit.WithRecorder(ctx, recs[i])
		}
		wg.Go(func() {
			res, err := s.Submit(context.Background(), iris(), intake.Submission{Report: police("", "Dekker"), IdempotencyKey: "een-sleutel"})
			same <- out{res, err}
		})
		wg.Go(func() {
			if _, err := s.Submit(ctx, worker, intake.Submission{Report: police("", fmt.Sprint("Visser", i))}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	close(same)
	created, id := 0, int64(0)
	for o := range same {
		if o.err != nil {
			t.Fatal(o.err)
		}
		if !o.res.Replayed {
			created++
		}
		if id == 0 {
			id = o.res.Report.ID
		}
		if o.res.Report.ID != id {
			t.Errorf("report %d, want %d: one key, one report", o.res.Report.ID, id)
		}
	}
	if created != 1 {
		t.Errorf("%d requests stored the report of one key, want 1", created)
	}
	for i, rec := range recs {
		if rec != nil && rec.Written() != 1 {
			t.Errorf("actor %d: %d audit entries written, want 1", i, rec.Written())
		}
	}
	// One entry per report, each by the actor who sent it: every worker
	// once, and Iris once for the report of the shared key.
	actors := map[string]int{}
	for _, e := range reportEntries(t, db) {
		actors[e.ActorID]++
	}
	if len(actors) != n+1 || actors["7"] != 1 {
		t.Errorf("report audit entries by %v, want one by each of %d workers and one by Iris", actors, n)
	}
	for id, k := range actors {
		if k != 1 {
			t.Errorf("actor %s: %d report entries, want 1", id, k)
		}
	}
}
