package reports

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"toren/internal/nl"
	"toren/internal/toren"
)

// Limits on free text, so a single report cannot fill the database.
const (
	MaxNameLen        = 200
	MaxDescriptionLen = 20000
	MaxPersons        = 50
	// clockSkew is how far a received_at from another system may lie ahead
	// of our clock before we call it "in the future".
	clockSkew = 5 * time.Minute
)

// Validator checks reports against the intake rules. It needs the
// municipality list and the clock ("not in the future").
type Validator struct {
	Municipalities *nl.Municipalities
	Clock          toren.Clock
}

// Normalize tidies what people type without changing what they meant:
// trims spaces, writes postcodes as "1234 AB", strips dots from a BSN,
// lower-cases particles and turns municipality names into CBS codes. It
// runs before Validate, so the rules see the tidied values.
func (v Validator) Normalize(r *Report) {
	r.Number = strings.TrimSpace(r.Number)
	r.ExternalRef = strings.TrimSpace(r.ExternalRef)
	r.Description = strings.TrimSpace(r.Description)
	r.Reporter.Name = clean(r.Reporter.Name)
	r.Reporter.Organisation = clean(r.Reporter.Organisation)
	r.Reporter.Function = clean(r.Reporter.Function)
	r.Reporter.Phone = strings.TrimSpace(r.Reporter.Phone)
	r.Reporter.Email = strings.TrimSpace(r.Reporter.Email)
	r.Reporter.Relation = clean(r.Reporter.Relation)
	r.Municipality = v.municipalityCode(r.Municipality)
	for i := range r.Persons {
		p := &r.Persons[i]
		p.FirstNames = clean(p.FirstNames)
		p.Initials = strings.ToUpper(strings.ReplaceAll(clean(p.Initials), " ", ""))
		p.Particle = strings.ToLower(clean(p.Particle))
		p.Surname = clean(p.Surname)
		p.Street = clean(p.Street)
		p.HouseNumber = strings.ToUpper(strings.ReplaceAll(clean(p.HouseNumber), " ", ""))
		p.Postcode = nl.NormalizePostcode(p.Postcode)
		p.City = clean(p.City)
		p.Municipality = v.municipalityCode(p.Municipality)
		p.BSN = nl.NormalizeBSN(strings.TrimSpace(p.BSN))
		p.Phone = strings.TrimSpace(p.Phone)
	}
}

func (v Validator) municipalityCode(s string) string {
	s = clean(s)
	if s == "" || v.Municipalities == nil {
		return s
	}
	if m, ok := v.Municipalities.Resolve(s); ok {
		return m.Code
	}
	return s
}

// Validate returns nil or a *toren.Error with one FieldError per broken
// rule. It never stops at the first problem: the person at the phone sees
// everything that must be fixed at once.
func (v Validator) Validate(r *Report) error {
	var p toren.Problems
	now := v.Clock.Now()

	switch r.Kind {
	case KindAdvice, KindReport:
	case "":
		broke(&p, "kind", "required", "kind is required: advice or report")
	default:
		broke(&p, "kind", "enum", "kind must be advice or report")
	}
	if r.ReceivedAt.IsZero() {
		broke(&p, "received_at", "required", "received_at is required")
	} else if r.ReceivedAt.After(now.Add(clockSkew)) {
		broke(&p, "received_at", "not_future", "received_at may not lie in the future")
	}
	switch r.Channel {
	case "", ChannelPhone, ChannelChat, ChannelEmail, ChannelLetter, ChannelWeb, ChannelAPI, ChannelImport:
	default:
		broke(&p, "channel", "enum", "channel must be one of phone, chat, email, letter, web, api, import")
	}
	v.validateReporter(&p, r)

	if r.Kind == KindReport && len(r.ViolenceTypes) == 0 {
		broke(&p, "violence_types", "required", "a report needs at least one violence type")
	}
	for i, t := range r.ViolenceTypes {
		if !known(ViolenceTypes, t) {
			broke(&p, fmt.Sprintf("violence_types[%d]", i), "enum", "violence type must be one of "+codes(ViolenceTypes))
		}
	}
	for i, n := range r.Natures {
		if !known(Natures, n) {
			broke(&p, fmt.Sprintf("natures[%d]", i), "enum", "nature must be one of "+codes(Natures))
		}
	}
	switch r.ChildrenPresent {
	case Unknown, Yes, No:
	default:
		broke(&p, "children_present", "enum", "children_present must be yes, no or empty")
	}
	if r.Municipality != "" && !v.knownMunicipality(r.Municipality) {
		broke(&p, "municipality", "municipality", "municipality must be a CBS municipality code or name")
	}
	if r.Description == "" {
		broke(&p, "description", "required", "description is required")
	} else if utf8.RuneCountInString(r.Description) > MaxDescriptionLen {
		p.AddLimit("description", "max_length", fmt.Sprintf("description may be at most %d characters", MaxDescriptionLen), MaxDescriptionLen)
	}
	if len(r.ExternalRef) > 100 {
		p.AddLimit("external_ref", "max_length", "external_ref may be at most 100 characters", 100)
	}

	if r.Kind == KindReport {
		if len(r.Persons) == 0 {
			broke(&p, "persons", "required", "a report must name at least one person")
		} else if !hasRole(r.Persons, RoleVictim, RoleChild) {
			broke(&p, "persons", "victim_required", "a report must name at least one victim or child")
		}
	}
	if len(r.Persons) > MaxPersons {
		p.AddLimit("persons", "max_items", fmt.Sprintf("at most %d persons per report", MaxPersons), MaxPersons)
	}
	for i := range r.Persons {
		v.validateMention(&p, fmt.Sprintf("persons[%d]", i), &r.Persons[i], now)
	}
	validateMeldcode(&p, r)
	checkTexts(&p, r)
	return p.Err()
}

