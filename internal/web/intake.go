package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"toren/internal/access"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/httpx"
	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Intake registers reports as an actor (satisfied by *intake.Service).
type Intake interface {
	Submit(ctx context.Context, a authz.Actor, sub intake.Submission) (intake.Result, error)
}

// Drafts keeps unfinished intake forms per user (satisfied by *store.DB).
type Drafts interface {
	SaveDraft(ctx context.Context, d intake.Draft) error
	GetDraft(ctx context.Context, userID int64, key string, now time.Time) (intake.Draft, error)
	ListDrafts(ctx context.Context, userID int64, now time.Time) ([]intake.Draft, error)
	DeleteDraft(ctx context.Context, userID int64, key string) error
}

// draftLifetime is how long a draft is kept after its last save: a week
// covers a weekend and a shift pattern, and no longer, as a draft holds
// personal data outside any report.
const draftLifetime = 7 * 24 * time.Hour

// newFormKey returns a fresh key for a form: 128 random bits.
func newFormKey() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// validFormKey accepts what newFormKey makes.
func validFormKey(k string) bool {
	if len(k) != 22 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(k)
	return err == nil
}

// idempotencyKey scopes the form's key to its user, so that no one can
// replay, or block, another user's submit by sending their key.
func idempotencyKey(userID int64, formKey string) string {
	return intake.ScopedKey("web", strconv.FormatInt(userID, 10), formKey)
}

// actorIn is the signed-in user of the request whose context ctx is, for
// whom the pages read; the zero actor, whom need-to-know shows nothing,
// when the gate put no one on it.
func actorIn(ctx context.Context) authz.Actor {
	if p, ok := access.FromContext(ctx); ok {
		return p.Actor
	}
	return authz.Actor{}
}

func (w *Web) principal(r *http.Request) (*access.Principal, error) {
	p, ok := access.FromContext(r.Context())
	if !ok {
		return nil, toren.Errorf(toren.CodeForbidden, "not signed in")
	}
	return p, nil
}

// intakeNew shows an empty form, or the user's draft (?concept=key).
func (w *Web) intakeNew(rw http.ResponseWriter, r *http.Request) {
	p, err := w.principal(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	now := w.cfg.Clock.Now()
	page := &intakePage{Form: newIntakeForm(newFormKey(), now), FocusRow: -1}
	if key := r.URL.Query().Get("concept"); key != "" {
		d, err := w.cfg.Drafts.GetDraft(r.Context(), p.User.ID, key, now)
		switch {
		case toren.ErrorCode(err) == toren.CodeNotFound:
			page.Notice = msg("intake.draft.gone")
		case err != nil:
			w.fail(rw, r, err)
			return
		default:
			v, _ := url.ParseQuery(d.Form) // written by values(); a bad part is skipped
			page.Form = readIntakeForm(v)
			page.Form.Key = key
			if len(page.Form.Persons) == 0 {
				page.Form.Persons = []personForm{{}}
			}
			page.DraftStatus = msgVars("intake.draft.status.resumed", "time", d.SavedAt.In(toren.Amsterdam).Format("02-01-2006 15:04"))
			w.auditAccess(r, authz.ActionReportCreate, "intake draft opened", nil)
		}
	}
	w.renderIntake(rw, r, http.StatusOK, page)
}

// renderIntake adds the user's other drafts and the municipality list and
// renders the form.
func (w *Web) renderIntake(rw http.ResponseWriter, r *http.Request, status int, page *intakePage) {
	if p, ok := access.FromContext(r.Context()); ok {
		ds, err := w.cfg.Drafts.ListDrafts(r.Context(), p.User.ID, w.cfg.Clock.Now())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		for _, d := range ds {
			if d.Key == page.Form.Key {
				continue
			}
			v, _ := url.ParseQuery(d.Form)
			page.Drafts = append(page.Drafts, draftItem{Key: d.Key, Summary: readIntakeForm(v).summary(), SavedAt: d.SavedAt})
		}
	}
	page.Municipalities = w.cfg.Municipalities.All()
	w.render(rw, r, status, "intake", page)
}

// intakePost handles every button of the form: register, save a draft,
// add or remove a person row. Only "register" stores a report; the others
// come back to the form with everything as it was typed.
func (w *Web) intakePost(rw http.ResponseWriter, r *http.Request) {
	p, err := w.principal(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "unreadable form: %v", err))
		return
	}
	form := readIntakeForm(r.PostForm)
	if !validFormKey(form.Key) {
		form.Key = newFormKey() // a form not made here: no replay protection to keep
	}
	page := &intakePage{Form: form, FocusRow: -1}
	action := r.PostFormValue(fieldAction)
	switch {
	case action == "persoon-toevoegen":
		if len(form.Persons) >= maxPersons {
			page.DraftStatus = msgVars("intake.draft.status.max-persons", "max", strconv.Itoa(maxPersons))
		} else {
			page.Form = form.withRow()
			page.FocusRow = len(page.Form.Persons) - 1
			page.DraftStatus = "Persoon " + strconv.Itoa(len(page.Form.Persons)) + " toegevoegd."
		}
		w.renderIntake(rw, r, http.StatusOK, page)
	case strings.HasPrefix(action, "verwijder-"):
		i, err := strconv.Atoi(strings.TrimPrefix(action, "verwijder-"))
		if err != nil || i < 0 || i >= len(form.Persons) {
			// Not a row of this form: change nothing.
			page.Form = form
			w.renderIntake(rw, r, http.StatusBadRequest, page)
			return
		}
		page.Form = form.withoutRow(i)
		if len(page.Form.Persons) == 0 {
			page.Form.Persons = []personForm{{}}
		}
		page.DraftStatus = "Persoon " + strconv.Itoa(i+1) + " verwijderd."
		w.renderIntake(rw, r, http.StatusOK, page)
	case action == "concept":
		var saved bool
		page.DraftStatus, saved = w.saveDraft(r, p.User.ID, form)
		if saved {
			w.auditAccess(r, authz.ActionReportCreate, "intake draft saved", nil)
		}
		w.renderIntake(rw, r, http.StatusOK, page)
	default:
		w.intakeSubmit(rw, r, p, page)
	}
}

