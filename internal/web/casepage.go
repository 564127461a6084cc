package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"toren/internal/access"
	"toren/internal/accounts"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/itteamsvc"
	"toren/internal/letters"
	"toren/internal/reports"
	"toren/internal/toren"
)

// casePage is the case file (dossier): its summary, the process, and every
// record with the forms that add to it.
type casePage struct {
	Chrome
	*formSet
	File *casework.File
	// CCB warns that the family is escalated to the CCB protocol by the
	// Interventieteam; nil when it is not.
	CCB     *itteamsvc.CCBFlag
	Reports []*reports.Report // the case's reports as this user may see them
	Persons []casePerson
	Phase   *casework.PhaseRecord // current phase; nil when never set
	Colour  cases.ITColour        // latest risk colour of a decision; "" when none
	// Next is the earliest thing due (casework.File.Next): the same item
	// the work queue lists for this case.
	Next *casework.QueueItem
	// OpenAgreements counts the open safety agreements and how many of
	// them are late (from File.Due); nil when none is open.
	OpenAgreements *agreementCount
	Steps          []stepView
	// Decisions are newest first; Propose are the decisions that can be
	// proposed now.
	Decisions []decisionView
	Propose   []proposeView
	Handovers []handoverView
	Moments   []momentView
	Letters   letterList
	Can       caseRights
	L         caseLabels
	// Active are the safety conditions of the current episode that must hold.
	Active []casework.Condition
	// Workers are who may be assigned (for the team leader's form).
	Workers []choice
	Teams   []choice
	// PersonChoices and ReportChoices feed the selects that point at a
	// person or report of the case.
	PersonChoices []choice
	ReportChoices []choice
	// Recipients are the persons a closing letter may be addressed to.
	Recipients []choice
	// ConditionChoices are the active conditions, for the handover.
	ConditionChoices []choice
	// HandoverOpen: a handover may be proposed now.
	HandoverOpen bool
	// PartnerNames are the active partners of the catalogue, offered while
	// typing the partner of a handover: one named as the catalogue has it
	// is linked, and answers through its own client.
	PartnerNames []string
	// Title is the page title; "Fout: " is put before it when a form came back.
	Title string
	// Part is the part of the file shown (caseparts.go), At the section
	// the confirmation stands in; Parts is the side navigation.
	Part  string
	At    string
	Parts []casePartLink
}

// agreementCount is how many safety agreements are open and late.
type agreementCount struct{ Open, Late int }

// caseRights are the forms the user is offered. The services decide again
// when a form is sent.
type caseRights struct {
	Edit, Transition, Reopen, Propose, Handover, Letter, Assign, Export, Audit, Police bool
}

// casePerson is a person the case's reports name.
type casePerson struct {
	PersonID int64
	Name     string
	Role     string
	Born     string
	Report   string
}

type stepView struct {
	casework.Step
	ToLabel       string
	DecisionLabel string
	Possible      bool
	UnmetWords    []string // the preconditions that do not hold, in Dutch
}

type decisionView struct {
	D                                                  casework.Decision
	KindLabel, OutcomeLabel, TriageLabel, FindingLabel string
	ColourLabel                                        string
	Current                                            bool
	CanDecide                                          bool
	Form                                               string // "refuse-<id>"
}

type proposeView struct {
	Kind, Label, Form string
	Outcomes          []choice
	Triage, Finding   bool
}

type handoverView struct {
	H                      casework.Handover
	KindLabel, StatusLabel string
	Conditions             []string
	CanRespond             bool
	Form                   string
	// Internal: the receiving team of Veilig Thuis answers itself.
	Internal bool
}

type momentView struct {
	M          casework.MonitoringMoment
	Label      string
	Form       string
	Open       bool
	Overdue    bool
	Checks     []checkLine
	CheckForms []checkForm
}

type checkLine struct{ Condition, Result, Note string }

type checkForm struct {
	Index       int
	ConditionID int64
	Result      Field
	Note        Field
}

