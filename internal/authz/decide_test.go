package authz

import (
	"slices"
	"strings"
	"testing"
	"time"

	"toren/internal/toren"
)

func caseIn(team string, assigned ...int64) Resource {
	return Resource{Kind: KindCase, ID: 42, Teams: []string{team}, Assigned: assigned}
}

func TestDecideRefusesMalformedRequests(t *testing.T) {
	cm := actorAs(RoleCaseManager)
	tests := []struct {
		name   string
		actor  Actor
		action Action
		res    Resource
		reason string // a fragment of the expected reason
	}{
		{"unknown action", cm, Action("case.destroy"), caseIn("noord"), "unknown action"},
		{"empty action", cm, "", caseIn("noord"), "unknown action"},
		{"nobody signed in", Actor{Roles: []Role{RoleCaseManager}, Teams: []string{"noord"}}, ActionCaseView, caseIn("noord"), "no signed-in user"},
		{"negative user", Actor{UserID: -1, Roles: []Role{RoleCaseManager}, Teams: []string{"noord"}}, ActionCaseView, caseIn("noord"), "no signed-in user"},
		{"collection action with an object", cm, ActionCaseList, caseIn("noord"), "takes no object"},
		{"object action without an object", cm, ActionCaseView, Resource{}, "does not apply"},
		{"object of the wrong kind", cm, ActionCaseView, Resource{Kind: KindReport, ID: 1, Teams: []string{"noord"}}, "does not apply"},
		{"unknown kind", cm, ActionCaseView, Resource{Kind: "letter", ID: 1, Teams: []string{"noord"}}, "does not apply"},
		{"no roles", Actor{UserID: 1, Teams: []string{"noord"}}, ActionCaseView, caseIn("noord"), "no role"},
		{"unknown role", Actor{UserID: 1, Roles: []Role{"superuser"}, Teams: []string{"noord"}}, ActionCaseView, caseIn("noord"), "no role"},
		{"empty team names match nothing", Actor{UserID: 1, Roles: []Role{RoleCaseManager}, Teams: []string{""}}, ActionCaseEdit, Resource{Kind: KindCase, ID: 1, Teams: []string{""}}, "not assigned"},
		{"team names are exact", cm, ActionCaseEdit, caseIn("Noord"), "not assigned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(tt.actor, tt.action, tt.res, Opts{})
			if d.Allowed || d.Level != LevelNone {
				t.Fatalf("Decide = %+v, want refused", d)
			}
			if !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("reason %q, want it to mention %q", d.Reason, tt.reason)
			}
		})
	}
}

