package authz

import (
	"slices"
	"sync"
)

// Action is what a user wants to do. The names match the audit log's
// actions where both exist (report.view, person.merge, break_glass...).
type Action string

// Actions of the whole product. Every action has exactly one rule in
// rules below; Actions lists them, and the matrix test fails for an action
// without a row.
const (
	// Reports and advice requests.
	ActionReportCreate  Action = "report.create"  // register a report or advice request
	ActionReportList    Action = "report.list"    // list reports (rows are filtered with report.view)
	ActionReportView    Action = "report.view"    // read a report's content
	ActionReportCorrect Action = "report.correct" // record a correction to a registered report
	ActionReportStatus  Action = "report.status"  // the intake status of a report one's API client sent (no content)

	// A partner's system (API client) and the handovers to its partner.
	ActionHandoverInbox    Action = "handover.inbox"    // the handovers to one's own partner, under the partner's need-to-know
	ActionHandoverAnswer   Action = "handover.answer"   // accept or decline a handover to one's own partner
	ActionMonitoringReport Action = "monitoring.report" // report per safety condition at a monitoring moment of a handover to one's own partner

	// Persons and the radar.
	ActionPersonSearch      Action = "person.search"       // search the registry (hits are filtered with person.view)
	ActionPersonView        Action = "person.view"         // a person's page: identity and the signals about them
	ActionPersonHistoryFull Action = "person.history.full" // content of every earlier signal and case about the person, across teams and years
	ActionPersonEdit        Action = "person.edit"         // correct a registry person's data
	ActionPersonMerge       Action = "person.merge"        // merge two registry persons
	ActionPersonUnmerge     Action = "person.unmerge"      // undo a merge
	ActionReviewList        Action = "review.list"         // the radar's human review queue
	ActionReviewLink        Action = "review.link"         // confirm or reject an uncertain radar link

	// Cases.
	ActionCaseCreate     Action = "case.create"          // open a case from reports
	ActionCaseList       Action = "case.list"            // list cases (rows are filtered with case.view)
	ActionCaseView       Action = "case.view"            // read a case's content
	ActionCaseEdit       Action = "case.edit"            // contacts, notes, safety plan, conditions, instruments, monitoring results
	ActionCaseTransition Action = "case.transition"      // move the case through the process
	ActionCaseAssign     Action = "case.assign"          // assign workers or move the case to another team
	ActionCaseHandover   Action = "case.handover"        // hand the case over to a partner
	ActionHandoverAccept Action = "case.handover.accept" // accept or decline a handover to one's own team (Team Monitoring)
	ActionCaseReopen     Action = "case.reopen"          // reopen a closed case
	ActionPoliceReport   Action = "case.police_report"   // record a report to the police (a disclosure, with its legal ground)
	ActionQueueView      Action = "queue.view"           // work queues with deadlines (rows are filtered with case.view)

	// Decisions: one proposes, a second approves or refuses.
	ActionDecisionPropose Action = "decision.propose"
	ActionDecisionApprove Action = "decision.approve" // approve or refuse; never one's own proposal

	// Alerts raised by escalation rules.
	ActionAlertList Action = "alert.list"
	ActionAlertAck  Action = "alert.ack"

	// Reporter identity, letters and exports.
	ActionReporterIdentityView Action = "reporter.identity.view" // name and contact details of the reporter
	ActionLetterGenerate       Action = "letter.generate"        // closing letter, feedback to the reporter
	ActionExport               Action = "export"                 // copy a file out of Toren (to a partner, the Raad, print)

	// Statistics: pseudonymised only.
	ActionStatsView   Action = "stats.view"
	ActionStatsExport Action = "stats.export" // the statutory delivery (CBS registration)

	// Break the glass.
	ActionBreakGlass       Action = "break_glass"        // ask for a break-glass grant on an object
	ActionBreakGlassReview Action = "break_glass.review" // the list of break-glass accesses to review

	// Privacy and audit.
	ActionAuditView           Action = "audit.view"            // the whole audit log
	ActionAuditViewPerson     Action = "audit.view.person"     // who looked at a person's file (GDPR access)
	ActionAuditVerify         Action = "audit.verify"          // check the hash chain; shows no content
	ActionPersonAccessRequest Action = "person.access_request" // compile a data subject's copy of their file
	ActionRetentionManage     Action = "retention.manage"      // legal holds and destruction after the retention term

	// Incident reports (MIC).
	ActionIncidentCreate Action = "incident.create"
	ActionIncidentView   Action = "incident.view"

	// Administration: no case content.
	ActionUserManage      Action = "user.manage"
	ActionCatalogueManage Action = "catalogue.manage"
	ActionSettingsManage  Action = "settings.manage"
	ActionClientManage    Action = "client.manage" // register, rotate and revoke API clients
)