type letterLine struct {
	letters.Record
	KindLabel string
	By        string
	// Sent are the recorded sendings of this letter (same kind, same
	// addressee).
	Sent []casework.LetterSent
}

// letterList is the case's letters in one list: those made in Toren, each
// with its recorded sendings, and the sendings recorded of letters made
// elsewhere. One list, so the page cannot say "no letters" above a letter
// that was sent.
type letterList struct {
	Made []letterLine
	// SentOnly are sendings that match no letter made in Toren.
	SentOnly []casework.LetterSent
}

// Empty reports whether no letter was made or sent.
func (l letterList) Empty() bool { return len(l.Made) == 0 && len(l.SentOnly) == 0 }

// sameAddressee compares two ways of writing an addressee.
func sameAddressee(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// listLetters puts the sendings with the letters they belong to.
func listLetters(made []letterLine, sent []casework.LetterSent) letterList {
	l := letterList{Made: made}
	for _, s := range sent {
		i := slices.IndexFunc(l.Made, func(m letterLine) bool {
			return m.Kind == letters.KindClosing && s.Kind == casework.LetterClosing && sameAddressee(m.Recipient, s.Recipient)
		})
		if i < 0 {
			l.SentOnly = append(l.SentOnly, s)
			continue
		}
		l.Made[i].Sent = append(l.Made[i].Sent, s)
	}
	return l
}

// caseLabels are the code lists the forms choose from.
type caseLabels struct {
	ContactRoles, ContactChannels, AgreementStatuses, ConditionStatuses, PartnerKinds,
	FeedbackMoments, Phases, TriageRules, Findings, Colours, LetterKinds, CheckResults, LegalGrounds,
	YesNo, TakeOver, Services, LetterMoments, FollowUps []choice
}

func labelsForCase() caseLabels {
	return caseLabels{
		ContactRoles:      catalogueLabels("case.contact-role", casework.ContactRoles...),
		ContactChannels:   catalogueLabels("case.channel", casework.ContactChannels...),
		AgreementStatuses: catalogueLabels("case.agreement-status", casework.AgreementStatuses...),
		ConditionStatuses: catalogueLabels("case.condition-status", casework.ConditionStatuses...),
		PartnerKinds:      catalogueLabels("case.partner-kind", casework.PartnerKinds...),
		FeedbackMoments:   catalogueLabels("case.feedback-moment", casework.FeedbackMoments...),
		Phases:            catalogueLabels("case.gsv-phase", casework.Phases...),
		TriageRules:       catalogueLabels("case.triage-rule", casework.TriageRules...),
		Findings:          catalogueLabels("case.finding", casework.Findings...),
		LetterKinds:       catalogueLabels("case.letter-kind", casework.LetterKinds...),
		CheckResults:      catalogueLabels("case.check-result", casework.CheckResults...),
		LegalGrounds:      catalogueLabels("case.legal-ground", casework.LegalGrounds...),
		Colours: catalogueLabels("case.colour", string(cases.ColourRed), string(cases.ColourOrange),
			string(cases.ColourYellow), string(cases.ColourGreen)),
		YesNo:         catalogueLabels("case.partner-answer", "ja", "nee"),
		TakeOver:      catalogueLabels("case.take-over", "ja", "nee"),
		Services:      catalogueLabels("case.service", string(letters.ServiceConditions), string(letters.ServiceInvestigation)),
		LetterMoments: catalogueLabels("case.letter-moment", string(letters.AfterAssessment), string(letters.AfterInvestigation)),
		FollowUps: catalogueLabels("case.follow-up", string(letters.FollowUpHandover), string(letters.FollowUpConditions),
			string(letters.FollowUpInvestigation), string(letters.FollowUpRvdK), string(letters.FollowUpAdvice), string(letters.FollowUpEnd)),
	}
}

// casePage shows the case file.
func (w *Web) casePage(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	forms := newFormSet()
	if forms.part, forms.at, err = choosePart(r.URL.Query()); err != nil {
		w.render(rw, r, http.StatusBadRequest, "error", &errorPage{Title: msg("case.error.part"), Message: msg("case.error.part.text")})
		return
	}
	w.renderCase(rw, r, http.StatusOK, id, forms)
}

// renderCase loads the case file for the request's user and renders it
// with forms (the refused one, if any, as it was sent).
func (w *Web) renderCase(rw http.ResponseWriter, r *http.Request, status int, caseID int64, forms *formSet) {
	page, err := w.loadCasePage(r, caseID, forms)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, status, "case", page)
}

