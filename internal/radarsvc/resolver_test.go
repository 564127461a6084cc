package radarsvc_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/demo"
	"toren/internal/intake"
	"toren/internal/nl"
	"toren/internal/radar"
	"toren/internal/radarsvc"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, toren.Amsterdam)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type env struct {
	db  *store.DB
	res *radarsvc.Resolver
	svc *intake.Service
}

// newEnv wires intake over a fresh SQLite database with a radar resolver
// loaded from it.
func newEnv(t *testing.T) env {
	t.Helper()
	db := storetest.OpenSQLite(t)
	return envOn(t, db)
}

func envOn(t testing.TB, db *store.DB) env {
	t.Helper()
	res, err := radarsvc.NewDefault(quiet)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	v := reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: toren.NewFixedClock(now)}
	return env{db: db, res: res, svc: intake.NewService(db, v, res, toren.NewFixedClock(now), quiet)}
}

func (e env) submit(t testing.TB, r *reports.Report) *reports.Report {
	t.Helper()
	res, err := e.svc.Submit(context.Background(), authz.Console("test"), intake.Submission{Report: r})
	if err != nil {
		t.Fatal(err)
	}
	return res.Report
}

func (e env) links(t *testing.T, r *reports.Report) []intake.MentionLink {
	t.Helper()
	ls, err := e.db.LinksOfReport(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

func (e env) persons(t *testing.T) int64 {
	t.Helper()
	_, _, n, err := e.db.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func lisanne(t *testing.T) (police, care *reports.Report) {
	for _, s := range demo.Seed(now) {
		if s.Story != "lisanne" {
			continue
		}
		r := s.Report
		if r.Reporter.Kind == reports.ReporterPolice {
			police = &r
		} else {
			care = &r
		}
	}
	if police == nil || care == nil {
		t.Fatal("the demo lacks the two reports of the case of Lisanne")
	}
	return police, care
}

func explanation(t *testing.T, raw json.RawMessage) radarsvc.Explanation {
	t.Helper()
	var e radarsvc.Explanation
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatalf("evidence %s: %v", raw, err)
	}
	return e
}

// The case of Lisanne: the police name the mother with her BSN, the care
// provider a day later spells her surname Wijnants and gives no BSN. She
// is one registry person, linked with the evidence that says why.
func TestLisanneLinkedWithEvidence(t *testing.T) {
	e := newEnv(t)
	police, care := lisanne(t)
	police = e.submit(t, police)
	care = e.submit(t, care)

	mother := police.Persons[0].PersonID
	if care.Persons[0].Surname != "Wijnants" || care.Persons[0].BSN != "" {
		t.Fatalf("the care report changed: %+v", care.Persons[0])
	}
	if care.Persons[0].PersonID != mother {
		t.Fatalf("Lisanne Wijnants (care) linked to person %d, want Lisanne Wijnands %d", care.Persons[0].PersonID, mother)
	}
	l := e.links(t, care)[0]
	if l.Method != intake.LinkProbabilistic || l.LinkedBy != store.LinkedBySystem || l.Score == nil || *l.Score < radar.DefaultThresholds().Link {
		t.Errorf("link = %+v, want a probabilistic link by the system at or above the threshold", l)
	}
	ex := explanation(t, l.Evidence)
	if ex.PersonID != mother || ex.Outcome != radar.OutcomeLink || ex.Reason != radar.ReasonScore {
		t.Errorf("explanation = %+v", ex)
	}
	levels := map[radar.Field]string{}
	for _, f := range ex.Fields {
		levels[f.Field] = f.Level
	}
	if levels[radar.FieldSurname] != "typo" || levels[radar.FieldBirthDate] != "exact" || levels[radar.FieldGivenNames] != "exact" {
		t.Errorf("field evidence = %+v, want surname typo, birth date and given name exact", ex.Fields)
	}

	// The children, named by age only, are linked to themselves (the twins
	// apart by their given names). Father, "Dennis v.d. Meulen" without a
	// date of birth, is linked because the police report named him beside
	// the mother and children this report names: the evidence says so.
	for i := 2; i <= 4; i++ {
		if care.Persons[i].PersonID != police.Persons[i].PersonID {
			t.Errorf("%s linked to %d, want %d", care.Persons[i].FullName(), care.Persons[i].PersonID, police.Persons[i].PersonID)
		}
	}
	father := care.Persons[1]
	items, err := e.db.ListReviewItems(context.Background(), registry.ReviewFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if father.PersonID != police.Persons[1].PersonID || len(items) != 0 {
		t.Errorf("father -> %d; review items %+v; want a link to %d", father.PersonID, items, police.Persons[1].PersonID)
	}
	fx := explanation(t, e.links(t, care)[1].Evidence)
	household := ""
	for _, f := range fx.Fields {
		if f.Field == radar.FieldHousehold {
			household = f.Level
		}
	}
	if fx.Outcome != radar.OutcomeLink || household != "named_with" {
		t.Errorf("father's explanation = %+v, want a link with household evidence named_with", fx)
	}

	// The police report again, with the BSN: linked by the BSN rule.
	again, _ := lisanne(t)
	again.ExternalRef += "-2"
	again = e.submit(t, again)
	if l := e.links(t, again)[0]; again.Persons[0].PersonID != mother || l.Method != intake.LinkBSN {
		t.Errorf("second police report: person %d, link %+v; want %d by BSN", again.Persons[0].PersonID, l, mother)
	}
}

// family is a police report on a household of three. Households differ in
// every field by their number k, as different families do.
func family(k int, surname string, received time.Time) *reports.Report {
	mothers := []string{"Esra", "Sanne", "Fatima", "Linda", "Anouk", "Mirjam", "Noor", "Petra"}
	fathers := []string{"Murat", "Kees", "Youssef", "Henk", "Bram", "Ruud", "Sem", "Jeroen"}
	kids := []string{"Elif", "Tess", "Amira", "Lotte", "Julia", "Emma", "Zoë", "Fenna"}
	born := func(y int) toren.Date { return toren.MustDate(fmt.Sprintf("%d-%02d-%02d", y, 1+k%12, 1+k%28)) }
	addr := func(m reports.Mention) reports.Mention {
		m.Street, m.HouseNumber, m.Postcode, m.City, m.Municipality = "Lasondersingel", fmt.Sprint(10+k), fmt.Sprintf("75%02d BP", 10+k%90), "Enschede", "GM0153"
		return m
	}
	return &reports.Report{
		Kind:          reports.KindReport,
		ReceivedAt:    received,
		Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
		ViolenceTypes: []reports.ViolenceType{reports.TypePartner},
		Description:   "Melding na huiselijk geweld.",
		Persons: []reports.Mention{
			addr(reports.Mention{Role: reports.RoleVictim, FirstNames: mothers[k%8], Surname: surname, BirthDate: born(1980 + k%15), Sex: reports.SexFemale}),
			addr(reports.Mention{Role: reports.RolePerpetrator, FirstNames: fathers[k%8], Surname: surname, BirthDate: born(1975 + k%13), Sex: reports.SexMale}),
			addr(reports.Mention{Role: reports.RoleChild, FirstNames: kids[k%8], Surname: surname, BirthDate: born(2010 + k%12), Sex: reports.SexFemale}),
		},
	}
}

// A family named twice in one batch is one family: the second report
// finds the persons the first made in the same transaction. Six families
// make the batch large enough to be matched ahead of the store.
func TestFamilyTwiceInOneBatch(t *testing.T) {
	const families = 6
	e := newEnv(t)
	var subs []intake.Submission
	for round := range 2 {
		for k := range families {
			r := family(k, fmt.Sprint("Yilmaz", k), now.Add(-time.Duration(3-round)*time.Hour))
			r.ExternalRef = fmt.Sprint("melding ", round)
			subs = append(subs, intake.Submission{Report: r})
		}
	}
	res, errs, err := e.svc.SubmitBatch(context.Background(), authz.Console("test"), subs)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := e.persons(t); n != 3*families {
		t.Errorf("%d registry persons after %d families named twice, want %d", n, families, 3*families)
	}
	for k := range families {
		first, second := res[k].Report, res[families+k].Report
		ls := e.links(t, second)
		for i, m := range second.Persons {
			if m.PersonID != first.Persons[i].PersonID || ls[i].Method != intake.LinkProbabilistic {
				t.Errorf("family %d, second report persons[%d] -> %d (%s), want %d", k, i, m.PersonID, ls[i].Method, first.Persons[i].PersonID)
			}
		}
	}
	if e.res.Len() != 3*families {
		t.Errorf("index holds %d records after the commit, want the %d persons", e.res.Len(), 3*families)
	}
}

// A near miss (same name, no date of birth, no one linked beside him in
// the report: a relative or the same person) links the mention to a new
// person and leaves a review item; accepting it relinks the mention.
func TestNearMissGoesToReview(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	known := e.submit(t, family(2, "de Vries", now.Add(-48*time.Hour)))
	murat := known.Persons[1].PersonID

	vague := family(2, "de Vries", now.Add(-time.Hour))
	vague.Persons = vague.Persons[1:3]
	// A child the registry does not know: nothing in the report speaks
	// for the household.
	vague.Persons[1].FirstNames, vague.Persons[1].BirthDate = "Vera", toren.MustDate("2019-07-07")
	vague.Persons[1].Street, vague.Persons[1].HouseNumber, vague.Persons[1].Postcode = "", "", ""
	m := &vague.Persons[0]
	m.BirthDate, m.Street, m.HouseNumber, m.Postcode, m.City = toren.Date{}, "", "", "", ""
	vague = e.submit(t, vague)

	got := vague.Persons[0].PersonID
	if got == murat || got == 0 {
		t.Fatalf("vague mention linked to %d; want a new person, not %d", got, murat)
	}
	if l := e.links(t, vague)[0]; l.Method != "" || l.Evidence != nil {
		t.Errorf("a new person carries link %+v", l)
	}
	items, err := e.db.ListReviewItems(ctx, registry.ReviewFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("%d review items, want 1: %+v", len(items), items)
	}
	it := items[0]
	if it.PersonID != murat || it.NewPersonID != got || it.MentionID != vague.Persons[0].ID || it.ReportNumber != vague.Number || it.Status != registry.ReviewOpen {
		t.Errorf("review item = %+v", it)
	}
	if ex := explanation(t, it.Evidence); ex.Outcome != radar.OutcomeReview || ex.PersonID != murat || len(ex.Fields) == 0 {
		t.Errorf("review evidence = %+v", ex)
	}

	rec := &audit.Recorder{Template: audit.Entry{ActorID: "3", ActorName: "iris", Role: "intake", Origin: "test"}}
	out, err := e.db.DecideReview(audit.WithRecorder(ctx, rec), registry.ReviewDecision{ID: it.ID, Version: it.Version, Accept: true, By: "iris", Reason: "zelfde adres volgens politie", At: now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Unnamed || out.Item.Status != registry.ReviewAccepted {
		t.Errorf("outcome = %+v", out)
	}
	e.res.Retire(out.Item.NewPersonID)
	l := e.links(t, vague)[0]
	if l.PersonID != murat || l.Method != intake.LinkReviewer || l.LinkedBy != "iris" {
		t.Errorf("after accept: %+v", l)
	}

	// The retired person is never proposed again, here or after a restart.
	for _, env := range []env{e, envOn(t, e.db)} {
		again := family(2, "de Vries", now.Add(-time.Hour))
		again.ExternalRef = fmt.Sprint("again ", env.res.Len())
		again.Persons = again.Persons[1:3]
		again.Persons[0].BirthDate = toren.Date{}
		again = env.submit(t, again)
		if p := again.Persons[0].PersonID; p == out.Item.NewPersonID {
			t.Errorf("mention linked to the retired person %d", p)
		}
	}
}

// A batch that fails leaves the index as it was: its persons (whose IDs
// SQLite hands out again) are not found by later reports.
func TestRollbackLeavesIndexUnchanged(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.submit(t, family(3, "Bakker", now.Add(-72*time.Hour)))
	before := e.res.Len()

	good := family(4, "Yilmaz", now.Add(-2*time.Hour))
	bad := family(5, "Jansen", now.Add(-time.Hour))
	bad.Persons[0].PersonID = 999999 // no such person: the batch fails
	if _, _, err := e.svc.SubmitBatch(ctx, authz.Console("test"), []intake.Submission{{Report: good}, {Report: bad}}); err == nil {
		t.Fatal("batch with a broken report stored")
	}
	if e.res.Len() != before {
		t.Errorf("index holds %d records after a failed batch, want %d", e.res.Len(), before)
	}
	// Another family takes the IDs the failed batch had used.
	other := e.submit(t, family(6, "Kaya", now.Add(-time.Hour)))
	// The family of the failed batch is new: not linked to the Kaya family.
	yilmaz := e.submit(t, family(4, "Yilmaz", now.Add(-time.Hour)))
	for i, m := range yilmaz.Persons {
		if m.PersonID == other.Persons[i].PersonID {
			t.Errorf("Yilmaz persons[%d] linked to Kaya's person %d", i, m.PersonID)
		}
		if l := e.links(t, yilmaz)[i]; l.Method != "" {
			t.Errorf("Yilmaz persons[%d] linked by %s", i, l.Method)
		}
	}
	if n := e.persons(t); n != 9 {
		t.Errorf("%d persons, want 9 (three families)", n)
	}
}

// Concurrent submissions share the index safely (run with -race), and
// every committed person is in it.
func TestConcurrentSubmit(t *testing.T) {
	e := newEnv(t)
	const workers, each = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				r := family(w*each+i, fmt.Sprintf("Familie%c%c", 'a'+w, 'a'+i), now.Add(-time.Hour))
				if _, err := e.svc.Submit(context.Background(), authz.Console("test"), intake.Submission{Report: r}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := e.persons(t); e.res.Len() != int(n) || n != workers*each*3 {
		t.Errorf("index %d records, registry %d persons; want both %d", e.res.Len(), n, workers*each*3)
	}
	// A fresh resolver loads the same registry.
	if loaded := envOn(t, e.db); loaded.res.Len() != e.res.Len() {
		t.Errorf("loaded %d records, the running index has %d", loaded.res.Len(), e.res.Len())
	}
}

// A server answers before its index is loaded: meanwhile a session looks
// persons up in the database too, so a known family reported again is
// linked, not made twice.
func TestLinksWhileLoading(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	known := e.submit(t, family(4, "Jacobs", now.Add(-48*time.Hour)))

	res, err := radarsvc.NewDefault(quiet)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ready() {
		t.Fatal("a resolver that has not loaded says it is ready")
	}
	v := reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: toren.NewFixedClock(now)}
	loading := env{db: e.db, res: res, svc: intake.NewService(e.db, v, res, toren.NewFixedClock(now), quiet)}
	again := family(4, "Jacobs", now.Add(-time.Hour))
	again.ExternalRef = "again while loading"
	again = loading.submit(t, again)
	for i, m := range again.Persons {
		if m.PersonID != known.Persons[i].PersonID {
			t.Errorf("while loading, persons[%d] -> %d, want %d", i, m.PersonID, known.Persons[i].PersonID)
		}
	}
	if _, err := res.Load(ctx, e.db); err != nil || !res.Ready() {
		t.Fatalf("load: %v, ready %v", err, res.Ready())
	}
}

// The family graph survives a restart: a server that loads the registry
// after the police report knows from the database (store.DB.CoMentions)
// that the father was named beside the mother and children, and links
// the care provider's "Dennis v.d. Meulen" with that evidence.
func TestFamilyGraphLoaded(t *testing.T) {
	first := newEnv(t)
	police, care := lisanne(t)
	police = first.submit(t, police)
	e := envOn(t, first.db) // a server started after the police report
	care = e.submit(t, care)
	if care.Persons[1].PersonID != police.Persons[1].PersonID {
		t.Fatalf("father -> %d, want %d", care.Persons[1].PersonID, police.Persons[1].PersonID)
	}
	fx := explanation(t, e.links(t, care)[1].Evidence)
	household := ""
	for _, f := range fx.Fields {
		if f.Field == radar.FieldHousehold {
			household = f.Level
		}
	}
	if fx.Outcome != radar.OutcomeLink || household != "named_with" {
		t.Errorf("father's explanation = %+v, want a link with household evidence named_with", fx)
	}
}

// The family graph reaches the other servers on the database: a server
// that learns of the police report's persons through Follow (Sync) also
// learns that they were named together (store.DB.CoMentionsOf).
func TestFamilyGraphFollowed(t *testing.T) {
	ctx := context.Background()
	a := newEnv(t)
	b := envOn(t, a.db) // started before the police report
	b.res.StartFollowing()
	police, care := lisanne(t)
	police = a.submit(t, police)
	if err := b.res.Sync(ctx, b.db); err != nil {
		t.Fatal(err)
	}
	care = b.submit(t, care)
	if care.Persons[1].PersonID != police.Persons[1].PersonID {
		t.Fatalf("father -> %d, want %d", care.Persons[1].PersonID, police.Persons[1].PersonID)
	}
	fx := explanation(t, b.links(t, care)[1].Evidence)
	household := ""
	for _, f := range fx.Fields {
		if f.Field == radar.FieldHousehold {
			household = f.Level
		}
	}
	if fx.Outcome != radar.OutcomeLink || household != "named_with" {
		t.Errorf("father's explanation = %+v, want a link with household evidence named_with", fx)
	}
}

// A family member reported alone in between, with something new about
// him (a phone number), stays in his family: the record the index holds
// of him after the change carries the family. (On a server that loaded
// the family from the database: one that saw the report join the
// family finds it from his own id too.)
func TestFamilyKeptAcrossAChange(t *testing.T) {
	first := newEnv(t)
	police, care := lisanne(t)
	police = first.submit(t, police)
	e := envOn(t, first.db)
	alone, _ := lisanne(t)
	alone.ExternalRef += "-alone"
	alone.Persons = []reports.Mention{police.Persons[1]}
	alone.Persons[0].PersonID, alone.Persons[0].Phone = 0, "0612345678"
	alone.Persons[0].Role = reports.RoleVictim // a report must name a victim or child
	alone = e.submit(t, alone)
	if alone.Persons[0].PersonID != police.Persons[1].PersonID {
		t.Fatalf("father alone -> %d, want %d", alone.Persons[0].PersonID, police.Persons[1].PersonID)
	}
	// The care provider has the new number: the changed record is the
	// one that scores best.
	care.Persons[1].Phone = "0612345678"
	care = e.submit(t, care)
	fx := explanation(t, e.links(t, care)[1].Evidence)
	household := ""
	for _, f := range fx.Fields {
		if f.Field == radar.FieldHousehold {
			household = f.Level
		}
	}
	if care.Persons[1].PersonID != police.Persons[1].PersonID || household != "named_with" {
		t.Errorf("father -> %d (%+v), want %d with household evidence named_with", care.Persons[1].PersonID, fx, police.Persons[1].PersonID)
	}
}
