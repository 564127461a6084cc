package search

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"toren/internal/nl"
	"toren/internal/toren"
)

// Form is the advanced search form: each criterion in its own field.
type Form struct {
	Surname     string // with or without particle: "van der Berg", "Berg, van der"
	GivenName   string // a given name or initials
	BirthDate   string // dd-mm-jjjj
	BSN         string
	Postcode    string
	HouseNumber string
}

// IsZero reports whether no field was filled in.
func (f Form) IsZero() bool { return f == Form{} }

// Query checks the form and returns its query. Bad input is a
// toren.CodeInvalid error naming each broken field (achternaam, voornaam,
// geboortedatum, bsn, postcode, huisnummer) with a Dutch message.
func (f Form) Query() (Query, error) {
	var p toren.Problems
	var q Query
	var text []string
	field := func(name, value string) string {
		value = strings.Join(strings.Fields(value), " ")
		if value != "" {
			text = append(text, name+"="+value)
		}
		if utf8.RuneCountInString(value) > MaxQueryLen || !utf8.ValidString(value) {
			p.Add(name, "max_length", fmt.Sprintf("at most %d characters of text", MaxQueryLen))
			return ""
		}
		return value
	}
	surname, given := field("achternaam", f.Surname), field("voornaam", f.GivenName)
	birth, bsn := field("geboortedatum", f.BirthDate), field("bsn", f.BSN)
	pc, house := field("postcode", f.Postcode), field("huisnummer", f.HouseNumber)
	q.Text = strings.Join(text, " ")

	if surname != "" {
		particle := ""
		if before, after, ok := strings.Cut(surname, ","); ok {
			surname, particle = before, after
		}
		fillName(&q, given, particle, surname)
		if utf8.RuneCountInString(q.Surname) < 2 {
			p.Add("achternaam", "min_length", "at least two letters")
		}
	} else if given != "" {
		p.Add("voornaam", "needs_surname", "a given name is searched together with a surname")
	}
	if birth != "" {
		m := dateRE.FindStringSubmatch(birth)
		d, ok := toren.Date{}, false
		if m != nil {
			d, ok = parseDate(m[1], m[2], m[3])
		}
		if !ok {
			p.Add("geboortedatum", "date", "a date written dd-mm-yyyy")
		}
		q.BirthDate = d
	}
	if bsn != "" {
		q.BSN = nl.NormalizeBSN(bsn)
		if !nl.ValidBSN(q.BSN) {
			p.Add("bsn", "elfproef", "nine digits that pass the eleven test")
		}
	}
	if pc != "" {
		q.Postcode = nl.NormalizePostcode(pc)
		if !nl.ValidPostcode(q.Postcode) {
			p.Add("postcode", "postcode", "a Dutch postcode such as 1234 AB")
		}
	}
	if house != "" {
		if !houseRE.MatchString(strings.ReplaceAll(house, " ", "")) {
			p.Add("huisnummer", "format", "a house number such as 12 or 12A")
		} else if pc == "" {
			p.Add("huisnummer", "needs_postcode", "a house number is searched together with a postcode")
		}
		q.HouseNumber = normHouse(house)
	}
	if err := p.Err(); err != nil {
		return q, err
	}
	switch {
	case q.BSN != "":
		q.Kind = KindBSN
	case q.Surname != "":
		q.Kind = KindName
	case q.Postcode != "":
		q.Kind = KindPostcode
	case !q.BirthDate.IsZero():
		q.Kind = KindBirthDate
	default:
		p.Add("achternaam", "required", "fill in at least one field")
		return q, p.Err()
	}
	return q, nil
}