// access says what the object must be to the actor.
type access int

const (
	// byRole: the role suffices. Collection actions, and organisation-wide
	// tasks on one object (the radar's merge and review).
	byRole access = iota
	// byContent: full for the owning team and assigned workers, signal-only
	// for other workers. Reads only.
	byContent
	// byTeam: full for the owning team and assigned workers, nothing for
	// anyone else.
	byTeam
	// byTeamMembership: only members of an owning team; assignment alone
	// is not enough (a team leader assigns the work of their own team).
	byTeamMembership
	// byReporter: reporter identity rules (see decideReporter).
	byReporter
	// byApproval: second pair of eyes (see CanApprove).
	byApproval
	// byGlassRequest: asking for a break-glass grant (see decideGlassRequest).
	byGlassRequest
)

// state says in which state of the object the action is possible.
type state int

const (
	anyState   state = iota
	openOnly         // a change: never on a closed case (reopen it first)
	closedOnly       // only on a closed case (reopen)
	// currentOnly gives full access only while the involvement is current;
	// afterwards the owning team too sees signals only.
	currentOnly
)

// rule is the policy of one action.
type rule struct {
	action Action
	label  string // Dutch, for the UI's overview of permissions
	kinds  []Kind // object kinds it applies to; nil: a collection action without an object
	roles  []Role
	access access
	state  state
	glass  bool // an intake worker may open it with a break-glass grant
}

