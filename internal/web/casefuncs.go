package web

import (
	"html/template"
	"strconv"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/toren"
)

// statusLabel names a case file's status in the pages' language.
func statusLabel(s cases.Status) string { return codeMsg("case.status", s) }

// caseworkFuncs are the template functions of the case-work screens.
func caseworkFuncs() template.FuncMap {
	return template.FuncMap{
		"timeLeft": timeLeft,
		// label names a code of one of the case page's choice lists
		// (caseLabels), whose words are the catalogue's.
		"label":      choiceLabel,
		"phaseLabel": func(p casework.Phase) string { return codeMsg("case.gsv-phase", p) },
		"stepLabel": func(t cases.TransitionName) string {
			if t == casework.TransitionOpen {
				return msg("step.open")
			}
			if tr, ok := cases.Process().Lookup(t); ok {
				return tr.Label
			}
			return string(t)
		},
		"decisionStatus": func(s casework.DecisionStatus) string { return codeMsg("decision.status", s) },
		"momentStatus":   func(s casework.MomentStatus) string { return codeMsg("moment.status", s) },
		"roleName":       roleName,
		"dateOf":         func(d toren.Date) string { return d.Dutch() },
		"auditLabel":     auditLabel,
		"queueLabel":     QueueLabel,
		"id":             func(id int64) string { return strconv.FormatInt(id, 10) },
		// queueOf passes a table's name and items to queue-items.
		"queueOf": func(label string, items []casework.QueueItem) queueTable {
			return queueTable{Label: label, Items: items}
		},
		// groupOf passes a field and its input type to the group template.
		"groupOf": func(f Field, typ string) fieldGroup { return fieldGroup{F: f, Type: typ} },
	}
}

// roleName names a role in Dutch; "" for a code that is no role.
func roleName(r string) string {
	if !authz.Role(r).Valid() {
		return ""
	}
	return codeMsg("role", r)
}

// auditLabel names an audit action in Dutch for the case's audit trail:
// an action of the policy (action.*) or one the audit log alone knows
// (audit.action.*).
func auditLabel(action string) string {
	if authz.Action(action).Valid() {
		return codeMsg("action", action)
	}
	if key := "audit.action." + action; hasMsg(key) {
		return msg(key)
	}
	return action
}

// fieldGroup is a radio or checkbox group for the cw-group template.
type fieldGroup struct {
	F    Field
	Type string
}

// queueTable is a table of work-queue items for the queue-items template.
type queueTable struct {
	Label string
	Items []casework.QueueItem
}

// QueueLabel says in Dutch what a work-queue item asks for: a deadline by
// its name, the other kinds worded from their data through the catalogue.
// The API fills in the items' labels with it, so the JSON and the pages
// say the same.
func QueueLabel(it casework.QueueItem) string {
	switch it.Kind {
	case casework.QueueAgreement:
		return msg("queue.agreement") + " " + it.AgreementWho + ": " + it.AgreementWhat
	case casework.QueueApproval:
		return msg("queue.approval") + " " + codeMsg("case.decision-kind", it.DecisionKind)
	case casework.QueueHandover:
		if it.FromTeam == "" {
			return msg("queue.handover")
		}
		return msg("queue.handover.from") + " " + it.FromTeam
	case casework.QueueDeclined:
		return msg("queue.declined") + " " + it.Partner + ": " + msg("queue.declined.choose")
	}
	return it.Label
}
