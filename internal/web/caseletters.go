package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"toren/internal/access"
	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/letters"
	"toren/internal/toren"
)

// The letters of a case: the closing letter to the family and the
// feedback letter to a professional reporter. The form is read into a
// casework.LetterRequest; the service composes the letters from the file,
// on the current letterhead, and files them with their audit entries.

// caseLetter makes the letters the form asks for; on success the letter
// is shown (the letters' section when there are several).
func (w *Web) caseLetter(rw http.ResponseWriter, r *http.Request) {
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
	kind := letters.Kind(r.PostForm.Get("kind"))
	form := "closing"
	if kind == letters.KindFeedback {
		form = "feedbackletter"
	} else if kind != letters.KindClosing {
		w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "no such letter kind %q", kind))
		return
	}
	fr := &formReader{v: r.PostForm}
	req := letterRequest(kind, fr)
	var recs []letters.Record
	if len(fr.errs) == 0 {
		// The service asks the policy (letter.generate), makes every
		// letter and files them with their audit entries.
		recs, err = w.cfg.Casework.Records.MakeLetters(r.Context(), p.Actor, id, req)
	}
	if len(fr.errs) == 0 && err == nil {
		if len(recs) == 1 {
			setFlash(rw, r, "brief")
			http.Redirect(rw, r, caseURL(id)+"/brieven/"+strconv.FormatInt(recs[0].ID, 10), http.StatusSeeOther)
			return
		}
		setFlash(rw, r, "brieven")
		http.Redirect(rw, r, caseSectionURL(id, "brieven"), http.StatusSeeOther)
		return
	}
	// A letter's own rules (package letters) are worded before the case's.
	status, errs, refused := refusal(fr, letterRuleWords(err))
	if !refused {
		w.fail(rw, r, err)
		return
	}
	forms := newFormSet()
	forms.refuse(form, sentValues(r.PostForm), errs)
	w.renderCase(rw, r, status, id, forms)
}

// letterRequest reads the letter form of kind; the field names are the
// request's, so the service's refusals land at the form's fields.
func letterRequest(kind letters.Kind, fr *formReader) casework.LetterRequest {
	req := casework.LetterRequest{Kind: kind}
	if kind == letters.KindClosing {
		req.Service = letters.Service(fr.text("service"))
		req.ClosedOn = fr.date("closed_on", true)
		req.Note = fr.text("note")
		req.CaseDirection = letters.CaseDirection{Organisation: fr.text("case_direction.organisation"),
			Person: fr.text("case_direction.person"), Phone: fr.text("case_direction.phone")}
		req.ConditionsUntil = fr.date("conditions_until", true)
		req.Recipients = fr.ids("recipients")
		req.Joint = ticked(fr.v, "joint")
		return req
	}
	req.Concerning = fr.text("concerning")
	req.Moment = letters.Moment(fr.text("moment"))
	req.DecidedOn = fr.date("decided_on", true)
	req.FollowUp = letters.FollowUp(fr.text("follow_up"))
	req.ReporterRole = fr.text("reporter_role")
	req.ReportID = fr.id("report_id")
	req.Partners = strings.FieldsFunc(fr.text("partners"), func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
	req.ShareConditions = ticked(fr.v, "share_conditions")
	return req
}

// letterPage shows a filed letter as its addressee reads it.
type letterPage struct {
	Chrome
	File      *casework.File
	Letter    letters.Record
	KindLabel string
	Body      template.HTML
	CanExport bool
}

// letter loads a letter of the case for the request's user through the
// service: to read (case.view), or as a PDF to take out (export too).
func (w *Web) letter(r *http.Request, pdf bool) (*casework.File, *letters.Record, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	item, err := itemID(r)
	if err != nil {
		return nil, nil, err
	}
	ctx := r.Context()
	get := w.cfg.Casework.Records.Letter
	if pdf {
		get = w.cfg.Casework.Records.LetterPDF
	}
	f, rec, err := get(ctx, actorIn(ctx), id, item)
	if so, signal := casework.AsSignalOnly(err); signal {
		return nil, nil, access.CaseSignalOnly(so)
	}
	if err != nil {
		return nil, nil, err
	}
	if p, ok := access.FromContext(ctx); ok {
		p.Touch(f.PersonIDs...)
	}
	return f, rec, nil
}

func (w *Web) caseLetterView(rw http.ResponseWriter, r *http.Request) {
	f, rec, err := w.letter(r, false)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	// The HTML was rendered and escaped by internal/letters when the
	// letter was made; it holds no script or style.
	w.render(rw, r, http.StatusOK, "letter", &letterPage{File: f, Letter: *rec, KindLabel: rec.Kind.Label(),
		Body: template.HTML(rec.HTML), CanExport: access.MayOnCase(r.Context(), f, authz.ActionExport, w.cfg.Clock)})
}

// caseLetterPDF downloads the letter's PDF: a copy that leaves Toren, so
// it needs export on the case.
func (w *Web) caseLetterPDF(rw http.ResponseWriter, r *http.Request) {
	f, rec, err := w.letter(r, true)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	name := "afsluitbrief"
	if rec.Kind == letters.KindFeedback {
		name = "terugkoppeling"
	}
	rw.Header().Set("Content-Type", "application/pdf")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+name+"-"+f.Case.Number+"-"+strconv.FormatInt(rec.ID, 10)+`.pdf"`)
	rw.Header().Set("Cache-Control", "no-store")
	rw.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = rw.Write(rec.PDF)
}
