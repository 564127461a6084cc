// Package storetest is the conformance suite every storage backend must
// pass. It is written once and run unchanged against SQLite and PostgreSQL.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"toren/internal/cases"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/toren"
)

// Opener returns a fresh, migrated, empty database for one test.
type Opener func(t testing.TB) *store.DB

// Run runs the whole suite, each test in parallel on a database of its
// own.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, db *store.DB)
	}{
		{"MigrateIsIdempotent", testMigrateIdempotent},
		{"ReportRoundTrip", testReportRoundTrip},
		{"Numbering", testNumbering},
		{"IdempotencyReplay", testIdempotencyReplay},
		{"IdempotencyKeyReuseConflicts", testIdempotencyConflict},
		{"BatchIsAtomic", testBatchAtomic},
		{"LinkedMentionEnrichesPerson", testEnrich},
		{"PersonVersionConflict", testPersonConflict},
		{"ConcurrentUpdatesOneWins", testConcurrentUpdates},
		{"CaseLifecycle", testCase},
		{"Letters", testLetters},
		{"SaveLetters", testSaveLetters},
		{"ListsAndPaging", testLists},
		{"NotFound", testNotFound},
		{"ReportAuditSameTransaction", testReportAuditSameTransaction},
		{"BreakGlassGrants", testBreakGlassGrants},
		{"Users", testUsers},
		{"TOTPStepRace", testTOTPStepRace},
		{"Sessions", testSessions},
		{"SessionUser", testSessionUser},
		{"AuditAppendVerify", testAuditAppendVerify},
		{"AuditParallelAppendsOneChain", testAuditParallel},
		{"AuditAppendOnly", testAuditAppendOnly},
		{"AuditTamperDetected", testAuditTamper},
		{"AuditForPerson", testAuditForPerson},
		{"MentionLinks", testMentionLinks},
		{"NamedPersons", testNamedPersons},
		{"CoMentions", testCoMentions},
		{"ReviewQueue", testReviewQueue},
		{"ReviewQueueUrgentFirst", testReviewQueueUrgentFirst},
		{"IntakeDrafts", testIntakeDrafts},
		{"CaseworkOpen", testCaseworkOpen},
		{"CaseworkOpenRace", testCaseworkOpenRace},
		{"CaseworkRecords", testCaseworkRecords},
		{"CaseworkVersions", testCaseworkVersions},
		{"CaseworkMonitoring", testCaseworkMonitoring},
		{"AlertsRaisedWithReport", testAlertsRaisedWithReport},
		{"AlertsForCases", testAlertsForCases},
		{"AlertsForReviewCandidates", testAlertsForReviewCandidates},
		{"AlertsSameTransaction", testAlertsSameTransaction},
		{"AlertAcknowledge", testAlertAcknowledge},
		{"AlertsForWorkerAndPaging", testAlertsForWorkerAndPaging},
		{"AlertsCountCapAndTeams", testAlertsCountCapAndTeams},
		{"AlertsFilterAndBulk", testAlertsFilterAndBulk},
		{"ReportMeldcode", testReportMeldcode},
		{"HouseholdSurfacesParentsViolence", testHouseholdSurfacesParentsViolence},
		{"HouseholdSkipsInstitutions", testHouseholdSkipsInstitutions},
		{"HistorySources", testHistorySources},
		{"HouseholdByReportEscalates", testHouseholdByReportEscalates},
		{"SearchPersons", testSearchPersons},
		{"LookupNumber", testLookupNumber},
		{"PersonsFacts", testPersonsFacts},
		{"ActiveGrants", testActiveGrants},
		{"CountsAndBackfill", testCountsAndBackfill},
		{"ReviewDecisionRace", testReviewDecisionRace},
		{"MergeRoundTrip", testMergeRoundTrip},
		{"MergeChains", testMergeChains},
		{"ITCases", testITCases},
		{"Stats", testStats}, {"StatsLocalDay", testStatsLocalDay},
		{"Clients", testClients},
	}
	// Each test has a database of its own, so they run side by side: most
	// of a PostgreSQL test's time is the server migrating its schema.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, open(t))
		})
	}
}

var t0 = time.Date(2026, 3, 2, 9, 30, 15, 123456000, time.UTC)

