package web

// textNLCase is the part of the Dutch catalogue (text.go) for the case
// file, its forms and the queues (page_case, part_casework, page_review,
// page_triage, page_caseaudit, page_alerts), and the error page.
var textNLCase = catalogue{
	// A letter of a case (page_letter.html).
	"letter.to":          "aan",
	"letter.case":        "Dossier",
	"letter.made":        "gemaakt",
	"letter.pdf":         "PDF downloaden",
	"letter.sent.before": "Is de brief verstuurd? Leg de verzending vast bij",
	"letter.sent.link":   "Brieven",
	"letter.sent.after":  "in het dossier.",

	// The error page (page_error.html, web.go's fail) and its
	// emergency-access form (breakglass.go).
	"error.signal-only":       "Alleen signalen",
	"error.signal-only.text":  "Er is een signaal bekend, maar de inhoud is voor het team dat erbij betrokken is. Neem contact op met:",
	"error.not-found":         "Niet gevonden",
	"error.not-found.text":    "Deze pagina of dit dossier bestaat niet (meer).",
	"error.forbidden":         "Geen toegang",
	"error.forbidden.text":    "U heeft geen toegang tot deze gegevens.",
	"error.conflict":          "Al gewijzigd",
	"error.conflict.text":     "Iemand anders heeft dit intussen al afgehandeld of gewijzigd. Open de pagina opnieuw om de laatste stand te zien.",
	"error.invalid":           "Verzoek niet begrepen",
	"error.invalid.text":      "Dit verzoek kon niet worden gelezen. Ga terug en probeer het opnieuw.",
	"error.unavailable":       "Tijdelijk niets op te slaan",
	"error.unavailable.text":  "Toren kan op dit moment niets opslaan. Wat u net invoerde is NIET bewaard: houd het bij de hand (of schrijf het op) en probeer het over een paar minuten opnieuw. Is het dringend? Bel de functioneel beheerder; de storing is bij hen gemeld.",
	"error.server":            "Er ging iets mis aan onze kant. Probeer het opnieuw of bel de functioneel beheerder.",
	"error.glass":             "Noodtoegang (alleen bij acute onveiligheid)",
	"error.glass.not-granted": "Noodtoegang is nog niet verleend.",
	"error.glass.code":        "Reden",
	"error.glass.code.choose": "Kies een reden",
	"error.glass.reason":      "Toelichting: waarom heeft u het dossier nu nodig?",
	"error.glass.reason.hint": "Een zin van minstens 20 tekens. De toegang geldt 12 uur, wordt vastgelegd en de teamleider kijkt hem de volgende werkdag na.",
	"error.glass.submit":      "Noodtoegang gebruiken",
	"error.home":              "Terug naar de startpagina",
}