func (w *Web) loadCasePage(r *http.Request, caseID int64, forms *formSet) (*casePage, error) {
	ctx := r.Context()
	cw := w.cfg.Casework
	f, err := cw.Files.File(ctx, caseID)
	if err != nil {
		return nil, err
	}
	p, _ := access.FromContext(ctx)
	page := &casePage{formSet: forms, File: f, L: labelsForCase(), Title: msg("case.title") + " " + f.Case.Number, Part: forms.part, At: forms.at}
	if forms.Posted != nil {
		page.Title = msg("common.error-title") + " " + page.Title
		page.Part = partOfForm(forms.Posted.Name)
	}
	if page.Part == "" {
		page.Part = caseParts[0].Code
	}
	may := func(a authz.Action) bool { return access.MayOnCase(ctx, f, a, w.cfg.Clock) }
	page.Can = caseRights{Edit: may(authz.ActionCaseEdit), Transition: may(authz.ActionCaseTransition),
		Reopen: may(authz.ActionCaseReopen), Propose: may(authz.ActionDecisionPropose), Handover: may(authz.ActionCaseHandover),
		Letter: may(authz.ActionLetterGenerate), Assign: may(authz.ActionCaseAssign), Export: may(authz.ActionExport),
		Police: may(authz.ActionPoliceReport)}
	if p != nil {
		page.Can.Audit = authz.Permitted(p.Actor, authz.ActionAuditView)
	}
	if err := w.caseReports(ctx, page); err != nil {
		return nil, err
	}
	if w.cfg.ITTeam != nil && p != nil {
		if page.CCB, err = w.cfg.ITTeam.CCBOfCase(ctx, p.Actor, caseID); err != nil {
			return nil, err
		}
	}
	users, err := cw.Store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = cmpOr(u.DisplayName, u.Username)
	}
	if page.Can.Assign {
		if err := w.assignChoices(ctx, page, users); err != nil {
			return nil, err
		}
	}
	if n := len(f.Phases); n > 0 {
		page.Phase = &f.Phases[n-1]
	}
	for _, d := range f.Decisions {
		if d.RiskColour != "" && d.Status == casework.DecisionApproved {
			page.Colour = d.RiskColour
		}
	}
	page.Next = f.Next()
	for _, d := range f.Due {
		if d.Kind == casework.QueueAgreement {
			if page.OpenAgreements == nil {
				page.OpenAgreements = &agreementCount{}
			}
			page.OpenAgreements.Open++
			if d.Overdue {
				page.OpenAgreements.Late++
			}
		}
	}
	for _, c := range f.Conditions {
		if c.Episode == f.Episode && c.Status == casework.ConditionActive {
			page.Active = append(page.Active, c)
			page.ConditionChoices = append(page.ConditionChoices, choice{Code: strconv.FormatInt(c.ID, 10), Label: c.Text})
		}
	}
	page.steps()
	page.decisions(ctx, w.cfg.Clock)
	page.handovers(func(team string) bool {
		res := authz.Resource{Kind: authz.KindCase, ID: f.Case.ID, Teams: []string{team}}
		return p != nil && authz.Decide(p.Actor, authz.ActionHandoverAccept, res, authz.Opts{Now: w.cfg.Clock.Now()}).Full()
	})
	page.moments(w.cfg.Clock.Now())
	if page.HandoverOpen && cw.Store != nil {
		ps, err := cw.Store.ListPartners(ctx)
		if err != nil {
			return nil, err
		}
		for _, x := range ps {
			if x.Active && !slices.Contains(page.PartnerNames, x.Name) {
				page.PartnerNames = append(page.PartnerNames, x.Name)
			}
		}
	}
	recs, err := cw.Records.Letters(ctx, actorIn(ctx), f.Case.ID)
	if err != nil {
		return nil, err
	}
	var made []letterLine
	for i := len(recs) - 1; i >= 0; i-- {
		made = append(made, letterLine{Record: recs[i], KindLabel: recs[i].Kind.Label(), By: names[recs[i].CreatedBy]})
	}
	page.Letters = listLetters(made, f.Letters)
	w.caseDefaults(page)
	page.partLinks()
	return page, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// caseReports reads the case's reports through the need-to-know reader:
