package workdays

import (
	"time"

	"toren/internal/toren"
)

// HolidayID is the stable code of a public holiday; it is what an
// organisation's configuration names. The Dutch name is for display.
type HolidayID string

const (
	NewYear       HolidayID = "new_year"       // Nieuwjaarsdag
	GoodFriday    HolidayID = "good_friday"    // Goede Vrijdag
	EasterSunday  HolidayID = "easter_sunday"  // Eerste Paasdag
	EasterMonday  HolidayID = "easter_monday"  // Tweede Paasdag
	KingsDay      HolidayID = "kings_day"      // Koningsdag (Koninginnedag before 2014)
	LiberationDay HolidayID = "liberation_day" // Bevrijdingsdag
	AscensionDay  HolidayID = "ascension_day"  // Hemelvaartsdag
	WhitSunday    HolidayID = "whit_sunday"    // Eerste Pinksterdag
	WhitMonday    HolidayID = "whit_monday"    // Tweede Pinksterdag
	ChristmasDay  HolidayID = "christmas_day"  // Eerste Kerstdag
	BoxingDay     HolidayID = "boxing_day"     // Tweede Kerstdag

	// ExtraDay marks a day an organisation added itself: a day the
	// government equates with a holiday under Algemene termijnenwet art. 3(3)
	// (such as the Friday after Ascension), or an office closing day.
	ExtraDay HolidayID = "extra"
)

// Holiday is one non-working day with its Dutch name.
type Holiday struct {
	ID   HolidayID  `json:"id"`
	Name string     `json:"name"`
	Date toren.Date `json:"date"`
}

// rule computes one recurring holiday. date reports false for a year in
// which the holiday does not occur.
type rule struct {
	id   HolidayID
	name string
	date func(year int, easter toren.Date) (toren.Date, bool)
}

func fixed(m time.Month, d int) func(int, toren.Date) (toren.Date, bool) {
	return func(year int, _ toren.Date) (toren.Date, bool) { return toren.NewDate(year, m, d), true }
}

func fromEaster(days int) func(int, toren.Date) (toren.Date, bool) {
	return func(_ int, easter toren.Date) (toren.Date, bool) { return easter.AddDays(days), true }
}

// rules lists every holiday Toren knows, in calendar order. Algemene
// termijnenwet art. 3(1) names Nieuwjaarsdag, the second Easter and Pentecost
// days, both Christmas days, Ascension Day, the King's birthday as celebrated,
// and 5 May (every year, not only in lustrum years); art. 3(2) adds Goede
// Vrijdag. Easter Sunday and Whit Sunday are not in the act because they are
// Sundays anyway; they are listed so a calendar can name them.
var rules = [...]rule{
	{NewYear, "Nieuwjaarsdag", fixed(time.January, 1)},
	{GoodFriday, "Goede Vrijdag", fromEaster(-2)},
	{EasterSunday, "Eerste Paasdag", fromEaster(0)},
	{EasterMonday, "Tweede Paasdag", fromEaster(1)},
	{KingsDay, "Koningsdag", kingsDay},
	{LiberationDay, "Bevrijdingsdag", fixed(time.May, 5)},
	{AscensionDay, "Hemelvaartsdag", fromEaster(39)},
	{WhitSunday, "Eerste Pinksterdag", fromEaster(49)},
	{WhitMonday, "Tweede Pinksterdag", fromEaster(50)},
	{ChristmasDay, "Eerste Kerstdag", fixed(time.December, 25)},
	{BoxingDay, "Tweede Kerstdag", fixed(time.December, 26)},
}

// AllHolidays returns the IDs of every recurring holiday Toren knows, in
// calendar order. ExtraDay is not among them.
func AllHolidays() []HolidayID {
	ids := make([]HolidayID, len(rules))
	for i, r := range rules {
		ids[i] = r.id
	}
	return ids
}

// Valid reports whether id names a recurring holiday Toren knows; use it to
// check an organisation's configuration.
func (id HolidayID) Valid() bool { return ruleIndex(id) >= 0 }

// Name returns the Dutch name of the holiday, or "" for an unknown ID.
func (id HolidayID) Name() string {
	if id == ExtraDay {
		return "Vrije dag"
	}
	if i := ruleIndex(id); i >= 0 {
		return rules[i].name
	}
	return ""
}

func ruleIndex(id HolidayID) int {
	for i, r := range rules {
		if r.id == id {
			return i
		}
	}
	return -1
}

// kingsDay is 27 April, or Saturday 26 April when the 27th is a Sunday
// (Besluit Koningsdag, from 2014). From 1980 to 2013 Koninginnedag was
// 30 April, or Saturday 29 April when the 30th was a Sunday. Earlier years
// are outside Toren's range and have no King's day here.
func kingsDay(year int, _ toren.Date) (toren.Date, bool) {
	switch {
	case year >= 2014:
		return sundayToSaturday(toren.NewDate(year, time.April, 27)), true
	case year >= 1980:
		return sundayToSaturday(toren.NewDate(year, time.April, 30)), true
	}
	return toren.Date{}, false
}

func sundayToSaturday(d toren.Date) toren.Date {
	if d.Weekday() == time.Sunday {
		return d.AddDays(-1)
	}
	return d
}

// Easter returns Easter Sunday of a Gregorian year, by the anonymous
// Gregorian algorithm (Meeus/Jones/Butcher).
func Easter(year int) toren.Date {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return toren.NewDate(year, time.Month(month), day)
}
