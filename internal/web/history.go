package web

import (
	"context"
	"net/http"

	"toren/internal/authz"
	"toren/internal/history"
)

// PersonHistories reads a person's history with need-to-know applied
// (satisfied by access.Histories).
type PersonHistories interface {
	PersonHistory(ctx context.Context, a authz.Actor, personID int64) (*history.PersonHistory, error)
}

type historyPage struct {
	Chrome
	*history.PersonHistory
}

// personHistory shows a person's timeline and their household's, newest
// first across all years: content where the user needs to know it, else
// that a signal exists and whom to ask.
func (w *Web) personHistory(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if w.cfg.Histories == nil {
		w.fail(rw, r, errNotConfigured("histories"))
		return
	}
	h, err := w.cfg.Histories.PersonHistory(r.Context(), actorIn(r.Context()), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "history", &historyPage{PersonHistory: h})
}
