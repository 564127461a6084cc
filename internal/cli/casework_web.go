package cli

import (
	"fmt"

	"toren/internal/access"
	"toren/internal/casework"
	"toren/internal/letters"
	"toren/internal/web"
)

// defaultLetterhead is the sender on letters until organisation settings
// exist: Veilig Thuis with its national number (0800-2000, free, 24/7).
func defaultLetterhead() letters.Letterhead {
	return letters.Letterhead{Organisation: "Veilig Thuis", Phone: "0800-2000", Website: "www.veiligthuis.nl"}
}

// caseworkWeb wires the case-work screens to the case-file service, the
// need-to-know case reader, the store and the letters.
func (a *app) caseworkWeb(svc *casework.Service, intakeTeam string) (web.CaseworkConfig, error) {
	r, err := letters.NewRenderer(defaultLetterhead(), a.clock)
	if err != nil {
		return web.CaseworkConfig{}, fmt.Errorf("letters: %w", err)
	}
	return web.CaseworkConfig{
		Service: svc, Files: access.CaseReader{Files: svc}, Store: a.db, Letters: r, IntakeTeam: intakeTeam,
	}, nil
}
