package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"toren/internal/access"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/httpx"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/reports"
	"toren/internal/stats"
	"toren/internal/toren"
)

// The Interventieteam's pages: the list with the referral form, the case
// page (checklist verdict, duo, phase, colour codes, safety plan, scaling
// chart, meetings, evaluations, registration), earlier plan versions and
// the year's statistics. An IT case is content of the IT team; anyone
// else sees that the family is known to the IT and whom to ask.

const itPath = "/interventieteam"

// itTable is the Interventieteam's lines of the route table. The
// object of a route is the IT case: the gate checks the role, the service
// decides on the case (content of the IT team and the duo).
func (w *Web) itTable() []httpx.Route {
	// The object of a route is the IT case: decided as a case, logged as
	// an it_case (authz.KindITCase).
	onIT := func(act authz.Action) authz.Requirement {
		q := onPath(act)
		q.Kind = authz.KindITCase
		return q
	}
	view, edit := onIT(authz.ActionCaseView), onIT(authz.ActionCaseEdit)
	// A PDF is a copy that leaves Toren (print, mail): export.
	itExport := onIT(authz.ActionExport)
	return []httpx.Route{
		page(itPath, authz.Needs(authz.ActionCaseList), w.itList, "Interventieteam: its cases, the families known to it, the referral form"),
		form(itPath, authz.Needs(authz.ActionCaseCreate), w.itRefer, "Refer a family to the Interventieteam with the selection checklist"),
		page(itPath+"/statistiek", authz.Needs(authz.ActionStatsView), w.itStats, "The Interventieteam's year: tables 1-5 and graphs 1-6 of the evaluation, small counts suppressed"),
		page(itPath+"/statistiek/export.csv", authz.Needs(authz.ActionStatsView), w.itStatsCSV, "The Interventieteam's year as CSV, with the page's suppression"),
		page(itPath+"/{id}", view, w.itCase, "An IT case; others see only that the family is known to the IT and whom to ask"),
		page(itPath+"/{id}/plan/{item}", view, w.itPlanVersion, "An earlier version of the safety plan"),
		page(itPath+"/{id}/plan/{item}/pdf", itExport, w.itPlanPDF, "A version of the safety plan as PDF for the family (an export)"),
		form(itPath+"/{id}/duo", onIT(authz.ActionCaseAssign), w.itPost, "Assign the duo"),
		form(itPath+"/{id}/fase", onIT(authz.ActionCaseTransition), w.itPost, "Change the phase"),
		form(itPath+"/{id}/kleurcode", edit, w.itPost, "Give a colour code"),
		form(itPath+"/{id}/plan", edit, w.itPost, "Save a new version of the safety plan"),
		form(itPath+"/{id}/afspraken/{item}", edit, w.itPost, "Record an agreement's status"),
		form(itPath+"/{id}/schaalvragen", edit, w.itPost, "Record a round of scaling questions"),
		form(itPath+"/{id}/beraden", edit, w.itPost, "Record a (family) network meeting"),
		form(itPath+"/{id}/beraden/{item}", edit, w.itPost, "Type in a meeting's evaluation form"),
		form(itPath+"/{id}/clientevaluatie", edit, w.itPost, "Record the client evaluation"),
		form(itPath+"/{id}/registratie", edit, w.itPost, "Update the registration fields"),
		form(itPath+"/{id}/ccb", edit, w.itPost, "Escalate to the CCB protocol (three deciders)"),
		form(itPath+"/{id}/ccb/uitkomst", edit, w.itPost, "Record the CCB threat assessment's outcome and safety actions"),
		// Incident reports (MIC): the service lets the case's workers report
		// and only the reporter and the IT team leader read them.
		form(itPath+"/{id}/mic", authz.Needs(authz.ActionIncidentCreate), w.itPost, "Report an incident (MIC) to the IT team leader"),
		page(micPath+"/{id}", authz.Needs(authz.ActionIncidentCreate), w.itMIC, "An incident report (MIC): its reporter and the IT team leader only"),
		form(micPath+"/{id}/nazorg", authz.Needs(authz.ActionIncidentView), w.itMICFollowUp, "The team leader records a follow-up question to the reporting worker"),
	}
}

// itListPage lists the IT cases the user works on and those known to the
// IT that the user may only know of.
type itListPage struct {
	Chrome
	Cases     []itteam.Summary
	Known     []itteamsvc.Known
	CanRefer  bool
	Checklist itteam.Checklist
	Errors    []toren.FieldError
	Form      url.Values
	Team      string
}

func (w *Web) itList(rw http.ResponseWriter, r *http.Request) {
	w.renderITList(rw, r, http.StatusOK, nil, nil)
}

