package app

import (
	"toren/internal/stats"
	"toren/internal/workdays"
)

// statistics builds the registration statistics over the app's database,
// measuring the safety assessment against the organisation's deadlines.
func (a *App) statistics() *stats.Service {
	return stats.New(stats.Config{
		Store:     a.db,
		Calendar:  workdays.Dutch(),
		Deadlines: a.cfg.Deadlines,
		MunicipalityName: func(code string) string {
			if m, ok := a.municipalities.ByCode(code); ok {
				return m.Name
			}
			return code
		},
		Clock: a.clock,
		Audit: a.db,
	})
}
