// Package search finds registry persons the way the desk asks for them:
// one search box that recognises what was typed (a BSN, a date of birth,
// a postcode with house number, a report or case number, else a name),
// and an advanced form. Names are matched loosely: particles may be
// written in any way ("vd Berg", "Berg, van der"), diacritics and case do
// not count ("ozdemir" finds "Özdemir"), spelling variants that sound
// alike meet ("Janssen", "Jansen"), and initials agree with full names.
//
// The package is plain Go without I/O: it parses queries, computes the
// keys the store indexes persons under, and ranks the candidates the
// store returns. Need-to-know is applied afterwards by package access.
package search

import (
	"strings"
	"unicode"

	"toren/internal/persons"
	"toren/internal/radar"
)

// Key is one entry of a person in the name index. A person has one key per
// surname part: "Jansen-de Vries" is found as "jansen-vries", "jansen"
// and "vries".
type Key struct {
	// Phon is the phonetic code of Surname (radar.PhoneticKey).
	Phon string
	// Surname is the folded surname (part) without particles.
	Surname string
	// Given is the folded first given name, or its initial when only the
	// initial is known, or "" when neither is.
	Given string
}

// PersonKeys returns the name index keys of a person, none when the
// surname is unknown.
func PersonKeys(particle, surname, firstNames, initials string) []Key {
	_, core := radar.SplitSurname(particle, surname)
	if core == "" {
		return nil
	}
	given := GivenKey(firstNames, initials)
	keys := []Key{{Phon: radar.PhoneticKey(core), Surname: core, Given: given}}
	if strings.Contains(core, "-") {
		seen := map[string]bool{core: true}
		for _, part := range strings.Split(core, "-") {
			if part == "" || seen[part] {
				continue
			}
			seen[part] = true
			keys = append(keys, Key{Phon: radar.PhoneticKey(part), Surname: part, Given: given})
		}
	}
	return keys
}

// GivenKey is the folded first given name ("johanna" for "Johanna
// Cornelia"), or the first initial ("j" for "J.C." or "J") when no name
// of two letters or more is known.
func GivenKey(firstNames, initials string) string {
	for _, tok := range givenTokens(firstNames) {
		if f := persons.Fold(tok); f != "" {
			if len([]rune(f)) > 1 && !strings.Contains(tok, ".") {
				return f
			}
			return firstLetter(f)
		}
	}
	for _, tok := range givenTokens(initials) {
		if f := persons.Fold(tok); f != "" {
			return firstLetter(f)
		}
	}
	return ""
}

// givenTokens splits given names at spaces and commas, keeping dots on
// the token they end ("J.P." stays one token, read as initials).
func givenTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
}

func firstLetter(folded string) string {
	for _, r := range folded {
		return string(r)
	}
	return ""
}

// particleOf returns the folded leading particle of a person's surname as
// the radar reads it ("vander" for "van der" + "Berg").
func particleOf(particle, surname string) string {
	part, _ := radar.SplitSurname(particle, surname)
	return part
}
