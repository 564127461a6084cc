package api

import (
	"net/http"

	"toren/internal/access"
	"toren/internal/importer"
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
				"and advice requests, read back their status; handovers:respond and monitoring:report: read, answer and report " +
				"on the handovers to the partner the client is linked to), is rate limited per minute (429 with Retry-After), and " +
				"every call is in the audit log with the client as the actor. An unknown, expired or revoked token is 401."},
	}
}

func clientPaths() obj {
	batchID := []any{obj{"name": "id", "in": "path", "required": true, "description": "The batch's ID.",
		"schema": obj{"type": "integer", "format": "int64"}}}
	return obj{
		"/api/v1/report-batches": obj{"post": obj{
			"operationId": "createReportBatch",
			"summary":     "Send police reports in bulk: one JSON object per line (JSON Lines)",
			"description": "The body is JSON Lines (application/jsonl or application/x-ndjson), each line a police report in the " +
				"format of toren import (docs/import.md): external_ref (the registration number) and received_at are required. " +
				"Every line is accounted for: stored, replayed (the same registration number with the same content was sent " +
				"before by this caller) or invalid with the field and rule it broke; the other lines are stored all the same. " +
				"The registration number is the idempotency key, scoped to the caller, so sending a batch again stores only what " +
				"was not stored. The answer comes when every line is accounted for; GET /api/v1/report-batches/{id} returns it again.",
			"requestBody": obj{"required": true, "content": obj{
				"application/jsonl":    obj{"schema": obj{"type": "string"}},
				"application/x-ndjson": obj{"schema": obj{"type": "string"}},
			}},
			"responses": responses(
				http.StatusCreated, obj{
					"description": "Every line accounted for.",
					"headers":     obj{"Location": obj{"description": "/api/v1/report-batches/{id}", "schema": obj{"type": "string"}}},
					"content":     obj{"application/json": obj{"schema": schemaRef("ReportBatch")}},
				},
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusRequestEntityTooLarge, problemResponse("The body is larger than 16 MiB: send the lines in several batches."),
				http.StatusUnsupportedMediaType, problemResponse("The body is not JSON Lines (application/jsonl or application/x-ndjson)."),
				http.StatusInternalServerError, responseRef("InternalError"),
			),
		}},
		"/api/v1/report-batches/{id}": obj{"get": obj{
			"operationId": "getReportBatch",
			"summary":     "The outcome of every line of a batch the caller sent",
			"description": "Only for the staff member or API client that sent the batch; to anyone else it is 404.",
			"parameters":  batchID,
			"responses": responses(
				http.StatusOK, jsonResponse("The batch", "ReportBatch"),
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusNotFound, responseRef("NotFound"),
				http.StatusInternalServerError, responseRef("InternalError"),
			),
		}},
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
		"ReportBatch": object(obj{
			"id":         integer(),
			"created_at": dateTime(),
			"summary": object(obj{
				"lines": integer(), "stored": integer(), "replayed": integer(), "invalid": integer(),
			}, "lines", "stored", "replayed", "invalid"),
			"lines": array(schemaRef("BatchLine")),
		}, "id", "created_at", "summary", "lines"),
		"BatchLine": object(obj{
			"line": described(integer(), "The line of the body, from 1."),
			"outcome": described(enum([]string{importer.LineStored, importer.LineReplayed, importer.LineInvalid}),
				"stored: a new report; replayed: this caller sent the same registration number with the same content before; "+
					"invalid: refused, errors says why."),
			"report_id": integer(),
			"number":    str(),
			"errors":    array(schemaRef("FieldError")),
		}, "line", "outcome"),
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
