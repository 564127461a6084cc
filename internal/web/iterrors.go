package web

import (
	"regexp"
	"strconv"
	"strings"

	"toren/internal/itteam"
	"toren/internal/toren"
)

// itNames words the field errors of an Interventieteam form for the list
// above it (part_iterrors.html). Package itteam refuses a field by its
// path ("agreements[2].owner") and a rule code; the list shows each in
// Dutch from the catalogue by rule and field (it.rule.*, see ruleWords),
// with the field named in front the way the form labels it, and its row:
// "Afspraak 3, wie: Vul in wie de afspraak nakomt." The case page has
// many forms and one list, so a line that did not say which field would
// leave the worker guessing.
type itNames struct {
	// form is the form that was sent ("fase", "plan"): a label
	// it.field.<form>.<field> goes before it.field.<field>, for a field
	// several forms have ("on": the date of what).
	form string
	// checklist names answers.<code> by its criterion (the referral).
	checklist *itteam.Checklist
	// items names scores.<item> by its question (an evaluation form).
	items []itteam.Option
	// values names a row of a list by what it holds rather than its
	// number: a care provider by its name, a decider by their role.
	values map[string][]string
}

// words returns fe with each message in Dutch, the field named in front,
// each line once. A message the web wrote itself (a date it could not
// read) keeps its words and is named the same way.
func (n itNames) words(fe []toren.FieldError) []toren.FieldError {
	var out []toren.FieldError
	seen := map[string]bool{}
	for _, f := range ruleWords("it.rule", fe) {
		text := f.MessageNL
		if text == "" {
			text = msg("itteam.errors.invalid")
		}
		text = n.fill(f.Field, text)
		if l := n.label(f.Field); l != "" {
			text = l + ": " + text
		}
		if seen[text] {
			continue // the same line for every row of a field the form asks once
		}
		seen[text] = true
		f.MessageNL = text
		out = append(out, f)
	}
	return out
}

// itRowRe splits a field of a list into the list, the row and the rest:
// "agreements[2].owner" is agreements, 2, owner.
var itRowRe = regexp.MustCompile(`^([a-z_]+)\[(\d+)\](?:\.(.+))?$`)

// label is the field's name as the form shows it, "" when the catalogue
// has none (the message then stands alone).
func (n itNames) label(field string) string {
	if m := itRowRe.FindStringSubmatch(field); m != nil {
		list, rest := m[1], m[3]
		// A field the form asks once for every row (a scaling round's
		// date) is named by the form without the row.
		if k := "it.field." + n.form + "." + list + "." + rest; rest != "" && hasMsg(k) {
			return msg(k)
		}
		i, _ := strconv.Atoi(m[2])
		row := ""
		if v, k := n.values[list], n.key(list+".value"); k != "" && i < len(v) && strings.TrimSpace(v[i]) != "" {
			row = msgVars(k, "value", strings.TrimSpace(v[i]))
		} else if k := n.key(list + ".row"); k != "" {
			row = msgVars(k, "n", strconv.Itoa(i+1))
		}
		if k := n.key(list + "." + rest); rest != "" && k != "" {
			if row == "" {
				return msg(k)
			}
			return row + ", " + msg(k)
		}
		return row
	}
	if code, rest, ok := strings.Cut(field, "."); ok {
		switch {
		case code == "answers" && n.checklist != nil:
			criterion, signs := strings.CutSuffix(rest, ".signs")
			if cr, ok := n.checklist.Criterion(criterion); ok {
				if signs {
					return cr.Label + ", " + msg("it.field.answers.signs")
				}
				return cr.Label
			}
		case code == "scores":
			for _, it := range n.items {
				if it.Value == rest {
					return it.Label
				}
			}
		}
	}
	if k := n.key(field); k != "" {
		return msg(k)
	}
	return ""
}

// key is the catalogue's key of a field's label, the form's own first;
// "" when there is none.
func (n itNames) key(field string) string {
	for _, k := range []string{"it.field." + n.form + "." + field, "it.field." + field} {
		if hasMsg(k) {
			return k
		}
	}
	return ""
}

// fill puts into a rule's words the values they name: the bounds of a
// checklist's number ("Vul een getal van 0 tot en met 10 in.") and the
// most persons a registration counts.
func (n itNames) fill(field, text string) string {
	if !strings.Contains(text, "{") {
		return text
	}
	vars := []string{"max", strconv.Itoa(itteam.MaxSexes)}
	if code, ok := strings.CutPrefix(field, "answers."); ok && n.checklist != nil {
		if cr, ok := n.checklist.Criterion(code); ok {
			vars = []string{"min", dutchNumber(cr.Min), "max", dutchNumber(cr.Max)}
		}
	}
	for i := 0; i+1 < len(vars); i += 2 {
		text = strings.ReplaceAll(text, "{"+vars[i]+"}", vars[i+1])
	}
	return text
}

// dutchNumber writes f with a decimal comma and no trailing zeros.
func dutchNumber(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', -1, 64), ".", ",", 1)
}
