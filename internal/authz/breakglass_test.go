package authz

import (
	"strings"
	"testing"
	"time"

	"toren/internal/toren"
)

const nightReason = "Politie belt om 02:10: acute dreiging, huisverbod overwogen"

var night = time.Date(2026, 3, 14, 2, 10, 0, 0, toren.Amsterdam)

func TestNewGrant(t *testing.T) {
	intake := actorAs(RoleIntake)
	noMFA := intake
	noMFA.MultiFactor = false
	tests := []struct {
		name   string
		actor  Actor
		obj    Ref
		reason string
		now    time.Time
		code   toren.Code // "" for success
		field  string     // the field an invalid error names
	}{
		{"crisis worker at night", intake, Ref{KindCase, 42}, nightReason, night, "", ""},
		{"on a person", intake, Ref{KindPerson, 5}, nightReason, night, "", ""},
		{"on a report", intake, Ref{KindReport, 9}, "  " + nightReason + "\n", night, "", ""},
		{"case manager", actorAs(RoleCaseManager), Ref{KindCase, 42}, nightReason, night, toren.CodeForbidden, ""},
		{"team leader", actorAs(RoleTeamLeader), Ref{KindCase, 42}, nightReason, night, toren.CodeForbidden, ""},
		{"nobody", Actor{Roles: []Role{RoleIntake}, MultiFactor: true}, Ref{KindCase, 42}, nightReason, night, toren.CodeForbidden, ""},
		{"no second factor", noMFA, Ref{KindCase, 42}, nightReason, night, toren.CodeForbidden, ""},
		{"no reason", intake, Ref{KindCase, 42}, "", night, toren.CodeInvalid, "reason"},
		{"one word", intake, Ref{KindCase, 42}, "spoed", night, toren.CodeInvalid, "reason"},
		{"19 characters after trimming", intake, Ref{KindCase, 42}, "   " + strings.Repeat("x", 19) + "   ", night, toren.CodeInvalid, "reason"},
		{"reason with NUL", intake, Ref{KindCase, 42}, nightReason + "\x00", night, toren.CodeInvalid, "reason"},
		{"reason too long", intake, Ref{KindCase, 42}, strings.Repeat("lang ", 1000), night, toren.CodeInvalid, "reason"},
		{"alert is no file", intake, Ref{KindAlert, 1}, nightReason, night, toren.CodeInvalid, "object"},
		{"no object ID", intake, Ref{KindCase, 0}, nightReason, night, toren.CodeInvalid, "object"},
		{"no time", intake, Ref{KindCase, 42}, nightReason, time.Time{}, toren.CodeInvalid, "now"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := NewGrant(tt.actor, tt.obj, tt.reason, tt.now)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("NewGrant: %v", err)
				}
				want := Grant{UserID: tt.actor.UserID, Object: tt.obj, Reason: strings.TrimSpace(tt.reason), IssuedAt: tt.now, ExpiresAt: tt.now.Add(12 * time.Hour)}
				if g != want {
					t.Errorf("NewGrant = %+v, want %+v", g, want)
				}
				return
			}
			if toren.ErrorCode(err) != tt.code {
				t.Fatalf("NewGrant error %v, want code %s", err, tt.code)
			}
			if tt.field != "" {
				fields := toren.FieldErrors(err)
				if len(fields) != 1 || fields[0].Field != tt.field || fields[0].Rule == "" {
					t.Errorf("field errors %+v, want one on %q with a rule", fields, tt.field)
				}
			}
		})
	}
}

