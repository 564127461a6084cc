package api

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"toren/internal/authz"
	"toren/internal/importer"
	"toren/internal/toren"
)

// MaxBatchBytes bounds a JSON Lines batch: thousands of reports, a few
// seconds of storing; larger sets go in several batches.
const MaxBatchBytes = 16 << 20

// Batches takes JSON Lines batches (*importer.Batches satisfies it).
type Batches interface {
	Run(ctx context.Context, a authz.Actor, r io.Reader) (importer.Batch, error)
	Get(ctx context.Context, a authz.Actor, id int64) (importer.Batch, error)
}

// batchMediaTypes are the names JSON Lines goes by.
var batchMediaTypes = []string{"application/jsonl", "application/x-ndjson", "application/x-jsonlines"}

func (a *API) batchEndpoints() []endpoint {
	create := authz.Needs(authz.ActionReportCreate)
	return []endpoint{
		{http.MethodPost, "/api/v1/report-batches", "createReportBatch", create, a.createReportBatch},
		// The batch's owner is checked by the service: only who sent it
		// reads it back.
		{http.MethodGet, "/api/v1/report-batches/{id}", "getReportBatch", create, a.getReportBatch},
	}
}

// createReportBatch stores the police reports of a JSON Lines body, one
// per line in the format of toren import, and answers with the outcome of
// every line once each is accounted for.
func (a *API) createReportBatch(w http.ResponseWriter, r *http.Request) error {
	if a.batches == nil {
		return errors.New("api: no batch service configured")
	}
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || !slices.Contains(batchMediaTypes, mt) {
		return unsupportedMedia(ct)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return unsupportedMedia(ct)
	}
	if r.ContentLength > MaxBatchBytes {
		return tooLarge(MaxBatchBytes)
	}
	act, err := a.caller(r)
	if err != nil {
		return err
	}
	b, err := a.batches.Run(r.Context(), act, http.MaxBytesReader(w, r.Body, MaxBatchBytes))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(MaxBatchBytes)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/report-batches/"+strconv.FormatInt(b.ID, 10))
	return writeJSON(w, http.StatusCreated, b)
}

func (a *API) getReportBatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if a.batches == nil {
		return errors.New("api: no batch service configured")
	}
	act, err := a.caller(r)
	if err != nil {
		return err
	}
	b, err := a.batches.Get(r.Context(), act, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

// caller is the actor of the request (staff member or API client).
func (a *API) caller(r *http.Request) (authz.Actor, error) {
	if a.actorOf == nil {
		return authz.Actor{}, toren.Errorf(toren.CodeForbidden, "no signed-in user")
	}
	return a.actorOf(r)
}
