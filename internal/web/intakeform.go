package web

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"toren/internal/reports"
	"toren/internal/toren"
)

// The intake form's field names are the validator's field paths where one
// field holds one value ("reporter.phone", "persons[0].surname"), so that
// a toren.FieldError lands next to the field it is about without a
// translation table. The exceptions are mapped in errorField.
const (
	fieldKey        = "formulier" // the form's own key: idempotency key and draft key
	fieldAction     = "actie"     // which submit button was pressed
	fieldKind       = "kind"
	fieldReceivedAt = "received_at"
	fieldChannel    = "channel"
	fieldRepKind    = "reporter.kind"
	fieldRepOrg     = "reporter.organisation"
	fieldRepName    = "reporter.name"
	fieldRepPhone   = "reporter.phone"
	fieldRepEmail   = "reporter.email"
	fieldRepProtect = "reporter.protect_identity"
	fieldDesc       = "description"
	fieldAcute      = "acute"
	fieldChildren   = "children_present"
	fieldTypes      = "violence_types"
	fieldNatures    = "natures"
	// The meldcode part of a professional's report: the steps taken and
	// the framework's answers ("meldcode." + the question's field).
	fieldMcSteps = "meldcode.steps"
	fieldMc      = "meldcode."
)

// meldcodeAnswerFields are the form fields of the framework's questions.
func meldcodeAnswerFields() []string {
	out := make([]string, len(reports.MeldcodeQuestions))
	for i, q := range reports.MeldcodeQuestions {
		out[i] = fieldMc + q.Field
	}
	return out
}

// personFields are a person row's fields, in the order the form shows them.
var personFields = []string{"role", "names", "particle", "surname", "birth_date", "age", "sex", "bsn", "postcode", "house_number", "municipality"}

// topFields are the other fields in the order the form shows them; the
// error summary follows this order.
var topFields = append([]string{fieldKind, fieldReceivedAt, fieldChannel, fieldRepKind, fieldRepOrg, fieldRepName, fieldRepPhone, fieldRepEmail,
	fieldRepProtect, fieldDesc, fieldAcute, fieldChildren, fieldTypes, fieldNatures, fieldMcSteps}, meldcodeAnswerFields()...)

// maxPersons is the validator's limit: "Persoon toevoegen" adds no row
// beyond it. maxPersonRows bounds the rows a posted form may carry: a row
// more than the limit lets the validator say so instead of the form
// dropping one.
const (
	maxPersons    = reports.MaxPersons
	maxPersonRows = maxPersons + 1
)

// checked is the value a checkbox sends.
const checked = "ja"

// intakeForm is the intake form as it was typed: every value stays the
// string that came in, so that a rejected submit, a restored draft or a
// re-rendered form shows exactly what the worker wrote.
type intakeForm struct {
	Key           string
	Kind          string
	ReceivedAt    string
	Channel       string
	RepKind       string
	RepOrg        string
	RepName       string
	RepPhone      string
	RepEmail      string
	RepProtect    bool
	Description   string
	Acute         bool
	Children      string
	ViolenceTypes []string
	Natures       []string
	// McSteps are the meldcode steps ticked ("1".."5"); McAnswers the
	// framework's answers by field ("meldcode.unsafety": "yes").
	McSteps   []string
	McAnswers map[string]string
	Persons   []personForm
}

// personForm is one person row as typed.
type personForm struct {
	Role, Names, Particle, Surname, BirthDate, Age, Sex, BSN, Postcode, HouseNumber, Municipality string
	// PersonID is the registry person the worker confirmed this is, on a
	// radar hit ("dit is dezelfde persoon"); "" when none was confirmed.
	PersonID string
}

func (p *personForm) field(name string) *string {
	switch name {
	case "role":
		return &p.Role
	case "names":
		return &p.Names
	case "particle":
		return &p.Particle
	case "surname":
		return &p.Surname
	case "birth_date":
		return &p.BirthDate
	case "age":
		return &p.Age
	case "sex":
		return &p.Sex
	case "bsn":
		return &p.BSN
	case "postcode":
		return &p.Postcode
	case "house_number":
		return &p.HouseNumber
	case "municipality":
		return &p.Municipality
	case "person_id":
		return &p.PersonID
	}
	return nil
}

// empty reports whether nothing was typed in the row.
func (p personForm) empty() bool {
	for _, f := range personFields {
		if strings.TrimSpace(*p.field(f)) != "" {
			return false
		}
	}
	return true
}

// newIntakeForm is a fresh form: a report by phone, received now, with one
// empty person row.
func newIntakeForm(key string, now time.Time) intakeForm {
	return intakeForm{
		Key: key, Kind: string(reports.KindReport), Channel: string(reports.ChannelPhone),
		ReceivedAt: now.In(toren.Amsterdam).Format(receivedLayout),
		Persons:    []personForm{{}},
	}
}

