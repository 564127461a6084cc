// Package toren holds the vocabulary every other package shares: the
// application error with its codes, field errors for validation, civil dates
// and the clock. It has no I/O.
package toren

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an application error so that adapters (API, web, CLI) can
// map it to a status without looking at error text.
type Code string

const (
	CodeInvalid   Code = "invalid"   // input broke a rule; Fields says which
	CodeNotFound  Code = "not_found" // the object does not exist (or may not be seen)
	CodeConflict  Code = "conflict"  // a concurrent update or a reused idempotency key
	CodeForbidden Code = "forbidden" // the policy refused the action
	// CodeUnavailable: the storage cannot take writes now (a full disk,
	// an I/O error); nothing was stored, and trying later may work.
	CodeUnavailable Code = "unavailable"
	CodeInternal    Code = "internal" // anything unexpected; never shown in detail
)

// Error is the application error. Message is safe to show to users; the
// wrapped Err is for logs only.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	Err     error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Code))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for _, f := range e.Fields {
		b.WriteString("; ")
		b.WriteString(f.Error())
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an application error with a formatted, user-safe message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// CodeInternal when there is none.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// FieldErrors returns the field errors of err, if it is a validation error.
func FieldErrors(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// FieldError names one field that broke one rule. Field is a path such as
// "persons[1].bsn"; Rule is a stable machine code such as "elfproef";
// Message is English (API); MessageNL is the words the web shows, set by
// the web itself (from its catalogue), never by a service.
type FieldError struct {
	Field     string `json:"field"`
	Rule      string `json:"rule"`
	Message   string `json:"message"`
	MessageNL string `json:"-"`
	// Limit is the bound a max_length or max_items rule names (0: none),
	// so that an adapter can say it in its own words.
	Limit int `json:"limit,omitempty"`
}

func (f FieldError) Error() string { return f.Field + ": " + f.Message + " (" + f.Rule + ")" }

// Problems collects field errors during validation.
type Problems struct {
	list []FieldError
}

// Add records that field broke rule; msg is English, for the API and
// logs. A service names no words for users: the adapter words the rule
// (the web from its catalogue, by list, rule and field).
func (p *Problems) Add(field, rule, msg string) {
	p.list = append(p.list, FieldError{Field: field, Rule: rule, Message: msg})
}

// AddLimit records that field broke a bound (max_length, max_items) of
// limit.
func (p *Problems) AddLimit(field, rule, msg string, limit int) {
	p.list = append(p.list, FieldError{Field: field, Rule: rule, Message: msg, Limit: limit})
}

// AddWorded records that field broke rule, with the words an adapter
// shows its users (the web's own parsing of a form, worded from its
// catalogue). Services use Add.
func (p *Problems) AddWorded(field, rule, msg, words string) {
	p.list = append(p.list, FieldError{Field: field, Rule: rule, Message: msg, MessageNL: words})
}

// Merge adds the problems of q, each field prefixed with prefix.
func (p *Problems) Merge(prefix string, q Problems) {
	for _, f := range q.list {
		if prefix != "" {
			f.Field = prefix + "." + f.Field
		}
		p.list = append(p.list, f)
	}
}

// Len returns the number of problems.
func (p *Problems) Len() int { return len(p.list) }

// Err returns nil when there are no problems, else an invalid *Error.
func (p *Problems) Err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: "validation failed", Fields: p.list}
}
