package itteamsvc_test

import (
	"slices"
	"testing"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/toren"
)

// List decides on the summaries the store keeps as Get decides on the
// whole case: a duo member from outside the IT team has the duo's case in
// full and every other case as a signal only; the IT team has every case
// in full, whether open, closed or never admitted; another team has each
// as a signal only. For every actor and case, the list's answer is Get's.
func TestListDecidesOnSummariesAsOnCases(t *testing.T) {
	e := newEnv(t)
	// Zoe is an IT worker of another region, on the duo of one case.
	zoe := authz.Actor{UserID: 8, Name: "Zoe Noord", Roles: []authz.Role{authz.RoleInterventionTeam}, Teams: []string{"Interventieteam Noord"}}
	refer := func(family string, admitted bool) itteam.Case {
		t.Helper()
		r := itteamsvc.Referral{Family: family, Referrer: "HG-overleg", On: toren.NewDate(2014, 3, 3), Answers: answers(), Admitted: admitted}
		if !admitted {
			r.Reason = "Geen toestemming van de cliënt."
		}
		c, err := e.svc.Refer(e.ctx, e.cas, r)
		if err != nil {
			t.Fatalf("refer %s: %v", family, err)
		}
		return c
	}
	duo := refer("Familie Duo", true)
	if _, err := e.svc.AssignDuo(e.ctx, e.tim, duo.ID, itteam.Worker{ID: zoe.UserID, Name: zoe.Name}, itteam.Worker{ID: 2, Name: "Ahmed Bakr"}); err != nil {
		t.Fatal(err)
	}
	open := refer("Familie Open", true)
	notAdmitted := refer("Familie Niet", false)
	ended := refer("Familie Gestopt", true)
	if _, err := e.svc.AssignDuo(e.ctx, e.tim, ended.ID, itteam.Worker{ID: 1, Name: "Ilse Smit"}, itteam.Worker{ID: 2, Name: "Ahmed Bakr"}); err != nil {
		t.Fatal(err)
	}
	if c, err := e.svc.ChangePhase(e.ctx, e.ilse, ended.ID, itteam.PhaseChange{Transition: cases.ITEndEarly, On: toren.NewDate(2014, 3, 3),
		EndReason: itteam.EndMoved}); err != nil || !c.Closed() {
		t.Fatalf("end early: %+v %v", c.Status, err)
	}
	all := []int64{duo.ID, open.ID, notAdmitted.ID, ended.ID}

	for _, tt := range []struct {
		a    authz.Actor
		full []int64
	}{
		{zoe, []int64{duo.ID}},
		{e.ilse, all},
		{e.tim, all},
		{e.mo, nil},
		{e.cas, nil},
	} {
		full, known, err := e.svc.List(e.ctx, tt.a)
		if err != nil {
			t.Fatalf("%s: %v", tt.a.Name, err)
		}
		var fullIDs, knownIDs []int64
		for _, s := range full {
			fullIDs = append(fullIDs, s.ID)
			if s.ID == duo.ID && (len(s.Duo) != 2 || s.Duo[0].ID != zoe.UserID || !s.Admitted) {
				t.Errorf("%s: the duo's case summarised as %+v", tt.a.Name, s)
			}
		}
		for _, k := range known {
			knownIDs = append(knownIDs, k.ID)
		}
		slices.Sort(fullIDs)
		slices.Sort(knownIDs)
		if !slices.Equal(fullIDs, tt.full) || len(fullIDs)+len(knownIDs) != len(all) {
			t.Errorf("%s: in full %v, as a signal %v; want in full %v and the rest as a signal", tt.a.Name, fullIDs, knownIDs, tt.full)
		}
		for _, id := range all {
			v, err := e.svc.Get(e.ctx, tt.a, id)
			if err != nil {
				t.Fatalf("%s: get %d: %v", tt.a.Name, id, err)
			}
			if inFull := slices.Contains(fullIDs, id); inFull != (v.Case != nil) || inFull == slices.Contains(knownIDs, id) {
				t.Errorf("%s: case %d in the list in full %v, Get at level %v", tt.a.Name, id, inFull, v.Level)
			}
		}
	}
	if _, _, err := e.svc.List(e.ctx, e.ana); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("the analyst lists IT cases: %v", err)
	}
}
