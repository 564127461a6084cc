package demo

import (
	"time"

	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/toren"
)

// CaseScript is how a story's case ran through the process after its
// reports came in, so that the demo shows the case in its state: who did
// what, when. The demo command plays it through the casework service.
type CaseScript struct {
	Story string
	// ReportKeys are the idempotency keys of the reports the case opens from.
	ReportKeys []string
	Events     []CaseEvent
}

// CaseEvent is one thing done in a case. Exactly one of the action fields
// is set. The player fills in what only the database knows: report IDs,
// versions, the IDs of the conditions that travel with a handover (all
// that must hold) and the decision to approve (the last one proposed).
type CaseEvent struct {
	At time.Time
	As string // demo account: intake, casemanager, gedragswetenschapper, teamleider, monitoring

	Open           *casework.OpenRequest
	Step           cases.TransitionName
	Propose        *casework.DecisionInput
	Approve        bool
	AssignTo       *Assignment
	Contact        *casework.ContactInput
	Informant      *casework.InformantInput
	Agreement      *casework.AgreementInput
	Condition      *casework.ConditionInput
	Phase          casework.Phase
	Handover       *casework.HandoverInput
	AcceptHandover bool
	Letter         *casework.LetterInput
	Feedback       *casework.FeedbackInput // ReportID: the first report's, when 0
}

// Assignment names a team and its workers by demo account.
type Assignment struct {
	Team    string
	Workers []string
}

// CaseScripts returns the scripts of the seed stories, dated relative to
// now like Seed: Lisanne's case in Voorwaarden & Vervolg with the closure
// of the service waiting for the behavioural scientist's approval, and the
// pregnant mother's case handed over and in monitoring, its first moment
// a few weeks ahead.
func CaseScripts(now time.Time) []CaseScript {
	c := clock{now: now.In(toren.Amsterdam)}
	return []CaseScript{lisanneScript(c), pregnancyScript(c)}
}

func day(c clock, daysAgo int) toren.Date { return toren.DateOf(c.at(daysAgo, 12, 0)) }