// intakeSubmit registers the report. A rejected form comes back with
// every value and each error next to its field; a form sent twice (a
// double click, a retry after a lost answer) registers one report.
func (w *Web) intakeSubmit(rw http.ResponseWriter, r *http.Request, p *access.Principal, page *intakePage) {
	page.Form = page.Form.withoutEmptyRows()
	rep, decodeErrs := page.Form.report(w.cfg.Clock)
	if len(page.Form.Persons) == 0 {
		page.Form.Persons = []personForm{{}}
	}
	if len(decodeErrs) > 0 {
		// Not stored; the validator still looks at the rest, so the worker
		// sees every problem at once.
		v := w.validator()
		v.Normalize(rep)
		page.Errors = newFormErrors(page.Form, decodeErrs, intakeRuleWords(toren.FieldErrors(v.Validate(rep))))
		w.renderIntake(rw, r, http.StatusUnprocessableEntity, page)
		return
	}
	rep.RegisteredBy = p.User.Username
	sub := intake.Submission{Report: rep, IdempotencyKey: idempotencyKey(p.User.ID, page.Form.Key)}
	for i, pf := range page.Form.Persons {
		if id, err := strconv.ParseInt(pf.PersonID, 10, 64); err == nil && id > 0 {
			if sub.Confirmed == nil {
				sub.Confirmed, sub.ConfirmedBy = map[int]int64{}, p.User.Username
			}
			sub.Confirmed[i] = id
		}
	}
	res, err := w.cfg.Intake.Submit(r.Context(), p.Actor, sub)
	switch toren.ErrorCode(err) {
	case toren.CodeInvalid:
		page.Errors = newFormErrors(page.Form, nil, intakeRuleWords(toren.FieldErrors(err)))
		w.renderIntake(rw, r, httpx.StatusOf(err), page)
		return
	case toren.CodeConflict:
		// The key was used for a report with other content: the form was
		// registered, then changed (the browser's back button). Registering
		// again must be a deliberate new report: a new key.
		page.Form.Key = newFormKey()
		page.Notice = msg("intake.registered-before")
		w.renderIntake(rw, r, httpx.StatusOf(err), page)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.cfg.Drafts.DeleteDraft(r.Context(), p.User.ID, page.Form.Key); err != nil {
		// The report is stored; the draft expires by itself.
		w.cfg.Logger.ErrorContext(r.Context(), "delete draft after submit", "err", err)
	}
	flash := "melding"
	if res.Report.Kind == reports.KindAdvice {
		flash = "adviesvraag"
	}
	setFlash(rw, r, flash)
	http.Redirect(rw, r, "/meldingen/"+strconv.FormatInt(res.Report.ID, 10), http.StatusSeeOther)
}

func (w *Web) validator() reports.Validator {
	return reports.Validator{Municipalities: w.cfg.Municipalities, Clock: w.cfg.Clock}
}

// saveDraft stores the form as the user's draft and returns the status
// line to show and whether it was saved.
func (w *Web) saveDraft(r *http.Request, userID int64, form intakeForm) (string, bool) {
	if form.blank() {
		return msg("intake.draft.status.blank"), false
	}
	now := w.cfg.Clock.Now()
	err := w.cfg.Drafts.SaveDraft(r.Context(), intake.Draft{UserID: userID, Key: form.Key, Form: form.values().Encode(),
		SavedAt: now, ExpiresAt: now.Add(draftLifetime)})
	if err != nil {
		if fe := ruleWords("draft.rule", toren.FieldErrors(err)); len(fe) > 0 && fe[0].MessageNL != "" {
			reason := strings.ReplaceAll(fe[0].MessageNL, "{max}", strconv.Itoa(intake.MaxDraftsPerUser))
			return msgVars("intake.draft.status.refused", "reason", reason), false
		}
		w.cfg.Logger.ErrorContext(r.Context(), "save draft", "err", err)
		return msg("intake.draft.status.failed"), false
	}
	return msgVars("intake.draft.status.saved", "time", now.In(toren.Amsterdam).Format("15:04")), true
}

// intakeDraft saves the form as a draft while the worker types (htmx)
// and answers the status line.
func (w *Web) intakeDraft(rw http.ResponseWriter, r *http.Request) {
	p, err := w.principal(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "unreadable form: %v", err))
		return
	}
	form := readIntakeForm(r.PostForm)
	status, saved := msg("intake.draft.status.reload"), false
	if validFormKey(form.Key) {
		status, saved = w.saveDraft(r, p.User.ID, form)
	}
	if saved {
		w.auditAccess(r, authz.ActionReportCreate, "intake draft saved", nil)
	}
	w.fragment(rw, r, "draft-status", status)
}

