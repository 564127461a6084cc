package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"

	"toren/internal/authz"
	"toren/internal/registry"
	"toren/internal/toren"
)

// Registry is the radar's review queue and the merging of registry
// persons; *registry.Service satisfies it.
type Registry interface {
	ReviewItems(ctx context.Context, actor authz.Actor, q registry.ReviewQuery) ([]registry.ReviewView, error)
	ReviewItem(ctx context.Context, actor authz.Actor, id int64) (registry.ReviewView, error)
	Decide(ctx context.Context, actor authz.Actor, id int64, d registry.Decision) (registry.ReviewItem, error)
	Merge(ctx context.Context, actor authz.Actor, survivorID int64, in registry.MergeInput) (registry.Merge, error)
	Unmerge(ctx context.Context, actor authz.Actor, absorbedID int64, in registry.UnmergeInput) (registry.Merge, error)
	MergeStatus(ctx context.Context, actor authz.Actor, personID int64) (registry.MergeStatus, error)
}

// ReviewList is a page of review items, oldest first.
type ReviewList struct {
	Items []registry.ReviewView `json:"items"`
	// Next is the cursor to pass as after for the next page; null when
	// this page held fewer items than asked for.
	Next *string `json:"next"`
}

// registryEndpoints are the review queue's and merging's lines of the
// route table.
func (a *API) registryEndpoints() []endpoint {
	onPath := func(act authz.Action) authz.Requirement { return authz.NeedsOn(act, authz.FromPath, "id") }
	const get, post = http.MethodGet, http.MethodPost
	return []endpoint{
		{get, "/api/v1/review-items", "listReviewItems", authz.Needs(authz.ActionReviewList), a.listReviewItems},
		{get, "/api/v1/review-items/{id}", "getReviewItem", authz.Needs(authz.ActionReviewList), a.getReviewItem},
		{post, "/api/v1/review-items/{id}/decision", "decideReviewItem", onPath(authz.ActionReviewLink), a.decideReviewItem},
		{post, "/api/v1/persons/{id}/merge", "mergePerson", onPath(authz.ActionPersonMerge), a.mergePerson},
		{post, "/api/v1/persons/{id}/unmerge", "unmergePerson", onPath(authz.ActionPersonUnmerge), a.unmergePerson},
	}
}

// registryOrFail returns the registry service and the signed-in user who
// acts on it.
func (a *API) registryOrFail(r *http.Request) (Registry, authz.Actor, error) {
	if a.registry == nil {
		return nil, authz.Actor{}, errors.New("api: no registry service configured")
	}
	if a.actorOf == nil {
		return nil, authz.Actor{}, toren.Errorf(toren.CodeForbidden, "no signed-in user")
	}
	act, err := a.actorOf(r)
	return a.registry, act, err
}

// touched names the persons a response showed in the access log.
func (a *API) touched(r *http.Request, personIDs ...int64) {
	if a.touch != nil {
		a.touch(r, personIDs)
	}
}

func pathObjectID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, toren.Errorf(toren.CodeNotFound, "no %s has that ID", what)
	}
	return id, nil
}

func (a *API) listReviewItems(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var p toren.Problems
	rq := registry.ReviewQuery{Status: registry.ReviewStatus(q.Get("status")), Limit: defaultLimit}
	if s := q.Get("after"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			p.Add("after", "cursor", "after must be a cursor from the next field of an earlier page")
		}
		rq.AfterID = n
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			p.Add("limit", "range", "limit must be an integer from 1 to "+strconv.Itoa(maxLimit))
		}
		rq.Limit = n
	}
	if err := p.Err(); err != nil {
		return err
	}
	reg, act, err := a.registryOrFail(r)
	if err != nil {
		return err
	}
	items, err := reg.ReviewItems(r.Context(), act, rq)
	if err != nil {
		return err
	}
	for _, v := range items {
		a.touched(r, v.Item.PersonIDs()...)
	}
	out := ReviewList{Items: nonNil(items)}
	if len(items) == rq.Limit && len(items) > 0 {
		c := strconv.FormatInt(items[len(items)-1].Item.ID, 10)
		out.Next = &c
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) getReviewItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathObjectID(r, "review item")
	if err != nil {
		return err
	}
	reg, act, err := a.registryOrFail(r)
	if err != nil {
		return err
	}
	v, err := reg.ReviewItem(r.Context(), act, id)
	if err != nil {
		return err
	}
	a.touched(r, v.Item.PersonIDs()...)
	return writeJSON(w, http.StatusOK, v)
}

func (a *API) decideReviewItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathObjectID(r, "review item")
	if err != nil {
		return err
	}
	var d registry.Decision
	if err := readJSONObject(w, r, &d); err != nil {
		return err
	}
	reg, act, err := a.registryOrFail(r)
	if err != nil {
		return err
	}
	it, err := reg.Decide(r.Context(), act, id, d)
	if err != nil {
		return err
	}
	a.touched(r, it.PersonIDs()...)
	return writeJSON(w, http.StatusOK, it)
}

func (a *API) mergePerson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathObjectID(r, "person")
	if err != nil {
		return err
	}
	var in registry.MergeInput
	if err := readJSONObject(w, r, &in); err != nil {
		return err
	}
	reg, act, err := a.registryOrFail(r)
	if err != nil {
		return err
	}
	m, err := reg.Merge(r.Context(), act, id, in)
	if err != nil {
		return err
	}
	a.touched(r, m.PersonIDs()...)
	return writeJSON(w, http.StatusOK, m)
}

func (a *API) unmergePerson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathObjectID(r, "person")
	if err != nil {
		return err
	}
	var in registry.UnmergeInput
	if err := readJSONObject(w, r, &in); err != nil {
		return err
	}
	reg, act, err := a.registryOrFail(r)
	if err != nil {
		return err
	}
	m, err := reg.Unmerge(r.Context(), act, id, in)
	if err != nil {
		return err
	}
	a.touched(r, m.PersonIDs()...)
	return writeJSON(w, http.StatusOK, m)
}

// readJSONObject reads the body into v strictly, as decodeReport does: one
// JSON object, no unknown fields, every value of the right type.
func readJSONObject(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := readJSONBody(w, r)
	if err != nil {
		return err
	}
	return decodeObject(body, v)
}

// decodeObject decodes body into v (a pointer) strictly: one JSON object,
// no unknown fields, every value of the right type; an error names the
// field and the rule.
func decodeObject(body []byte, v any) error {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return invalid("body", "type", "the body must be a JSON object")
	}
	if err := strictKeys(body, reflect.TypeOf(v).Elem(), nil); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(body, reflect.TypeOf(v).Elem(), err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return invalid("body", "json_syntax", "the body must hold one JSON object and nothing after it")
	}
	return nil
}

// mergedInto returns the person a person was merged into, or nil, as
// actor sees it.
func (a *API) mergedInto(ctx context.Context, actor authz.Actor, id int64) (*int64, error) {
	if a.registry == nil {
		return nil, nil
	}
	st, err := a.registry.MergeStatus(ctx, actor, id)
	if err != nil || st.Into == nil {
		return nil, err
	}
	return &st.Into.SurvivorID, nil
}