func (w *Web) renderITList(rw http.ResponseWriter, r *http.Request, status int, errs []toren.FieldError, form url.Values) {
	p, _ := access.FromContext(r.Context())
	full, known, err := w.cfg.ITTeam.List(r.Context(), p.Actor)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	cl, err := w.cfg.ITTeam.CurrentChecklist(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p.Note(fmt.Sprintf("it_case list: %d full, %d signal only", len(full), len(known)))
	w.render(rw, r, status, "itteam_list", &itListPage{Cases: full, Known: known, Checklist: cl, Errors: errs, Form: form,
		CanRefer: authz.Permitted(p.Actor, authz.ActionCaseCreate), Team: w.cfg.ITTeam.Team()})
}

// itRefer registers a referral with the checklist's answers.
func (w *Web) itRefer(rw http.ResponseWriter, r *http.Request) {
	p, _ := access.FromContext(r.Context())
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "form: %v", err))
		return
	}
	cl, err := w.cfg.ITTeam.CurrentChecklist(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	var perr toren.Problems
	ref := itteamsvc.Referral{Family: r.PostFormValue("gezin"), Referrer: r.PostFormValue("verwijzer"),
		Admitted: r.PostFormValue("toelating") == "ja", Reason: r.PostFormValue("reden"), Answers: map[string]itteam.Answer{}}
	ref.On = itFormDate(r, "aangemeld", "referred_on", &perr)
	for _, c := range cl.Criteria {
		var a itteam.Answer
		set := false
		switch c.Kind {
		case itteam.KindNumber:
			if v := strings.TrimSpace(r.PostFormValue("c_" + c.Code)); v != "" {
				f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
				if err != nil {
					perr.AddWorded("answers."+c.Code, "number", "must be a number", msg("itteam.error.number"))
					continue
				}
				a.Number, set = &f, true
			}
		case itteam.KindChoice:
			a.Choice = r.PostFormValue("c_" + c.Code)
			set = a.Choice != ""
		case itteam.KindItems:
			a.Items = r.PostForm["c_"+c.Code]
			set = r.PostFormValue("c_"+c.Code+"_ingevuld") != "" || len(a.Items) > 0
		}
		if s := r.PostForm["s_"+c.Code]; len(s) > 0 {
			a.Signs, set = s, true
		}
		if set {
			ref.Answers[c.Code] = a
		}
	}
	names := itNames{form: "aanmelden", checklist: &cl}
	if perr.Len() > 0 {
		w.renderITList(rw, r, http.StatusUnprocessableEntity, names.words(toren.FieldErrors(perr.Err())), r.PostForm)
		return
	}
	c, err := w.cfg.ITTeam.Refer(r.Context(), p.Actor, ref)
	if toren.ErrorCode(err) == toren.CodeInvalid {
		w.renderITList(rw, r, http.StatusUnprocessableEntity, names.words(toren.FieldErrors(err)), r.PostForm)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	setFlash(rw, r, "it-aangemeld")
	http.Redirect(rw, r, itPath+"/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

func itFormDate(r *http.Request, name, field string, p *toren.Problems) toren.Date {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return toren.Date{}
	}
	d, err := toren.ParseDate(v)
	if err != nil {
		p.AddWorded(field, "date", "must be a date (YYYY-MM-DD)", msg("itteam.error.date"))
	}
	return d
}

// itCasePage is one IT case.
type itCasePage struct {
	Chrome
	Known     itteamsvc.Known
	Case      *itteam.Case
	Checklist itteam.Checklist
	Plan      itteam.Plan
	HasPlan   bool
	Viewing   int // an earlier plan version shown instead of the current one
	Steps     []cases.Transition[cases.ITStatus, cases.ITFacts]
	Due       toren.Date
	Chart     scalingChart
	Workers   []optionRow
	CanAssign bool
	CanEdit   bool
	CanExport bool
	Errors    []toren.FieldError
	Today     string
	// MICs are the case's incident reports this user may read; any worker
	// who sees the case may report one.
	MICs         []itteam.MIC
	CanReportMIC bool
	// The plan's agreements and the scaling scores as table rows, each
	// formatted once here: a template call per cell costs a reflective
	// call, and a plan of 30 agreements with 150 scores made the template
	// the larger part of the page's time.
	Agreements        []agreementRow
	EditAgreements    bool // the status forms beside the agreements
	AgreementStatuses []choice
	ScalingRows       template.HTML
	// CareProviders are the registration form's choices: the catalogue's
	// active partners and the case's own, those it names ticked.
	CareProviders []careProviderBox
}

// careProviderBox is a checkbox of the involved care providers.
type careProviderBox struct {
	itteamsvc.ProviderChoice
	Checked bool
}

// agreementRow is an agreement of the plan shown, with its status and
// the history of its status in words.
type agreementRow struct {
	itteam.Agreement
	StatusLabel string
	History     []dated
}

// dated is a dated line in words.
type dated struct{ On, Label string }

// scalingRow is a row of the scaling scores' table.
type scalingRow struct{ On, Rater, Kind, Safety, Progress string }

func newAgreementRows(p *itteam.Plan) []agreementRow {
	out := make([]agreementRow, len(p.Agreements))
	for i, ag := range p.Agreements {
		out[i] = agreementRow{Agreement: ag, StatusLabel: codeMsg("it.agreement-status", ag.Status()), History: make([]dated, len(ag.History))}
		for j, h := range ag.History {
			out[i].History[j] = dated{h.On.Dutch(), codeMsg("it.agreement-status", h.Status)}
		}
	}
	return out
}

// scalingRowsHTML is the scaling table's rows as HTML, written here
// rather than by the template: the template escapes every cell through a
// reflective call, five per row, and 150 scores made that the page's
// largest cost. Every value is escaped as text (template.HTMLEscapeString,
// safe in a text node and a quoted attribute).
func scalingRowsHTML(rows []scalingRow) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 200)
	for _, r := range rows {
		b.WriteString(`<tr class="utrecht-table__row">`)
		for _, cell := range [...]string{r.On, r.Rater, r.Kind, r.Safety, r.Progress} {
			b.WriteString(`<td class="utrecht-table__cell">`)
			b.WriteString(template.HTMLEscapeString(cell))
			b.WriteString(`</td>`)
		}
		b.WriteString("</tr>\n")
	}
	return template.HTML(b.String()) // every value is escaped above
}

