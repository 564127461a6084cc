package casework_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"testing"
	"time"

	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/demo"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/letters"
	"toren/internal/nl"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/store/storetest"
	"toren/internal/toren"
	"toren/internal/workdays"
)

// env is the casework service over a real SQLite database, with the staff
// of one Veilig Thuis organisation and a clock the story moves forward.
type env struct {
	t      testing.TB
	ctx    context.Context
	db     *store.DB
	clock  *toren.FixedClock
	intake *intake.Service
	svc    *casework.Service
	// heads is the letterhead the administrator set; none: the renderer's.
	heads *letterheads
	// The staff. Tara leads Frontoffice and Backoffice; Gert is the
	// behavioural scientist of both and of Team Monitoring; Mo works in Team Monitoring and
	// Monty leads it.
	iris, cas, cor, gert, tara, mo, monty, zoe authz.Actor
}

func newEnv(t testing.TB, start time.Time) *env {
	t.Helper()
	db := storetest.OpenSQLite(t)
	clock := toren.NewFixedClock(start)
	log := slog.New(slog.DiscardHandler)
	v := reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: clock}
	rd, err := letters.NewRenderer(letters.Letterhead{Organisation: "Veilig Thuis Testregio", Phone: "0800-2000"}, clock)
	if err != nil {
		t.Fatal(err)
	}
	heads := &letterheads{}
	svc, err := casework.New(casework.Config{Store: db, Clock: clock, Calendar: workdays.Dutch(),
		Deadlines: cases.DefaultDeadlines(), IntakeTeam: "Frontoffice", Letters: rd, Letterheads: heads, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: context.Background(), db: db, clock: clock, svc: svc, heads: heads,
		intake: intake.NewService(db, v, intaketest.ExactResolver{}, clock, log)}
	e.iris = e.user("iris", "Iris de Wit", authz.RoleIntake, "Frontoffice")
	e.cas = e.user("cas", "Cas Jansen", authz.RoleCaseManager, "Backoffice")
	e.cor = e.user("cor", "Cor de Vries", authz.RoleCaseManager, "Backoffice")
	e.gert = e.user("gert", "Gert Visser", authz.RoleBehaviouralScientist, "Frontoffice", "Backoffice", "Team Monitoring")
	e.tara = e.user("tara", "Tara Mulder", authz.RoleTeamLeader, "Frontoffice", "Backoffice")
	e.mo = e.user("mo", "Mo Bakker", authz.RoleMonitoring, "Team Monitoring")
	e.monty = e.user("monty", "Monty Smit", authz.RoleTeamLeader, "Team Monitoring")
	e.zoe = e.user("zoe", "Zoë Zuid", authz.RoleCaseManager, "Team Zuid")
	return e
}

// letterheads is the organisation's settings as the letters read them.
type letterheads struct{ head *letters.Letterhead }

func (l *letterheads) Letterhead(context.Context) (letters.Letterhead, error) {
	if l.head == nil {
		return letters.Letterhead{Organisation: "Veilig Thuis Testregio", Phone: "0800-2000"}, nil
	}
	return *l.head, nil
}

