package intake_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/store"
	"toren/internal/toren"
)

// iris is an intake worker, who may register reports.
func iris() authz.Actor {
	return authz.Actor{UserID: 7, Name: "Iris de Wit", Roles: []authz.Role{authz.RoleIntake}, Teams: []string{"Frontoffice"}}
}

// reportEntries returns the report.create entries of the log.
func reportEntries(t *testing.T, db *store.DB) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	for e, err := range db.AuditEntries(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Action == audit.ActionReportCreate {
			out = append(out, e)
		}
	}
	return out
}

// A report is never stored unaccounted for: without a request's recorder
// in the context (the command line, a job, a test) the service writes
// the entry as the actor it was given, in the report's transaction.
func TestSubmitWithoutRecorderIsAudited(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	res, err := s.Submit(ctx, iris(), intake.Submission{Report: police("111222333", "Yılmaz")})
	if err != nil {
		t.Fatal(err)
	}
	en := reportEntries(t, db)
	if n, _, _, _ := db.Counts(ctx); n != 1 || len(en) != 1 {
		t.Fatalf("%d reports stored with %d report.create audit entries, want each report with its entry", n, len(en))
	}
	e := en[0]
	if e.ActorID != "7" || e.ActorName != "Iris de Wit" || e.Role != "intake" || e.Origin != "intake" ||
		e.ObjectID != strconv.FormatInt(res.Report.ID, 10) || !slices.Equal(e.PersonIDs, []int64{res.Report.Persons[0].PersonID}) {
		t.Errorf("entry %+v: want Iris's report.create of report %d naming its person", e, res.Report.ID)
	}
}

// A request's recorder (the access gate's, for a web or API request)
// writes the entry: actor, role and origin as the gate recorded them.
func TestSubmitKeepsTheRequestsRecorder(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	rec := &audit.Recorder{Template: audit.ActorTemplate(iris(), "192.0.2.10")}
	if _, err := s.Submit(audit.WithRecorder(ctx, rec), iris(), intake.Submission{Report: police("", "Bakker")}); err != nil {
		t.Fatal(err)
	}
	en := reportEntries(t, db)
	if len(en) != 1 || en[0].ActorID != "7" || en[0].Role != "intake" || en[0].Origin != "192.0.2.10" || rec.Written() != 1 {
		t.Errorf("entries %+v, %d written through the request's recorder; want one, from 192.0.2.10", en, rec.Written())
	}
}

// The service asks the policy itself: whoever may not register reports
// is refused before anything is looked at, alone or in a batch, and
// nothing is stored or logged.
func TestSubmitRefusesWhoMayNotRegister(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	for name, a := range map[string]authz.Actor{
		"no one":          {},
		"an analyst":      {UserID: 8, Name: "Anouk Bos", Roles: []authz.Role{authz.RoleAnalyst}},
		"an admin":        {UserID: 9, Name: "Bart Kok", Roles: []authz.Role{authz.RoleAdmin}},
		"a team leader":   {UserID: 10, Name: "Tara Mulder", Roles: []authz.Role{authz.RoleTeamLeader}, Teams: []string{"Frontoffice"}},
		"a client":        {ClientID: 3, Name: "Wijkteam", Scopes: []authz.Scope{authz.ScopeHandoversRespond}},
		"a false console": {UserID: 0, Name: "x", Roles: []authz.Role{authz.RoleIntake}, Console: true},
	} {
		// Even a bad report is refused as forbidden, not as invalid: who
		// may not register learns nothing of the rules.
		_, err := s.Submit(ctx, a, intake.Submission{Report: police("999", "Smit")})
		if toren.ErrorCode(err) != toren.CodeForbidden {
			t.Errorf("%s: Submit err = %v, want forbidden", name, err)
		}
		res, errs, err := s.SubmitBatch(ctx, a, []intake.Submission{{Report: police("", "Smit")}})
		if toren.ErrorCode(err) != toren.CodeForbidden || res != nil || errs != nil {
			t.Errorf("%s: SubmitBatch = %v, %v, %v; want forbidden", name, res, errs, err)
		}
		// A batch checked ahead (as the importer does) is refused when stored.
		p := s.Prepare(ctx, []intake.Submission{{Report: police("", "Smit")}})
		res, errs, err = s.SubmitPrepared(ctx, a, p)
		if toren.ErrorCode(err) != toren.CodeForbidden || res != nil || errs != nil {
			t.Errorf("%s: SubmitPrepared = %v, %v, %v; want forbidden", name, res, errs, err)
		}
	}
	if n, _, p, _ := db.Counts(ctx); n != 0 || p != 0 || len(reportEntries(t, db)) != 0 {
		t.Errorf("refused submissions stored %d reports and %d persons", n, p)
	}
}

// An API client with the reports:create scope and the operator at the
// console (toren import, the demo) register reports, and the log names
// them as what they are.
func TestSubmitByClientAndConsole(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	client := authz.Actor{ClientID: 3, Name: "Politie", Scopes: []authz.Scope{authz.ScopeReportsCreate}}
	if _, err := s.Submit(ctx, client, intake.Submission{Report: police("", "Dekker")}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SubmitBatch(ctx, authz.Console("toren import police"), []intake.Submission{{Report: police("", "Jansen")}}); err != nil {
		t.Fatal(err)
	}
	en := reportEntries(t, db)
	if len(en) != 2 || en[0].ActorID != "client:3" || en[0].Role != string(authz.RoleClient) ||
		en[1].ActorID != audit.ConsoleActorID || en[1].ActorName != "toren import police" || en[1].Role != "admin" {
		t.Errorf("entries %+v: want the client's and the console's", en)
	}
}

// The steps refuse a report no recorder accounts for, before anything is
// stored: alone, or in a batch with reports that have one.
func TestRegisterWithoutRecorderStoresNothing(t *testing.T) {
	ctx := context.Background()
	_, db := newService(t)
	steps := intake.Steps{Store: db}
	rec := &audit.Recorder{Template: audit.ActorTemplate(iris(), "test")}
	for name, nrs := range map[string][]intake.NewReport{
		"alone":    {{Report: police("", "Visser")}},
		"in batch": {{Report: police("", "Visser"), Recorder: rec}, {Report: police("", "de Wit")}},
	} {
		if _, err := steps.Register(ctx, nrs...); !errors.Is(err, intake.ErrNoRecorder) {
			t.Errorf("%s: err = %v, want ErrNoRecorder", name, err)
		}
	}
	if n, _, p, _ := db.Counts(ctx); n != 0 || p != 0 || len(reportEntries(t, db)) != 0 || rec.Written() != 0 {
		t.Errorf("unaccounted reports stored %d reports and %d persons", n, p)
	}
}