func newScalingRows(scores []itteam.ScalingScore) []scalingRow {
	score := func(p *int) string {
		if p == nil {
			return "–"
		}
		return strconv.Itoa(*p)
	}
	out := make([]scalingRow, len(scores))
	for i, s := range scores {
		out[i] = scalingRow{On: s.On.Dutch(), Rater: s.Rater, Kind: codeMsg("it.rater", s.Kind), Safety: score(s.Safety), Progress: score(s.Progress)}
	}
	return out
}

type optionRow struct{ Value, Label string }

func (w *Web) itCase(rw http.ResponseWriter, r *http.Request) {
	w.renderITCase(rw, r, http.StatusOK, 0, nil)
}

func (w *Web) itPlanVersion(rw http.ResponseWriter, r *http.Request) {
	v, err := strconv.Atoi(r.PathValue("item"))
	if err != nil || v < 1 {
		w.fail(rw, r, toren.Errorf(toren.CodeNotFound, "no plan version %q", r.PathValue("item")))
		return
	}
	w.renderITCase(rw, r, http.StatusOK, v, nil)
}

// itPlanPDF serves a version of the safety plan as PDF for the family,
// on the organisation's letterhead; the service audits the export.
func (w *Web) itPlanPDF(rw http.ResponseWriter, r *http.Request) {
	p, _ := access.FromContext(r.Context())
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	v, err := strconv.Atoi(r.PathValue("item"))
	if err != nil || v < 1 {
		w.fail(rw, r, toren.Errorf(toren.CodeNotFound, "no plan version %q", r.PathValue("item")))
		return
	}
	doc, err := w.cfg.ITTeam.PlanPDF(r.Context(), p.Actor, id, v)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rw.Header().Set("Cache-Control", "no-store")
	rw.Header().Set("Content-Type", "application/pdf")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+doc.Filename()+`"`)
	rw.Write(doc.PDF)
}

