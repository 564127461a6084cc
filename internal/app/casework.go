package app

import (
	"fmt"

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
// need-to-know case reader, the store and the letters.
func (a *App) caseworkWeb() (web.CaseworkConfig, error) {
	r, err := letters.NewRenderer(DefaultLetterhead(), a.clock)
	if err != nil {
		return web.CaseworkConfig{}, fmt.Errorf("letters: %w", err)
	}
	return web.CaseworkConfig{
		Service: a.casework, Records: a.casework, Files: access.CaseReader{Files: a.casework}, Store: a.db, Letters: r, IntakeTeam: a.cfg.IntakeTeam,
	}, nil
}
