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
		{ActionReportCreate, nil, caseworkers(), byRole, anyState, false},
		{ActionReportList, nil, workers(), byRole, anyState, false},
		{ActionReportView, []Kind{KindReport}, workers(), byContent, anyState, true},
		{ActionReportCorrect, []Kind{KindReport}, writers(), byTeam, openOnly, false},
		// Only API clients (a scope) read a report's intake status: staff
		// read the report itself.
		{ActionReportStatus, []Kind{KindReport}, nil, byRole, anyState, false},
		// Only API clients linked to a partner (a scope) use these: staff
		// record a partner's answer with case.handover and monitoring
		// results with case.edit.
		{ActionHandoverInbox, nil, nil, byRole, anyState, false},
		{ActionHandoverAnswer, []Kind{KindHandover}, nil, byRole, anyState, false},
		{ActionMonitoringReport, []Kind{KindHandover}, nil, byRole, anyState, false},

		{ActionPersonSearch, nil, workers(), byRole, anyState, false},
		{ActionPersonView, []Kind{KindPerson}, workers(), byContent, anyState, true},
		{ActionPersonHistoryFull, []Kind{KindPerson}, workers(), byContent, currentOnly, true},
		{ActionPersonEdit, []Kind{KindPerson}, writers(), byTeam, openOnly, false},
		{ActionPersonMerge, []Kind{KindPerson}, []Role{RoleIntake, RoleTeamLeader}, byRole, anyState, false},
		{ActionPersonUnmerge, []Kind{KindPerson}, []Role{RoleIntake, RoleTeamLeader}, byRole, anyState, false},
		{ActionReviewList, nil, []Role{RoleIntake, RoleCaseManager, RoleTeamLeader}, byRole, anyState, false},
		{ActionReviewLink, []Kind{KindReview}, []Role{RoleIntake, RoleCaseManager, RoleTeamLeader}, byRole, anyState, false},

		{ActionCaseCreate, nil, []Role{RoleIntake, RoleCaseManager, RoleTeamLeader}, byRole, anyState, false},
		{ActionCaseList, nil, workers(), byRole, anyState, false},
		{ActionCaseView, []Kind{KindCase}, workers(), byContent, anyState, true},
		{ActionCaseEdit, []Kind{KindCase}, writers(), byTeam, openOnly, false},
		{ActionCaseTransition, []Kind{KindCase}, writers(), byTeam, openOnly, false},
		{ActionCaseAssign, []Kind{KindCase}, []Role{RoleTeamLeader}, byTeamMembership, openOnly, false},
		{ActionCaseHandover, []Kind{KindCase}, []Role{RoleCaseManager, RoleInterventionTeam, RoleTeamLeader}, byTeam, openOnly, false},
		{ActionHandoverAccept, []Kind{KindCase}, []Role{RoleMonitoring, RoleTeamLeader}, byTeamMembership, openOnly, false},
		{ActionPoliceReport, []Kind{KindCase}, []Role{RoleCaseManager, RoleInterventionTeam, RoleTeamLeader}, byTeam, openOnly, false},
		{ActionCaseReopen, []Kind{KindCase}, []Role{RoleCaseManager, RoleMonitoring, RoleTeamLeader}, byTeam, closedOnly, false},
		{ActionQueueView, nil, workers(), byRole, anyState, false},

		{ActionDecisionPropose, []Kind{KindCase}, writers(), byTeam, openOnly, false},
		{ActionDecisionApprove, []Kind{KindDecision}, []Role{RoleBehaviouralScientist, RoleTeamLeader}, byApproval, openOnly, false},

		{ActionAlertList, nil, workers(), byRole, anyState, false},
		{ActionAlertAck, []Kind{KindAlert}, writers(), byTeam, anyState, false},

		{ActionReporterIdentityView, []Kind{KindReport, KindCase}, workers(), byReporter, anyState, false},
		{ActionLetterGenerate, []Kind{KindCase}, writers(), byTeam, openOnly, false},
		{ActionExport, []Kind{KindCase, KindReport, KindPerson}, []Role{RoleCaseManager, RoleInterventionTeam, RoleTeamLeader}, byTeam, anyState, false},

		{ActionStatsView, nil, []Role{RoleBehaviouralScientist, RoleTeamLeader, RoleAnalyst}, byRole, anyState, false},
		{ActionStatsExport, nil, []Role{RoleAnalyst}, byRole, anyState, false},

		{ActionBreakGlass, []Kind{KindCase, KindReport, KindPerson}, []Role{RoleIntake}, byGlassRequest, anyState, false},
		{ActionBreakGlassReview, nil, []Role{RoleTeamLeader, RolePrivacyOfficer}, byRole, anyState, false},

		{ActionAuditView, nil, []Role{RolePrivacyOfficer}, byRole, anyState, false},
		{ActionAuditViewPerson, []Kind{KindPerson}, []Role{RolePrivacyOfficer}, byRole, anyState, false},
		{ActionAuditVerify, nil, []Role{RoleAdmin, RolePrivacyOfficer}, byRole, anyState, false},
		{ActionPersonAccessRequest, []Kind{KindPerson}, []Role{RolePrivacyOfficer}, byRole, anyState, false},
		{ActionRetentionManage, nil, []Role{RolePrivacyOfficer}, byRole, anyState, false},

		{ActionIncidentCreate, nil, all, byRole, anyState, false},
		{ActionIncidentView, nil, []Role{RoleTeamLeader}, byRole, anyState, false},

		{ActionUserManage, nil, []Role{RoleAdmin}, byRole, anyState, false},
		{ActionCatalogueManage, nil, []Role{RoleAdmin}, byRole, anyState, false},
		{ActionSettingsManage, nil, []Role{RoleAdmin}, byRole, anyState, false},
		{ActionClientManage, nil, []Role{RoleAdmin}, byRole, anyState, false},
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
