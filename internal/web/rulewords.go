package web

import (
	"errors"
	"strconv"
	"strings"

	"toren/internal/letters"
	"toren/internal/toren"
)

// wordRules returns err with its field errors worded in Dutch from the
// catalogue's list (ruleWords, text_nl_rules.go), each "{name}" a sentence
// names filled in with its value (namesValues in pairs, as msgVars), for
// the pages that read the words from the error (fieldErrors). An error
// without field errors is returned as it is.
func wordRules(err error, list string, namesValues ...string) error {
	var te *toren.Error
	if !errors.As(err, &te) || len(te.Fields) == 0 {
		return err
	}
	out := *te
	out.Fields = withValues(ruleWords(list, te.Fields), namesValues...)
	return &out
}

// withValues fills each "{name}" in the Dutch messages of fe with its
// value, the names and values given in pairs.
func withValues(fe []toren.FieldError, namesValues ...string) []toren.FieldError {
	for i := range fe {
		for j := 0; j+1 < len(namesValues); j += 2 {
			fe[i].MessageNL = strings.ReplaceAll(fe[i].MessageNL, "{"+namesValues[j]+"}", namesValues[j+1])
		}
	}
	return fe
}

// accessFieldLabel is the name of a field of the objection form on the
// access page, with ": " after it, to put before the field's message.
func accessFieldLabel(field string) string {
	key, ok := map[string]string{"object_kind": "accesslog.objections.about", "object_ref": "accesslog.objections.number",
		"statement": "accesslog.objections.statement", "note": "accesslog.objections.argument",
		"changed": "accesslog.objections.change"}[field]
	if !ok {
		return ""
	}
	return msg(key) + ": "
}

// letterRuleWords words a refused letter or letterhead (letter.rule.*)
// with the letters' bounds.
func letterRuleWords(err error) error {
	return wordRules(err, "letter.rule", "line", strconv.Itoa(letters.MaxLine), "text", strconv.Itoa(letters.MaxText),
		"note", strconv.Itoa(letters.MaxNote), "items", strconv.Itoa(letters.MaxItems), "lines", strconv.Itoa(letters.MaxAddressLines))
}