// TestDecisionInvariants checks, over the whole matrix with and without a
// valid grant, the properties every decision must have.
func TestDecisionInvariants(t *testing.T) {
	now := time.Date(2026, 3, 14, 2, 0, 0, 0, toren.Amsterdam)
	for _, action := range Actions() {
		for _, role := range Roles() {
			a := actorAs(role)
			for _, f := range fixtures() {
				res := f.res(firstKind(action))
				if firstKind(action) == "" {
					res = Resource{}
				}
				g := Grant{UserID: me, Object: Ref{KindCase, 42}, Reason: "Politie belt: acute dreiging bij het gezin", IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
				for _, o := range []Opts{{}, {Now: now, Grant: &g}} {
					d := Decide(a, action, res, o)
					where := string(role) + " " + string(action) + " " + f.name
					if d.Allowed != (d.Level > LevelNone) {
						t.Errorf("%s: Allowed %v with level %v", where, d.Allowed, d.Level)
					}
					if d.Reason == "" {
						t.Errorf("%s: no reason", where)
					}
					if d.Allowed && d.Role != role {
						t.Errorf("%s: Role %q, want %q", where, d.Role, role)
					}
					if d.NeedsBreakGlass && d.Level != LevelSignal {
						t.Errorf("%s: NeedsBreakGlass at level %v", where, d.Level)
					}
					if d.BreakGlass != (d.Grant != nil) || d.BreakGlass && (d.Level != LevelFull || o.Grant == nil) {
						t.Errorf("%s: BreakGlass %v, Grant %v, level %v", where, d.BreakGlass, d.Grant, d.Level)
					}
					if (d.Err() == nil) != d.Allowed || (d.ErrUnlessFull() == nil) != d.Full() {
						t.Errorf("%s: Err/ErrUnlessFull disagree with %+v", where, d)
					}
				}
			}
		}
	}
}

func TestDecisionErrIsForbidden(t *testing.T) {
	d := Decide(actorAs(RoleAnalyst), ActionCaseView, caseIn("noord"), Opts{})
	if code := toren.ErrorCode(d.Err()); code != toren.CodeForbidden {
		t.Errorf("Err code = %v, want forbidden", code)
	}
	s := Decide(actorAs(RoleCaseManager), ActionCaseView, caseIn("zuid"), Opts{})
	if s.Err() != nil {
		t.Errorf("signal-only Err = %v, want nil", s.Err())
	}
	if code := toren.ErrorCode(s.ErrUnlessFull()); code != toren.CodeForbidden {
		t.Errorf("signal-only ErrUnlessFull code = %v, want forbidden", code)
	}
}

// TestMultipleRoles: the most permissive role counts, and is named.
func TestMultipleRoles(t *testing.T) {
	tests := []struct {
		name     string
		roles    []Role
		action   Action
		res      Resource
		want     byte
		wantRole Role
	}{
		{"intake offers the glass where team leader only signals", []Role{RoleTeamLeader, RoleIntake}, ActionCaseView, caseIn("zuid", colleague), 'B', RoleIntake},
		{"team leader assigns where intake may not", []Role{RoleIntake, RoleTeamLeader}, ActionCaseAssign, caseIn("noord"), 'F', RoleTeamLeader},
		{"analyst and admin: statistics as analyst", []Role{RoleAdmin, RoleAnalyst}, ActionStatsView, Resource{}, 'F', RoleAnalyst},
		{"analyst and admin: users as admin", []Role{RoleAnalyst, RoleAdmin}, ActionUserManage, Resource{}, 'F', RoleAdmin},
		{"analyst and admin: still no case content", []Role{RoleAnalyst, RoleAdmin}, ActionCaseView, caseIn("noord"), '-', ""},
		{"monitoring hides the protected reporter, team leader shows", []Role{RoleMonitoring, RoleTeamLeader}, ActionReporterIdentityView,
			Resource{Kind: KindReport, ID: 7, Teams: []string{"noord"}, ReporterProtected: true}, 'F', RoleTeamLeader},
		{"a refused role does not hide an allowed one", []Role{RoleBehaviouralScientist, RoleCaseManager}, ActionCaseEdit, caseIn("noord"), 'F', RoleCaseManager},
		{"duplicate roles", []Role{RoleCaseManager, RoleCaseManager}, ActionCaseEdit, caseIn("zuid"), '-', ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Actor{UserID: me, Roles: tt.roles, Teams: []string{"noord"}, MultiFactor: true}
			d := Decide(a, tt.action, tt.res, Opts{})
			if got := code(d); got != tt.want || d.Role != tt.wantRole {
				t.Errorf("Decide = %c as %q (%s), want %c as %q", got, d.Role, d.Reason, tt.want, tt.wantRole)
			}
		})
	}
}

// TestProtectedReporterPurpose: a protected reporter never appears in a
// letter, an export or an access copy, even to those who may see them in
// Toren; an unprotected one may.
func TestProtectedReporterPurpose(t *testing.T) {
	protected := Resource{Kind: KindReport, ID: 7, Teams: []string{"noord"}, Assigned: []int64{me}, ReporterProtected: true}
	open := protected
	open.ReporterProtected = false
	tests := []struct {
		role    Role
		res     Resource
		purpose Purpose
		want    byte
	}{
		{RoleIntake, protected, PurposeCasework, 'F'},
		{RoleIntake, protected, PurposeLetter, '-'},
		{RoleIntake, protected, PurposeExport, '-'},
		{RoleIntake, protected, PurposeAccessRequest, '-'},
		{RoleCaseManager, protected, PurposeCasework, 'F'},
		{RoleCaseManager, protected, PurposeLetter, '-'},
		{RoleTeamLeader, protected, PurposeExport, '-'},
		{RoleTeamLeader, protected, Purpose("anything else"), '-'},
		{RoleMonitoring, protected, PurposeCasework, '-'},
		{RoleCaseManager, open, PurposeLetter, 'F'},
		{RoleCaseManager, open, PurposeExport, 'F'},
		{RoleMonitoring, open, PurposeAccessRequest, 'F'},
	}
	for _, tt := range tests {
		d := Decide(actorAs(tt.role), ActionReporterIdentityView, tt.res, Opts{Purpose: tt.purpose})
		if got := code(d); got != tt.want {
			t.Errorf("%s, protected=%v, purpose %q: %c (%s), want %c", tt.role, tt.res.ReporterProtected, tt.purpose, got, d.Reason, tt.want)
		}
	}
}

