package web

import (
	"slices"
	"strconv"
	"strings"

	"toren/internal/toren"
)

// formErrors holds the Dutch messages of a rejected form by the name of
// the field they belong next to, and the summary shown above the form.
type formErrors struct {
	byField map[string][]string
	Summary []summaryItem
}

// summaryItem is one line of the error summary: a link to the field.
type summaryItem struct {
	Href    string // "#persons-0-surname"; "" when no field of the form shows it
	Message string
}

// newFormErrors places each field error next to a field of the form. A
// decoding error of a field replaces the validator's errors on it (a
// date that could not be read is not also "required").
func newFormErrors(f intakeForm, decode, validation []toren.FieldError) formErrors {
	e := formErrors{byField: map[string][]string{}}
	decoded := map[string]bool{}
	for _, fe := range decode {
		decoded[errorField(fe.Field, f)] = true
	}
	type placed struct {
		field   string
		rank    int
		message string
	}
	var all []placed
	for _, list := range [][]toren.FieldError{decode, validation} {
		for _, fe := range list {
			field := errorField(fe.Field, f)
			if decoded[field] && !slices.Contains(decode, fe) {
				continue
			}
			text := fe.MessageNL
			if text == "" {
				text = msg("intake.field.invalid")
			}
			if slices.Contains(e.byField[field], text) {
				continue
			}
			e.byField[field] = append(e.byField[field], text)
			all = append(all, placed{field, fieldRank(field), text})
		}
	}
	slices.SortStableFunc(all, func(a, b placed) int { return a.rank - b.rank })
	for _, p := range all {
		href := ""
		if p.rank < unplacedRank {
			href = "#" + fieldID(p.field)
			if p.field == fieldKind || p.field == fieldChildren || p.field == fieldTypes || p.field == fieldNatures || p.field == fieldMcSteps {
				href = "#" + fieldID(p.field) + "-0" // a group: its first option
			}
		}
		e.Summary = append(e.Summary, summaryItem{Href: href, Message: summaryLabel(p.field) + p.message})
	}
	return e
}

// intakeRuleWords words the field errors of a report's validation in
// Dutch from the catalogue (intake.rule.*, see ruleWords).
func intakeRuleWords(fe []toren.FieldError) []toren.FieldError {
	// A bound's sentence names the bound the validator gives ({max},
	// the error's Limit), so the worker knows how much to cut.
	return ruleWords("intake.rule", fe)
}

// errorField maps a validator field path to the form field that shows it.
func errorField(path string, f intakeForm) string {
	if i, field, ok := strings.Cut(path, "]."); ok && strings.HasPrefix(path, "persons[") {
		switch field {
		case "first_names", "initials":
			field = "names"
		}
		return i + "]." + field
	}
	switch {
	case strings.HasPrefix(path, fieldTypes+"["):
		return fieldTypes
	case strings.HasPrefix(path, fieldNatures+"["):
		return fieldNatures
	case path == "meldcode" || strings.HasPrefix(path, fieldMcSteps+"["):
		return fieldMcSteps
	case path == "persons":
		// "at least one victim or child": the first person's role is where
		// it is put right.
		if len(f.Persons) > 0 {
			return personName(0, "role")
		}
	}
	return path
}

// unplacedRank is the rank of a field the form does not show.
const unplacedRank = 1 << 20

// fieldRank orders fields as the form shows them, for the summary.
func fieldRank(field string) int {
	if i := slices.Index(topFields, field); i >= 0 {
		return i
	}
	if i, name, ok := personFieldName(field); ok {
		return len(topFields) + i*len(personFields) + slices.Index(personFields, name)
	}
	return unplacedRank
}

// of returns the messages for field.
func (e formErrors) of(field string) []string { return e.byField[field] }

// any reports whether there are errors.
func (e formErrors) any() bool { return len(e.Summary) > 0 }

// fieldID turns a field name into an HTML id: "persons[0].surname"
// becomes "persons-0-surname".
func fieldID(name string) string {
	return strings.NewReplacer("[", "-", "].", "-", ".", "-", "]", "").Replace(name)
}

// summaryLabel is the prefix of a summary line for field, "" when the
// form has no label for it: the catalogue's intake.summary.<field>, or
// for a person's field "Persoon 3, geboortedatum: "
// (intake.summary.person, intake.summary.person.<field>), so that every
// line says what to put right where instead of four times "Dit veld is
// verplicht." (next to the field itself the message stands alone: the
// label is above it).
func summaryLabel(field string) string {
	if i, name, ok := personFieldName(field); ok {
		person := msgVars("intake.summary.person", "n", strconv.Itoa(i+1))
		if key := "intake.summary.person." + name; hasMsg(key) {
			return person + ", " + msg(key) + ": "
		}
		return person + ": "
	}
	if key := "intake.summary." + field; hasMsg(key) {
		return msg(key) + ": "
	}
	return ""
}
