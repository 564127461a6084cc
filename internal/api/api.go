// Package api is Toren's JSON API under /api/v1: reports and advice
// requests come in through intake, reports and registry persons are read
// back, and /api/v1/openapi.json describes all of it (OpenAPI 3.0).
//
// The API is a thin adapter: business rules live in intake and reports.
// Errors are RFC 9457 problem details (application/problem+json) whose
// "type" is an absolute URI under ProblemTypeBase, so clients can compare
// it as a plain string; "errors" lists every broken field with its rule.
//
// Every route is one line of the route table (routes.go): method, path,
// operationId, requirement and handler. The mux and the access gate's
// requirements are built from it, and New checks the OpenAPI document
// against it both ways, so an undocumented route or an unrouted operation
// cannot start. An authorisation policy can be applied per route
// (Config.Authorize).
package api

import (
	"context"
	"log/slog"
	"net/http"

	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/escalate"
	"toren/internal/history"
	"toren/internal/httpx"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/search"
)

// Intake registers reports as an actor; *intake.Service satisfies it.
type Intake interface {
	Submit(ctx context.Context, a authz.Actor, sub intake.Submission) (intake.Result, error)
}

// Reader reads reports and registry persons with need-to-know applied for
// the actor given; access.Reader satisfies it.
type Reader interface {
	GetReport(ctx context.Context, a authz.Actor, id int64) (*reports.Report, error)
	GetReportByNumber(ctx context.Context, a authz.Actor, number string) (*reports.Report, error)
	ListReports(ctx context.Context, a authz.Actor, f reports.Filter) ([]reports.Summary, error)
	GetPerson(ctx context.Context, a authz.Actor, id int64) (persons.Person, error)
	ListPersons(ctx context.Context, a authz.Actor, f persons.Filter) ([]persons.Person, error)
	MentionsOfPerson(ctx context.Context, a authz.Actor, personID int64) ([]intake.PersonMention, error)
	SearchPersons(ctx context.Context, a authz.Actor, q search.Query) (search.Result, error)
}

// Config wires the API.
type Config struct {
	Intake Intake
	Reader Reader
	Log    *slog.Logger // nil: discard
	// Casework drives case files; Actor says who the signed-in user of a
	// request is (the access gate's principal) and Touch notes the persons
	// whose data a read showed, for its audit entry. Without Casework the
	// case-file routes answer 500.
	Casework Casework
	Actor    func(r *http.Request) (authz.Actor, error)
	Touch    func(r *http.Request, personIDs []int64)
	// Registry serves the review queue and person merging.
	Registry Registry
	// BreakGlass serves emergency access and its review.
	BreakGlass BreakGlass
	// Authorize, when set, runs before every handler with the route being
	// called. A non-nil error stops the request and is written as a
	// problem (a toren.CodeForbidden error becomes 403). It is the seam
	// where the authorisation policy plugs in.
	Authorize func(r *http.Request, route Route) error

	// Histories and Alerts serve the history and alert endpoints.
	Histories Histories
	Alerts    Alerts
	// Statuses reads back a report's intake status to the API client
	// that sent it.
	Statuses Statuses
	// Batches takes JSON Lines batches of police reports.
	Batches Batches
	// Partners serves a partner's own system: the handovers to its partner.
	Partners casework.PartnerSide
	// ITTeam serves the Interventieteam's endpoints.
	ITTeam ITTeam
	// QueueLabel words a work-queue item in Dutch (the web's catalogue,
	// web.QueueLabel): the queue carries it as the items' label beside
	// the kind and its data. Nil: the label stays empty.
	QueueLabel func(casework.QueueItem) string
	// AlertName names an escalation rule in Dutch (the web's catalogue,
	// web.AlertName): an alert carries it as its name beside the rule's
	// code. Nil: the name is the code.
	AlertName func(escalate.Code) string
	// WordFile words a case file in Dutch (the web's catalogue,
	// web.WordFile): its deadlines', steps' and due items' labels beside
	// their codes. Nil: the labels stay empty.
	WordFile func(*casework.File)
	// WordSteps words the steps of a timeline's events in Dutch (the
	// web's catalogue, web.WordSteps): a step's what beside its facts.
	// Nil: what stays empty.
	WordSteps func([]history.Event)
}

// Route is one registered endpoint.
type Route struct {
	Method      string // "GET", "POST"
	Path        string // ServeMux path pattern, also the OpenAPI path: "/api/v1/reports/{id}"
	OperationID string // the operationId in the OpenAPI document
}

