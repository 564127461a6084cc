package importer

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"toren/internal/reports"
	"toren/internal/toren"
)

// The CSV layout: one report per row, report columns, then up to
// MaxCSVPersons groups of person columns named "person1_role" ...
// "person6_phone". The reader and the writer share these tables, so what
// one writes the other reads. docs/import.md documents them.

// MaxCSVPersons is the number of person column groups a CSV row has.
const MaxCSVPersons = 6

// column is one CSV column: its name, the report field it fills (the path
// validation errors use) and how to read and write its value. set returns
// a *valueError when the text cannot be read.
type column[T any] struct {
	name  string
	field string
	get   func(*T) string
	set   func(*T, string) error
}

// valueError is a CSV value that cannot be read, with the rule it broke.
type valueError struct {
	rule, msg string
}

func (e *valueError) Error() string { return e.msg }

var reportColumns = []column[reports.Report]{
	{"registration_number", "external_ref",
		func(r *reports.Report) string { return r.ExternalRef },
		func(r *reports.Report, s string) error { r.ExternalRef = s; return nil }},
	{"received_at", "received_at",
		func(r *reports.Report) string { return formatTime(r.ReceivedAt) },
		func(r *reports.Report, s string) (err error) { r.ReceivedAt, err = parseTime(s); return err }},
	{"unit", "reporter.organisation",
		func(r *reports.Report) string { return r.Reporter.Organisation },
		func(r *reports.Report, s string) error { r.Reporter.Organisation = s; return nil }},
	{"officer_name", "reporter.name",
		func(r *reports.Report) string { return r.Reporter.Name },
		func(r *reports.Report, s string) error { r.Reporter.Name = s; return nil }},
	{"officer_function", "reporter.function",
		func(r *reports.Report) string { return r.Reporter.Function },
		func(r *reports.Report, s string) error { r.Reporter.Function = s; return nil }},
	{"phone", "reporter.phone",
		func(r *reports.Report) string { return r.Reporter.Phone },
		func(r *reports.Report, s string) error { r.Reporter.Phone = s; return nil }},
	{"email", "reporter.email",
		func(r *reports.Report) string { return r.Reporter.Email },
		func(r *reports.Report, s string) error { r.Reporter.Email = s; return nil }},
	{"protect_identity", "reporter.protect_identity",
		func(r *reports.Report) string { return formatBool(r.Reporter.ProtectIdentity) },
		func(r *reports.Report, s string) (err error) {
			r.Reporter.ProtectIdentity, err = parseBool(s)
			return err
		}},
	{"acute", "acute",
		func(r *reports.Report) string { return formatBool(r.Acute) },
		func(r *reports.Report, s string) (err error) { r.Acute, err = parseBool(s); return err }},
	{"children_present", "children_present",
		func(r *reports.Report) string { return string(r.ChildrenPresent) },
		func(r *reports.Report, s string) (err error) { r.ChildrenPresent, err = parseTri(s); return err }},
	{"violence_types", "violence_types",
		func(r *reports.Report) string { return joinCodes(r.ViolenceTypes) },
		func(r *reports.Report, s string) error {
			r.ViolenceTypes = splitCodes[reports.ViolenceType](s)
			return nil
		}},
	{"natures", "natures",
		func(r *reports.Report) string { return joinCodes(r.Natures) },
		func(r *reports.Report, s string) error { r.Natures = splitCodes[reports.Nature](s); return nil }},
	{"municipality", "municipality",
		func(r *reports.Report) string { return r.Municipality },
		func(r *reports.Report, s string) error { r.Municipality = s; return nil }},
	{"description", "description",
		func(r *reports.Report) string { return r.Description },
		func(r *reports.Report, s string) error { r.Description = s; return nil }},
}

