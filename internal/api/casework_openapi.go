package api

import (
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"

	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/letters"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The case-file part of the OpenAPI document. Its schemas are derived
// from the Go types (one property per JSON field, typed from the field),
// with the enums taken from the code lists of casework and cases, so the
// document cannot drift from what the handlers encode and decode.

// opDoc documents one POST operation on a case file.
type opDoc struct {
	id, summary, desc, in, out string
	created, conflict          bool // answers 201; may answer 409
}

// caseworkSchema says how to document one Go type.
type caseworkSchema struct {
	t reflect.Type
	// response: every field without omitempty is always present, so it is
	// required. A request schema requires the fields in required.
	response bool
	required []string
	props    obj // properties that need more than their Go type says
}

// labelCodes are the codes of a code list, as the schema's enum.
func labelCodes[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = string(c)
	}
	return out
}

func statusEnum() []string {
	var out []string
	for _, s := range cases.Process().States() {
		out = append(out, string(s))
	}
	return out
}

func transitionEnum() []string {
	out := []string{string(casework.TransitionOpen)}
	for _, t := range cases.Process().Transitions() {
		out = append(out, string(t.Name))
	}
	return out
}

func colourEnum() []string {
	return []string{"", string(cases.ColourRed), string(cases.ColourOrange), string(cases.ColourYellow), string(cases.ColourGreen)}
}

func deadlineEnum() []string {
	return []string{string(cases.DeadlineSafetyAssessment), string(cases.DeadlineFeedbackAfterAssessment), string(cases.DeadlineInvestigation),
		string(cases.DeadlineFeedbackAfterInvestigation), string(cases.DeadlineMonitoring)}
}

