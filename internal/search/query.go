package search

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"toren/internal/nl"
	"toren/internal/persons"
	"toren/internal/radar"
	"toren/internal/toren"
)

// Kind is what a query looks for, as recognised from what was typed.
type Kind string

const (
	KindName         Kind = "name"          // a person's name, maybe with a date of birth or postcode
	KindBSN          Kind = "bsn"           // a citizen service number that passes the eleven test
	KindBirthDate    Kind = "birth_date"    // a date of birth alone
	KindPostcode     Kind = "postcode"      // a postcode, maybe with a house number
	KindReportNumber Kind = "report_number" // M-2026-000123 or A-2026-000123: go to the report
	KindCaseNumber   Kind = "case_number"   // D-2026-000017: go to the case
)

// Label is the Dutch description of the kind, for the results page.
func (k Kind) Label() string {
	switch k {
	case KindName:
		return "naam"
	case KindBSN:
		return "BSN"
	case KindBirthDate:
		return "geboortedatum"
	case KindPostcode:
		return "postcode"
	case KindReportNumber:
		return "meldingnummer"
	case KindCaseNumber:
		return "dossiernummer"
	}
	return ""
}

// MaxQueryLen bounds what the search box takes, in characters.
const MaxQueryLen = 200

// Query is a parsed search. The zero values of the criteria mean "not
// given"; every given criterion must hold for a hit, except that a name
// is matched loosely (see Match).
type Query struct {
	Text string // what was typed (the advanced form's fields, joined), for the page and the audit log
	Kind Kind

	// Number is a report or case number in its stored form (M-2026-000123).
	Number string

	// Name: Surname is the folded surname without particles ("berg",
	// "jansen-vries"), Phon its phonetic code, Particle the folded
	// particle as typed ("vd", "vander"), Given the folded first given
	// name or initial.
	Surname  string
	Phon     string
	Particle string
	Given    string
	// Swapped is the other reading of a two-word name without particle
	// ("Jansen Piet" for "Piet Jansen"): searched when the first finds
	// nothing.
	Swapped *Query

	// Limit is how many hits to show; 0 means DefaultLimit.
	Limit int

	BSN         string     // nine digits
	BirthDate   toren.Date // zero: not given
	Postcode    string     // "1234 AB"
	HouseNumber string     // "12", "12A"
}

// IsZero reports whether the query has no criterion at all.
func (q Query) IsZero() bool {
	return q.Number == "" && q.Surname == "" && q.BSN == "" && q.BirthDate.IsZero() && q.Postcode == ""
}

