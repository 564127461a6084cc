package web

import "toren/internal/httpx"

// registerIntake mounts the intake form. Its requirements are in routes.go:
// report.create, and person.search for the radar's hits while typing.
func (w *Web) registerIntake(mux *httpx.Router) {
	mux.HandleFunc("GET /meldingen/nieuw", w.intakeNew)
	mux.HandleFunc("POST /meldingen/nieuw", w.intakePost)
	mux.HandleFunc("POST /meldingen/nieuw/persoon", w.intakeAddPerson)
	mux.HandleFunc("POST /meldingen/concept", w.intakeDraft)
	mux.HandleFunc("POST /meldingen/concept/verwijderen", w.intakeDeleteDraft)
	mux.HandleFunc("GET /radar/treffers", w.radarHits)
}
