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
	casework.Records
}

// QueueList is a work queue.
type QueueList struct {
	Items []casework.QueueItem `json:"items"`
}

// caseworkEndpoints are the case-file lines of the route table. The
// object of a /cases/{id}/... route is the case; of a /decisions/{id}/...
// route the decision.
func (a *API) caseworkEndpoints() []endpoint {
	onCase := func(act authz.Action) authz.Requirement { return authz.NeedsOn(act, authz.FromPath, "id") }
	edit := onCase(authz.ActionCaseEdit)
	const get, post = http.MethodGet, http.MethodPost
	return []endpoint{
		{post, "/api/v1/cases", "openCase", authz.Needs(authz.ActionCaseCreate), a.openCase},
		{get, "/api/v1/cases/{id}", "getCase", onCase(authz.ActionCaseView), a.getCase},
		{post, "/api/v1/cases/{id}/assignment", "assignCase", onCase(authz.ActionCaseAssign),
			caseCall(a, http.StatusOK, Casework.Assign)},
		{post, "/api/v1/cases/{id}/transitions", "transitionCase", onCase(authz.ActionCaseTransition),
			caseCall(a, http.StatusOK, Casework.Transition)},
		{post, "/api/v1/cases/{id}/decisions", "proposeDecision", onCase(authz.ActionDecisionPropose),
			caseCall(a, http.StatusCreated, Casework.Propose)},
		{post, "/api/v1/decisions/{id}/approval", "approveDecision", onCase(authz.ActionDecisionApprove),
			caseCall(a, http.StatusOK, Casework.Approve)},
		{post, "/api/v1/decisions/{id}/refusal", "refuseDecision", onCase(authz.ActionDecisionApprove),
			caseCall(a, http.StatusOK, Casework.Refuse)},
		{post, "/api/v1/cases/{id}/contacts", "addContact", edit,
			caseCall(a, http.StatusCreated, Casework.AddContact)},
		{post, "/api/v1/cases/{id}/informants", "addInformant", edit,
			caseCall(a, http.StatusCreated, Casework.AddInformant)},
		{post, "/api/v1/cases/{id}/agreements", "addAgreement", edit,
			caseCall(a, http.StatusCreated, Casework.AddAgreement)},
		{post, "/api/v1/cases/{id}/agreements/{item}", "updateAgreement", edit,
			itemCall(a, Casework.UpdateAgreement)},
		{post, "/api/v1/cases/{id}/conditions", "addCondition", edit,
			caseCall(a, http.StatusCreated, Casework.AddCondition)},
		{post, "/api/v1/cases/{id}/conditions/{item}", "updateCondition", edit,
			itemCall(a, Casework.UpdateCondition)},
		{post, "/api/v1/cases/{id}/phase", "setPhase", edit,
			caseCall(a, http.StatusCreated, Casework.SetPhase)},
		{post, "/api/v1/cases/{id}/handovers", "proposeHandover", onCase(authz.ActionCaseHandover),
			caseCall(a, http.StatusCreated, Casework.ProposeHandover)},
		// The service decides who answers a handover.
		{post, "/api/v1/cases/{id}/handovers/{item}/response", "respondHandover", onCase(authz.ActionCaseView),
			itemCall(a, Casework.RespondHandover)},
		{post, "/api/v1/cases/{id}/feedback", "addFeedback", edit,
			caseCall(a, http.StatusCreated, Casework.AddFeedback)},
		{post, "/api/v1/cases/{id}/sent-letters", "recordLetter", edit,
			caseCall(a, http.StatusCreated, Casework.RecordLetter)},
		{post, "/api/v1/cases/{id}/monitoring/{item}", "recordMonitoring", edit,
			itemCall(a, Casework.RecordMonitoring)},
		{post, "/api/v1/cases/{id}/police-reports", "recordPoliceReport", onCase(authz.ActionPoliceReport),
			caseCall(a, http.StatusCreated, Casework.RecordPoliceReport)},

		{get, "/api/v1/cases/{id}/letters", "listCaseLetters", onCase(authz.ActionCaseView), a.listCaseLetters},
		{post, "/api/v1/cases/{id}/letters", "makeLetters", onCase(authz.ActionLetterGenerate), a.makeLetters},
		{get, "/api/v1/cases/{id}/letters/{item}", "getCaseLetter", onCase(authz.ActionCaseView), a.getCaseLetter},
		// The log shows who did what, not the case's content: the privacy
		// officer's, by role.
		{get, "/api/v1/cases/{id}/audit", "getCaseAudit", authz.Needs(authz.ActionAuditView), a.getCaseAudit},
		{get, "/api/v1/queue", "getQueue", authz.Needs(authz.ActionQueueView), a.getQueue},
		{get, "/api/v1/triage", "getTriage", authz.Needs(authz.ActionReportList), a.getTriage},
	}
}