// readIntakeForm reads the form's fields from v. It never fails: unknown
// fields are ignored, and person rows are taken in index order with the
// gaps closed, so row i of the result is "persons[i]" everywhere after.
func readIntakeForm(v url.Values) intakeForm {
	f := intakeForm{
		Key: v.Get(fieldKey), Kind: v.Get(fieldKind), ReceivedAt: v.Get(fieldReceivedAt), Channel: v.Get(fieldChannel),
		RepKind: v.Get(fieldRepKind), RepOrg: v.Get(fieldRepOrg), RepName: v.Get(fieldRepName),
		RepPhone: v.Get(fieldRepPhone), RepEmail: v.Get(fieldRepEmail), RepProtect: v.Get(fieldRepProtect) == checked,
		Description: v.Get(fieldDesc), Acute: v.Get(fieldAcute) == checked, Children: v.Get(fieldChildren),
		ViolenceTypes: v[fieldTypes], Natures: v[fieldNatures], McSteps: v[fieldMcSteps],
	}
	for _, name := range meldcodeAnswerFields() {
		if a := v.Get(name); a != "" {
			if f.McAnswers == nil {
				f.McAnswers = map[string]string{}
			}
			f.McAnswers[name] = a
		}
	}
	rows := map[int]*personForm{}
	for name, vals := range v {
		i, field, ok := personFieldName(name)
		if !ok || len(vals) == 0 {
			continue
		}
		p := rows[i]
		if p == nil {
			p = &personForm{}
			rows[i] = p
		}
		*p.field(field) = vals[0]
	}
	idx := make([]int, 0, len(rows))
	for i := range rows {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	for _, i := range idx {
		f.Persons = append(f.Persons, *rows[i])
	}
	return f
}

// personFieldName splits "persons[3].surname" into 3 and "surname".
func personFieldName(name string) (int, string, bool) {
	rest, ok := strings.CutPrefix(name, "persons[")
	if !ok {
		return 0, "", false
	}
	num, field, ok := strings.Cut(rest, "].")
	if !ok || num == "" || len(num) > 2 {
		return 0, "", false
	}
	i, err := strconv.Atoi(num)
	if err != nil || i < 0 || i >= maxPersonRows || strconv.Itoa(i) != num {
		return 0, "", false
	}
	if (&personForm{}).field(field) == nil {
		return 0, "", false
	}
	return i, field, true
}

func personName(i int, field string) string { return fmt.Sprintf("persons[%d].%s", i, field) }

// values encodes the form as its fields, the inverse of readIntakeForm
// (the draft is stored this way).
func (f intakeForm) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set(fieldKey, f.Key)
	set(fieldKind, f.Kind)
	set(fieldReceivedAt, f.ReceivedAt)
	set(fieldChannel, f.Channel)
	set(fieldRepKind, f.RepKind)
	set(fieldRepOrg, f.RepOrg)
	set(fieldRepName, f.RepName)
	set(fieldRepPhone, f.RepPhone)
	set(fieldRepEmail, f.RepEmail)
	if f.RepProtect {
		v.Set(fieldRepProtect, checked)
	}
	set(fieldDesc, f.Description)
	if f.Acute {
		v.Set(fieldAcute, checked)
	}
	set(fieldChildren, f.Children)
	for _, t := range f.ViolenceTypes {
		v.Add(fieldTypes, t)
	}
	for _, n := range f.Natures {
		v.Add(fieldNatures, n)
	}
	for _, st := range f.McSteps {
		v.Add(fieldMcSteps, st)
	}
	for _, name := range meldcodeAnswerFields() {
		set(name, f.McAnswers[name])
	}
	for i, p := range f.Persons {
		for _, field := range personFields {
			set(personName(i, field), *p.field(field))
		}
		set(personName(i, "person_id"), p.PersonID)
	}
	return v
}

// blank reports whether the form holds nothing a worker typed (the
// defaults of a new form do not count).
func (f intakeForm) blank() bool {
	if f.RepKind != "" || f.RepOrg != "" || f.RepName != "" || f.RepPhone != "" || f.RepEmail != "" || f.RepProtect ||
		strings.TrimSpace(f.Description) != "" || f.Acute || f.Children != "" || len(f.ViolenceTypes) > 0 || len(f.Natures) > 0 ||
		f.meldcode() {
		return false
	}
	for _, p := range f.Persons {
		if !p.empty() {
			return false
		}
	}
	return true
}

