package web

import (
	"context"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"toren/internal/access"
	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/letters"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The letters of a case: the closing letter to the family and the
// feedback letter to a professional reporter, made by internal/letters
// from what the file holds and filed with their audit entry. A protected
// reporter's identity cannot reach a letter: the feedback letter takes its
// addressee only through letters.ReporterFrom.

// caseLetter generates a letter and files it; on success the letter is
// shown.
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
	page, err := w.loadCasePage(r, id, newFormSet())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rd, err := w.letterRenderer(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	fr := &formReader{v: r.PostForm}
	var docs []letters.Document
	if kind == letters.KindClosing {
		docs, err = w.closingLetters(rd, page, p.Actor, fr)
	} else {
		var doc letters.Document
		doc, err = w.feedbackLetter(rd, page, p.Actor, fr)
		docs = []letters.Document{doc}
	}
	if len(fr.errs) == 0 && err == nil {
		// The service asks the policy (letter.generate) and files each
		// letter with its audit entry.
		var last int64
		for _, doc := range docs {
			var rec *letters.Record
			if rec, err = w.cfg.Casework.Records.FileLetter(r.Context(), p.Actor, id, doc); err != nil {
				break
			}
			last = rec.ID
		}
		if err == nil && len(docs) == 1 {
			setFlash(rw, r, "brief")
			http.Redirect(rw, r, caseURL(id)+"/brieven/"+strconv.FormatInt(last, 10), http.StatusSeeOther)
			return
		}
		if err == nil {
			setFlash(rw, r, "brieven")
			http.Redirect(rw, r, caseSectionURL(id, "brieven"), http.StatusSeeOther)
			return
		}
	}
	status, errs, refused := refusal(fr, err)
	if !refused {
		w.fail(rw, r, err)
		return
	}
	forms := newFormSet()
	forms.refuse(form, sentValues(r.PostForm), letterFields(kind, errs))
	w.renderCase(rw, r, status, id, forms)
}

// letterRenderer is the renderer on the organisation's letterhead as the
// administrator last set it.
func (w *Web) letterRenderer(ctx context.Context) (*letters.Renderer, error) {
	if w.cfg.Settings == nil {
		return w.cfg.Casework.Letters, nil
	}
	h, err := w.cfg.Settings.Letterhead(ctx)
	if err != nil {
		return nil, err
	}
	return w.cfg.Casework.Letters.On(h)
}

// letterFields puts the letter's own validation errors at the form's
// fields.
func letterFields(kind letters.Kind, errs []toren.FieldError) []toren.FieldError {
	out := slices.Clone(errs)
	for i, fe := range out {
		f := fe.Field
		switch {
		case strings.HasPrefix(f, "recipients"):
			f = "recipients"
		case strings.HasPrefix(f, "conditions[") && strings.HasSuffix(f, ".until") && kind == letters.KindClosing:
			f = "conditions_until"
		case (f == "conditions" || f == "monitoring") && kind == letters.KindFeedback:
			f = "share_conditions"
		case f == "reporter" || strings.HasPrefix(f, "reporter."), f == "report_number", f == "reported_on":
			f = "report_id"
		case strings.HasPrefix(f, "partners"):
			f = "partners"
		}
		out[i].Field = f
	}
	return out
}

// signer is who signs a letter: the worker, with their role.
func signer(a authz.Actor) letters.Signer {
	s := letters.Signer{Name: a.Name}
	if len(a.Roles) > 0 {
		s.Function = strings.ToLower(a.Roles[0].Label())
	}
	return s
}

// mentionOf returns the fullest mention of a person in the case's reports:
// one with an address when there is one.
func (page *casePage) mentionOf(personID int64) (reports.Mention, bool) {
	var found reports.Mention
	ok := false
	for _, rep := range page.Reports {
		for _, m := range rep.Persons {
			if m.PersonID != personID {
				continue
			}
			if !ok || (found.Street == "" && m.Street != "") {
				found, ok = m, true
			}
		}
	}
	return found, ok
}

// monitoringDates are the monitoring moments of the current episode, or
// the default ones after day when none are planned yet.
func (page *casePage) monitoringDates(day toren.Date) []toren.Date {
	var out []toren.Date
	for _, m := range page.File.Monitoring {
		if m.Episode == page.File.Episode && m.Status != casework.MomentCancelled {
			out = append(out, toren.DateOf(m.Due.In(toren.Amsterdam)))
		}
	}
	if len(out) == 0 {
		return letters.DefaultMonitoring(day)
	}
	return out
}

// closingLetters makes the closing letter once per addressee, or one
// joint letter to all of them when the worker asks for it. The letters
// are all made before any is kept: one refused, none is.
func (w *Web) closingLetters(rd *letters.Renderer, page *casePage, a authz.Actor, fr *formReader) ([]letters.Document, error) {
	doc, err := w.closingLetter(rd, page, a, fr)
	if err != nil || len(fr.errs) > 0 {
		return nil, err
	}
	if ticked(fr.v, "joint") || len(doc.addressees) < 2 {
		return []letters.Document{doc.Document}, nil
	}
	out := make([]letters.Document, 0, len(doc.addressees))
	for _, to := range doc.addressees {
		l := doc.letter
		l.Recipients = []letters.Addressee{to}
		one, err := rd.Closing(l)
		if err != nil {
			return nil, err
		}
		out = append(out, one)
	}
	return out, nil
}

// closingDraft is a closing letter made for all chosen addressees, with
// the letter itself to make one per addressee from.
type closingDraft struct {
	letters.Document
	letter     letters.ClosingLetter
	addressees []letters.Addressee
}

func (w *Web) closingLetter(rd *letters.Renderer, page *casePage, a authz.Actor, fr *formReader) (closingDraft, error) {
	today := toren.DateOf(w.cfg.Clock.Now().In(toren.Amsterdam))
	l := letters.ClosingLetter{CaseNumber: page.File.Case.Number, Date: today, Service: letters.Service(fr.text("service")),
		ClosedOn: fr.date("closed_on", true), Note: fr.text("note"), Signer: signer(a),
		CaseDirection: letters.CaseDirection{Organisation: fr.text("case_direction.organisation"),
			Person: fr.text("case_direction.person"), Phone: fr.text("case_direction.phone")}}
	until := fr.date("conditions_until", true)
	for _, id := range fr.ids("recipients") {
		m, ok := page.mentionOf(id)
		if !ok || !slices.ContainsFunc(page.Recipients, func(l casework.Label) bool { return l.Code == strconv.FormatInt(id, 10) }) {
			fr.fail("recipients", "choice", "Kies geadresseerden uit de betrokkenen van het dossier.")
			continue
		}
		l.Recipients = append(l.Recipients, letters.AddresseeFrom(m))
	}
	if len(fr.errs) > 0 {
		return closingDraft{}, nil
	}
	for _, c := range page.Active {
		u := c.Until
		if u.IsZero() {
			u = until
		}
		l.Conditions = append(l.Conditions, letters.SafetyCondition{What: c.Text, CheckedBy: c.CheckedBy, Until: u})
	}
	l.Monitoring = page.monitoringDates(l.ClosedOn)
	doc, err := rd.Closing(l)
	return closingDraft{Document: doc, letter: l, addressees: l.Recipients}, err
}

func (w *Web) feedbackLetter(rd *letters.Renderer, page *casePage, a authz.Actor, fr *formReader) (letters.Document, error) {
	today := toren.DateOf(w.cfg.Clock.Now().In(toren.Amsterdam))
	l := letters.FeedbackLetter{CaseNumber: page.File.Case.Number, Date: today, Concerning: fr.text("concerning"),
		Moment: letters.Moment(fr.text("moment")), DecidedOn: fr.date("decided_on", true),
		FollowUp: letters.FollowUp(fr.text("follow_up")), ReporterRole: fr.text("reporter_role"), Signer: signer(a)}
	reportID := fr.id("report_id")
	i := slices.IndexFunc(page.Reports, func(r *reports.Report) bool { return r.ID == reportID })
	if i < 0 && len(fr.errs) == 0 {
		fr.fail("report_id", "required", "Kies de melding waarover u terugkoppelt.")
	}
	for _, s := range strings.FieldsFunc(fr.text("partners"), func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if s = strings.TrimSpace(s); s != "" {
			l.Partners = append(l.Partners, s)
		}
	}
	if len(fr.errs) > 0 {
		return letters.Document{}, nil
	}
	rep := page.Reports[i]
	l.ReportNumber = rep.Number
	l.Reporter = letters.ReporterFrom(rep.Reporter)
	l.ReportedOn = toren.DateOf(rep.ReceivedAt.In(toren.Amsterdam))
	if ticked(fr.v, "share_conditions") {
		for _, c := range page.Active {
			u := c.Until
			if u.IsZero() {
				u = l.DecidedOn.AddDate(1, 0, 0)
			}
			l.Conditions = append(l.Conditions, letters.SafetyCondition{What: c.Text, CheckedBy: c.CheckedBy, Until: u})
		}
		l.Monitoring = page.monitoringDates(l.DecidedOn)
	}
	return rd.Feedback(l)
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