// TestApproveThroughDecide: decision.approve applies need-to-know and
// separation of duties together.
func TestApproveThroughDecide(t *testing.T) {
	dec := func(team string, proposer int64, kind DecisionKind, closed bool) Resource {
		return Resource{Kind: KindDecision, ID: 3, Teams: []string{team}, ProposedBy: proposer, DecisionKind: kind, Closed: closed}
	}
	tests := []struct {
		name   string
		role   Role
		res    Resource
		want   byte
		reason string
	}{
		{"behavioural scientist, colleague's proposal", RoleBehaviouralScientist, dec("noord", colleague, DecisionHandover, false), 'F', "second pair of eyes"},
		{"own proposal", RoleTeamLeader, dec("noord", me, DecisionHandover, false), '-', "separation of duties"},
		{"proposer unknown", RoleTeamLeader, dec("noord", 0, DecisionHandover, false), '-', "proposer unknown"},
		{"other team", RoleTeamLeader, dec("zuid", colleague, DecisionHandover, false), '-', "not assigned"},
		{"CCB needs the team leader", RoleBehaviouralScientist, dec("noord", colleague, DecisionCCB, false), '-', "may not approve a ccb"},
		{"CCB by the team leader", RoleTeamLeader, dec("noord", colleague, DecisionCCB, false), 'F', ""},
		{"unknown decision kind", RoleTeamLeader, dec("noord", colleague, "bonus", false), '-', "unknown decision kind"},
		{"no kind", RoleTeamLeader, dec("noord", colleague, "", false), '-', "unknown decision kind"},
		{"closed case", RoleTeamLeader, dec("noord", colleague, DecisionClosure, true), '-', "closed"},
		{"case manager never approves", RoleCaseManager, dec("noord", colleague, DecisionHandover, false), '-', "no role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(actorAs(tt.role), ActionDecisionApprove, tt.res, Opts{})
			if got := code(d); got != tt.want || !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("Decide = %c (%s), want %c mentioning %q", got, d.Reason, tt.want, tt.reason)
			}
		})
	}
}

// TestSignalOnlyWithoutSecondFactor: without a second factor the intake
// worker still sees signals but is not offered the glass.
func TestSignalOnlyWithoutSecondFactor(t *testing.T) {
	a := actorAs(RoleIntake)
	a.MultiFactor = false
	d := Decide(a, ActionCaseView, caseIn("zuid", colleague), Opts{})
	if d.Level != LevelSignal || d.NeedsBreakGlass {
		t.Errorf("Decide = %+v, want signal-only without NeedsBreakGlass", d)
	}
	if d := Decide(a, ActionBreakGlass, caseIn("zuid", colleague), Opts{}); d.Allowed || !strings.Contains(d.Reason, "second factor") {
		t.Errorf("break_glass without second factor = %+v, want refused for the second factor", d)
	}
}

func TestHistoryFullNeedsCurrentInvolvement(t *testing.T) {
	person := Resource{Kind: KindPerson, ID: 5, Teams: []string{"noord"}, Closed: true}
	d := Decide(actorAs(RoleCaseManager), ActionPersonHistoryFull, person, Opts{})
	if d.Level != LevelSignal || !strings.Contains(d.Reason, "no current involvement") {
		t.Errorf("Decide = %+v, want signal-only for no current involvement", d)
	}
	if d := Decide(actorAs(RoleCaseManager), ActionPersonView, person, Opts{}); !d.Full() {
		t.Errorf("person.view of a person the team handled = %+v, want full", d)
	}
}

