package casework

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/letters"
	"toren/internal/toren"
	"toren/internal/workdays"
)

// Config wires a Service.
type Config struct {
	Store     Store
	Clock     toren.Clock
	Calendar  workdays.Calendar
	Deadlines cases.Deadlines
	// IntakeTeam owns reports in triage (not yet in a case); opening a
	// case needs full access to its reports.
	IntakeTeam string
	// MonitoringTeam checks the safety conditions after a handover: it
	// accepts an internal handover itself and owns the case in monitoring
	// ("" is "Team Monitoring").
	MonitoringTeam string
	// Letters renders the closing and feedback letters (nil: no letters
	// are made); Letterheads, when set, gives the letterhead they are
	// printed on now instead of the renderer's own.
	Letters     *letters.Renderer
	Letterheads Letterheads
	Log         *slog.Logger // nil: discard
}

// Service drives the process of case files. Its methods are safe for
// concurrent use.
type Service struct {
	store      Store
	clock      toren.Clock
	cal        workdays.Calendar
	deadlines  cases.Deadlines
	intakeTeam string
	monitoring string
	// letters and letterheads make the letters (letters.go).
	letters     *letters.Renderer
	letterheads Letterheads
	log         *slog.Logger
	process     cases.Machine[cases.Status, cases.Facts]
}

// New returns a Service, refusing settings that break their rules.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Clock == nil {
		return nil, fmt.Errorf("casework: a store and a clock are required")
	}
	if err := cfg.Deadlines.Validate(); err != nil {
		return nil, fmt.Errorf("casework: deadlines: %w", err)
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	monitoring := strings.TrimSpace(cfg.MonitoringTeam)
	if monitoring == "" {
		monitoring = DefaultMonitoringTeam
	}
	return &Service{store: cfg.Store, clock: cfg.Clock, cal: cfg.Calendar, deadlines: cfg.Deadlines,
		intakeTeam: cfg.IntakeTeam, monitoring: monitoring, letters: cfg.Letters, letterheads: cfg.Letterheads,
		log: log, process: cases.Process()}, nil
}

// DefaultMonitoringTeam is the team that checks the safety conditions after
// a handover unless the organisation names another.
const DefaultMonitoringTeam = "Team Monitoring"

// TriageDue is when the safety assessment of a report received at
// receivedAt is due, by the organisation's deadlines on the service's
// calendar: the deadline the triage queue shows and the case file keeps.
func (s *Service) TriageDue(receivedAt time.Time, acute bool) time.Time {
	return s.deadlines.SafetyAssessmentDue(s.cal, receivedAt, acute)
}

// SignalOnly says the case exists but its content is not for this user;
// Teams are whom to ask.
type SignalOnly struct {
	CaseID int64
	Number string
	Teams  []string
	err    *toren.Error
}

func (s *SignalOnly) Error() string { return s.err.Error() }
func (s *SignalOnly) Unwrap() error { return s.err }

// resource describes the case for the policy: its team and the workers
// assigned to it (who must be members of that team, see Assign).
func resource(f *File) authz.Resource {
	res := authz.Resource{Kind: authz.KindCase, ID: f.Case.ID, Closed: Final(f.Case.Status)}
	if f.Case.Team != "" {
		res.Teams = []string{f.Case.Team}
	}
	for _, w := range f.Assignment.Workers {
		res.Assigned = append(res.Assigned, w.UserID)
	}
	res.Readers = readers(f)
	for _, r := range f.Reports {
		res.ReporterProtected = res.ReporterProtected || r.ReporterProtected
	}
	return res
}

