package authz

import (
	"slices"
	"strings"
	"testing"
)

// The policy matrix: every role × every action × representative objects,
// with the expected outcome written down. One character per object:
//
//	F  full
//	S  signal-only (that signals exist and whom to ask)
//	B  signal-only, and the actor may break the glass (NeedsBreakGlass)
//	-  refused
//
// A collection action (no object) has one character. An object action has
// seven, one per fixture, in this order (the actor is user 1 of team
// "noord"; user 99 is a colleague):
//
//	own    owning team noord, user 99 assigned
//	asg    owning team zuid, the actor assigned
//	oth    owning team zuid, user 99 assigned
//	una    owning team noord, nobody assigned
//	pro    like own, the reporter is protected
//	pra    like asg, the reporter is protected
//	clo    owning team noord, the actor assigned, closed
//
// Columns are the roles in the order of Roles(). A new action needs a row
// here, a new role a column, or TestMatrix fails.
var matrix = []struct {
	cells  string // per role, in the order of Roles(), separated by spaces
	action Action
}{
	// intake casemgr monitor interv. behav.  teamldr analyst admin   privacy
	{"F       F       F       F       -       -       -       -       -", ActionReportCreate},
	{"F       F       F       F       F       F       -       -       -", ActionReportList},
	{"FFBFFFF FFSFFFF FFSFFFF FFSFFFF FFSFFFF FFSFFFF ------- ------- -------", ActionReportView},
	{"FF-FFF- FF-FFF- FF-FFF- FF-FFF- ------- FF-FFF- ------- ------- -------", ActionReportCorrect},
	{"------- ------- ------- ------- ------- ------- ------- ------- -------", ActionReportStatus},
	{"-       -       -       -       -       -       -       -       -", ActionHandoverInbox},
	{"------- ------- ------- ------- ------- ------- ------- ------- -------", ActionHandoverAnswer},
	{"------- ------- ------- ------- ------- ------- ------- ------- -------", ActionMonitoringReport},

	{"F       F       F       F       F       F       -       -       -", ActionPersonSearch},
	{"FFBFFFF FFSFFFF FFSFFFF FFSFFFF FFSFFFF FFSFFFF ------- ------- -------", ActionPersonView},
	{"FFBFFFB FFSFFFS FFSFFFS FFSFFFS FFSFFFS FFSFFFS ------- ------- -------", ActionPersonHistoryFull},
	{"FF-FFF- FF-FFF- FF-FFF- FF-FFF- ------- FF-FFF- ------- ------- -------", ActionPersonEdit},
	{"FFFFFFF ------- ------- ------- ------- FFFFFFF ------- ------- -------", ActionPersonMerge},
	{"FFFFFFF ------- ------- ------- ------- FFFFFFF ------- ------- -------", ActionPersonUnmerge},
	{"F       F       -       -       -       F       -       -       -", ActionReviewList},
	{"FFFFFFF FFFFFFF ------- ------- ------- FFFFFFF ------- ------- -------", ActionReviewLink},

	{"F       F       -       -       -       F       -       -       -", ActionCaseCreate},
	{"F       F       F       F       F       F       -       -       -", ActionCaseList},
	{"FFBFFFF FFSFFFF FFSFFFF FFSFFFF FFSFFFF FFSFFFF ------- ------- -------", ActionCaseView},
	{"FF-FFF- FF-FFF- FF-FFF- FF-FFF- ------- FF-FFF- ------- ------- -------", ActionCaseEdit},
	{"FF-FFF- FF-FFF- FF-FFF- FF-FFF- ------- FF-FFF- ------- ------- -------", ActionCaseTransition},
	{"------- ------- ------- ------- ------- F--FF-- ------- ------- -------", ActionCaseAssign},
	{"------- FF-FFF- ------- FF-FFF- ------- FF-FFF- ------- ------- -------", ActionCaseHandover},
	{"------- ------- F--FF-- ------- ------- F--FF-- ------- ------- -------", ActionHandoverAccept},
	{"------- FF-FFF- ------- FF-FFF- ------- FF-FFF- ------- ------- -------", ActionPoliceReport},
	{"------- ------F ------F ------- ------- ------F ------- ------- -------", ActionCaseReopen},
	{"F       F       F       F       F       F       -       -       -", ActionQueueView},

	{"FF-FFF- FF-FFF- FF-FFF- FF-FFF- ------- FF-FFF- ------- ------- -------", ActionDecisionPropose},
	{"------- ------- ------- ------- FF-FFF- FF-FFF- ------- ------- -------", ActionDecisionApprove},

	{"F       F       F       F       F       F       -       -       -", ActionAlertList},
	{"FF-FFFF FF-FFFF FF-FFFF FF-FFFF ------- FF-FFFF ------- ------- -------", ActionAlertAck},

	{"FF-FFFF FF-F-FF FF-F--F FF-F--F FF-F--F FF-FF-F ------- ------- -------", ActionReporterIdentityView},
	{"FF-FFF- FF-FFF- FF-FFF- FF-FFF- ------- FF-FFF- ------- ------- -------", ActionLetterGenerate},
	{"------- FF-FFFF ------- FF-FFFF ------- FF-FFFF ------- ------- -------", ActionExport},

	{"-       -       -       -       F       F       F       -       -", ActionStatsView},
	{"-       -       -       -       -       -       F       -       -", ActionStatsExport},

	{"--F---F ------- ------- ------- ------- ------- ------- ------- -------", ActionBreakGlass},
	{"-       -       -       -       -       F       -       -       F", ActionBreakGlassReview},

	{"-       -       -       -       -       -       -       -       F", ActionAuditView},
	{"------- ------- ------- ------- ------- ------- ------- ------- FFFFFFF", ActionAuditViewPerson},
	{"-       -       -       -       -       -       -       F       F", ActionAuditVerify},
	{"------- ------- ------- ------- ------- ------- ------- ------- FFFFFFF", ActionPersonAccessRequest},
	{"-       -       -       -       -       -       -       -       F", ActionRetentionManage},

	{"F       F       F       F       F       F       F       F       F", ActionIncidentCreate},
	{"-       -       -       -       -       F       -       -       -", ActionIncidentView},

	{"-       -       -       -       -       -       -       F       -", ActionUserManage},
	{"-       -       -       -       -       -       -       F       -", ActionCatalogueManage},
	{"-       -       -       -       -       -       -       F       -", ActionSettingsManage},
	{"-       -       -       -       -       -       -       F       -", ActionClientManage},
}

