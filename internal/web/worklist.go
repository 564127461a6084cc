package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"toren/internal/access"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/toren"
)

// The start page's work queue, the list of the team's cases, opening a
// case from a report, and a case's audit trail.

// workQueue is the start page's part for one worker: what to do, overdue
// first. Every item says its deadline in words, so "te laat" never rests
// on colour alone.
type workQueue struct {
	// Triage are the first reports waiting for their safety assessment,
	// urgent first, and how many wait in all (for the intake team).
	Triage *casework.TriageList
	// Handovers wait for this user's team to accept them (Team Monitoring).
	Handovers []casework.QueueItem
	// Approvals wait for this user's second pair of eyes.
	Approvals []casework.QueueItem
	// Monitoring are monitoring moments due in this user's cases.
	Monitoring []casework.QueueItem
	// Other are the other deadlines and safety agreements due.
	Other []casework.QueueItem
	// Mine are the cases assigned to this user, with their next deadline.
	Mine []caseLine
	// Overdue counts the items past their deadline.
	Overdue int
	// ShowTriage and ShowApprovals: the user does this work, so an empty
	// list is news too.
	ShowTriage, ShowApprovals bool
	// ShowHandovers: the user's team receives handovers (Team Monitoring).
	ShowHandovers bool
}

// Items counts everything in the queue.
func (q *workQueue) Items() int {
	n := len(q.Handovers) + len(q.Approvals) + len(q.Monitoring) + len(q.Other)
	if q.Triage != nil {
		n += q.Triage.Total
	}
	return n
}

// The start page's parts, by the id of their heading.
const (
	homeGrants     = "noodtoegang"
	homeApprovals  = "tweede-paar-ogen"
	homeHandovers  = "overdrachten"
	homeTriage     = "triage"
	homeAlertsPart = "signalen-voor-mij"
	homeMine       = "mijn-dossiers"
	homeMonitoring = "monitoringmomenten"
	homeOther      = "termijnen"
	homeFollowUps  = "mic-nazorg"
)

