package cli

import (
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