func sample(kind reports.Kind) *reports.Report {
	age := 4
	return &reports.Report{
		Kind:       kind,
		ReceivedAt: t0,
		Channel:    reports.ChannelPhone,
		Reporter: reports.Reporter{Kind: reports.ReporterPolice, Name: "J. Bakker", Organisation: "Politie Eenheid Oost-Nederland",
			Phone: "088-1234567", ProtectIdentity: true},
		ExternalRef:     "PL0600-2026012345",
		Acute:           true,
		ChildrenPresent: reports.Yes,
		ViolenceTypes:   []reports.ViolenceType{reports.TypeExPartner, reports.TypeWitnessingDomestic},
		Natures:         []reports.Nature{reports.NatureThreats, reports.NaturePsychologicalAbuse},
		Municipality:    "GM0153",
		Description:     "Escalatie tussen ex-partners; kinderen waren getuige.",
		RegisteredAt:    t0.Add(time.Minute),
		RegisteredBy:    "intake",
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Sandra", Particle: "van der", Surname: "Berg", BirthDate: toren.MustDate("1990-05-17"),
				Sex: reports.SexFemale, Street: "Lasondersingel", HouseNumber: "12A", Postcode: "7514 BP", City: "Enschede", Municipality: "GM0153",
				BSN: "111222333", Phone: "06-12345678"},
			{Role: reports.RoleChild, FirstNames: "Daan", Surname: "Kaya", Age: &age, Sex: reports.SexMale},
		},
	}
}

func create(t *testing.T, db *store.DB, r *reports.Report, key string) bool {
	t.Helper()
	return createWith(t, db, nil, r, key)
}

// createWith stores r through intake's steps, raising alerts through a
// (none when nil).
func createWith(t *testing.T, db *store.DB, a intake.AlertRaiser, r *reports.Report, key string) bool {
	t.Helper()
	replayed, err := (intake.Steps{Store: db, Alerts: a}).Register(intaketest.Audited(context.Background()), intake.NewReport{Report: r, IdempotencyKey: key, RequestHash: "h:" + key})
	if err != nil {
		t.Fatalf("register report: %v", err)
	}
	return replayed[0]
}

func testMigrateIdempotent(t *testing.T, db *store.DB) {
	applied, err := db.Migrate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != 0 {
		t.Errorf("second migrate applied %v, want nothing", applied)
	}
	cur, latest, err := db.SchemaVersion(context.Background())
	if err != nil || cur != latest || cur == 0 {
		t.Errorf("SchemaVersion = %d, %d, %v; want equal and > 0", cur, latest, err)
	}
}

func testReportRoundTrip(t *testing.T, db *store.DB) {
	ctx := context.Background()
	in := sample(reports.KindReport)
	create(t, db, in, "")
	if in.ID == 0 || in.Number == "" || in.Version != 1 {
		t.Fatalf("not assigned: id %d number %q version %d", in.ID, in.Number, in.Version)
	}
	for i, m := range in.Persons {
		if m.ID == 0 || m.PersonID == 0 {
			t.Fatalf("persons[%d] not stored or not linked: %+v", i, m)
		}
	}
	got, err := db.GetReport(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, got); diff != "" {
		t.Errorf("report changed on the way through the store (-stored +read):\n%s", diff)
	}
	byNumber, err := db.GetReportByNumber(ctx, in.Number)
	if err != nil || byNumber.ID != in.ID {
		t.Errorf("GetReportByNumber(%q) = %v, %v", in.Number, byNumber, err)
	}
	p, err := db.GetPerson(ctx, in.Persons[0].PersonID)
	if err != nil {
		t.Fatal(err)
	}
	if p.FullName() != "Sandra van der Berg" || p.BSN != "111222333" || p.BirthDate.String() != "1990-05-17" || p.Mentions != 1 {
		t.Errorf("person made from mention = %+v", p)
	}
}

