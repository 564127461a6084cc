package app

import (
	"toren/internal/access"
	"toren/internal/letters"
	"toren/internal/web"
)

// DefaultLetterhead is the sender on letters until organisation settings
// exist: Veilig Thuis with its national number (0800-2000, free, 24/7).
func DefaultLetterhead() letters.Letterhead {
	return letters.Letterhead{Organisation: "Veilig Thuis", Phone: "0800-2000", Website: "www.veiligthuis.nl"}
}

// caseworkWeb wires the case-work screens to the case-file service, the
// need-to-know case reader and the store.
func (a *App) caseworkWeb() web.CaseworkConfig {
	return web.CaseworkConfig{
		Service: a.casework, Records: a.casework, Files: access.CaseReader{Files: a.casework}, Store: a.db, IntakeTeam: a.cfg.IntakeTeam,
	}
}