// personColumns are the columns of one person group, without the
// "personN_" prefix.
var personColumns = []column[reports.Mention]{
	{"role", "role",
		func(m *reports.Mention) string { return string(m.Role) },
		func(m *reports.Mention, s string) error { m.Role = reports.Role(code(s)); return nil }},
	{"first_names", "first_names",
		func(m *reports.Mention) string { return m.FirstNames },
		func(m *reports.Mention, s string) error { m.FirstNames = s; return nil }},
	{"initials", "initials",
		func(m *reports.Mention) string { return m.Initials },
		func(m *reports.Mention, s string) error { m.Initials = s; return nil }},
	{"particle", "particle",
		func(m *reports.Mention) string { return m.Particle },
		func(m *reports.Mention, s string) error { m.Particle = s; return nil }},
	{"surname", "surname",
		func(m *reports.Mention) string { return m.Surname },
		func(m *reports.Mention, s string) error { m.Surname = s; return nil }},
	{"birth_date", "birth_date",
		func(m *reports.Mention) string { return m.BirthDate.String() },
		func(m *reports.Mention, s string) (err error) { m.BirthDate, err = parseDate(s); return err }},
	{"age", "age",
		func(m *reports.Mention) string { return formatAge(m.Age) },
		func(m *reports.Mention, s string) (err error) { m.Age, err = parseAge(s); return err }},
	{"sex", "sex",
		func(m *reports.Mention) string { return string(m.Sex) },
		func(m *reports.Mention, s string) error { m.Sex = reports.Sex(code(s)); return nil }},
	{"bsn", "bsn",
		func(m *reports.Mention) string { return m.BSN },
		func(m *reports.Mention, s string) error { m.BSN = s; return nil }},
	{"street", "street",
		func(m *reports.Mention) string { return m.Street },
		func(m *reports.Mention, s string) error { m.Street = s; return nil }},
	{"house_number", "house_number",
		func(m *reports.Mention) string { return m.HouseNumber },
		func(m *reports.Mention, s string) error { m.HouseNumber = s; return nil }},
	{"postcode", "postcode",
		func(m *reports.Mention) string { return m.Postcode },
		func(m *reports.Mention, s string) error { m.Postcode = s; return nil }},
	{"city", "city",
		func(m *reports.Mention) string { return m.City },
		func(m *reports.Mention, s string) error { m.City = s; return nil }},
	{"municipality", "municipality",
		func(m *reports.Mention) string { return m.Municipality },
		func(m *reports.Mention, s string) error { m.Municipality = s; return nil }},
	{"phone", "phone",
		func(m *reports.Mention) string { return m.Phone },
		func(m *reports.Mention, s string) error { m.Phone = s; return nil }},
}

// requiredColumns must be in the header: without them every row would be
// bad, so the file is refused at line 1 instead.
var requiredColumns = []string{"registration_number", "received_at", "violence_types", "description", "person1_role"}

func personColumnName(group int, name string) string {
	return "person" + strconv.Itoa(group+1) + "_" + name
}

// CSVHeader returns the column names WriteCSV writes, in order.
func CSVHeader() []string {
	h := make([]string, 0, len(reportColumns)+MaxCSVPersons*len(personColumns))
	for _, c := range reportColumns {
		h = append(h, c.name)
	}
	for g := range MaxCSVPersons {
		for _, c := range personColumns {
			h = append(h, personColumnName(g, c.name))
		}
	}
	return h
}

// Receipt times are written in RFC 3339 with the Amsterdam offset; the
// reader also takes the local form police systems export, read as
// Amsterdam time.
var localTimeLayouts = []string{"2006-01-02 15:04", "2006-01-02 15:04:05"}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range localTimeLayouts {
		if t, err := time.ParseInLocation(layout, s, toren.Amsterdam); err == nil {
			return t, nil
		}
	}
	return time.Time{}, &valueError{"datetime",
		"must be a date and time as 2026-03-01T14:30:00+01:00 (RFC 3339) or 2026-03-01 14:30 (Amsterdam time)"}
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(toren.Amsterdam).Format(time.RFC3339Nano)
}

// parseDate takes 2006-01-02 and the Dutch 02-01-2006.
func parseDate(s string) (toren.Date, error) {
	s = strings.TrimSpace(s)
	if d, err := toren.ParseDate(s); err == nil {
		return d, nil
	}
	if t, err := time.Parse("02-01-2006", s); err == nil {
		return toren.DateOf(t), nil
	}
	return toren.Date{}, &valueError{"date", "must be a date as 2006-01-02 or 02-01-2006"}
}

func parseAge(s string) (*int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, &valueError{"integer", "must be a whole number of years"}
	}
	return &n, nil
}

func formatAge(age *int) string {
	if age == nil {
		return ""
	}
	return strconv.Itoa(*age)
}

var errBool = &valueError{"boolean", "must be yes or no (or empty for no)"}

func parseBool(s string) (bool, error) {
	switch code(s) {
	case "", "no", "nee", "false", "0", "n":
		return false, nil
	case "yes", "ja", "true", "1", "y", "j":
		return true, nil
	}
	return false, errBool
}

func formatBool(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func parseTri(s string) (reports.Tri, error) {
	switch code(s) {
	case "", "unknown", "onbekend":
		return reports.Unknown, nil
	case "no", "nee", "false", "0", "n":
		return reports.No, nil
	case "yes", "ja", "true", "1", "y", "j":
		return reports.Yes, nil
	}
	return "", &valueError{"enum", "must be yes, no or empty for unknown"}
}

// code tidies a code as people type it: " Victim " is "victim".
func code(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// splitCodes reads a semicolon-separated list of codes; the validator
// judges the codes themselves.
func splitCodes[T ~string](s string) []T {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []T
	for part := range strings.SplitSeq(s, ";") {
		if c := code(part); c != "" {
			out = append(out, T(c))
		}
	}
	return out
}

func joinCodes[T ~string](list []T) string {
	var b strings.Builder
	for i, c := range list {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(string(c))
	}
	return b.String()
}

// asValueError returns err as a *valueError, or wraps an unexpected one.
func asValueError(err error) *valueError {
	var ve *valueError
	if errors.As(err, &ve) {
		return ve
	}
	return &valueError{rule: "value", msg: err.Error()}
}
