package access

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/search"
	"toren/internal/toren"
)

// Store is the storage the guarded reader wraps (satisfied by *store.DB).
type Store interface {
	GetReport(ctx context.Context, id int64) (*reports.Report, error)
	GetReportByNumber(ctx context.Context, number string) (*reports.Report, error)
	ListReports(ctx context.Context, f reports.Filter) ([]reports.Summary, error)
	GetPerson(ctx context.Context, id int64) (persons.Person, error)
	ListPersons(ctx context.Context, f persons.Filter) ([]persons.Person, error)
	MentionsOfPerson(ctx context.Context, personID int64) ([]intake.PersonMention, error)
	Counts(ctx context.Context) (reportsN, adviceN, personsN int64, err error)
	ReportCaseTeams(ctx context.Context, reportID int64) ([]string, error)
	PersonCaseTeams(ctx context.Context, personID int64) ([]string, error)
	PersonInTriage(ctx context.Context, personID int64) (bool, error)
	AuditForPerson(ctx context.Context, personID int64, limit int) ([]audit.Entry, error)
	ActiveGrant(ctx context.Context, userID int64, obj authz.Ref, now time.Time) (*authz.Grant, error)
	// Person search (search.go).
	SearchPersons(ctx context.Context, q search.Query) (search.Result, error)
	PersonsFacts(ctx context.Context, ids []int64) (map[int64]persons.Facts, error)
	ReportsPersons(ctx context.Context, reportIDs []int64) (map[int64][]int64, error)
	ActiveGrants(ctx context.Context, userID int64, kind authz.Kind, now time.Time) (map[int64]*authz.Grant, error)
	LookupNumber(ctx context.Context, kind search.Kind, number string) (int64, error)
}

// Reader gives the web interface and the API the same reads as the store,
// with need-to-know applied to each object for the actor each method is
// given: a report or person whose content the actor may not see in full
// comes back as a *SignalOnly error naming the teams to ask. Lists show no
// content beyond numbers, dates and names, which search and the radar may
// show.
//
// The decision is the explicit actor's alone. What a read showed (the
// persons, a break-glass grant used) is noted on the request's access-log
// entry when ctx carries the gate's Principal, as the audit recorder rides
// in ctx for the services' writes.
type Reader struct {
	Store Store
	// IntakeTeam owns reports in triage (not yet in a case), and persons
	// named in them; once a report is in a case, its case's team owns it.
	IntakeTeam string
	Clock      toren.Clock
}

// SignalOnly says the object exists but its content is not for this user.
type SignalOnly struct {
	Kind  authz.Kind
	ID    int64
	Teams []string // whom to ask
	// CanBreakGlass says the user may open the object anyway in an
	// emergency, with a written reason (break the glass).
	CanBreakGlass bool
	err           *toren.Error
}

func (s *SignalOnly) Error() string { return s.err.Error() }
func (s *SignalOnly) Unwrap() error { return s.err }

// AsSignalOnly returns the SignalOnly in err's chain.
func AsSignalOnly(err error) (*SignalOnly, bool) {
	var s *SignalOnly
	ok := errors.As(err, &s)
	return s, ok
}

// check asks the policy whether actor a may do act on res, with the
// user's break-glass grant on it, if any.
func (rd Reader) check(ctx context.Context, a authz.Actor, act authz.Action, res authz.Resource) (authz.Decision, error) {
	now := rd.Clock.Now()
	grant, err := rd.Store.ActiveGrant(ctx, a.UserID, res.Ref(), now)
	if err != nil {
		return authz.Decision{}, err
	}
	d := authz.Decide(a, act, res, authz.Opts{Now: now, Grant: grant})
	if !d.Allowed {
		return d, toren.Errorf(toren.CodeForbidden, "%s", d.Reason)
	}
	if !d.Full() {
		msg := "only signals may be seen: ask team " + strings.Join(res.Teams, " or ")
		return d, &SignalOnly{Kind: res.Kind, ID: res.ID, Teams: res.Teams, CanBreakGlass: d.NeedsBreakGlass,
			err: toren.Errorf(toren.CodeForbidden, "%s", msg)}
	}
	if d.BreakGlass && d.Grant != nil {
		if p, ok := FromContext(ctx); ok {
			p.noteBreakGlass(d.Grant.Reason)
		}
	}
	return d, nil
}

