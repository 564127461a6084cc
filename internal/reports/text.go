package reports

import (
	"fmt"
	"unicode/utf8"

	"toren/internal/toren"
)

// checkText refuses text that cannot be stored as it was meant: bytes that
// are not UTF-8 (a file in another encoding, or a broken client), the
// replacement character U+FFFD that a decoder leaves where it met such
// bytes or a lone surrogate, and control characters (NUL among them, which
// PostgreSQL refuses and SQLite would store). Tab and line breaks are
// allowed where a text may span lines. Refusing, with the field named,
// gives the same result on both databases and never stores a guess.
// broke records that field broke rule, msg saying so in English (the
// API's). Package reports speaks in field and rule codes: the intake form
// words a rule from the web's catalogue (intake.rule.*), naming the person
// and the field.
func broke(p *toren.Problems, field, rule, msg string) { p.Add(field, rule, msg) }

func checkText(p *toren.Problems, field, s string, multiline bool) {
	if s == "" {
		return
	}
	if !utf8.ValidString(s) {
		broke(p, field, "utf8", fmt.Sprintf("%s is not valid UTF-8 text (is the file in another encoding?)", field))
		return
	}
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			broke(p, field, "utf8", fmt.Sprintf("%s contains U+FFFD at byte %d: text that could not be decoded (invalid UTF-8 or a lone surrogate)", field, i))
			return
		case r == '\t' || r == '\n' || r == '\r':
			if !multiline {
				broke(p, field, "control_character", fmt.Sprintf("%s may not contain tabs or line breaks", field))
				return
			}
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			broke(p, field, "control_character", fmt.Sprintf("%s contains the control character U+%04X at byte %d", field, r, i))
			return
		}
	}
}

// checkTexts applies checkText to every text of a report.
func checkTexts(p *toren.Problems, r *Report) {
	checkText(p, "number", r.Number, false)
	checkText(p, "external_ref", r.ExternalRef, false)
	checkText(p, "description", r.Description, true)
	checkText(p, "municipality", r.Municipality, false)
	rep := r.Reporter
	checkText(p, "reporter.name", rep.Name, false)
	checkText(p, "reporter.organisation", rep.Organisation, false)
	checkText(p, "reporter.function", rep.Function, false)
	checkText(p, "reporter.phone", rep.Phone, false)
	checkText(p, "reporter.email", rep.Email, false)
	checkText(p, "reporter.relation", rep.Relation, false)
	for i, m := range r.Persons {
		at := fmt.Sprintf("persons[%d].", i)
		for _, f := range []struct{ name, value string }{
			{"first_names", m.FirstNames}, {"initials", m.Initials}, {"particle", m.Particle},
			{"surname", m.Surname}, {"street", m.Street}, {"house_number", m.HouseNumber},
			{"postcode", m.Postcode}, {"city", m.City}, {"municipality", m.Municipality},
			{"bsn", m.BSN}, {"phone", m.Phone},
		} {
			checkText(p, at+f.name, f.value, false)
		}
	}
}
