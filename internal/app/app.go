// Package app wires Toren together: from a config.Config it opens the
// database, loads the radar, builds the services and the HTTP server, in
// one step (New). The commands (internal/cli) and the end-to-end test
// harness (internal/apptest) are its only users; nothing in it may be
// replaced after New returns.
package app

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"slices"
	"sync"

	"toren/internal/access"
	"toren/internal/accounts"
	"toren/internal/alerts"
	"toren/internal/api"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/breakglass"
	"toren/internal/casework"
	"toren/internal/clients"
	"toren/internal/config"
	"toren/internal/escalate"
	"toren/internal/history"
	"toren/internal/httpx"
	"toren/internal/importer"
	"toren/internal/intake"
	"toren/internal/itteamsvc"
	"toren/internal/letters"
	"toren/internal/nl"
	"toren/internal/observe"
	"toren/internal/radarsvc"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/retention"
	"toren/internal/server"
	"toren/internal/session"
	"toren/internal/settings"
	"toren/internal/store"
	"toren/internal/subjectaccess"
	"toren/internal/toren"
	"toren/internal/web"
	"toren/internal/web/static"
	"toren/internal/workdays"
)

// App is Toren wired together over one database. Build it with New.
type App struct {
	cfg            config.Config
	db             *store.DB
	clock          toren.Clock
	log            *slog.Logger
	municipalities *nl.Municipalities
	radar          *radarsvc.Resolver
	intake         *intake.Service
	registry       *registry.Service
	casework       *casework.Service
	settings       *settings.Service
	itteam         *itteamsvc.Service
	srv            *server.Server
	// routes is the web's and the API's route tables, as the server
	// mounted them.
	routes []httpx.Route
	// stop ends the app's background work (the radar's loading and its
	// following of other servers), and background waits for it: Close
	// does both before it closes the database.
	stop       context.CancelFunc
	background sync.WaitGroup
}

// New opens and migrates the database named by cfg.DB, loads the registry
// into the radar's index, and builds the services and the HTTP server.
// Every report stored through the app passes the radar and the escalation
// rules from the first one on. The caller closes the app.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, opts ...Option) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.DB == "" {
		return nil, fmt.Errorf("--db: must name a database")
	}
	// The one reference in the config is copied, so that the caller's
	// value cannot change the running app.
	cfg.Deadlines.MonitoringMonths = slices.Clone(cfg.Deadlines.MonitoringMonths)
	db, err := OpenStore(ctx, cfg.DB, log, store.AuditKeys(cfg.AuditKeys))
	if err != nil {
		return nil, err
	}
	clock := toren.Clock(toren.SystemClock{})
	for _, o := range opts {
		o(&clock)
	}
	a, err := build(ctx, cfg, db, log, clock)
	if err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// Option adjusts what New builds.
type Option func(clock *toren.Clock)

// WithClock makes the app run on clock instead of the system's (tests of
// time limits).
func WithClock(clock toren.Clock) Option {
	return func(c *toren.Clock) { *c = clock }
}

