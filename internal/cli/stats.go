package cli

import (
	"toren/internal/cases"
	"toren/internal/stats"
	"toren/internal/workdays"
)

// statistics builds the registration statistics over the app's database,
// measuring the safety assessment against the organisation's deadlines.
func (a *app) statistics(deadlines cases.Deadlines) *stats.Service {
	return stats.New(stats.Config{
		Store:     a.db,
		Calendar:  workdays.Dutch(),
		Deadlines: deadlines,
		MunicipalityName: func(code string) string {
			if m, ok := a.municipalities.ByCode(code); ok {
				return m.Name
			}
			return code
		},
		Clock: a.clock,
	})
}
