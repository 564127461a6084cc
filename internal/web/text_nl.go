package web

// textNL is the Dutch catalogue of the interface (text.go).
var textNL = catalogue{
	// The start page's parts (page_home.html), in the order of homeOrder.
	"home.alerts":          "Signalen voor mij",
	"home.alerts.none":     "Geen open signalen.",
	"home.grants":          "Noodtoegang om na te kijken",
	"home.grants.count":    "keer is een dossier of melding van uw team met noodtoegang geopend en nog niet nagekeken.",
	"home.grants.link":     "Noodtoegang nakijken",
	"home.grants.none":     "Er is geen noodtoegang om na te kijken.",
	"home.handovers":       "Overdrachten aan uw team",
	"home.handovers.none":  "Er wachten geen overdrachten op uw team.",
	"home.approvals":       "Besluiten die wachten op uw tweede paar ogen",
	"home.approvals.none":  "Er wachten geen besluiten op u.",
	"home.triage":          "Meldingen voor triage",
	"home.triage.none":     "Geen meldingen die wachten op triage.",
	"home.mine":            "Mijn dossiers",
	"home.monitoring":      "Monitoringmomenten",
	"home.monitoring.none": "Geen monitoringmomenten in uw dossiers.",
	"home.terms":           "Termijnen en veiligheidsafspraken",
	"home.terms.none":      "Geen open termijnen in uw dossiers.",
	"home.latest":          "Laatste meldingen en adviesvragen",

	// Confirmations after a form was taken (flash.go); the cookie carries the
	// code, never the text.
	"flash.melding":     "Melding geregistreerd",
	"flash.organisatie": "Gegevens van de organisatie opgeslagen; nieuwe brieven gebruiken ze",
	"flash.adviesvraag": "Adviesvraag geregistreerd",
	// The case-work screens (casepost.go).
	"flash.dossier-geopend":      "Dossier geopend",
	"flash.dossier-geopend-team": "Dossier geopend en bij het gekozen team in de werkvoorraad gezet",
	"flash.toegewezen":           "Toewijzing opgeslagen",
	"flash.stap":                 "Het dossier is naar de volgende stap gegaan",
	"flash.monitoring-gestart":   "Monitoring gestart: de monitoringmomenten staan in de werkvoorraad",
	"flash.fase":                 "Fase vastgelegd",
	"flash.besluit-voorgesteld":  "Besluit voorgesteld; het wacht op een tweede paar ogen",
	"flash.besluit-goedgekeurd":  "Besluit goedgekeurd",
	"flash.besluit-afgewezen":    "Besluit afgewezen en teruggegeven",
	"flash.contact":              "Contact vastgelegd",
	"flash.informant":            "Informant vastgelegd",
	"flash.afspraak":             "Veiligheidsafspraak vastgelegd",
	"flash.afspraak-status":      "Status van de veiligheidsafspraak gewijzigd",
	"flash.voorwaarde":           "Veiligheidsvoorwaarde vastgelegd",
	"flash.voorwaarde-status":    "Status van de veiligheidsvoorwaarde gewijzigd",
	"flash.overdracht":           "Overdracht voorgesteld",
	"flash.overdracht-antwoord":  "Antwoord van de partner vastgelegd",
	"flash.terugkoppeling":       "Terugkoppeling aan de melder vastgelegd",
	"flash.monitoring":           "Monitoringmoment vastgelegd",
	"flash.brief":                "Brief gemaakt en in het dossier bewaard",
	"flash.brieven":              "Een brief per geadresseerde gemaakt en in het dossier bewaard",
	"flash.verzonden":            "Verzending van de brief vastgelegd",
	// The Interventieteam (itteam.go).
	"flash.it-aangemeld":  "Aanmelding bij het Interventieteam vastgelegd",
	"flash.it-opgeslagen": "Opgeslagen",
	"flash.it-duo":        "Het duo is toegewezen",
	"flash.it-fase":       "De fase is gewijzigd",
	"flash.it-plan":       "Er is een nieuwe versie van het veiligheidsplan",
	"flash.it-evaluatie":  "Het evaluatieformulier is ingevoerd",

	// A decision's status (casework.DecisionStatus).
	"decision.status.proposed": "Voorgesteld, wacht op tweede paar ogen",
	"decision.status.approved": "Goedgekeurd",
	"decision.status.refused":  "Afgewezen",
	// A monitoring moment's status (casework.MomentStatus).
	"moment.status.planned":   "Gepland",
	"moment.status.done":      "Gedaan",
	"moment.status.cancelled": "Vervallen",
	// A handover's status (casework.HandoverStatus).
	"handover.status.proposed": "Voorgesteld, wacht op antwoord van de partner",
	"handover.status.accepted": "Geaccepteerd",
	"handover.status.declined": "Geweigerd",
	// The case file's audited actions that the policy has no label for
	// (casework.Action*), in the case's audit trail.
	"audit.action.case.create":            "Dossier openen",
	"audit.action.decision.refuse":        "Besluit afwijzen",
	"audit.action.case.contact.add":       "Contact vastleggen",
	"audit.action.case.informant.add":     "Informant vastleggen",
	"audit.action.case.agreement.add":     "Veiligheidsafspraak vastleggen",
	"audit.action.case.agreement.update":  "Veiligheidsafspraak wijzigen",
	"audit.action.case.condition.add":     "Veiligheidsvoorwaarde vastleggen",
	"audit.action.case.condition.update":  "Veiligheidsvoorwaarde wijzigen",
	"audit.action.case.phase.set":         "Fase vastleggen",
	"audit.action.case.handover.respond":  "Antwoord op overdracht vastleggen",
	"audit.action.case.feedback.add":      "Terugkoppeling vastleggen",
	"audit.action.case.letter.record":     "Verzending brief vastleggen",
	"audit.action.case.monitoring.record": "Monitoringmoment vastleggen",
	// The step that opens a case, in the case's history.
	"step.open": "Dossier geopend",
	// A radar review's status (registry.ReviewStatus).
	"review.status.open":     "Nog te beoordelen",
	"review.status.accepted": "Zelfde persoon",
	"review.status.rejected": "Verschillende personen",
	// How a mention was linked to a registry person (intake.LinkMethod);
	// "new": it made a new person.
	"link.method.bsn":           "Gekoppeld op BSN",
	"link.method.probabilistic": "Automatisch gekoppeld door de radar",
	"link.method.exact":         "Gekoppeld op achternaam, geboortedatum en voornaam",
	"link.method.reviewer":      "Gekoppeld na beoordeling",
	"link.method.new":           "Bij deze melding als nieuwe persoon in het register gekomen",
	// The radar's reasons (radar.Reason).
	"radar.reason.bsn":              "zelfde BSN, niets spreekt het tegen",
	"radar.reason.bsn_contradicted": "zelfde BSN, maar andere gegevens spreken het tegen",
	"radar.reason.bsn_ambiguous":    "het BSN staat bij twee personen in het register",
	"radar.reason.score":            "score boven de drempel voor koppelen",
	"radar.reason.weak_identity":    "score hoog, maar te weinig persoonsgegevens die familieleden onderscheiden",
	"radar.reason.contradiction":    "score hoog, maar een persoonsgegeven spreekt het tegen",
	"radar.reason.ambiguous":        "twee personen in het register passen bijna even goed",
	"radar.reason.uncertain":        "score tussen de drempels: een mens beslist",
	"radar.reason.no_match":         "geen persoon in het register past genoeg",
	"radar.reason.relative":         "lijkt op een familielid, niet op dezelfde persoon",
}