// rules returns the policy, one rule per action, in the order the README
// shows them. It is built per call so that no shared table can be
// changed; ruleIndex indexes it once for Decide.
func rules() []rule {
	all := Roles()
	return []rule{
		{ActionReportCreate, "Melding of adviesvraag registreren", nil, caseworkers(), byRole, anyState, false},
		{ActionReportList, "Meldingen tonen", nil, workers(), byRole, anyState, false},
		{ActionReportView, "Melding inzien", []Kind{KindReport}, workers(), byContent, anyState, true},
		{ActionReportCorrect, "Melding corrigeren", []Kind{KindReport}, writers(), byTeam, openOnly, false},
		// Only API clients (a scope) read a report's intake status: staff
		// read the report itself.
		{ActionReportStatus, "Status van een eigen aangeleverde melding opvragen (koppeling)", []Kind{KindReport}, nil, byRole, anyState, false},
		// Only API clients linked to a partner (a scope) use these: staff
		// record a partner's answer with case.handover and monitoring
		// results with case.edit.
		{ActionHandoverInbox, "Overdrachten aan de eigen partner lezen (koppeling)", nil, nil, byRole, anyState, false},
		{ActionHandoverAnswer, "Overdracht aan de eigen partner aannemen of afwijzen (koppeling)", []Kind{KindHandover}, nil, byRole, anyState, false},
		{ActionMonitoringReport, "Per veiligheidsvoorwaarde terugmelden bij een monitoringmoment (koppeling)", []Kind{KindHandover}, nil, byRole, anyState, false},

		{ActionPersonSearch, "Personen zoeken", nil, workers(), byRole, anyState, false},
		{ActionPersonView, "Persoon inzien", []Kind{KindPerson}, workers(), byContent, anyState, true},
		{ActionPersonHistoryFull, "Volledige voorgeschiedenis inzien", []Kind{KindPerson}, workers(), byContent, currentOnly, true},
		{ActionPersonEdit, "Persoonsgegevens corrigeren", []Kind{KindPerson}, writers(), byTeam, openOnly, false},
		{ActionPersonMerge, "Personen samenvoegen", []Kind{KindPerson}, []Role{RoleIntake, RoleTeamLeader}, byRole, anyState, false},
		{ActionPersonUnmerge, "Samenvoeging ongedaan maken", []Kind{KindPerson}, []Role{RoleIntake, RoleTeamLeader}, byRole, anyState, false},
		{ActionReviewList, "Koppelingen beoordelen (lijst)", nil, []Role{RoleIntake, RoleCaseManager, RoleTeamLeader}, byRole, anyState, false},
		{ActionReviewLink, "Koppeling bevestigen of afwijzen", []Kind{KindReview}, []Role{RoleIntake, RoleCaseManager, RoleTeamLeader}, byRole, anyState, false},

		{ActionCaseCreate, "Dossier openen", nil, []Role{RoleIntake, RoleCaseManager, RoleTeamLeader}, byRole, anyState, false},
		{ActionCaseList, "Dossiers tonen", nil, workers(), byRole, anyState, false},
		{ActionCaseView, "Dossier inzien", []Kind{KindCase}, workers(), byContent, anyState, true},
		{ActionCaseEdit, "Dossier bijwerken", []Kind{KindCase}, writers(), byTeam, openOnly, false},
		{ActionCaseTransition, "Dossier naar volgende stap", []Kind{KindCase}, writers(), byTeam, openOnly, false},
		{ActionCaseAssign, "Dossier toewijzen", []Kind{KindCase}, []Role{RoleTeamLeader}, byTeamMembership, openOnly, false},
		{ActionCaseHandover, "Dossier overdragen", []Kind{KindCase}, []Role{RoleCaseManager, RoleInterventionTeam, RoleTeamLeader}, byTeam, openOnly, false},
		{ActionHandoverAccept, "Overdracht aan het eigen team aannemen", []Kind{KindCase}, []Role{RoleMonitoring, RoleTeamLeader}, byTeamMembership, openOnly, false},
		{ActionPoliceReport, "Melding bij de politie vastleggen", []Kind{KindCase}, []Role{RoleCaseManager, RoleInterventionTeam, RoleTeamLeader}, byTeam, openOnly, false},
		{ActionCaseReopen, "Dossier heropenen", []Kind{KindCase}, []Role{RoleCaseManager, RoleMonitoring, RoleTeamLeader}, byTeam, closedOnly, false},
		{ActionQueueView, "Werkvoorraad tonen", nil, workers(), byRole, anyState, false},

		{ActionDecisionPropose, "Besluit voorstellen", []Kind{KindCase}, writers(), byTeam, openOnly, false},
		{ActionDecisionApprove, "Besluit goedkeuren of afwijzen", []Kind{KindDecision}, []Role{RoleBehaviouralScientist, RoleTeamLeader}, byApproval, openOnly, false},

		{ActionAlertList, "Signaleringen tonen", nil, workers(), byRole, anyState, false},
		{ActionAlertAck, "Signalering afhandelen", []Kind{KindAlert}, writers(), byTeam, anyState, false},

		{ActionReporterIdentityView, "Identiteit melder inzien", []Kind{KindReport, KindCase}, workers(), byReporter, anyState, false},
		{ActionLetterGenerate, "Brief maken", []Kind{KindCase}, writers(), byTeam, openOnly, false},
		{ActionExport, "Dossier exporteren of afdrukken", []Kind{KindCase, KindReport, KindPerson}, []Role{RoleCaseManager, RoleInterventionTeam, RoleTeamLeader}, byTeam, anyState, false},

		{ActionStatsView, "Statistiek inzien (gepseudonimiseerd)", nil, []Role{RoleBehaviouralScientist, RoleTeamLeader, RoleAnalyst}, byRole, anyState, false},
		{ActionStatsExport, "Statistiek aanleveren", nil, []Role{RoleAnalyst}, byRole, anyState, false},

		{ActionBreakGlass, "Noodtoegang vragen", []Kind{KindCase, KindReport, KindPerson}, []Role{RoleIntake}, byGlassRequest, anyState, false},
		{ActionBreakGlassReview, "Noodtoegang nakijken", nil, []Role{RoleTeamLeader, RolePrivacyOfficer}, byRole, anyState, false},

		{ActionAuditView, "Logboek inzien", nil, []Role{RolePrivacyOfficer}, byRole, anyState, false},
		{ActionAuditViewPerson, "Logboek van een persoon inzien", []Kind{KindPerson}, []Role{RolePrivacyOfficer}, byRole, anyState, false},
		{ActionAuditVerify, "Logboek controleren", nil, []Role{RoleAdmin, RolePrivacyOfficer}, byRole, anyState, false},
		{ActionPersonAccessRequest, "Inzageverzoek afhandelen", []Kind{KindPerson}, []Role{RolePrivacyOfficer}, byRole, anyState, false},
		{ActionRetentionManage, "Bewaartermijnen beheren", nil, []Role{RolePrivacyOfficer}, byRole, anyState, false},

		{ActionIncidentCreate, "Incident melden (MIC)", nil, all, byRole, anyState, false},
		{ActionIncidentView, "Incidentmeldingen inzien", nil, []Role{RoleTeamLeader}, byRole, anyState, false},

		{ActionUserManage, "Gebruikers beheren", nil, []Role{RoleAdmin}, byRole, anyState, false},
		{ActionCatalogueManage, "Keuzelijsten beheren", nil, []Role{RoleAdmin}, byRole, anyState, false},
		{ActionSettingsManage, "Instellingen beheren", nil, []Role{RoleAdmin}, byRole, anyState, false},
		{ActionClientManage, "Koppelingen (API-clients) beheren", nil, []Role{RoleAdmin}, byRole, anyState, false},
	}
}