// matrixRoles is the column order of matrix.
var matrixRoles = []Role{
	RoleIntake, RoleCaseManager, RoleMonitoring, RoleInterventionTeam,
	RoleBehaviouralScientist, RoleTeamLeader, RoleAnalyst, RoleAdmin, RolePrivacyOfficer,
}

// fixture is one representative object of the matrix.
type fixture struct {
	name string
	res  func(k Kind) Resource
}

const (
	me        = int64(1)
	colleague = int64(99)
)

func fixtures() []fixture {
	mk := func(teams []string, assigned []int64, protected, closed bool) func(Kind) Resource {
		return func(k Kind) Resource {
			r := Resource{Kind: k, ID: 42, Teams: teams, Assigned: assigned, ReporterProtected: protected, Closed: closed}
			if k == KindDecision {
				r.ProposedBy, r.DecisionKind = colleague, DecisionSafetyAssessment
			}
			return r
		}
	}
	noord, zuid := []string{"noord"}, []string{"zuid"}
	return []fixture{
		{"own", mk(noord, []int64{colleague}, false, false)},
		{"asg", mk(zuid, []int64{me}, false, false)},
		{"oth", mk(zuid, []int64{colleague}, false, false)},
		{"una", mk(noord, nil, false, false)},
		{"pro", mk(noord, []int64{colleague}, true, false)},
		{"pra", mk(zuid, []int64{me}, true, false)},
		{"clo", mk(noord, []int64{me}, false, true)},
	}
}

// actorAs is the matrix's actor: user 1 of team noord, signed in with a
// second factor, holding one role.
func actorAs(role Role) Actor {
	return Actor{UserID: me, Name: "Test", Roles: []Role{role}, Teams: []string{"noord"}, MultiFactor: true}
}

