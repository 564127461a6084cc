package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Casework drives the process of case files; *casework.Service satisfies it.
type Casework interface {
	File(ctx context.Context, a authz.Actor, caseID int64) (*casework.File, error)
	casework.Steps
}

// QueueList is a work queue.
type QueueList struct {
	Items []casework.QueueItem `json:"items"`
}

// caseworkRoutes registers the case-file endpoints.
func (a *API) caseworkRoutes() {
	a.add(http.MethodPost, "/api/v1/cases", "openCase", a.openCase)
	a.add(http.MethodGet, "/api/v1/cases/{id}", "getCase", a.getCase)
	a.add(http.MethodPost, "/api/v1/cases/{id}/assignment", "assignCase",
		caseCall(a, http.StatusOK, Casework.Assign))
	a.add(http.MethodPost, "/api/v1/cases/{id}/transitions", "transitionCase",
		caseCall(a, http.StatusOK, Casework.Transition))
	a.add(http.MethodPost, "/api/v1/cases/{id}/decisions", "proposeDecision",
		caseCall(a, http.StatusCreated, Casework.Propose))
	a.add(http.MethodPost, "/api/v1/decisions/{id}/approval", "approveDecision",
		caseCall(a, http.StatusOK, Casework.Approve))
	a.add(http.MethodPost, "/api/v1/decisions/{id}/refusal", "refuseDecision",
		caseCall(a, http.StatusOK, Casework.Refuse))
	a.add(http.MethodPost, "/api/v1/cases/{id}/contacts", "addContact",
		caseCall(a, http.StatusCreated, Casework.AddContact))
	a.add(http.MethodPost, "/api/v1/cases/{id}/informants", "addInformant",
		caseCall(a, http.StatusCreated, Casework.AddInformant))
	a.add(http.MethodPost, "/api/v1/cases/{id}/agreements", "addAgreement",
		caseCall(a, http.StatusCreated, Casework.AddAgreement))
	a.add(http.MethodPost, "/api/v1/cases/{id}/agreements/{item}", "updateAgreement",
		itemCall(a, Casework.UpdateAgreement))
	a.add(http.MethodPost, "/api/v1/cases/{id}/conditions", "addCondition",
		caseCall(a, http.StatusCreated, Casework.AddCondition))
	a.add(http.MethodPost, "/api/v1/cases/{id}/conditions/{item}", "updateCondition",
		itemCall(a, Casework.UpdateCondition))
	a.add(http.MethodPost, "/api/v1/cases/{id}/phase", "setPhase",
		caseCall(a, http.StatusCreated, Casework.SetPhase))
	a.add(http.MethodPost, "/api/v1/cases/{id}/handovers", "proposeHandover",
		caseCall(a, http.StatusCreated, Casework.ProposeHandover))
	a.add(http.MethodPost, "/api/v1/cases/{id}/handovers/{item}/response", "respondHandover",
		itemCall(a, Casework.RespondHandover))
	a.add(http.MethodPost, "/api/v1/cases/{id}/feedback", "addFeedback",
		caseCall(a, http.StatusCreated, Casework.AddFeedback))
	a.add(http.MethodPost, "/api/v1/cases/{id}/sent-letters", "recordLetter",
		caseCall(a, http.StatusCreated, Casework.RecordLetter))
	a.add(http.MethodPost, "/api/v1/cases/{id}/monitoring/{item}", "recordMonitoring",
		itemCall(a, Casework.RecordMonitoring))
	a.add(http.MethodGet, "/api/v1/queue", "getQueue", a.getQueue)
	a.add(http.MethodGet, "/api/v1/triage", "getTriage", a.getTriage)
}

// caseworkRequirements is what each case-file route requires. The object
// of a /cases/{id}/... route is the case; of a /decisions/{id}/... route
// the decision.
func caseworkRequirements() authz.Routes {
	onCase := func(act authz.Action) authz.Requirement { return authz.NeedsOn(act, authz.FromPath, "id") }
	return authz.Routes{
		"POST /api/v1/cases":                                authz.Needs(authz.ActionCaseCreate),
		"GET /api/v1/cases/{id}":                            onCase(authz.ActionCaseView),
		"POST /api/v1/cases/{id}/assignment":                onCase(authz.ActionCaseAssign),
		"POST /api/v1/cases/{id}/transitions":               onCase(authz.ActionCaseTransition),
		"POST /api/v1/cases/{id}/decisions":                 onCase(authz.ActionDecisionPropose),
		"POST /api/v1/decisions/{id}/approval":              onCase(authz.ActionDecisionApprove),
		"POST /api/v1/decisions/{id}/refusal":               onCase(authz.ActionDecisionApprove),
		"POST /api/v1/cases/{id}/contacts":                  onCase(authz.ActionCaseEdit),
		"POST /api/v1/cases/{id}/informants":                onCase(authz.ActionCaseEdit),
		"POST /api/v1/cases/{id}/agreements":                onCase(authz.ActionCaseEdit),
		"POST /api/v1/cases/{id}/agreements/{item}":         onCase(authz.ActionCaseEdit),
		"POST /api/v1/cases/{id}/conditions":                onCase(authz.ActionCaseEdit),
		"POST /api/v1/cases/{id}/conditions/{item}":         onCase(authz.ActionCaseEdit),
		"POST /api/v1/cases/{id}/phase":                     onCase(authz.ActionCaseEdit),
		"POST /api/v1/cases/{id}/handovers":                 onCase(authz.ActionCaseHandover),
		"POST /api/v1/cases/{id}/handovers/{item}/response": onCase(authz.ActionCaseView), // the service decides who answers
		"POST /api/v1/cases/{id}/feedback":                  onCase(authz.ActionCaseEdit),
		"POST /api/v1/cases/{id}/sent-letters":              onCase(authz.ActionCaseEdit),
		"POST /api/v1/cases/{id}/monitoring/{item}":         onCase(authz.ActionCaseEdit),
		"GET /api/v1/queue":                                 authz.Needs(authz.ActionQueueView),
		"GET /api/v1/triage":                                authz.Needs(authz.ActionReportList),
	}
}

