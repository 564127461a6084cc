package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/toren"
)

// ITTeam is the Interventieteam's service (*itteamsvc.Service).
type ITTeam interface {
	List(ctx context.Context, a authz.Actor) ([]itteam.Summary, []itteamsvc.Known, error)
	Refer(ctx context.Context, a authz.Actor, r itteamsvc.Referral) (itteam.Case, error)
	Get(ctx context.Context, a authz.Actor, id int64) (itteamsvc.View, error)
	ChangePhase(ctx context.Context, a authz.Actor, id int64, ch itteam.PhaseChange) (itteam.Case, error)
	AddScaling(ctx context.Context, a authz.Actor, id int64, round []itteam.ScalingScore) (itteam.Case, error)
	SavePlan(ctx context.Context, a authz.Actor, id int64, p itteam.Plan) (itteam.Case, error)
	PlanPDF(ctx context.Context, a authz.Actor, id int64, v int) (itteamsvc.PrintedPlan, error)
	Statistics(ctx context.Context, a authz.Actor, year int, asOf toren.Date) (itteam.YearStats, error)
	ReportMIC(ctx context.Context, a authz.Actor, itCaseID int64, m itteam.MIC) (itteam.MIC, error)
	RateColour(ctx context.Context, a authz.Actor, id int64, r itteam.ColourRating) (itteam.Case, error)
	SetRegistration(ctx context.Context, a authz.Actor, id int64, r itteam.Registration) (itteam.Case, error)
	SetAgreementStatus(ctx context.Context, a authz.Actor, id int64, n int, ch itteam.StatusChange) (itteam.Case, error)
	AddMeeting(ctx context.Context, a authz.Actor, id int64, m itteam.Meeting) (itteam.Case, error)
	AddMeetingEvaluation(ctx context.Context, a authz.Actor, id int64, n int, f itteam.Form) (itteam.Case, error)
	AddClientEvaluation(ctx context.Context, a authz.Actor, id int64, e itteam.ClientEvaluation) (itteam.Case, error)
	EscalateCCB(ctx context.Context, a authz.Actor, id int64, e itteam.CCB) (itteam.Case, error)
	RecordCCBOutcome(ctx context.Context, a authz.Actor, id int64, stelsel bool, on toren.Date, actions []itteam.CCBAction) (itteam.Case, error)
}

// ITCaseList is the IT cases the user works on, and the families known to
// the IT that the user may only know of.
type ITCaseList struct {
	Cases []itteam.Summary  `json:"cases"`
	Known []itteamsvc.Known `json:"known"`
}

// ITCaseView is an IT case as far as the user may see it: level full with
// the case, or signal_only with only whom to ask.
type ITCaseView struct {
	Level string          `json:"level"`
	Known itteamsvc.Known `json:"known"`
	Case  *itteam.Case    `json:"case,omitempty"`
}

// ITScalingRound is a round of scaling scores.
type ITScalingRound struct {
	Scores []itteam.ScalingScore `json:"scores"`
}