// intakeDeleteDraft deletes one of the user's drafts.
func (w *Web) intakeDeleteDraft(rw http.ResponseWriter, r *http.Request) {
	p, err := w.principal(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.cfg.Drafts.DeleteDraft(r.Context(), p.User.ID, r.PostFormValue(fieldKey)); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.auditAccess(r, authz.ActionReportCreate, "intake draft deleted", nil)
	http.Redirect(rw, r, "/meldingen/nieuw", http.StatusSeeOther)
}

// intakeAddPerson answers "Persoon toevoegen" under htmx: the new row,
// numbered after the form's last, its first field taking focus.
func (w *Web) intakeAddPerson(rw http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "unreadable form: %v", err))
		return
	}
	next := 0
	for name := range r.PostForm {
		if i, _, ok := personFieldName(name); ok && i >= next {
			next = i + 1
		}
	}
	if next >= maxPersons {
		// The validator allows no more persons; the button adds nothing.
		rw.WriteHeader(http.StatusNoContent)
		return
	}
	w.fragment(rw, r, "person-row", personRow{Index: next, Focus: true})
}

// fragment renders one template of the intake page: an htmx answer.
func (w *Web) fragment(rw http.ResponseWriter, r *http.Request, name string, data any) {
	var b strings.Builder
	if err := w.pages["intake"].ExecuteTemplate(&b, name, data); err != nil {
		w.serverError(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	_, _ = rw.Write([]byte(b.String()))
}

// auditAccess writes the request's audit entry itself, with a reason that
// says what happened (a search's terms, a draft saved), and the persons
// shown. Without a recorder (no access gate) it writes nothing; when the
// write fails the gate writes its plain entry instead.
func (w *Web) auditAccess(r *http.Request, action authz.Action, reason string, personIDs []int64) {
	rec, ok := audit.RecorderFrom(r.Context())
	if !ok {
		return
	}
	e := rec.Entry(w.cfg.Clock.Now(), string(action), "", "", personIDs)
	e.Reason = reason
	if err := w.cfg.Audit.AppendAudit(r.Context(), e); err != nil {
		w.cfg.Logger.ErrorContext(r.Context(), "AUDIT WRITE FAILED", "err", err, "action", e.Action)
		return
	}
	rec.Wrote(1)
}
