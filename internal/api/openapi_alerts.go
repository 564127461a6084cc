package api

import (
	"fmt"
	"maps"
	"net/http"
	"slices"

	"toren/internal/alerts"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/escalate"
	"toren/internal/history"
	"toren/internal/reports"
)

// addHistoryAndAlerts adds the history and alert endpoints and their
// schemas to the document.
func addHistoryAndAlerts(doc obj) {
	maps.Copy(doc["paths"].(obj), obj{
		"/api/v1/persons/{id}/history": obj{
			"get": obj{
				"operationId": "getPersonHistory",
				"summary":     "Get a person's timeline and their household's, newest first",
				"description": "Every advice request, report and case about the person and about the members of their " +
					"household (persons named with them in a report, or registered at their address), across all years. " +
					"Need to know: an event whose content the user may not see has `content` false, no object ID, number " +
					"or facts, and names the `teams` to ask.",
				"parameters": []any{obj{"name": "id", "in": "path", "required": true, "schema": obj{"type": "integer", "format": "int64"}}},
				"responses": responses(
					http.StatusOK, jsonResponse("The person's history", "PersonHistory"),
					http.StatusForbidden, responseRef("Forbidden"),
					http.StatusNotFound, responseRef("NotFound"),
					http.StatusInternalServerError, responseRef("InternalError"),
				),
			},
		},
		"/api/v1/alerts": obj{
			"get": obj{
				"operationId": "listAlerts",
				"summary":     "List the alerts for the user's teams and for the user, newest first",
				"parameters": []any{
					obj{"name": "state", "in": "query", "schema": obj{"type": "string", "enum": []string{
						string(alerts.StateOpen), string(alerts.StateAcknowledged), string(alerts.StateAll)}, "default": string(alerts.StateOpen)}},
					paramRef("Before"), paramRef("Limit"),
				},
				"responses": responses(
					http.StatusOK, jsonResponse("A page of alerts", "AlertList"),
					http.StatusForbidden, responseRef("Forbidden"),
					http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
					http.StatusInternalServerError, responseRef("InternalError"),
				),
			},
		},
		"/api/v1/alerts/{id}/acknowledge": obj{
			"post": obj{
				"operationId": "acknowledgeAlert",
				"summary":     "Acknowledge an alert with a note on what was done",
				"description": "Only a member of the team the alert is for, or the worker it names, may acknowledge it; " +
					"an alert is acknowledged once.",
				"parameters": []any{obj{"name": "id", "in": "path", "required": true, "schema": obj{"type": "integer", "format": "int64"}}},
				"requestBody": obj{
					"required": true,
					"content":  obj{"application/json": obj{"schema": schemaRef("AlertAcknowledgement")}},
				},
				"responses": responses(
					http.StatusOK, jsonResponse("The acknowledged alert", "Alert"),
					http.StatusForbidden, responseRef("Forbidden"),
					http.StatusNotFound, responseRef("NotFound"),
					http.StatusConflict, problemResponse("The alert was acknowledged already, or changed meanwhile."),
					http.StatusRequestEntityTooLarge, responseRef("TooLarge"),
					http.StatusUnsupportedMediaType, responseRef("UnsupportedMedia"),
					http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
					http.StatusInternalServerError, responseRef("InternalError"),
				),
			},
		},
	})
	maps.Copy(doc["components"].(obj)["schemas"].(obj), obj{
		"PersonHistory": object(obj{
			"person":           schemaRef("Person"),
			"full":             described(boolean(), "The user sees the content of the person's own timeline."),
			"teams":            described(array(str()), "Whom to ask about the person when full is false."),
			"household":        array(schemaRef("HouseholdMember")),
			"events":           described(array(schemaRef("TimelineEvent")), "Events naming the person."),
			"household_events": described(array(schemaRef("TimelineEvent")), "Events naming a household member and not the person."),
			"truncated":        described(boolean(), fmt.Sprintf("Older events were left out (more than %d).", history.DefaultLimit)),
		}, "person", "full", "teams", "household", "events", "household_events", "truncated"),
		"HouseholdMember": object(obj{
			"person": schemaRef("Person"),
			"via":    described(array(schemaRef("HouseholdLink")), "Why the person is in the household."),
		}, "person", "via"),
		"HouseholdLink": object(obj{
			"kind":          enum([]string{string(history.LinkReport), string(history.LinkAddress)}),
			"report_id":     integer(),
			"report_number": str(),
			"postcode":      str(),
			"house_number":  str(),
		}, "kind"),
		"TimelineEvent": object(obj{
			"at": dateTime(),
			"kind": described(str(), "advice_request, report, case_opened, case_closed, decision, handover or monitoring; "+
				"later versions may add kinds."),
			"object_kind": described(str(), "What the event is about: report, case, ..."),
			"object_id":   integer(),
			"number":      str(),
			"person_ids":  array(integer()),
			"teams":       described(array(str()), "The teams that own the object: whom to ask."),
			"content":     described(boolean(), "False: the user may only know that the event exists."),
			"report":      schemaRef("ReportFacts"),
			"case":        schemaRef("CaseFacts"),
			"step":        schemaRef("StepFacts"),
		}, "at", "kind", "object_kind", "person_ids", "teams", "content"),
		"ReportFacts": object(obj{
			"reporter_kind":  enum(codes(reports.ReporterKinds)),
			"violence_types": array(enum(codes(reports.ViolenceTypes))),
			"acute":          boolean(),
		}, "reporter_kind", "violence_types", "acute"),
		"StepFacts": object(obj{
			"what": described(str(), "The step in Dutch, as the page says it: the decision and its outcome, the handover and its partner, the monitoring moment. "+
				"The facts beside it say the same in codes."),
			"by":              described(str(), "Who took the step (the approver of a decision)."),
			"decision":        described(enum(labelCodes(casework.DecisionKinds)), "A decision's kind (kind decision)."),
			"outcome":         described(str(), "The step the decision took: a process step's code, or the outcome's code (kind decision)."),
			"partner":         described(str(), "Whom the case was handed over to (kind handover)."),
			"handover_status": described(enum([]string{"proposed", "accepted", "declined"}), "How the handover stands (kind handover)."),
			"months":          described(integer(), "The monitoring moment's months after the handover (kind monitoring)."),
		}, "what"),
		"CaseFacts": object(obj{
			"status":    enum(caseStatusEnum()),
			"team":      str(),
			"opened_at": dateTime(),
			"closed_at": dateTime(),
		}, "status", "opened_at"),
		"Alert":     alertSchema(),
		"AlertList": listSchema("Alert"),
		"AlertAcknowledgement": object(obj{
			"note": described(maxLength(str(), alerts.MaxNoteRunes), "What was done with the alert. Required."),
		}, "note"),
	})
}