// TestGrantUse: a grant opens the object it was issued for, and what lies
// within it, for its holder, for at most 12 hours, for reading only.
func TestGrantUse(t *testing.T) {
	intake := actorAs(RoleIntake)
	valid, err := NewGrant(intake, Ref{KindCase, 42}, nightReason, night)
	if err != nil {
		t.Fatal(err)
	}
	other := caseIn("zuid", colleague) // case 42 of another team
	reportInCase := Resource{Kind: KindReport, ID: 9, Teams: []string{"zuid"}, Within: []Ref{{KindCase, 42}, {KindPerson, 5}}}
	with := func(f func(*Grant)) *Grant { g := valid; f(&g); return &g }
	tests := []struct {
		name   string
		actor  Actor
		action Action
		res    Resource
		grant  *Grant
		now    time.Time
		want   byte   // F via the grant, B/S signal, - none
		reason string // fragment
	}{
		{"at once", intake, ActionCaseView, other, &valid, night, 'F', "break-glass grant"},
		{"11h59 later", intake, ActionCaseView, other, &valid, night.Add(12*time.Hour - time.Minute), 'F', "break-glass grant"},
		{"12 hours later", intake, ActionCaseView, other, &valid, night.Add(12 * time.Hour), 'B', "expired"},
		{"before it was issued", intake, ActionCaseView, other, &valid, night.Add(-time.Second), 'B', "not yet valid"},
		{"no time given", intake, ActionCaseView, other, &valid, time.Time{}, 'B', "no time"},
		{"report within the case", intake, ActionReportView, reportInCase, &valid, night, 'F', "break-glass grant"},
		{"person the report is about", intake, ActionReportView, reportInCase, with(func(g *Grant) { g.Object = Ref{KindPerson, 5} }), night, 'F', "break-glass grant"},
		{"another case", intake, ActionCaseView, Resource{Kind: KindCase, ID: 43, Teams: []string{"zuid"}}, &valid, night, 'B', "another object"},
		{"same ID, other kind", intake, ActionPersonView, Resource{Kind: KindPerson, ID: 42, Teams: []string{"zuid"}}, &valid, night, 'B', "another object"},
		{"another user's grant", Actor{UserID: 2, Roles: []Role{RoleIntake}, Teams: []string{"noord"}, MultiFactor: true}, ActionCaseView, other, &valid, night, 'B', "another user"},
		{"forged 24-hour grant", intake, ActionCaseView, other, with(func(g *Grant) { g.ExpiresAt = g.IssuedAt.Add(24 * time.Hour) }), night.Add(time.Hour), 'B', "12 hours"},
		{"reason wiped", intake, ActionCaseView, other, with(func(g *Grant) { g.Reason = " " }), night, 'B', "no written reason"},
		{"grant on an alert", intake, ActionCaseView, Resource{Kind: KindCase, ID: 42, Teams: []string{"zuid"}, Within: []Ref{{KindAlert, 1}}}, with(func(g *Grant) { g.Object = Ref{KindAlert, 1} }), night, 'B', "another object"},
		{"second factor gone", func() Actor { a := intake; a.MultiFactor = false; return a }(), ActionCaseView, other, &valid, night, 'S', "no second factor"},
		{"holder no longer intake", Actor{UserID: me, Roles: []Role{RoleCaseManager}, Teams: []string{"noord"}, MultiFactor: true}, ActionCaseView, other, &valid, night, 'S', "signal only"},
		{"history of a person", intake, ActionPersonHistoryFull, Resource{Kind: KindPerson, ID: 5, Teams: []string{"zuid"}}, with(func(g *Grant) { g.Object = Ref{KindPerson, 5} }), night, 'F', "break-glass grant"},
		{"no writing through the glass", intake, ActionCaseEdit, other, &valid, night, '-', "not assigned"},
		{"no letters through the glass", intake, ActionLetterGenerate, other, &valid, night, '-', "not assigned"},
		{"no protected reporter through the glass", intake, ActionReporterIdentityView, Resource{Kind: KindCase, ID: 42, Teams: []string{"zuid"}, ReporterProtected: true}, &valid, night, '-', "not assigned"},
		{"no new grant while holding one", intake, ActionBreakGlass, other, &valid, night, 'F', "may break the glass"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(tt.actor, tt.action, tt.res, Opts{Now: tt.now, Grant: tt.grant})
			got := code(d)
			if got != tt.want || !strings.Contains(d.Reason, tt.reason) {
				t.Fatalf("Decide = %c (%s), want %c mentioning %q", got, d.Reason, tt.want, tt.reason)
			}
			viaGrant := tt.want == 'F' && tt.action != ActionBreakGlass
			if d.BreakGlass != viaGrant || (d.Grant == tt.grant) != viaGrant {
				t.Errorf("BreakGlass = %v, Grant = %p; want via grant %v", d.BreakGlass, d.Grant, viaGrant)
			}
		})
	}
}

// glassMatrix is intake's row, with a valid grant on the object, for the
// actions a grant changes: G is full through the grant. For every other
// action and every other role, a grant changes nothing.
var glassMatrix = map[Action]string{
	ActionReportView:        "FFGFFFF",
	ActionPersonView:        "FFGFFFF",
	ActionPersonHistoryFull: "FFGFFFG",
	ActionCaseView:          "FFGFFFF",
}

func TestGlassMatrix(t *testing.T) {
	want := expected(t)
	for _, action := range Actions() {
		kind := firstKind(action)
		for _, role := range Roles() {
			a := actorAs(role)
			var b strings.Builder
			if kind == "" {
				b.WriteByte(code(Decide(a, action, Resource{}, Opts{Now: night})))
			}
			for _, f := range fixtures() {
				if kind == "" {
					break
				}
				res := f.res(kind)
				g := Grant{UserID: me, Object: res.Ref(), Reason: nightReason, IssuedAt: night, ExpiresAt: night.Add(GrantDuration)}
				d := Decide(a, action, res, Opts{Now: night.Add(time.Hour), Grant: &g})
				c := code(d)
				if d.BreakGlass {
					c = 'G'
				}
				b.WriteByte(c)
			}
			w := want[action][role]
			if g, ok := glassMatrix[action]; ok && role == RoleIntake {
				w = g
			}
			if got := b.String(); got != w {
				t.Errorf("with a grant, Decide(%s, %s) = %q, want %q", role, action, got, w)
			}
		}
	}
}
