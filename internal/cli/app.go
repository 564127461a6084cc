package cli

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"toren/internal/access"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/breakglass"
	"toren/internal/cases"
	"toren/internal/escalate"
	"toren/internal/httpx"
	"toren/internal/session"

	"toren/internal/api"
	"toren/internal/intake"
	"toren/internal/nl"
	"toren/internal/observe"
	"toren/internal/radar"
	"toren/internal/radarsvc"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/server"
	"toren/internal/store"
	"toren/internal/toren"
	"toren/internal/web"
	"toren/internal/web/static"
)

// app is Toren wired together over one database.
type app struct {
	db             *store.DB
	intake         *intake.Service
	registry       *registry.Service
	radar          *radarsvc.Resolver // nil until useRadar
	thresholds     *radar.Thresholds  // the radar's, set before useRadar (nil: its defaults)
	municipalities *nl.Municipalities
	clock          toren.Clock
	log            *slog.Logger
}

// openApp opens and migrates the database and wires the services.
func openApp(ctx context.Context, dsn string, log *slog.Logger) (*app, error) {
	db, err := store.Open(ctx, dsn)
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
	mun, err := nl.LoadMunicipalities()
	if err != nil {
		db.Close()
		return nil, err
	}
	clock := toren.SystemClock{}
	v := reports.Validator{Municipalities: mun, Clock: clock}
	svc := intake.NewService(db, v, intake.ExactResolver{}, clock, log)
	reg := registry.New(registry.Config{Store: db, Thresholds: radar.DefaultThresholds(), Clock: clock, Log: log})
	a := &app{db: db, intake: svc, registry: reg, municipalities: mun, clock: clock, log: log}
	if err := a.watchSignals(defaultIntakeTeam, escalate.Config{}); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

func (a *app) Close() error { return a.db.Close() }

// server builds the HTTP server over the app.
func (a *app) server(opts serverOptions) (*server.Server, error) {
	assets, err := static.New("/static/")
	if err != nil {
		return nil, fmt.Errorf("load web assets: %w", err)
	}
	hasher, err := auth.NewHasher(auth.DefaultParams(), 2)
	if err != nil {
		return nil, err
	}
	authn := auth.NewLocalAuthenticator(a.db, hasher, auth.NewLimiter(a.clock, auth.DefaultLimiterConfig()), a.clock, a.log)
	policy := opts.sessionPolicy
	if policy == (auth.SessionPolicy{}) {
		policy = auth.DefaultSessionPolicy()
	}
	sessions := session.New(a.db, policy, a.clock, opts.tls != nil || opts.secureCookies)
	intakeTeam := opts.intakeTeam
	if intakeTeam == "" {
		intakeTeam = defaultIntakeTeam
	}
	reader := access.Reader{Store: a.db, IntakeTeam: intakeTeam, Clock: a.clock}
	reg := a.registry.WithPersons(reader)
	glass := breakglass.New(a.db, reader, a.clock)
	if err := a.watchSignals(intakeTeam, opts.escalation); err != nil {
		return nil, err
	}
	histories, desk := a.historyAndAlerts(reader)
	hits, err := a.radarHits()
	if err != nil {
		return nil, err
	}
	deadlines := cases.DefaultDeadlines()
	if opts.deadlines != nil {
		deadlines = *opts.deadlines
	}
	cw, err := newCaseworkWith(a.db, a.clock, intakeTeam, deadlines, a.log)
	if err != nil {
		return nil, err
	}
	cwWeb, err := a.caseworkWeb(cw, intakeTeam, deadlines)
	if err != nil {
		return nil, err
	}
	w, err := web.New(web.Config{Reader: reader, Assets: assets, Municipalities: a.municipalities, Logger: a.log, Clock: a.clock,
		Version: Version(), Sessions: sessions, Authenticator: authn, Audit: a.db, Grants: glass, RequireMFA: !opts.demo,
		Intake: a.intake, Drafts: a.db, Radar: hits, Casework: cwWeb, Histories: histories, Alerts: desk,
		Accounts: a.accounts(), Admin: a.db, Registry: reg, Stats: a.statistics(deadlines)})
	if err != nil {
		return nil, err
	}
	apiCfg := api.Config{Intake: a.intake, Reader: reader, Registry: reg, BreakGlass: glass, Log: a.log, Histories: histories, Alerts: desk}
	caseworkAPI(&apiCfg, cw)
	apiv1 := api.New(apiCfg)
	routes := authz.Routes{}
	for _, rs := range []authz.Routes{w.Routes(), apiv1.Requirements(), server.Routes()} {
		maps.Copy(routes, rs)
	}
	if err := routes.Validate(); err != nil {
		return nil, fmt.Errorf("route requirements: %w", err)
	}
	guard := func(router *httpx.Router, next http.Handler) http.Handler {
		g := &access.Guard{Router: router, Routes: routes, Sessions: sessions, Users: a.db, Audit: a.db, Clock: a.clock,
			Log: a.log, RequireMFA: !opts.demo, SignInPath: "/inloggen", RefusePage: w.Refused}
		return g.Middleware(next)
	}
	srv := server.New(server.Config{
		Logger:  a.log,
		Metrics: observe.NewMetrics(),
		Health:  a.db,
		Parts:   []server.Mounter{w, apiv1, mounter(opts.extra)},
		TLS:     opts.tls,
		Guard:   guard,
	})
	if missing := routes.Missing(srv.Mux().Patterns()); len(missing) > 0 {
		return nil, fmt.Errorf("routes without an authorisation requirement: %v", missing)
	}
	return srv, nil
}

// defaultIntakeTeam owns the reports in triage: the team of the intake
// and crisis workers (frontoffice).
const defaultIntakeTeam = "Frontoffice"

// mounter adapts a function to server.Mounter.
type mounter func(mux *httpx.Router)

func (m mounter) Register(mux *httpx.Router) {
	if m != nil {
		m(mux)
	}
}
