package casework

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"toren/internal/toren"
)

// text checks a free-text field: present when required, at most max
// characters, valid UTF-8 without control characters other than newlines
// and tabs (they would garble letters and the audit log).
func text(p *toren.Problems, field, v string, max int, required bool) {
	switch {
	case required && strings.TrimSpace(v) == "":
		broke(p, field, "required", "is required")
	case !utf8.ValidString(v):
		broke(p, field, "text", "must be valid UTF-8 text")
	case utf8.RuneCountInString(v) > max:
		p.AddLimit(field, "max_length", fmt.Sprintf("may be at most %d characters", max), max)
	case strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f }):
		broke(p, field, "text", "may not contain control characters")
	}
}

// version checks the version a change was based on.
func version(p *toren.Problems, v int) {
	if v < 1 {
		broke(p, "version", "required", "the version that was read is required")
	}
}

// oneOf checks that v is one of the codes of list.
func oneOf[T ~string](p *toren.Problems, field string, v T, list []T) {
	if v == "" {
		broke(p, field, "required", "is required")
		return
	}
	if !slices.Contains(list, v) {
		codes := make([]string, len(list))
		for i, c := range list {
			codes[i] = string(c)
		}
		broke(p, field, "enum", "must be one of "+strings.Join(codes, ", "))
	}
}

// past checks a moment that has happened: set, not in the future (a
// minute of clock difference allowed), not before the year 2000.
func past(p *toren.Problems, field string, t, now time.Time) {
	switch {
	case t.IsZero():
		broke(p, field, "required", "is required")
	case t.After(now.Add(time.Minute)):
		broke(p, field, "not_future", "may not lie in the future")
	case t.Year() < 2000:
		broke(p, field, "range", "must lie after the year 2000")
	}
}

// broke records that field broke rule, msg saying so in English (the
// API's). The service speaks in field and rule codes: the pages word a
// rule from the web's catalogue (case.rule.*), naming the field; a bound
// travels as the error's Limit.
func broke(p *toren.Problems, field, rule, msg string) { p.Add(field, rule, msg) }

// conflictf is a CodeConflict error naming the rule in one field, for a
// request that is well formed but does not fit the case's state.
func conflictf(field, rule, msg string) error {
	return &toren.Error{Code: toren.CodeConflict, Message: msg,
		Fields: []toren.FieldError{{Field: field, Rule: rule, Message: msg}}}
}

// invalidf is a CodeInvalid error naming one field and rule.
func invalidf(field, rule, msg string) error {
	return &toren.Error{Code: toren.CodeInvalid, Message: "validation failed",
		Fields: []toren.FieldError{{Field: field, Rule: rule, Message: msg}}}
}

// AsSignalOnly returns the SignalOnly in err's chain.
func AsSignalOnly(err error) (*SignalOnly, bool) {
	var s *SignalOnly
	ok := errors.As(err, &s)
	return s, ok
}
