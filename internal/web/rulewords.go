package web

import (
	"errors"
	"regexp"
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
// with the letters' bounds, and names the row of a list the case gave the
// letter ("Veiligheidsvoorwaarde 2: ...", letter.row.*): the form has no
// field of its own for it.
func letterRuleWords(err error) error {
	err = wordRules(err, "letter.rule", "line", strconv.Itoa(letters.MaxLine), "text", strconv.Itoa(letters.MaxText),
		"note", strconv.Itoa(letters.MaxNote), "items", strconv.Itoa(letters.MaxItems), "lines", strconv.Itoa(letters.MaxAddressLines))
	fields := toren.FieldErrors(err) // wordRules's own copy
	for i, fe := range fields {
		m := rowRe.FindStringSubmatch(fe.Field)
		if m == nil || !hasMsg("letter.row."+m[1]) {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		fields[i].MessageNL = msgVars("letter.row."+m[1], "n", strconv.Itoa(n+1)) + ": " + fe.MessageNL
	}
	return err
}

// rowRe is a field of a row of a list: "conditions[2].what" is row 2 of
// conditions.
var rowRe = regexp.MustCompile(`^([a-z_]+)\[(\d+)\]`)