// The codes are valid and parse; their Dutch names are the web's
// catalogue's (TestCatalogue in internal/web asks for every one).
func TestCodes(t *testing.T) {
	for _, r := range Roles() {
		if !r.Valid() {
			t.Errorf("role %s is not valid", r)
		}
		if got, ok := ParseRole(string(r)); !ok || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, ok)
		}
	}
	if _, ok := ParseRole("root"); ok {
		t.Error(`ParseRole("root") ok`)
	}
	for _, s := range Scopes() {
		if !s.Valid() {
			t.Errorf("scope %s is not valid", s)
		}
	}
	if Scope("admin:all").Valid() {
		t.Error(`scope "admin:all" valid`)
	}
	for _, a := range Actions() {
		if !a.Valid() {
			t.Errorf("action %s is not valid", a)
		}
	}
	for _, l := range []Level{LevelNone, LevelSignal, LevelFull} {
		if l.String() == "" {
			t.Errorf("level %d has no name", l)
		}
	}
}

// TestRuleTable checks the table itself: unique actions, known roles and
// kinds, and flags that make sense together.
func TestRuleTable(t *testing.T) {
	seen := map[Action]bool{}
	for _, r := range rules() {
		if seen[r.action] {
			t.Errorf("two rules for %s", r.action)
		}
		seen[r.action] = true
		if len(r.roles) == 0 && !clientOnly(r.action) {
			t.Errorf("%s: no role may do it", r.action)
		}
		for _, role := range r.roles {
			if !role.Valid() {
				t.Errorf("%s: unknown role %q", r.action, role)
			}
		}
		for _, k := range r.kinds {
			if k == "" {
				t.Errorf("%s: empty kind", r.action)
			}
		}
		if r.kinds == nil && (r.access != byRole || r.state != anyState || r.glass) {
			t.Errorf("%s: a collection action can only be decided by role", r.action)
		}
		if r.glass && r.access != byContent {
			t.Errorf("%s: only content reads can be opened by breaking the glass", r.action)
		}
		if r.state == currentOnly && r.access != byContent {
			t.Errorf("%s: currentOnly applies to content reads", r.action)
		}
		if !validAuditAction(string(r.action)) {
			t.Errorf("%s: not a valid audit action name", r.action)
		}
	}
}

// validAuditAction mirrors audit.Entry's rule for action names, so every
// action can be logged under its own name.
func validAuditAction(a string) bool {
	if a == "" || len(a) > 64 {
		return false
	}
	for _, r := range a {
		if !(r >= 'a' && r <= 'z' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}

// A reading team (the team a case is handed to, or the team that handed it
// over) reads the content and nothing more: no change, no protected
// reporter, nothing once the case is closed.
func TestReadersReadOnly(t *testing.T) {
	mon := actorAs(RoleMonitoring) // member of "noord"
	res := Resource{Kind: KindCase, ID: 7, Teams: []string{"zuid"}, Readers: []string{"noord"}}
	if d := Decide(mon, ActionCaseView, res, Opts{}); !d.Full() {
		t.Errorf("reader views the case: %+v", d)
	}
	for _, action := range []Action{ActionCaseEdit, ActionCaseTransition, ActionDecisionPropose, ActionLetterGenerate} {
		if d := Decide(mon, action, res, Opts{}); d.Allowed {
			t.Errorf("reader may %s: %+v", action, d)
		}
	}
	protected := res
	protected.ReporterProtected = true
	if d := Decide(mon, ActionReporterIdentityView, protected, Opts{}); d.Allowed {
		t.Errorf("reader sees a protected reporter: %+v", d)
	}
	closed := res
	closed.Closed = true
	if d := Decide(mon, ActionCaseView, closed, Opts{}); d.Full() {
		t.Errorf("reader reads a closed case in full: %+v", d)
	}
	if d := Decide(mon, ActionCaseView, Resource{Kind: KindCase, ID: 7, Teams: []string{"zuid"}}, Opts{}); d.Full() {
		t.Errorf("without the reading team the case is signal-only, got %+v", d)
	}
}

// clientOnly reports whether some scope opens action: such an action may
// be for API clients alone.
func clientOnly(action Action) bool {
	for _, s := range Scopes() {
		if slices.Contains(s.Actions(), action) {
			return true
		}
	}
	return false
}