func build(ctx context.Context, cfg config.Config, db *store.DB, log *slog.Logger, clock toren.Clock) (_ *App, err error) {
	mun, err := nl.LoadMunicipalities()
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, db: db, clock: clock, log: log, municipalities: mun}

	// The radar resolves the persons of every report (web, API and import
	// alike) from an in-memory index of the registry; intake and the
	// registry service (review decisions, merges) keep it what the
	// database holds.
	opt := radarsvc.DefaultOptions()
	opt.Config.Thresholds = cfg.Radar
	if a.radar, err = radarsvc.New(opt, log); err != nil {
		return nil, fmt.Errorf("radar: %w", err)
	}
	// Background work lives as long as the app, not as the context it
	// was built with, and ends at Close.
	bg, stop := context.WithCancel(context.WithoutCancel(ctx))
	a.stop = stop
	defer func() {
		if err != nil { // no app to Close: end its background work here
			stop()
			a.background.Wait()
		}
	}()
	if err := a.loadRadar(bg, cfg.RadarInBackground); err != nil {
		return nil, err
	}
	// Every report intake stores goes past the escalation rules, in the
	// transaction that stores it: alerts about a case go to the case's
	// team (alerts.CaseTeam, until cases record their case manager and
	// monitoring worker), the others to the intake team.
	engine, err := escalate.New(cfg.Escalation)
	if err != nil {
		return nil, err
	}
	a.intake = intake.NewService(db, reports.Validator{Municipalities: mun, Clock: clock}, a.radar, clock, log,
		intake.WithAlerts(alerts.Router{Engine: engine, Workers: alerts.CaseTeam{}, TriageTeam: cfg.IntakeTeam}))
	a.registry = registry.New(registry.Config{Store: db, Index: a.radar, Thresholds: a.radar.Config().Thresholds, Clock: clock, Log: log,
		Persons: access.Reader{Store: db, IntakeTeam: cfg.IntakeTeam, Clock: clock}, Duplicates: a.radar})
	a.background.Go(func() { a.proposeMerges(bg) })

	// Letters are printed on the letterhead the administrator set last
	// (settings), over the one Toren starts with.
	if a.settings, err = settings.New(db, clock, DefaultLetterhead(), mun); err != nil {
		return nil, err
	}
	rd, err := letters.NewRenderer(DefaultLetterhead(), clock)
	if err != nil {
		return nil, fmt.Errorf("letters: %w", err)
	}
	if a.casework, err = casework.New(casework.Config{Store: db, Clock: clock, Calendar: workdays.Dutch(),
		Deadlines: cfg.Deadlines, IntakeTeam: cfg.IntakeTeam, Letters: rd, Letterheads: a.settings, Log: log}); err != nil {
		return nil, err
	}
	// The Interventieteam's module; its team is the one the demo and the
	// seed name (a flag may make it a setting when a region needs another).
	if a.itteam, err = itteamsvc.New(itteamsvc.Config{Store: db, Clock: clock, Team: ITTeam, Letters: a.casework.Renderer,
		Municipality: func(code string) bool { _, ok := mun.ByCode(code); return ok }}); err != nil {
		return nil, err
	}
	if a.srv, err = a.server(); err != nil {
		return nil, err
	}
	return a, nil
}

// OpenStore opens the database and brings its schema, search index and
// the IT cases' list and statistics columns up to date: all that the
// maintenance commands (migrate, user, audit) need.
func OpenStore(ctx context.Context, dsn string, log *slog.Logger, opts ...store.Option) (*store.DB, error) {
	db, err := store.Open(ctx, dsn, opts...)
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("database migrated", "versions", applied)
	}
	if n, err := db.BackfillSearchKeys(ctx); err != nil {
		db.Close()
		return nil, err
	} else if n > 0 {
		log.Info("person search index built", "persons", n)
	}
	// The IT columns only spare readers the whole case (they fall back to
	// it), so a failed fill is logged and the server starts all the same.
	if s, f, err := db.BackfillITCases(ctx); err != nil {
		log.Error("filling the IT cases' list and statistics columns failed; they are read from the cases", "err", err)
	} else if s > 0 || f > 0 {
		log.Info("IT cases' list and statistics columns filled", "summaries", s, "facts", f)
	}
	return db, nil
}

// Accounts is the administrator's account service over db (also toren
// user).
func Accounts(db *store.DB, clock toren.Clock, params auth.Params) *accounts.Service {
	return &accounts.Service{Store: db, Clock: clock, Params: params, Issuer: "Toren"}
}

// Clients is the register of API clients over db (also toren client).
func Clients(db *store.DB, clock toren.Clock) *clients.Service {
	return &clients.Service{Store: db, Clock: clock}
}

// Clients is the register of API clients.
func (a *App) Clients() *clients.Service { return Clients(a.db, a.clock) }

// Close closes the database.
func (a *App) Close() error {
	if a.stop != nil {
		a.stop()
	}
	a.background.Wait()
	return a.db.Close()
}

// Config is the settings the app runs with.
func (a *App) Config() config.Config { return a.cfg }

