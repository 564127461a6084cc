package web

// textNLRules is the part of the Dutch catalogue (text.go) that words the
// rules the services refuse input by, outside casework, reports and the
// Interventieteam (whose rules live in their own parts): letters, search,
// alerts, statistics, the registry, retention and the access copy.
//
// The services name the field and the rule and say it in English for the
// API; the pages word it from here by list, rule and field (ruleWords):
// <list>.<rule>.<field> before <list>.<rule>. A value a sentence needs (a
// length, a year) is named ("{max}") and filled in by the page from the
// service's own constant.
var textNLRules = catalogue{
	// The case process's preconditions (cases.Process): the case page
	// lists them under a step that cannot be taken yet, and a refused
	// step names them.
	"process.rule.acute":                    "de melding moet als acuut beoordeeld zijn",
	"process.rule.not_acute":                "een acute melding gaat eerst naar acute actie",
	"process.rule.acute_action_recorded":    "de acute actie moet vastgelegd zijn",
	"process.rule.safety_assessed":          "de veiligheidsbeoordeling moet vastgelegd zijn",
	"process.rule.receiving_partner":        "er moet een partner zijn die overneemt",
	"process.rule.safety_conditions":        "er moet minstens één veiligheidsvoorwaarde zijn",
	"process.rule.closing_letter_sent":      "de afsluitbrief met de veiligheidsvoorwaarden moet verstuurd zijn",
	"process.rule.investigation_conclusion": "het Onderzoek heeft een conclusie nodig",
	"process.rule.end_reason":               "er moet een reden van beëindigen zijn",
	"process.rule.children_involved":        "een verzoek aan de Raad voor de Kinderbescherming vraagt een betrokken kind",
	"process.rule.rvdk_request_sent":        "het verzoek aan de Raad moet verstuurd zijn",
	"process.rule.handover_accepted":        "monitoring vraagt een overdracht die de partner accepteerde",
	"process.rule.handover_declined":        "alleen een geweigerde overdracht kan teruggenomen worden",
	"process.rule.monitoring_complete":      "alle monitoringmomenten moeten vastgelegd zijn",
	"process.rule.conditions_met":           "de veiligheidsvoorwaarden moeten nageleefd worden",
	"process.rule.new_signal":               "heropenen vraagt een nieuw signaal of een schending van de voorwaarden",
	"process.rule.reporter_identifiable":    "een melding vraagt een melder die met contactgegevens bekend is bij Veilig Thuis",
	"process.rule.unknown_transition":       "Deze stap bestaat niet in het proces van het dossier.",
	"process.rule.unknown_status":           "Het dossier heeft een status die het proces niet kent.",
	"process.rule.transition_not_allowed":   "Deze stap kan niet vanuit de huidige status van het dossier; laad het dossier opnieuw.",

	// Casework's rules that carried their own Dutch until now (the rest of
	// case.rule is in text_nl_case.go): a text's length (the summary names
	// the field), a monitoring form without every condition, the triage
	// list's paging and filter.
	"case.rule.max_length":           "Deze tekst is te lang: gebruik hoogstens {max} tekens.",
	"case.rule.check_missing":        "Toets elke geldende veiligheidsvoorwaarde: er ontbreekt er een.",
	"case.rule.range.page":           "Kies een pagina van 1 tot en met {max}.",
	"case.rule.range.per_page":       "Kies 1 tot 200 meldingen per pagina.",
	"case.rule.one_of":               "Kies uit de lijst.",
	"case.rule.one_of.reporter_kind": "Kies een soort melder uit de lijst.",

	// The report's rules that carried their own Dutch until now (the rest
	// of intake.rule is in text_nl.go).
	"intake.rule.duplicate":              "Deze stap staat er twee keer in.",
	"intake.rule.max_items":              "Er staan te veel betrokkenen in de melding: hoogstens {max}.",
	"intake.rule.max_length.description": "De beschrijving is te lang: gebruik hoogstens {max} tekens.",

	// The Interventieteam's phases (cases.InterventionTeam).
	"itprocess.rule.two_staff":              "De intensieve fase vraagt twee IT-medewerkers.",
	"itprocess.rule.colour_at_start":        "De kleurcode bij de start is verplicht.",
	"itprocess.rule.colour_at_end":          "De kleurcode aan het eind van de intensieve fase is verplicht.",
	"itprocess.rule.safety_sufficient":      "Cliënt, netwerk en IT moeten de veiligheid voldoende vinden.",
	"itprocess.rule.lasting_safety":         "Afsluiten vraagt blijvende veiligheid.",
	"itprocess.rule.reopen_reason":          "Er moet een reden voor heropenen zijn.",
	"itprocess.rule.end_reason":             "Er moet een reden voor vroegtijdig beëindigen zijn.",
	"itprocess.rule.unknown_transition":     "Deze stap bestaat niet in het proces van het Interventieteam.",
	"itprocess.rule.unknown_status":         "De casus heeft een fase die het proces niet kent.",
	"itprocess.rule.transition_not_allowed": "Deze stap kan niet vanuit de status die de casus nu heeft; laad de pagina opnieuw.",

	// Letters (package letters), by the letter form's fields (casework
	// names the request's field a letter's rule is about), and the
	// letterhead on the organisation page.
	"letter.rule.required":                           "Dit veld is verplicht.",
	"letter.rule.required.service":                   "Kies de dienst: Voorwaarden & Vervolg of Onderzoek.",
	"letter.rule.required.recipients":                "Kies aan wie de brief gericht is.",
	"letter.rule.required.conditions":                "Een afsluitbrief noemt minstens één veiligheidsvoorwaarde; het dossier heeft er geen.",
	"letter.rule.required.report_id":                 "Kies de melding van een melder aan wie de terugkoppeling gaat.",
	"letter.rule.required.moment":                    "Kies het moment van de terugkoppeling.",
	"letter.rule.required.follow_up":                 "Kies het vervolg.",
	"letter.rule.required.closed_on":                 "Vul een datum in.",
	"letter.rule.required.decided_on":                "Vul een datum in.",
	"letter.rule.required.conditions_until":          "Vul een datum in.",
	"letter.rule.required.address":                   "Een regel van het adres is leeg.",
	"letter.rule.enum":                               "Kies een van de mogelijkheden.",
	"letter.rule.enum.service":                       "Kies de dienst: Voorwaarden & Vervolg of Onderzoek.",
	"letter.rule.enum.moment":                        "Kies: na de veiligheidsbeoordeling of na het Onderzoek.",
	"letter.rule.enum.follow_up":                     "Dit vervolg bestaat niet.",
	"letter.rule.professional":                       "Deze terugkoppeling is voor een beroepsmatige melder; kies een melding van een beroepskracht.",
	"letter.rule.before_letter_date":                 "De melding kan niet na de datum van de brief zijn gedaan.",
	"letter.rule.after_report":                       "De beslissing kan niet vóór de melding liggen.",
	"letter.rule.moment":                             "Dit vervolg past niet na het Onderzoek.",
	"letter.rule.required_for_handover":              "Noem de partner aan wie de zorg is overgedragen.",
	"letter.rule.max_items":                          "Er is te veel gekozen voor één brief: hoogstens {items}.",
	"letter.rule.max_items.recipients":               "Kies hoogstens {items} geadresseerden voor één brief.",
	"letter.rule.max_items.partners":                 "Noem hoogstens {items} partners in één brief.",
	"letter.rule.max_items.conditions":               "Het dossier heeft meer dan {items} veiligheidsvoorwaarden voor één brief.",
	"letter.rule.max_items.monitoring":               "Het dossier heeft meer dan {items} monitoringmomenten voor één brief.",
	"letter.rule.need_to_know":                       "Deel veiligheidsvoorwaarden en monitoringafspraken alleen met een melder die een rol heeft in het vervolg.",
	"letter.rule.text":                               "Dit veld bevat ongeldige tekens.",
	"letter.rule.max_length.conditions.what":         "De tekst is te lang voor de brief: hoogstens {text} tekens.",
	"letter.row.conditions":                          "Veiligheidsvoorwaarde {n}",
	"letter.row.monitoring":                          "Monitoringmoment {n}",
	"letter.rule.max_length.note":                    "Deze tekst is te lang: gebruik hoogstens {note} tekens.",
	"letter.rule.max_length.reporter_role":           "Deze tekst is te lang: gebruik hoogstens {text} tekens.",
	"letter.rule.max_length":                         "Deze tekst is te lang: gebruik hoogstens {line} tekens.",
	"letter.rule.single_line":                        "Dit veld moet één regel zijn, zonder regeleinden.",
	"letter.rule.unsupported_character":              "Dit veld bevat een teken dat niet in de brief kan worden afgedrukt.",
	"letter.rule.range":                              "De datum moet tussen 2000 en 2199 liggen.",
	"letter.rule.after_letter_date":                  "Een voorwaarde kan niet aflopen vóór de datum van de brief.",
	"letter.rule.after_letter_date.conditions_until": "De voorwaarden kunnen niet aflopen vóór de datum van de brief.",
	"letter.rule.after_closing":                      "Een monitoringmoment moet na de afsluitdatum liggen.",
	"letter.rule.after_decision":                     "Een monitoringmoment moet na de beslisdatum liggen.",
	"letter.rule.max_lines":                          "Het adres heeft meer dan {lines} regels.",
	"letter.rule.email":                              "Schrijf een e-mailadres, bijvoorbeeld info@veiligthuis.nl.",
	"letter.rule.format":                             "De brief heeft geen geldige PDF.",
	"letter.rule.positive":                           "Dit nummer moet positief zijn.",

	// The person search (package search): the one box (q) and the
	// advanced form's fields.
	"search.rule.required":            "Typ waar u naar zoekt: een naam, een BSN, een geboortedatum (dd-mm-jjjj), een postcode met huisnummer of een melding- of dossiernummer.",
	"search.rule.required.achternaam": "Vul minstens één veld in: achternaam, geboortedatum, BSN of postcode.",
	"search.rule.max_length":          "Typ hoogstens {max} tekens.",
	"search.rule.text":                "De zoekvraag bevat ongeldige tekens.",
	"search.rule.elfproef":            "Dit is geen geldig BSN: het nummer voldoet niet aan de elfproef. Controleer de cijfers.",
	"search.rule.elfproef.bsn":        "Een BSN heeft negen cijfers en voldoet aan de elfproef.",
	"search.rule.date":                "Dit is geen geldige datum. Schrijf een geboortedatum als dd-mm-jjjj.",
	"search.rule.date.geboortedatum":  "Schrijf de geboortedatum als dd-mm-jjjj, bijvoorbeeld 03-11-1987.",
	"search.rule.postcode":            "Dit is geen geldige postcode. Schrijf een postcode als 1234 AB.",
	"search.rule.postcode.postcode":   "Schrijf de postcode als 1234 AB.",
	"search.rule.unknown":             "Een deel is geen naam, datum, BSN of postcode. Typ een naam, een BSN, een geboortedatum (dd-mm-jjjj), een postcode met huisnummer of een melding- of dossiernummer.",
	"search.rule.min_length":          "Typ minstens twee letters van de achternaam.",
	"search.rule.needs_surname":       "Zoek op voornaam samen met een achternaam.",
	"search.rule.format":              "Schrijf het huisnummer als 12 of 12A.",
	"search.rule.needs_postcode":      "Zoek op huisnummer samen met een postcode.",

	// Alerts (package alerts): the list's filters, acknowledging one and
	// acknowledging several.
	"alert.rule.unknown":          "Deze keuze bestaat niet.",
	"alert.rule.unknown.rule":     "Deze soort signalering bestaat niet.",
	"alert.rule.unknown.severity": "Deze urgentie bestaat niet.",
	"alert.rule.not_member":       "U bent geen lid van dit team.",
	"alert.rule.order":            "De begindatum moet voor de einddatum liggen.",
	"alert.rule.required":         "Dit veld is verplicht.",
	"alert.rule.required.ids":     "Kies minstens één signalering.",
	"alert.rule.required.note":    "Schrijf in de notitie wat u met het signaal heeft gedaan.",
	"alert.rule.max_items":        "Kies hoogstens {count} signaleringen tegelijk.",
	"alert.rule.max_length":       "De notitie mag hoogstens {length} tekens lang zijn.",
	"alert.rule.text":             "De notitie bevat ongeldige tekens.",
	"alert.field.rule":            "Soort",
	"alert.field.severity":        "Urgentie",
	"alert.field.team":            "Team",
	"alert.field.leeftijd":        "Leeftijd",
	"alert.field.created_after":   "Leeftijd",
	"alert.field.voor":            "Pagina",

	// The statistics' period (package stats).
	"stats.rule.exclusive":      "Kies een jaar en kwartaal, of een begin- en einddatum, niet allebei.",
	"stats.rule.order":          "De einddatum mag niet voor de begindatum liggen.",
	"stats.rule.range":          "Vul een datum in tussen 1 januari {min} en 31 december {max}.",
	"stats.rule.range.jaar":     "Vul een jaar in van {min} tot en met {max}.",
	"stats.rule.range.kwartaal": "Kies het 1e, 2e, 3e of 4e kwartaal.",
	"stats.rule.required":       "Vul een datum in.",
	"stats.rule.date":           "Vul een datum in als 31-03-2024.",

	// The registry's review list, merges and their undoing (package
	// registry), on the radar's pages.
	"registry.rule.required":           "Dit veld is verplicht.",
	"registry.rule.required.person_id": "Vul het persoonsnummer in.",
	"registry.rule.required.version":   "De pagina is verouderd: laad de pagina opnieuw.",
	"registry.rule.required.note":      "Schrijf in de notitie kort op waarom.",
	"registry.rule.required.reason":    "Schrijf in de reden kort op waarom.",
	"registry.rule.required.by":        "Wie dit doet ontbreekt.",
	"registry.rule.max_length":         "De notitie mag hoogstens {max} tekens lang zijn.",
	"registry.rule.max_length.reason":  "De reden mag hoogstens {max} tekens lang zijn.",
	"registry.rule.enum":               "Kies een van de mogelijkheden.",
	"registry.rule.enum.status":        "Deze status bestaat niet.",
	"registry.rule.enum.decision":      "Kies: zelfde persoon of verschillende personen.",
	"registry.rule.range":              "Kies 1 tot 200 regels.",
	"registry.rule.different":          "Een persoon kan niet met zichzelf worden samengevoegd.",

	// A data subject's objection on the access page (package
	// subjectaccess); the page puts the field's name before it.
	"access.rule.enum":         "Kies waar het bezwaar over gaat: persoon, melding of dossier.",
	"access.rule.required":     "Vul in welke uitspraak wordt betwist.",
	"access.rule.sentence":     "Schrijf op wat de persoon aanvoert (minstens 10 tekens).",
	"access.rule.text":         "De tekst is ongeldig of langer dan 4000 tekens.",
	"access.rule.about_person": "Deze melding of dit dossier gaat niet over deze persoon.",

	// Retention (package retention): placing and lifting a legal hold
	// (retain.rule), and the retention rule of the configuration.
	"retain.rule.enum":          "Kies een dossier of persoon.",
	"retain.rule.positive":      "Vul het nummer van het dossier of de persoon in.",
	"retain.rule.positive.hold": "Kies de bewaarplicht die u opheft.",
	"retain.rule.sentence":      "Schrijf waarom het dossier bewaard moet blijven, in minstens 10 tekens.",
	"retain.rule.required":      "De bewaarregel heeft een naam nodig.",
	"retain.rule.range":         "Deze termijn valt buiten wat de bewaarregel toestaat.",
	"retain.lift.rule.sentence": "Schrijf waarom de bewaarplicht wordt opgeheven, in minstens 10 tekens.",
}
