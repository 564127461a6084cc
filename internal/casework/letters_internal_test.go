package casework

import (
	"testing"

	"toren/internal/letters"
	"toren/internal/toren"
)

// The letter's own validation errors name the request's fields.
func TestLetterErrorsNameTheRequestsFields(t *testing.T) {
	fields := func(kind letters.Kind, in ...string) []string {
		var fe []toren.FieldError
		for _, f := range in {
			fe = append(fe, toren.FieldError{Field: f, Rule: "r"})
		}
		var out []string
		for _, f := range toren.FieldErrors(letterFields(kind, &toren.Error{Code: toren.CodeInvalid, Fields: fe})) {
			out = append(out, f.Field)
		}
		return out
	}
	if got := fields(letters.KindClosing, "recipients[0].name", "conditions[1].until", "note"); got[0] != "recipients" || got[1] != "conditions_until" || got[2] != "note" {
		t.Errorf("closing: %v", got)
	}
	if got := fields(letters.KindFeedback, "reporter", "conditions", "partners[2]", "reported_on"); got[0] != "report_id" || got[1] != "share_conditions" ||
		got[2] != "partners" || got[3] != "report_id" {
		t.Errorf("feedback: %v", got)
	}
}