func testNumbering(t *testing.T, db *store.DB) {
	var got []string
	for _, k := range []reports.Kind{reports.KindReport, reports.KindReport, reports.KindAdvice, reports.KindReport} {
		r := sample(k)
		create(t, db, r, "")
		got = append(got, r.Number)
	}
	want := []string{"M-2026-000001", "M-2026-000002", "A-2026-000001", "M-2026-000003"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("numbers (-want +got):\n%s", diff)
	}
	// A group commit takes its numbers in blocks; the series goes on
	// without a gap after it, and a failed group hands out none.
	var group []intake.NewReport
	for _, k := range []reports.Kind{reports.KindReport, reports.KindReport, reports.KindAdvice, reports.KindReport, reports.KindReport, reports.KindReport} {
		group = append(group, intake.NewReport{Report: sample(k)})
	}
	ctx := intaketest.Audited(context.Background())
	if _, err := (intake.Steps{Store: db}).Register(ctx, group...); err != nil {
		t.Fatal(err)
	}
	bad := sample(reports.KindReport)
	bad.Persons[0].PersonID = 999999 // no such person: the group fails
	if _, err := (intake.Steps{Store: db}).Register(ctx, intake.NewReport{Report: sample(reports.KindReport)}, intake.NewReport{Report: bad}); err == nil {
		t.Fatal("a group with a report linked to no person was stored")
	}
	got = got[:0]
	for _, nr := range group {
		got = append(got, nr.Report.Number)
	}
	after := sample(reports.KindReport)
	create(t, db, after, "")
	got = append(got, after.Number)
	want = []string{"M-2026-000004", "M-2026-000005", "A-2026-000002", "M-2026-000006", "M-2026-000007", "M-2026-000008", "M-2026-000009"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("numbers of a group and the report after it (-want +got):\n%s", diff)
	}
}

func testIdempotencyReplay(t *testing.T, db *store.DB) {
	ctx := intaketest.Audited(context.Background())
	first := sample(reports.KindReport)
	if create(t, db, first, "k1") {
		t.Fatal("first submission reported as replay")
	}
	again := sample(reports.KindReport)
	if !create(t, db, again, "k1") {
		t.Fatal("retry with the same key was stored again")
	}
	if again.ID != first.ID || again.Number != first.Number {
		t.Errorf("replay returned %s, want the stored %s", again.Number, first.Number)
	}
	n, _, persons, err := db.Counts(ctx)
	if err != nil || n != 1 || persons != 2 {
		t.Errorf("after replay: %d reports, %d persons, %v; want 1 and 2", n, persons, err)
	}
	// In a group commit the keys are checked in one go: a key stored
	// before replays, and a key used twice in the group stores one report.
	group := []intake.NewReport{
		{Report: sample(reports.KindReport), IdempotencyKey: "k1", RequestHash: "h:k1"},
		{Report: sample(reports.KindReport), IdempotencyKey: "k2", RequestHash: "h:k2"},
		{Report: sample(reports.KindReport), IdempotencyKey: "k2", RequestHash: "h:k2"},
		{Report: sample(reports.KindReport), IdempotencyKey: "k3", RequestHash: "h:k3"},
	}
	replayed, err := (intake.Steps{Store: db}).Register(ctx, group...)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(replayed, []bool{true, false, true, false}) {
		t.Errorf("replayed = %v, want the stored key and the second use of k2", replayed)
	}
	if group[0].Report.ID != first.ID || group[2].Report.ID != group[1].Report.ID || group[3].Report.ID == group[1].Report.ID {
		t.Errorf("reports %d, %d, %d, %d; want %d, one report for k2 and another for k3",
			group[0].Report.ID, group[1].Report.ID, group[2].Report.ID, group[3].Report.ID, first.ID)
	}
	if n, _, _, err := db.Counts(ctx); err != nil || n != 3 {
		t.Errorf("after the group: %d reports, %v; want 3", n, err)
	}
}

func testIdempotencyConflict(t *testing.T, db *store.DB) {
	ctx := context.Background()
	create(t, db, sample(reports.KindReport), "k2")
	other := sample(reports.KindReport)
	other.Description = "Iets anders."
	_, err := (intake.Steps{Store: db}).Register(intaketest.Audited(ctx), intake.NewReport{Report: other, IdempotencyKey: "k2", RequestHash: "different"})
	if toren.ErrorCode(err) != toren.CodeConflict {
		t.Fatalf("reused key with other content: err = %v, want conflict", err)
	}
	if n, _, _, _ := db.Counts(ctx); n != 1 {
		t.Errorf("%d reports stored, want 1", n)
	}
}