// triageTeams are the teams that read a report still in triage: the
// intake team, and the teams currently working with a person it names
// (an open case about them). A new signal about a family goes to whoever
// is working with it: the escalation rules alert that team, and it must be
// able to read what it is alerted to. This gives the new report to those
// teams; it opens none of their earlier content to the intake team, nor
// anything of another team's case to them.
func (rd Reader) triageTeams(involved []string) []string {
	teams := []string{rd.IntakeTeam}
	for _, t := range involved {
		if !slices.Contains(teams, t) {
			teams = append(teams, t)
		}
	}
	return teams
}

// reportTeams are the teams whose content report id is: the teams of the
// cases it belongs to, or, while it is in triage, triageTeams of the
// teams involved() names (nil: none known, the intake team alone).
func (rd Reader) reportTeams(ctx context.Context, id int64, involved func() ([]string, error)) ([]string, error) {
	teams, err := rd.Store.ReportCaseTeams(ctx, id)
	if err != nil || len(teams) > 0 {
		return teams, err
	}
	var inv []string
	if involved != nil {
		if inv, err = involved(); err != nil {
			return nil, err
		}
	}
	return rd.triageTeams(inv), nil
}

func (rd Reader) reportResource(ctx context.Context, r *reports.Report) (authz.Resource, error) {
	teams, err := rd.reportTeams(ctx, r.ID, func() ([]string, error) {
		var ids []int64
		for _, m := range r.Persons {
			if m.PersonID != 0 {
				ids = append(ids, m.PersonID)
			}
		}
		if len(ids) == 0 {
			return nil, nil
		}
		facts, err := rd.Store.PersonsFacts(ctx, ids)
		if err != nil {
			return nil, err
		}
		var involved []string
		for _, id := range ids {
			involved = append(involved, facts[id].Teams...)
		}
		return involved, nil
	})
	if err != nil {
		return authz.Resource{}, err
	}
	return authz.Resource{Kind: authz.KindReport, ID: r.ID, Teams: teams, ReporterProtected: r.Reporter.ProtectIdentity}, nil
}

// guardReport applies need-to-know to a loaded report, and hides a
// protected reporter from those who do not need to know them.
func (rd Reader) guardReport(ctx context.Context, a authz.Actor, r *reports.Report, err error) (*reports.Report, error) {
	if err != nil {
		return nil, err
	}
	res, err := rd.reportResource(ctx, r)
	if err != nil {
		return nil, err
	}
	if _, err := rd.check(ctx, a, authz.ActionReportView, res); err != nil {
		return nil, err
	}
	if p, ok := FromContext(ctx); ok {
		for _, m := range r.Persons {
			if m.PersonID != 0 {
				p.Touch(m.PersonID)
			}
		}
	}
	if r.Reporter.ProtectIdentity {
		if d := authz.Decide(a, authz.ActionReporterIdentityView, res, authz.Opts{Now: rd.Clock.Now(), Purpose: authz.PurposeCasework}); !d.Full() {
			r.Reporter = r.Reporter.Hidden()
		}
	}
	return r, nil
}

// GetReport returns report id as a may see it.
func (rd Reader) GetReport(ctx context.Context, a authz.Actor, id int64) (*reports.Report, error) {
	r, err := rd.Store.GetReport(ctx, id)
	return rd.guardReport(ctx, a, r, err)
}

// GetReportByNumber returns the report with a human number as a may see
// it.
func (rd Reader) GetReportByNumber(ctx context.Context, a authz.Actor, number string) (*reports.Report, error) {
	r, err := rd.Store.GetReportByNumber(ctx, number)
	return rd.guardReport(ctx, a, r, err)
}

// ListReports lists reports with need-to-know applied to each row: a
// report the user may not read keeps its number, kind, date and number of
// persons (that a signal exists), not its reporter kind, violence types or
// urgency; one the user may not even know of is left out.
func (rd Reader) ListReports(ctx context.Context, a authz.Actor, f reports.Filter) ([]reports.Summary, error) {
	list, err := rd.Store.ListReports(ctx, f)
	if err != nil {
		return nil, err
	}
	now := rd.Clock.Now()
	grants, err := rd.Store.ActiveGrants(ctx, a.UserID, authz.KindReport, now)
	if err != nil {
		return nil, err
	}
	involved, err := rd.involvedTeams(ctx, list)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, s := range list {
		// The same teams as the report's own page (reportResource): those
		// of its cases, or while it is in triage the intake team and the
		// teams working with a person it names.
		teams, err := rd.reportTeams(ctx, s.ID, func() ([]string, error) { return involved[s.ID], nil })
		if err != nil {
			return nil, err
		}
		d := authz.Decide(a, authz.ActionReportView, authz.Resource{Kind: authz.KindReport, ID: s.ID, Teams: teams},
			authz.Opts{Now: now, Grant: grants[s.ID]})
		switch {
		case !d.Allowed:
			continue
		case !d.Full():
			s.ReporterKind, s.ViolenceTypes, s.Acute = "", nil, false
			s.SignalOnly, s.OwnerTeams = true, teams
		}
		out = append(out, s)
	}
	return out, nil
}