// their persons for the summary, their reporters for the feedback forms.
// A protected reporter's identity is left out by the reader for those who
// may not know it.
func (w *Web) caseReports(ctx context.Context, page *casePage) error {
	seen := map[int64]int{}
	for _, ref := range page.File.Reports {
		rep, err := w.cfg.Reader.GetReport(ctx, actorIn(ctx), ref.ID)
		if _, signal := access.AsSignalOnly(err); signal {
			continue // a report also in another team's case; the case's own refs still list it
		}
		if err != nil {
			return err
		}
		page.Reports = append(page.Reports, rep)
		label := rep.Number + " (" + codeWord(wordsReporterKind, rep.Reporter.Kind)
		if rep.Reporter.ProtectIdentity {
			label += ", " + msg("case.report-choice.protected")
		}
		page.ReportChoices = append(page.ReportChoices, choice{Code: strconv.FormatInt(rep.ID, 10), Label: label + ")"})
		for _, m := range rep.Persons {
			born := m.BirthDate.Dutch()
			if born == "" && m.Age != nil {
				born = strconv.Itoa(*m.Age) + " jaar"
			}
			cp := casePerson{PersonID: m.PersonID, Name: m.FullName(), Role: codeWord(wordsRole, m.Role), Born: born, Report: rep.Number}
			// A letter goes by post: the persons the service accepts as
			// addressees (casework.Addressable) are offered, once.
			if casework.Addressable(m) && !slices.ContainsFunc(page.Recipients, func(l choice) bool {
				return l.Code == strconv.FormatInt(m.PersonID, 10)
			}) {
				page.Recipients = append(page.Recipients, choice{Code: strconv.FormatInt(m.PersonID, 10), Label: cp.Name})
			}
			if i, ok := seen[m.PersonID]; ok && m.PersonID != 0 {
				if !strings.Contains(page.Persons[i].Role, cp.Role) {
					page.Persons[i].Role += ", " + strings.ToLower(cp.Role)
				}
				if page.Persons[i].Born == "" {
					page.Persons[i].Born = born
				}
				continue
			}
			if m.PersonID != 0 {
				seen[m.PersonID] = len(page.Persons)
				page.PersonChoices = append(page.PersonChoices, choice{Code: strconv.FormatInt(m.PersonID, 10), Label: cp.Name + ", " + strings.ToLower(cp.Role)})
			}
			page.Persons = append(page.Persons, cp)
		}
	}
	return nil
}

// assignChoices lists the teams and the workers a team leader may assign.
func (w *Web) assignChoices(ctx context.Context, page *casePage, users []accounts.User) error {
	teams, err := w.cfg.Casework.Store.ListTeams(ctx)
	if err != nil {
		return err
	}
	for _, t := range teams {
		page.Teams = append(page.Teams, choice{Code: t.Name, Label: t.Name})
	}
	for _, u := range users {
		if u.Disabled || !slices.ContainsFunc(u.Roles, func(r string) bool {
			switch authz.Role(r) {
			case authz.RoleIntake, authz.RoleCaseManager, authz.RoleMonitoring, authz.RoleInterventionTeam, authz.RoleTeamLeader:
				return true
			}
			return false
		}) {
			continue
		}
		var tn []string
		for _, t := range u.Teams {
			tn = append(tn, t.Name)
		}
		label := cmpOr(u.DisplayName, u.Username)
		if len(tn) > 0 {
			label += " (" + strings.Join(tn, ", ") + ")"
		}
		page.Workers = append(page.Workers, choice{Code: strconv.FormatInt(u.ID, 10), Label: label})
	}
	return nil
}

