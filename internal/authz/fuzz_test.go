package authz

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

// FuzzDecide feeds Decide arbitrary actors, actions, objects and grants
// (roles, teams and actions may be any string, as a corrupt database or a
// forged request could give) and checks the promises the policy makes
// whatever the input.
func FuzzDecide(f *testing.F) {
	f.Add(int64(1), "intake", "noord", string(ActionCaseView), "case", int64(42), "zuid", int64(99), false, false, true, int64(1), "case", int64(42), nightReason, int64(0), int64(3600), int64(60), "")
	f.Add(int64(1), "team_leader", "noord", string(ActionDecisionApprove), "decision", int64(3), "noord", int64(1), false, false, true, int64(0), "", int64(0), "", int64(0), int64(0), int64(0), "")
	f.Add(int64(5), "case_manager", "zuid", string(ActionReporterIdentityView), "report", int64(9), "zuid", int64(5), true, false, false, int64(0), "", int64(0), "", int64(0), int64(0), int64(0), "letter")
	f.Fuzz(func(t *testing.T, uid int64, role, team, action, kind string, id int64, resTeam string, assignee int64,
		protected, closed, mfa bool, grantUID int64, grantKind string, grantID int64, reason string, issuedOff, validFor, nowOff int64, purpose string) {
		a := Actor{UserID: uid, Roles: []Role{Role(role)}, Teams: []string{team}, MultiFactor: mfa}
		res := Resource{Kind: Kind(kind), ID: id, Teams: []string{resTeam}, Assigned: []int64{assignee},
			ReporterProtected: protected, Closed: closed, ProposedBy: assignee + 1, DecisionKind: DecisionHandover}
		now := night.Add(time.Duration(nowOff) * time.Second)
		g := &Grant{UserID: grantUID, Object: Ref{Kind(grantKind), grantID}, Reason: reason,
			IssuedAt: night.Add(time.Duration(issuedOff) * time.Second)}
		g.ExpiresAt = g.IssuedAt.Add(time.Duration(validFor) * time.Second)
		o := Opts{Now: now, Grant: g, Purpose: Purpose(purpose)}

		d := Decide(a, Action(action), res, o)
		if again := Decide(a, Action(action), res, o); !reflect.DeepEqual(d, again) {
			t.Fatalf("not deterministic: %+v then %+v", d, again)
		}
		if d.Allowed != (d.Level > LevelNone) || d.Reason == "" {
			t.Fatalf("inconsistent decision %+v", d)
		}
		if d.Allowed && !Permitted(a, Action(action)) {
			t.Fatalf("allowed %s but Permitted refuses the role: %+v", action, d)
		}
		r, known := ruleFor(Action(action))
		if !known {
			if d.Allowed {
				t.Fatalf("unknown action %q allowed", action)
			}
			return
		}
		direct := res.direct(a)
		if d.BreakGlass {
			if role != string(RoleIntake) || !mfa || g.UserID != uid || uid <= 0 ||
				now.Before(g.IssuedAt) || !now.Before(g.ExpiresAt) || g.ExpiresAt.Sub(g.IssuedAt) > GrantDuration ||
				!res.covers(g.Object) || !r.glass || d.Level != LevelFull {
				t.Fatalf("break-glass access that should not be: %+v with %+v", d, g)
			}
		}
		if r.access == byContent && d.Full() && !direct && !d.BreakGlass {
			t.Fatalf("full content outside the team without a grant: %+v", d)
		}
		if (r.access == byTeam || r.access == byApproval || r.access == byReporter) && d.Allowed && !direct {
			t.Fatalf("%s allowed without need-to-know: %+v", action, d)
		}
		if r.state == openOnly && closed && d.Allowed {
			t.Fatalf("%s allowed on a closed object: %+v", action, d)
		}
		if Action(action) == ActionReporterIdentityView && protected && purpose != "" && d.Allowed {
			t.Fatalf("protected reporter disclosed for %q: %+v", purpose, d)
		}
		if Action(action) == ActionDecisionApprove && d.Allowed && res.ProposedBy == uid {
			t.Fatalf("proposer approved their own decision: %+v", d)
		}
		if slices.Contains([]Role{RoleAnalyst, RoleAdmin}, Role(role)) && r.access != byRole && d.Allowed {
			t.Fatalf("%s reached object content with %s: %+v", role, action, d)
		}
	})
}
