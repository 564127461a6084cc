package api

import (
	"net/http"
	"reflect"

	"toren/internal/cases"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
)

// The Interventieteam's part of the OpenAPI document: schemas derived
// from the Go types like the case file's, and its operations.

func itStatusEnum() []string {
	var out []string
	for _, s := range cases.InterventionTeam().States() {
		out = append(out, string(s))
	}
	return out
}

func itTransitionEnum() []string {
	var out []string
	for _, t := range cases.InterventionTeam().Transitions() {
		out = append(out, string(t.Name))
	}
	return out
}

func itColourEnum() []string {
	var out []string
	for _, c := range itteam.Colours() {
		out = append(out, string(c))
	}
	return out
}

func optionCodes(os []itteam.Option) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Value
	}
	return out
}

func itSchemas() map[string]caseworkSchema {
	score := described(obj{"allOf": []any{integer()}, "nullable": true}, "0 (danger) to 10 (safe); null when not asked.")
	marks := described(obj{"type": "object", "additionalProperties": integer()}, "A mark 1-10 per question; a question may be left out.")
	return map[string]caseworkSchema{
		"ITCase": {t: reflect.TypeFor[itteam.Case](), response: true, props: obj{
			"status": enum(itStatusEnum()), "version": described(integer(), "Every change adds one."),
			"answers": described(obj{"type": "object", "additionalProperties": schemaRef("ITAnswer")}, "The checklist's answers by criterion code.")}},
		"ITAnswer":        {t: reflect.TypeFor[itteam.Answer](), response: true},
		"ITQualification": {t: reflect.TypeFor[itteam.Qualification](), response: true},
		"ITResult":        {t: reflect.TypeFor[itteam.Result](), response: true},
		"ITAdmission":     {t: reflect.TypeFor[itteam.Admission](), response: true},
		"ITWorker":        {t: reflect.TypeFor[itteam.Worker](), response: true},
		"ITEvent": {t: reflect.TypeFor[itteam.Event](), response: true, props: obj{
			"from": enum(itStatusEnum()), "to": enum(itStatusEnum()), "transition": enum(itTransitionEnum())}},
		"ITColourRating": {t: reflect.TypeFor[itteam.ColourRating](), response: true, props: obj{
			"colour": enum(itColourEnum()), "moment": enum([]string{"start", "end", "change"})}},
		"ITRegistration": {t: reflect.TypeFor[itteam.Registration](), response: true},
		"ITPlan": {t: reflect.TypeFor[itteam.Plan](), required: []string{"agreements"}, props: obj{
			"version": readOnly(integer()), "by": readOnly(schemaRef("ITWorker")), "at": readOnly(dateTime())}},
		"ITAgreement": {t: reflect.TypeFor[itteam.Agreement](), required: []string{"owner", "what"}, props: obj{
			"number":  described(integer(), "0 for a new agreement; the number of an agreement of the current plan to keep it."),
			"owner":   described(str(), "Who keeps the agreement: required."),
			"history": readOnly(array(schemaRef("ITStatusChange")))}},
		"ITStatusChange": {t: reflect.TypeFor[itteam.StatusChange](), response: true, props: obj{"status": enum(labelCodes(itteam.AgreementStatuses()))}},
		"ITScalingScore": {t: reflect.TypeFor[itteam.ScalingScore](), required: []string{"on", "kind", "rater"}, props: obj{
			"kind": enum(labelCodes(itteam.RaterKinds())), "safety": score, "progress": score, "by": readOnly(schemaRef("ITWorker"))}},
		"ITScalingRound": {t: reflect.TypeFor[ITScalingRound](), required: []string{"scores"}},
		"ITMeeting":      {t: reflect.TypeFor[itteam.Meeting](), response: true},
		"ITParticipant": {t: reflect.TypeFor[itteam.Participant](), response: true, props: obj{
			"kind": enum([]string{"family", "network", "professional"})}},
		"ITForm":             {t: reflect.TypeFor[itteam.Form](), response: true, props: obj{"scores": marks}},
		"ITClientEvaluation": {t: reflect.TypeFor[itteam.ClientEvaluation](), response: true},
		"ITReferral": {t: reflect.TypeFor[itteamsvc.Referral](), required: []string{"family", "referred_on", "answers", "admitted"}, props: obj{
			"answers": described(obj{"type": "object", "additionalProperties": schemaRef("ITAnswer")},
				"The checklist's answers by criterion code (the current version); an answer left out is not met."),
			"reason": described(str(), "Required when the decision goes against the checklist's verdict.")}},
		"ITPhaseChange": {t: reflect.TypeFor[itteam.PhaseChange](), required: []string{"transition", "on"}, props: obj{
			"transition": enum(itTransitionEnum()), "end_reason": enum(append([]string{""}, labelCodes(itteam.EndReasons())...))}},
		"ITCCB":       {t: reflect.TypeFor[itteam.CCB](), response: true, props: obj{"stelsel": nullable(boolean())}},
		"ITDecider":   {t: reflect.TypeFor[itteam.Decider](), response: true, props: obj{"role": enum(labelCodes(itteam.DeciderRoles()))}},
		"ITCCBAction": {t: reflect.TypeFor[itteam.CCBAction](), response: true},
		"ITKnown":     {t: reflect.TypeFor[itteamsvc.Known](), response: true},
		"ITCaseView":  {t: reflect.TypeFor[ITCaseView](), response: true, props: obj{"level": enum([]string{"full", "signal_only"})}},
		"ITCaseList":  {t: reflect.TypeFor[ITCaseList](), response: true},
		"ITCaseSummary": {t: reflect.TypeFor[itteam.Summary](), response: true, props: obj{
			"status": enum(itStatusEnum()), "colour": described(enum(itColourEnum()), "The latest colour code given; absent when none is."),
			"ccb": described(boolean(), "Escalated to the CCB protocol.")}},
		"ITYearStats": {t: reflect.TypeFor[ITYearStatsOut](), response: true, props: obj{
			"suppressed_below": described(integer(), "The suppression threshold: a count from 1 to this number minus one is withheld (null), as on the page and in the CSV export. Every count below may be null for that reason; zero is given."),
			"ended_before":     described(nullable(integer()), "Started the year before and ended before 1 January; null when withheld."),
			"mic":              described(nullable(integer()), "Incident reports made this year; null when withheld."),
			"mic_before":       described(nullable(integer()), "Incident reports made the year before; null when withheld."),
			"ccb":              described(nullable(integer()), "Cases escalated to the CCB protocol this year; null when withheld."),
			"ccb_before":       described(nullable(integer()), "Cases escalated to the CCB protocol the year before; null when withheld."),
		}},
		"ITStatusTable": {t: reflect.TypeFor[ITStatusTableOut](), response: true},
		"ITCount": {t: reflect.TypeFor[ITCountOut](), response: true, props: obj{
			"code": described(str(), "The row's code where the row is a value of a code list: a violence type, nature or problem area (graphs 2-4), "+
				"a sex, children present or missing. A client words the code itself; label is the Dutch wording Toren gave it and may change with the wording."),
			"label":      described(str(), "The row in Dutch, as the page shows it; for a row with a code, read the code."),
			"n":          described(nullable(integer()), "The count; null when withheld (below suppressed_below, or hidden so that the total does not give a withheld count away)."),
			"percent":    described(nullable(integer()), "Whole percent of the total; null when it would show a withheld count."),
			"suppressed": described(boolean(), "True when n is withheld by the small-count rule."),
		}},
		"ITMentionTable":    {t: reflect.TypeFor[ITMentionTableOut](), response: true},
		"ITEvaluationTable": {t: reflect.TypeFor[ITEvaluationTableOut](), response: true},
		"ITMean": {t: reflect.TypeFor[ITMeanOut](), response: true, props: obj{
			"code": described(str(), "The question's code: table 4 respect, vertrouwen, samenwerking, zorgen_uiten, veiligheidsplan, vertrouwen_toekomst; "+
				"table 5 informatie, doelen, bereikbaarheid, relatie, samenwerking, gevaar_zorgen, veiligheidsplan, eigen_bijdrage, kinderen, vertrouwen, veiligheid, hulp_toekomst, eindoordeel. "+
				"Added beside label: a client words the code itself."),
			"label":      described(str(), "The question in Dutch, as the API has always given it; kept for existing readers, read code instead."),
			"mean":       described(obj{"type": "number", "nullable": true}, "The mean mark; null when there are no answers or their number is withheld."),
			"suppressed": described(boolean(), "True when the number of answers is below suppressed_below."),
		}},
		"ITDuration": {t: reflect.TypeFor[ITDurationOut](), response: true, props: obj{
			"suppressed": described(boolean(), "True when fewer than suppressed_below phases ended: then n, mean, min and max are null."),
		}},
		"ITGraphs":       {t: reflect.TypeFor[ITGraphsOut](), response: true},
		"ITDistribution": {t: reflect.TypeFor[ITDistributionOut](), response: true},
		"ITSexes":        {t: reflect.TypeFor[ITSexesOut](), response: true},
		"ITSexDistribution": {t: reflect.TypeFor[ITSexDistributionOut](), response: true, props: obj{
			"cases": described(nullable(integer()), "The year's new cases (the cohort); null when withheld."),
			"rows": described(array(schemaRef("ITCount")), "One row per sex (code female, male, x): the cases naming a person of that sex, "+
				"with their percentage of the cases (not of the persons), as the evaluation counts; a case naming two sexes counts in both rows. "+
				"Beside them, missing (code missing) counts the cases where none was registered; the rows and missing are suppressed as one column.")}},
		"ITChildren": {t: reflect.TypeFor[ITChildrenOut](), response: true, props: obj{
			"cases": described(nullable(integer()), "The year's new cases (the cohort); null when withheld."),
			"rows": described(array(schemaRef("ITCount")), "Children present in the family situation: code yes (present) and no (not present), "+
				"the cases with that answer and their percentage of the cases, as the evaluation counts. "+
				"Beside them, missing (code missing) counts the cases where it was left open; the rows and missing add up to the cases and are suppressed as one column.")}},
		"ITColourIn": {t: reflect.TypeFor[ITColourIn](), required: []string{"on", "colour", "moment"}, props: obj{
			"colour": enum(itColourEnum()), "moment": enum([]string{"start", "end", "change"})}},
		"ITStatusIn": {t: reflect.TypeFor[ITStatusIn](), required: []string{"on", "status"}, props: obj{"status": enum(labelCodes(itteam.AgreementStatuses()))}},
		"ITMeetingIn": {t: reflect.TypeFor[ITMeetingIn](), required: []string{"on", "participants"}, props: obj{
			"agreements": described(array(integer()), "Numbers of the current plan's agreements made at the meeting.")}},
		"ITClientEvaluationIn": {t: reflect.TypeFor[ITClientEvaluationIn](), required: []string{"on", "scores"}, props: obj{"scores": marks}},
		"ITCCBIn": {t: reflect.TypeFor[ITCCBIn](), required: []string{"risk_estimate", "decided_on", "deciders"}, props: obj{
			"deciders": described(array(schemaRef("ITDecider")), "All three: an IT worker of the duo (with id), the team leader and the HG-overleg's chair; with fewer the decision is refused (422, rule three_deciders).")}},
		"ITCCBOutcomeIn": {t: reflect.TypeFor[ITCCBOutcomeIn](), required: []string{"stelsel", "on"}},
		"ITIncident": {t: reflect.TypeFor[ITIncident](), required: []string{"on", "what", "involved"}, props: obj{
			"on":       described(date(), "The day of the incident; not in the future."),
			"harm":     described(array(enum(labelCodes(itteam.Harms()))), "Harm done; empty when harm could have been done but was not."),
			"involved": described(str(), "Who was involved (clients, workers, others).")}},
		"ITMIC": {t: reflect.TypeFor[itteam.MIC](), response: true, props: obj{"harm": array(enum(labelCodes(itteam.Harms())))}},
		"ITFollowUp": {t: reflect.TypeFor[itteam.FollowUp](), response: true, props: obj{
			"moment": enum([]string{string(itteam.FollowUpSixWeeks), string(itteam.FollowUpThreeMonths)})}},
	}
}

