package web

import "strings"

// caseFieldLabel is the label of field in form, "" when unknown: the
// catalogue's "case.field." + form + "." + field, the label the page's form
// shows (a form of one record by its kind: "agreement-12" by
// "agreement-"). The error summary says which field each message is about
// ("Met wie: Dit veld is verplicht.") instead of repeating the message;
// TestCaseFieldLabelsMatchTheForms checks the page asks for these keys.
func caseFieldLabel(form, field string) string {
	if i := strings.IndexByte(form, '-'); i >= 0 {
		form = form[:i+1]
	}
	if key := "case.field." + form + "." + field; hasMsg(key) {
		return msg(key)
	}
	return ""
}

// caseFieldInvalid is the message of a field the service refused without
// saying why in Dutch.
func caseFieldInvalid() string { return msg("case.error.field") }