// partnerEndpoints are the routes of a partner's own system (an API
// client linked to a partner): the handovers to its partner. The service
// finds the handover and checks that it is the client's partner's
// (anyone else: 404).
func (a *API) partnerEndpoints() []endpoint {
	const get, post = http.MethodGet, http.MethodPost
	return []endpoint{
		{get, "/api/v1/handovers", "listPartnerHandovers", authz.Needs(authz.ActionHandoverInbox), a.listPartnerHandovers},
		{post, "/api/v1/handovers/{id}/answer", "answerHandover", authz.NeedsOn(authz.ActionHandoverAnswer, authz.FromPath, "id"),
			partnerCall(a, casework.PartnerSide.AnswerHandover)},
		{post, "/api/v1/handovers/{id}/monitoring-reports", "reportMonitoring", authz.NeedsOn(authz.ActionMonitoringReport, authz.FromPath, "id"),
			partnerCall(a, casework.PartnerSide.ReportMonitoring)},
	}
}

// partnerActor returns the calling client of a partner route.
func (a *API) partnerActor(r *http.Request) (authz.Actor, error) {
	if a.partners == nil {
		return authz.Actor{}, errors.New("api: no partner service configured")
	}
	if a.actorOf == nil {
		return authz.Actor{}, toren.Errorf(toren.CodeForbidden, "no caller")
	}
	return a.actorOf(r)
}

// partnerCall is a POST on a handover by the partner's system: the
// handover's ID from the path, the body decoded into In, the handover as
// the partner reads it after the change in the answer.
func partnerCall[In any](a *API, call func(casework.PartnerSide, context.Context, authz.Actor, int64, In) (*casework.PartnerHandover, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		act, err := a.partnerActor(r)
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
		out, err := call(a.partners, r.Context(), act, id, in)
		if err != nil {
			return err
		}
		if a.touch != nil {
			a.touch(r, out.PersonIDs)
		}
		return writeJSON(w, http.StatusOK, out)
	}
}

// PartnerHandoverList is the handovers to the calling client's partner.
type PartnerHandoverList struct {
	Items []casework.PartnerHandover `json:"items"`
}

// listPartnerHandovers answers GET /api/v1/handovers?for=me: the
// handovers to the partner the calling client speaks for. "for" is
// required and "me" is its only value, so that the call says what it
// reads and a later value (a partner's sub-team) does not change its
// meaning.
func (a *API) listPartnerHandovers(w http.ResponseWriter, r *http.Request) error {
	act, err := a.partnerActor(r)
	if err != nil {
		return err
	}
	if got := r.URL.Query().Get("for"); got != "me" {
		return &toren.Error{Code: toren.CodeInvalid, Message: "validation failed", Fields: []toren.FieldError{{Field: "for", Rule: "enum",
			Message: `must be "me": the handovers to the partner the client speaks for`}}}
	}
	items, err := a.partners.PartnerHandovers(r.Context(), act)
	if err != nil {
		return err
	}
	if a.touch != nil {
		var ids []int64
		for _, h := range items {
			ids = append(ids, h.PersonIDs...)
		}
		a.touch(r, ids)
	}
	return writeJSON(w, http.StatusOK, PartnerHandoverList{Items: items})
}

// caseworkOperations are the operationIds of the case-file routes.
func caseworkOperations() map[string]bool {
	out := map[string]bool{}
	probe := &API{}
	for _, e := range probe.caseworkEndpoints() {
		out[e.operationID] = true
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
	a.word(f)
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
	a.word(f)
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
	a.label(items)
	return writeJSON(w, http.StatusOK, QueueList{Items: nonNil(items)})
}

// word words a case file in Dutch (Config.WordFile).
func (a *API) word(f *casework.File) {
	if a.wordFile != nil {
		a.wordFile(f)
	}
}

// label words the work-queue items in Dutch (Config.QueueLabel).
func (a *API) label(items []casework.QueueItem) {
	if a.queueLabel == nil {
		return
	}
	for i := range items {
		items[i].Label = a.queueLabel(items[i])
	}
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