// steps lists the process's next steps from the case's status: those a
// decision takes, those possible now, and those whose preconditions do
// not hold yet, with the reasons in Dutch.
func (page *casePage) steps() {
	for _, s := range page.File.Steps {
		s.Label = stepLabel(s.Transition)
		v := stepView{Step: s, ToLabel: statusLabel(s.To), Possible: s.Decision == "" && len(s.Unmet) == 0}
		for _, r := range s.Unmet {
			v.UnmetWords = append(v.UnmetWords, codeMsg("process.rule", r.Rule))
		}
		if s.Decision != "" {
			v.DecisionLabel = codeMsg("case.decision-kind", s.Decision)
		}
		page.Steps = append(page.Steps, v)
	}
}

// outcomeLabel names a decision's outcome: the step it takes.
func outcomeLabel(outcome string) string {
	if outcome == casework.OutcomeVTService {
		return msg("case.outcome.vt-service")
	}
	return stepLabel(cases.TransitionName(outcome))
}

// decisions lists the decisions, newest first, with the approval forms
// for a qualified second person who did not propose them, and the
// proposal forms that fit the case's status.
func (page *casePage) decisions(ctx context.Context, clock toren.Clock) {
	f := page.File
	for i := len(f.Decisions) - 1; i >= 0; i-- {
		d := f.Decisions[i]
		v := decisionView{D: d, KindLabel: codeMsg("case.decision-kind", d.Kind), OutcomeLabel: outcomeLabel(d.Outcome),
			Current: d.Episode == f.Episode, Form: "refuse-" + strconv.FormatInt(d.ID, 10), ColourLabel: d.RiskColour.Label()}
		if d.TriageRule != "" {
			v.TriageLabel = codeMsg("case.triage-rule", d.TriageRule)
		}
		if d.Finding != "" {
			v.FindingLabel = codeMsg("case.finding", d.Finding)
		}
		v.CanDecide = d.Status == casework.DecisionProposed && v.Current && access.MayDecide(ctx, f, &f.Decisions[i], clock)
		page.Decisions = append(page.Decisions, v)
	}
	if !page.Can.Propose {
		return
	}
	waiting := func(kind string) bool {
		return slices.ContainsFunc(f.Decisions, func(d casework.Decision) bool {
			return d.Episode == f.Episode && string(d.Kind) == kind && d.Status == casework.DecisionProposed
		})
	}
	for _, kind := range casework.DecisionKinds {
		k := string(kind)
		var outs []choice
		if kind == casework.KindSafetyAssessment && f.Case.Status == cases.StatusSafetyAssessment &&
			!slices.ContainsFunc(f.Decisions, func(d casework.Decision) bool {
				return d.Episode == f.Episode && d.Kind == casework.KindSafetyAssessment && d.Status == casework.DecisionApproved
			}) {
			outs = append(outs, choice{Code: casework.OutcomeVTService, Label: outcomeLabel(casework.OutcomeVTService)})
		}
		for _, s := range f.Steps {
			if s.Decision == k && slices.Contains(casework.Outcomes(kind), string(s.Transition)) {
				outs = append(outs, choice{Code: string(s.Transition), Label: outcomeLabel(string(s.Transition))})
			}
		}
		if len(outs) == 0 || waiting(k) {
			continue
		}
		page.Propose = append(page.Propose, proposeView{Kind: k, Label: codeMsg("case.decision-kind", k), Form: "decision-" + k, Outcomes: outs,
			Triage: kind == casework.KindSafetyAssessment, Finding: kind == casework.KindInvestigationConclusion})
	}
}