func (v Validator) validateReporter(p *toren.Problems, r *Report) {
	rep := r.Reporter
	if rep.Kind == "" {
		broke(p, "reporter.kind", "required", "reporter.kind is required")
	} else if !known(ReporterKinds, rep.Kind) {
		broke(p, "reporter.kind", "enum", "reporter.kind must be one of "+codes(ReporterKinds))
	}
	checkLen(p, "reporter.name", rep.Name)
	checkLen(p, "reporter.organisation", rep.Organisation)
	if rep.Phone != "" && !validPhone(rep.Phone) {
		broke(p, "reporter.phone", "phone", "reporter.phone must be a phone number of 8 to 15 digits")
	}
	if rep.Email != "" && !validEmail(rep.Email) {
		broke(p, "reporter.email", "email", "reporter.email must be an e-mail address")
	}
	if r.Kind != KindReport {
		return
	}
	// A report requires the reporter to be known to Veilig Thuis, with a way
	// to reach them for feedback, even when they asked for protection.
	if rep.Professional() && rep.Organisation == "" {
		broke(p, "reporter.organisation", "required", "a professional reporter's organisation is required")
	}
	if !rep.Professional() && rep.Name == "" {
		broke(p, "reporter.name", "required", "a citizen reporter's name is required for a report")
	}
	if rep.Phone == "" && rep.Email == "" {
		broke(p, "reporter.phone", "contact_required", "a report needs the reporter's phone or e-mail")
	}
}

func (v Validator) validateMention(p *toren.Problems, at string, m *Mention, now time.Time) {
	if m.Role == "" {
		broke(p, at+".role", "required", "role is required")
	} else if !known(Roles, m.Role) {
		broke(p, at+".role", "enum", "role must be one of "+codes(Roles))
	}
	if m.Surname == "" && m.FirstNames == "" {
		broke(p, at+".surname", "required", "give a surname or first names")
	}
	checkLen(p, at+".first_names", m.FirstNames)
	checkLen(p, at+".surname", m.Surname)
	if len(m.Particle) > 20 {
		p.AddLimit(at+".particle", "max_length", "particle may be at most 20 characters", 20)
	}
	if m.Initials != "" && !validInitials(m.Initials) {
		broke(p, at+".initials", "initials", "initials must be letters, optionally with dots")
	}
	today := toren.DateOf(now.In(toren.Amsterdam))
	if !m.BirthDate.IsZero() {
		if m.BirthDate.After(today) {
			broke(p, at+".birth_date", "not_future", "birth_date may not lie in the future")
		} else if m.BirthDate.Year() < 1900 {
			broke(p, at+".birth_date", "min", "birth_date may not lie before 1900")
		}
	}
	if m.Age != nil && (*m.Age < 0 || *m.Age > 120) {
		broke(p, at+".age", "range", "age must be between 0 and 120")
	}
	if !m.BirthDate.IsZero() && m.Age != nil && abs(m.BirthDate.AgeOn(today)-*m.Age) > 1 {
		broke(p, at+".age", "age_matches_birth_date", "age contradicts birth_date")
	}
	switch m.Sex {
	case SexUnknown, SexFemale, SexMale, SexX:
	default:
		broke(p, at+".sex", "enum", "sex must be female, male, x or empty")
	}
	if m.Postcode != "" && !nl.ValidPostcode(m.Postcode) {
		broke(p, at+".postcode", "postcode", "postcode must have the form 1234 AB")
	}
	if m.HouseNumber != "" && !validHouseNumber(m.HouseNumber) {
		broke(p, at+".house_number", "house_number", "house_number must start with a number from 1 to 99999")
	}
	checkLen(p, at+".street", m.Street)
	checkLen(p, at+".city", m.City)
	if m.Municipality != "" && !v.knownMunicipality(m.Municipality) {
		broke(p, at+".municipality", "municipality", "municipality must be a CBS municipality code or name")
	}
	if m.BSN != "" && !nl.ValidBSN(m.BSN) {
		broke(p, at+".bsn", "elfproef", "bsn must be 9 digits that pass the eleven test")
	}
	if m.Phone != "" && !validPhone(m.Phone) {
		broke(p, at+".phone", "phone", "phone must be a phone number of 8 to 15 digits")
	}
}

func (v Validator) knownMunicipality(code string) bool {
	if v.Municipalities == nil {
		return true
	}
	_, ok := v.Municipalities.ByCode(code)
	return ok
}

func hasRole(ms []Mention, roles ...Role) bool {
	for _, m := range ms {
		for _, r := range roles {
			if m.Role == r {
				return true
			}
		}
	}
	return false
}

func checkLen(p *toren.Problems, field, s string) {
	if utf8.RuneCountInString(s) > MaxNameLen {
		p.AddLimit(field, "max_length", fmt.Sprintf("%s may be at most %d characters", field, MaxNameLen), MaxNameLen)
	}
}

// clean trims and folds runs of white space to one space.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')':
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}

func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-3 && strings.Contains(s[at:], ".") && !strings.ContainsAny(s, " <>,;")
}

func validInitials(s string) bool {
	for _, r := range s {
		if r != '.' && !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func validHouseNumber(s string) bool {
	n := 0
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		i++
		if n > 99999 {
			return false
		}
	}
	return i > 0 && n >= 1 && len(s) <= 12
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