func outcomeEnum() []string {
	var out []string
	for _, k := range casework.DecisionKinds {
		for _, o := range casework.Outcomes(k) {
			if !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	return out
}

func followUpEnum() []string {
	return []string{"", string(letters.FollowUpHandover), string(letters.FollowUpConditions), string(letters.FollowUpInvestigation),
		string(letters.FollowUpRvdK), string(letters.FollowUpAdvice), string(letters.FollowUpEnd)}
}

func caseworkSchemas() map[string]caseworkSchema {
	version := described(integer(), "The version read; a change based on an older one is refused with 409.")
	return map[string]caseworkSchema{
		"CaseFile": {t: reflect.TypeFor[casework.File](), response: true, props: obj{
			"due":           described(array(schemaRef("QueueItem")), "Everything open with a term in the current episode, earliest first: the same items, late or not, as the work queue lists for the case."),
			"episode":       described(integer(), "The run through the process: 1, and one more after each reopening."),
			"episode_start": described(dateTime(), "When the current episode started: the first receipt, or the reopening."),
			"person_ids":    described(array(integer()), "The registry persons named in the case's reports."),
		}},
		"Case": {t: reflect.TypeFor[cases.Case](), response: true, props: obj{
			"number": described(str(), "D-2026-000017."),
			"status": enum(statusEnum()),
		}},
		"Facts": {t: reflect.TypeFor[cases.Facts](), response: true},
		"ReportRef": {t: reflect.TypeFor[casework.ReportRef](), response: true, props: obj{
			"reporter_name": described(str(), "Empty for a protected reporter unless the user may know them.")}},
		"Assignment":     {t: reflect.TypeFor[casework.Assignment](), response: true},
		"AssignedWorker": {t: reflect.TypeFor[casework.AssignedWorker](), response: true},
		"Stamp":          {t: reflect.TypeFor[casework.Stamp](), response: true, props: obj{"by_id": described(integer(), "The staff account; 0 for Toren itself.")}},
		"PhaseRecord":    {t: reflect.TypeFor[casework.PhaseRecord](), response: true, props: obj{"phase": enum(labelCodes(casework.Phases))}},
		"TransitionRecord": {t: reflect.TypeFor[casework.TransitionRecord](), response: true, props: obj{
			"from": described(enum(append([]string{""}, statusEnum()...)), "Empty for the opening."),
			"to":   enum(statusEnum()), "transition": enum(transitionEnum()),
			"decision_id": described(integer(), "The approved decision that took the step; 0 for none."),
		}},
		"Decision": {t: reflect.TypeFor[casework.Decision](), response: true, props: obj{
			"kind": enum(labelCodes(casework.DecisionKinds)), "outcome": enum(outcomeEnum()),
			"status":      enum([]string{string(casework.DecisionProposed), string(casework.DecisionApproved), string(casework.DecisionRefused)}),
			"triage_rule": enum(append([]string{""}, labelCodes(casework.TriageRules)...)), "risk_colour": enum(colourEnum()),
			"finding": enum(append([]string{""}, labelCodes(casework.Findings)...)),
		}},
		"Contact": {t: reflect.TypeFor[casework.Contact](), response: true, props: obj{
			"role": enum(labelCodes(casework.ContactRoles)), "channel": enum(labelCodes(casework.ContactChannels))}},
		"Informant": {t: reflect.TypeFor[casework.Informant](), response: true},
		"Agreement": {t: reflect.TypeFor[casework.Agreement](), response: true, props: obj{"status": enum(labelCodes(casework.AgreementStatuses))}},
		"Condition": {t: reflect.TypeFor[casework.Condition](), response: true, props: obj{"status": enum(labelCodes(casework.ConditionStatuses))}},
		"Handover": {t: reflect.TypeFor[casework.Handover](), response: true, props: obj{
			"partner_kind":     enum(labelCodes(casework.PartnerKinds)),
			"partner_id":       described(integer(), "The catalogue partner the handover goes to; absent when none."),
			"responded_client": described(integer(), "The partner's API client that gave the answer; absent when Veilig Thuis recorded it."),
			"status":           enum([]string{string(casework.HandoverProposed), string(casework.HandoverAccepted), string(casework.HandoverDeclined)})}},
		"Feedback": {t: reflect.TypeFor[casework.Feedback](), response: true, props: obj{
			"moment": enum(labelCodes(casework.FeedbackMoments)), "channel": enum(labelCodes(casework.ContactChannels))}},
		"LetterSent": {t: reflect.TypeFor[casework.LetterSent](), response: true, props: obj{"kind": enum(labelCodes(casework.LetterKinds))}},
		"MonitoringMoment": {t: reflect.TypeFor[casework.MonitoringMoment](), response: true, props: obj{
			"status": enum([]string{string(casework.MomentPlanned), string(casework.MomentDone), string(casework.MomentCancelled)})}},
		"ConditionCheck": {t: reflect.TypeFor[casework.ConditionCheck](), required: []string{"condition_id", "result"}, props: obj{
			"result": enum(labelCodes(casework.CheckResults)), "note": described(str(), "Required when the condition does not hold.")}},
		"Signal": {t: reflect.TypeFor[casework.Signal](), response: true, props: obj{
			"source":           enum([]string{string(casework.SignalMonitoringBreach), string(casework.SignalConditionBreach), string(casework.SignalReopenRequest)}),
			"consumed_episode": described(integer(), "The episode a reopening started with it; 0 while it waits.")}},
		"DeadlineView": {t: reflect.TypeFor[casework.DeadlineView](), response: true, props: obj{"kind": enum(deadlineEnum())}},
		"Step": {t: reflect.TypeFor[casework.Step](), response: true, props: obj{
			"transition": enum(transitionEnum()), "to": enum(statusEnum()),
			"decision": described(enum(append([]string{""}, labelCodes(casework.DecisionKinds)...)),
				"The decision whose approval takes this step; empty when the step is taken directly.")}},
		"StepRule": {t: reflect.TypeFor[casework.StepRule](), response: true},
		"QueueItem": {t: reflect.TypeFor[casework.QueueItem](), response: true, props: obj{
			"kind": enum([]string{string(casework.QueueDeadline), string(casework.QueueAgreement), string(casework.QueueApproval),
				string(casework.QueueHandover), string(casework.QueueDeclined)}),
			"deadline": enum(append([]string{""}, deadlineEnum()...)), "status": enum(statusEnum()),
			"label": described(str(), "What is due, in Dutch: a deadline by its name, the other kinds worded from their data below."),
			"decision_kind": described(enum(append([]string{""}, labelCodes(casework.DecisionKinds)...)),
				"Kind approval: the decision waiting for a second pair of eyes.")}},
		"QueueList": {t: reflect.TypeFor[QueueList](), response: true},
		"LetterSummary": {t: reflect.TypeFor[LetterSummary](), response: true, props: obj{
			"kind":      enum([]string{string(letters.KindClosing), string(letters.KindFeedback)}),
			"recipient": described(str(), "Whom the letter is to; never a protected reporter's name.")}},
		"LetterList": {t: reflect.TypeFor[LetterList](), response: true},
		"LetterRequest": {t: reflect.TypeFor[casework.LetterRequest](), required: []string{"kind"}, props: obj{
			"kind": described(enum([]string{string(letters.KindClosing), string(letters.KindFeedback)}),
				"closing: the afsluitbrief to the persons involved; feedback: the terugkoppeling to a professional reporter."),
			"service": described(enum([]string{"", string(letters.ServiceConditions), string(letters.ServiceInvestigation)}),
				"Closing letter: the service Veilig Thuis gave (required)."),
			"closed_on": described(nullable(date()), "Closing letter: the day Veilig Thuis ended its involvement (required)."),
			"recipients": described(withMax(array(integer()), 20), "Closing letter: the registry persons addressed, from the case's reports: "+
				"victims, perpetrators and parents with a postal address (required). Each gets a letter of their own unless joint."),
			"joint": described(boolean(), "Closing letter: one letter to all recipients together."),
			"conditions_until": described(nullable(date()), "Closing letter: the last day of the case's active safety conditions "+
				"that have no end date of their own (required when one has none)."),
			"note": described(str(), "Closing letter: a closing word to the family."),
			"report_id": described(integer(), "Feedback letter: the case's report whose (professional) reporter is addressed (required). "+
				"A protected reporter is addressed as the reporter of the report, never by name."),
			"moment":        described(enum([]string{"", string(letters.AfterAssessment), string(letters.AfterInvestigation)}), "Feedback letter (required)."),
			"decided_on":    described(nullable(date()), "Feedback letter: the day of the safety assessment or the Onderzoek's conclusion (required)."),
			"follow_up":     described(enum(followUpEnum()), "Feedback letter: what follows (required)."),
			"partners":      described(array(str()), "Feedback letter: the partners the care is handed over to (required for handover)."),
			"reporter_role": described(str(), "Feedback letter: the reporter's role in the follow-up, if any."),
			"share_conditions": described(boolean(), "Feedback letter: include the safety conditions and monitoring moments; only for a reporter "+
				"with a role in the follow-up (reporter_role)."),
		}},
		"CaseDirection": {t: reflect.TypeFor[letters.CaseDirection](), props: obj{
			"organisation": described(str(), "Closing letter: who holds case direction after Veilig Thuis (required).")}},
		"Letter": {t: reflect.TypeFor[Letter](), response: true, props: obj{
			"kind":      enum([]string{string(letters.KindClosing), string(letters.KindFeedback)}),
			"recipient": described(str(), "Whom the letter is to; never a protected reporter's name."),
			"html":      described(str(), "The letter as an <article> fragment without script or style, escaped when it was made.")}},
		"AuditEntry":   {t: reflect.TypeFor[AuditEntry](), response: true},
		"CaseAuditLog": {t: reflect.TypeFor[CaseAuditLog](), response: true},
		"TriageItem": {t: reflect.TypeFor[casework.TriageItem](), response: true, props: obj{
			"reporter_kind": enum(codes(reports.ReporterKinds))}},
		"TriageList": {t: reflect.TypeFor[casework.TriageList](), response: true},

		"OpenRequest": {t: reflect.TypeFor[casework.OpenRequest](), required: []string{"report_ids", "team"}},
		"AssignRequest": {t: reflect.TypeFor[casework.AssignRequest](), required: []string{"team", "version"}, props: obj{"version": version,
			"workers": described(withMax(array(integer()), 2), "A worker or a duo, members of the team; empty leaves the case in the team's queue.")}},
		"TransitionRequest": {t: reflect.TypeFor[casework.TransitionRequest](), required: []string{"transition", "version"}, props: obj{"version": version,
			"transition": enum(transitionEnum())}},
		"SignalInput": {t: reflect.TypeFor[casework.SignalInput](), required: []string{"note"}},
		"DecisionInput": {t: reflect.TypeFor[casework.DecisionInput](), required: []string{"kind", "outcome", "reasoning"}, props: obj{
			"kind": enum(labelCodes(casework.DecisionKinds)), "outcome": enum(outcomeEnum()),
			"triage_rule": described(enum(append([]string{""}, labelCodes(casework.TriageRules)...)), "Required for a safety assessment (domain §3.6)."),
			"risk_colour": enum(colourEnum()),
			"finding":     described(enum(append([]string{""}, labelCodes(casework.Findings)...)), "Required for the conclusion of an Onderzoek."),
		}},
		"ApproveRequest": {t: reflect.TypeFor[casework.ApproveRequest](), required: []string{"version"}, props: obj{"version": version}},
		"RefuseRequest":  {t: reflect.TypeFor[casework.RefuseRequest](), required: []string{"version", "reason"}, props: obj{"version": version}},
		"ContactInput": {t: reflect.TypeFor[casework.ContactInput](), required: []string{"at", "with", "role", "channel", "summary"}, props: obj{
			"role": enum(labelCodes(casework.ContactRoles)), "channel": enum(labelCodes(casework.ContactChannels))}},
		"InformantInput": {t: reflect.TypeFor[casework.InformantInput]()},
		"AgreementInput": {t: reflect.TypeFor[casework.AgreementInput](), required: []string{"who", "what", "due"}, props: obj{
			"past_due": described(boolean(), "Confirms a due date before today (an agreement made earlier and recorded late); without it such a date is refused with the rule past on the field due.")}},
		"AgreementUpdate": {t: reflect.TypeFor[casework.AgreementUpdate](), required: []string{"status", "version"},
			props: obj{"version": version, "status": enum(labelCodes(casework.AgreementStatuses))}},
		"ConditionInput": {t: reflect.TypeFor[casework.ConditionInput](), required: []string{"text", "checked_by"}},
		"ConditionUpdate": {t: reflect.TypeFor[casework.ConditionUpdate](), required: []string{"status", "version"},
			props: obj{"version": version, "status": enum(labelCodes(casework.ConditionStatuses))}},
		"PhaseInput": {t: reflect.TypeFor[casework.PhaseInput](), required: []string{"phase"}, props: obj{"phase": enum(labelCodes(casework.Phases))}},
		"HandoverInput": {t: reflect.TypeFor[casework.HandoverInput](),
			required: []string{"partner", "partner_kind", "case_director", "reports_back", "report_back_when", "condition_ids"},
			props: obj{"partner_kind": enum(labelCodes(casework.PartnerKinds)),
				"partner_id": described(integer(), "The catalogue partner that takes over (its API client then reads and answers the "+
					"handover). Omitted: the partner is linked when exactly one active catalogue partner has the name given in partner.")}},
		"HandoverResponse": {t: reflect.TypeFor[casework.HandoverResponse](), required: []string{"accept", "version"}, props: obj{"version": version,
			"note": described(str(), "Required when the partner declines.")}},
		"FeedbackInput": {t: reflect.TypeFor[casework.FeedbackInput](), required: []string{"report_id", "moment", "given_at", "channel", "summary"}, props: obj{
			"moment": enum(labelCodes(casework.FeedbackMoments)), "channel": enum(labelCodes(casework.ContactChannels))}},
		"LetterInput": {t: reflect.TypeFor[casework.LetterInput](), required: []string{"kind", "sent_at", "recipient"},
			props: obj{"kind": enum(labelCodes(casework.LetterKinds))}},
		"MonitoringInput": {t: reflect.TypeFor[casework.MonitoringInput](), required: []string{"checks", "version"}, props: obj{"version": version}},

		"PoliceReport": {t: reflect.TypeFor[casework.PoliceReport](), response: true, props: obj{
			"legal_ground": enum(labelCodes(casework.LegalGrounds))}},
		"PoliceReportInput": {t: reflect.TypeFor[casework.PoliceReportInput](),
			required: []string{"reported_at", "police_unit", "shared", "legal_ground", "weighing"}, props: obj{
				"reported_at":  described(dateTime(), "When the police were informed; not in the future."),
				"police_unit":  described(maxLength(str(), 200), "To whom: the police unit, district or officer."),
				"shared":       described(maxLength(str(), 4000), "What was shared, about whom."),
				"legal_ground": described(enum(labelCodes(casework.LegalGrounds)), "The legal ground of the disclosure."),
				"weighing":     described(maxLength(str(), 4000), "Why sharing was necessary on that ground."),
				"reference":    described(maxLength(str(), 100), "The police's registration number, when given.")}},

		"PartnerHandoverList": {t: reflect.TypeFor[PartnerHandoverList](), response: true},
		"PartnerHandover": {t: reflect.TypeFor[casework.PartnerHandover](), response: true, props: obj{
			"status":           enum([]string{string(casework.HandoverProposed), string(casework.HandoverAccepted), string(casework.HandoverDeclined)}),
			"sent_at":          described(dateTime(), "When the decision to hand over took effect."),
			"case_director":    described(str(), "Who holds case direction (casusregie)."),
			"reports_back":     described(str(), "What the partner reports back."),
			"report_back_when": described(str(), "When the partner reports back."),
			"persons": described(array(schemaRef("PartnerPerson")),
				"The family and household as the partner must know them to take over; never a reporter, witness or informant."),
			"conditions": described(array(schemaRef("PartnerCondition")), "The safety conditions that travelled with the handover."),
			"moments":    described(array(schemaRef("PartnerMoment")), "The monitoring moments, once the handover is accepted."),
			"version":    described(integer(), "The version to send with the answer.")}},
		"PartnerPerson": {t: reflect.TypeFor[casework.PartnerPerson](), response: true, props: obj{
			"roles": array(enum(codes(reports.Roles)))}},
		"PartnerCondition": {t: reflect.TypeFor[casework.PartnerCondition](), response: true, props: obj{
			"status": enum(labelCodes(casework.ConditionStatuses))}},
		"PartnerMoment": {t: reflect.TypeFor[casework.PartnerMoment](), response: true, props: obj{
			"status":  enum([]string{string(casework.MomentPlanned), string(casework.MomentDone), string(casework.MomentCancelled)}),
			"version": described(integer(), "The version to send with the report.")}},
		"PartnerAnswer": {t: reflect.TypeFor[casework.PartnerAnswer](), required: []string{"accept", "version"}, props: obj{"version": version,
			"reason": described(maxLength(str(), 2000), "Why the partner declines; required then.")}},
		"PartnerMonitoringReport": {t: reflect.TypeFor[casework.PartnerMonitoringReport](), required: []string{"moment_id", "checks", "version"},
			props: obj{"version": described(integer(), "The version of the monitoring moment read."),
				"checks": described(array(schemaRef("ConditionCheck")),
					"One check for every condition of the handover that must still hold: holds, does_not_hold (with a note) or unknown.")}},
	}
}

// caseworkSchemaTypes returns the Go type of each case-file schema (for
// the test that holds schemas and types together).
func caseworkSchemaTypes() map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for name, s := range caseworkSchemas() {
		out[name] = s.t
	}
	for name, s := range itSchemas() {
		out[name] = s.t
	}
	return out
}

// buildCaseworkSchemas documents every case-file type (and the
// Interventieteam's, built the same way).
func buildCaseworkSchemas() obj {
	specs := caseworkSchemas()
	maps.Copy(specs, itSchemas())
	names := map[reflect.Type]string{}
	for name, s := range specs {
		names[s.t] = name
	}
	out := obj{}
	for name, s := range specs {
		out[name] = schemaFromType(s, names)
	}
	return out
}

func schemaFromType(s caseworkSchema, names map[reflect.Type]string) obj {
	props := obj{}
	var required []string
	for i := 0; i < s.t.NumField(); i++ {
		f := s.t.Field(i)
		tag, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if p, ok := s.props[tag]; ok {
			props[tag] = p
		} else {
			props[tag] = propertyOf(f.Type, names)
		}
		if s.response && !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			required = append(required, tag)
		}
	}
	if !s.response {
		required = s.required
	}
	return object(props, required...)
}