// itEndpoints are the Interventieteam's lines of the route table. The
// object of a route is the IT case; its service decides need-to-know.
func (a *API) itEndpoints() []endpoint {
	// Decided as a case, logged as an it_case (authz.KindITCase).
	onPath := func(act authz.Action) authz.Requirement {
		q := authz.NeedsOn(act, authz.FromPath, "id")
		q.Kind = authz.KindITCase
		return q
	}
	export := onPath(authz.ActionExport)
	return []endpoint{
		{http.MethodGet, "/api/v1/it-cases", "listITCases", authz.Needs(authz.ActionCaseList), a.listITCases},
		{http.MethodPost, "/api/v1/it-cases", "referITCase", authz.Needs(authz.ActionCaseCreate), a.referITCase},
		{http.MethodGet, "/api/v1/it-cases/{id}", "getITCase", onPath(authz.ActionCaseView), a.getITCase},
		{http.MethodPost, "/api/v1/it-cases/{id}/phase", "changeITPhase", onPath(authz.ActionCaseTransition), a.changeITPhase},
		{http.MethodPost, "/api/v1/it-cases/{id}/scaling", "addITScaling", onPath(authz.ActionCaseEdit), a.addITScaling},
		{http.MethodPost, "/api/v1/it-cases/{id}/plan", "saveITPlan", onPath(authz.ActionCaseEdit), a.saveITPlan},
		{http.MethodGet, "/api/v1/it-cases/{id}/plan/{version}/pdf", "getITPlanPDF", export, a.getITPlanPDF},
		{http.MethodPost, "/api/v1/it-cases/{id}/colours", "rateITColour", onPath(authz.ActionCaseEdit), a.rateITColour},
		{http.MethodPost, "/api/v1/it-cases/{id}/registration", "setITRegistration", onPath(authz.ActionCaseEdit), a.setITRegistration},
		{http.MethodPost, "/api/v1/it-cases/{id}/agreements/{item}/status", "setITAgreementStatus", onPath(authz.ActionCaseEdit), a.setITAgreementStatus},
		{http.MethodPost, "/api/v1/it-cases/{id}/meetings", "addITMeeting", onPath(authz.ActionCaseEdit), a.addITMeeting},
		{http.MethodPost, "/api/v1/it-cases/{id}/meetings/{item}/evaluations", "addITMeetingEvaluation", onPath(authz.ActionCaseEdit), a.addITMeetingEvaluation},
		{http.MethodPost, "/api/v1/it-cases/{id}/client-evaluations", "addITClientEvaluation", onPath(authz.ActionCaseEdit), a.addITClientEvaluation},
		{http.MethodPost, "/api/v1/it-cases/{id}/ccb", "escalateITCCB", onPath(authz.ActionCaseEdit), a.escalateITCCB},
		{http.MethodPost, "/api/v1/it-cases/{id}/ccb/outcome", "recordITCCBOutcome", onPath(authz.ActionCaseEdit), a.recordITCCBOutcome},
		{http.MethodPost, "/api/v1/it-cases/{id}/mic", "reportITIncident", authz.Needs(authz.ActionIncidentCreate), a.reportITIncident},
		{http.MethodGet, "/api/v1/it-statistics", "getITStatistics", authz.Needs(authz.ActionStatsView), a.getITStatistics},
	}
}

func (a *API) itService(r *http.Request) (ITTeam, authz.Actor, error) {
	if a.itteam == nil {
		return nil, authz.Actor{}, errors.New("api: no Interventieteam service configured")
	}
	if a.actorOf == nil {
		return nil, authz.Actor{}, toren.Errorf(toren.CodeForbidden, "no signed-in user")
	}
	act, err := a.actorOf(r)
	return a.itteam, act, err
}

