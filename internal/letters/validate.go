package letters

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"toren/internal/toren"
)

// The bounds of a letter's parts; the web names them when it words a
// refusal (letter.rule.max_*).
const (
	MaxLine         = 200  // a name, an organisation, an address line
	MaxText         = 1000 // one safety condition, the reporter's role
	MaxNote         = 4000 // the case manager's personal words
	MaxAddressLines = 5
	MaxItems        = 30 // conditions, recipients, partners, monitoring moments
)

func indexed(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

// checkLine checks a one-line text: present when required, at most
// MaxLine characters, no line breaks or other control characters (they
// would break the address block and the PDF layout).
func checkLine(p *toren.Problems, field, v string, required bool) {
	checkText(p, field, v, required, MaxLine, false)
}

// checkText checks free text that may span lines when multiline is set.
// Every character must be printable in the PDF's font: a letter shows
// what was typed, never an empty box in its place.
func checkText(p *toren.Problems, field, v string, required bool, max int, multiline bool) {
	if strings.TrimSpace(v) == "" {
		if required {
			p.Add(field, "required", "is required")
		}
		return
	}
	if !utf8.ValidString(v) {
		p.Add(field, "text", "must be valid UTF-8 text")
		return
	}
	if n := utf8.RuneCountInString(v); n > max {
		p.Add(field, "max_length", fmt.Sprintf("must be at most %d characters", max))
	}
	for _, r := range v {
		if (r == '\n' || r == '\r') && multiline {
			continue
		}
		if unicode.IsControl(r) && r != '\t' || r == '\u2028' || r == '\u2029' {
			if multiline {
				p.Add(field, "text", "must not contain control characters")
			} else {
				p.Add(field, "single_line", "must be one line without control characters")
			}
			return
		}
	}
	if r, bad := unprintable(v); bad {
		p.Add(field, "unsupported_character", fmt.Sprintf("contains %U, which the letter's font cannot print", r))
	}
}

// checkDate checks that a date is given and plausible for a letter.
func checkDate(p *toren.Problems, field string, d toren.Date) {
	if d.IsZero() {
		p.Add(field, "required", "is required")
		return
	}
	if d.Year() < 2000 || d.Year() > 2199 {
		p.Add(field, "range", "must be between the years 2000 and 2199")
	}
}

// checkSigner checks who signs the letter.
func checkSigner(p *toren.Problems, s Signer) {
	checkLine(p, "signer.name", s.Name, true)
	checkLine(p, "signer.function", s.Function, false)
}

// checkConditions checks safety conditions: each says what must hold,
// who checks it and until when; the end date lies after the letter's date.
func checkConditions(p *toren.Problems, cs []SafetyCondition, letterDate toren.Date) {
	if len(cs) > MaxItems {
		p.Add("conditions", "max_items", fmt.Sprintf("has more than %d conditions", MaxItems))
	}
	for i, c := range cs {
		f := indexed("conditions", i)
		checkText(p, f+".what", c.What, true, MaxText, false)
		checkLine(p, f+".checked_by", c.CheckedBy, true)
		checkDate(p, f+".until", c.Until)
		if !c.Until.IsZero() && !letterDate.IsZero() && c.Until.Before(letterDate) {
			p.Add(f+".until", "after_letter_date", "must not be before the letter's date")
		}
	}
}

// checkMonitoring checks the monitoring moments: each after after, the
// date rule names ("after_closing" or "after_decision").
func checkMonitoring(p *toren.Problems, ds []toren.Date, after toren.Date, rule string) {
	if len(ds) > MaxItems {
		p.Add("monitoring", "max_items", fmt.Sprintf("has more than %d moments", MaxItems))
	}
	for i, d := range ds {
		f := indexed("monitoring", i)
		checkDate(p, f, d)
		if !d.IsZero() && !after.IsZero() && !d.After(after) {
			p.Add(f, rule, "must lie after the "+strings.TrimPrefix(rule, "after_")+" date")
		}
	}
}