// Store is the database. Only wiring and test harnesses use it directly.
func (a *App) Store() *store.DB { return a.db }

// Clock is the app's clock.
func (a *App) Clock() toren.Clock { return a.clock }

// Log is the app's logger.
func (a *App) Log() *slog.Logger { return a.log }

// Intake is the intake service (numbering, the radar, escalation).
func (a *App) Intake() *intake.Service { return a.intake }

// Registry is the person registry service (review queue, merges).
func (a *App) Registry() *registry.Service { return a.registry }

// Casework is the case-file service.
func (a *App) Casework() *casework.Service { return a.casework }

// Retention is the retention service under the organisation's rule
// (validated with the configuration).
func (a *App) Retention() (*retention.Service, error) {
	return retention.New(a.db, a.cfg.Retention, a.clock)
}

// SubjectAccess is the data subject's access copy and objections.
func (a *App) SubjectAccess() *subjectaccess.Service {
	return subjectaccess.New(a.db, a.clock, web.CodeWord)
}

// ITTeam is the Interventieteam's service.
func (a *App) ITTeam() *itteamsvc.Service { return a.itteam }

// ITTeam is the team whose members work the Interventieteam's cases.
const ITTeam = "Interventieteam"

// Radar is the radar's person index and resolver.
func (a *App) Radar() *radarsvc.Resolver { return a.radar }

// Municipalities is the CBS municipality list.
func (a *App) Municipalities() *nl.Municipalities { return a.municipalities }

// Accounts is the administrator's account service.
func (a *App) Accounts() *accounts.Service { return Accounts(a.db, a.clock, a.cfg.Passwords) }

// Handler is the HTTP handler of the whole app: pages, API, health and
// metrics, behind the access gate.
func (a *App) Handler() http.Handler { return a.srv.Handler() }

// Routes is the route table of the pages and the API: every route with
// its requirement, handler and documentation. The need-to-know and
// authorisation matrices and docs/routes.md are read from it.
func (a *App) Routes() []httpx.Route { return append([]httpx.Route(nil), a.routes...) }

// Patterns are the routes the router serves.
func (a *App) Patterns() []string { return a.srv.Mux().Patterns() }

// Serve serves on ln until ctx is cancelled, then finishes the requests in
// flight.
//
// With cfg.AuditAnchor set, it also appends the audit head to that file
// while it serves (anchor.go), the last time after the requests in flight
// have finished.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	if a.cfg.AuditAnchor == "" {
		return a.srv.Serve(ctx, ln)
	}
	actx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); a.writeAnchors(actx, a.cfg.AuditAnchor, a.cfg.AuditAnchorInterval) }()
	err := a.srv.Serve(ctx, ln)
	stop()
	<-done
	return err
}

// TLS reports whether the app serves HTTPS itself.
func (a *App) TLS() bool { return a.cfg.TLSCert != "" }

