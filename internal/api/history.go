package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"toren/internal/authz"

	"toren/internal/history"
	"toren/internal/toren"
)

// Histories reads a person's history with need-to-know applied
// (access.Histories satisfies it).
type Histories interface {
	PersonHistory(ctx context.Context, a authz.Actor, personID int64) (*history.PersonHistory, error)
}

func (a *API) getPersonHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return toren.Errorf(toren.CodeNotFound, "no person has that ID")
	}
	if a.histories == nil {
		return fmt.Errorf("api: no history reader configured")
	}
	who, err := a.reading(r)
	if err != nil {
		return err
	}
	h, err := a.histories.PersonHistory(r.Context(), who, id)
	if err != nil {
		return err
	}
	out := historyOut(h)
	if a.wordSteps != nil {
		a.wordSteps(out.Events)
		a.wordSteps(out.HouseholdEvents)
	}
	return writeJSON(w, http.StatusOK, out)
}

// historyOut returns a copy of h whose lists are empty instead of null.
func historyOut(h *history.PersonHistory) *history.PersonHistory {
	out := *h
	out.Teams = nonNil(out.Teams)
	out.Household = nonNil(out.Household)
	for i := range out.Household {
		out.Household[i].Via = nonNil(out.Household[i].Via)
	}
	out.Events, out.HouseholdEvents = eventsOut(out.Events), eventsOut(out.HouseholdEvents)
	return &out
}

func eventsOut(evs []history.Event) []history.Event {
	out := nonNil(evs)
	for i := range out {
		out[i].PersonIDs, out[i].Teams = nonNil(out[i].PersonIDs), nonNil(out[i].Teams)
		if f := out[i].Report; f != nil {
			c := *f
			c.ViolenceTypes = nonNil(c.ViolenceTypes)
			out[i].Report = &c
		}
	}
	return out
}