// user creates an account (and its teams) and returns it as an actor.
func (e *env) user(username, name string, role authz.Role, teams ...string) authz.Actor {
	e.t.Helper()
	var ts []accounts.Team
	for _, name := range teams {
		all, err := e.db.ListTeams(e.ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		i := slices.IndexFunc(all, func(t accounts.Team) bool { return t.Name == name })
		if i >= 0 {
			ts = append(ts, all[i])
			continue
		}
		tm := accounts.Team{Name: name}
		if err := e.db.CreateTeam(e.ctx, &tm); err != nil {
			e.t.Fatal(err)
		}
		ts = append(ts, tm)
	}
	now := e.clock.Now()
	u := &accounts.User{Username: username, DisplayName: name, Roles: []string{string(role)}, Teams: ts, CreatedAt: now, UpdatedAt: now}
	if err := e.db.CreateUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
	w, err := e.db.Worker(e.ctx, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return w.Actor()
}

// seed registers the demo reports of one story, dated relative to now.
func (e *env) seed(story string, now time.Time) []demo.SeedReport {
	e.t.Helper()
	var out []demo.SeedReport
	for _, s := range demo.Seed(now) {
		if s.Story != story {
			continue
		}
		if _, err := e.intake.Submit(e.ctx, e.iris, intake.Submission{Report: &s.Report, IdempotencyKey: s.Key}); err != nil {
			e.t.Fatalf("seed %s: %v", s.Key, err)
		}
		out = append(out, s)
	}
	return out
}

// at moves the clock to t.
func (e *env) at(t time.Time) { e.clock.Set(t) }

func (e *env) file(a authz.Actor, id int64) *casework.File {
	e.t.Helper()
	f, err := e.svc.File(e.ctx, a, id)
	if err != nil {
		e.t.Fatalf("file %d as %s: %v", id, a.Name, err)
	}
	return f
}

func (e *env) move(a authz.Actor, f *casework.File, name cases.TransitionName) *casework.File {
	e.t.Helper()
	g, err := e.svc.Transition(e.ctx, a, f.Case.ID, casework.TransitionRequest{Transition: name, Version: f.Case.Version})
	if err != nil {
		e.t.Fatalf("%s as %s: %v", name, a.Name, err)
	}
	return g
}

func (e *env) propose(a authz.Actor, caseID int64, in casework.DecisionInput) *casework.Decision {
	e.t.Helper()
	d, err := e.svc.Propose(e.ctx, a, caseID, in)
	if err != nil {
		e.t.Fatalf("propose %s/%s as %s: %v", in.Kind, in.Outcome, a.Name, err)
	}
	return d
}

func (e *env) approve(a authz.Actor, d *casework.Decision) *casework.Decision {
	e.t.Helper()
	got, err := e.svc.Approve(e.ctx, a, d.ID, casework.ApproveRequest{Version: d.Version})
	if err != nil {
		e.t.Fatalf("approve %s/%s as %s: %v", d.Kind, d.Outcome, a.Name, err)
	}
	return got
}

// decide proposes as a and has b approve.
func (e *env) decide(a, b authz.Actor, caseID int64, in casework.DecisionInput) *casework.File {
	e.t.Helper()
	e.approve(b, e.propose(a, caseID, in))
	return e.file(a, caseID)
}

func (e *env) head() int64 {
	e.t.Helper()
	h, err := e.db.AuditHead(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return h.Seq
}

func (e *env) auditSince(seq int64) []audit.Entry {
	e.t.Helper()
	var out []audit.Entry
	for en, err := range e.db.AuditEntries(e.ctx, seq) {
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, en)
	}
	return out
}

// wantRule fails unless err is an application error of code naming rule.
func wantRule(t *testing.T, what string, err error, code toren.Code, rule string) {
	t.Helper()
	var te *toren.Error
	if !errors.As(err, &te) || te.Code != code {
		t.Errorf("%s: err = %v, want %s naming %q", what, err, code, rule)
		return
	}
	if rule == "" {
		return
	}
	for _, f := range te.Fields {
		if f.Rule == rule {
			// The Dutch is the web's (case.rule.*, TestCaseRulesHaveWords).
			if f.Message == "" {
				t.Errorf("%s: rule %s has no message", what, rule)
			}
			return
		}
	}
	t.Errorf("%s: err = %v, want rule %q", what, err, rule)
}

// unchanged fails when the case or the audit log changed since before.
func (e *env) unchanged(what string, before *casework.File, seq int64) {
	e.t.Helper()
	f, err := e.db.CaseFile(e.ctx, before.Case.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	if f.Case.Version != before.Case.Version || f.Case.Status != before.Case.Status {
		e.t.Errorf("%s changed the case: version %d→%d, status %s→%s", what, before.Case.Version, f.Case.Version, before.Case.Status, f.Case.Status)
	}
	if h := e.head(); h != seq {
		e.t.Errorf("%s wrote %d audit entries", what, h-seq)
	}
}

func deadline(f *casework.File, kind cases.DeadlineKind, months int) (casework.DeadlineView, bool) {
	for _, d := range f.Deadlines {
		if d.Kind == kind && d.Months == months {
			return d, true
		}
	}
	return casework.DeadlineView{}, false
}

func ams(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, toren.Amsterdam)
}

// triage is a safety assessment that Veilig Thuis intervenes.
func triage(rule casework.TriageRule) casework.DecisionInput {
	return casework.DecisionInput{Kind: casework.KindSafetyAssessment, Outcome: casework.OutcomeVTService,
		Reasoning: "Structurele onveiligheid; Veilig Thuis grijpt zelf in.", StructuralUnsafety: true,
		TriageRule: rule, RiskColour: cases.ColourOrange}
}

func choose(outcome cases.TransitionName) casework.DecisionInput {
	return casework.DecisionInput{Kind: casework.KindInterventionChoice, Outcome: string(outcome),
		Reasoning: "Betrokkenen willen en kunnen meewerken; bevestigen of weerleggen is niet nodig."}
}

func closure(outcome cases.TransitionName) casework.DecisionInput {
	return casework.DecisionInput{Kind: casework.KindClosure, Outcome: string(outcome), Reasoning: "De veiligheidsvoorwaarden zijn gesteld en belegd."}
}
