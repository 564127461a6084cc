// Package workdays counts Dutch working days: Monday to Friday, minus the
// public holidays an organisation observes. Statutory and agreed deadlines
// (the safety assessment within 5 working days, feedback to the reporter)
// are counted with it. It is pure: no I/O, no clock.
package workdays

import (
	"slices"
	"time"

	"toren/internal/toren"
)

// Calendar decides which days are working days for one organisation. The
// zero Calendar has no holidays at all (only weekends are skipped); use
// Dutch to get one with the national holidays. A Calendar is a value: the
// options are applied once and never change afterwards.
type Calendar struct {
	enabled [len(rules)]bool
	// liberationLustrumOnly keeps 5 May only in years divisible by 5, as
	// many collective labour agreements do.
	liberationLustrumOnly bool
	extra                 []Holiday // sorted by date
}

// Option adjusts the holidays of a Calendar.
type Option func(*Calendar)

// Dutch returns the calendar of the Algemene termijnenwet art. 3 (what
// government bodies count): Nieuwjaarsdag, Goede Vrijdag, Eerste en Tweede
// Paasdag, Koningsdag, Bevrijdingsdag (every year), Hemelvaartsdag, Eerste en
// Tweede Pinksterdag, Eerste en Tweede Kerstdag; adjusted by opts in order.
func Dutch(opts ...Option) Calendar {
	var c Calendar
	for i := range c.enabled {
		c.enabled[i] = true
	}
	for _, o := range opts {
		o(&c)
	}
	slices.SortStableFunc(c.extra, func(a, b Holiday) int { return a.Date.Time().Compare(b.Date.Time()) })
	return c
}

// Without drops holidays the organisation does not give, such as GoodFriday.
// Unknown IDs are ignored; check configuration with HolidayID.Valid.
func Without(ids ...HolidayID) Option {
	return func(c *Calendar) {
		for _, id := range ids {
			if i := ruleIndex(id); i >= 0 {
				c.enabled[i] = false
			}
		}
	}
}

// Only keeps exactly the listed holidays. Unknown IDs are ignored.
func Only(ids ...HolidayID) Option {
	return func(c *Calendar) {
		c.enabled = [len(rules)]bool{}
		for _, id := range ids {
			if i := ruleIndex(id); i >= 0 {
				c.enabled[i] = true
			}
		}
	}
}

// LiberationDayLustrumOnly keeps Bevrijdingsdag only in years divisible by
// five (2025, 2030, ...), the rule of many collective labour agreements.
func LiberationDayLustrumOnly() Option {
	return func(c *Calendar) { c.liberationLustrumOnly = true }
}

// WithExtraDays adds non-working days the organisation chooses: days equated
// with holidays by decree (the Friday after Ascension) or closing days. A
// day without ID gets ExtraDay, without name the ID's name.
func WithExtraDays(days ...Holiday) Option {
	return func(c *Calendar) {
		for _, d := range days {
			if d.Date.IsZero() {
				continue
			}
			if d.ID == "" {
				d.ID = ExtraDay
			}
			if d.Name == "" {
				d.Name = d.ID.Name()
			}
			c.extra = append(c.extra, d)
		}
	}
}

// Holidays returns the holidays the calendar observes in year, in date
// order, including those that fall in a weekend.
func (c Calendar) Holidays(year int) []Holiday {
	var out []Holiday
	easter := Easter(year)
	for i, r := range rules {
		if !c.observes(i, year) {
			continue
		}
		if d, ok := r.date(year, easter); ok {
			out = append(out, Holiday{ID: r.id, Name: r.name, Date: d})
		}
	}
	for _, h := range c.extra {
		if h.Date.Year() == year {
			out = append(out, h)
		}
	}
	slices.SortStableFunc(out, func(a, b Holiday) int { return a.Date.Time().Compare(b.Date.Time()) })
	return out
}