// code is the matrix character of a decision.
func code(d Decision) byte {
	switch {
	case d.Level == LevelFull:
		return 'F'
	case d.Level == LevelSignal && d.NeedsBreakGlass:
		return 'B'
	case d.Level == LevelSignal:
		return 'S'
	}
	return '-'
}

// codes decides action for role on every fixture (or once without an
// object for a collection action), with kind as the object kind.
func codes(role Role, action Action, kind Kind, o Opts) string {
	a := actorAs(role)
	if kind == "" {
		return string(code(Decide(a, action, Resource{}, o)))
	}
	var b strings.Builder
	for _, f := range fixtures() {
		b.WriteByte(code(Decide(a, action, f.res(kind), o)))
	}
	return b.String()
}

func firstKind(action Action) Kind {
	if ks := action.Kinds(); len(ks) > 0 {
		return ks[0]
	}
	return ""
}

// expected returns the matrix row of action by role.
func expected(t *testing.T) map[Action]map[Role]string {
	t.Helper()
	out := map[Action]map[Role]string{}
	for _, row := range matrix {
		if _, dup := out[row.action]; dup {
			t.Errorf("matrix has two rows for %s", row.action)
		}
		cols := strings.Fields(row.cells)
		if len(cols) != len(matrixRoles) {
			t.Fatalf("matrix row %s has %d cells, want one per role (%d)", row.action, len(cols), len(matrixRoles))
		}
		m := map[Role]string{}
		for i, role := range matrixRoles {
			m[role] = cols[i]
		}
		out[row.action] = m
	}
	return out
}

// TestMatrix checks Decide against every cell of the matrix, and that the
// matrix covers every action and role of the package, no more, no less.
func TestMatrix(t *testing.T) {
	if !slices.Equal(Roles(), matrixRoles) {
		t.Fatalf("Roles() = %v, the matrix has columns %v: add a column for a new role", Roles(), matrixRoles)
	}
	want := expected(t)
	for _, action := range Actions() {
		if _, ok := want[action]; !ok {
			t.Errorf("action %s has no row in the matrix", action)
		}
	}
	for action := range want {
		if !action.Valid() {
			t.Errorf("matrix row for unknown action %s", action)
		}
	}
	for _, action := range Actions() {
		kind := firstKind(action)
		wantLen := 1
		if kind != "" {
			wantLen = len(fixtures())
		}
		for _, role := range Roles() {
			w := want[action][role]
			if len(w) != wantLen {
				t.Errorf("matrix %s/%s = %q: want %d characters", action, role, w, wantLen)
				continue
			}
			if got := codes(role, action, kind, Opts{}); got != w {
				t.Errorf("Decide(%s, %s) on own,asg,oth,una,pro,pra,clo = %q, want %q", role, action, got, w)
			}
		}
	}
}

// TestMatrixOtherKinds: an action that applies to several kinds decides
// the same on each.
func TestMatrixOtherKinds(t *testing.T) {
	want := expected(t)
	for _, action := range Actions() {
		for _, kind := range action.Kinds() {
			for _, role := range Roles() {
				if got := codes(role, action, kind, Opts{}); got != want[action][role] {
					t.Errorf("Decide(%s, %s) on a %s = %q, want %q", role, action, kind, got, want[action][role])
				}
			}
		}
	}
}

// TestPermittedMatchesMatrix: the route-level check lets a role through
// exactly when the matrix allows it something on some object.
func TestPermittedMatchesMatrix(t *testing.T) {
	want := expected(t)
	for _, action := range Actions() {
		for _, role := range Roles() {
			allowsSome := strings.ContainsAny(want[action][role], "FSB")
			if got := Permitted(actorAs(role), action); got != allowsSome {
				t.Errorf("Permitted(%s, %s) = %v, matrix %q", role, action, got, want[action][role])
			}
			q := Requirement{Action: action}
			if kinds := action.Kinds(); kinds != nil {
				q = Requirement{Action: action, Kind: kinds[0], Object: FromPath, Param: "id"}
			}
			a := actorAs(role)
			if got := Gate(&a, q).Allowed; got != allowsSome {
				t.Errorf("Gate(%s, %s) = %v, matrix %q", role, action, got, want[action][role])
			}
		}
	}
}