func (a *API) listITCases(w http.ResponseWriter, r *http.Request) error {
	svc, act, err := a.itService(r)
	if err != nil {
		return err
	}
	full, known, err := svc.List(r.Context(), act)
	if err != nil {
		return err
	}
	out := ITCaseList{Cases: full, Known: known}
	if out.Cases == nil {
		out.Cases = []itteam.Summary{}
	}
	if out.Known == nil {
		out.Known = []itteamsvc.Known{}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) referITCase(w http.ResponseWriter, r *http.Request) error {
	svc, act, err := a.itService(r)
	if err != nil {
		return err
	}
	var in itteamsvc.Referral
	if err := readJSONObject(w, r, &in); err != nil {
		return err
	}
	c, err := svc.Refer(r.Context(), act, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/it-cases/"+strconv.FormatInt(c.ID, 10))
	return writeJSON(w, http.StatusCreated, c)
}

func (a *API) getITCase(w http.ResponseWriter, r *http.Request) error {
	svc, act, err := a.itService(r)
	if err != nil {
		return err
	}
	id, err := pathObjectID(r, "IT case")
	if err != nil {
		return err
	}
	v, err := svc.Get(r.Context(), act, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ITCaseView{Level: v.Level.String(), Known: v.Known, Case: v.Case})
}

// itChange reads the body into in and applies change to the case in the
// path.
func itChange[T any](a *API, w http.ResponseWriter, r *http.Request, change func(ITTeam, authz.Actor, int64, T) (itteam.Case, error)) error {
	svc, act, err := a.itService(r)
	if err != nil {
		return err
	}
	id, err := pathObjectID(r, "IT case")
	if err != nil {
		return err
	}
	var in T
	if err := readJSONObject(w, r, &in); err != nil {
		return err
	}
	c, err := change(svc, act, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (a *API) changeITPhase(w http.ResponseWriter, r *http.Request) error {
	return itChange(a, w, r, func(s ITTeam, act authz.Actor, id int64, in itteam.PhaseChange) (itteam.Case, error) {
		return s.ChangePhase(r.Context(), act, id, in)
	})
}

func (a *API) addITScaling(w http.ResponseWriter, r *http.Request) error {
	return itChange(a, w, r, func(s ITTeam, act authz.Actor, id int64, in ITScalingRound) (itteam.Case, error) {
		return s.AddScaling(r.Context(), act, id, in.Scores)
	})
}

func (a *API) saveITPlan(w http.ResponseWriter, r *http.Request) error {
	return itChange(a, w, r, func(s ITTeam, act authz.Actor, id int64, in itteam.Plan) (itteam.Case, error) {
		return s.SavePlan(r.Context(), act, id, in)
	})
}

// Inputs of the case's changes: what the client sends; who did it is the
// signed-in user.
type (
	// ITColourIn is a colour code given.
	ITColourIn struct {
		On     toren.Date     `json:"on"`
		Colour cases.ITColour `json:"colour"`
		Moment itteam.Moment  `json:"moment"`
		Note   string         `json:"note"`
	}
	// ITStatusIn is an agreement's new status.
	ITStatusIn struct {
		On     toren.Date             `json:"on"`
		Status itteam.AgreementStatus `json:"status"`
		Note   string                 `json:"note"`
	}
	// ITMeetingIn is a (family) network meeting.
	ITMeetingIn struct {
		On           toren.Date           `json:"on"`
		Family       bool                 `json:"family"`
		Participants []itteam.Participant `json:"participants"`
		Decisions    string               `json:"decisions"`
		Agreements   []int                `json:"agreements"`
		Evaluations  []itteam.Form        `json:"evaluations"`
	}
	// ITClientEvaluationIn is a client evaluation.
	ITClientEvaluationIn struct {
		On     toren.Date     `json:"on"`
		Scores map[string]int `json:"scores"`
	}
	// ITCCBIn is the decision to escalate to the CCB protocol.
	ITCCBIn struct {
		RiskEstimate string           `json:"risk_estimate"`
		DecidedOn    toren.Date       `json:"decided_on"`
		Deciders     []itteam.Decider `json:"deciders"`
	}
	// ITCCBOutcomeIn is the CCB threat assessment's outcome.
	ITCCBOutcomeIn struct {
		Stelsel bool               `json:"stelsel"`
		On      toren.Date         `json:"on"`
		Actions []itteam.CCBAction `json:"actions"`
	}
)

// pathItem is the {item} of the path: an agreement's or a meeting's
// number; a path with anything else names nothing.
func pathItem(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("item"))
	if err != nil || n < 1 {
		return 0, toren.Errorf(toren.CodeNotFound, "no item %q", r.PathValue("item"))
	}
	return n, nil
}

func (a *API) rateITColour(w http.ResponseWriter, r *http.Request) error {
	return itChange(a, w, r, func(s ITTeam, act authz.Actor, id int64, in ITColourIn) (itteam.Case, error) {
		return s.RateColour(r.Context(), act, id, itteam.ColourRating{On: in.On, Colour: in.Colour, Moment: in.Moment, Note: in.Note})
	})
}

func (a *API) setITRegistration(w http.ResponseWriter, r *http.Request) error {
	return itChange(a, w, r, func(s ITTeam, act authz.Actor, id int64, in itteam.Registration) (itteam.Case, error) {
		return s.SetRegistration(r.Context(), act, id, in)
	})
}

func (a *API) setITAgreementStatus(w http.ResponseWriter, r *http.Request) error {
	return itChange(a, w, r, func(s ITTeam, act authz.Actor, id int64, in ITStatusIn) (itteam.Case, error) {
		n, err := pathItem(r)
		if err != nil {
			return itteam.Case{}, err
		}
		return s.SetAgreementStatus(r.Context(), act, id, n, itteam.StatusChange{On: in.On, Status: in.Status, Note: in.Note})
	})
}

func (a *API) addITMeeting(w http.ResponseWriter, r *http.Request) error {
	return itChange(a, w, r, func(s ITTeam, act authz.Actor, id int64, in ITMeetingIn) (itteam.Case, error) {
		return s.AddMeeting(r.Context(), act, id, itteam.Meeting{On: in.On, Family: in.Family, Participants: in.Participants,
			Decisions: in.Decisions, Agreements: in.Agreements, Evaluations: in.Evaluations})
	})
}

func (a *API) addITMeetingEvaluation(w http.ResponseWriter, r *http.Request) error {
	return itChange(a, w, r, func(s ITTeam, act authz.Actor, id int64, in itteam.Form) (itteam.Case, error) {
		n, err := pathItem(r)
		if err != nil {
			return itteam.Case{}, err
		}
		return s.AddMeetingEvaluation(r.Context(), act, id, n, in)
	})
}

func (a *API) addITClientEvaluation(w http.ResponseWriter, r *http.Request) error {
	return itChange(a, w, r, func(s ITTeam, act authz.Actor, id int64, in ITClientEvaluationIn) (itteam.Case, error) {
		return s.AddClientEvaluation(r.Context(), act, id, itteam.ClientEvaluation{On: in.On, Form: itteam.Form{Scores: in.Scores}})
	})
}

func (a *API) escalateITCCB(w http.ResponseWriter, r *http.Request) error {
	return itChange(a, w, r, func(s ITTeam, act authz.Actor, id int64, in ITCCBIn) (itteam.Case, error) {
		return s.EscalateCCB(r.Context(), act, id, itteam.CCB{RiskEstimate: in.RiskEstimate, DecidedOn: in.DecidedOn, Deciders: in.Deciders})
	})
}

func (a *API) recordITCCBOutcome(w http.ResponseWriter, r *http.Request) error {
	return itChange(a, w, r, func(s ITTeam, act authz.Actor, id int64, in ITCCBOutcomeIn) (itteam.Case, error) {
		return s.RecordCCBOutcome(r.Context(), act, id, in.Stelsel, in.On, in.Actions)
	})
}

// ITIncident is an incident report (MIC) as the API takes it.
type ITIncident struct {
	On       toren.Date    `json:"on"`
	What     string        `json:"what"`
	Harm     []itteam.Harm `json:"harm"`
	Involved string        `json:"involved"`
}

// reportITIncident records an incident in the case, sent to the IT team
// leader.
func (a *API) reportITIncident(w http.ResponseWriter, r *http.Request) error {
	svc, act, err := a.itService(r)
	if err != nil {
		return err
	}
	id, err := pathObjectID(r, "IT case")
	if err != nil {
		return err
	}
	var in ITIncident
	if err := readJSONObject(w, r, &in); err != nil {
		return err
	}
	m, err := svc.ReportMIC(r.Context(), act, id, itteam.MIC{On: in.On, What: in.What, Harm: in.Harm, Involved: in.Involved})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, m)
}

func (a *API) getITStatistics(w http.ResponseWriter, r *http.Request) error {
	svc, act, err := a.itService(r)
	if err != nil {
		return err
	}
	var p toren.Problems
	q := r.URL.Query()
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil {
		p.Add("year", "integer", "year must be a whole number such as 2014") // the API speaks English only
	}
	asOf := toren.NewDate(year, 12, 31)
	if s := q.Get("as_of"); s != "" {
		if asOf, err = toren.ParseDate(s); err != nil {
			p.Add("as_of", "date", "as_of must be a date (YYYY-MM-DD)")
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	st, err := svc.Statistics(r.Context(), act, year, asOf)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, publishITStats(st))
}

// getITPlanPDF hands out a version of the safety plan printed for the
// family: an export, audited by the service.
func (a *API) getITPlanPDF(w http.ResponseWriter, r *http.Request) error {
	svc, act, err := a.itService(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := pathID(r, "version")
	if err != nil {
		return err
	}
	doc, err := svc.PlanPDF(r.Context(), act, id, int(v))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+doc.Filename()+`"`)
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(doc.PDF)
	return err
}