func itPaths() obj {
	id := obj{"name": "id", "in": "path", "required": true, "description": "The IT case's ID.", "schema": integer()}
	change := func(opID, summary, desc, in string) obj {
		return obj{"post": obj{"operationId": opID, "summary": summary, "description": desc, "parameters": []any{id},
			"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": schemaRef(in)}}},
			"responses": responses(
				http.StatusOK, jsonResponse("The changed case.", "ITCase"),
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusNotFound, responseRef("NotFound"),
				http.StatusConflict, responseRef("StateConflict"),
				http.StatusRequestEntityTooLarge, responseRef("TooLarge"),
				http.StatusUnsupportedMediaType, responseRef("UnsupportedMedia"),
				http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
				http.StatusInternalServerError, responseRef("InternalError"))}}
	}
	item := obj{"name": "item", "in": "path", "required": true, "description": "The agreement's or meeting's number in the case.", "schema": integer()}
	changeItem := func(opID, summary, desc, in string) obj {
		op := change(opID, summary, desc, in)
		op["post"].(obj)["parameters"] = []any{id, item}
		return op
	}
	return obj{
		"/api/v1/it-cases": obj{
			"get": obj{"operationId": "listITCases", "summary": "The Interventieteam's cases the user works on, and the families known to it",
				"description": "A summary of each case for the IT team and the duo (phase, latest colour code, duo, CCB; read the case itself for the rest); for anyone else only that the family is known to the IT and whom to ask.",
				"responses": responses(http.StatusOK, jsonResponse("The cases", "ITCaseList"),
					http.StatusForbidden, responseRef("Forbidden"), http.StatusInternalServerError, responseRef("InternalError"))},
			"post": obj{"operationId": "referITCase", "summary": "Refer a family to the Interventieteam",
				"description": "Assessed with the current version of the selection checklist; admitting against its verdict (or refusing a case that meets it) needs a reason.",
				"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": schemaRef("ITReferral")}}},
				"responses": responses(http.StatusCreated, jsonResponse("The referred case", "ITCase"),
					http.StatusForbidden, responseRef("Forbidden"),
					http.StatusRequestEntityTooLarge, responseRef("TooLarge"),
					http.StatusUnsupportedMediaType, responseRef("UnsupportedMedia"),
					http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
					http.StatusInternalServerError, responseRef("InternalError"))},
		},
		"/api/v1/it-cases/{id}": obj{"get": obj{"operationId": "getITCase", "summary": "An IT case, as far as the user may see it",
			"description": "level full with the case for the IT team and the duo; signal_only with the team and the duo to ask for anyone else.",
			"parameters":  []any{id},
			"responses": responses(http.StatusOK, jsonResponse("The case", "ITCaseView"),
				http.StatusForbidden, responseRef("Forbidden"), http.StatusNotFound, responseRef("NotFound"),
				http.StatusInternalServerError, responseRef("InternalError"))}},
		"/api/v1/it-cases/{id}/phase": change("changeITPhase", "Move the case to its next phase",
			"A step the process does not allow from the case's status is a 409 with rule transition_not_allowed; an unmet precondition a 422 naming it.", "ITPhaseChange"),
		"/api/v1/it-cases/{id}/scaling": change("addITScaling", "Record a round of scaling questions",
			"Safety and progress 0-10 per rater; a score outside 0-10 is a 422 with rule range_0_10.", "ITScalingRound"),
		"/api/v1/it-cases/{id}/plan": change("saveITPlan", "Save a new version of the safety plan",
			"The earlier versions stay readable. Every agreement needs an owner (422, rule required, field agreements[i].owner).", "ITPlan"),
		"/api/v1/it-cases/{id}/colours": change("rateITColour", "Give a colour code",
			"At the start or end of the intensive phase, or on a change; always in words. A date in the future or an unknown colour is a 422 naming the field.", "ITColourIn"),
		"/api/v1/it-cases/{id}/registration": change("setITRegistration", "Replace the registration fields",
			"The fields the evaluation counts (graphs 1-4, table 3); every field may be left open. A value not on its list is a 422 naming the field; "+
				"each of care_providers must be an organisation of the partner catalogue (rule catalogue; case and spaces aside, stored as the catalogue spells it), each once (rule unique); the field names the provider by its place, care_providers[i].", "ITRegistration"),
		"/api/v1/it-cases/{id}/agreements/{item}/status": changeItem("setITAgreementStatus", "Record an agreement's status",
			"{item} is the agreement's number in the plan.", "ITStatusIn"),
		"/api/v1/it-cases/{id}/meetings": change("addITMeeting", "Record a (family) network meeting",
			"Who took part (a professional with organisation), the decisions and the agreements made; evaluation forms may come with it.", "ITMeetingIn"),
		"/api/v1/it-cases/{id}/meetings/{item}/evaluations": changeItem("addITMeetingEvaluation", "Type in a meeting's evaluation form",
			"{item} is the meeting's number. Marks 1-10 per question; a question may be left out; a mark outside 1-10 is a 422 with rule range_1_10.", "ITForm"),
		"/api/v1/it-cases/{id}/client-evaluations": change("addITClientEvaluation", "Record the client evaluation",
			"The 13 questions of table 5, 1-10 each, each may be left open.", "ITClientEvaluationIn"),
		"/api/v1/it-cases/{id}/ccb": change("escalateITCCB", "Escalate to the CCB protocol",
			"Taken by an IT worker of the duo, the team leader and the HG-overleg's chair together, the user one of them; with fewer than three the decision is refused (422, field deciders, rule three_deciders).", "ITCCBIn"),
		"/api/v1/it-cases/{id}/ccb/outcome": change("recordITCCBOutcome", "Record the CCB threat assessment's outcome",
			"Whether the Stelsel bewaken en beveiligen applies, and the safety actions that follow, each with owner and date.", "ITCCBOutcomeIn"),
		"/api/v1/it-cases/{id}/mic": obj{"post": obj{"operationId": "reportITIncident", "summary": "Report an incident (MIC) to the IT team leader",
			"description": "By a worker who sees the case in full. The report goes to the team leader of the IT team, whose work queue shows the follow-up questions to the reporter after six weeks and after three months; no one else in the team reads it. Missing what or involved, a date in the future or an unknown harm is a 422 naming the field and the rule.",
			"parameters":  []any{id},
			"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": schemaRef("ITIncident")}}},
			"responses": responses(
				http.StatusCreated, jsonResponse("The incident report with its follow-ups.", "ITMIC"),
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusNotFound, responseRef("NotFound"),
				http.StatusRequestEntityTooLarge, responseRef("TooLarge"),
				http.StatusUnsupportedMediaType, responseRef("UnsupportedMedia"),
				http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
				http.StatusInternalServerError, responseRef("InternalError"))}},
		"/api/v1/it-cases/{id}/plan/{version}/pdf": obj{"get": obj{"operationId": "getITPlanPDF", "summary": "A version of the safety plan as PDF for the family",
			"description": "The plan printed on the organisation's current letterhead, for the family: a copy that leaves Toren, so only for the IT team and the duo (export), and audited as an export. A version the case does not have is a 404.",
			"parameters":  []any{id, obj{"name": "version", "in": "path", "required": true, "description": "The plan's version, from 1.", "schema": integer()}},
			"responses": responses(
				http.StatusOK, obj{"description": "The PDF.", "content": obj{"application/pdf": obj{"schema": obj{"type": "string", "format": "binary"}}}},
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusNotFound, responseRef("NotFound"),
				http.StatusInternalServerError, responseRef("InternalError"))}},
		"/api/v1/it-statistics": obj{"get": obj{"operationId": "getITStatistics", "summary": "The Interventieteam's year: tables 1-5 of the evaluation",
			"description": "The figures the statistics page shows, through the same small-count rule: a count from 1 to suppressed_below minus one is null, and a row withholding its count carries suppressed: true; a share, mean or duration resting on a withheld count is null.",
			"parameters": []any{
				obj{"name": "year", "in": "query", "required": true, "schema": integer(), "description": "The cohort year."},
				obj{"name": "as_of", "in": "query", "required": false, "schema": date(), "description": "Status as of this day; 31 December of the year when left out."}},
			"responses": responses(http.StatusOK, jsonResponse("The tables", "ITYearStats"),
				http.StatusForbidden, responseRef("Forbidden"), http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
				http.StatusInternalServerError, responseRef("InternalError"))}},
	}
}