func testBatchAtomic(t *testing.T, db *store.DB) {
	ctx := context.Background()
	good := sample(reports.KindReport)
	bad := sample(reports.KindReport)
	bad.Persons[0].PersonID = 999999 // links to a person that does not exist
	_, err := (intake.Steps{Store: db}).Register(intaketest.Audited(ctx), []intake.NewReport{{Report: good}, {Report: bad}}...)
	if err == nil {
		t.Fatal("batch with a broken report succeeded")
	}
	n, _, p, err := db.Counts(ctx)
	if err != nil || n != 0 || p != 0 {
		t.Errorf("after failed batch: %d reports, %d persons (%v); want nothing stored", n, p, err)
	}
	if good.ID != 0 || good.Persons[0].PersonID != 0 {
		t.Errorf("failed batch left IDs in the caller's report: %d, %d", good.ID, good.Persons[0].PersonID)
	}
	// The same batch without the broken one goes through.
	replayed, err := (intake.Steps{Store: db}).Register(intaketest.Audited(ctx), []intake.NewReport{{Report: good}}...)
	if err != nil || replayed[0] {
		t.Fatalf("retry: %v %v", replayed, err)
	}
}

func testEnrich(t *testing.T, db *store.DB) {
	ctx := context.Background()
	first := sample(reports.KindReport)
	first.Persons[0].Phone = ""
	first.Persons[0].Street, first.Persons[0].HouseNumber, first.Persons[0].Postcode = "", "", ""
	create(t, db, first, "")
	pid := first.Persons[0].PersonID

	second := sample(reports.KindReport)
	second.Persons = second.Persons[:1]
	second.Persons[0].PersonID = pid
	second.Persons[0].FirstNames = "Sandra Maria" // a reporter's variant must not overwrite
	create(t, db, second, "")
	p, err := db.GetPerson(ctx, pid)
	if err != nil {
		t.Fatal(err)
	}
	if p.FirstNames != "Sandra" || p.Phone != "06-12345678" || p.Postcode != "7514 BP" || p.Version != 2 || p.Mentions != 2 {
		t.Errorf("enriched person = %+v", p)
	}
	ms, err := db.MentionsOfPerson(ctx, pid)
	if err != nil || len(ms) != 2 || ms[0].ReportNumber != second.Number {
		t.Errorf("MentionsOfPerson = %+v, %v", ms, err)
	}
}

func testPersonConflict(t *testing.T, db *store.DB) {
	ctx := context.Background()
	r := sample(reports.KindReport)
	create(t, db, r, "")
	a, _ := db.GetPerson(ctx, r.Persons[0].PersonID)
	b, _ := db.GetPerson(ctx, r.Persons[0].PersonID)
	a.Phone = "06-11111111"
	if err := db.UpdatePerson(ctx, &a); err != nil {
		t.Fatal(err)
	}
	b.Phone = "06-22222222"
	if err := db.UpdatePerson(ctx, &b); toren.ErrorCode(err) != toren.CodeConflict {
		t.Fatalf("stale update: err = %v, want conflict", err)
	}
	got, _ := db.GetPerson(ctx, a.ID)
	if got.Phone != "06-11111111" || got.Version != 2 {
		t.Errorf("after conflict: phone %q version %d; the first update must stand", got.Phone, got.Version)
	}
	missing := persons.Person{ID: 424242, Version: 1}
	if err := db.UpdatePerson(ctx, &missing); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("update of missing person: %v, want not found", err)
	}
}

func testConcurrentUpdates(t *testing.T, db *store.DB) {
	ctx := context.Background()
	c := &cases.Case{Status: cases.StatusReceived, Team: "A", OpenedAt: t0}
	if err := db.CreateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			mine := *c
			mine.Summary = "writer " + string(rune('A'+i))
			errs[i] = db.UpdateCase(ctx, &mine)
		}(i)
	}
	wg.Wait()
	ok, conflicts := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case toren.ErrorCode(err) == toren.CodeConflict:
			conflicts++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 || conflicts != n-1 {
		t.Errorf("%d updates won and %d conflicted; want 1 and %d", ok, conflicts, n-1)
	}
	got, _ := db.GetCase(ctx, c.ID)
	if got.Version != 2 {
		t.Errorf("version %d after one winning update, want 2", got.Version)
	}
}