// Pattern is the Go 1.22 ServeMux pattern of the route.
func (rt Route) Pattern() string { return rt.Method + " " + rt.Path }

// API serves /api/v1.
type API struct {
	intake     Intake
	reader     Reader
	histories  Histories
	alerts     Alerts
	registry   Registry
	glass      BreakGlass
	itteam     ITTeam
	log        *slog.Logger
	authorize  func(r *http.Request, route Route) error
	casework   Casework
	statuses   Statuses
	batches    Batches
	partners   casework.PartnerSide
	actorOf    func(r *http.Request) (authz.Actor, error)
	touch      func(r *http.Request, personIDs []int64)
	queueLabel func(casework.QueueItem) string
	wordFile   func(*casework.File)
	alertName  func(escalate.Code) string
	wordSteps  func([]history.Event)
	routes     []endpoint
	openapi    []byte
	// summaries is each operation's summary in the OpenAPI document, by
	// operationId: the route table's documentation.
	summaries map[string]string
}

// endpoint is one line of the API's route table (routes.go): the
// route, the operationId it is documented under in the OpenAPI document,
// what it requires of the user and its handler.
type endpoint struct {
	method, path, operationID string
	requirement               authz.Requirement
	handler                   handlerFunc
}

func (e endpoint) route() Route {
	return Route{Method: e.method, Path: e.path, OperationID: e.operationID}
}

// handlerFunc is a handler that returns its error instead of writing it,
// so that every error goes through one mapping to a problem.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// New builds the API. It panics when the OpenAPI document cannot be
// encoded, which is a programming error caught by the tests.
func New(cfg Config) *API {
	a := &API{intake: cfg.Intake, reader: cfg.Reader, log: cfg.Log, authorize: cfg.Authorize,
		casework: cfg.Casework, actorOf: cfg.Actor, touch: cfg.Touch}
	a.histories, a.alerts = cfg.Histories, cfg.Alerts
	a.registry, a.glass = cfg.Registry, cfg.BreakGlass
	a.statuses, a.batches, a.partners = cfg.Statuses, cfg.Batches, cfg.Partners
	a.itteam, a.queueLabel, a.wordFile, a.wordSteps, a.alertName = cfg.ITTeam, cfg.QueueLabel, cfg.WordFile, cfg.WordSteps, cfg.AlertName
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	for _, t := range [][]endpoint{a.coreEndpoints(), a.caseworkEndpoints(), a.registryEndpoints(), a.breakGlassEndpoints(), a.clientEndpoints(), a.partnerEndpoints(), a.batchEndpoints(), a.itEndpoints()} {
		a.routes = append(a.routes, t...)
	}
	doc, err := encodeOpenAPI()
	if err != nil {
		panic(err)
	}
	a.openapi = doc
	if err := a.checkDocumented(); err != nil {
		panic(err)
	}
	return a
}

// Routes lists every endpoint in table order.
func (a *API) Routes() []Route {
	out := make([]Route, len(a.routes))
	for i, e := range a.routes {
		out[i] = e.route()
	}
	return out
}

// Table is the API's route table: every endpoint with its requirement and
// its handler, wrapped in the per-route policy and the problem mapping.
func (a *API) Table() []httpx.Route {
	out := make([]httpx.Route, len(a.routes))
	for i, e := range a.routes {
		out[i] = httpx.Route{Method: e.method, Path: e.path, OperationID: e.operationID,
			Requirement: e.requirement, Handler: a.wrap(e), Doc: a.summaries[e.operationID]}
	}
	return out
}

// Requirements is what each API route requires of the signed-in user,
// read from the route table. The access guard refuses any route missing
// here.
func (a *API) Requirements() authz.Routes { return httpx.Requirements(a.Table()) }

// Register adds every route to mux.
func (a *API) Register(mux *httpx.Router) { mux.Mount(a.Table()) }

// wrap applies the per-route policy, then runs the handler and turns its
// error into a problem response.
func (a *API) wrap(e endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Personal data must not linger in shared caches or the browser's.
		w.Header().Set("Cache-Control", "no-store")
		if a.authorize != nil {
			if err := a.authorize(r, e.route()); err != nil {
				a.writeError(w, r, err)
				return
			}
		}
		if err := e.handler(w, r); err != nil {
			a.writeError(w, r, err)
		}
	})
}