func (w *Web) renderITCase(rw http.ResponseWriter, r *http.Request, status, planVersion int, errs []toren.FieldError) {
	p, _ := access.FromContext(r.Context())
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	v, err := w.cfg.ITTeam.Page(r.Context(), p.Actor, id, planVersion)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	page := &itCasePage{Known: v.Known, Case: v.Case, Errors: errs, Today: toren.DateOf(w.cfg.Clock.Now()).String()}
	if v.Case == nil {
		p.Note(fmt.Sprintf("it_case %d: signal only", id))
		w.render(rw, r, status, "itteam_case", page)
		return
	}
	p.Note(fmt.Sprintf("it_case %d", id))
	c := v.Case
	if page.Checklist, err = w.cfg.ITTeam.ChecklistVersion(r.Context(), c.Qualification.Version); err != nil {
		w.fail(rw, r, err)
		return
	}
	page.Plan, page.HasPlan = c.CurrentPlan()
	if planVersion > 0 {
		if page.Plan, page.HasPlan = c.PlanVersion(planVersion); !page.HasPlan {
			w.fail(rw, r, toren.Errorf(toren.CodeNotFound, "no plan version %d", planVersion))
			return
		}
		page.Viewing = planVersion
	}
	page.Steps = c.Possible()
	if page.MICs, err = w.cfg.ITTeam.MICsOfCase(r.Context(), p.Actor, c.ID); err != nil {
		w.fail(rw, r, err)
		return
	}
	page.CanReportMIC = authz.Permitted(p.Actor, authz.ActionIncidentCreate)
	page.Due, _ = c.MonitoringDue()
	page.Chart = newScalingChart(c.Scaling)
	page.ScalingRows = scalingRowsHTML(newScalingRows(c.Scaling))
	page.Agreements = newAgreementRows(&page.Plan)
	// The forms show only where the service would take them: the same
	// resource (a case not admitted is closed to edits).
	res := itteamsvc.Resource(c)
	now := w.cfg.Clock.Now()
	page.CanEdit = authz.Decide(p.Actor, authz.ActionCaseEdit, res, authz.Opts{Now: now}).Full()
	if page.EditAgreements = page.CanEdit && page.Viewing == 0; page.EditAgreements {
		page.AgreementStatuses = catalogueLabels("it.agreement-status", itteam.AgreementStatuses()...)
	}
	if page.CanEdit {
		choices, err := w.cfg.ITTeam.CareProviderChoices(r.Context(), c.Registration.CareProviders)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		for _, ch := range choices {
			had := slices.ContainsFunc(c.Registration.CareProviders, func(n string) bool { return itteam.ProviderKey(n) == itteam.ProviderKey(ch.Name) })
			page.CareProviders = append(page.CareProviders, careProviderBox{ProviderChoice: ch, Checked: had})
		}
	}
	page.CanAssign = authz.Decide(p.Actor, authz.ActionCaseAssign, res, authz.Opts{Now: now}).Full()
	page.CanExport = authz.Decide(p.Actor, authz.ActionExport, res, authz.Opts{Now: now}).Full()
	if page.CanAssign && w.cfg.Casework.Store != nil {
		users, err := w.cfg.Casework.Store.ListUsers(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		for _, u := range users {
			if u.Disabled || !slices.Contains(u.Roles, string(authz.RoleInterventionTeam)) {
				continue
			}
			page.Workers = append(page.Workers, optionRow{strconv.FormatInt(u.ID, 10), cmpOr(u.DisplayName, u.Username)})
		}
	}
	w.render(rw, r, status, "itteam_case", page)
}

// itPost handles every change form of the case page: it reads the form
// into the service's input, and on bad input shows the page again with
// the errors named by field.
func (w *Web) itPost(rw http.ResponseWriter, r *http.Request) {
	p, _ := access.FromContext(r.Context())
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "form: %v", err))
		return
	}
	ctx, a, svc := r.Context(), p.Actor, w.cfg.ITTeam
	var perr toren.Problems
	on := itFormDate(r, "datum", "on", &perr)
	item, _ := strconv.Atoi(r.PathValue("item"))
	var do func() error
	flash := "it-opgeslagen"
	action := strings.TrimPrefix(r.Pattern, "POST "+itPath+"/{id}/")
	// The errors name the fields as this form labels them.
	names := itNames{form: strings.ReplaceAll(strings.TrimSuffix(action, "/{item}"), "/", "-")}
	switch action {
	case "duo":
		w1, w2 := w.itWorker(ctx, r.PostFormValue("medewerker1")), w.itWorker(ctx, r.PostFormValue("medewerker2"))
		do = func() error { _, err := svc.AssignDuo(ctx, a, id, w1, w2); return err }
		flash = "it-duo"
	case "fase":
		ch := itteam.PhaseChange{Transition: cases.TransitionName(r.PostFormValue("stap")), On: on, Reason: r.PostFormValue("reden"),
			EndReason: itteam.EndReason(r.PostFormValue("einde")), SafetySufficient: r.PostFormValue("veilig") == "ja", LastingSafety: r.PostFormValue("blijvend") == "ja"}
		do = func() error { _, err := svc.ChangePhase(ctx, a, id, ch); return err }
		flash = "it-fase"
	case "kleurcode":
		cr := itteam.ColourRating{On: on, Colour: cases.ITColour(r.PostFormValue("kleur")), Moment: itteam.Moment(r.PostFormValue("moment")), Note: r.PostFormValue("toelichting")}
		do = func() error { _, err := svc.RateColour(ctx, a, id, cr); return err }
	case "plan":
		v, err := svc.Get(ctx, a, id)
		if err != nil || v.Case == nil {
			w.fail(rw, r, cmpErr(err, toren.Errorf(toren.CodeForbidden, "not the IT team's member")))
			return
		}
		cur, _ := v.Case.CurrentPlan()
		pl := itteam.Plan{Dangers: r.PostFormValue("zorgen"), Strengths: r.PostFormValue("goed"), Exceptions: r.PostFormValue("uitzonderingen"),
			FamilyGoals: r.PostFormValue("doelen"), BottomLines: r.PostFormValue("bodemeisen"), Note: r.PostFormValue("wijziging"),
			Agreements: slices.Clone(cur.Agreements)}
		owners, whats, whens, checks, by := r.PostForm["wie"], r.PostForm["wat"], r.PostForm["wanneer"], r.PostForm["controle"], r.PostForm["controleur"]
		for i := range whats {
			if strings.TrimSpace(at(owners, i)+at(whats, i)+at(whens, i)+at(checks, i)) == "" {
				continue // an empty row of the form
			}
			pl.Agreements = append(pl.Agreements, itteam.Agreement{Owner: at(owners, i), What: at(whats, i), When: at(whens, i), Check: at(checks, i), CheckedBy: at(by, i)})
		}
		do = func() error { _, err := svc.SavePlan(ctx, a, id, pl); return err }
		flash = "it-plan"
	case "afspraken/{item}":
		ch := itteam.StatusChange{On: on, Status: itteam.AgreementStatus(r.PostFormValue("status")), Note: r.PostFormValue("toelichting")}
		do = func() error { _, err := svc.SetAgreementStatus(ctx, a, id, item, ch); return err }
	case "schaalvragen":
		var round []itteam.ScalingScore
		names, kinds := r.PostForm["beoordelaar"], r.PostForm["soort"]
		safety, progress := r.PostForm["veiligheid"], r.PostForm["voortgang"]
		for i := range names {
			if strings.TrimSpace(at(names, i)+at(safety, i)+at(progress, i)) == "" {
				continue
			}
			s := itteam.ScalingScore{On: on, Kind: itteam.RaterKind(at(kinds, i)), Rater: at(names, i)}
			s.Safety = formScore(at(safety, i), fmt.Sprintf("scores[%d].safety", len(round)), &perr)
			s.Progress = formScore(at(progress, i), fmt.Sprintf("scores[%d].progress", len(round)), &perr)
			round = append(round, s)
		}
		do = func() error { _, err := svc.AddScaling(ctx, a, id, round); return err }
	case "beraden":
		m := itteam.Meeting{On: on, Family: r.PostFormValue("familie") == "ja", Decisions: r.PostFormValue("besluiten")}
		names, kinds, orgs := r.PostForm["naam"], r.PostForm["rol"], r.PostForm["organisatie"]
		for i := range names {
			if strings.TrimSpace(at(names, i)+at(orgs, i)) == "" {
				continue
			}
			m.Participants = append(m.Participants, itteam.Participant{Name: at(names, i), Kind: itteam.ParticipantKind(at(kinds, i)), Organisation: at(orgs, i)})
		}
		for _, s := range r.PostForm["afspraken"] {
			if n, err := strconv.Atoi(s); err == nil {
				m.Agreements = append(m.Agreements, n)
			}
		}
		do = func() error { _, err := svc.AddMeeting(ctx, a, id, m); return err }
	case "beraden/{item}":
		f := itteam.Form{By: r.PostFormValue("door"), Scores: formScores(r, itteam.MeetingItems(), &perr)}
		names.items = itteam.MeetingItems()
		do = func() error { _, err := svc.AddMeetingEvaluation(ctx, a, id, item, f); return err }
		flash = "it-evaluatie"
	case "clientevaluatie":
		e := itteam.ClientEvaluation{On: on, Form: itteam.Form{Scores: formScores(r, itteam.ClientItems(), &perr)}}
		names.items = itteam.ClientItems()
		do = func() error { _, err := svc.AddClientEvaluation(ctx, a, id, e); return err }
	case "registratie":
		reg := itteam.Registration{Municipality: r.PostFormValue("gemeente"), ChildrenPresent: triOf(r.PostFormValue("kinderen")),
			ViolenceType: reportsViolence(r.PostFormValue("type")), LVG: triOf(r.PostFormValue("lvg")),
			ProblemAreas: r.PostForm["probleem"], CareProviders: r.PostForm["hulpverleners"], EarlierHelp: splitLines(r.PostFormValue("eerder"))}
		reg.Natures = natures(r.PostForm["aard"])
		reg.PerpetratorSexes = formSexes(r, "plegers", "perpetrator_sexes", &perr)
		reg.VictimSexes = formSexes(r, "slachtoffers", "victim_sexes", &perr)
		names.values = map[string][]string{"care_providers": reg.CareProviders}
		do = func() error { _, err := svc.SetRegistration(ctx, a, id, reg); return err }
	case "ccb":
		e := itteam.CCB{RiskEstimate: r.PostFormValue("risico"), DecidedOn: on}
		if wk := w.itWorker(ctx, r.PostFormValue("medewerker")); wk.ID > 0 {
			e.Deciders = append(e.Deciders, itteam.Decider{Role: itteam.DeciderWorker, Name: wk.Name, ID: wk.ID})
		}
		if n := strings.TrimSpace(r.PostFormValue("teamleider")); n != "" {
			d := itteam.Decider{Role: itteam.DeciderTeamLeader, Name: n}
			if a.Has(authz.RoleTeamLeader) {
				d.ID = a.UserID
			}
			e.Deciders = append(e.Deciders, d)
		}
		if n := strings.TrimSpace(r.PostFormValue("voorzitter")); n != "" {
			e.Deciders = append(e.Deciders, itteam.Decider{Role: itteam.DeciderChair, Name: n})
		}
		roles := make([]string, len(e.Deciders))
		for i, d := range e.Deciders {
			roles[i] = codeMsg("it.decider", d.Role)
		}
		names.values = map[string][]string{"deciders": roles}
		do = func() error { _, err := svc.EscalateCCB(ctx, a, id, e); return err }
	case "ccb/uitkomst":
		var actions []itteam.CCBAction
		whats, owners, dues := r.PostForm["actie"], r.PostForm["eigenaar"], r.PostForm["actiedatum"]
		for i := range whats {
			if strings.TrimSpace(at(whats, i)+at(owners, i)+at(dues, i)) == "" {
				continue
			}
			due, _ := toren.ParseDate(at(dues, i))
			actions = append(actions, itteam.CCBAction{What: at(whats, i), Owner: at(owners, i), Due: due})
		}
		stelsel := r.PostFormValue("stelsel") == "ja"
		do = func() error { _, err := svc.RecordCCBOutcome(ctx, a, id, stelsel, on, actions); return err }
	case "mic":
		m := itteam.MIC{On: on, What: r.PostFormValue("wat"), Involved: r.PostFormValue("betrokken")}
		for _, h := range r.PostForm["schade"] {
			m.Harm = append(m.Harm, itteam.Harm(h))
		}
		do = func() error { _, err := svc.ReportMIC(ctx, a, id, m); return err }
		flash = "it-mic"
	default:
		w.fail(rw, r, toren.Errorf(toren.CodeNotFound, "no such form %q", action))
		return
	}
	if perr.Len() == 0 {
		err = do()
	} else {
		err = perr.Err()
	}
	if toren.ErrorCode(err) == toren.CodeInvalid || (toren.ErrorCode(err) == toren.CodeConflict && len(toren.FieldErrors(err)) > 0) {
		// A phase's unmet preconditions (cases.InterventionTeam) are
		// worded from itprocess.rule.*, and named as the form names them.
		w.renderITCase(rw, r, http.StatusUnprocessableEntity, 0, names.words(ruleWords("itprocess.rule", toren.FieldErrors(err))))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	setFlash(rw, r, flash)
	http.Redirect(rw, r, itPath+"/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

func at(s []string, i int) string {
	if i < len(s) {
		return strings.TrimSpace(s[i])
	}
	return ""
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func formScore(v, field string, p *toren.Problems) *int {
	if v = strings.TrimSpace(v); v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		p.AddWorded(field, "integer", "must be a whole number", msg("itteam.error.integer"))
		return nil
	}
	return &n
}

func formScores(r *http.Request, items []itteam.Option, p *toren.Problems) map[string]int {
	out := map[string]int{}
	for _, it := range items {
		if n := formScore(r.PostFormValue("v_"+it.Value), "scores."+it.Value, p); n != nil {
			out[it.Value] = *n
		}
	}
	return out
}

// itWorker names the worker with the user id in v; the service checks it.
func (w *Web) itWorker(ctx context.Context, v string) itteam.Worker {
	id, _ := strconv.ParseInt(v, 10, 64)
	wk := itteam.Worker{ID: id}
	if w.cfg.Casework.Store != nil && id > 0 {
		if users, err := w.cfg.Casework.Store.ListUsers(ctx); err == nil {
			for _, u := range users {
				if u.ID == id && slices.Contains(u.Roles, string(authz.RoleInterventionTeam)) {
					wk.Name = cmpOr(u.DisplayName, u.Username)
				}
			}
		}
		if wk.Name == "" {
			wk.ID = 0 // not an IT worker: the service names the field
		}
	}
	return wk
}

// itStatsPage is the year's tables.
type itStatsPage struct {
	Chrome
	Year, AsOf string
	Stats      *itteam.YearStats
	Figures    []itFigure
	ExportURL  string
	Errors     []toren.FieldError
	MinCount   int
	Hidden     string
}

func (w *Web) itStats(rw http.ResponseWriter, r *http.Request) {
	p, _ := access.FromContext(r.Context())
	now := toren.DateOf(w.cfg.Clock.Now())
	page := &itStatsPage{Year: r.URL.Query().Get("jaar"), AsOf: r.URL.Query().Get("peildatum")}
	if page.Year == "" {
		page.Year = strconv.Itoa(now.Year() - 1)
	}
	year, err := strconv.Atoi(page.Year)
	if err != nil {
		year = 0
	}
	if page.AsOf == "" {
		page.AsOf = toren.NewDate(year, 12, 31).String()
	}
	asOf, derr := toren.ParseDate(page.AsOf)
	st, err := w.cfg.ITTeam.Statistics(r.Context(), p.Actor, year, asOf)
	switch {
	case derr != nil:
		page.Errors = itNames{form: "statistiek"}.words([]toren.FieldError{{Field: "as_of", Rule: "date", MessageNL: msg("itteam.error.as-of")}})
	case toren.ErrorCode(err) == toren.CodeInvalid:
		page.Errors = itNames{form: "statistiek"}.words(toren.FieldErrors(err))
	case err != nil:
		w.fail(rw, r, err)
		return
	default:
		page.Stats = &st
		page.Figures = itFigures(&st, w.municipalityName)
		page.ExportURL = itPath + "/statistiek/export.csv?" + url.Values{"jaar": {strconv.Itoa(year)}, "peildatum": {asOf.String()}}.Encode()
	}
	page.MinCount, page.Hidden = stats.MinCount, stats.Hidden
	status := http.StatusOK
	if len(page.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	w.render(rw, r, status, "itteam_stats", page)
}

// scalingChart is the scaling scores over time as an SVG line chart: one
// line per rater, each with its own marker shape and dash pattern and its
// name at the end, so it reads without colour; the table beside it holds
// the same figures for screen readers.
type scalingChart struct {
	Width, Height int
	Lines         []chartLine
	Dates         []chartTick
	Levels        []chartTick
	Rows          []itteam.ScalingScore
}

type chartLine struct {
	Rater, Dash, Points string
	Marks               []chartMark
	LabelX, LabelY      int
}

type chartMark struct {
	X, Y  int
	Shape string // circle, square, triangle
	Title string
	// Circle and Square say the shape to the template without a call of
	// eq per mark.
	Circle, Square bool
}

type chartTick struct {
	Pos   int
	Label string
}

const (
	chartLeft, chartTop, chartPlotW, chartPlotH = 40, 10, 520, 200
)

func newScalingChart(scores []itteam.ScalingScore) scalingChart {
	ch := scalingChart{Width: chartLeft + chartPlotW + 160, Height: chartTop + chartPlotH + 40}
	var dates []toren.Date
	for _, s := range scores {
		if s.Safety != nil {
			ch.Rows = append(ch.Rows, s)
			if !slices.Contains(dates, s.On) {
				dates = append(dates, s.On)
			}
		}
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
	xOf := func(d toren.Date) int {
		if len(dates) < 2 {
			return chartLeft + chartPlotW/2
		}
		i := slices.Index(dates, d)
		return chartLeft + i*chartPlotW/(len(dates)-1)
	}
	yOf := func(v int) int { return chartTop + chartPlotH - v*chartPlotH/10 }
	for _, d := range dates {
		ch.Dates = append(ch.Dates, chartTick{xOf(d), d.Dutch()})
	}
	for v := 0; v <= 10; v += 2 {
		ch.Levels = append(ch.Levels, chartTick{yOf(v), strconv.Itoa(v)})
	}
	shapes, dashes := []string{"circle", "square", "triangle"}, []string{"", "6 4", "2 3", "10 3 2 3"}
	var raters []string
	for _, s := range ch.Rows {
		if !slices.Contains(raters, s.Rater) {
			raters = append(raters, s.Rater)
		}
	}
	for i, name := range raters {
		ln := chartLine{Rater: name, Dash: dashes[i%len(dashes)]}
		var pts []string
		for _, s := range ch.Rows {
			if s.Rater != name {
				continue
			}
			x, y := xOf(s.On), yOf(*s.Safety)
			pts = append(pts, fmt.Sprintf("%d,%d", x, y))
			shape := shapes[i%len(shapes)]
			ln.Marks = append(ln.Marks, chartMark{X: x, Y: y, Shape: shape, Circle: shape == "circle", Square: shape == "square",
				Title: msgVars("itteam.chart.mark", "rater", name, "date", s.On.Dutch(), "score", strconv.Itoa(*s.Safety))})
			ln.LabelX, ln.LabelY = x+10, y+4
		}
		ln.Points = strings.Join(pts, " ")
		ch.Lines = append(ch.Lines, ln)
	}
	return ch
}

// SVG is the chart's ticks, lines, marks and rater names as SVG, written
// here for the reason scalingRowsHTML is: the template would make four
// escaping calls per mark. Text (names, dates, titles) is escaped; the
// rest are numbers and the chart's own constants.
func (ch scalingChart) SVG() template.HTML {
	var b strings.Builder
	b.Grow(1000 + len(ch.Dates)*80 + len(ch.Rows)*170)
	esc := template.HTMLEscapeString
	for _, l := range ch.Levels {
		fmt.Fprintf(&b, `<line x1="40" x2="560" y1="%d" y2="%d" stroke="#ccc"/><text x="30" y="%d" text-anchor="end" font-size="12" dy="4">%s</text>`,
			l.Pos, l.Pos, l.Pos, esc(l.Label))
	}
	b.WriteString("\n")
	for _, d := range ch.Dates {
		fmt.Fprintf(&b, `<text x="%d" y="235" text-anchor="middle" font-size="11">%s</text>`, d.Pos, esc(d.Label))
	}
	b.WriteString("\n")
	for _, ln := range ch.Lines {
		fmt.Fprintf(&b, `<g><polyline points="%s" fill="none" stroke="#000" stroke-width="2"`, esc(ln.Points))
		if ln.Dash != "" {
			fmt.Fprintf(&b, ` stroke-dasharray="%s"`, esc(ln.Dash))
		}
		b.WriteString("/>\n")
		for _, m := range ln.Marks {
			switch {
			case m.Circle:
				fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="5" fill="#000"><title>%s</title></circle>`, m.X, m.Y, esc(m.Title))
			case m.Square:
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" transform="translate(-5 -5)" fill="#fff" stroke="#000" stroke-width="2"><title>%s</title></rect>`,
					m.X, m.Y, esc(m.Title))
			default:
				fmt.Fprintf(&b, `<path d="M%d %d m0 -6 l6 11 l-12 0 z" fill="#555"><title>%s</title></path>`, m.X, m.Y, esc(m.Title))
			}
		}
		fmt.Fprintf(&b, "\n<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text></g>\n", ln.LabelX, ln.LabelY, esc(ln.Rater))
	}
	return template.HTML(b.String()) // every text is escaped above
}

func triOf(v string) reports.Tri {
	switch v {
	case "ja":
		return reports.Yes
	case "nee":
		return reports.No
	}
	return reports.Unknown
}

func reportsViolence(v string) reports.ViolenceType { return reports.ViolenceType(v) }

func natures(vs []string) []reports.Nature {
	var out []reports.Nature
	for _, v := range vs {
		out = append(out, reports.Nature(v))
	}
	return out
}

// maxSexCount bounds a count of the registration's sex fields: the
// persons of one family, not a slip of the keyboard's thousands.
const maxSexCount = 20

// sexFields are the sexes the registration form counts, in its order: the
// field's suffix and the catalogue's word.
var sexFields = []struct {
	sex        reports.Sex
	name, word string
}{
	{reports.SexMale, "man", "itteam.sex.male"},
	{reports.SexFemale, "vrouw", "itteam.sex.female"},
	{reports.SexX, "x", "itteam.sex.x"},
}

// formSexes reads the form's number of persons per sex for group
// ("plegers" or "slachtoffers") as the registration stores them: one sex
// per person. The form counts rather than listing persons because the
// registration links no person: two perpetrators who are both men are "2"
// under Man, however many there are, with no rows to run out of. An empty
// count is none; anything but a whole number from 0 to maxSexCount is a
// problem of field.<sex> ("perpetrator_sexes.man"), which the error list
// names as the form labels it (it.field.perpetrator_sexes.man).
func formSexes(r *http.Request, group, field string, p *toren.Problems) []reports.Sex {
	var out []reports.Sex
	for _, f := range sexFields {
		v := strings.TrimSpace(r.PostFormValue(group + "_" + f.name))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxSexCount {
			p.AddWorded(field+"."+f.name, "count", fmt.Sprintf("%s_%s must be a whole number from 0 to %d", group, f.name, maxSexCount),
				msgVars("itteam.error.sex-count", "max", strconv.Itoa(maxSexCount)))

			continue
		}
		for range n {
			out = append(out, f.sex)
		}
	}
	return out
}

// sexCountField is one number input of the registration's sexes.
type sexCountField struct {
	ID, Name, Label string
	N, Max          int
}

// sexGroup is what the template it-sex-counts needs to draw the fieldset
// of group ("plegers" or "slachtoffers", the form's field prefix) under
// legend, with the registered persons counted per sex.
func sexGroup(group, legend string, list []reports.Sex) any {
	g := struct {
		Legend string
		Fields []sexCountField
	}{Legend: legend}
	for _, f := range sexFields {
		g.Fields = append(g.Fields, sexCountField{ID: group + "-" + f.name, Name: group + "_" + f.name, Label: msg(f.word), N: sexCount(list, f.sex), Max: maxSexCount})
	}
	return g
}

// sexCount is how many of the registered persons have sex s.
func sexCount(list []reports.Sex, s reports.Sex) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// sexSummary names the registered persons per sex ("Man 2, Vrouw 1") in
// the form's order, or "niet ingevuld" when none is registered.
func sexSummary(list []reports.Sex) string {
	var parts []string
	for _, f := range sexFields {
		if n := sexCount(list, f.sex); n > 0 {
			parts = append(parts, msg(f.word)+" "+strconv.Itoa(n))
		}
	}
	if len(parts) == 0 {
		return msg("itteam.answer.unanswered")
	}
	return strings.Join(parts, ", ")
}

// itFuncs are the template functions of the Interventieteam's pages.
func itFuncs() map[string]any {
	return map[string]any{
		"itColour":         func(c cases.ITColour) string { return c.Label() },
		"itColourHelp":     func(c cases.ITColour) string { return codeMsg("it.colour-help", c) },
		"itColours":        itteam.Colours,
		"itStatus":         func(s cases.ITStatus) string { return s.Label() },
		"itStep":           func(t cases.TransitionName) string { return codeWord("itprocess.step", t) },
		"itMoment":         func(m itteam.Moment) string { return codeMsg("it.colour-moment", m) },
		"itEndReasons":     func() []choice { return catalogueLabels("it.end-reason", itteam.EndReasons()...) },
		"itEndReason":      func(r itteam.EndReason) string { return codeMsg("it.end-reason", r) },
		"itRaterKinds":     func() []choice { return catalogueLabels("it.rater", itteam.RaterKinds()...) },
		"itMeetingItems":   itteam.MeetingItems,
		"itClientItems":    itteam.ClientItems,
		"itHarms":          func() []choice { return catalogueLabels("it.harm", itteam.Harms()...) },
		"itHarm":           harmWords,
		"barEnd":           func(w int) int { return barLabelW + 5 + w + 6 },
		"itFollowUpMoment": func(m itteam.FollowUpMoment) string { return codeMsg("it.follow-up", m) },
		"itProblemAreas":   itteam.ProblemAreas,
		// itHas and itHasNature tick the registration's boxes it holds.
		"itHas":       func(list []string, v string) bool { return slices.Contains(list, v) },
		"itHasNature": func(list []reports.Nature, v reports.Nature) bool { return slices.Contains(list, v) },
		"itSexes":     sexSummary,
		"itSexGroup":  sexGroup,
		"itMark": func(f itteam.Form, item string) string {
			if v, ok := f.Scores[item]; ok {
				return strconv.Itoa(v)
			}
			return msg("itteam.form.mark.open")
		},
		"itAnswer": func(c itteam.Criterion, a itteam.Answer) string {
			switch c.Kind {
			case itteam.KindNumber:
				if a.Number != nil {
					return strings.Replace(strconv.FormatFloat(*a.Number, 'f', -1, 64), ".", ",", 1) + c.Unit
				}
			case itteam.KindChoice:
				for _, o := range c.Options {
					if o.Value == a.Choice {
						return o.Label
					}
				}
			case itteam.KindItems:
				var ls []string
				for _, it := range c.Items {
					if slices.Contains(a.Items, it.Code) {
						ls = append(ls, it.Label)
					}
				}
				if len(ls) > 0 {
					return strings.Join(ls, "; ")
				}
				return msg("itteam.answer.none")
			}
			return msg("itteam.answer.unanswered")
		},
		"itResult": func(q itteam.Qualification, code string) itteam.Result {
			for _, r := range q.Results {
				if r.Code == code {
					return r
				}
			}
			return itteam.Result{}
		},
		"itFormValue":     func(v url.Values, k string) string { return v.Get(k) },
		"itDecider":       func(r itteam.DeciderRole) string { return codeMsg("it.decider", r) },
		"itTrue":          func(b *bool) bool { return b != nil && *b },
		"itViolenceTypes": func() []reports.ViolenceType { return listCodes(reports.ViolenceTypes) },
		"itViolence":      func(t reports.ViolenceType) string { return reportWord(wordsViolence, t) },
		"itNatures":       func() []reports.Nature { return listCodes(reports.Natures) },
		"itNature":        func(n reports.Nature) string { return reportWord(wordsNature, n) },
		// itRows numbers the blank rows of a form: 1..n.
		"itRows": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i + 1
			}
			return out
		},
	}
}

// harmWords is an incident's harm in words ("no harm, could have been"
// when none).
func harmWords(harm []itteam.Harm) string {
	if len(harm) == 0 {
		return msg("it.harm.none")
	}
	out := make([]string, len(harm))
	for i, h := range harm {
		out[i] = codeMsg("it.harm", h)
	}
	return strings.Join(out, ", ")
}
