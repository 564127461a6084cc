package cli

import (
	"context"
	"net/http"
	neturl "net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/retention"
	"toren/internal/toren"
)

// The privacy officer works with retention in the web interface: the page
// shows the rule and the plan (numbers and why, never a name), places and
// lifts legal holds with a reason, and destroys the files of the plan read
// only when the box is ticked and the plan has not changed since; every
// step is in the audit log, which still verifies afterwards. Other roles
// cannot open the page.
func TestRetentionInTheWebInterface(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "toren.db")
	old := appAt(t, dsn, time.Date(2001, 3, 1, 10, 0, 0, 0, time.UTC))
	if _, err := old.LoadDemo(ctx, 8, 2, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := old.DemoAccounts(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := old.LoadDemoCases(ctx); err != nil {
		t.Fatal(err)
	}
	old.Close()
	endFirstCase(t, dsn, time.Date(2001, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := appAt(t, dsn, time.Now().UTC())
	t.Cleanup(func() { srv.Close() })
	// This year's reports hold the newest numbers (a file holding one
	// waits on SQLite).
	if _, err := srv.LoadDemo(ctx, 2, 1, 11); err != nil {
		t.Fatal(err)
	}
	apptest.PrivacyOfficer(t, srv)
	hs := apptest.Serve(t, srv)
	privacy := hs.SignIn(t, "privacy")

	entries := func(action string) []audit.Entry {
		t.Helper()
		var out []audit.Entry
		for en, err := range srv.Store().AuditEntries(ctx, 0) {
			if err != nil {
				t.Fatal(err)
			}
			if en.Action == action {
				out = append(out, en)
			}
		}
		return out
	}
	facts, err := srv.Store().RetentionFacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	plan := retention.Build(facts, retention.DefaultRule(), toren.DateOf(srv.Clock().Now().UTC()))
	if len(plan.Destroy) < 3 {
		t.Fatalf("precondition: %d files due", len(plan.Destroy))
	}

	// The page: the rule, the plan with numbers and the reason in Dutch,
	// no name; reading it is audited.
	code, body := privacy.Get("/bewaartermijnen")
	if code != http.StatusOK {
		t.Fatalf("the retention page: %d", code)
	}
	for _, want := range []string{"20 jaar na het einde van de laatste betrokkenheid", "jongste kind in het dossier 18 jaar",
		"Te vernietigen op", strconv.Itoa(len(plan.Destroy)) + " dossiers", plan.Destroy[0].ReportNumbers[0], "jaar na de laatste betrokkenheid op"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page does not say %q", want)
		}
	}
	if !strings.Contains(body, `href="/bewaartermijnen"`) {
		t.Error("the navigation has no link to the retention page")
	}
	ps, err := srv.Store().PersonsAfter(ctx, plan.Destroy[0].Persons[0]-1, nil, 1)
	if err != nil || len(ps) != 1 {
		t.Fatal(err)
	}
	if strings.Contains(body, ps[0].Surname) {
		t.Errorf("the plan shows the surname %q of a person to destroy", ps[0].Surname)
	}
	// The request's one entry says what the plan held (counts, no names).
	if en := entries(string(authz.ActionRetentionManage)); len(en) != 1 || en[0].ActorName != "Pim Prins" ||
		!strings.Contains(en[0].Reason, "retention plan of") || !strings.Contains(en[0].Reason, "due: "+strconv.Itoa(len(plan.Destroy))+" files") {
		t.Errorf("reading the page: audit entries %+v", en)
	}
	for _, user := range []string{"beheerder", "teamleider", "intake"} {
		if code, _ := hs.SignIn(t, user).Get("/bewaartermijnen"); code != http.StatusForbidden {
			t.Errorf("%s opens the retention page: %d", user, code)
		}
	}

	// A hold needs a reason and an existing object; refused input is named
	// in Dutch and places nothing.
	held := plan.Destroy[0]
	personID := strconv.FormatInt(held.Persons[0], 10)
	code, body, _ = privacy.Post("/bewaartermijnen/bewaarplicht", neturl.Values{"soort": {"person"}, "nummer": {personID}, "reden": {"kort"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Schrijf waarom het dossier bewaard moet blijven, in minstens 10 tekens.") {
		t.Errorf("a hold without a reason: %d", code)
	}
	code, body, _ = privacy.Post("/bewaartermijnen/bewaarplicht", neturl.Values{"soort": {"person"}, "nummer": {"99999999"}, "reden": {"Klacht bij de Inspectie, zaak 2026-114"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Er is geen dossier of persoon met dit nummer.") {
		t.Errorf("a hold on a person who does not exist: %d", code)
	}
	if hs, err := srv.Store().Holds(ctx); err != nil || len(hs) != 0 {
		t.Fatalf("refused holds were placed: %v %v", hs, err)
	}
	code, _, loc := privacy.Post("/bewaartermijnen/bewaarplicht", neturl.Values{"soort": {"person"}, "nummer": {personID}, "reden": {"Klacht bij de Inspectie, zaak 2026-114"}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/bewaartermijnen") {
		t.Fatalf("placing a hold: %d %q", code, loc)
	}
	holds, err := srv.Store().Holds(ctx)
	if err != nil || len(holds) != 1 || holds[0].PlacedBy != "Pim Prins" {
		t.Fatalf("the hold: %+v %v", holds, err)
	}
	if en := entries(retention.ActionHold); len(en) != 1 || en[0].ActorName != "Pim Prins" || en[0].ObjectID != personID {
		t.Errorf("the hold's audit entry: %+v", en)
	}
	_, body = privacy.Get("/bewaartermijnen")
	if !strings.Contains(body, "Klacht bij de Inspectie, zaak 2026-114") || !strings.Contains(body, "Aan de beurt, maar bewaard door een bewaarplicht") {
		t.Error("the page does not show the hold and the file it keeps")
	}

	// The run: without the box ticked, or from a plan read before the
	// hold, nothing is destroyed.
	digestBefore := plan.Digest()
	persons := func() int { return rowCount(t, srv, `SELECT COUNT(*) AS n FROM persons`) }
	before := persons()
	digest := regexp.MustCompile(`name="plan" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if digest == nil {
		t.Fatal("the page has no run form carrying the plan")
	}
	if code, body, _ := privacy.Post("/bewaartermijnen/vernietigen", neturl.Values{"plan": {digest[1]}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Vink aan dat u de lijst hebt gecontroleerd") {
		t.Errorf("a run without the confirmation: %d", code)
	}
	if code, body, _ := privacy.Post("/bewaartermijnen/vernietigen", neturl.Values{"plan": {digestBefore}, "bevestig": {"ja"}}); code != http.StatusConflict ||
		!strings.Contains(body, "de lijst is veranderd sinds u hem las") {
		t.Errorf("a run from a plan read before the hold: %d", code)
	}
	if n := persons(); n != before {
		t.Fatalf("refused runs destroyed persons: %d left of %d", n, before)
	}
	code, body, _ = privacy.Post("/bewaartermijnen/vernietigen", neturl.Values{"plan": {digest[1]}, "bevestig": {"ja"}})
	if code != http.StatusOK || !strings.Contains(body, strconv.Itoa(len(plan.Destroy)-1)+" dossiers vernietigd") {
		t.Fatalf("the run: %d\n%s", code, body[strings.Index(body, "<main"):])
	}
	if en := entries(retention.ActionDestroy); len(en) != len(plan.Destroy)-1 || en[0].ActorName != "Pim Prins" {
		t.Errorf("the run's audit entries: %d, want %d", len(en), len(plan.Destroy)-1)
	}
	if n := rowCount(t, srv, `SELECT COUNT(*) AS n FROM persons WHERE id IN `+idList(held.Persons)); n != len(held.Persons) {
		t.Errorf("the held file lost persons: %d of %d left", n, len(held.Persons))
	}
	if !strings.Contains(body, "Er is vandaag niets te vernietigen.") {
		t.Error("after the run the page still lists files to destroy")
	}

	// Lifting the hold needs a reason too; it is kept with the hold.
	lift := "/bewaartermijnen/bewaarplicht/" + strconv.FormatInt(holds[0].ID, 10) + "/opheffen"
	if code, body, _ := privacy.Post(lift, neturl.Values{"reden": {" "}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Schrijf waarom de bewaarplicht wordt opgeheven, in minstens 10 tekens.") {
		t.Errorf("lifting without a reason: %d", code)
	}
	if code, _, _ := privacy.Post(lift, neturl.Values{"reden": {"De klacht is afgehandeld op 1 december"}}); code != http.StatusSeeOther {
		t.Fatalf("lifting the hold: %d", code)
	}
	if en := entries(retention.ActionHoldLift); len(en) != 1 || en[0].Reason != "De klacht is afgehandeld op 1 december" {
		t.Errorf("the lift's audit entry: %+v", en)
	}
	rows, err := srv.Store().RowsForTest(ctx, `SELECT lifted_by, lifted_reason FROM legal_holds WHERE id = ?`, holds[0].ID)
	if err != nil || len(rows) != 1 || rows[0]["lifted_by"] != "Pim Prins" || rows[0]["lifted_reason"] != "De klacht is afgehandeld op 1 december" {
		t.Errorf("the lifted hold: %v %v", rows, err)
	}
	if code, _, _ := privacy.Post(lift, neturl.Values{"reden": {"Nog een keer opgeheven"}}); code != http.StatusNotFound {
		t.Errorf("lifting a lifted hold: %d", code)
	}
	if code, out, errOut := run(t, "audit", "verify", "--db", dsn); code != 0 {
		t.Errorf("audit verify after the run: exit %d %q %q", code, out, errOut)
	}
}
