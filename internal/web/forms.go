package web

import "toren/internal/toren"

// formFieldData is one text field of a form, as the textField template
// shows it: with its hint and, after a failed submit, the rule it broke.
type formFieldData struct {
	Name, Label, Value, Error, Hint string
}

// formField builds a formFieldData in a template: the error is looked up
// by the field's name in the page's errors.
func formField(name, label, value string, errs map[string]string, hint string) formFieldData {
	return formFieldData{Name: name, Label: label, Value: value, Error: errs[name], Hint: hint}
}

// fieldErrors maps the fields of a validation error (or of a conflict
// such as a taken name) to their Dutch messages, the first per field, for
// showing next to each field. ok is false for any other error.
func fieldErrors(err error) (map[string]string, bool) {
	code := toren.ErrorCode(err)
	if code != toren.CodeInvalid && (code != toren.CodeConflict || len(toren.FieldErrors(err)) == 0) {
		return nil, false
	}
	out := map[string]string{}
	for _, f := range toren.FieldErrors(err) {
		if _, seen := out[f.Field]; !seen {
			m := f.MessageNL
			if m == "" {
				m = msg("form.error.invalid")
			}
			out[f.Field] = m
		}
	}
	return out, true
}
