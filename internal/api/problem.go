package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"toren/internal/httpx"
	"toren/internal/toren"
)

// ProblemTypeBase is the prefix of every problem "type" URI. RFC 9457
// recommends absolute URIs; the reserved .invalid domain makes clear they
// are identifiers to compare, not pages to fetch.
const ProblemTypeBase = "https://toren.invalid/problems/"

// Problem types, one per kind of failure.
const (
	ProblemValidation       = ProblemTypeBase + "validation"             // 422
	ProblemNotFound         = ProblemTypeBase + "not-found"              // 404
	ProblemConflict         = ProblemTypeBase + "conflict"               // 409
	ProblemForbidden        = ProblemTypeBase + "forbidden"              // 403
	ProblemTooLarge         = ProblemTypeBase + "payload-too-large"      // 413
	ProblemUnsupportedMedia = ProblemTypeBase + "unsupported-media-type" // 415
	ProblemUnavailable      = ProblemTypeBase + "unavailable"            // 503
	ProblemInternal         = ProblemTypeBase + "internal"               // 500
)

// ProblemContentType is the media type of problem responses.
const ProblemContentType = "application/problem+json"

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type     string             `json:"type"`
	Title    string             `json:"title"`
	Status   int                `json:"status"`
	Detail   string             `json:"detail,omitempty"`
	Instance string             `json:"instance,omitempty"`
	Errors   []toren.FieldError `json:"errors,omitempty"`
}

// problemError is an error that already is a problem: the decoder's
// verdicts on the request itself (413, 415) that toren.Error has no code for.
type problemError struct{ p Problem }

func (e *problemError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.p.Status, e.p.Title, e.p.Detail)
}

func tooLarge(limit int64) error {
	return &problemError{Problem{Type: ProblemTooLarge, Title: "Payload too large", Status: http.StatusRequestEntityTooLarge,
		Detail: fmt.Sprintf("The request body may be at most %d bytes.", limit)}}
}

func unsupportedMedia(got string) error {
	return &problemError{Problem{Type: ProblemUnsupportedMedia, Title: "Unsupported media type", Status: http.StatusUnsupportedMediaType,
		Detail: fmt.Sprintf("The request body must be application/json, not %q.", got)}}
}

// invalid returns a validation error naming one field.
func invalid(field, rule, msg string) error {
	return &toren.Error{Code: toren.CodeInvalid, Message: "validation failed",
		Fields: []toren.FieldError{{Field: field, Rule: rule, Message: msg}}}
}

// problemOf maps err to the problem sent to the client, with the status
// httpx.Status gives its code. Only messages of
// application errors are shown: they are written to be safe. Anything else
// becomes a generic 500, and internal reports whether it was one.
func problemOf(err error) (p Problem, internal bool) {
	var pe *problemError
	if errors.As(err, &pe) {
		return pe.p, false
	}
	var te *toren.Error
	if !errors.As(err, &te) {
		return Problem{Type: ProblemInternal, Title: "Internal error", Status: http.StatusInternalServerError, Detail: "Internal error."}, true
	}
	switch te.Code {
	case toren.CodeInvalid:
		detail := "The request breaks a rule; see errors."
		if n := len(te.Fields); n > 1 {
			detail = fmt.Sprintf("The request breaks %d rules; see errors.", n)
		}
		return Problem{Type: ProblemValidation, Title: "Validation failed", Status: httpx.Status(te.Code),
			Detail: detail, Errors: te.Fields}, false
	case toren.CodeNotFound:
		return Problem{Type: ProblemNotFound, Title: "Not found", Status: httpx.Status(te.Code), Detail: sentence(te.Message)}, false
	case toren.CodeConflict:
		// A conflict with the object's state names the rule, as a
		// validation problem does.
		return Problem{Type: ProblemConflict, Title: "Conflict", Status: httpx.Status(te.Code), Detail: sentence(te.Message), Errors: te.Fields}, false
	case toren.CodeForbidden:
		return Problem{Type: ProblemForbidden, Title: "Forbidden", Status: httpx.Status(te.Code), Detail: sentence(te.Message)}, false
	case toren.CodeUnavailable:
		// Nothing was stored; a retry with the same Idempotency-Key is safe.
		return Problem{Type: ProblemUnavailable, Title: "Service unavailable", Status: httpx.Status(te.Code),
			Detail: "The database cannot store anything now; nothing was stored. Retry later with the same Idempotency-Key."}, false
	default:
		return Problem{Type: ProblemInternal, Title: "Internal error", Status: httpx.Status(te.Code), Detail: "Internal error."}, true
	}
}

// sentence makes a message read as a sentence: capital first, full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		s = string(c-'a'+'A') + s[1:]
	}
	if last := s[len(s)-1]; last != '.' && last != '?' && last != '!' {
		s += "."
	}
	return s
}

// writeError writes err as a problem. The real error of a 500 goes to the
// log only, never to the client.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	p, internal := problemOf(err)
	p.Instance = r.URL.Path
	if internal {
		a.log.ErrorContext(r.Context(), "api: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	} else {
		a.log.DebugContext(r.Context(), "api: request refused", "method", r.Method, "path", r.URL.Path, "status", p.Status, "type", p.Type)
	}
	writeProblem(w, p)
}

func writeProblem(w http.ResponseWriter, p Problem) {
	b, err := json.Marshal(p)
	if err != nil {
		// A Problem holds only strings and ints; this cannot happen.
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ProblemContentType)
	w.Header().Set("Content-Language", "en")
	w.WriteHeader(p.Status)
	w.Write(append(b, '\n'))
}