var (
	stringType = reflect.TypeFor[string]()
	// dateOnly is toren.Date: "YYYY-MM-DD", null when unknown.
	dateOnly = reflect.TypeFor[toren.Date]()
	instant  = reflect.TypeFor[time.Time]()
)

// propertyOf documents a field of Go type t.
func propertyOf(t reflect.Type, names map[reflect.Type]string) obj {
	switch {
	case t == instant:
		return dateTime()
	case t == dateOnly:
		return nullable(date())
	}
	switch t.Kind() {
	case reflect.String:
		return str()
	case reflect.Bool:
		return boolean()
	case reflect.Int, reflect.Int64:
		return integer()
	case reflect.Float64:
		return obj{"type": "number"}
	case reflect.Map:
		return obj{"type": "object", "additionalProperties": propertyOf(t.Elem(), names)}
	case reflect.Slice:
		return array(propertyOf(t.Elem(), names))
	case reflect.Pointer:
		return obj{"allOf": []any{propertyOf(t.Elem(), names)}, "nullable": true}
	case reflect.Struct:
		if name, ok := names[t]; ok {
			return schemaRef(name)
		}
	}
	panic(fmt.Sprintf("api: no OpenAPI schema for Go type %s", t))
}

// caseworkPaths documents the case-file operations.
func caseworkPaths() obj {
	id := func(what string) obj {
		return obj{"name": "id", "in": "path", "required": true, "description": "The " + what + "'s ID.", "schema": integer()}
	}
	item := func(what string) obj {
		return obj{"name": "item", "in": "path", "required": true, "description": "The " + what + "'s ID.", "schema": integer()}
	}
	post := func(d opDoc, params ...any) obj {
		ok := http.StatusOK
		if d.created {
			ok = http.StatusCreated
		}
		pairs := []any{ok, jsonResponse("Done.", d.out),
			http.StatusForbidden, responseRef("Forbidden"),
			http.StatusRequestEntityTooLarge, responseRef("TooLarge"),
			http.StatusUnsupportedMediaType, responseRef("UnsupportedMedia"),
			http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
			http.StatusInternalServerError, responseRef("InternalError")}
		if len(params) > 0 { // an object named in the path may not exist
			pairs = append(pairs, http.StatusNotFound, responseRef("NotFound"))
		}
		if d.conflict {
			pairs = append(pairs, http.StatusConflict, responseRef("StateConflict"))
		}
		op := obj{"operationId": d.id, "summary": d.summary,
			"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": schemaRef(d.in)}}},
			"responses":   responses(pairs...)}
		if d.desc != "" {
			op["description"] = d.desc
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		return op
	}
	return obj{
		"/api/v1/cases": obj{"post": post(opDoc{"openCase", "Open a case from reports",
			"Opens a case (dossier) in status received from one or more reports, owned by team. The user must be able to read " +
				"every report in full; a report already in a case that is not closed is a 409.",
			"OpenRequest", "CaseFile", true, true})},
		"/api/v1/cases/{id}": obj{"get": obj{
			"operationId": "getCase",
			"summary":     "Get a case file",
			"description": "The case with every record, its facts, deadlines and the steps the process allows now. " +
				"A user outside the case's team gets 403 naming the team to ask.",
			"parameters": []any{id("case")},
			"responses": responses(
				http.StatusOK, jsonResponse("The case file", "CaseFile"),
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusNotFound, responseRef("NotFound"),
				http.StatusInternalServerError, responseRef("InternalError")),
		}},
		"/api/v1/cases/{id}/assignment": obj{"post": post(opDoc{
			"assignCase",
			"Assign the case to a team and a worker or duo",
			"Team leaders of the case's team only.",
			"AssignRequest",
			"CaseFile",
			false,
			true,
		}, id("case"))},
		"/api/v1/cases/{id}/transitions": obj{"post": post(opDoc{
			"transitionCase",
			"Take a step of the process",
			"A step the process does not allow from the case's status is a 409 (rule transition_not_allowed); an unmet " +
				"precondition is a 422 naming the rule; a step that only an approved decision takes is a 422 (rule " +
				"decision_required). Reopening a closed case needs case.reopen and a signal.",
			"TransitionRequest", "CaseFile", false, true,
		}, id("case"))},
		"/api/v1/cases/{id}/decisions": obj{"post": post(opDoc{
			"proposeDecision",
			"Propose a decision",
			"It takes effect only when a behavioural scientist or team leader of the case's team other than the proposer approves it.",
			"DecisionInput",
			"Decision",
			true,
			true,
		}, id("case"))},
		"/api/v1/decisions/{id}/approval": obj{"post": post(opDoc{
			"approveDecision",
			"Approve a decision (second pair of eyes)",
			"Approves the decision and takes the step it names, in one transaction; if a precondition of that step does " +
				"not hold, nothing changes and the 422 names the rule. The proposer may never approve their own decision (403).",
			"ApproveRequest", "Decision", false, true,
		}, id("decision"))},
		"/api/v1/decisions/{id}/refusal": obj{"post": post(opDoc{
			"refuseDecision",
			"Refuse a decision with a reason",
			"Returns the decision to its proposer; nothing else changes.",
			"RefuseRequest",
			"Decision",
			false,
			true,
		}, id("decision"))},
		"/api/v1/cases/{id}/contacts": obj{"post": post(opDoc{
			"addContact",
			"Record a contact",
			"With whom, how, when, and what was said.",
			"ContactInput",
			"Contact",
			true,
			false,
		}, id("case"))},
		"/api/v1/cases/{id}/informants": obj{"post": post(opDoc{
			"addInformant",
			"Record an informant",
			"A teacher, a GP.",
			"InformantInput",
			"Informant",
			true,
			false,
		}, id("case"))},
		"/api/v1/cases/{id}/agreements": obj{"post": post(opDoc{
			"addAgreement",
			"Record a safety agreement",
			"Who does what by when.",
			"AgreementInput",
			"Agreement",
			true,
			false,
		}, id("case"))},
		"/api/v1/cases/{id}/agreements/{item}": obj{"post": post(opDoc{
			"updateAgreement",
			"Change a safety agreement's status",
			"",
			"AgreementUpdate",
			"Agreement",
			false,
			true,
		}, id("case"), item("agreement"))},
		"/api/v1/cases/{id}/conditions": obj{"post": post(opDoc{
			"addCondition",
			"Record a safety condition",
			"What must hold, who checks it, until when.",
			"ConditionInput",
			"Condition",
			true,
			false,
		}, id("case"))},
		"/api/v1/cases/{id}/conditions/{item}": obj{"post": post(opDoc{
			"updateCondition",
			"Change a safety condition's status",
			"A breach records a new signal, which lets the case reopen.",
			"ConditionUpdate",
			"Condition",
			false,
			true,
		}, id("case"), item("condition"))},
		"/api/v1/cases/{id}/phase": obj{"post": post(opDoc{
			"setPhase",
			"Set the phase of the phased-cooperation model",
			"",
			"PhaseInput",
			"PhaseRecord",
			true,
			false,
		}, id("case"))},
		"/api/v1/cases/{id}/handovers": obj{"post": post(opDoc{
			"proposeHandover",
			"Prepare a handover to a partner",
			"The safety conditions travel with it; it names who holds case direction and what the partner reports back when.",
			"HandoverInput",
			"Handover",
			true,
			true,
		}, id("case"))},
		"/api/v1/cases/{id}/handovers/{item}/response": obj{"post": post(opDoc{
			"respondHandover",
			"Record the partner's answer",
			"Once the handover decision took effect. Acceptance schedules the monitoring moments (by default 3 and 12 months). " +
				"A handover to Team Monitoring (to_team set) is answered by that team itself: on acceptance the case moves to it, " +
				"the accepting monitoring worker is assigned and monitoring starts; the handing-over team keeps reading the case during monitoring.",
			"HandoverResponse",
			"Handover",
			false,
			true,
		}, id("case"), item("handover"))},
		"/api/v1/cases/{id}/feedback": obj{"post": post(opDoc{
			"addFeedback",
			"Record feedback to the reporter",
			"Against one of the case's reports. It may not name another reporter who asked not to be disclosed, and " +
				"shares the safety conditions only with a reporter who has a role in the safety plan.",
			"FeedbackInput", "Feedback", true, false,
		}, id("case"))},
		"/api/v1/cases/{id}/sent-letters": obj{"post": post(opDoc{
			"recordLetter",
			"Record that a letter was sent",
			"The closing letter and the request to the Raad are facts of the process.",
			"LetterInput",
			"LetterSent",
			true,
			false,
		}, id("case"))},
		"/api/v1/cases/{id}/police-reports": obj{"post": post(opDoc{
			"recordPoliceReport",
			"Record a report to the police",
			"A follow-up step after the safety assessment's decision (Onderzoek, Voorwaarden & Vervolg, a handover or monitoring): " +
				"when the police were informed, to whom, what was shared, on which legal ground (meldrecht, conflict of duties, " +
				"consent, a demand or order of justice) and why. A disclosure: audited as case.police_report and as an export, " +
				"naming the recipient and the ground. For the case manager, the Interventieteam and the team leader of the " +
				"owning team; a case in another status is 409.",
			"PoliceReportInput",
			"PoliceReport",
			true,
			true,
		}, id("case"))},
		"/api/v1/handovers": obj{"get": obj{
			"operationId": "listPartnerHandovers",
			"summary":     "The handovers to the partner the calling API client speaks for",
			"description": "For API clients with the scope handovers:respond or monitoring:report, linked to a partner of the " +
				"catalogue. Each handover is a message under the partner's need-to-know: the family's names, dates of birth, " +
				"addresses and roles, the safety conditions, who holds case direction and what to report back when; never " +
				"report texts, a reporter, witness or informant. Listed from the decision to hand over until the partner declines, " +
				"or the case closes or reopens. Every call is in the audit log with the client as the actor.",
			"security": []any{obj{"clientToken": []any{}}},
			"parameters": []any{obj{"name": "for", "in": "query", "required": true, "description": "me: the client's own partner.",
				"schema": enum([]string{"me"})}},
			"responses": responses(
				http.StatusOK, jsonResponse("The handovers", "PartnerHandoverList"),
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
				http.StatusInternalServerError, responseRef("InternalError")),
		}},
		"/api/v1/handovers/{id}/answer": obj{"post": withClientToken(post(opDoc{
			"answerHandover",
			"Accept or decline a handover to the calling client's partner",
			"Scope handovers:respond. Accepting schedules the monitoring moments; declining needs the reason and hands the " +
				"case back to Veilig Thuis at once (it returns to the owning team's queue). A handover to another partner is 404.",
			"PartnerAnswer",
			"PartnerHandover",
			false,
			true,
		}, id("handover")))},
		"/api/v1/handovers/{id}/monitoring-reports": obj{"post": withClientToken(post(opDoc{
			"reportMonitoring",
			"Report per safety condition at a monitoring moment",
			"Scope monitoring:report, on a handover the partner accepted: for each condition of the handover whether it holds, " +
				"does not hold (with a note) or is unknown. A condition that does not hold takes the same path as a breach Team " +
				"Monitoring records: the condition is marked breached, a new signal is recorded and a case in monitoring reopens. " +
				"A handover to another partner is 404.",
			"PartnerMonitoringReport",
			"PartnerHandover",
			false,
			true,
		}, id("handover")))},
		"/api/v1/cases/{id}/monitoring/{item}": obj{"post": post(opDoc{
			"recordMonitoring",
			"Record a monitoring moment",
			"One check for every safety condition that must hold. A condition that does not hold is a breach: the case reopens.",
			"MonitoringInput",
			"CaseFile",
			false,
			true,
		}, id("case"), item("monitoring moment"))},
		"/api/v1/triage": obj{"get": obj{
			"operationId": "getTriage",
			"summary":     "The triage queue: urgent first, then by deadline",
			"description": "The reports in no case yet, waiting for their safety assessment: acute reports and those the escalation " +
				"rules marked urgent first, then by the deadline of the safety assessment, with the total and one page. Filters: " +
				"urgent only, overdue only, only reports with a signal for one of your teams, one kind of reporter. The kinds of " +
				"violence are shown to the intake team only.",
			"parameters": []any{
				obj{"name": "urgent", "in": "query", "schema": boolean()},
				obj{"name": "overdue", "in": "query", "schema": boolean()},
				obj{"name": "my_teams", "in": "query", "schema": boolean()},
				obj{"name": "reporter_kind", "in": "query", "schema": enum(codes(reports.ReporterKinds))},
				obj{"name": "page", "in": "query", "schema": integer()},
				obj{"name": "per_page", "in": "query", "schema": integer()},
			},
			"responses": responses(
				http.StatusOK, jsonResponse("One page of the triage queue", "TriageList"),
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
				http.StatusInternalServerError, responseRef("InternalError")),
		}},
		"/api/v1/cases/{id}/letters": obj{"post": post(opDoc{
			"makeLetters",
			"Make the closing or feedback letters of a case",
			"Composes the letters from the case file on the organisation's current letterhead and files them, each with its " +
				"audit entry, in one transaction: all or none. A closing letter states the case's active safety conditions and the " +
				"monitoring moments, to each recipient in a letter of their own unless joint; a feedback letter goes to the " +
				"professional reporter of one of the case's reports. Bad input is a 422 naming the request's field (conditions: " +
				"the case has no active safety condition). Whoever may generate letters on the case (letter.generate).",
			"LetterRequest", "LetterList", true, false,
		}, id("case")), "get": obj{
			"operationId": "listCaseLetters",
			"summary":     "The letters made from a case, oldest first",
			"description": "The closing and feedback letters filed with the case, without their text. Whoever may read the case.",
			"parameters":  []any{id("case")},
			"responses": responses(
				http.StatusOK, jsonResponse("The letters", "LetterList"),
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusNotFound, responseRef("NotFound"),
				http.StatusInternalServerError, responseRef("InternalError")),
		}},
		"/api/v1/cases/{id}/letters/{item}": obj{"get": obj{
			"operationId": "getCaseLetter",
			"summary":     "One letter of a case, with its text",
			"description": "Whoever may read the case. A letter of another case is a 404.",
			"parameters":  []any{id("case"), item("letter")},
			"responses": responses(
				http.StatusOK, jsonResponse("The letter", "Letter"),
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusNotFound, responseRef("NotFound"),
				http.StatusInternalServerError, responseRef("InternalError")),
		}},
		"/api/v1/cases/{id}/audit": obj{"get": obj{
			"operationId": "getCaseAudit",
			"summary":     "Who did what to a case file, newest first",
			"description": fmt.Sprintf("The case's audit log, at most %d entries: who read or changed it, when, in which role, "+
				"with what outcome. For the privacy officer (audit.view); it shows no case content.", maxAuditEntries),
			"parameters": []any{id("case")},
			"responses": responses(
				http.StatusOK, jsonResponse("The audit log", "CaseAuditLog"),
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusNotFound, responseRef("NotFound"),
				http.StatusInternalServerError, responseRef("InternalError")),
		}},
		"/api/v1/queue": obj{"get": obj{
			"operationId": "getQueue",
			"summary":     "A work queue: overdue first, then by deadline",
			"description": "A team's queue (team) or a worker's (worker; neither: your own), with the process's deadlines, safety " +
				"agreements due and decisions waiting for approval. Only cases you may read in full are listed.",
			"parameters": []any{
				obj{"name": "team", "in": "query", "schema": maxLength(str(), 100)},
				obj{"name": "worker", "in": "query", "schema": integer()},
			},
			"responses": responses(
				http.StatusOK, jsonResponse("The queue", "QueueList"),
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusNotFound, responseRef("NotFound"),
				http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
				http.StatusInternalServerError, responseRef("InternalError")),
		}},
	}
}

// withClientToken marks op as called with an API client's token.
func withClientToken(op obj) obj {
	op["security"] = []any{obj{"clientToken": []any{}}}
	return op
}
