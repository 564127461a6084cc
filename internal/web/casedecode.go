package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"toren/internal/toren"
)

// formReader reads a sent form into a service's input. What it cannot
// read (a date that is no date) becomes a field error in Dutch; the
// service then is not asked, so nothing half-read is ever stored.
type formReader struct {
	v    url.Values
	errs []toren.FieldError
}

func (fr *formReader) fail(field, rule, nl string) {
	fr.errs = append(fr.errs, toren.FieldError{Field: field, Rule: rule, Message: rule, MessageNL: nl})
}

// text returns a field as typed; the service trims and checks it.
func (fr *formReader) text(name string) string { return fr.v.Get(name) }

// date reads a Dutch date (dd-mm-jjjj); blank is the zero Date, and an
// error when required.
func (fr *formReader) date(name string, required bool) toren.Date {
	s := strings.TrimSpace(fr.v.Get(name))
	if s == "" {
		if required {
			fr.fail(name, "required", msg("case.error.date.required"))
		}
		return toren.Date{}
	}
	d, ok := parseDutchDate(s)
	if !ok {
		fr.fail(name, "date", msg("case.error.date"))
	}
	return d
}

// moment reads a date and time in Dutch time (dd-mm-jjjj uu:mm); blank is
// an error: every moment the forms ask for is required.
func (fr *formReader) moment(name string) time.Time {
	s := strings.TrimSpace(fr.v.Get(name))
	if s == "" {
		fr.fail(name, "required", msg("case.error.datetime.required"))
		return time.Time{}
	}
	t, ok := parseReceived(s)
	if !ok {
		fr.fail(name, "datetime", msg("case.error.datetime"))
	}
	return t
}

// id reads an optional record ID from a select; blank is 0.
func (fr *formReader) id(name string) int64 {
	s := strings.TrimSpace(fr.v.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		fr.fail(name, "choice", msg("case.error.choice"))
		return 0
	}
	return n
}

// ids reads the IDs of ticked checkboxes.
func (fr *formReader) ids(name string) []int64 {
	var out []int64
	for _, s := range fr.v[name] {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || n <= 0 {
			fr.fail(name, "choice", msg("case.error.choice"))
			continue
		}
		out = append(out, n)
	}
	return out
}

// version reads the version of the record the form was made from; the
// service refuses a missing or stale one.
func (fr *formReader) version() int {
	n, _ := strconv.Atoi(fr.v.Get("version"))
	return n
}

// formMoment writes t as the forms show a moment.
func formMoment(t time.Time) string { return t.In(toren.Amsterdam).Format("02-01-2006 15:04") }

// formDate writes d as the forms show a date.
func formDate(d toren.Date) string { return d.Dutch() }
