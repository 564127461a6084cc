package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"toren/internal/reports"
	"toren/internal/toren"
)

// MaxBodyBytes is the largest request body accepted (1 MiB): far more
// than a report with fifty persons and a long description needs.
const MaxBodyBytes = 1 << 20

// readJSONBody checks the media type and reads the whole body, refusing
// more than MaxBodyBytes.
func readJSONBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return nil, unsupportedMedia(ct)
	}
	// JSON is UTF-8 (RFC 8259); any other declared charset is a mistake.
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, unsupportedMedia(ct)
	}
	if r.ContentLength > MaxBodyBytes {
		return nil, tooLarge(MaxBodyBytes)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, tooLarge(MaxBodyBytes)
	}
	if err != nil {
		return nil, fmt.Errorf("api: read request body: %w", err)
	}
	return body, nil
}

var reportType = reflect.TypeFor[reports.Report]()

// decodeReport decodes body strictly: one JSON object, no unknown fields,
// every value of the right type. When it fails, the error names every
// field that is wrong, not only the first one encoding/json stumbled on.
func decodeReport(body []byte) (*reports.Report, error) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, invalid("body", "required", "the body must be a JSON object")
	}
	if err := strictKeys(body, reportType, reportReadOnly); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var rep reports.Report
	if err := dec.Decode(&rep); err != nil {
		return nil, decodeError(body, reportType, err)
	}
	if trimmed[0] != '{' { // null decodes into a zero report without complaint
		return nil, invalid("body", "type", "the body must be a JSON object")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, invalid("body", "json_syntax", "the body must hold one JSON object and nothing after it")
	}
	return &rep, nil
}

// decodeError turns an encoding/json error into field errors.
func decodeError(body []byte, t reflect.Type, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return invalid("body", "json_syntax", fmt.Sprintf("malformed JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: ")))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("body", "json_syntax", "malformed JSON: the body ends before the JSON object does")
	}
	if fields := locateProblems(body, t); len(fields) > 0 {
		return &toren.Error{Code: toren.CodeInvalid, Message: "validation failed", Fields: fields, Err: err}
	}
	// Every error encoding/json returns for a syntactically valid body is
	// found above; keep a safe answer for any it might add.
	return &toren.Error{Code: toren.CodeInvalid, Message: "validation failed", Err: err,
		Fields: []toren.FieldError{{Field: "body", Rule: "schema", Message: "the body does not match the schema"}}}
}
