package toren

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar date without time or zone (a date of birth, a
// deadline day). The zero Date means "unknown".
type Date struct {
	t time.Time // always midnight UTC
}

const dateLayout = "2006-01-02"

// NewDate returns the date y-m-d; it normalises out-of-range values like time.Date.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date { return NewDate(t.Date()) }

// ParseDate parses YYYY-MM-DD; the empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q is not of the form YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// MustDate is ParseDate for literals in code and tests.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d Date) IsZero() bool             { return d.t.IsZero() }
func (d Date) Time() time.Time          { return d.t }
func (d Date) Year() int                { return d.t.Year() }
func (d Date) Month() time.Month        { return d.t.Month() }
func (d Date) Day() int                 { return d.t.Day() }
func (d Date) Weekday() time.Weekday    { return d.t.Weekday() }
func (d Date) Before(e Date) bool       { return d.t.Before(e.t) }
func (d Date) After(e Date) bool        { return d.t.After(e.t) }
func (d Date) AddDays(n int) Date       { return Date{d.t.AddDate(0, 0, n)} }
func (d Date) AddDate(y, m, n int) Date { return Date{d.t.AddDate(y, m, n)} }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(dateLayout)
}

// Dutch returns the date as Dutch users write it (dd-mm-jjjj).
func (d Date) Dutch() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("02-01-2006")
}

// AgeOn returns the age in whole years on day on.
func (d Date) AgeOn(on Date) int {
	age := on.Year() - d.Year()
	if on.Month() < d.Month() || (on.Month() == d.Month() && on.Day() < d.Day()) {
		age--
	}
	return age
}

func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date must be a string YYYY-MM-DD")
	}
	p, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Equal reports whether d and e are the same day.
func (d Date) Equal(e Date) bool { return d.t.Equal(e.t) }
