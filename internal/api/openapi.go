package api

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strconv"
)

// The OpenAPI 3.0 document is built as a Go value so that the enums come
// from the code lists in package reports and cannot drift from them. The
// tests check it against the registered routes, the statuses the handlers
// produce and the bodies they write.

type obj = map[string]any

func encodeOpenAPI() ([]byte, error) {
	doc := openAPIDocument()
	addHistoryAndAlerts(doc)
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("api: encode OpenAPI document: %w", err)
	}
	return append(b, '\n'), nil
}

func openAPIDocument() obj {
	doc := obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":   "Toren API",
			"version": "1",
			"description": "Intake and reading of reports (meldingen), advice requests (adviesvragen) and registry persons " +
				"for Veilig Thuis organisations.\n\n" +
				"Errors are RFC 9457 problem details (application/problem+json). Their `type` is an absolute URI starting with `" +
				ProblemTypeBase + "` (identifiers to compare, not pages to fetch); validation problems list every broken " +
				"field in `errors`, each with a path such as `persons[0].bsn` (`body` for the body as a whole, " +
				"`idempotency_key` for the Idempotency-Key header) and a stable `rule` such as `required`, `enum`, `type`, " +
				"`format`, `unknown_field`, `json_syntax`, `elfproef`, `postcode`, `municipality` or `not_future`. " +
				"Bad input changes nothing.\n\n" +
				"Lists are paged newest first: pass a page's `next` as `before` to get the page after it.",
		},
		"paths": obj{
			"/api/v1/reports": obj{
				"post": submitOperation("createReport", "Register a report (melding)",
					"Registers a report. `kind` may be left out or be `report`. A report needs a reporter who can be reached "+
						"(a professional's organisation, a citizen's name, and a phone number or e-mail address), at least one "+
						"violence type and at least one person who is a victim or a child."),
				"get": obj{
					"operationId": "listReports",
					"summary":     "List reports and advice requests, newest first",
					"parameters": []any{
						obj{"name": "kind", "in": "query", "schema": obj{"type": "string", "enum": kindEnum()}},
						paramRef("Before"), paramRef("Limit"),
					},
					"responses": responses(
						http.StatusOK, jsonResponse("A page of report summaries", "ReportList"),
						http.StatusForbidden, responseRef("Forbidden"),
						http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
						http.StatusInternalServerError, responseRef("InternalError"),
					),
				},
			},
			"/api/v1/advice-requests": obj{
				"post": submitOperation("createAdviceRequest", "Register an advice request (adviesvraag)",
					"Registers an advice request. `kind` may be left out or be `advice`. Persons are optional."),
			},
			"/api/v1/reports/{id}": obj{
				"get": obj{
					"operationId": "getReport",
					"summary":     "Get a report or advice request with every person as named",
					"parameters": []any{obj{"name": "id", "in": "path", "required": true,
						"description": "The numeric ID, or the human number such as M-2026-000123.",
						"schema":      obj{"type": "string"}}},
					"responses": responses(
						http.StatusOK, jsonResponse("The report", "Report"),
						http.StatusForbidden, responseRef("Forbidden"),
						http.StatusNotFound, responseRef("NotFound"),
						http.StatusInternalServerError, responseRef("InternalError"),
					),
				},
			},
			"/api/v1/persons": obj{
				"get": obj{
					"operationId": "listPersons",
					"summary":     "List registry persons, newest first, or search them",
					"description": "Without `q`: a page of registry persons, newest first (PersonList), optionally those whose " +
						"surname starts with `surname`.\n\n" +
						"With `q`: a person search (PersonSearch), read as the web interface's search box reads it: a BSN " +
						"(nine digits passing the eleven test), a date of birth (dd-mm-yyyy), a postcode with optional house " +
						"number (1234 AB 12), else a name, matched loosely: particles in any form (`vd Berg`, `Berg, van der`), " +
						"without regard to case and diacritics, spelling variants that sound alike, initials against given " +
						"names. Best hits first; `limit` bounds them and `more` says there were more. Need-to-know applies per " +
						"hit: a person outside the caller's teams is a `signal_only` hit with only name, date of birth and " +
						"number of mentions, and the teams to ask. `q` cannot be combined with `surname` or `before`. " +
						"The search and its terms are recorded in the audit log.",
					"parameters": []any{
						obj{"name": "q", "in": "query", "description": "What to search for (at most 200 characters).",
							"schema": obj{"type": "string", "maxLength": 200}},
						obj{"name": "surname", "in": "query", "description": "Surname without particle, matched as a prefix regardless of case and accents.",
							"schema": obj{"type": "string", "maxLength": 200}},
						paramRef("Before"), paramRef("Limit"),
					},
					"responses": responses(
						http.StatusOK, obj{"description": "A page of registry persons, or with q the persons found",
							"content": obj{"application/json": obj{"schema": obj{"oneOf": []any{schemaRef("PersonList"), schemaRef("PersonSearch")}}}}},
						http.StatusForbidden, responseRef("Forbidden"),
						http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
						http.StatusInternalServerError, responseRef("InternalError"),
					),
				},
			},
			"/api/v1/persons/{id}": obj{
				"get": obj{
					"operationId": "getPerson",
					"summary":     "Get a registry person with every mention of them",
					"parameters": []any{obj{"name": "id", "in": "path", "required": true,
						"schema": obj{"type": "integer", "format": "int64"}}},
					"responses": responses(
						http.StatusOK, jsonResponse("The person and their mentions, newest report first", "PersonDetail"),
						http.StatusForbidden, responseRef("Forbidden"),
						http.StatusNotFound, responseRef("NotFound"),
						http.StatusInternalServerError, responseRef("InternalError"),
					),
				},
			},
			"/api/v1/openapi.json": obj{
				"get": obj{
					"operationId": "getOpenAPI",
					"summary":     "This document",
					"responses": responses(
						http.StatusOK, obj{"description": "The OpenAPI document", "content": obj{"application/json": obj{"schema": obj{"type": "object"}}}},
						http.StatusForbidden, responseRef("Forbidden"),
					),
				},
			},
		},
		"components": obj{
			"schemas": schemas(),
			"parameters": obj{
				"Before": obj{"name": "before", "in": "query", "description": "The `next` cursor of the page before.",
					"schema": obj{"type": "string"}},
				"Limit": obj{"name": "limit", "in": "query", "description": "Page size.",
					"schema": obj{"type": "integer", "minimum": 1, "maximum": maxLimit, "default": defaultLimit}},
				"IdempotencyKey": obj{"name": IdempotencyKeyHeader, "in": "header",
					"description": "Makes a retry safe: a request with a key seen before returns the report stored then (200, " +
						ReplayedHeader + ": true) instead of storing it again; the same key with another body is a 409. " +
						"A structured-field string (\"key\") or a bare key of visible ASCII, at most 200 characters.",
					"schema": obj{"type": "string", "maxLength": 202}},
			},
			"responses": obj{
				"ValidationFailed": problemResponse("The request breaks one or more rules; errors names each field and rule. Nothing was stored."),
				"NotFound":         problemResponse("No such object."),
				"Conflict":         problemResponse("The Idempotency-Key was used before for another request."),
				"Forbidden":        problemResponse("The policy refuses this request."),
				"TooLarge":         problemResponse(fmt.Sprintf("The body is larger than %d bytes.", MaxBodyBytes)),
				"UnsupportedMedia": problemResponse("The body is not application/json."),
				"InternalError":    problemResponse("Something failed on our side; the detail is always \"Internal error.\"."),
				"StateConflict": problemResponse("The request does not fit the object's state, or the version sent is not the one " +
					"stored any more; errors names the rule where there is one. Nothing was changed."),
			},
		},
	}
	maps.Copy(doc["paths"].(obj), caseworkPaths())
	maps.Copy(doc["paths"].(obj), registryPaths())
	maps.Copy(doc["paths"].(obj), breakGlassPaths())
	maps.Copy(doc["paths"].(obj), clientPaths())
	doc["components"].(obj)["securitySchemes"] = securitySchemes()
	doc["security"] = []any{obj{"session": []any{}}, obj{"clientToken": []any{}}}
	maps.Copy(doc["paths"].(obj), itPaths())
	return doc
}