var (
	numberRE   = regexp.MustCompile(`^(?i)([MAD])\s*-?\s*(\d{4})\s*-?\s*(\d{1,6})$`)
	dateRE     = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$`)
	postcodeRE = regexp.MustCompile(`^(\d{4})\s?([A-Za-z]{2})$`)
	houseRE    = regexp.MustCompile(`^\d{1,5}(-?[A-Za-z0-9]{1,4})?$`)
	digitsRE   = regexp.MustCompile(`^[\d .]+$`)
)

// Parse recognises what was typed in the one search box. Bad input is a
// toren.CodeInvalid error on field "q" naming the rule (the page words it).
func Parse(text string) (Query, error) {
	q := Query{Text: strings.Join(strings.Fields(text), " ")}
	var p toren.Problems
	switch {
	case q.Text == "":
		p.Add("q", "required", "type what to search for")
		return q, p.Err()
	case utf8.RuneCountInString(q.Text) > MaxQueryLen:
		p.Add("q", "max_length", fmt.Sprintf("at most %d characters", MaxQueryLen))
		return q, p.Err()
	case !utf8.ValidString(q.Text):
		p.Add("q", "text", "must be valid text")
		return q, p.Err()
	}
	if m := numberRE.FindStringSubmatch(q.Text); m != nil {
		q.Number, q.Kind = number(m[1], m[2], m[3])
		return q, nil
	}
	if digitsRE.MatchString(q.Text) {
		// Only digits (with the spaces and dots people type in a BSN).
		bsn := nl.NormalizeBSN(strings.ReplaceAll(q.Text, " ", ""))
		if len(bsn) == 9 {
			if !nl.ValidBSN(bsn) {
				p.Add("q", "elfproef", "a nine-digit number that fails the eleven test is no BSN")
				return q, p.Err()
			}
			q.BSN, q.Kind = bsn, KindBSN
			return q, nil
		}
	}
	var names []string
	toks := strings.Fields(q.Text)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if m := dateRE.FindStringSubmatch(t); m != nil {
			d, ok := parseDate(m[1], m[2], m[3])
			if !ok {
				p.Add("q", "date", "not a valid date")
				continue
			}
			q.BirthDate = d
			continue
		}
		pc, used := postcodeAt(toks, i)
		if used > 0 {
			if !nl.ValidPostcode(pc) {
				p.Add("q", "postcode", "not a valid Dutch postcode")
			}
			q.Postcode = pc
			i += used - 1
			if i+1 < len(toks) && houseRE.MatchString(toks[i+1]) {
				q.HouseNumber = normHouse(toks[i+1])
				i++
			}
			continue
		}
		if strings.IndexFunc(t, unicode.IsLetter) < 0 {
			p.Add("q", "unknown", "not a name, date, BSN or postcode")
			continue
		}
		names = append(names, t)
	}
	if len(names) > 0 {
		setName(&q, names)
		if q.Surname == "" || utf8.RuneCountInString(q.Surname) < 2 && q.BirthDate.IsZero() && q.Postcode == "" {
			p.Add("q", "min_length", "type at least two letters of the surname")
		}
	}
	if err := p.Err(); err != nil {
		return q, err
	}
	switch {
	case q.Surname != "":
		q.Kind = KindName
	case q.Postcode != "":
		q.Kind = KindPostcode
	case !q.BirthDate.IsZero():
		q.Kind = KindBirthDate
	default:
		p.Add("q", "unknown", "nothing to search for")
		return q, p.Err()
	}
	return q, nil
}

// number brings a report or case number into its stored form.
func number(prefix, year, seq string) (string, Kind) {
	n, _ := strconv.Atoi(seq)
	prefix = strings.ToUpper(prefix)
	kind := KindReportNumber
	if prefix == "D" {
		kind = KindCaseNumber
	}
	return fmt.Sprintf("%s-%s-%06d", prefix, year, n), kind
}

func parseDate(d, m, y string) (toren.Date, bool) {
	day, _ := strconv.Atoi(d)
	month, _ := strconv.Atoi(m)
	year, _ := strconv.Atoi(y)
	if year < 1900 || month < 1 || month > 12 || day < 1 || day > 31 {
		return toren.Date{}, false
	}
	date := toren.NewDate(year, time.Month(month), day)
	if date.Day() != day { // 31-02 rolls over into March
		return toren.Date{}, false
	}
	return date, true
}

// postcodeAt reads a postcode at toks[i], written as one word ("1234AB")
// or two ("1234 AB"), and says how many words it took (0: none).
func postcodeAt(toks []string, i int) (string, int) {
	if m := postcodeRE.FindStringSubmatch(toks[i]); m != nil {
		return m[1] + " " + strings.ToUpper(m[2]), 1
	}
	if i+1 < len(toks) && len(toks[i]) == 4 && strings.Trim(toks[i], "0123456789") == "" {
		if m := postcodeRE.FindStringSubmatch(toks[i] + toks[i+1]); m != nil {
			return m[1] + " " + strings.ToUpper(m[2]), 2
		}
	}
	return "", 0
}

func normHouse(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
}

// setName reads name words: given names or initials, a particle, and the
// surname, in the orders people type them: "Jan van der Berg", "J. vd
// Berg", "Berg, Jan van der", "Berg, van der", "van der Berg", "Berg",
// "Anna Jansen-de Vries".
func setName(q *Query, words []string) {
	text := strings.Join(words, " ")
	if before, after, ok := strings.Cut(text, ","); ok {
		// Register order: surname first, then given names and particle.
		rest := strings.Fields(after)
		end := len(rest)
		for end > 0 && radar.IsParticle(particleWord(rest[end-1])) {
			end--
		}
		fillName(q, strings.Join(rest[:end], " "), strings.Join(rest[end:], " "), before)
		return
	}
	// The first particle word that is not the last word starts the surname;
	// a hyphenated word too ("Jansen-de Vries").
	start := -1
	for i, w := range words {
		if i < len(words)-1 && radar.IsParticle(particleWord(w)) || strings.ContainsAny(w, "-‐–") {
			start = i
			break
		}
	}
	switch {
	case start >= 0:
		fillName(q, strings.Join(words[:start], " "), "", strings.Join(words[start:], " "))
	case len(words) == 1:
		fillName(q, "", "", words[0])
	case isInitials(words[len(words)-1]) && !isInitials(words[0]):
		// "Berg J.P.": the initials follow the surname.
		fillName(q, strings.Join(words[1:], " "), "", words[0])
	default:
		// "Piet Jansen": the last word is the surname. The other reading
		// ("Jansen Piet") is kept for when this one finds nobody.
		last := len(words) - 1
		fillName(q, strings.Join(words[:last], " "), "", words[last])
		if !isInitials(words[0]) {
			alt := *q
			alt.Swapped = nil
			fillName(&alt, strings.Join(words[1:], " "), "", words[0])
			if alt.Surname != q.Surname {
				q.Swapped = &alt
			}
		}
	}
}

func fillName(q *Query, given, particle, surname string) {
	q.Particle, q.Surname = radar.SplitSurname(particle, surname)
	q.Phon = radar.PhoneticKey(q.Surname)
	q.Given = GivenKey(given, "")
}

// particleWord is a word as the radar's particle list spells it: lower
// case, without dots, slashes and apostrophes ("v.d." is "vd").
func particleWord(w string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '.', '/', '\'', '’', '`':
			return -1
		}
		return unicode.ToLower(r)
	}, w)
}

// isInitials reports whether w is written as initials ("J.", "J.P.", "J").
func isInitials(w string) bool {
	f := persons.Fold(w)
	return len([]rune(f)) == 1 || strings.Contains(w, ".")
}
