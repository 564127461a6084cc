package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"toren/internal/access"
	"toren/internal/alerts"
	"toren/internal/authz"
	"toren/internal/toren"
)

// AlertDesk gives the signed-in user their alerts (satisfied by
// access.AlertDesk).
type AlertDesk interface {
	MyAlerts(ctx context.Context, f alerts.Filter) ([]alerts.Alert, error)
	OpenCount(ctx context.Context) (int, error)
	Acknowledge(ctx context.Context, id int64, note string) (alerts.Alert, error)
}

func errNotConfigured(what string) error {
	return fmt.Errorf("web: %s not configured", what)
}

// openAlerts is the count shown beside "Signalen voor mij" in the
// navigation; an error only costs the count, not the page.
func (w *Web) openAlerts(r *http.Request, p *access.Principal) int {
	if w.cfg.Alerts == nil || !authz.Permitted(p.Actor, authz.ActionAlertList) {
		return 0
	}
	n, err := w.cfg.Alerts.OpenCount(r.Context())
	if err != nil {
		w.cfg.Logger.ErrorContext(r.Context(), "web: count alerts", "err", err)
		return 0
	}
	return n
}

type alertsPage struct {
	Chrome
	Open         []alerts.Alert
	Acknowledged []alerts.Alert
	// Failed is the alert whose acknowledgement was refused, with why and
	// what was typed.
	Failed      int64
	FailMessage string
	Note        string
}

// recentAcknowledged is how many acknowledged alerts the page shows below
// the open ones.
const recentAcknowledged = 20

// alertsForMe is "Signalen voor mij": the open alerts for the user's teams
// and for them by name, most recent first, and the last acknowledged.
func (w *Web) alertsForMe(rw http.ResponseWriter, r *http.Request) {
	page := &alertsPage{}
	if err := w.loadAlerts(r, page); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "alerts", page)
}

func (w *Web) loadAlerts(r *http.Request, page *alertsPage) error {
	if w.cfg.Alerts == nil {
		return errNotConfigured("alerts")
	}
	var err error
	if page.Open, err = w.cfg.Alerts.MyAlerts(r.Context(), alerts.Filter{State: alerts.StateOpen, Limit: 200}); err != nil {
		return err
	}
	page.Acknowledged, err = w.cfg.Alerts.MyAlerts(r.Context(), alerts.Filter{State: alerts.StateAcknowledged, Limit: recentAcknowledged})
	return err
}

// acknowledgeAlert takes the acknowledgement of one alert with its note.
// A missing note shows the page again with the message at the alert.
func (w *Web) acknowledgeAlert(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if w.cfg.Alerts == nil {
		w.fail(rw, r, errNotConfigured("alerts"))
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, 64<<10)
	note := r.PostFormValue("notitie")
	_, err = w.cfg.Alerts.Acknowledge(r.Context(), id, note)
	if err == nil {
		http.Redirect(rw, r, "/signalen", http.StatusSeeOther)
		return
	}
	status, msg := 0, ""
	switch toren.ErrorCode(err) {
	case toren.CodeInvalid:
		status = http.StatusUnprocessableEntity
		var parts []string
		for _, f := range toren.FieldErrors(err) {
			parts = append(parts, f.MessageNL)
		}
		msg = strings.Join(parts, " ")
	case toren.CodeConflict:
		status, msg = http.StatusConflict, "Dit signaal is intussen al afgehandeld."
	default:
		w.fail(rw, r, err)
		return
	}
	page := &alertsPage{Failed: id, FailMessage: msg, Note: note}
	if err := w.loadAlerts(r, page); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, status, "alerts", page)
}

// homeAlertsShown is how many open alerts the start page lists; the rest
// are one click away on "Signalen voor mij".
const homeAlertsShown = 5

// homeAlerts is the start page's part of "Signalen voor mij".
type homeAlerts struct {
	Items []alerts.Alert
	More  bool
}

// homeAlerts returns the newest open alerts for the user, or nil when the
// user gets no alerts.
func (w *Web) homeAlerts(r *http.Request) (*homeAlerts, error) {
	p, ok := access.FromContext(r.Context())
	if w.cfg.Alerts == nil || !ok || !authz.Permitted(p.Actor, authz.ActionAlertList) {
		return nil, nil
	}
	items, err := w.cfg.Alerts.MyAlerts(r.Context(), alerts.Filter{Limit: homeAlertsShown + 1})
	if err != nil {
		return nil, err
	}
	h := &homeAlerts{Items: items}
	if len(items) > homeAlertsShown {
		h.Items, h.More = items[:homeAlertsShown], true
	}
	return h, nil
}