// Actions lists every action, in the order of the policy table.
func Actions() []Action {
	rs := rules()
	out := make([]Action, len(rs))
	for i, r := range rs {
		out[i] = r.action
	}
	return out
}

// ruleIndex is rules by action, built on first use. It is read-only after
// that: rule's slices never leave the package (Kinds returns a copy).
var ruleIndex = sync.OnceValue(func() map[Action]rule {
	m := map[Action]rule{}
	for _, r := range rules() {
		m[r.action] = r
	}
	return m
})

// ruleFor returns the rule of action.
func ruleFor(action Action) (rule, bool) {
	r, ok := ruleIndex()[action]
	return r, ok
}

// Valid reports whether a is one of Actions.
func (a Action) Valid() bool {
	_, ok := ruleFor(a)
	return ok
}

// Label returns the Dutch description of the action, or "" when unknown.
func (a Action) Label() string {
	r, _ := ruleFor(a)
	return r.label
}

// Kinds returns the object kinds the action applies to; nil for a
// collection action, which takes no object.
func (a Action) Kinds() []Kind {
	r, _ := ruleFor(a)
	return slices.Clone(r.kinds)
}

// Permitted reports whether any role of the actor may ever perform the
// action, on some object. It is the route-level check (Gate) made before
// the object is loaded; Decide then checks the object.
func Permitted(a Actor, action Action) bool {
	r, ok := ruleFor(action)
	if ok && a.IsClient() {
		return permittedClient(a, action)
	}
	if ok && a.IsConsole() && slices.Contains(ConsoleActions(), action) {
		return true
	}
	return ok && a.known() && slices.ContainsFunc(a.Roles, func(role Role) bool { return slices.Contains(r.roles, role) })
}