// readers are the teams that read the case without owning it: the team of
// Veilig Thuis a handover is proposed to, once the decision to hand over
// took effect, so that it can decide to accept,
// and the team that handed the case over, for as long as the case is in
// monitoring (a new signal or a breach goes back to the workers who know
// the family).
func readers(f *File) []string {
	var out []string
	for _, h := range f.Handovers {
		if h.Episode != f.Episode {
			continue
		}
		switch {
		case h.Status == HandoverProposed && h.ToTeam != "" && h.ToTeam != f.Case.Team && f.Case.Status == cases.StatusHandover:
			out = append(out, h.ToTeam)
		case h.Status == HandoverAccepted && f.Case.Status == cases.StatusMonitoring && h.FromTeam != "" && h.FromTeam != f.Case.Team:
			out = append(out, h.FromTeam)
		}
	}
	return out
}

// decisionResource describes a decision for the policy.
func decisionResource(f *File, d *Decision) authz.Resource {
	res := resource(f)
	res.Kind, res.ID = authz.KindDecision, d.ID
	res.ProposedBy, res.DecisionKind = d.Proposed.ByID, d.Kind
	res.Within = []authz.Ref{{Kind: authz.KindCase, ID: f.Case.ID}}
	return res
}

// allow asks the policy and returns a CodeForbidden error unless the
// action may be done in full.
func (s *Service) allow(a authz.Actor, action authz.Action, res authz.Resource) error {
	d := authz.Decide(a, action, res, authz.Opts{Now: s.clock.Now()})
	if d.Full() {
		return nil
	}
	if d.Allowed && action == authz.ActionCaseView {
		return &SignalOnly{CaseID: res.ID, Teams: res.Teams,
			err: toren.Errorf(toren.CodeForbidden, "only signals may be seen: ask team %s", strings.Join(res.Teams, " or "))}
	}
	return toren.Errorf(toren.CodeForbidden, "not allowed: %s", d.Reason)
}

// load reads the case file and fills in its episode.
func (s *Service) load(ctx context.Context, caseID int64) (*File, error) {
	f, err := s.store.CaseFile(ctx, caseID)
	if err != nil {
		return nil, err
	}
	f.derive()
	return f, nil
}

// loadDue reads the parts that decide access and what is due (PartsDue)
// of those of ids that exist, in the order of ids, fills in their
// episodes and what is due: a list of cases in a few queries, not a few
// per case.
func (s *Service) loadDue(ctx context.Context, ids []int64) ([]*File, error) {
	files, err := s.store.CaseFiles(ctx, ids, PartsDue)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	for _, f := range files {
		f.derive()
		s.dueOf(f, now)
	}
	return files, nil
}

// loadFor reads the case file and checks that a may do action on it.
func (s *Service) loadFor(ctx context.Context, a authz.Actor, caseID int64, action authz.Action) (*File, error) {
	f, err := s.load(ctx, caseID)
	if err != nil {
		return nil, err
	}
	if err := s.allow(a, action, resource(f)); err != nil {
		return nil, err
	}
	return f, nil
}

// finish fills the derived parts of f for a, and hides a protected
// reporter from a user who may not know them.
func (s *Service) finish(f *File, a authz.Actor) *File {
	now := s.clock.Now()
	f.Facts = f.facts()
	s.dueOf(f, now)
	f.Steps = s.steps(f)
	if f.Steps == nil {
		f.Steps = []Step{}
	}
	if f.Case.ReportIDs == nil {
		f.Case.ReportIDs = []int64{}
	}
	res := resource(f)
	d := authz.Decide(a, authz.ActionReporterIdentityView, res, authz.Opts{Now: now, Purpose: authz.PurposeCasework})
	if !d.Full() {
		for i := range f.Reports {
			// As reports.Reporter.Hidden: of the reporter's identity the
			// case file holds the name and the organisation.
			f.Reports[i].ReporterName, f.Reports[i].ReporterOrganisation = "", ""
		}
	}
	return f
}

