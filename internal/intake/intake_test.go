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
	first, err := s.Submit(ctx, intake.Submission{Report: police("111222333", "Yılmaz")})
	if err != nil {
		t.Fatal(err)
	}
	// Same BSN, name spelled without the dotless i: the same person.
	second, err := s.Submit(ctx, intake.Submission{Report: police("111222333", "Yilmaz")})
	if err != nil {
		t.Fatal(err)
	}
	// No BSN, same folded surname and birth date: the same person.
	third, err := s.Submit(ctx, intake.Submission{Report: police("", "yilmaz")})
	if err != nil {
		t.Fatal(err)
	}
	id := first.Report.Persons[0].PersonID
	if second.Report.Persons[0].PersonID != id || third.Report.Persons[0].PersonID != id {
		t.Errorf("person ids %d, %d, %d: want all the same", id, second.Report.Persons[0].PersonID, third.Report.Persons[0].PersonID)
	}
	// Another BSN is another person, even with the same name and birth date.
	other, err := s.Submit(ctx, intake.Submission{Report: police("123456782", "Yilmaz")})
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
	_, err := s.Submit(ctx, intake.Submission{Report: r, IdempotencyKey: "k"})
	if toren.ErrorCode(err) != toren.CodeInvalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	if fe := toren.FieldErrors(err); len(fe) != 1 || fe[0].Field != "persons[0].bsn" {
		t.Errorf("field errors = %+v", fe)
	}
	if n, _, p, _ := db.Counts(ctx); n != 0 || p != 0 {
		t.Errorf("bad report stored %d reports, %d persons", n, p)
	}
	if _, err := s.Submit(ctx, intake.Submission{}); toren.ErrorCode(err) != toren.CodeInvalid {
		t.Errorf("nil report: %v", err)
	}
}

func TestSubmitIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	r1 := police("", "Bakker")
	r1.ReceivedAt = time.Time{} // filled with "now"; a retry must still match
	a, err := s.Submit(ctx, intake.Submission{Report: r1, IdempotencyKey: "call-42"})
	if err != nil || a.Replayed {
		t.Fatalf("first: %+v %v", a, err)
	}
	r2 := police("", "Bakker")
	r2.ReceivedAt = time.Time{}
	b, err := s.Submit(ctx, intake.Submission{Report: r2, IdempotencyKey: "call-42"})
	if err != nil || !b.Replayed || b.Report.Number != a.Report.Number {
		t.Fatalf("retry: %+v %v", b, err)
	}
	r3 := police("", "Bakker")
	r3.Description = "Andere inhoud."
	if _, err := s.Submit(ctx, intake.Submission{Report: r3, IdempotencyKey: "call-42"}); toren.ErrorCode(err) != toren.CodeConflict {
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
	res, errs, err := s.SubmitBatch(ctx, subs)
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
	res, _, err = s.SubmitBatch(ctx, again)
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
	recs := make([]*audit.Recorder, n)
	var wg sync.WaitGroup
	for i := range n {
		recs[i] = &audit.Recorder{Template: audit.Entry{ActorID: fmt.Sprint("u", i), ActorName: fmt.Sprint("Medewerker ", i), Role: "intake", Origin: "test"}}
		wg.Go(func() {
			res, err := s.Submit(context.Background(), intake.Submission{Report: police("", "Dekker"), IdempotencyKey: "een-sleutel"})
			same <- out{res, err}
		})
		wg.Go(func() {
			ctx := audit.WithRecorder(context.Background(), recs[i])
			if _, err := s.Submit(ctx, intake.Submission{Report: police("", fmt.Sprint("Visser", i))}); err != nil {
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
		if rec.Written() != 1 {
			t.Errorf("actor %d: %d audit entries written, want 1", i, rec.Written())
		}
	}
	actors := map[string]bool{}
	for e, err := range db.AuditEntries(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Action == audit.ActionReportCreate {
			actors[e.ActorID] = true
		}
	}
	if len(actors) != n {
		t.Errorf("report audit entries by %d actors, want %d: %v", len(actors), n, actors)
	}
}
