package web

import (
	"net/http"
	"strconv"

	"toren/internal/search"
	"toren/internal/toren"
)

// casePath is where a case page lives: a case number typed in the search
// box jumps there.
const casePath = "/dossiers/"

type searchPage struct {
	Chrome
	// Text is what was typed in the search box; Form the advanced form.
	Text     string
	Form     search.Form
	Advanced bool // open the advanced form
	// Errors are the Dutch messages per field ("q" for the search box).
	Errors map[string]string
	// Searched says a search ran (a result, maybe empty, is shown).
	Searched bool
	Result   search.Result
	// NotFound is a number that was typed but does not exist.
	NotFound string
}

// search is the person search: one box that recognises what was typed,
// and an advanced form. A report or case number jumps to it. The access
// gate writes the audit entry with what was searched for.
func (w *Web) search(rw http.ResponseWriter, r *http.Request) {
	qv := r.URL.Query()
	p := &searchPage{
		Text: qv.Get("q"),
		Form: search.Form{Surname: qv.Get("achternaam"), GivenName: qv.Get("voornaam"), BirthDate: qv.Get("geboortedatum"),
			BSN: qv.Get("bsn"), Postcode: qv.Get("postcode"), HouseNumber: qv.Get("huisnummer")},
	}
	p.Advanced = qv.Has("uitgebreid") || !p.Form.IsZero()
	if p.Text == "" && p.Form.IsZero() {
		w.render(rw, r, http.StatusOK, "search", p)
		return
	}
	var q search.Query
	var err error
	if p.Form.IsZero() {
		q, err = search.Parse(p.Text)
	} else {
		q, err = p.Form.Query()
	}
	if err != nil {
		var ok bool
		if p.Errors, ok = fieldErrors(wordRules(err, "search.rule", "max", strconv.Itoa(search.MaxQueryLen))); !ok {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusUnprocessableEntity, "search", p)
		return
	}
	ctx := r.Context()
	if q.Kind == search.KindReportNumber || q.Kind == search.KindCaseNumber {
		id, err := w.cfg.Reader.LookupNumber(ctx, actorIn(ctx), q.Kind, q.Number)
		switch {
		case toren.ErrorCode(err) == toren.CodeNotFound:
			p.NotFound = q.Number
			w.render(rw, r, http.StatusNotFound, "search", p)
		case err != nil:
			w.fail(rw, r, err)
		case q.Kind == search.KindCaseNumber:
			http.Redirect(rw, r, casePath+strconv.FormatInt(id, 10), http.StatusSeeOther)
		default:
			http.Redirect(rw, r, "/meldingen/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		}
		return
	}
	if p.Result, err = w.cfg.Reader.SearchPersons(ctx, actorIn(ctx), q); err != nil {
		w.fail(rw, r, err)
		return
	}
	p.Searched = true
	w.render(rw, r, http.StatusOK, "search", p)
}