// involvedTeams returns, per listed report, the teams with an open case
// about a person it names, in two queries for the whole list.
func (rd Reader) involvedTeams(ctx context.Context, list []reports.Summary) (map[int64][]string, error) {
	ids := make([]int64, len(list))
	for i, s := range list {
		ids[i] = s.ID
	}
	named, err := rd.Store.ReportsPersons(ctx, ids)
	if err != nil || len(named) == 0 {
		return nil, err
	}
	var all []int64
	for _, ps := range named {
		all = append(all, ps...)
	}
	facts, err := rd.Store.PersonsFacts(ctx, all)
	if err != nil {
		return nil, err
	}
	out := map[int64][]string{}
	for report, ps := range named {
		for _, p := range ps {
			out[report] = append(out[report], facts[p].Teams...)
		}
	}
	return out, nil
}

func (rd Reader) personResource(ctx context.Context, id int64) (authz.Resource, error) {
	facts, err := rd.Store.PersonsFacts(ctx, []int64{id})
	if err != nil {
		return authz.Resource{}, err
	}
	return rd.personResourceOf(id, facts[id]), nil
}

// personResourceOf describes a person for the policy. A person is owned by
// the teams with a current involvement (an open case naming them), and by
// the intake team only while every report naming them is in triage: a new
// report about a person another team works with, or worked with, gives
// the intake team the new report, not the person's earlier content. With
// no current involvement the person is closed, and everyone sees signals
// only (each report or case in the history is still shown to whoever may
// read that report or case itself).
func (rd Reader) personResourceOf(id int64, f persons.Facts) authz.Resource {
	teams := slices.Clip(f.Teams)
	if f.InTriage && !f.InCase {
		teams = append(teams, rd.IntakeTeam)
	}
	return authz.Resource{Kind: authz.KindPerson, ID: id, Teams: teams, Closed: len(teams) == 0}
}

// CheckPersonFull returns nil when the signed-in user may read the person
// in full (an owning team, or a break-glass grant), and a *SignalOnly or
// forbidden error otherwise. Services that act on a person's content
// (merging it into another) ask it first.
func (rd Reader) CheckPersonFull(ctx context.Context, a authz.Actor, id int64) error {
	if _, err := rd.Store.GetPerson(ctx, id); err != nil {
		return err
	}
	res, err := rd.personResource(ctx, id)
	if err != nil {
		return err
	}
	_, err = rd.check(ctx, a, authz.ActionPersonView, res)
	return err
}

// GetPerson returns the person's identity: whoever may open the person
// page sees who it is (search and the radar show names too).
func (rd Reader) GetPerson(ctx context.Context, a authz.Actor, id int64) (persons.Person, error) {
	p, err := rd.Store.GetPerson(ctx, id)
	if err != nil {
		return p, err
	}
	res, err := rd.personResource(ctx, id)
	if err != nil {
		return p, err
	}
	if _, err := rd.check(ctx, a, authz.ActionPersonView, res); err != nil {
		if _, signal := AsSignalOnly(err); !signal {
			return p, err
		}
		redactPerson(&p) // signals only: who it is, not where they live
	}
	return p, nil
}

// CheckReportFull returns nil when the signed-in user may read the report
// in full, and a *SignalOnly or forbidden error otherwise.
func (rd Reader) CheckReportFull(ctx context.Context, a authz.Actor, id int64) error {
	r, err := rd.Store.GetReport(ctx, id)
	if err != nil {
		return err
	}
	res, err := rd.reportResource(ctx, r)
	if err != nil {
		return err
	}
	_, err = rd.check(ctx, a, authz.ActionReportView, res)
	return err
}

// Note adds a remark on what a request showed to its audit entry.
func (rd Reader) Note(ctx context.Context, remark string) {
	if p, ok := FromContext(ctx); ok {
		p.Note(remark)
	}
}

