package web

// caseFieldLabels name the fields of the case page's forms by "form.field"
// (a form of one record by its kind: "agreement-.status"), as the forms
// label them: the error summary says which field each message is about
// ("Met wie: Dit veld is verplicht.") instead of repeating the message.
// TestCaseFieldLabelsMatchTheForms keeps them equal to the page's labels.
var caseFieldLabels = map[string]string{
	"agreement-.note":                     "Toelichting",
	"agreement-.status":                   "Status",
	"agreement.due":                       "Uiterlijk op",
	"agreement.note":                      "Notitie",
	"agreement.past_due":                  "De datum in het verleden klopt",
	"agreement.what":                      "Wat",
	"agreement.who":                       "Wie",
	"assign.team":                         "Team",
	"assign.workers":                      "Medewerker of duo",
	"closing.case_direction.organisation": "Casusregie bij",
	"closing.case_direction.person":       "Casusregisseur",
	"closing.case_direction.phone":        "Telefoon casusregisseur",
	"closing.closed_on":                   "Afgesloten op",
	"closing.conditions_until":            "Voorwaarden gelden tot",
	"closing.joint":                       "Eén gezamenlijke brief aan alle gekozen betrokkenen",
	"closing.note":                        "Eigen woorden aan het gezin",
	"closing.recipients":                  "Aan",
	"closing.service":                     "Dienst",
	"condition-.note":                     "Toelichting",
	"condition-.status":                   "Status",
	"condition.checked_by":                "Wie ziet erop toe",
	"condition.note":                      "Notitie",
	"condition.text":                      "Voorwaarde",
	"condition.until":                     "Geldt tot",
	"contact.acute_action":                "Dit is de vastlegging van de acute actie",
	"contact.at":                          "Wanneer",
	"contact.channel":                     "Hoe",
	"contact.person_id":                   "Betrokkene",
	"contact.role":                        "Rol",
	"contact.summary":                     "Samenvatting",
	"contact.with":                        "Met wie",
	"decision-.acute_unsafety":            "Acute onveiligheid",
	"decision-.finding":                   "Bevinding van het Onderzoek",
	"decision-.outcome":                   "Uitkomst",
	"decision-.reasoning":                 "Motivering",
	"decision-.risk_colour":               "Kleurcode",
	"decision-.structural_unsafety":       "Structurele onveiligheid",
	"decision-.triage_rule":               "Triageregel",
	"feedback.channel":                    "Hoe",
	"feedback.conditions_shared":          "De veiligheidsvoorwaarden zijn gedeeld",
	"feedback.follow_up_started":          "Er is een vervolg gestart",
	"feedback.given_at":                   "Gegeven op",
	"feedback.moment":                     "Moment",
	"feedback.report_id":                  "Melding",
	"feedback.reporter_has_role":          "De melder heeft een rol in het veiligheidsplan",
	"feedback.summary":                    "Wat is teruggekoppeld",
	"feedback.transfer_parties":           "Overgedragen aan",
	"feedbackletter.concerning":           "Over",
	"feedbackletter.decided_on":           "Besloten op",
	"feedbackletter.follow_up":            "Vervolg",
	"feedbackletter.moment":               "Moment",
	"feedbackletter.partners":             "Partners",
	"feedbackletter.report_id":            "Melding",
	"feedbackletter.reporter_role":        "Rol van de melder in het vervolg",
	"feedbackletter.share_conditions":     "Veiligheidsvoorwaarden en monitoring delen",
	"handover.case_director":              "Wie heeft de casusregie",
	"handover.condition_ids":              "Veiligheidsvoorwaarden die meegaan",
	"handover.partner":                    "Partner",
	"handover.partner_kind":               "Soort partner",
	"handover.report_back_when":           "Wanneer koppelt de partner terug",
	"handover.reports_back":               "Wat koppelt de partner terug",
	"informant.email":                     "E-mail",
	"informant.function":                  "Functie",
	"informant.name":                      "Naam",
	"informant.note":                      "Notitie",
	"informant.organisation":              "Organisatie",
	"informant.phone":                     "Telefoon",
	"informant.physician":                 "De informant is arts",
	"informant.signal_function":           "Gevraagd nieuwe signalen te melden (signaalfunctie)",
	"monitoring-.checks":                  "Voorwaarden",
	"monitoring-.note":                    "Notitie",
	"phase.note":                          "Toelichting",
	"phase.phase":                         "Fase",
	"police.legal_ground":                 "Grondslag",
	"police.police_unit":                  "Bij wie",
	"police.reference":                    "Kenmerk van de politie",
	"police.reported_at":                  "Gemeld op",
	"police.shared":                       "Wat is gedeeld",
	"police.weighing":                     "Afweging",
	"refuse-.reason":                      "Reden van afwijzing",
	"reopen.acute":                        "Het nieuwe signaal is acuut",
	"reopen.note":                         "Nieuw signaal",
	"respond-.accept":                     "Antwoord",
	"respond-.note":                       "Toelichting",
	"sent.kind":                           "Brief",
	"sent.recipient":                      "Aan",
	"sent.reference":                      "Kenmerk",
	"sent.sent_at":                        "Verzonden op",
	"step.transition":                     "Stap",
}

// caseFieldLabel is the label of field in form, "" when unknown.
func caseFieldLabel(form, field string) string {
	if l, ok := caseFieldLabels[form+"."+field]; ok {
		return l
	}
	for i := 0; i < len(form); i++ {
		if form[i] == '-' {
			return caseFieldLabels[form[:i+1]+"."+field]
		}
	}
	return ""
}
