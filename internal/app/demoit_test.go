package app_test

import (
	"reflect"
	"strconv"
	"testing"

	"toren/internal/app"
	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/demo"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/settings"
	"toren/internal/toren"
)

// The demo's Interventieteam year, stored and read back through the
// service on both databases, gives the statistics the generator gives,
// and the generator gives the seed's tables (demo.TestITYear...).
func TestDemoITYearThroughTheDatabase(t *testing.T) {
	for name, opts := range map[string][]apptest.Option{"sqlite": nil, "postgres": {apptest.OnPostgres()}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := apptest.New(t, opts...)
			if _, err := a.DemoAccounts(t.Context()); err != nil {
				t.Fatal(err)
			}
			head := apptest.AuditHead(t, a)
			n, err := a.LoadDemoITYear(t.Context())
			if err != nil || n != 116 {
				t.Fatalf("loaded %d IT cases, %v; want 61 + 55", n, err)
			}
			checkDemoITAudit(t, a, head)
			if again, err := a.LoadDemoITYear(t.Context()); err != nil || again != 0 {
				t.Errorf("a second load stored %d, %v", again, err)
			}
			// The providers the cases name are the catalogue's: Import checks
			// them, and the catalogue has each once after a second load.
			ps, err := a.Store().ListPartners(t.Context())
			if err != nil || len(ps) != len(demo.ITPartners()) {
				t.Errorf("partner catalogue has %d partners, %v; want %d", len(ps), err, len(demo.ITPartners()))
			}
			analyst := apptest.User(t, a, "ana", "Ana List", []authz.Role{authz.RoleAnalyst})
			act := authz.Actor{UserID: analyst.ID, Name: "Ana List", Roles: []authz.Role{authz.RoleAnalyst}}
			want := demo.ITYear([2]itteam.Worker{{ID: 1}, {ID: 2}}, itteam.Worker{ID: 3})
			for _, year := range []int{2013, 2014} {
				asOf := toren.NewDate(year, 12, 31)
				got, err := a.ITTeam().Statistics(t.Context(), act, year, asOf)
				if err != nil {
					t.Fatal(err)
				}
				// MIC 7/1: seven incident reports in 2013, one in 2014 (seed S3,
				// chapter 3).
				if mic := map[int][2]int{2013: {7, 0}, 2014: {1, 7}}[year]; got.MIC != mic[0] || got.MICBefore != mic[1] {
					t.Errorf("%d: %d incident reports, %d the year before; want %d and %d", year, got.MIC, got.MICBefore, mic[0], mic[1])
				}
				got.MIC, got.MICBefore = 0, 0
				// CCB 4/5: the protocol applied in four cases in 2013, five in 2014.
				if ccb := map[int][2]int{2013: {4, 0}, 2014: {5, 4}}[year]; got.CCB != ccb[0] || got.CCBBefore != ccb[1] {
					t.Errorf("%d: %d CCB escalations, %d the year before; want %d and %d", year, got.CCB, got.CCBBefore, ccb[0], ccb[1])
				}
				if exp := itteam.Statistics(want, year, asOf); !reflect.DeepEqual(got, exp) {
					t.Errorf("%d from the database:\n%+v\nwant\n%+v", year, got, exp)
				}
			}
		})
	}
}

// checkDemoITAudit checks the audit entries of the demo year written after
// seq: each names its actor, from the console ("cli"); the partners are
// the console operator's (authz.Console), the cases the case manager's
// who registered the referrals.
func checkDemoITAudit(t *testing.T, a *app.App, seq int64) {
	t.Helper()
	cm, err := a.Store().GetUserByUsername(t.Context(), "casemanager")
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range apptest.AuditAfter(t, a, seq) {
		count[e.Action]++
		if e.ActorID == "" || e.ActorName == "" || e.Role == "" || e.Origin != "cli" {
			t.Errorf("%s audited without a whole actor: actor %q %q, role %q, origin %q", e.Action, e.ActorID, e.ActorName, e.Role, e.Origin)
		}
		switch e.Action {
		case settings.ActionPartnerCreate:
			if e.ActorID != audit.ConsoleActorID || e.ActorName != "toren demo" || e.Role != string(authz.RoleAdmin) {
				t.Errorf("a demo partner added by %s %q as %q; want the operator at the console", e.ActorID, e.ActorName, e.Role)
			}
		case itteamsvc.ActionImport:
			if e.ActorID != strconv.FormatInt(cm.ID, 10) || e.ObjectType != "it_case" {
				t.Errorf("a demo IT case taken over by %s on %s; want the case manager %d on it_case", e.ActorID, e.ObjectType, cm.ID)
			}
		}
	}
	if count[settings.ActionPartnerCreate] != len(demo.ITPartners()) || count[itteamsvc.ActionImport] != 116 {
		t.Errorf("audited %d partners and %d IT cases; want %d and 116", count[settings.ActionPartnerCreate], count[itteamsvc.ActionImport], len(demo.ITPartners()))
	}
}
