package authz

import (
	"testing"
	"time"
)

// BenchmarkDecide measures one object decision, the cost a list page pays
// per row.
func BenchmarkDecide(b *testing.B) {
	a := Actor{UserID: me, Roles: []Role{RoleCaseManager, RoleTeamLeader}, Teams: []string{"noord", "monitoring"}}
	res := Resource{Kind: KindCase, ID: 42, Teams: []string{"zuid"}, Assigned: []int64{colleague, 7}}
	for b.Loop() {
		if d := Decide(a, ActionCaseView, res, Opts{}); d.Level != LevelSignal {
			b.Fatal(d)
		}
	}
}

// BenchmarkDecideBreakGlass measures a decision that checks a grant.
func BenchmarkDecideBreakGlass(b *testing.B) {
	a := actorAs(RoleIntake)
	res := Resource{Kind: KindReport, ID: 9, Teams: []string{"zuid"}, Within: []Ref{{KindCase, 42}}}
	g := Grant{UserID: me, Object: Ref{KindCase, 42}, Reason: nightReason, IssuedAt: night, ExpiresAt: night.Add(GrantDuration)}
	o := Opts{Now: night.Add(time.Hour), Grant: &g}
	for b.Loop() {
		if d := Decide(a, ActionReportView, res, o); !d.BreakGlass {
			b.Fatal(d)
		}
	}
}
