package cli

import (
	"toren/internal/cases"
	"toren/internal/stats"
	"toren/internal/workdays"
)

// statistics builds the registration statistics over the app's database.
// The deadline and the calendar are the national defaults, as for
// casework, until organisation settings exist.
func (a *app) statistics() *stats.Service {
	return stats.New(stats.Config{
		Store:                 a.db,
		Calendar:              workdays.Dutch(),
		AssessmentWorkingDays: cases.DefaultDeadlines().SafetyAssessmentWorkingDays,
		MunicipalityName: func(code string) string {
			if m, ok := a.municipalities.ByCode(code); ok {
				return m.Name
			}
			return code
		},
		Clock: a.clock,
	})
}