// server builds the HTTP server over the app.
func (a *App) server() (*server.Server, error) {
	var tlsCfg *tls.Config
	if a.cfg.TLSCert != "" {
		pair, err := tls.LoadX509KeyPair(a.cfg.TLSCert, a.cfg.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("load TLS key pair: %w", err)
		}
		tlsCfg = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{pair}}
	}
	assets, err := static.New("/static/")
	if err != nil {
		return nil, fmt.Errorf("load web assets: %w", err)
	}
	hasher, err := auth.NewHasher(a.cfg.Passwords, 2)
	if err != nil {
		return nil, err
	}
	authn := auth.NewLocalAuthenticator(a.db, hasher, auth.NewLimiter(a.clock, auth.DefaultLimiterConfig()), a.clock, a.log)
	sessions := session.New(a.db, a.cfg.Session, a.clock, tlsCfg != nil || a.cfg.SecureCookies)
	requireMFA := !a.cfg.DemoMode
	reader := access.Reader{Store: a.db, IntakeTeam: a.cfg.IntakeTeam, Clock: a.clock}
	histories := access.Histories{Reader: reader, Households: a.db, Timeline: history.Timeline{Sources: a.db.HistorySources()}}
	desk := access.AlertDesk{Service: alerts.NewService(a.db, a.clock)}
	glass := breakglass.New(a.db, reader, a.clock)
	var oidcWeb *web.OIDC
	if o := a.cfg.OIDC; o.Issuer != "" {
		if oidcWeb, err = web.NewOIDC(context.Background(), web.OIDCConfig{Issuer: o.Issuer, ClientID: o.ClientID, ClientSecret: o.ClientSecret,
			RedirectURL: o.RedirectURL, Policy: o.Policy}, a.db, a.Accounts()); err != nil {
			return nil, err
		}
	}
	retain, err := a.Retention()
	if err != nil {
		return nil, err
	}
	w, err := web.New(web.Config{Reader: reader, Assets: assets, Municipalities: a.municipalities, Logger: a.log, Clock: a.clock,
		Version: Version(), Sessions: sessions, Authenticator: authn, Audit: a.db, Grants: glass, AccessCopies: a.SubjectAccess(), RequireMFA: requireMFA,
		Intake: a.intake, Drafts: a.db, Radar: a.radar, Casework: a.caseworkWeb(), Histories: histories, Alerts: desk,
		Accounts: a.Accounts(), Admin: a.db, Clients: a.Clients(), OIDC: oidcWeb, Registry: a.registry, Stats: a.statistics(),
		Settings: a.settings, Catalogue: a.settings, ITTeam: a.itteam, Retention: retain})
	if err != nil {
		return nil, err
	}
	apiv1 := api.New(api.Config{Intake: a.intake, Reader: reader, Registry: a.registry, BreakGlass: glass, Log: a.log, Histories: histories, Alerts: desk,
		Casework: a.casework, Partners: a.casework, Actor: apiActor, Touch: apiTouch, Statuses: reader,
		Batches: &importer.Batches{Intake: a.intake, Store: a.db, Clock: a.clock}, ITTeam: a.itteam, QueueLabel: web.QueueLabel, WordFile: web.WordFile, AlertName: web.AlertName, WordSteps: web.WordSteps})
	// The web's and the API's route tables give the mux its routes and the
	// gate their requirements.
	a.routes = append(w.Table(), apiv1.Table()...)
	if err := httpx.CheckTable(a.routes); err != nil {
		return nil, fmt.Errorf("route table: %w", err)
	}
	routes := authz.Routes{}
	for _, rs := range []authz.Routes{w.Routes(), apiv1.Requirements(), server.Routes()} {
		maps.Copy(routes, rs)
	}
	if err := routes.Validate(); err != nil {
		return nil, fmt.Errorf("route requirements: %w", err)
	}
	guard := func(router *httpx.Router, next http.Handler) http.Handler {
		g := &access.Guard{Router: router, Routes: routes, Sessions: sessions, Users: a.db, Audit: a.db, Clock: a.clock,
			Log: a.log, RequireMFA: requireMFA, SignInPath: "/inloggen", RefusePage: w.Refused, Clients: a.Clients()}
		return g.Middleware(next)
	}
	srv := server.New(server.Config{
		Logger:  a.log,
		Metrics: observe.NewMetrics(),
		Health:  a.db,
		Ready:   a.db,
		Parts:   []server.Mounter{w, apiv1},
		TLS:     tlsCfg,
		Guard:   guard,
	})
	if missing := routes.Missing(srv.Mux().Patterns()); len(missing) > 0 {
		return nil, fmt.Errorf("routes without an authorisation requirement: %v", missing)
	}
	return srv, nil
}

// apiActor is the actor of an API request: the access gate's signed-in
// user.
func apiActor(r *http.Request) (authz.Actor, error) {
	p, ok := access.FromContext(r.Context())
	if !ok {
		return authz.Actor{}, toren.Errorf(toren.CodeForbidden, "not signed in")
	}
	return p.Actor, nil
}

// apiTouch puts the persons a case read showed into the gate's audit
// entry.
func apiTouch(r *http.Request, personIDs []int64) {
	if p, ok := access.FromContext(r.Context()); ok {
		p.Touch(personIDs...)
	}
}