func testCase(t *testing.T, db *store.DB) {
	ctx := context.Background()
	r1, r2 := sample(reports.KindReport), sample(reports.KindReport)
	create(t, db, r1, "")
	create(t, db, r2, "")
	c := &cases.Case{Status: cases.StatusSafetyAssessment, Team: "Backoffice Oost", ReportIDs: []int64{r1.ID, r2.ID}, OpenedAt: t0}
	if err := db.CreateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.Number != "D-2026-000001" {
		t.Errorf("case number %q", c.Number)
	}
	got, err := db.GetCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, got); diff != "" {
		t.Errorf("case (-stored +read):\n%s", diff)
	}
	got.Status = cases.StatusConditions
	got.UpdatedAt = t0.Add(time.Hour)
	if err := db.UpdateCase(ctx, got); err != nil {
		t.Fatal(err)
	}
	stale := *c
	stale.Status = cases.StatusEnded
	if err := db.UpdateCase(ctx, &stale); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("stale case update: %v, want conflict", err)
	}
	bad := &cases.Case{Status: cases.StatusReceived, ReportIDs: []int64{987654}, OpenedAt: t0}
	if err := db.CreateCase(ctx, bad); err == nil {
		t.Error("case linked to a missing report was stored")
	}
}

func testLists(t *testing.T, db *store.DB) {
	ctx := context.Background()
	var ids []int64
	for i := 0; i < 5; i++ {
		r := sample(reports.KindReport)
		if i == 4 {
			r.Kind = reports.KindAdvice
		}
		create(t, db, r, "")
		ids = append(ids, r.ID)
	}
	page1, err := db.ListReports(ctx, reports.Filter{Limit: 2})
	if err != nil || len(page1) != 2 || page1[0].ID != ids[4] || page1[1].ID != ids[3] {
		t.Fatalf("page 1 = %+v, %v", page1, err)
	}
	if page1[1].Persons != 2 || !page1[1].Acute || len(page1[1].ViolenceTypes) != 2 {
		t.Errorf("summary = %+v", page1[1])
	}
	page2, err := db.ListReports(ctx, reports.Filter{Limit: 2, BeforeID: page1[1].ID})
	if err != nil || len(page2) != 2 || page2[0].ID != ids[2] {
		t.Fatalf("page 2 = %+v, %v", page2, err)
	}
	adv, _ := db.ListReports(ctx, reports.Filter{Kind: reports.KindAdvice})
	if len(adv) != 1 || adv[0].Number != "A-2026-000001" {
		t.Errorf("advice filter = %+v", adv)
	}
	ps, err := db.ListPersons(ctx, persons.Filter{Surname: "Van der BERG"})
	if err != nil || len(ps) != 5 {
		t.Errorf("persons named Berg: %d, %v; want 5", len(ps), err)
	}
	ps, _ = db.ListPersons(ctx, persons.Filter{Surname: "ka"})
	if len(ps) != 5 || ps[0].Surname != "Kaya" {
		t.Errorf("prefix search 'ka' = %d persons", len(ps))
	}
	byBSN, err := db.Candidates(ctx, intake.CandidateQuery{BSN: "111222333"})
	if err != nil || len(byBSN) != 5 {
		t.Errorf("candidates by BSN = %d, %v", len(byBSN), err)
	}
	byName, err := db.Candidates(ctx, intake.CandidateQuery{SurnameKey: "berg", BirthDate: toren.MustDate("1990-05-17")})
	if err != nil || len(byName) != 5 {
		t.Errorf("candidates by name and birth date = %d, %v", len(byName), err)
	}
	either, err := db.Candidates(ctx, intake.CandidateQuery{BSN: "123456782", SurnameKey: "kaya", BirthDate: toren.MustDate("1990-05-17")})
	if err != nil || len(either) != 0 {
		t.Errorf("candidates for an unknown BSN and a name without that birth date = %d, %v", len(either), err)
	}
	none, err := db.Candidates(ctx, intake.CandidateQuery{})
	if err != nil || len(none) != 0 {
		t.Errorf("empty query = %d, %v", len(none), err)
	}
	testCandidatesBatch(t, db)
}