func submitOperation(id, summary, description string) obj {
	return obj{
		"operationId": id,
		"summary":     summary,
		"description": description + " Fields marked read-only (id, number, version, registered_at, registered_by, " +
			"persons[].id, persons[].person_id) are refused when sent (422, rule read_only), as are a key given twice " +
			"(duplicate_key) and a key that matches a field only when case is ignored (key_case).",
		"parameters": []any{paramRef("IdempotencyKey")},
		"requestBody": obj{
			"required": true,
			"content":  obj{"application/json": obj{"schema": schemaRef("ReportInput")}},
		},
		"responses": responses(
			http.StatusOK, obj{
				"description": "A replay: the key was used before for the same request; this is the report stored then.",
				"headers": obj{
					ReplayedHeader:     obj{"schema": obj{"type": "string", "enum": []string{"true"}}},
					"Content-Location": obj{"schema": obj{"type": "string"}},
				},
				"content": obj{"application/json": obj{"schema": reportOrStatus()}},
			},
			http.StatusCreated, obj{
				"description": "Registered.",
				"headers": obj{"Location": obj{"description": "/api/v1/reports/{id}; for an API client /api/v1/reports/{id}/status",
					"schema": obj{"type": "string"}}},
				"content": obj{"application/json": obj{"schema": reportOrStatus()}},
			},
			http.StatusForbidden, responseRef("Forbidden"),
			http.StatusConflict, responseRef("Conflict"),
			http.StatusRequestEntityTooLarge, responseRef("TooLarge"),
			http.StatusUnsupportedMediaType, responseRef("UnsupportedMedia"),
			http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
			http.StatusInternalServerError, responseRef("InternalError"),
		),
	}
}

// responses pairs statuses with responses: responses(200, r200, 404, r404).
func responses(pairs ...any) obj {
	out := obj{}
	for i := 0; i+1 < len(pairs); i += 2 {
		out[strconv.Itoa(pairs[i].(int))] = pairs[i+1]
	}
	return out
}

func jsonResponse(description, schema string) obj {
	return obj{"description": description, "content": obj{"application/json": obj{"schema": schemaRef(schema)}}}
}

func problemResponse(description string) obj {
	return obj{"description": description, "content": obj{ProblemContentType: obj{"schema": schemaRef("Problem")}}}
}

func schemaRef(name string) obj   { return obj{"$ref": "#/components/schemas/" + name} }
func responseRef(name string) obj { return obj{"$ref": "#/components/responses/" + name} }
func paramRef(name string) obj    { return obj{"$ref": "#/components/parameters/" + name} }