// handovers lists the handovers, newest first; mayAccept says whether the
// user may answer for a receiving team of Veilig Thuis.
func (page *casePage) handovers(mayAccept func(team string) bool) {
	f := page.File
	texts := map[int64]string{}
	for _, c := range f.Conditions {
		texts[c.ID] = c.Text
	}
	open := true
	for i := len(f.Handovers) - 1; i >= 0; i-- {
		h := f.Handovers[i]
		v := handoverView{H: h, KindLabel: codeMsg("case.partner-kind", h.PartnerKind),
			StatusLabel: handoverStatusLabel(h.Status), Form: "respond-" + strconv.FormatInt(h.ID, 10)}
		for _, id := range h.ConditionIDs {
			v.Conditions = append(v.Conditions, texts[id])
		}
		v.Internal = h.ToTeam != ""
		may := page.Can.Handover
		if v.Internal {
			may = mayAccept(h.ToTeam)
		}
		if v.Internal && h.Status == casework.HandoverProposed {
			v.StatusLabel = msg("case.handover.waiting.before") + " " + h.ToTeam + " " + msg("case.handover.waiting.after")
		}
		v.CanRespond = may && h.Status == casework.HandoverProposed && h.Episode == f.Episode && f.Case.Status == cases.StatusHandover
		if h.Episode == f.Episode && h.Status != casework.HandoverDeclined {
			open = false
		}
		page.Handovers = append(page.Handovers, v)
	}
	switch f.Case.Status {
	case cases.StatusSafetyAssessment, cases.StatusConditions, cases.StatusInvestigation:
		page.HandoverOpen = open && page.Can.Handover
	}
}

func handoverStatusLabel(s casework.HandoverStatus) string { return codeMsg("handover.status", s) }

// moments lists the monitoring moments; a planned one of the current
// episode gets the form that checks every condition that must hold.
func (page *casePage) moments(now time.Time) {
	f := page.File
	texts := map[int64]string{}
	for _, c := range f.Conditions {
		texts[c.ID] = c.Text
	}
	for _, m := range f.Monitoring {
		if m.Status == casework.MomentCancelled {
			continue
		}
		v := momentView{M: m, Label: deadlineLabel(cases.DeadlineMonitoring, m.Months),
			Form: "monitoring-" + strconv.FormatInt(m.ID, 10)}
		if d := f.DueMoment(m.ID); d != nil {
			v.Overdue = d.Overdue
		}
		for _, c := range m.Checks {
			v.Checks = append(v.Checks, checkLine{Condition: texts[c.ConditionID], Result: codeMsg("case.check-result", c.Result), Note: c.Note})
		}
		v.Open = m.Status == casework.MomentPlanned && m.Episode == f.Episode && page.Can.Edit
		if v.Open {
			for i, c := range page.Active {
				name := "checks[" + strconv.Itoa(i) + "]"
				v.CheckForms = append(v.CheckForms, checkForm{Index: i, ConditionID: c.ID,
					Result: page.Radios(v.Form, name+".result", c.Text, msg("case.moment.check.hint"), page.L.CheckResults),
					Note:   page.Text(v.Form, name+".note", msg("case.moment.check.note"), msg("case.moment.check.note.hint"))})
			}
		}
		page.Moments = append(page.Moments, v)
	}
}

// choice is one choice of a form's list: a code and the words a page
// shows for it.
type choice struct {
	Code  string
	Label string
}

// choiceLabel is the label of code in list, or the code itself when the
// list does not hold it (a value stored before its code was dropped).
func choiceLabel(list []choice, code any) string {
	c := fmt.Sprint(code)
	if i := slices.IndexFunc(list, func(l choice) bool { return l.Code == c }); i >= 0 {
		return list[i].Label
	}
	return c
}

// catalogueLabels is a choice list of codes named by the catalogue: the
// key is list + "." + code.
func catalogueLabels[T ~string](list string, codes ...T) []choice {
	out := make([]choice, len(codes))
	for i, c := range codes {
		out[i] = choice{Code: string(c), Label: codeMsg(list, c)}
	}
	return out
}