// homeOrder is the order of the start page's parts for a user: first what
// only their role does (the behavioural scientist's and the team leader's
// second pair of eyes, Team Monitoring's handovers and monitoring moments,
// intake's triage queue, the team leader's review of emergency access),
// then the signals for them, then the rest. A
// behavioural scientist no longer scrolls past signals and triage rows to
// find the decisions that wait for them.
func homeOrder(roles []authz.Role) []string {
	var out []string
	add := func(parts ...string) {
		for _, p := range parts {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	for _, r := range roles {
		switch r {
		case authz.RoleTeamLeader:
			add(homeGrants, homeApprovals, homeFollowUps)
		case authz.RoleBehaviouralScientist:
			add(homeApprovals)
		case authz.RoleMonitoring:
			add(homeHandovers, homeMonitoring)
		case authz.RoleIntake:
			add(homeTriage)
		case authz.RoleCaseManager:
			add(homeOther)
		}
	}
	add(homeAlertsPart, homeGrants, homeHandovers, homeApprovals, homeFollowUps, homeTriage, homeOther, homeMine, homeMonitoring)
	return out
}

// caseLine is a case in a list.
type caseLine struct {
	ID      int64
	Number  string
	Status  string
	Team    string
	Workers string
	Phase   string
	Opened  time.Time
	// Next is the earliest thing due in the case (casework.File.Next,
	// through casework.CaseSummary).
	Next *casework.QueueItem
	// personIDs are the registry persons of the case, for the access log.
	personIDs []int64
}

func lineOf(cs casework.CaseSummary) caseLine {
	l := caseLine{ID: cs.Case.ID, Number: cs.Case.Number, Status: statusLabel(cs.Case.Status), Team: cs.Case.Team, Opened: cs.Case.OpenedAt, Next: cs.Next,
		personIDs: cs.PersonIDs}
	for i, wk := range cs.Workers {
		if i > 0 {
			l.Workers += " " + msg("common.and") + " "
		}
		l.Workers += wk.Name
	}
	if cs.Phase != "" {
		l.Phase = codeMsg("case.gsv-phase", cs.Phase)
	}
	return l
}

// workQueueFor builds the start page's work queue for the request's user;
// nil when the case-work screens are not wired or nobody is signed in.
func (w *Web) workQueueFor(r *http.Request) (*workQueue, error) {
	cw := w.cfg.Casework
	p, ok := access.FromContext(r.Context())
	if !cw.enabled() || !ok || !authz.Permitted(p.Actor, authz.ActionQueueView) {
		return nil, nil
	}
	ctx := r.Context()
	q := &workQueue{}
	items, err := cw.Service.Queue(ctx, p.Actor, casework.QueueRequest{})
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.Overdue {
			q.Overdue++
		}
		switch {
		case it.Kind == casework.QueueApproval:
			q.Approvals = append(q.Approvals, it)
		case it.Kind == casework.QueueHandover:
			q.Handovers = append(q.Handovers, it)
		case it.Kind == casework.QueueDeadline && it.MomentID != 0:
			q.Monitoring = append(q.Monitoring, it)
		default:
			q.Other = append(q.Other, it)
		}
	}
	mine, err := cw.Service.Cases(ctx, p.Actor, casework.CaseListRequest{Mine: true})
	if err != nil {
		return nil, err
	}
	q.Mine = caseLines(mine)
	for _, l := range q.Mine {
		p.Touch(l.personIDs...)
	}
	q.ShowApprovals = authz.Permitted(p.Actor, authz.ActionDecisionApprove)
	q.ShowHandovers = len(q.Handovers) > 0 || p.Actor.Has(authz.RoleMonitoring)
	if p.Actor.Has(authz.RoleIntake) || p.Actor.InTeam(cw.IntakeTeam) {
		q.ShowTriage = true
		if q.Triage, err = cw.Service.Triage(ctx, p.Actor, casework.TriageRequest{PerPage: triagePreview}); err != nil {
			return nil, err
		}
		for _, it := range q.Triage.Items {
			if it.Overdue {
				q.Overdue++
			}
		}
	}
	return q, nil
}

// caseLines are the lines of the cases the service listed, earliest
// deadline first. The page that shows a line notes its persons on the
// request's access-log entry.
func caseLines(list []casework.CaseSummary) []caseLine {
	var out []caseLine
	for _, cs := range list {
		out = append(out, lineOf(cs))
	}
	slices.SortStableFunc(out, func(a, b caseLine) int {
		switch {
		case a.Next == nil && b.Next == nil:
			return 0
		case a.Next == nil:
			return 1
		case b.Next == nil:
			return -1
		}
		return a.Next.Due.Compare(b.Next.Due)
	})
	return out
}

type caseListPage struct {
	Chrome
	Teams []string
	// Cases are the lines of this page; Total counts the lines of all
	// pages, Pages the pages, and Prev and Next link to the neighbouring
	// pages ("" when there is none).
	Cases       []caseLine
	Total       int
	Page, Pages int
	Prev, Next  string
}

// casesPerPage is how many cases the case list shows at a time.
const casesPerPage = 50

// caseList shows the open cases of the user's teams and those assigned
// to the user, a page at a time (?pagina=), earliest deadline first. All
// of them are read to order them: the service reads them together in a
// few queries.
func (w *Web) caseList(rw http.ResponseWriter, r *http.Request) {
	p, err := w.principal(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	n, err := pageNumber(r.URL.Query())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	list, err := w.cfg.Casework.Service.Cases(r.Context(), p.Actor, casework.CaseListRequest{})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	lines := caseLines(list)
	page := &caseListPage{Teams: p.Actor.Teams, Total: len(lines), Pages: max(1, (len(lines)+casesPerPage-1)/casesPerPage)}
	page.Page = min(n, page.Pages)
	page.Cases = lines[min(len(lines), (page.Page-1)*casesPerPage):min(len(lines), page.Page*casesPerPage)]
	for _, l := range page.Cases {
		p.Touch(l.personIDs...)
	}
	if page.Page > 1 {
		page.Prev = casesPageURL(page.Page - 1)
	}
	if page.Page < page.Pages {
		page.Next = casesPageURL(page.Page + 1)
	}
	w.render(rw, r, http.StatusOK, "cases", page)
}

// casesPageURL is the address of page n of the case list.
func casesPageURL(n int) string {
	if n <= 1 {
		return "/dossiers"
	}
	return "/dossiers?" + pageParam + "=" + strconv.Itoa(n)
}

type caseAuditPage struct {
	Chrome
	CaseID  int64
	Number  string
	Entries []audit.Entry
}

// caseAudit shows who did what with a case, for the privacy officer
// (audit.view): views, changes, decisions and letters.
func (w *Web) caseAudit(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	log, err := w.cfg.Casework.Records.CaseAudit(r.Context(), actorIn(r.Context()), id, 1000)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "caseaudit", &caseAuditPage{CaseID: id, Number: log.Number, Entries: log.Entries})
}

// reportCases is the part of the report page about case files: the cases
// the report is in, and the form that opens one from it.
type reportCases struct {
	*formSet
	Cases   []cases.Ref
	CanOpen bool
	Teams   []choice
}

// reportCasesFor builds the case part of the report page.
func (w *Web) reportCasesFor(r *http.Request, reportID int64, isReport bool, forms *formSet) (*reportCases, error) {
	cw := w.cfg.Casework
	p, ok := access.FromContext(r.Context())
	if !cw.enabled() || !ok {
		return nil, nil
	}
	refs, err := cw.Service.CasesOfReport(r.Context(), p.Actor, reportID)
	if err != nil {
		return nil, err
	}
	rc := &reportCases{formSet: forms, Cases: refs}
	inOpenCase := slices.ContainsFunc(refs, func(c cases.Ref) bool { return !casework.Final(c.Status) })
	rc.CanOpen = isReport && !inOpenCase && authz.Permitted(p.Actor, authz.ActionCaseCreate)
	if rc.CanOpen {
		teams, err := cw.Store.ListTeams(r.Context())
		if err != nil {
			return nil, err
		}
		for _, t := range teams {
			rc.Teams = append(rc.Teams, choice{Code: t.Name, Label: t.Name})
		}
		if _, set := forms.Defaults["open.team"]; !set && len(p.Actor.Teams) > 0 {
			forms.Defaults["open.team"] = p.Actor.Teams[0]
		}
	}
	return rc, nil
}

// caseOpen opens a case from the report: the case is the chosen team's.
func (w *Web) caseOpen(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p, err := w.principal(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "unreadable form: %v", err))
		return
	}
	fr := &formReader{v: r.PostForm}
	f, err := w.svc().OpenCase(r.Context(), p.Actor, casework.OpenRequest{ReportIDs: []int64{id}, Team: fr.text("team"), Summary: fr.text("summary")})
	status, errs, refused := refusal(fr, err)
	if refused {
		forms := newFormSet()
		forms.refuse("open", sentValues(r.PostForm), errs)
		w.renderReport(rw, r, status, id, forms)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	// The case may be another team's than the opener's (intake opens it
	// for the backoffice): then its content is no longer the opener's to
	// see, and the start page says it went to the team.
	if !access.MayOnCase(r.Context(), f, authz.ActionCaseView, w.cfg.Clock) {
		setFlash(rw, r, "dossier-geopend-team")
		http.Redirect(rw, r, "/", http.StatusSeeOther)
		return
	}
	setFlash(rw, r, "dossier-geopend")
	http.Redirect(rw, r, caseURL(f.Case.ID), http.StatusSeeOther)
}

// timeLeft says in words how long until a deadline, or how long it is
// overdue: "nog 3 dagen", "2 uur te laat".
func timeLeft(seconds int64) string {
	late := seconds < 0
	if late {
		seconds = -seconds
	}
	var s string
	switch {
	case seconds >= 86400:
		s = msgN("time.days", int(seconds/86400))
	case seconds >= 3600:
		s = msgN("time.hours", int(seconds/3600))
	case seconds >= 120:
		s = msgN("time.minutes", int(seconds/60))
	default:
		s = msg("time.few-minutes")
	}
	if late {
		return msgVars("time.late", "time", s)
	}
	return msgVars("time.left", "time", s)
}
