package api

import (
	"net/http"

	"toren/internal/breakglass"
)

// The OpenAPI part of emergency access (break the glass) and its review.

func breakGlassPaths() obj {
	var codes []string
	for _, r := range breakglass.Reasons() {
		codes = append(codes, string(r))
	}
	body := func(schema string) obj {
		return obj{"required": true, "content": obj{"application/json": obj{"schema": schemaRef(schema)}}}
	}
	return obj{
		"/api/v1/reports/{id}/break-glass": obj{"post": glassOp("breakGlassReport", "report", codes)},
		"/api/v1/persons/{id}/break-glass": obj{"post": glassOp("breakGlassPerson", "person", codes)},
		"/api/v1/break-glass-grants": obj{
			"get": obj{
				"operationId": "listBreakGlassGrants",
				"summary":     "The grants to review, each with what it opened",
				"description": "A team leader sees the unreviewed grants on their teams' content (never their own); the privacy " +
					"officer sees all of them.",
				"responses": responses(
					http.StatusOK, jsonResponse("The grants", "GrantList"),
					http.StatusForbidden, responseRef("Forbidden"),
					http.StatusInternalServerError, responseRef("InternalError"),
				),
			},
		},
		"/api/v1/break-glass-grants/{id}/review": obj{
			"post": obj{
				"operationId": "reviewBreakGlassGrant",
				"summary":     "Review a grant",
				"description": "By a team leader of a team that owned the content when the grant was issued, never by its holder. " +
					"The audit entry names the grant and carries the outcome's code; the note stays with the grant.",
				"parameters": []any{obj{"name": "id", "in": "path", "required": true, "description": "The grant's ID.",
					"schema": obj{"type": "integer", "format": "int64"}}},
				"requestBody": body("GrantReview"),
				"responses": responses(
					http.StatusOK, jsonResponse("The reviewed grant", "Grant"),
					http.StatusForbidden, responseRef("Forbidden"),
					http.StatusNotFound, responseRef("NotFound"),
					http.StatusConflict, problemResponse("The grant was reviewed already."),
					http.StatusRequestEntityTooLarge, responseRef("TooLarge"),
					http.StatusUnsupportedMediaType, responseRef("UnsupportedMedia"),
					http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
					http.StatusInternalServerError, responseRef("InternalError"),
				),
			},
		},
	}
}

func glassOp(opID, what string, codes []string) obj {
	return obj{
		"operationId": opID,
		"summary":     "Open a " + what + " outside one's team in an emergency (break the glass)",
		"description": "Intake and crisis workers with a second factor only. reason_code is one of " + joinCodes(codes) +
			"; reason is a written sentence (at least 20 characters and 4 words). The grant lasts 12 hours, is in the " +
			"audit log, and a team leader of the team that owns the content reviews it. 409 when the caller may open " +
			"the " + what + " without breaking the glass.",
		"parameters": []any{obj{"name": "id", "in": "path", "required": true, "description": "The " + what + "'s ID.",
			"schema": obj{"type": "integer", "format": "int64"}}},
		"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": schemaRef("BreakGlassInput")}}},
		"responses": responses(
			http.StatusCreated, jsonResponse("The grant", "Grant"),
			http.StatusForbidden, responseRef("Forbidden"),
			http.StatusNotFound, responseRef("NotFound"),
			http.StatusConflict, problemResponse("The caller may open it without breaking the glass."),
			http.StatusRequestEntityTooLarge, responseRef("TooLarge"),
			http.StatusUnsupportedMediaType, responseRef("UnsupportedMedia"),
			http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
			http.StatusInternalServerError, responseRef("InternalError"),
		),
	}
}

func joinCodes(codes []string) string {
	out := ""
	for i, c := range codes {
		if i > 0 {
			out += ", "
		}
		out += c
	}
	return out
}

func breakGlassSchemas() obj {
	var codes []string
	for _, r := range breakglass.Reasons() {
		codes = append(codes, string(r))
	}
	outcomes := []string{string(breakglass.OutcomeJustified), string(breakglass.OutcomeUnjustified), string(breakglass.OutcomeFollowUp)}
	return obj{
		"BreakGlassInput": object(obj{
			"reason_code": enum(codes),
			"reason":      maxLength(str(), 4096),
		}, "reason_code", "reason"),
		"GrantReview": object(obj{
			"outcome": enum(outcomes),
			"note":    described(maxLength(str(), 2000), "Stays with the grant; not in the audit log."),
		}, "outcome"),
		"GrantAccess": object(obj{
			"at":          dateTime(),
			"action":      str(),
			"object_type": str(),
			"object_id":   str(),
			"person_ids":  array(integer()),
		}, "at", "action", "object_type", "object_id", "person_ids"),
		"Grant": object(obj{
			"id":             integer(),
			"user_id":        integer(),
			"user_name":      str(),
			"object_kind":    enum([]string{"report", "person"}),
			"object_id":      integer(),
			"reason_code":    enum(codes),
			"reason":         str(),
			"teams":          described(array(str()), "The teams that owned the content when the grant was issued."),
			"issued_at":      dateTime(),
			"expires_at":     dateTime(),
			"reviewed_by":    integer(),
			"reviewed_at":    dateTime(),
			"review_outcome": enum(outcomes),
			"review_note":    str(),
			"opened":         described(array(schemaRef("GrantAccess")), "What the holder read under the grant."),
		}, "id", "user_id", "user_name", "object_kind", "object_id", "reason_code", "reason", "teams", "issued_at", "expires_at", "opened"),
		"GrantList": object(obj{"items": array(schemaRef("Grant"))}, "items"),
		"ReviewLimits": described(object(obj{
			"mention":    boolean(),
			"candidate":  boolean(),
			"new_person": boolean(),
		}, "mention", "candidate", "new_person"), "Which parts are shown in the reviewer's view only (name, birth date or age, sex, "+
			"postcode digits, evidence), because the caller may not open them."),
	}
}
