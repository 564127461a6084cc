package cli

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/itteam"
	"toren/internal/persons"
	"toren/internal/radarsvc"
	"toren/internal/reports"
	"toren/internal/retention"
	"toren/internal/search"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

// appAt starts the app over dsn with its clock standing at now.
func appAt(t *testing.T, dsn string, now time.Time) *app.App {
	t.Helper()
	cfg := apptest.Config(t.TempDir())
	cfg.DB = dsn
	a, err := app.New(context.Background(), cfg, slog.New(slog.DiscardHandler), app.WithClock(toren.NewFixedClock(now)))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// planOf runs toren retention plan --json.
func planOf(t *testing.T, dsn string) retention.Plan {
	t.Helper()
	code, out, errOut := run(t, "retention", "plan", "--db", dsn, "--json", "--by", "privacy")
	if code != 0 {
		t.Fatalf("retention plan: exit %d, %s", code, errOut)
	}
	var p retention.Plan
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("retention plan --json: %v\n%s", err, out)
	}
	return p
}

func rowCount(t *testing.T, a *app.App, query string, args ...any) int {
	t.Helper()
	rows, err := a.Store().RowsForTest(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	n, err := strconv.Atoi(rows[0]["n"])
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func idList(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return "(" + strings.Join(s, ",") + ")"
}

// hitsFor asks the radar of a for the registry person id as a new report
// would name them, and reports whether it proposes id.
func hitsFor(t *testing.T, a *app.App, name reports.Mention, id int64) bool {
	t.Helper()
	hits, err := a.Radar().Hits(context.Background(), name, toren.DateOf(a.Clock().Now()))
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(hits, func(h radarsvc.Hit) bool { return h.PersonID == id })
}

// endFirstCase marks the first case file ended at at.
func endFirstCase(t *testing.T, dsn string, at time.Time) {
	t.Helper()
	driver, name, q := "pgx", dsn, `UPDATE cases SET status = 'ended', updated_at = $1 WHERE id = (SELECT MIN(id) FROM cases)`
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		driver, name, q = "sqlite", path, strings.Replace(q, "$1", "?", 1)
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if res, err := db.Exec(q, at); err != nil {
		t.Fatal(err)
	} else if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("no case to end")
	}
}

// retentionDrill is the whole retention story over generated years, on the
// database src (empty), with restoreTo an empty database to restore the
// backup taken before the run into:
//
//   - files of 1999-2001 and of this year are made through the app;
//   - a legal hold keeps one due file;
//   - the plan lists the due files and changes nothing;
//   - toren retention run destroys them, leaves tombstones without names;
//     the radar of a server running beside the run and the search index
//     forget the destroyed persons; the audit log still verifies;
//   - a backup made before the run, restored, holds the destroyed files
//     again: the next plan lists them again, and a run destroys them again.
func retentionDrill(t *testing.T, src, restoreTo string) {
	ctx := context.Background()
	old := appAt(t, src, time.Date(2001, 3, 1, 10, 0, 0, 0, time.UTC))
	if _, err := old.LoadDemo(ctx, 20, 2, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := old.DemoAccounts(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := old.LoadDemoCases(ctx); err != nil {
		t.Fatal(err)
	}
	old.Close()
	// The demo's cases are still running; one of them ended in 2001 (set
	// directly: the case process is not what this test is about).
	endFirstCase(t, src, time.Date(2001, 3, 1, 12, 0, 0, 0, time.UTC))
	// The server of today, with this year's reports; its radar holds the
	// old persons too.
	srv := appAt(t, src, time.Now().UTC())
	defer srv.Close()
	if _, err := srv.LoadDemo(ctx, 3, 1, 11); err != nil {
		t.Fatal(err)
	}
	apptest.PrivacyOfficer(t, srv)
	if code, _, errOut := run(t, "retention", "plan", "--db", src, "--by", "casemanager"); code != 1 || !strings.Contains(errOut, "forbidden") {
		t.Fatalf("plan by a case manager: exit %d, %q", code, errOut)
	}

	before := planOf(t, src)
	if len(before.Destroy) < 3 || before.Kept == 0 {
		t.Fatalf("plan: %d files to destroy, %d kept: want old files due and this year's kept", len(before.Destroy), before.Kept)
	}
	personsBefore := rowCount(t, srv, `SELECT COUNT(*) AS n FROM persons`)

	// A legal hold on a person keeps their whole file.
	held := before.Destroy[0]
	code, out, errOut := run(t, "retention", "hold", "--db", src, "--person", strconv.FormatInt(held.Persons[0], 10),
		"--reason", "Klacht bij de Inspectie loopt nog", "--by", "privacy")
	if code != 0 || !strings.Contains(out, "hold 1 placed") {
		t.Fatalf("hold: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, "retention", "hold", "--db", src, "--person", "1", "--reason", "kort"); code != 2 || !strings.Contains(errOut, "--by") {
		t.Fatalf("hold without --by: exit %d, %q", code, errOut)
	}
	plan := planOf(t, src)
	if len(plan.Destroy) != len(before.Destroy)-1 || len(plan.Held) != 1 || !slices.Equal(plan.Held[0].Persons, held.Persons) {
		t.Fatalf("after the hold: %d to destroy (was %d), held %+v", len(plan.Destroy), len(before.Destroy), plan.Held)
	}
	if n := rowCount(t, srv, `SELECT COUNT(*) AS n FROM persons`); n != personsBefore {
		t.Fatalf("the plan changed the registry: %d persons, was %d", n, personsBefore)
	}
	np, nr, nc := retention.Counts(plan.Destroy)
	if nc == 0 {
		t.Fatalf("no case among the files to destroy: the drill must cover case files (%d persons, %d reports); open %+v", np, nr, plan.Open)
	}

	// A person to be destroyed, as the radar finds them today.
	victim := plan.Destroy[len(plan.Destroy)-1].Persons[0]
	ps, err := srv.Store().PersonsAfter(ctx, victim-1, nil, 1)
	if err != nil || len(ps) != 1 || ps[0].ID != victim {
		t.Fatalf("person %d: %v %v", victim, ps, err)
	}
	p := ps[0]
	probe := reports.Mention{Role: reports.RoleVictim, FirstNames: p.FirstNames, Particle: p.Particle, Surname: p.Surname,
		BirthDate: p.BirthDate, BSN: p.BSN, Street: p.Street, HouseNumber: p.HouseNumber, Postcode: p.Postcode, City: p.City}
	if !hitsFor(t, srv, probe, victim) {
		t.Fatalf("precondition: the radar does not propose person %d for their own name", victim)
	}

	searchFinds := func() bool {
		t.Helper()
		q, err := search.Parse(strings.TrimSpace(p.FirstNames + " " + p.Particle + " " + p.Surname))
		if err != nil {
			t.Fatal(err)
		}
		res, err := srv.Store().SearchPersons(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(res.Hits, func(h search.Hit) bool { return h.Person.ID == victim })
	}
	if !searchFinds() {
		t.Fatalf("precondition: search does not find person %d by name", victim)
	}

	// A backup made before the run.
	bk := filepath.Join(t.TempDir(), "before-retention.backup")
	if code, out, errOut := run(t, "backup", "--db", src, bk); code != 0 {
		t.Fatalf("backup: exit %d, %q %q", code, out, errOut)
	}

	// After the plan, a new report names a person of a due file (the
	// worker confirms the radar's hit): the run must leave that file alone.
	joined := plan.Destroy[len(plan.Destroy)-2]
	var late persons.Person
	if ps, err := srv.Store().PersonsAfter(ctx, joined.Persons[0]-1, nil, 1); err != nil || len(ps) != 1 {
		t.Fatalf("person %d: %v", joined.Persons[0], err)
	} else {
		late = ps[0]
	}
	lateReport := &reports.Report{Kind: reports.KindReport, ReceivedAt: srv.Clock().Now().Add(-time.Hour),
		Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
		ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Nieuwe melding na twintig jaar.",
		Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: late.FirstNames, Surname: late.Surname, BirthDate: late.BirthDate}}}
	if _, err := srv.Intake().Submit(apptest.System(ctx), authz.Console("test"), intake.Submission{Report: lateReport, Confirmed: map[int]int64{0: late.ID}, ConfirmedBy: "intake"}); err != nil {
		t.Fatal(err)
	}
	jp, jr, jc := len(joined.Persons), len(joined.Reports), len(joined.Cases)

	// An Interventieteam case referred from a due case file, with an
	// incident report (MIC) in it: both go with the file.
	var itID, itFrom int64
	for _, f := range plan.Destroy {
		if len(f.Cases) == 0 || slices.Equal(f.Persons, joined.Persons) {
			continue
		}
		itFrom = f.Cases[0]
		now := srv.Clock().Now()
		cl := itteam.Bijlage1()
		c := itteam.Case{Version: 1, Family: "Familie uit 2001", CaseID: itFrom, Team: "Interventieteam", ReferredOn: toren.NewDate(2001, 2, 1),
			Admission: itteam.Admission{Admitted: true, Reason: "oude casus"}, CreatedAt: now, UpdatedAt: now}
		if err := itteam.Refer(&c, cl, toren.DateOf(now)); err != nil {
			t.Fatal(err)
		}
		e := audit.Entry{At: now, ActorID: "system", ActorName: "test", Role: "demo", Origin: "test", Action: "itcase.import", Outcome: audit.OutcomeOK, ObjectType: "it_case"}
		if itID, err = srv.Store().CreateITCase(ctx, c, cl, e); err != nil {
			t.Fatal(err)
		}
		m := itteam.MIC{Version: 1, ITCaseID: itID, Team: "Interventieteam", On: toren.NewDate(2001, 2, 10), Reporter: itteam.Worker{ID: 1, Name: "Ilse"},
			What: "Dreiging aan de deur", Involved: "Vader", CreatedAt: now}
		if err := itteam.NewMIC(&m, toren.NewDate(2001, 2, 11)); err != nil {
			t.Fatal(err)
		}
		e.Action, e.ObjectType = "itteam.mic.create", "it_mic"
		if _, err := srv.Store().CreateMIC(ctx, m, e); err != nil {
			t.Fatal(err)
		}
		break
	}
	if itID == 0 {
		t.Fatal("no due file with a case to refer to the Interventieteam")
	}

	code, out, errOut = run(t, "retention", "run", "--db", src, "--by", "privacy", "--batch", "2")
	want := fmt.Sprintf("destroyed %d files under rule vt-20y-child18: %d persons, %d reports, %d cases", len(plan.Destroy)-1, np-jp, nr-jr, nc-jc)
	if code != 0 || !strings.Contains(out, want) {
		t.Fatalf("run: exit %d, %q %q; want %q, the joined file kept", code, out, errOut, want)
	}
	if n := rowCount(t, srv, `SELECT COUNT(*) AS n FROM persons WHERE id IN `+idList(joined.Persons)); n != jp {
		t.Errorf("the file a new report joined lost persons: %d of %d left", n, jp)
	}
	// A run that planned before the new report came (the plan is stale by
	// the time its batch runs) checks again inside the transaction.
	done, skipped, err := srv.Store().DestroyFiles(ctx, []retention.File{joined}, retention.DefaultRule(), srv.Clock().Now(),
		func(int64, retention.File) audit.Entry {
			t.Fatal("an audit entry for a file that is not destroyed")
			return audit.Entry{}
		})
	if err != nil || len(done) != 0 || len(skipped) != 1 || skipped[0].Reason != "a newer report names a person of the file" {
		t.Errorf("destroying a file a report joined after the plan: done %v, skipped %+v, %v", done, skipped, err)
	}
	np, nr, nc = np-jp, nr-jr, nc-jc
	plan.Destroy = slices.DeleteFunc(slices.Clone(plan.Destroy), func(f retention.File) bool { return slices.Equal(f.Persons, joined.Persons) })
	var all []int64
	var reportIDs, caseIDs []int64
	for _, f := range plan.Destroy {
		all = append(all, f.Persons...)
		reportIDs = append(reportIDs, f.Reports...)
		caseIDs = append(caseIDs, f.Cases...)
	}
	for _, q := range []string{
		`SELECT COUNT(*) AS n FROM persons WHERE id IN ` + idList(all),
		`SELECT COUNT(*) AS n FROM person_search_keys WHERE person_id IN ` + idList(all),
		`SELECT COUNT(*) AS n FROM mentions WHERE person_id IN ` + idList(all),
		`SELECT COUNT(*) AS n FROM reports WHERE id IN ` + idList(reportIDs),
		`SELECT COUNT(*) AS n FROM cases WHERE id IN ` + idList(caseIDs),
		`SELECT COUNT(*) AS n FROM case_transitions WHERE case_id IN ` + idList(caseIDs),
		`SELECT COUNT(*) AS n FROM alerts WHERE report_id IN ` + idList(reportIDs),
	} {
		if n := rowCount(t, srv, q); n != 0 {
			t.Errorf("after the run: %s = %d", q, n)
		}
	}
	if n := rowCount(t, srv, `SELECT COUNT(*) AS n FROM it_cases WHERE case_id = ?`, itFrom) + rowCount(t, srv, `SELECT COUNT(*) AS n FROM it_mics WHERE it_case_id = ?`, itID); n != 0 {
		t.Errorf("after the run: %d rows of the IT case of case %d and its incident report left", n, itFrom)
	}
	if n := rowCount(t, srv, `SELECT COUNT(*) AS n FROM persons WHERE id IN `+idList(held.Persons)); n != len(held.Persons) {
		t.Errorf("the held file lost persons: %d of %d left", n, len(held.Persons))
	}
	if n := rowCount(t, srv, `SELECT COUNT(*) AS n FROM destroyed_records`); n != np+nr+nc {
		t.Errorf("%d tombstone records, want %d", n, np+nr+nc)
	}
	if n := rowCount(t, srv, `SELECT COUNT(*) AS n FROM destroyed_files`); n != len(plan.Destroy) {
		t.Errorf("%d destroyed files recorded, want %d", n, len(plan.Destroy))
	}
	// Tombstones carry numbers, never a name.
	if n := rowCount(t, srv, `SELECT COUNT(*) AS n FROM destroyed_records WHERE ref LIKE ?`, "%"+p.Surname+"%"); n != 0 {
		t.Errorf("a tombstone names %q", p.Surname)
	}
	// The server's radar forgets the destroyed person; its search keys
	// are gone with them.
	if err := srv.Radar().ForgetDestroyed(ctx, srv.Store()); err != nil {
		t.Fatal(err)
	}
	if hitsFor(t, srv, probe, victim) {
		t.Errorf("the radar still proposes destroyed person %d", victim)
	}
	if searchFinds() {
		t.Errorf("search still finds destroyed person %d", victim)
	}
	if code, out, errOut := run(t, "audit", "verify", "--db", src); code != 0 || !strings.Contains(out, "verified") {
		t.Fatalf("audit verify after the run: exit %d, %q %q", code, out, errOut)
	}
	destroyEntries := 0
	for _, e := range apptest.AuditAfter(t, srv, 0) {
		if e.Action == retention.ActionDestroy {
			destroyEntries++
			if e.ActorName != "Pim Prins" || !strings.HasPrefix(e.Reason, "vt-20y-child18") {
				t.Errorf("destroy entry %+v", e)
			}
		}
	}
	if destroyEntries != len(plan.Destroy) {
		t.Errorf("%d destroy entries in the audit log, want one per file (%d)", destroyEntries, len(plan.Destroy))
	}
	if again := planOf(t, src); len(again.Destroy) != 0 {
		t.Errorf("a second plan still lists %d files", len(again.Destroy))
	}

	// The backup from before the run brings the destroyed files back:
	// the next plan lists them again and a run destroys them again.
	if code, out, errOut := run(t, "restore", "--db", restoreTo, bk); code != 0 {
		t.Fatalf("restore: exit %d, %q %q", code, out, errOut)
	}
	// The backup predates the late report: the whole original plan applies.
	restored := planOf(t, restoreTo)
	if len(restored.Destroy) != len(plan.Destroy)+1 {
		t.Fatalf("the restored database plans %d files, the original planned %d", len(restored.Destroy), len(plan.Destroy)+1)
	}
	want = fmt.Sprintf("destroyed %d files under rule vt-20y-child18: %d persons, %d reports, %d cases", len(plan.Destroy)+1, np+jp, nr+jr, nc+jc)
	if code, out, errOut := run(t, "retention", "run", "--db", restoreTo, "--by", "privacy"); code != 0 || !strings.Contains(out, want) {
		t.Fatalf("run after restore: exit %d, %q %q", code, out, errOut)
	}
	if code, out, errOut := run(t, "audit", "verify", "--db", restoreTo); code != 0 {
		t.Fatalf("audit verify after restore and run: exit %d, %q %q", code, out, errOut)
	}
}

func TestRetentionOverYearsSQLite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	retentionDrill(t, "sqlite:"+filepath.Join(dir, "toren.db"), "sqlite:"+filepath.Join(dir, "restored.db"))
}

func TestRetentionOverYearsPostgres(t *testing.T) {
	t.Parallel()
	base := storetest.PostgresDSN(t)
	src := storetest.PostgresSchema(t)
	b := make([]byte, 6)
	rand.Read(b)
	restoredDB := "toren_retain_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if _, err := admin.Exec("CREATE DATABASE " + restoredDB); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE " + restoredDB + " WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", restoredDB, err)
		}
	})
	u, err := url.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + restoredDB
	retentionDrill(t, src, u.String())
}