// HolidayOn returns the holiday on d, if any.
func (c Calendar) HolidayOn(d toren.Date) (Holiday, bool) {
	year := d.Year()
	easter := Easter(year)
	for i, r := range rules {
		if !c.observes(i, year) {
			continue
		}
		if hd, ok := r.date(year, easter); ok && hd == d {
			return Holiday{ID: r.id, Name: r.name, Date: hd}, true
		}
	}
	for _, h := range c.extra {
		if h.Date == d {
			return h, true
		}
	}
	return Holiday{}, false
}

// observes reports whether rule i is a holiday of this calendar in year.
func (c Calendar) observes(i, year int) bool {
	if !c.enabled[i] {
		return false
	}
	return rules[i].id != LiberationDay || !c.liberationLustrumOnly || year%5 == 0
}

// IsWorkingDay reports whether d is a weekday that is not a holiday.
func (c Calendar) IsWorkingDay(d toren.Date) bool {
	if isWeekend(d) {
		return false
	}
	_, holiday := c.HolidayOn(d)
	return !holiday
}

// NextWorkingDay returns d when it is a working day, else the first working
// day after it: the way Algemene termijnenwet art. 1 extends a term that
// ends on a weekend or holiday.
func (c Calendar) NextWorkingDay(d toren.Date) toren.Date {
	y := newYearCache(c)
	for !y.working(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddWorkingDays returns the n-th working day after d (n > 0) or before d
// (n < 0); the day d itself is never counted. AddWorkingDays(d, 0) is d.
// Received on Friday, "within 5 working days" is AddWorkingDays(friday, 5):
// the next Friday when the week has no holiday.
func (c Calendar) AddWorkingDays(d toren.Date, n int) toren.Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	y := newYearCache(c)
	for n > 0 {
		d = d.AddDays(step)
		if y.working(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween returns the number of working days after a up to and
// including b; negative when b is before a. It is additive
// (between(a,b)+between(b,c) == between(a,c)) and
// WorkingDaysBetween(d, AddWorkingDays(d, n)) == n for every n >= 0.
func (c Calendar) WorkingDaysBetween(a, b toren.Date) int {
	if b.Before(a) {
		return -c.WorkingDaysBetween(b, a)
	}
	n := weekdaysBetween(a, b)
	for year := a.Year(); year <= b.Year(); year++ {
		for _, d := range c.weekdayHolidays(year) {
			if d.After(a) && !d.After(b) {
				n--
			}
		}
	}
	return n
}

// weekdayHolidays returns the distinct holiday dates of year that fall on
// a weekday: two holidays on one date (Ascension on 5 May) count once.
func (c Calendar) weekdayHolidays(year int) []toren.Date {
	out := make([]toren.Date, 0, len(rules)+len(c.extra))
	add := func(d toren.Date) {
		if !isWeekend(d) && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	easter := Easter(year)
	for i, r := range rules {
		if d, ok := r.date(year, easter); ok && c.observes(i, year) {
			add(d)
		}
	}
	for _, h := range c.extra {
		if h.Date.Year() == year {
			add(h.Date)
		}
	}
	return out
}

func isWeekend(d toren.Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// weekdaysBetween counts Monday–Friday dates in (a, b], a <= b.
func weekdaysBetween(a, b toren.Date) int {
	days := int(b.Time().Sub(a.Time()).Hours() / 24)
	n := days / 7 * 5
	d := a.AddDays(days / 7 * 7)
	for d.Before(b) {
		d = d.AddDays(1)
		if !isWeekend(d) {
			n++
		}
	}
	return n
}

// yearCache keeps one year's weekday holidays while a loop walks day by day,
// so Easter is not recomputed for every day.
type yearCache struct {
	c        Calendar
	year     int
	holidays []toren.Date
}

func newYearCache(c Calendar) *yearCache { return &yearCache{c: c, year: -1 << 31} }

func (y *yearCache) working(d toren.Date) bool {
	if isWeekend(d) {
		return false
	}
	if d.Year() != y.year {
		y.year = d.Year()
		y.holidays = y.c.weekdayHolidays(y.year)
	}
	return !slices.Contains(y.holidays, d)
}