// dueOf fills in f's deadlines and what is due when (File.Due): the one
// answer the case file, the work queue and the case lists show.
func (s *Service) dueOf(f *File, now time.Time) {
	f.Deadlines = s.schedule(f, now)
	f.Due = due(f, now)
	if it, ok := s.declinedItem(f, now); ok {
		// A declined handover is due like any term: every page that asks
		// what is due (queue, summary, lists) sees it.
		f.Due = append(f.Due, it)
		slices.SortStableFunc(f.Due, func(x, y QueueItem) int { return x.Due.Compare(y.Due) })
	}
	// Lists are never null in JSON: a client iterates them as they are.
	if f.Deadlines == nil {
		f.Deadlines = []DeadlineView{}
	}
	if f.Due == nil {
		f.Due = []QueueItem{}
	}
}

// schedule returns the deadlines of the current episode, earliest first.
func (s *Service) schedule(f *File, now time.Time) []DeadlineView {
	var out []DeadlineView
	for _, d := range s.deadlines.Schedule(s.cal, f.timeline()) {
		out = append(out, viewOf(d, now, 0))
	}
	for _, m := range f.episodeMoments() {
		d := cases.Deadline{Kind: cases.DeadlineMonitoring, Months: m.Months, Due: m.Due, Done: m.Status == MomentDone}
		out = append(out, viewOf(d, now, m.ID))
	}
	slices.SortStableFunc(out, func(a, b DeadlineView) int { return a.Due.Compare(b.Due) })
	return out
}

// steps lists the transitions the process allows from the case's status,
// with the preconditions that do not hold now.
func (s *Service) steps(f *File) []Step {
	var out []Step
	for _, t := range s.process.Allowed(f.Case.Status) {
		st := Step{Transition: t.Name, To: t.To, Decision: string(authorisingKind(t.Name, f.Case.Status)), Unmet: []StepRule{}}
		for _, r := range t.Unmet(f.Facts) {
			st.Unmet = append(st.Unmet, StepRule{Rule: r.Code, Field: r.Field, Message: r.Message})
		}
		out = append(out, st)
	}
	return out
}

// stamp is the actor now.
func (s *Service) stamp(a authz.Actor) Stamp {
	return Stamp{ByID: a.UserID, ByName: a.Name, At: s.clock.Now().UTC().Truncate(time.Microsecond)}
}

// File returns the case file, if a may read it in full; a worker of
// another team gets a *SignalOnly error naming the team to ask.
func (s *Service) File(ctx context.Context, a authz.Actor, caseID int64) (*File, error) {
	f, err := s.load(ctx, caseID)
	if err != nil {
		return nil, err
	}
	if err := s.allow(a, authz.ActionCaseView, resource(f)); err != nil {
		if so, ok := AsSignalOnly(err); ok {
			so.Number = f.Case.Number // the number is a signal, not content
		}
		return nil, err
	}
	return s.finish(f, a), nil
}

// reload returns the file after a write by a, without asking the policy
// again: a had full access a moment ago in the same request, and an
// assignment to another team must not turn its own answer into a refusal.
func (s *Service) reload(ctx context.Context, a authz.Actor, caseID int64) (*File, error) {
	f, err := s.load(ctx, caseID)
	if err != nil {
		return nil, err
	}
	return s.finish(f, a), nil
}

// knownTeam adds a problem when team names no existing team. A case owned
// by a team that does not exist could be read by no one: its reports
// would be lost to need-to-know.
func (s *Service) knownTeam(ctx context.Context, p *toren.Problems, team string) error {
	team = strings.TrimSpace(team)
	if team == "" {
		return nil // text reports it as required
	}
	ok, err := s.store.TeamExists(ctx, team)
	if err != nil {
		return fmt.Errorf("casework: team %q: %w", team, err)
	}
	if !ok {
		broke(p, "team", "unknown_team", "no team has this name")
	}
	return nil
}