// testCandidatesBatch: the candidates of several queries read at once (one
// statement on PostgreSQL) are those each query finds alone, inside the
// transaction, persons it made included.
func testCandidatesBatch(t *testing.T, db *store.DB) {
	ctx := context.Background()
	born := toren.MustDate("1990-05-17")
	qs := []intake.CandidateQuery{
		{BSN: "111222333"},
		{SurnameKey: "berg", BirthDate: born},
		{BSN: "123456782", SurnameKey: "kaya", BirthDate: born},
		{BSN: "111222333", SurnameKey: "berg", BirthDate: born},
		{SurnameKey: "nieuw", BirthDate: born},
	}
	type batcher interface {
		CandidatesBatch(ctx context.Context, qs []intake.CandidateQuery) ([][]persons.Person, error)
	}
	err := db.WriteTx(ctx, func(tx intake.Tx) error {
		b, ok := tx.(batcher)
		if !ok {
			return fmt.Errorf("the write transaction %T has no CandidatesBatch", tx)
		}
		p := persons.Person{Surname: "Nieuw", BirthDate: born, CreatedAt: time.Now(), UpdatedAt: time.Now()}
		if _, err := tx.InsertPerson(ctx, &p); err != nil {
			return err
		}
		got, err := b.CandidatesBatch(ctx, qs)
		if err != nil {
			return err
		}
		if len(got) != len(qs) {
			return fmt.Errorf("%d results for %d queries", len(got), len(qs))
		}
		for i, q := range qs {
			alone, err := tx.Candidates(ctx, q)
			if err != nil {
				return err
			}
			if ids(got[i]) != ids(alone) {
				t.Errorf("query %d %+v: batch found %s, alone %s", i, q, ids(got[i]), ids(alone))
			}
		}
		if len(got[0]) != 5 || len(got[2]) != 0 || len(got[4]) != 1 {
			t.Errorf("batch found %d, %d, %d persons; want 5 by BSN, none for an unknown BSN and birth date, the new person", len(got[0]), len(got[2]), len(got[4]))
		}
		return errRollBack
	}, nil)
	if !errors.Is(err, errRollBack) {
		t.Fatal(err)
	}
}

var errRollBack = errors.New("roll back")

// ids lists the persons' IDs, sorted.
func ids(ps []persons.Person) string {
	var out []int64
	for _, p := range ps {
		out = append(out, p.ID)
	}
	slices.Sort(out)
	return fmt.Sprint(out)
}

func testNotFound(t *testing.T, db *store.DB) {
	ctx := context.Background()
	checks := map[string]error{}
	_, checks["report"] = db.GetReport(ctx, 77)
	_, checks["report by number"] = db.GetReportByNumber(ctx, "M-2026-999999")
	_, checks["person"] = db.GetPerson(ctx, 77)
	_, checks["case"] = db.GetCase(ctx, 77)
	for what, err := range checks {
		var te *toren.Error
		if !errors.As(err, &te) || te.Code != toren.CodeNotFound {
			t.Errorf("%s: err = %v, want not found", what, err)
		}
	}
}

// IdempotencyRace stores one report under one idempotency key from many
// transactions at once on two connection pools (two servers on one
// PostgreSQL database), in groups of two with a report of a key of its
// own: a transaction that loses the race for the key, found only when its
// deferred insert reaches the database, runs again and replays. Exactly
// one report with that key is stored, every call succeeds, and each group
// also stores its other report.
func IdempotencyRace(t *testing.T, a, b *store.DB) {
	ctx := intaketest.Audited(context.Background())
	const callers = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	stored := map[int64]bool{}
	fresh := 0
	for i := range callers {
		db := a
		if i%2 == 1 {
			db = b
		}
		wg.Go(func() {
			own := fmt.Sprintf("race-own-%d", i)
			group := []intake.NewReport{
				{Report: sample(reports.KindReport), IdempotencyKey: "race", RequestHash: "h:race"},
				{Report: sample(reports.KindReport), IdempotencyKey: own, RequestHash: "h:" + own},
			}
			replayed, err := (intake.Steps{Store: db}).Register(ctx, group...)
			if err != nil {
				t.Errorf("caller %d: %v", i, err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			stored[group[0].Report.ID] = true
			if !replayed[0] {
				fresh++
			}
			if replayed[1] {
				t.Errorf("caller %d: its own key replayed", i)
			}
		})
	}
	wg.Wait()
	if len(stored) != 1 || fresh != 1 {
		t.Errorf("the raced key gave reports %v, %d stored anew; want one, stored once", stored, fresh)
	}
	if n, _, _, err := a.Counts(ctx); err != nil || n != callers+1 {
		t.Errorf("%d reports, %v; want %d", n, err, callers+1)
	}
}
