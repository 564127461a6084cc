package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"toren/internal/httpx"

	"toren/internal/access"
	"toren/internal/authz"
	"toren/internal/breakglass"
	"toren/internal/toren"
)

// Grants is emergency access (*breakglass.Service satisfies it).
type Grants interface {
	Open(ctx context.Context, a authz.Actor, req breakglass.Request, origin string) (breakglass.Record, error)
	ToReview(ctx context.Context, a authz.Actor) ([]breakglass.Record, error)
	Review(ctx context.Context, a authz.Actor, id int64, rv breakglass.Review, origin string) (breakglass.Record, error)
}

// breakGlass opens a report or person outside the user's team in an
// emergency: an intake worker picks a reason and writes why; the grant
// lasts one shift, is logged as break_glass and lands on the review list
// of the owning team's leader.
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
		req := breakglass.Request{ObjectKind: kind, ObjectID: id, ReasonCode: breakglass.ReasonCode(r.PostFormValue("soort")), Reason: r.PostFormValue("reden")}
		_, err = w.cfg.Grants.Open(r.Context(), p.Actor, req, httpx.ClientIP(r))
		switch {
		case errors.Is(err, breakglass.ErrNotNeeded):
			// Nothing to break: the user may open it already.
		case toren.ErrorCode(err) == toren.CodeInvalid:
			page := &errorPage{Title: msg("error.signal-only"), Message: msg("error.glass.not-granted"),
				BreakGlassAction: r.URL.Path, Reason: req.Reason, ReasonCode: string(req.ReasonCode), GlassReasons: glassReasons()}
			errs, _ := glassFieldErrors(err)
			page.ReasonError, page.ReasonCodeError = errs["reason"], errs["reason_code"]
			w.render(rw, r, http.StatusUnprocessableEntity, "error", page)
			return
		case err != nil:
			w.fail(rw, r, err)
			return
		}
		http.Redirect(rw, r, back+strconv.FormatInt(id, 10), http.StatusSeeOther)
	}
}

type reviewPage struct {
	Chrome
	Grants []grantRow
	// Refused is the grant whose review came back refused, with the
	// Dutch words by field (outcome, note) and the note as typed.
	Refused int64
	Errors  map[string]string
	Note    string
}

type grantRow struct {
	breakglass.Record
	Reviewable bool
	ReasonText string
}

// grantsToReview lists the break-glass accesses the team leader reviews
// (or the privacy officer oversees), each with what it opened.
func (w *Web) grantsToReview(rw http.ResponseWriter, r *http.Request) {
	w.renderGrants(rw, r, http.StatusOK, &reviewPage{})
}

func (w *Web) renderGrants(rw http.ResponseWriter, r *http.Request, status int, page *reviewPage) {
	p, _ := access.FromContext(r.Context())
	gs, err := w.cfg.Grants.ToReview(r.Context(), p.Actor)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	for _, g := range gs {
		page.Grants = append(page.Grants, grantRow{Record: g, Reviewable: breakglass.Reviewable(p.Actor, g), ReasonText: reasonText(g.ReasonCode)})
	}
	w.render(rw, r, status, "grants", page)
}

func (w *Web) reviewGrant(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p, _ := access.FromContext(r.Context())
	outcome := r.PostFormValue("oordeel")
	if outcome == "" {
		outcome = string(breakglass.OutcomeJustified)
	}
	rv := breakglass.Review{Outcome: breakglass.Outcome(outcome), Note: r.PostFormValue("notitie")}
	if _, err := w.cfg.Grants.Review(r.Context(), p.Actor, id, rv, httpx.ClientIP(r)); err != nil {
		// A refused verdict or note comes back next to its field, the
		// note kept; anything else is not the form's to put right.
		if errs, ok := glassFieldErrors(err); ok && toren.ErrorCode(err) == toren.CodeInvalid {
			w.renderGrants(rw, r, http.StatusUnprocessableEntity, &reviewPage{Refused: id, Errors: errs, Note: rv.Note})
			return
		}
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/noodtoegang", http.StatusSeeOther)
}

// homeGrantsShown is how many emergency accesses the start page lists.
const homeGrantsShown = 5

// homeGrantList is the start page's part of the team leader's review of
// emergency access: the first few and how many wait in all.
type homeGrantList struct {
	Items []grantRow
	Total int
}

// homeGrants returns the emergency accesses waiting for the team leader's
// review, or nil for a user who does not review them.
func (w *Web) homeGrants(r *http.Request) (*homeGrantList, error) {
	p, ok := access.FromContext(r.Context())
	if w.cfg.Grants == nil || !ok || !p.Actor.Has(authz.RoleTeamLeader) || !authz.Permitted(p.Actor, authz.ActionBreakGlassReview) {
		return nil, nil
	}
	gs, err := w.cfg.Grants.ToReview(r.Context(), p.Actor)
	if err != nil {
		return nil, err
	}
	h := &homeGrantList{}
	for _, g := range gs {
		if !breakglass.Reviewable(p.Actor, g) {
			continue
		}
		h.Total++
		if len(h.Items) < homeGrantsShown {
			h.Items = append(h.Items, grantRow{Record: g, Reviewable: true, ReasonText: reasonText(g.ReasonCode)})
		}
	}
	return h, nil
}

// glassFieldErrors words the fields the emergency-access service refused
// (breakglass.rule.*), with its limits.
func glassFieldErrors(err error) (map[string]string, bool) {
	return ruleFieldErrors("breakglass.rule", err, "min", strconv.Itoa(authz.MinReasonRunes), "max", strconv.Itoa(breakglass.MaxNoteBytes))
}

// reasonText is the Dutch label of a reason for emergency access.
func reasonText(code breakglass.ReasonCode) string { return codeMsg("breakglass.reason", code) }

// glassReasons are the reasons for emergency access as the form offers
// them.
func glassReasons() []choice {
	var out []choice
	for _, c := range breakglass.Reasons() {
		out = append(out, choice{Code: string(c), Label: reasonText(c)})
	}
	return out
}
