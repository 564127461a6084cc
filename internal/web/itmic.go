package web

import (
	"fmt"
	"net/http"
	"strconv"

	"toren/internal/access"
	"toren/internal/authz"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/toren"
)

// The Interventieteam's incident reports (MIC): the report's page for its
// reporter and the IT team leader, with the form on which the team leader
// records the follow-up questions; and the team leader's part of the
// start page, the follow-ups due.

const micPath = "/incidentmeldingen"

type itMICPage struct {
	Chrome
	MIC     itteam.MIC
	CanAsk  bool
	Overdue map[itteam.FollowUpMoment]bool
	Errors  []toren.FieldError
	Today   string
}

func (w *Web) itMIC(rw http.ResponseWriter, r *http.Request) {
	w.renderITMIC(rw, r, http.StatusOK, nil)
}

func (w *Web) renderITMIC(rw http.ResponseWriter, r *http.Request, status int, errs []toren.FieldError) {
	p, _ := access.FromContext(r.Context())
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	m, err := w.cfg.ITTeam.MIC(r.Context(), p.Actor, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p.Note(fmt.Sprintf("it_mic %d of it_case %d", m.ID, m.ITCaseID))
	today := toren.DateOf(w.cfg.Clock.Now())
	page := &itMICPage{MIC: m, Errors: errs, Today: today.String(), Overdue: map[itteam.FollowUpMoment]bool{},
		CanAsk: authz.Permitted(p.Actor, authz.ActionIncidentView) && p.Actor.InTeam(m.Team)}
	for _, f := range m.FollowUps {
		page.Overdue[f.Moment] = f.Open() && f.Due.Before(today)
	}
	w.render(rw, r, status, "itteam_mic", page)
}

// itMICFollowUp records the team leader's follow-up question.
func (w *Web) itMICFollowUp(rw http.ResponseWriter, r *http.Request) {
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
	var perr toren.Problems
	f := itteam.FollowUp{AskedOn: itFormDate(r, "datum", "asked_on", &perr), NeedsHelp: r.PostFormValue("hulp") == "ja", Note: r.PostFormValue("toelichting")}
	if perr.Len() == 0 {
		_, err = w.cfg.ITTeam.AskFollowUp(r.Context(), p.Actor, id, itteam.FollowUpMoment(r.PostFormValue("moment")), f)
	} else {
		err = perr.Err()
	}
	if toren.ErrorCode(err) == toren.CodeInvalid || (toren.ErrorCode(err) == toren.CodeConflict && len(toren.FieldErrors(err)) > 0) {
		w.renderITMIC(rw, r, http.StatusUnprocessableEntity, itNames{form: "nazorg"}.words(toren.FieldErrors(err)))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	setFlash(rw, r, "it-nazorg")
	http.Redirect(rw, r, micPath+"/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// homeFollowUps is the IT team leader's part of the start page: the
// follow-up questions of incident reports due within a week or overdue;
// nil for anyone else.
func (w *Web) homeFollowUps(r *http.Request) ([]itteamsvc.DueFollowUp, bool, error) {
	p, ok := access.FromContext(r.Context())
	if w.cfg.ITTeam == nil || !ok || !authz.Permitted(p.Actor, authz.ActionIncidentView) || !p.Actor.InTeam(w.cfg.ITTeam.Team()) {
		return nil, false, nil
	}
	due, err := w.cfg.ITTeam.FollowUpsDue(r.Context(), p.Actor)
	return due, err == nil, err
}
