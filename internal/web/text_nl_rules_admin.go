package web

// textNLRulesAdmin is the part of the Dutch catalogue (text.go) that words
// the rules of management and sign-in: accounts, clients, partners,
// emergency access, sessions, imports and drafts.
//
// A service refuses a field by field and rule code; the page words it by
// <list>.<rule>.<field> or <list>.<rule> (ruleWords, ruleFieldErrors).
// The words stand next to the field or in a line that names the form, so
// each says which field it is about. "{name}" is a limit the page fills
// in from the service's constant.
var textNLRulesAdmin = catalogue{
	// Accounts and teams (package accounts, store's accounts.go), on
	// /beheer/gebruikers and /beheer/teams.
	"account.rule.format.username":       "De gebruikersnaam moet bestaan uit 1 tot 64 letters, cijfers of . _ - @.",
	"account.rule.format.roles":          "Een rol bestaat uit kleine letters en liggende streepjes.",
	"account.rule.text.display_name":     "De naam is ongeldig of te lang.",
	"account.rule.text.email":            "Het e-mailadres is ongeldig of te lang.",
	"account.rule.text.password_hash":    "Het wachtwoord of de tweede factor is ongeldig.",
	"account.rule.text.name":             "De teamnaam moet 1 tot 100 tekens lang zijn.",
	"account.rule.positive.teams":        "Kies een bestaand team.",
	"account.rule.exists.teams":          "Kies teams uit de lijst.",
	"account.rule.required.created_at":   "De aanmaaktijd van het account ontbreekt.",
	"account.rule.required.display_name": "Vul de naam in zoals collega's die zien.",
	"account.rule.required.roles":        "Kies minstens één rol.",
	"account.rule.enum.roles":            "Kies rollen uit de lijst.",
	"account.rule.email.email":           "Schrijf een e-mailadres, bijvoorbeeld j.bakker@veiligthuis.nl.",
	"account.rule.not_self.user":         "U kunt uw eigen account niet blokkeren. Vraag een andere beheerder.",
	"account.rule.unique.username":       "Deze gebruikersnaam is al in gebruik.",
	"account.rule.unique.name":           "Er bestaat al een team met deze naam.",

	// API clients (package clients), on /beheer/koppelingen.
	"client.rule.required.name":        "Vul de naam van de organisatie en het systeem in.",
	"client.rule.max_length.name":      "De naam mag hoogstens {max_name} tekens lang zijn.",
	"client.rule.range.rate_limit":     "Kies tussen 1 en {max_rate} verzoeken per minuut.",
	"client.rule.required.partner_id":  "Kies de partnerorganisatie waarvoor deze koppeling overdrachten leest en beantwoordt.",
	"client.rule.catalogue.partner_id": "Kies een partner uit de lijst.",
	"client.rule.enum.scopes":          "Kies de rechten uit de lijst.",
	"client.rule.required.scopes":      "Kies ten minste één recht.",
	"client.rule.revoked.client":       "Deze koppeling is ingetrokken. Registreer een nieuwe.",

	// Chain partners (package partners, store's partners.go), on
	// /beheer/partners.
	"partner.rule.max_length":                "Deze tekst is te lang (hoogstens {max} tekens).",
	"partner.rule.max_length.name":           "De naam is te lang (hoogstens {max} tekens).",
	"partner.rule.max_length.contact":        "De contactpersoon is te lang (hoogstens {max} tekens).",
	"partner.rule.required.name":             "Vul de naam van de organisatie in.",
	"partner.rule.required.contact":          "Vul een contactpersoon, telefoonnummer of e-mailadres in: bij een overdracht moet de partner bereikbaar zijn.",
	"partner.rule.enum.kind":                 "Kies het soort organisatie.",
	"partner.rule.municipality.municipality": "Deze gemeente kennen we niet. Typ de naam van een Nederlandse gemeente.",
	"partner.rule.phone.phone":               "Schrijf een telefoonnummer van 10 tot 15 cijfers, bijvoorbeeld 020-1234567.",
	"partner.rule.email.email":               "Schrijf een e-mailadres, bijvoorbeeld wijkteam@gemeente.nl.",
	"partner.rule.unique.name":               "Deze partner staat al in de lijst (voor deze gemeente).",

	// Emergency access (package breakglass, authz's breakglass.go), on
	// the page that offers it and on /noodtoegang.
	"breakglass.rule.enum.reason_code":               "Kies een reden uit de lijst.",
	"breakglass.rule.sentence.reason":                "Schrijf in een zin van minstens {min} tekens waarom het dossier nu nodig is.",
	"breakglass.rule.min_length.reason":              "Geef een reden van minstens {min} tekens: waarom is het dossier nu nodig?",
	"breakglass.rule.break_glass_object.object_kind": "Noodtoegang kan alleen op een melding of persoon.",
	"breakglass.rule.break_glass_object.object":      "Noodtoegang kan alleen op een dossier, melding of persoon.",
	"breakglass.rule.required.now":                   "Het tijdstip van de noodtoegang ontbreekt.",
	"breakglass.rule.enum.outcome":                   "Kies bij het oordeel: terecht, niet terecht of navragen.",
	"breakglass.rule.max_length.note":                "De notitie mag hoogstens {max} tekens lang zijn.",
	"grants.not-reviewed":                            "Het oordeel is niet opgeslagen. Verbeter het veld hieronder.",

	// Intake drafts (store's drafts.go), in the draft's status line on
	// the intake form.
	"draft.rule.required.user_id": "Een concept hoort bij een gebruiker.",
	"draft.rule.format.key":       "De sleutel van het formulier is ongeldig.",
	"draft.rule.required.form":    "Er is nog niets ingevuld.",
	"draft.rule.max_length.form":  "Het concept is te groot om te bewaren.",
	"draft.rule.range.expires_at": "De bewaartermijn is ongeldig.",
	"draft.rule.max_items.key":    "U heeft al {max} concepten. Rond er een af of verwijder er een.",

	// Submitting a report (package intake), on the intake form: the
	// summary puts "Persoon 3: " before a person's field.
	"intake.rule.unknown.persons.person_id":  "Deze bevestiging van een koppeling hoort bij geen persoon van de melding.",
	"intake.rule.required.confirmed_by":      "Onbekend wie de koppeling bevestigt.",
	"intake.rule.max_length.idempotency_key": "De sleutel van het formulier is te lang. Open het formulier opnieuw.",

	// The kinds of chain partner (partners.Kinds), in the catalogue's
	// list and its form.
	"partner.kind.local_team":       "Wijkteam of sociaal team",
	"partner.kind.care_provider":    "Zorgaanbieder",
	"partner.kind.mental_health":    "Geestelijke gezondheidszorg (GGZ)",
	"partner.kind.addiction_care":   "Verslavingszorg",
	"partner.kind.social_work":      "Algemeen maatschappelijk werk",
	"partner.kind.youth_care":       "Jeugdzorg of CJG",
	"partner.kind.gp":               "Huisarts",
	"partner.kind.police":           "Politie",
	"partner.kind.prosecution":      "Openbaar Ministerie",
	"partner.kind.child_protection": "Raad voor de Kinderbescherming",
	"partner.kind.municipality":     "Gemeente",
	"partner.kind.school":           "School of kinderopvang",
	"partner.kind.other":            "Anders",

	// The reasons for emergency access (breakglass.Reasons), on its form
	// and the review list.
	"breakglass.reason.acute_danger":      "Acuut gevaar voor een kind of volwassene",
	"breakglass.reason.crisis_call":       "Crisisdienst: oproep buiten kantoortijd",
	"breakglass.reason.police_request":    "Politie of hulpdiensten vragen nu om informatie",
	"breakglass.reason.owner_unreachable": "Het betrokken team is niet bereikbaar en het kan niet wachten",

	// A refused sign-in (package auth's errors), next to the password or
	// code field of /inloggen.
	"signin.error.credentials":     "Gebruikersnaam of wachtwoord onjuist.",
	"signin.error.code-required":   "Voer de zescijferige code uit uw authenticator-app in.",
	"signin.error.code-invalid":    "De code is onjuist of al gebruikt. Wacht op de volgende code en probeer het opnieuw.",
	"signin.error.throttled.one":   "Te veel mislukte pogingen. Probeer het over een minuut opnieuw.",
	"signin.error.throttled.other": "Te veel mislukte pogingen. Probeer het over {n} minuten opnieuw.",
	"signin.error.failed":          "Aanmelden is niet gelukt door een storing. Probeer het later opnieuw.",
}