// MentionsOfPerson returns the signals about a person; their content only
// to those who may see the person in full, and of each mention only what
// the user may read of its own report: a mention in a report of another
// team keeps its report number, kind and date.
func (rd Reader) MentionsOfPerson(ctx context.Context, a authz.Actor, personID int64) ([]intake.PersonMention, error) {
	res, err := rd.personResource(ctx, personID)
	if err != nil {
		return nil, err
	}
	if _, err := rd.check(ctx, a, authz.ActionPersonView, res); err != nil {
		return nil, err
	}
	ms, err := rd.Store.MentionsOfPerson(ctx, personID)
	if err != nil {
		return nil, err
	}
	now := rd.Clock.Now()
	grants, err := rd.Store.ActiveGrants(ctx, a.UserID, authz.KindReport, now)
	if err != nil {
		return nil, err
	}
	personGrant, err := rd.Store.ActiveGrant(ctx, a.UserID, res.Ref(), now)
	if err != nil {
		return nil, err
	}
	for i := range ms {
		teams, err := rd.reportTeams(ctx, ms[i].ReportID, func() ([]string, error) { return res.Teams, nil })
		if err != nil {
			return nil, err
		}
		rres := authz.Resource{Kind: authz.KindReport, ID: ms[i].ReportID, Teams: teams, Within: []authz.Ref{res.Ref()}}
		grant := grants[ms[i].ReportID]
		if grant == nil {
			grant = personGrant
		}
		if !authz.Decide(a, authz.ActionReportView, rres, authz.Opts{Now: now, Grant: grant}).Full() {
			ms[i] = intake.PersonMention{ReportID: ms[i].ReportID, ReportNumber: ms[i].ReportNumber, Kind: ms[i].Kind,
				ReceivedAt: ms[i].ReceivedAt, Mention: reports.Mention{ID: ms[i].Mention.ID, PersonID: ms[i].Mention.PersonID}}
		}
	}
	return ms, nil
}

// ListPersons lists registry persons with need-to-know applied to each:
// a person the user may not open in full keeps only name, date of birth
// and sex. Every person listed is noted for the request's audit entry.
func (rd Reader) ListPersons(ctx context.Context, a authz.Actor, f persons.Filter) ([]persons.Person, error) {
	list, err := rd.Store.ListPersons(ctx, f)
	if err != nil || len(list) == 0 {
		return list, err
	}
	ids := make([]int64, len(list))
	for i, p := range list {
		ids[i] = p.ID
	}
	facts, err := rd.Store.PersonsFacts(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := rd.Clock.Now()
	grants, err := rd.Store.ActiveGrants(ctx, a.UserID, authz.KindPerson, now)
	if err != nil {
		return nil, err
	}
	for i := range list {
		r := rd.personResourceOf(list[i].ID, facts[list[i].ID])
		if !authz.Decide(a, authz.ActionPersonView, r, authz.Opts{Now: now, Grant: grants[list[i].ID]}).Full() {
			redactPerson(&list[i])
		}
	}
	if p, ok := FromContext(ctx); ok {
		p.Touch(ids...)
	}
	return list, nil
}

func (rd Reader) Counts(ctx context.Context) (int64, int64, int64, error) {
	return rd.Store.Counts(ctx)
}

// PersonForAccessRequest returns the person's identity to the one who
// answers their access request, who needs no access to the file itself.
func (rd Reader) PersonForAccessRequest(ctx context.Context, a authz.Actor, id int64) (persons.Person, error) {
	if _, err := rd.check(ctx, a, authz.ActionAuditViewPerson, authz.Resource{Kind: authz.KindPerson, ID: id}); err != nil {
		return persons.Person{}, err
	}
	return rd.Store.GetPerson(ctx, id)
}

// AuditForPerson returns who accessed the person's data (for the person's
// access request under the GDPR). The route requires audit.view.person.
func (rd Reader) AuditForPerson(ctx context.Context, a authz.Actor, personID int64, limit int) ([]audit.Entry, error) {
	if _, err := rd.check(ctx, a, authz.ActionAuditViewPerson, authz.Resource{Kind: authz.KindPerson, ID: personID}); err != nil {
		return nil, err
	}
	return rd.Store.AuditForPerson(ctx, personID, limit)
}

// Resource describes a report or person for the policy, with its owning
// teams (for break-glass requests).
func (rd Reader) Resource(ctx context.Context, ref authz.Ref) (authz.Resource, error) {
	switch ref.Kind {
	case authz.KindReport:
		r, err := rd.Store.GetReport(ctx, ref.ID)
		if err != nil {
			return authz.Resource{}, err
		}
		return rd.reportResource(ctx, r)
	case authz.KindPerson:
		if _, err := rd.Store.GetPerson(ctx, ref.ID); err != nil {
			return authz.Resource{}, err
		}
		return rd.personResource(ctx, ref.ID)
	}
	return authz.Resource{}, toren.Errorf(toren.CodeInvalid, "no resource of kind %q", ref.Kind)
}
