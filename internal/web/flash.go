package web

import "net/http"

// A flash is a one-time message on the page after a redirect ("Melding
// geregistreerd"). The cookie carries only a code from flashMessages, never
// text, so nothing a user typed travels in it and nobody can put words on
// another's screen.
const flashCookie = "toren_flash"

var flashMessages = map[string]string{
	"melding":     "Melding geregistreerd",
	"organisatie": "Gegevens van de organisatie opgeslagen; nieuwe brieven gebruiken ze",
	"adviesvraag": "Adviesvraag geregistreerd",
	// The case-work screens (casepost.go).
	"dossier-geopend":      "Dossier geopend",
	"dossier-geopend-team": "Dossier geopend en bij het gekozen team in de werkvoorraad gezet",
	"toegewezen":           "Toewijzing opgeslagen",
	"stap":                 "Het dossier is naar de volgende stap gegaan",
	"monitoring-gestart":   "Monitoring gestart: de monitoringmomenten staan in de werkvoorraad",
	"fase":                 "Fase vastgelegd",
	"besluit-voorgesteld":  "Besluit voorgesteld; het wacht op een tweede paar ogen",
	"besluit-goedgekeurd":  "Besluit goedgekeurd",
	"besluit-afgewezen":    "Besluit afgewezen en teruggegeven",
	"contact":              "Contact vastgelegd",
	"informant":            "Informant vastgelegd",
	"afspraak":             "Veiligheidsafspraak vastgelegd",
	"afspraak-status":      "Status van de veiligheidsafspraak gewijzigd",
	"voorwaarde":           "Veiligheidsvoorwaarde vastgelegd",
	"voorwaarde-status":    "Status van de veiligheidsvoorwaarde gewijzigd",
	"overdracht":           "Overdracht voorgesteld",
	"overdracht-antwoord":  "Antwoord van de partner vastgelegd",
	"terugkoppeling":       "Terugkoppeling aan de melder vastgelegd",
	"monitoring":           "Monitoringmoment vastgelegd",
	"brief":                "Brief gemaakt en in het dossier bewaard",
	"brieven":              "Een brief per geadresseerde gemaakt en in het dossier bewaard",
	"verzonden":            "Verzending van de brief vastgelegd",
	// Retention (retention.go).
	"bewaarplicht":           "Bewaarplicht vastgelegd: het dossier wordt niet vernietigd zolang zij geldt",
	"bewaarplicht-opgeheven": "Bewaarplicht opgeheven",
	// The Interventieteam (itteam.go).
	"it-aangemeld":  "Aanmelding bij het Interventieteam vastgelegd",
	"it-opgeslagen": "Opgeslagen",
	"it-duo":        "Het duo is toegewezen",
	"it-fase":       "De fase is gewijzigd",
	"it-plan":       "Er is een nieuwe versie van het veiligheidsplan",
	"it-evaluatie":  "Het evaluatieformulier is ingevoerd",
}

// setFlash shows the message of code on the next page.
func setFlash(rw http.ResponseWriter, r *http.Request, code string) {
	http.SetCookie(rw, &http.Cookie{Name: flashCookie, Value: code, Path: "/", MaxAge: 60, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// takeFlash returns the pending flash message, if any, and clears it.
func takeFlash(rw http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(rw, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	return flashMessages[c.Value]
}
