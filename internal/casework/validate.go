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
		p.Add(field, "required", "is required", "Dit veld is verplicht.")
	case !utf8.ValidString(v):
		p.Add(field, "text", "must be valid UTF-8 text", "Bevat ongeldige tekens.")
	case utf8.RuneCountInString(v) > max:
		p.Add(field, "max_length", fmt.Sprintf("may be at most %d characters", max), fmt.Sprintf("Mag hoogstens %d tekens lang zijn.", max))
	case strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f }):
		p.Add(field, "text", "may not contain control characters", "Bevat ongeldige tekens.")
	}
}

// version checks the version a change was based on.
func version(p *toren.Problems, v int) {
	if v < 1 {
		p.Add("version", "required", "the version that was read is required", "De versie die u las ontbreekt; laad opnieuw.")
	}
}

// oneOf checks that v is one of the codes of list.
func oneOf[T ~string](p *toren.Problems, field string, v T, list []T) {
	if v == "" {
		p.Add(field, "required", "is required", "Dit veld is verplicht.")
		return
	}
	if !slices.Contains(list, v) {
		codes := make([]string, len(list))
		for i, c := range list {
			codes[i] = string(c)
		}
		p.Add(field, "enum", "must be one of "+strings.Join(codes, ", "), "Kies een van de mogelijkheden.")
	}
}

// past checks a moment that has happened: set, not in the future (a
// minute of clock difference allowed), not before the year 2000.
func past(p *toren.Problems, field string, t, now time.Time) {
	switch {
	case t.IsZero():
		p.Add(field, "required", "is required", "Dit veld is verplicht.")
	case t.After(now.Add(time.Minute)):
		p.Add(field, "not_future", "may not lie in the future", "Mag niet in de toekomst liggen.")
	case t.Year() < 2000:
		p.Add(field, "range", "must lie after the year 2000", "Moet na het jaar 2000 liggen.")
	}
}

// conflictf is a CodeConflict error naming the rule in one field, for a
// request that is well formed but does not fit the case's state.
func conflictf(field, rule, msg, msgNL string) error {
	return &toren.Error{Code: toren.CodeConflict, Message: msg,
		Fields: []toren.FieldError{{Field: field, Rule: rule, Message: msg, MessageNL: msgNL}}}
}

// invalidf is a CodeInvalid error naming one field and rule.
func invalidf(field, rule, msg, msgNL string) error {
	return &toren.Error{Code: toren.CodeInvalid, Message: "validation failed",
		Fields: []toren.FieldError{{Field: field, Rule: rule, Message: msg, MessageNL: msgNL}}}
}

// AsSignalOnly returns the SignalOnly in err's chain.
func AsSignalOnly(err error) (*SignalOnly, bool) {
	var s *SignalOnly
	ok := errors.As(err, &s)
	return s, ok
}
