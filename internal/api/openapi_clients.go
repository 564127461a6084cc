package api

import (
	"net/http"

	"toren/internal/access"
)

// The OpenAPI part of API clients: how a call authenticates, and the
// status a client reads back about a report it sent.

// securitySchemes are the two ways to call the API: a staff member's
// browser session (cookie, with the CSRF token in X-CSRF-Token on every
// change), or an API client's bearer token.
func securitySchemes() obj {
	return obj{
		"session": obj{"type": "apiKey", "in": "cookie", "name": "toren_session",
			"description": "A staff member signed in with password and second factor. Every request that changes something " +
				"sends the session's CSRF token in X-CSRF-Token."},
		"clientToken": obj{"type": "http", "scheme": "bearer",
			"description": "An API client (another organisation's system) registered by the administrator: " +
				"Authorization: Bearer trn_... . A client reaches only what its scopes open (reports:create: send reports " +
				"and advice requests, read back their status), is rate limited per minute (429 with Retry-After), and " +
				"every call is in the audit log with the client as the actor. An unknown, expired or revoked token is 401."},
	}
}

func clientPaths() obj {
	return obj{
		"/api/v1/reports/{id}/status": obj{"get": obj{
			"operationId": "getReportStatus",
			"summary":     "The intake status of a report the calling API client sent",
			"description": "For API clients with the scope reports:create. It says where the report is (in_triage, taken_up), " +
				"never its content or what Veilig Thuis found. Another client's report, or one staff registered, is 404.",
			"security": []any{obj{"clientToken": []any{}}},
			"parameters": []any{obj{"name": "id", "in": "path", "required": true, "description": "The report's ID.",
				"schema": obj{"type": "integer", "format": "int64"}}},
			"responses": responses(
				http.StatusOK, jsonResponse("The status", "ReportStatus"),
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusNotFound, responseRef("NotFound"),
				http.StatusInternalServerError, responseRef("InternalError"),
			),
		}},
	}
}

func clientSchemas() obj {
	return obj{
		"ReportStatus": object(obj{
			"id":           integer(),
			"number":       str(),
			"kind":         enum(kindEnum()),
			"external_ref": described(str(), "The sender's own reference, as sent."),
			"received_at":  dateTime(),
			"status": described(enum([]string{access.StatusInTriage, access.StatusTakenUp}),
				"in_triage: received, the safety assessment is being made; taken_up: Veilig Thuis works with it in a case."),
		}, "id", "number", "kind", "received_at", "status"),
	}
}

// reportOrStatus is the answer to a new report: the report as stored for
// staff, its status for an API client (which never sees the links the
// radar made).
func reportOrStatus() obj {
	return obj{"oneOf": []any{schemaRef("Report"), schemaRef("ReportStatus")}}
}
