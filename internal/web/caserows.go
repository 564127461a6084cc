package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/toren"
)

// The status of a safety agreement or condition changes in its own table
// row. Without JavaScript the row's form is an ordinary POST with a
// redirect back; under htmx the answer is the row itself, with the new
// status or with the errors, so the worker keeps their place on a long page.

// recordRow is one agreement or condition row with its status form.
type recordRow struct {
	P         *casePage
	Agreement *casework.Agreement
	Condition *casework.Condition
	Form      string
	// Done is the message after a change made under htmx.
	Done string
	// HX: the row is the answer to htmx, so it shows its own errors (the
	// page's summary is not there).
	HX bool
}

// AgreementRow is the row of agreement a.
func (page *casePage) AgreementRow(a casework.Agreement) recordRow {
	return recordRow{P: page, Agreement: &a, Form: "agreement-" + strconv.FormatInt(a.ID, 10)}
}

// ConditionRow is the row of condition c.
func (page *casePage) ConditionRow(c casework.Condition) recordRow {
	return recordRow{P: page, Condition: &c, Form: "condition-" + strconv.FormatInt(c.ID, 10)}
}

type statusCall func(ctx context.Context, a authz.Actor, caseID, item int64, fr *formReader) error

func (w *Web) caseAgreementStatus(rw http.ResponseWriter, r *http.Request) {
	w.recordStatus(rw, r, "agreement-", "afspraken", "afspraak-status", func(ctx context.Context, a authz.Actor, caseID, item int64, fr *formReader) error {
		_, err := w.svc().UpdateAgreement(ctx, a, caseID, item, casework.AgreementUpdate{Status: casework.AgreementStatus(fr.text("status")),
			Note: fr.text("note"), Version: fr.version()})
		return err
	})
}

func (w *Web) caseConditionStatus(rw http.ResponseWriter, r *http.Request) {
	w.recordStatus(rw, r, "condition-", "voorwaarden", "voorwaarde-status", func(ctx context.Context, a authz.Actor, caseID, item int64, fr *formReader) error {
		_, err := w.svc().UpdateCondition(ctx, a, caseID, item, casework.ConditionUpdate{Status: casework.ConditionStatus(fr.text("status")),
			Note: fr.text("note"), Version: fr.version()})
		return err
	})
}

func (w *Web) recordStatus(rw http.ResponseWriter, r *http.Request, prefix, anchor, flash string, call statusCall) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	item, err := itemID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	form := prefix + strconv.FormatInt(item, 10)
	do := func(ctx context.Context, a authz.Actor, fr *formReader) error { return call(ctx, a, id, item, fr) }
	if r.Header.Get("HX-Request") != "true" {
		w.casePost(rw, r, id, form, anchor, flash, do)
		return
	}
	p, err := w.principal(r)
	if err != nil {
		w.failHTMX(rw, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		w.failHTMX(rw, r, toren.Errorf(toren.CodeInvalid, "unreadable form: %v", err))
		return
	}
	fr := &formReader{v: r.PostForm}
	err = do(r.Context(), p.Actor, fr)
	forms := newFormSet()
	_, errs, refused := refusal(fr, err)
	if !refused && err != nil {
		w.failHTMX(rw, r, err)
		return
	}
	if refused {
		forms.refuse(form, sentValues(r.PostForm), errs)
	}
	page, err := w.loadCasePage(r, id, forms)
	if err != nil {
		w.failHTMX(rw, r, err)
		return
	}
	row, found := recordRow{}, false
	switch prefix {
	case "agreement-":
		for _, a := range page.File.Agreements {
			if a.ID == item {
				row, found = page.AgreementRow(a), true
			}
		}
	case "condition-":
		for _, c := range page.File.Conditions {
			if c.ID == item {
				row, found = page.ConditionRow(c), true
			}
		}
	}
	if !found {
		w.failHTMX(rw, r, toren.Errorf(toren.CodeNotFound, "record %d not in case %d", item, id))
		return
	}
	row.HX = true
	if !refused {
		row.Done = msg("flash." + flash)
	}
	var b strings.Builder
	if err := w.pages["case"].ExecuteTemplate(&b, "record-row", row); err != nil {
		w.serverError(rw, r, err)
		return
	}
	// A refused change is still answered 200: htmx swaps only successful
	// answers, and the row must show its errors.
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	_, _ = rw.Write([]byte(b.String()))
}

// failHTMX answers an htmx request that cannot be shown in its row (no
// access any more, a failure on our side): the browser reloads the page,
// which then says what is the matter.
func (w *Web) failHTMX(rw http.ResponseWriter, r *http.Request, err error) {
	rw.Header().Set("HX-Refresh", "true")
	w.fail(rw, r, err)
}
