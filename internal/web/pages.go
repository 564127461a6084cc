package web

import (
	"net/http"

	"toren/internal/access"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/itteamsvc"
	"toren/internal/persons"

	"toren/internal/reports"
	"toren/internal/subjectaccess"
	"toren/internal/toren"
)

type homePage struct {
	Chrome
	// Work is the user's work queue (worklist.go); nil without one.
	Work *workQueue
	// Alerts are the newest open alerts for the user ("Signalen voor
	// mij"); nil for a user who gets none.
	Alerts *homeAlerts
	// FollowUps are the follow-up questions of incident reports (MIC) due
	// for the IT team leader; ShowFollowUps: the user is that leader.
	FollowUps     []itteamsvc.DueFollowUp
	ShowFollowUps bool
	// Grants are the emergency accesses waiting for this team leader's
	// review; nil for a user who does not review them.
	Grants *homeGrantList
	// Order are the parts of the start page, by heading id, in the order
	// they are shown (homeOrder): what only this user's role does first.
	Order    []homePart
	Reports  []reports.Summary
	ReportsN int64
	AdviceN  int64
	PersonsN int64
}

// homePart is one part of the start page, rendered by the template
// "home-part" from the page's data.
type homePart struct {
	ID string
	P  *homePage
}

// home is the start page: first the work only this user's role does, then
// the latest reports (those of other teams as signals: whose they are,
// not what they hold). Registry persons are found through search, where
// need-to-know applies and every search is audited.
func (w *Web) home(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var p homePage
	var err error
	if p.Reports, err = w.cfg.Reader.ListReports(ctx, actorIn(ctx), reports.Filter{Limit: 25}); err != nil {
		w.fail(rw, r, err)
		return
	}
	if p.ReportsN, p.AdviceN, p.PersonsN, err = w.cfg.Reader.Counts(ctx); err != nil {
		w.fail(rw, r, err)
		return
	}
	if p.Work, err = w.workQueueFor(r); err != nil {
		w.fail(rw, r, err)
		return
	}
	if p.Alerts, err = w.homeAlerts(r); err != nil {
		w.fail(rw, r, err)
		return
	}
	if p.FollowUps, p.ShowFollowUps, err = w.homeFollowUps(r); err != nil {
		w.fail(rw, r, err)
		return
	}
	if p.Grants, err = w.homeGrants(r); err != nil {
		w.fail(rw, r, err)
		return
	}
	for _, id := range homeOrder(actorIn(ctx).Roles) {
		p.Order = append(p.Order, homePart{ID: id, P: &p})
	}
	w.render(rw, r, http.StatusOK, "home", &p)
}

// report shows one report or advice request as it was given.
func (w *Web) report(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderReport(rw, r, http.StatusOK, id, newFormSet())
}

// renderReport shows the report, with the form that opens a case from it
// as it was sent when forms holds a refused one.
func (w *Web) renderReport(rw http.ResponseWriter, r *http.Request, status int, id int64, forms *formSet) {
	rep, err := w.cfg.Reader.GetReport(r.Context(), actorIn(r.Context()), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	page := &reportPage{Report: rep}
	if page.CCB, err = w.ccbOfReports(r, []int64{id}); err != nil {
		w.fail(rw, r, err)
		return
	}
	if page.Cases, err = w.reportCasesFor(r, id, rep.Kind == reports.KindReport, forms); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, status, "report", page)
}

type reportPage struct {
	Chrome
	Report *reports.Report
	// Cases is the part about case files (worklist.go); nil without it.
	Cases *reportCases
	// CCB warns that a case file of the report is escalated to the CCB
	// protocol by the Interventieteam; only to who reads the report.
	CCB *itteamsvc.CCBFlag
}

type personPage struct {
	Chrome
	// SignalOnlyTeams, when set, are the teams to ask: this user may see
	// that signals exist, not their content.
	SignalOnlyTeams []string
	Person          persons.Person
	Mentions        []intake.PersonMention
	Radar           personRadar
	// CCB warns that a case file of the person's reports is escalated to
	// the CCB protocol by the Interventieteam; only beside the signals'
	// content.
	CCB *itteamsvc.CCBFlag
}

// person shows a registry person with every report that names them.
func (w *Web) person(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.showPerson(rw, r, id, http.StatusOK, personRadar{})
}