// caseworkOperations are the operationIds of the case-file routes.
func caseworkOperations() map[string]bool {
	out := map[string]bool{}
	probe := &API{}
	probe.caseworkRoutes()
	for _, e := range probe.routes {
		out[e.route.OperationID] = true
	}
	return out
}

// actor returns the signed-in user of the request.
func (a *API) actor(r *http.Request) (authz.Actor, error) {
	if a.casework == nil {
		return authz.Actor{}, errors.New("api: no casework service configured")
	}
	if a.actorOf == nil {
		return authz.Actor{}, toren.Errorf(toren.CodeForbidden, "no signed-in user")
	}
	return a.actorOf(r)
}

// pathID reads a positive numeric path wildcard; anything else names no
// object, so it is a 404.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, toren.Errorf(toren.CodeNotFound, "no %s has that ID", name)
	}
	return id, nil
}

// decodeBody reads and strictly decodes the JSON body into a T: one
// object, no unknown fields, every value of the right type.
func decodeBody[T any](w http.ResponseWriter, r *http.Request) (T, error) {
	var v T
	err := readJSONObject(w, r, &v)
	return v, err
}

// caseCall is a POST on a case (or a decision): the object's ID from the
// path, the body decoded into In, the answer Out written with status.
func caseCall[In, Out any](a *API, status int, call func(Casework, context.Context, authz.Actor, int64, In) (Out, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		act, err := a.actor(r)
		if err != nil {
			return err
		}
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		in, err := decodeBody[In](w, r)
		if err != nil {
			return err
		}
		out, err := call(a.casework, r.Context(), act, id, in)
		if err != nil {
			return err
		}
		return writeJSON(w, status, out)
	}
}

// itemCall is a POST on a record of a case: /cases/{id}/.../{item}.
func itemCall[In, Out any](a *API, call func(Casework, context.Context, authz.Actor, int64, int64, In) (Out, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		act, err := a.actor(r)
		if err != nil {
			return err
		}
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		item, err := pathID(r, "item")
		if err != nil {
			return err
		}
		in, err := decodeBody[In](w, r)
		if err != nil {
			return err
		}
		out, err := call(a.casework, r.Context(), act, id, item, in)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, out)
	}
}

func (a *API) openCase(w http.ResponseWriter, r *http.Request) error {
	act, err := a.actor(r)
	if err != nil {
		return err
	}
	in, err := decodeBody[casework.OpenRequest](w, r)
	if err != nil {
		return err
	}
	f, err := a.casework.OpenCase(r.Context(), act, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/cases/"+strconv.FormatInt(f.Case.ID, 10))
	return writeJSON(w, http.StatusCreated, f)
}

func (a *API) getCase(w http.ResponseWriter, r *http.Request) error {
	act, err := a.actor(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := a.casework.File(r.Context(), act, id)
	if err != nil {
		return err
	}
	if a.touch != nil {
		a.touch(r, f.PersonIDs)
	}
	return writeJSON(w, http.StatusOK, f)
}

func (a *API) getQueue(w http.ResponseWriter, r *http.Request) error {
	act, err := a.actor(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	req := casework.QueueRequest{Team: q.Get("team")}
	if s := q.Get("worker"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return invalid("worker", "format", "worker must be a user ID")
		}
		req.WorkerID = n
	}
	if len(req.Team) > 100 {
		return invalid("team", "max_length", "team may be at most 100 characters")
	}
	items, err := a.casework.Queue(r.Context(), act, req)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, QueueList{Items: nonNil(items)})
}

// getTriage is one page of the triage queue: urgent first, then by deadline.
func (a *API) getTriage(w http.ResponseWriter, r *http.Request) error {
	act, err := a.actor(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	req := casework.TriageRequest{Filter: casework.TriageFilter{ReporterKind: reports.ReporterKind(q.Get("reporter_kind"))}}
	for _, b := range []struct {
		name string
		into *bool
	}{{"urgent", &req.Filter.Urgent}, {"overdue", &req.Filter.Overdue}, {"my_teams", &req.Filter.MyTeams}} {
		if s := q.Get(b.name); s != "" {
			v, err := strconv.ParseBool(s)
			if err != nil {
				return invalid(b.name, "format", b.name+" must be true or false")
			}
			*b.into = v
		}
	}
	for _, n := range []struct {
		name string
		into *int
	}{{"page", &req.Page}, {"per_page", &req.PerPage}} {
		if s := q.Get(n.name); s != "" {
			v, err := strconv.Atoi(s)
			if err != nil || v < 1 {
				return invalid(n.name, "format", n.name+" must be a whole number from 1")
			}
			*n.into = v
		}
	}
	list, err := a.casework.Triage(r.Context(), act, req)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list)
}