// OpenCase opens a case from reports: status received, owned by team.
func (s *Service) OpenCase(ctx context.Context, a authz.Actor, req OpenRequest) (*File, error) {
	if err := s.allow(a, authz.ActionCaseCreate, authz.Resource{}); err != nil {
		return nil, err
	}
	var p toren.Problems
	if len(req.ReportIDs) == 0 {
		broke(&p, "report_ids", "required", "at least one report is required")
	}
	if len(req.ReportIDs) > 20 {
		broke(&p, "report_ids", "max_items", "at most 20 reports")
	}
	text(&p, "team", req.Team, 100, true)
	if err := s.knownTeam(ctx, &p, req.Team); err != nil {
		return nil, err
	}
	text(&p, "summary", req.Summary, 2000, false)
	seen := map[int64]bool{}
	for i, id := range req.ReportIDs {
		field := fmt.Sprintf("report_ids[%d]", i)
		if seen[id] {
			broke(&p, field, "duplicate", "the report is listed twice")
			continue
		}
		seen[id] = true
		r, err := s.store.GetReport(ctx, id)
		if toren.ErrorCode(err) == toren.CodeNotFound {
			broke(&p, field, "not_found", "no report has this ID")
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("casework: open case: %w", err)
		}
		if r.Kind != "report" {
			broke(&p, field, "not_a_report", "an advice request opens no case; convert it to a report first")
			continue
		}
		teams, err := s.store.ReportCaseTeams(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("casework: open case: %w", err)
		}
		if len(teams) == 0 {
			teams = []string{s.intakeTeam}
		}
		res := authz.Resource{Kind: authz.KindReport, ID: id, Teams: teams, ReporterProtected: r.Reporter.ProtectIdentity}
		if err := s.allow(a, authz.ActionReportView, res); err != nil {
			return nil, err
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	st := s.stamp(a)
	c := &cases.Case{Status: cases.StatusReceived, Team: strings.TrimSpace(req.Team), ReportIDs: req.ReportIDs,
		Summary: strings.TrimSpace(req.Summary), OpenedAt: st.At, UpdatedAt: st.At}
	first := TransitionRecord{Episode: 1, To: cases.StatusReceived, Transition: TransitionOpen, Recorded: st}
	if err := s.store.OpenCase(audit.As(ctx, a, "casework"), c, first); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "case opened", "case", c.Number, "reports", len(c.ReportIDs))
	return s.reload(ctx, a, c.ID)
}

// Assign gives the case to a team and a worker or duo. Each worker must be
// an active caseworker (or team leader) and a member of the team, so that
// the case's team alone decides who may see it.
func (s *Service) Assign(ctx context.Context, a authz.Actor, caseID int64, req AssignRequest) (*File, error) {
	f, err := s.loadFor(ctx, a, caseID, authz.ActionCaseAssign)
	if err != nil {
		return nil, err
	}
	var p toren.Problems
	text(&p, "team", req.Team, 100, true)
	if err := s.knownTeam(ctx, &p, req.Team); err != nil {
		return nil, err
	}
	version(&p, req.Version)
	team := strings.TrimSpace(req.Team)
	if len(req.Workers) > 2 {
		broke(&p, "workers", "max_items", "a case has one worker or a duo")
	}
	var workers []AssignedWorker
	st := s.stamp(a)
	for i, id := range req.Workers {
		field := fmt.Sprintf("workers[%d]", i)
		if i > 0 && id == req.Workers[0] {
			broke(&p, field, "duplicate", "the worker is listed twice")
			continue
		}
		w, err := s.store.Worker(ctx, id)
		if toren.ErrorCode(err) == toren.CodeNotFound {
			broke(&p, field, "not_found", "no worker has this ID")
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("casework: assign case %d: %w", caseID, err)
		}
		switch {
		case w.Disabled:
			broke(&p, field, "disabled", "the account is disabled")
		case !slices.ContainsFunc(w.Roles, writerRole):
			broke(&p, field, "not_a_caseworker", "the worker holds no role that works on cases")
		case !slices.Contains(w.Teams, team):
			broke(&p, field, "not_in_team", "the worker is not a member of the team")
		}
		workers = append(workers, AssignedWorker{UserID: w.ID, Name: w.Name, Since: st.At})
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if req.Version != f.Case.Version {
		return nil, staleCase(f)
	}
	if err := s.store.AssignCase(audit.As(ctx, a, "casework"), f.Case.ID, req.Version, team, workers, st); err != nil {
		return nil, err
	}
	return s.reload(ctx, a, caseID)
}

// writerRole reports whether role works on case content.
func writerRole(r authz.Role) bool {
	switch r {
	case authz.RoleIntake, authz.RoleCaseManager, authz.RoleMonitoring, authz.RoleInterventionTeam, authz.RoleTeamLeader:
		return true
	}
	return false
}

// Transition takes one step of the process that needs no decision. The
// facts are read from the stored file; a step the table forbids from the
// case's status, an unmet precondition, or a step that only an approved
// decision takes returns an error naming the rule and changes nothing.
// Reopening a closed case needs case.reopen; every other step
// case.transition.
func (s *Service) Transition(ctx context.Context, a authz.Actor, caseID int64, req TransitionRequest) (*File, error) {
	f, err := s.load(ctx, caseID)
	if err != nil {
		return nil, err
	}
	action := authz.ActionCaseTransition
	if Final(f.Case.Status) {
		action = authz.ActionCaseReopen
	}
	if err := s.allow(a, action, resource(f)); err != nil {
		return nil, err
	}
	var p toren.Problems
	version(&p, req.Version)
	text(&p, "reason", req.Reason, 2000, false)
	var sig *Signal
	if req.Signal != nil {
		if req.Transition != cases.ReopenCase {
			broke(&p, "signal", "reopen_only", "a signal is only stated when reopening")
		}
		text(&p, "signal.note", req.Signal.Note, 4000, true)
		sig = &Signal{Source: SignalReopenRequest, Note: strings.TrimSpace(req.Signal.Note), Acute: req.Signal.Acute, Recorded: s.stamp(a)}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	// A step the table does not allow from here is reported as such by
	// Apply below; one it allows but a decision takes is refused here.
	if t, known := s.process.Lookup(req.Transition); known && slices.Contains(t.From, f.Case.Status) {
		if kind := authorisingKind(req.Transition, f.Case.Status); kind != "" {
			return nil, &toren.Error{Code: toren.CodeInvalid, Message: fmt.Sprintf("%s is taken by approving a %s decision", req.Transition, kind),
				Fields: []toren.FieldError{{Field: "transition", Rule: "decision_required",
					Message: fmt.Sprintf("this step is taken when a second person approves a %s decision", kind)}}}
		}
	}
	if req.Version != f.Case.Version {
		return nil, staleCase(f)
	}
	if sig != nil {
		f.Signals = append(f.Signals, *sig)
	}
	to, err := s.process.Apply(f.Case.Status, req.Transition, f.facts())
	if err != nil {
		return nil, err
	}
	tr := &TransitionRecord{Episode: f.Episode, From: f.Case.Status, To: to, Transition: req.Transition,
		Reason: strings.TrimSpace(req.Reason), Recorded: s.stamp(a)}
	if req.Transition == cases.StartMonitoring && f.Case.Team != s.monitoring {
		// After a handover to an external partner the monitoring stays
		// with Team Monitoring: the case goes to its queue, for its team
		// leader to assign; the handing-over team keeps reading it.
		err = s.store.TakeOver(audit.As(ctx, a, "casework"), caseID, &Takeover{Version: req.Version, Team: s.monitoring, Transition: tr})
	} else {
		err = s.store.ApplyTransition(audit.As(ctx, a, "casework"), caseID, req.Version, tr, sig)
	}
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "case moved", "case", f.Case.Number, "transition", req.Transition, "from", tr.From, "to", to)
	return s.reload(ctx, a, caseID)
}

// staleCase is the answer to a change based on a version of the case that
// is not the current one: the case changed since it was read.
func staleCase(f *File) error {
	return conflictf("version", "stale", fmt.Sprintf("case %s was changed by someone else; reload and try again", f.Case.Number))
}
