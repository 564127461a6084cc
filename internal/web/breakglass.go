package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"toren/internal/access"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/httpx"
	"toren/internal/toren"
)

// Grants stores break-glass grants (satisfied by *store.DB).
type Grants interface {
	CreateGrant(ctx context.Context, g authz.Grant, entry audit.Entry) (int64, error)
	GrantsToReview(ctx context.Context) ([]authz.GrantRecord, error)
	ReviewGrant(ctx context.Context, id, reviewer int64, note string, now time.Time) error
}

// breakGlass opens a report or person outside the user's team in an
// emergency: an intake worker writes why; the grant lasts one shift, is
// logged as break_glass and lands on the team leader's review list.
func (w *Web) breakGlass(kind authz.Kind, back string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p, ok := access.FromContext(r.Context())
		if !ok {
			w.fail(rw, r, toren.Errorf(toren.CodeForbidden, "not signed in"))
			return
		}
		res, err := w.cfg.Reader.Resource(r.Context(), authz.Ref{Kind: kind, ID: id})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		now := w.cfg.Clock.Now()
		view := authz.ActionReportView
		if kind == authz.KindPerson {
			view = authz.ActionPersonView
		}
		if authz.Decide(p.Actor, view, res, authz.Opts{Now: now}).Full() {
			// Nothing to break: the user may open it already.
			http.Redirect(rw, r, back+strconv.FormatInt(id, 10), http.StatusSeeOther)
			return
		}
		if d := authz.Decide(p.Actor, authz.ActionBreakGlass, res, authz.Opts{Now: now}); !d.Allowed {
			w.fail(rw, r, toren.Errorf(toren.CodeForbidden, "%s", d.Reason))
			return
		}
		reason := r.PostFormValue("reden")
		g, err := authz.NewGrant(p.Actor, res.Ref(), reason, now)
		if err != nil {
			if toren.ErrorCode(err) == toren.CodeInvalid {
				page := &errorPage{Title: "Alleen signalen", Message: "Noodtoegang is nog niet verleend.",
					BreakGlassAction: r.URL.Path, Reason: reason, ReasonError: "Geef een reden van minstens 20 tekens: waarom is het dossier nu nodig?"}
				w.render(rw, r, http.StatusUnprocessableEntity, "error", page)
				return
			}
			w.fail(rw, r, err)
			return
		}
		entry := audit.Entry{At: now, ActorID: strconv.FormatInt(p.User.ID, 10), ActorName: p.Actor.Name, Role: "intake", Origin: httpx.ClientIP(r)}
		if _, err := w.cfg.Grants.CreateGrant(r.Context(), g, entry); err != nil {
			w.fail(rw, r, err)
			return
		}
		if rec, ok := audit.RecorderFrom(r.Context()); ok {
			rec.Wrote(1) // the grant's own entry records this request
		}
		http.Redirect(rw, r, back+strconv.FormatInt(id, 10), http.StatusSeeOther)
	}
}

type reviewPage struct {
	Chrome
	Grants []authz.GrantRecord
}

// grantsToReview lists the break-glass accesses the team leader (or the
// privacy officer) has not reviewed yet.
func (w *Web) grantsToReview(rw http.ResponseWriter, r *http.Request) {
	gs, err := w.cfg.Grants.GrantsToReview(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "grants", &reviewPage{Grants: gs})
}

func (w *Web) reviewGrant(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p, _ := access.FromContext(r.Context())
	if err := w.cfg.Grants.ReviewGrant(r.Context(), id, p.User.ID, r.PostFormValue("notitie"), w.cfg.Clock.Now()); err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/noodtoegang", http.StatusSeeOther)
}
