package cli

import (
	"log/slog"
	"net/http"

	"toren/internal/access"
	"toren/internal/api"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/store"
	"toren/internal/toren"
	"toren/internal/workdays"
)

// newCasework builds the case-file service over db. The deadlines and the
// calendar are the national defaults until organisation settings exist.
func newCasework(db *store.DB, clock toren.Clock, intakeTeam string, log *slog.Logger) (*casework.Service, error) {
	return newCaseworkWith(db, clock, intakeTeam, cases.DefaultDeadlines(), log)
}

// newCaseworkWith is newCasework with the organisation's own deadlines.
func newCaseworkWith(db *store.DB, clock toren.Clock, intakeTeam string, d cases.Deadlines, log *slog.Logger) (*casework.Service, error) {
	return casework.New(casework.Config{Store: db, Clock: clock, Calendar: workdays.Dutch(),
		Deadlines: d, IntakeTeam: intakeTeam, Log: log})
}

// caseworkAPI plugs the case-file service into the API config: the actor
// of a request is the access gate's signed-in user, and the persons a case
// read showed go into the gate's audit entry.
func caseworkAPI(cfg *api.Config, svc *casework.Service) {
	cfg.Casework = svc
	cfg.Actor = func(r *http.Request) (authz.Actor, error) {
		p, ok := access.FromContext(r.Context())
		if !ok {
			return authz.Actor{}, toren.Errorf(toren.CodeForbidden, "not signed in")
		}
		return p.Actor, nil
	}
	cfg.Touch = func(r *http.Request, personIDs []int64) {
		if p, ok := access.FromContext(r.Context()); ok {
			p.Touch(personIDs...)
		}
	}
}
