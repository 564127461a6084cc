package cli

import (
	"flag"
	"fmt"
	"strconv"

	"toren/internal/access"
	"toren/internal/alerts"
	"toren/internal/escalate"
	"toren/internal/history"
)

// watchSignals makes every report the app stores go past the escalation
// rules, in the transaction that stores it: alerts about a case go to
// the case's team (alerts.CaseTeam, until cases record their case manager
// and monitoring worker), the others to triageTeam. A zero cfg is
// escalate.DefaultConfig.
func (a *app) watchSignals(triageTeam string, cfg escalate.Config) error {
	if cfg == (escalate.Config{}) {
		cfg = escalate.DefaultConfig()
	}
	e, err := escalate.New(cfg)
	if err != nil {
		return err
	}
	a.db.SetSignalHook(alerts.Router{Engine: e, Workers: alerts.CaseTeam{}, TriageTeam: triageTeam})
	return nil
}

// historyAndAlerts are the history reader and the alert desk the web
// interface and the API share, with need-to-know applied.
func (a *app) historyAndAlerts(reader access.Reader) (access.Histories, access.AlertDesk) {
	h := access.Histories{Reader: reader, Households: a.db, Timeline: history.Timeline{Sources: a.db.HistorySources()}}
	return h, access.AlertDesk{Service: alerts.NewService(a.db, a.clock)}
}

// escalationFlags declares the settings of the escalation rules, with
// their environment variables; the returned function reads them after
// parsing.
func escalationFlags(fs *flag.FlagSet, env Env) func() (escalate.Config, error) {
	def := escalate.DefaultConfig()
	window := fs.String("escalation-window-days", envOr(env, "TOREN_ESCALATION_WINDOW_DAYS", strconv.Itoa(def.WindowDays)),
		"reports from different reporters this many days apart escalate to triage (env TOREN_ESCALATION_WINDOW_DAYS)")
	months := fs.String("recidive-months", envOr(env, "TOREN_RECIDIVE_MONTHS", strconv.Itoa(def.RecidiveMonths)),
		"a signal this many months after a case closed is a repeat report (env TOREN_RECIDIVE_MONTHS)")
	age := fs.String("urgent-child-age", envOr(env, "TOREN_URGENT_CHILD_AGE", strconv.Itoa(def.YoungChildAge)),
		"a report about a child younger than this is urgent (env TOREN_URGENT_CHILD_AGE)")
	return func() (escalate.Config, error) {
		var cfg escalate.Config
		for _, f := range []struct {
			name, value string
			into        *int
		}{{"escalation-window-days", *window, &cfg.WindowDays}, {"recidive-months", *months, &cfg.RecidiveMonths}, {"urgent-child-age", *age, &cfg.YoungChildAge}} {
			n, err := strconv.Atoi(f.value)
			if err != nil {
				return cfg, fmt.Errorf("--%s %q: not a whole number", f.name, f.value)
			}
			*f.into = n
		}
		return cfg, cfg.Validate()
	}
}