func lisanneScript(c clock) CaseScript {
	conditions := lisanneCase(c)[0].Conditions
	ev := []CaseEvent{
		{At: c.at(11, 10, 40), As: "intake", Open: &casework.OpenRequest{Team: "Frontoffice",
			Summary: "Escalatie tussen ex-partners bij de opvang; drie kinderen getuige. Twee meldingen: politie en zorgaanbieder."}},
		{At: c.at(11, 10, 45), As: "intake", Step: cases.StartSafetyAssessment},
		{At: c.at(11, 11, 30), As: "intake", Propose: &casework.DecisionInput{Kind: casework.KindSafetyAssessment,
			Outcome: casework.OutcomeVTService, StructuralUnsafety: true, TriageRule: casework.RuleDirectIntervention,
			RiskColour: cases.ColourOrange,
			Reasoning:  "Vader accepteert de breuk niet; eerder fysiek geweld; de opvang twijfelt of zij de veiligheid kan waarborgen."}},
		{At: c.at(10, 9, 15), As: "gedragswetenschapper", Approve: true},
		{At: c.at(10, 9, 20), As: "intake", Propose: &casework.DecisionInput{Kind: casework.KindInterventionChoice,
			Outcome:   string(cases.DecideConditions),
			Reasoning: "Ouders zijn bereikbaar en moeder staat open voor hulp; bevestigen of weerleggen is niet nodig."}},
		{At: c.at(10, 10, 0), As: "gedragswetenschapper", Approve: true},
		{At: c.at(10, 10, 30), As: "teamleider", AssignTo: &Assignment{Team: "Backoffice", Workers: []string{"casemanager"}}},
		{At: c.at(10, 14, 0), As: "casemanager", Feedback: &casework.FeedbackInput{Moment: casework.FeedbackAfterAssessment,
			Channel: casework.ChannelPhone, FollowUpStarted: true, Summary: "Politie geïnformeerd: Veilig Thuis start Voorwaarden & Vervolg."}},
		{At: c.at(9, 10, 0), As: "casemanager", Contact: &casework.ContactInput{With: "Marieke Bakker, Stichting Opvang De Linde",
			Role: casework.WithReporter, Channel: casework.ChannelPhone,
			Summary: "Eerder ook fysiek geweld; angst dat vader opnieuw agressief wordt. De opvang kan de veiligheid mogelijk niet waarborgen."}},
		{At: c.at(8, 13, 0), As: "casemanager", Contact: &casework.ContactInput{With: "Moeder, vader en het wijkteam",
			Role: casework.WithParent, Channel: casework.ChannelVideo,
			Summary: "Eerste gesprek digitaal op verzoek van moeder; wijkteam aanwezig. Geweld besproken en veiligheidsafspraken gemaakt. " +
				"Moeder wil hulp bij omgang en ouderschapsplan; vader ziet daar de noodzaak niet van."}},
	}
	for _, ag := range []struct{ who, what string }{
		{"Vader en moeder", "Duidelijke omgangsregeling voor vader en de kinderen."},
		{"Ouders", "Overdracht van de kinderen op het kantoor van de zorgaanbieder; moeder wacht binnen tot vader weg is."},
		{"Politie", "Afspraak op locatie en afspraak op persoon vastleggen."},
	} {
		ev = append(ev, CaseEvent{At: c.at(8, 13, 40), As: "casemanager",
			Agreement: &casework.AgreementInput{Who: ag.who, What: ag.what, Due: day(c, 1)}})
	}
	for _, text := range conditions {
		ev = append(ev, CaseEvent{At: c.at(8, 13, 45), As: "casemanager",
			Condition: &casework.ConditionInput{Text: text, CheckedBy: "Team Monitoring"}})
	}
	ev = append(ev,
		CaseEvent{At: c.at(8, 13, 50), As: "casemanager", Phase: casework.PhaseDirectSafety},
		CaseEvent{At: c.at(6, 10, 0), As: "casemanager", Contact: &casework.ContactInput{With: "Fleur (11 jaar)",
			Role: casework.WithChild, Channel: casework.ChannelSchoolWithoutParents, Summary: "Oudste kind op school gesproken, zonder ouders erbij."}},
		CaseEvent{At: c.at(6, 15, 0), As: "casemanager", Contact: &casework.ContactInput{With: "Sem en Daan (4 jaar), met moeder",
			Role: casework.WithChild, Channel: casework.ChannelInPerson, Summary: "De tweeling gesproken in het bijzijn van moeder."}},
		CaseEvent{At: c.at(5, 11, 0), As: "casemanager", Informant: &casework.InformantInput{Name: "Leerkracht groep 8",
			Organisation: "Basisschool van Fleur", Function: "leerkracht", SignalFunction: true,
			Note: "Zicht op Fleur op school; signaalfunctie belegd."}},
		CaseEvent{At: c.at(3, 14, 0), As: "casemanager", Contact: &casework.ContactInput{With: "Ouders, zorgaanbieder en wijkteam",
			Role: casework.WithNetwork, Channel: casework.ChannelInPerson,
			Summary: "Bevindingen besproken: hulp gericht op het verbreken van de relatie en coördinatie op lange termijn nodig. " +
				"Intake bij een nieuwe zorgaanbieder snel gepland."}},
		CaseEvent{At: c.at(2, 14, 0), As: "casemanager", Handover: &casework.HandoverInput{Partner: "Team Monitoring Veilig Thuis",
			PartnerKind: casework.PartnerTeamMonitoring, CaseDirector: "Gemeente (coördinatie op risico's en herstel)",
			ReportsBack:    "School en zorgaanbieder melden nieuwe signalen; de gemeente meldt schending van de voorwaarden",
			ReportBackWhen: "Direct bij een schending; verder bij de monitoringmomenten na 3 maanden en 1 jaar"}},
		CaseEvent{At: c.at(1, 16, 0), As: "casemanager", Letter: &casework.LetterInput{Kind: casework.LetterClosing,
			Recipient: "Moeder en vader"}},
		CaseEvent{At: c.at(1, 16, 30), As: "casemanager", Propose: &casework.DecisionInput{Kind: casework.KindClosure,
			Outcome:   string(cases.HandOverConditions),
			Reasoning: "De veiligheidsvoorwaarden zijn met alle betrokkenen gesteld; Team Monitoring toetst ze bij gezin en hulpverlening."}},
	)
	return CaseScript{Story: "lisanne", ReportKeys: []string{"demo:lisanne:police", "demo:lisanne:care"}, Events: ev}
}