func alertSchema() obj {
	var rules []string
	for _, r := range escalate.DefaultRules() {
		rules = append(rules, string(r.Code))
	}
	return object(obj{
		"id":                   integer(),
		"rule":                 enum(rules),
		"name":                 described(str(), "The rule's Dutch name."),
		"severity":             enum([]string{string(escalate.SeverityNotice), string(escalate.SeverityHigh), string(escalate.SeverityUrgent)}),
		"audience":             enum([]string{string(escalate.AudienceTriage), string(escalate.AudienceCaseManager), string(escalate.AudienceMonitoring)}),
		"report_id":            described(integer(), "The new report that raised the alert."),
		"report_number":        str(),
		"person_id":            integer(),
		"person_name":          str(),
		"case_id":              integer(),
		"case_number":          str(),
		"team":                 described(str(), "The team the alert is for."),
		"user_id":              described(integer(), "The worker the alert is for, when known."),
		"related_report_ids":   described(array(integer()), "The earlier reports that made the rule fire."),
		"explanation":          described(str(), "Why, in Dutch: which reports, which case."),
		"created_at":           dateTime(),
		"acknowledged_at":      nullable(dateTime()),
		"acknowledged_by":      integer(),
		"acknowledged_by_name": str(),
		"note":                 str(),
		"version":              integer(),
	}, "id", "rule", "name", "severity", "audience", "report_id", "report_number", "team", "related_report_ids",
		"explanation", "created_at", "acknowledged_at", "version")
}

func caseStatusEnum() []string {
	var out []string
	for s := range cases.StatusLabels {
		out = append(out, string(s))
	}
	slices.Sort(out)
	return out
}
