package web

import (
	"html/template"
	"strconv"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/escalate"
	"toren/internal/toren"
)

// statusLabel names a case file's status in the pages' language.
func statusLabel(s cases.Status) string { return codeMsg("case.status", s) }

// stepLabel names a step of the case process (cases.Process); an unknown
// code stays as it is.
func stepLabel(t cases.TransitionName) string { return codeWord("process.step", t) }

// deadlineLabel names what is due: a kind of deadline, a monitoring
// moment by its months after the handover (in years when whole).
func deadlineLabel(kind cases.DeadlineKind, months int) string {
	if kind != cases.DeadlineMonitoring {
		return codeWord("deadline", kind)
	}
	if months > 0 && months%12 == 0 {
		return msgN("deadline.monitoring.years", months/12)
	}
	return msgN("deadline.monitoring.months", months)
}

// AlertName names an escalation rule (escalate.Code), and so its alerts,
// in the pages' words; the API gives it beside the code. An unknown code
// stays as it is.
func AlertName(c escalate.Code) string { return codeWord("alert.rule", c) }

// WordFile words a case file for the API in the pages' words: each
// deadline's and step's label beside its code, a step's unmet rules
// (process.rule), and the due items' (QueueLabel).
func WordFile(f *casework.File) {
	for i := range f.Deadlines {
		f.Deadlines[i].Label = deadlineLabel(f.Deadlines[i].Kind, f.Deadlines[i].Months)
	}
	for i := range f.Steps {
		f.Steps[i].Label = stepLabel(f.Steps[i].Transition)
		for j := range f.Steps[i].Unmet {
			f.Steps[i].Unmet[j].MessageNL = codeMsg("process.rule", f.Steps[i].Unmet[j].Rule)
		}
	}
	for i := range f.Due {
		f.Due[i].Label = QueueLabel(f.Due[i])
	}
}

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
			return stepLabel(t)
		},
		"deadlineLabel":  deadlineLabel,
		"alertName":      AlertName,
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
// its kind (and months), the other kinds worded from their data through
// the catalogue.
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
	return deadlineLabel(it.Deadline, it.Months)
}
