package api

import (
	"context"
	"errors"
	"net/http"

	"toren/internal/authz"
	"toren/internal/breakglass"
	"toren/internal/httpx"
)

// BreakGlass is emergency access; *breakglass.Service satisfies it.
type BreakGlass interface {
	Open(ctx context.Context, a authz.Actor, req breakglass.Request, origin string) (breakglass.Record, error)
	ToReview(ctx context.Context, a authz.Actor) ([]breakglass.Record, error)
	Review(ctx context.Context, a authz.Actor, id int64, rv breakglass.Review, origin string) (breakglass.Record, error)
}

// GrantList is the grants to review.
type GrantList struct {
	Items []breakglass.Record `json:"items"`
}

// BreakGlassInput asks for a grant on the report or person in the path.
type BreakGlassInput struct {
	ReasonCode breakglass.ReasonCode `json:"reason_code"`
	Reason     string                `json:"reason"`
}

// breakGlassEndpoints are emergency access's lines of the route table.
func (a *API) breakGlassEndpoints() []endpoint {
	// The service decides which grants the user reviews: a team leader of
	// the team that owned the content, never the holder.
	review := authz.Needs(authz.ActionBreakGlassReview)
	return []endpoint{
		{http.MethodPost, "/api/v1/reports/{id}/break-glass", "breakGlassReport", glassOn(authz.KindReport), a.breakGlass(authz.KindReport)},
		{http.MethodPost, "/api/v1/persons/{id}/break-glass", "breakGlassPerson", glassOn(authz.KindPerson), a.breakGlass(authz.KindPerson)},
		{http.MethodGet, "/api/v1/break-glass-grants", "listBreakGlassGrants", review, a.listGrants},
		{http.MethodPost, "/api/v1/break-glass-grants/{id}/review", "reviewBreakGlassGrant", review, a.reviewGrant},
	}
}

func glassOn(kind authz.Kind) authz.Requirement {
	q := authz.NeedsOn(authz.ActionBreakGlass, authz.FromPath, "id")
	q.Kind = kind
	return q
}

func (a *API) glassOrFail() (BreakGlass, error) {
	if a.glass == nil {
		return nil, errors.New("api: no break-glass service configured")
	}
	return a.glass, nil
}

func (a *API) breakGlass(kind authz.Kind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathObjectID(r, string(kind))
		if err != nil {
			return err
		}
		var in BreakGlassInput
		if err := readJSONObject(w, r, &in); err != nil {
			return err
		}
		return a.openGrant(w, r, breakglass.Request{ObjectKind: kind, ObjectID: id, ReasonCode: in.ReasonCode, Reason: in.Reason})
	}
}

func (a *API) openGrant(w http.ResponseWriter, r *http.Request, req breakglass.Request) error {
	act, err := a.actor(r)
	if err != nil {
		return err
	}
	bg, err := a.glassOrFail()
	if err != nil {
		return err
	}
	rec, err := bg.Open(r.Context(), act, req, httpx.ClientIP(r))
	if err != nil {
		return err
	}
	rec.Opened = []breakglass.Access{}
	return writeJSON(w, http.StatusCreated, rec)
}

func (a *API) listGrants(w http.ResponseWriter, r *http.Request) error {
	act, err := a.actor(r)
	if err != nil {
		return err
	}
	bg, err := a.glassOrFail()
	if err != nil {
		return err
	}
	list, err := bg.ToReview(r.Context(), act)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, GrantList{Items: nonNil(list)})
}

func (a *API) reviewGrant(w http.ResponseWriter, r *http.Request) error {
	id, err := pathObjectID(r, "grant")
	if err != nil {
		return err
	}
	var rv breakglass.Review
	if err := readJSONObject(w, r, &rv); err != nil {
		return err
	}
	act, err := a.actor(r)
	if err != nil {
		return err
	}
	bg, err := a.glassOrFail()
	if err != nil {
		return err
	}
	rec, err := bg.Review(r.Context(), act, id, rv, httpx.ClientIP(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec)
}