func (w *Web) showPerson(rw http.ResponseWriter, r *http.Request, id int64, status int, radar personRadar) {
	p := personPage{Radar: radar}
	var err error
	if p.Person, err = w.cfg.Reader.GetPerson(r.Context(), actorIn(r.Context()), id); err != nil {
		w.fail(rw, r, err)
		return
	}
	p.Mentions, err = w.cfg.Reader.MentionsOfPerson(r.Context(), actorIn(r.Context()), id)
	if so, ok := access.AsSignalOnly(err); ok {
		// Need-to-know: the person exists and has signals; whom to ask.
		p.SignalOnlyTeams = so.Teams
	} else if err != nil {
		w.fail(rw, r, err)
		return
	}
	if p.CCB, err = w.ccbOfMentions(r, p.Mentions); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.addRadar(r, id, &p.Radar); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, status, "person", &p)
}

type accessLogPage struct {
	Chrome
	Person  persons.Person
	Entries []audit.Entry
	// The privacy officer's access request: the objections recorded, and
	// the objection form with its errors (by field) when it was refused.
	CanCopy        bool
	Rectifications []subjectaccess.Rectification
	Form           subjectaccess.RectifyRequest
	FormErrors     map[string]string
}

// personAccessLog shows every recorded access to a person's data, for
// answering their access request under the GDPR (NEN 7513), with the
// access copy and the objections for the privacy officer.
func (w *Web) personAccessLog(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderAccessLog(rw, r, id, http.StatusOK, nil, nil)
}

func (w *Web) renderAccessLog(rw http.ResponseWriter, r *http.Request, id int64, status int, form *subjectaccess.RectifyRequest, errs []toren.FieldError) {
	var p accessLogPage
	var err error
	if p.Person, err = w.cfg.Reader.PersonForAccessRequest(r.Context(), actorIn(r.Context()), id); err != nil {
		w.fail(rw, r, err)
		return
	}
	if p.Entries, err = w.cfg.Reader.AuditForPerson(r.Context(), actorIn(r.Context()), id, 1000); err != nil {
		w.fail(rw, r, err)
		return
	}
	pr, _ := access.FromContext(r.Context())
	if w.cfg.AccessCopies != nil && authz.Decide(pr.Actor, authz.ActionPersonAccessRequest, authz.Resource{Kind: authz.KindPerson, ID: id},
		authz.Opts{Now: w.cfg.Clock.Now(), Purpose: authz.PurposeAccessRequest}).Allowed {
		p.CanCopy = true
		if p.Rectifications, err = w.cfg.AccessCopies.Rectifications(r.Context(), pr.Actor, id); err != nil {
			w.fail(rw, r, err)
			return
		}
	}
	if form != nil {
		p.Form = *form
	}
	if len(errs) > 0 {
		p.FormErrors = map[string]string{}
		// The list above the form names each field (access.rule.*).
		for _, f := range ruleWords("access.rule", errs) {
			p.FormErrors[f.Field] = accessFieldLabel(f.Field) + f.MessageNL
		}
	}
	w.render(rw, r, status, "accesslog", &p)
}

// ccbOfMentions returns the CCB flag of the first case file, of the
// reports the user reads, that the Interventieteam escalated to the CCB
// protocol; nil when there is none.
func (w *Web) ccbOfMentions(r *http.Request, ms []intake.PersonMention) (*itteamsvc.CCBFlag, error) {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ReportID
	}
	return w.ccbOfReports(r, ids)
}

// ccbOfReports returns the CCB flag of the first case file of the reports
// (which the user reads in full) that the Interventieteam escalated to
// the CCB protocol and the user may know of; nil when there is none.
func (w *Web) ccbOfReports(r *http.Request, reportIDs []int64) (*itteamsvc.CCBFlag, error) {
	pr, ok := access.FromContext(r.Context())
	if w.cfg.ITTeam == nil || !w.cfg.Casework.enabled() || !ok {
		return nil, nil
	}
	seen := map[int64]bool{}
	for _, id := range reportIDs {
		refs, err := w.cfg.Casework.Service.CasesOfReport(r.Context(), pr.Actor, id)
		if err != nil {
			return nil, err
		}
		for _, ref := range refs {
			if seen[ref.ID] {
				continue
			}
			seen[ref.ID] = true
			if f, err := w.cfg.ITTeam.CCBOfCase(r.Context(), pr.Actor, ref.ID); err != nil || f != nil {
				return f, err
			}
		}
	}
	return nil, nil
}