// meldcode reports whether anything of the meldcode part was filled in.
func (f intakeForm) meldcode() bool {
	if len(f.McSteps) > 0 {
		return true
	}
	for _, a := range f.McAnswers {
		if strings.TrimSpace(a) != "" {
			return true
		}
	}
	return false
}

// withoutEmptyRows drops the rows nothing was typed in, keeping one row so
// the form always shows where to start.
func (f intakeForm) withoutEmptyRows() intakeForm {
	var rows []personForm
	for _, p := range f.Persons {
		if !p.empty() {
			rows = append(rows, p)
		}
	}
	f.Persons = rows
	return f
}

// withRow returns the form with one more, empty, person row.
func (f intakeForm) withRow() intakeForm {
	f.Persons = append(append([]personForm(nil), f.Persons...), personForm{})
	return f
}

// withoutRow returns the form without row i.
func (f intakeForm) withoutRow(i int) intakeForm {
	if i < 0 || i >= len(f.Persons) {
		return f
	}
	f.Persons = append(append([]personForm(nil), f.Persons[:i]...), f.Persons[i+1:]...)
	return f
}

// summary names the form in a list of drafts: kind and the first person.
func (f intakeForm) summary() string {
	kind := "Melding"
	if f.Kind == string(reports.KindAdvice) {
		kind = "Adviesvraag"
	}
	for _, p := range f.Persons {
		if name := strings.Join(strings.Fields(p.Names+" "+p.Particle+" "+p.Surname), " "); name != "" {
			if n := len(f.withoutEmptyRows().Persons); n > 1 {
				if n == 2 {
					return fmt.Sprintf("%s over %s en 1 ander", kind, name)
				}
				return fmt.Sprintf("%s over %s en %d anderen", kind, name, n-1)
			}
			return kind + " over " + name
		}
	}
	return kind + " (nog zonder personen)"
}

// receivedLayout is how the form shows the time of receipt.
const receivedLayout = "02-01-2006 15:04"

// report turns the form into a report for the intake service. Values that
// cannot be read (a date that is no date) come back as field errors worded
// from the catalogue, and the report then must not be stored; the rest is
// left to the validator, which sees the values as typed.
func (f intakeForm) report(clock toren.Clock) (*reports.Report, []toren.FieldError) {
	var refused []toren.FieldError
	refuse := func(field, rule, en, nl string) {
		refused = append(refused, toren.FieldError{Field: field, Rule: rule, Message: en, MessageNL: nl})
	}
	r := &reports.Report{
		Kind:    reports.Kind(strings.TrimSpace(f.Kind)),
		Channel: reports.Channel(strings.TrimSpace(f.Channel)),
		Reporter: reports.Reporter{
			Kind: reports.ReporterKind(strings.TrimSpace(f.RepKind)), Organisation: f.RepOrg, Name: f.RepName,
			Phone: f.RepPhone, Email: f.RepEmail, ProtectIdentity: f.RepProtect,
		},
		Description:     f.Description,
		Acute:           f.Acute,
		ChildrenPresent: reports.Tri(strings.TrimSpace(f.Children)),
	}
	if r.Channel == "" {
		r.Channel = reports.ChannelPhone
	}
	if strings.TrimSpace(f.ReceivedAt) == "" {
		refuse(fieldReceivedAt, "required", "received_at is required", msg("intake.rule.required.received_at"))
	} else if t, ok := parseReceived(f.ReceivedAt); ok {
		r.ReceivedAt = t
	} else {
		refuse(fieldReceivedAt, "format", "received_at must be dd-mm-yyyy hh:mm",
			msgVars("intake.decode.received-at", "example", clock.Now().In(toren.Amsterdam).Format(receivedLayout)))
	}
	for _, t := range f.ViolenceTypes {
		r.ViolenceTypes = append(r.ViolenceTypes, reports.ViolenceType(t))
	}
	for _, n := range f.Natures {
		r.Natures = append(r.Natures, reports.Nature(n))
	}
	if f.meldcode() {
		mc := &reports.Meldcode{Steps: []int{}}
		for _, st := range f.McSteps {
			n, err := strconv.Atoi(strings.TrimSpace(st))
			if err != nil {
				refuse(fieldMcSteps, "format", "a meldcode step is a number from 1 to 5", msg("intake.rule.range.meldcode.steps"))
				continue
			}
			mc.Steps = append(mc.Steps, n)
		}
		for _, q := range reports.MeldcodeQuestions {
			*q.Answer(mc) = reports.Tri(strings.TrimSpace(f.McAnswers[fieldMc+q.Field]))
		}
		r.Meldcode = mc
	}
	for i, pf := range f.Persons {
		m := reports.Mention{
			Role: reports.Role(strings.TrimSpace(pf.Role)), Particle: pf.Particle, Surname: pf.Surname,
			Sex: reports.Sex(strings.TrimSpace(pf.Sex)), BSN: pf.BSN, Postcode: pf.Postcode, HouseNumber: pf.HouseNumber,
			Municipality: pf.Municipality,
		}
		if looksLikeInitials(pf.Names) {
			m.Initials = pf.Names
		} else {
			m.FirstNames = pf.Names
		}
		if s := strings.TrimSpace(pf.BirthDate); s != "" {
			if d, ok := parseDutchDate(s); ok {
				m.BirthDate = d
			} else {
				if day, month, year, ok := dateParts(s); ok {
					refuse(personName(i, "birth_date"), "date", "birth_date is not a date of the calendar",
						msgVars("intake.decode.no-such-date", "date", fmt.Sprintf("%d %s %d", day, dutchMonth(month), year)))
				} else {
					refuse(personName(i, "birth_date"), "format", "birth_date must be dd-mm-yyyy", msg("intake.decode.birth-date"))
				}
			}
		}
		if s := strings.TrimSpace(pf.Age); s != "" {
			if n, err := strconv.Atoi(s); err == nil && len(s) <= 3 {
				m.Age = &n
			} else {
				refuse(personName(i, "age"), "format", "age must be a whole number of years", msg("intake.decode.age"))
			}
		}
		r.Persons = append(r.Persons, m)
	}
	return r, refused
}