func pregnancyScript(c clock) CaseScript {
	conditions := pregnancyCase(c)[0].Conditions
	ev := []CaseEvent{
		{At: c.at(80, 15, 0), As: "intake", Open: &casework.OpenRequest{Team: "Frontoffice",
			Summary: "Zwangere moeder met verslavingsproblematiek trekt zich terug uit behandeling."}},
		{At: c.at(80, 15, 5), As: "intake", Step: cases.StartSafetyAssessment},
		{At: c.at(80, 16, 0), As: "intake", Propose: &casework.DecisionInput{Kind: casework.KindSafetyAssessment,
			Outcome: casework.OutcomeVTService, StructuralUnsafety: true, TriageRule: casework.RuleVeiligThuis, RiskColour: cases.ColourYellow,
			Reasoning: "Gebruik van alcohol en cannabis tijdens de zwangerschap kan het ongeboren kind ernstig schaden; eerder huiselijk geweld."}},
		{At: c.at(79, 9, 30), As: "gedragswetenschapper", Approve: true},
		{At: c.at(79, 9, 35), As: "intake", Propose: &casework.DecisionInput{Kind: casework.KindInterventionChoice,
			Outcome:   string(cases.DecideConditions),
			Reasoning: "Moeder is bereid en in staat mee te werken; bevestigen of weerleggen is niet nodig."}},
		{At: c.at(79, 10, 0), As: "gedragswetenschapper", Approve: true},
		{At: c.at(79, 10, 30), As: "teamleider", AssignTo: &Assignment{Team: "Backoffice", Workers: []string{"casemanager"}}},
		{At: c.at(78, 11, 0), As: "casemanager", Feedback: &casework.FeedbackInput{Moment: casework.FeedbackAfterAssessment,
			Channel: casework.ChannelPhone, FollowUpStarted: true, ReporterHasRole: true,
			Summary: "Melder geïnformeerd: Veilig Thuis start Voorwaarden & Vervolg en spreekt haar als betrokken hulpverlener."}},
	}
	for i, ct := range []casework.ContactInput{
		{With: "Moeder", Role: casework.WithParent, Channel: casework.ChannelHomeVisit,
			Summary: "Moeder heeft haar behandeling bij een andere behandelaar opgepakt en is sindsdien clean."},
		{With: "Partner van moeder", Role: casework.WithNetwork, Channel: casework.ChannelHomeVisit,
			Summary: "Geen zorgen over huiselijk geweld in de relatie."},
		{With: "Sandra Veenstra, Verslavingszorg IJsselland", Role: casework.WithReporter, Channel: casework.ChannelPhone,
			Summary: "Zorgen over de behandeltrouw; twijfel aan opvoedkwaliteiten; denkt aan een dwangkader."},
		{With: "Ambulant begeleider van moeder", Role: casework.WithPartner, Channel: casework.ChannelPhone,
			Summary: "Moeder werkt goed mee en maakt een omslag in de goede richting."},
	} {
		ev = append(ev, CaseEvent{At: c.at(75-2*i, 10, 0), As: "casemanager", Contact: &ct})
	}
	for _, text := range conditions {
		ev = append(ev, CaseEvent{At: c.at(68, 14, 0), As: "casemanager",
			Condition: &casework.ConditionInput{Text: text, CheckedBy: "Procesregisseur Veilig Thuis, met de ambulant begeleider"}})
	}
	ev = append(ev,
		CaseEvent{At: c.at(68, 14, 10), As: "casemanager", Phase: casework.PhaseStabilisation},
		CaseEvent{At: c.at(66, 10, 0), As: "casemanager", Handover: &casework.HandoverInput{Partner: "Ambulante begeleiding",
			PartnerKind: casework.PartnerCareProvider, CaseDirector: "Ambulant begeleider van moeder",
			ReportsBack:    "Meldt Veilig Thuis wanneer moeder zich niet aan de voorwaarden houdt en de situatie weer onveilig is",
			ReportBackWhen: "Direct"}},
		CaseEvent{At: c.at(65, 11, 0), As: "casemanager", Letter: &casework.LetterInput{Kind: casework.LetterClosing, Recipient: "Moeder"}},
		CaseEvent{At: c.at(65, 11, 30), As: "casemanager", Propose: &casework.DecisionInput{Kind: casework.KindClosure,
			Outcome: string(cases.HandOverConditions), Reasoning: "Een dwangkader is niet logisch; de voorwaarden zijn gesteld en belegd."}},
		CaseEvent{At: c.at(64, 9, 0), As: "gedragswetenschapper", Approve: true},
		CaseEvent{At: c.at(63, 10, 0), As: "casemanager", AcceptHandover: true},
		CaseEvent{At: c.at(63, 10, 5), As: "casemanager", Step: cases.StartMonitoring},
		CaseEvent{At: c.at(63, 10, 30), As: "teamleider", AssignTo: &Assignment{Team: "Team Monitoring", Workers: []string{"monitoring"}}},
	)
	return CaseScript{Story: "pregnancy", ReportKeys: []string{"demo:pregnancy:addiction-care"}, Events: ev}
}
