package web

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"toren/internal/toren"
)

// The interface's words come from one catalogue per language, by key:
// text_nl.go holds the Dutch. A page asks for a sentence by its key (msg,
// or the template function "t"), and a code of a code list by the list
// and the code (codeMsg: "decision.status" and "approved" give
// "Goedgekeurd"), so a code without a Dutch label is a missing key that
// the catalogue's tests find, never an English code on a page.
//
// Moved into the catalogue so far: the confirmations after a form (flash),
// the statuses of decisions, monitoring moments, handovers and radar
// reviews, how a person was linked, the radar's reasons, the names of the
// case file's audited actions and of the kinds of audited objects, the
// pages listed in cataloguedPages (text_test.go checks they hold no text
// of their own), and the sentences the handlers of those pages build. A
// sentence with values in it is kept whole, the values named ("{year}")
// and filled in by msgVars, so a language orders them as it needs.
//
// Words shown outside the pages come from here too, through functions the
// wiring hands out: the API's work-queue labels (QueueLabel) and a
// person's timeline (WordSteps), the access copy's codes (CodeWord as
// subjectaccess.Words). Dutch that stays elsewhere is recorded with what
// it describes or is a document's own text; internal/arch's
// TestNoDutchOutsideTheCatalogue lists where and why.
//
// On the case side (text_nl_case.go) that is every case page and part:
// the case file with its forms and the error summary's field names (caseFieldLabel), the
// case-work parts, the review pages, triage, the alerts, a person's
// history, the case's audit trail, a letter and the error page; and the
// words the web builds for them in Go: the work-queue items (QueueLabel:
// the casework service gives a kind and its data, the API words them with
// the same function), the time left, the choice lists of the case page,
// the alerts' age filter, the error pages' titles and messages and the
// refused case forms' messages.

// catalogue is the interface text of one language by key.
type catalogue map[string]string

// catalogues are the languages the interface speaks; the first is used.
// A language's catalogue is kept in parts, one file per area of the
// interface (text_nl.go, text_nl_case.go, text_nl_itteam.go,
// text_nl_admin.go); a key belongs to one part only (TestCatalogueParts).
var catalogues = map[string]catalogue{"nl": joinCatalogues(textNLParts...)}

// textNLParts are the parts of the Dutch catalogue.
var textNLParts = []catalogue{textNL, textNLCase, textNLITTeam, textNLAdmin, textNLRules, textNLRulesAdmin}

// joinCatalogues puts the parts of one language's catalogue together.
func joinCatalogues(parts ...catalogue) catalogue {
	all := catalogue{}
	for _, p := range parts {
		for k, v := range p {
			all[k] = v
		}
	}
	return all
}

// pageLanguage is the language of the pages (the layout's lang attribute).
const pageLanguage = "nl"

// msg returns the sentence of key in the pages' language. A key missing
// from the catalogue is shown as "[key]": a programming error the tests
// catch, never a silent English word.
func msg(key string) string {
	if s, ok := catalogues[pageLanguage][key]; ok {
		return s
	}
	return "[" + key + "]"
}

// msgN returns the sentence of key for a count n: key + ".one" when n is
// 1, key + ".other" otherwise, with "{n}" replaced by n ("1 andere",
// "3 anderen"). The template function "tn" calls it.
func msgN(key string, n int) string {
	form := ".other"
	if n == 1 {
		form = ".one"
	}
	return strings.ReplaceAll(msg(key+form), "{n}", strconv.Itoa(n))
}

// msgVars returns the sentence of key with each "{name}" replaced by its
// value, the names and values given in pairs: msgVars("itstats.table-1",
// "year", "2025"). The catalogue keeps a sentence whole, so a language can
// put the values where its word order needs them.
func msgVars(key string, namesValues ...string) string {
	s := msg(key)
	for i := 0; i+1 < len(namesValues); i += 2 {
		s = strings.ReplaceAll(s, "{"+namesValues[i]+"}", namesValues[i+1])
	}
	return s
}

// countMsg is the template function "tn": msgN for any kind of integer a
// page holds (a count from the database is an int64, an age an *int).
func countMsg(key string, n any) (string, error) {
	v := reflect.Indirect(reflect.ValueOf(n))
	switch {
	case v.CanInt():
		return msgN(key, int(v.Int())), nil
	case v.CanUint():
		return msgN(key, int(v.Uint())), nil
	}
	return "", fmt.Errorf("web: tn %q: %T is not a count", key, n)
}

// codeWord names a code of a code list from the catalogue (the key is
// list + "." + code), for a code read from data: no code names nothing,
// and a code the catalogue lacks (stored before a list changed, or a kind
// of object added without its word) is shown as it is rather than as
// "[key]"; the catalogue's tests ask for every code a list has. The one
// helper for package reports' lists (report.role.victim) and for the
// kinds of object an audit entry is about (object.it_case).
func codeWord[T ~string](list string, code T) string {
	if code == "" {
		return ""
	}
	if key := list + "." + string(code); hasMsg(key) {
		return msg(key)
	}
	return string(code)
}

// CodeWord is codeWord for code outside the web that words a code list
// in the pages' words: the wiring gives it to the services that write a
// document on request (subjectaccess.Words, the access copy).
func CodeWord(list, code string) string { return codeWord(list, code) }

// codeMsg names a code of a code list: the key is list + "." + code.
func codeMsg(list string, code any) string { return msg(list + "." + fmt.Sprint(code)) }

// ruleWords words in Dutch the field errors a service refused by field
// and rule codes: the first key the catalogue has of list.<rule>.<field>
// (the field without its indexes: "persons.birth_date"),
// list.<rule>.<first part of the field> and list.<rule>. A message the
// service gave in Dutch itself is kept: one with a value in it (a length,
// a condition's text), or one of a package that still words its own.
func ruleWords(list string, fe []toren.FieldError) []toren.FieldError {
	out := slices.Clone(fe)
	for i, f := range out {
		if f.MessageNL != "" {
			continue
		}
		field := indexRe.ReplaceAllString(f.Field, "")
		first, _, _ := strings.Cut(field, ".")
		for _, key := range []string{list + "." + f.Rule + "." + field, list + "." + f.Rule + "." + first, list + "." + f.Rule} {
			if hasMsg(key) {
				out[i].MessageNL = msg(key)
				if f.Limit > 0 {
					// The bound the service names ({max}).
					out[i].MessageNL = strings.ReplaceAll(out[i].MessageNL, "{max}", strconv.Itoa(f.Limit))
				}
				break
			}
		}
	}
	return out
}

// indexRe is the index of a field in a list ("[2]" of "checks[2].note").
var indexRe = regexp.MustCompile(`\[\d+\]`)

// hasMsg reports whether key is in the catalogue.
func hasMsg(key string) bool {
	_, ok := catalogues[pageLanguage][key]
	return ok
}

// catalogueKeys lists a catalogue's keys in order (for the tests).
func catalogueKeys(c catalogue) []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