// looksLikeInitials tells "J.P." or "M" (voorletters) from first names:
// every part is one letter.
func looksLikeInitials(s string) bool {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || unicode.IsSpace(r) })
	if len(parts) == 0 {
		return false
	}
	for _, p := range parts {
		if len([]rune(p)) != 1 || !unicode.IsLetter([]rune(p)[0]) {
			return false
		}
	}
	return true
}

// parseDutchDate reads a date as Dutch people type it: 3-11-2014,
// 03/11/2014, 3.11.2014, 03112014, or 2014-11-03.
// dateParts reads day, month and year from s when it has the shape of a
// date (dd-mm-jjjj and the other forms parseDutchDate takes) with a month
// from 1 to 12 and a day from 1 to 31, whether or not that day exists: it
// tells "30-02-2024" (no such day) from "30-2024" (not a date at all).
func dateParts(s string) (day, month, year int, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) == 8 && isDigits(s) {
		s = s[:2] + "-" + s[2:4] + "-" + s[4:]
	}
	parts := strings.Split(strings.NewReplacer("/", "-", ".", "-").Replace(s), "-")
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	for _, p := range parts {
		if p == "" || len(p) > 4 || !isDigits(p) {
			return 0, 0, 0, false
		}
	}
	d, m, y := parts[0], parts[1], parts[2]
	if len(d) == 4 { // yyyy-mm-dd
		d, y = y, d
	}
	if len(y) != 4 || len(d) > 2 || len(m) > 2 {
		return 0, 0, 0, false
	}
	day, _ = strconv.Atoi(d)
	month, _ = strconv.Atoi(m)
	year, _ = strconv.Atoi(y)
	return day, month, year, month >= 1 && month <= 12 && day >= 1 && day <= 31
}

// dutchMonth is the month's name as a date is written in Dutch.
func dutchMonth(m int) string {
	names := [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}
	if m < 1 || m > 12 {
		return strconv.Itoa(m)
	}
	return names[m-1]
}

func parseDutchDate(s string) (toren.Date, bool) {
	day, month, year, ok := dateParts(s)
	if !ok {
		return toren.Date{}, false
	}
	date := toren.NewDate(year, time.Month(month), day)
	if date.Day() != day || int(date.Month()) != month || date.Year() != year {
		return toren.Date{}, false // 31-02 is no date
	}
	return date, true
}

// parseReceived reads date and time ("23-11-2026 03:10", "23-11-2026
// 3.10", or an <input type="datetime-local"> value) in Dutch time.
func parseReceived(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	date, clock, ok := strings.Cut(s, "T")
	if !ok {
		i := strings.LastIndexFunc(s, unicode.IsSpace)
		if i < 0 {
			return time.Time{}, false
		}
		date, clock = strings.TrimSpace(s[:i]), s[i+1:]
	}
	d, ok := parseDutchDate(date)
	if !ok {
		return time.Time{}, false
	}
	h, m, ok := strings.Cut(strings.ReplaceAll(clock, ".", ":"), ":")
	if !ok || h == "" || len(h) > 2 || len(m) != 2 || !isDigits(h) || !isDigits(m) {
		return time.Time{}, false
	}
	hour, _ := strconv.Atoi(h)
	minute, _ := strconv.Atoi(m)
	if hour > 23 || minute > 59 {
		return time.Time{}, false
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, toren.Amsterdam), true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
