package workdays

import (
	"testing"
	"time"

	"toren/internal/toren"
)

// Dates checked against the published Dutch holiday lists (rijksoverheid.nl
// "Welke dagen zijn officiële feestdagen") and a perpetual calendar.
func TestEasterKnownYears(t *testing.T) {
	want := map[int]string{
		1818: "1818-03-22", // earliest possible Easter
		1943: "1943-04-25", // latest possible Easter
		2000: "2000-04-23", 2005: "2005-03-27", 2008: "2008-03-23",
		2011: "2011-04-24", 2013: "2013-03-31", 2014: "2014-04-20",
		2019: "2019-04-21", 2020: "2020-04-12", 2021: "2021-04-04",
		2022: "2022-04-17", 2023: "2023-04-09",
		2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05",
		2027: "2027-03-28", 2028: "2028-04-16", 2029: "2029-04-01",
		2030: "2030-04-21", 2038: "2038-04-25", 2285: "2285-03-22",
	}
	for year, date := range want {
		if got := Easter(year); got != toren.MustDate(date) {
			t.Errorf("Easter(%d) = %s, want %s", year, got, date)
		}
	}
}

// gaussEaster is Gauss's Easter algorithm with its two exceptions: an
// independent method to cross-check the Meeus/Jones/Butcher one.
func gaussEaster(year int) toren.Date {
	a, b, c := year%19, year%4, year%7
	k := year / 100
	p := (13 + 8*k) / 25
	q := k / 4
	m := (15 - p + k - q) % 30
	n := (4 + k - q) % 7
	d := (19*a + m) % 30
	e := (2*b + 4*c + 6*d + n) % 7
	switch {
	case d == 29 && e == 6:
		return toren.NewDate(year, time.April, 19)
	case d == 28 && e == 6 && (11*m+11)%30 < 19:
		return toren.NewDate(year, time.April, 18)
	}
	return toren.NewDate(year, time.March, 22).AddDays(d + e)
}

func TestEasterAgreesWithGauss(t *testing.T) {
	for year := 1583; year <= 4099; year++ {
		got := Easter(year)
		if want := gaussEaster(year); got != want {
			t.Fatalf("Easter(%d) = %s, Gauss says %s", year, got, want)
		}
		if got.Weekday() != time.Sunday {
			t.Fatalf("Easter(%d) = %s is a %s", year, got, got.Weekday())
		}
		if got.Before(toren.NewDate(year, time.March, 22)) || got.After(toren.NewDate(year, time.April, 25)) {
			t.Fatalf("Easter(%d) = %s outside 22 March – 25 April", year, got)
		}
	}
}

// The Dutch public holidays written out day by day; weekdays verified
// separately in TestHolidayWeekdays.
var nationalHolidays = map[int][]string{
	2024: {
		"2024-01-01 Nieuwjaarsdag", "2024-03-29 Goede Vrijdag", "2024-03-31 Eerste Paasdag",
		"2024-04-01 Tweede Paasdag", "2024-04-27 Koningsdag", "2024-05-05 Bevrijdingsdag",
		"2024-05-09 Hemelvaartsdag", "2024-05-19 Eerste Pinksterdag", "2024-05-20 Tweede Pinksterdag",
		"2024-12-25 Eerste Kerstdag", "2024-12-26 Tweede Kerstdag",
	},
	2025: {
		"2025-01-01 Nieuwjaarsdag", "2025-04-18 Goede Vrijdag", "2025-04-20 Eerste Paasdag",
		"2025-04-21 Tweede Paasdag", "2025-04-26 Koningsdag", "2025-05-05 Bevrijdingsdag",
		"2025-05-29 Hemelvaartsdag", "2025-06-08 Eerste Pinksterdag", "2025-06-09 Tweede Pinksterdag",
		"2025-12-25 Eerste Kerstdag", "2025-12-26 Tweede Kerstdag",
	},
	2026: {
		"2026-01-01 Nieuwjaarsdag", "2026-04-03 Goede Vrijdag", "2026-04-05 Eerste Paasdag",
		"2026-04-06 Tweede Paasdag", "2026-04-27 Koningsdag", "2026-05-05 Bevrijdingsdag",
		"2026-05-14 Hemelvaartsdag", "2026-05-24 Eerste Pinksterdag", "2026-05-25 Tweede Pinksterdag",
		"2026-12-25 Eerste Kerstdag", "2026-12-26 Tweede Kerstdag",
	},
	2027: {
		"2027-01-01 Nieuwjaarsdag", "2027-03-26 Goede Vrijdag", "2027-03-28 Eerste Paasdag",
		"2027-03-29 Tweede Paasdag", "2027-04-27 Koningsdag", "2027-05-05 Bevrijdingsdag",
		"2027-05-06 Hemelvaartsdag", "2027-05-16 Eerste Pinksterdag", "2027-05-17 Tweede Pinksterdag",
		"2027-12-25 Eerste Kerstdag", "2027-12-26 Tweede Kerstdag",
	},
}

func TestDutchHolidays(t *testing.T) {
	cal := Dutch()
	for year, want := range nationalHolidays {
		got := cal.Holidays(year)
		if len(got) != len(want) {
			t.Errorf("%d: %d holidays, want %d: %v", year, len(got), len(want), got)
			continue
		}
		for i, h := range got {
			if s := h.Date.String() + " " + h.Name; s != want[i] {
				t.Errorf("%d holiday %d = %q, want %q", year, i, s, want[i])
			}
		}
	}
}

func TestHolidayWeekdays(t *testing.T) {
	// Koningsdag 2025 moves to Saturday 26 April because the 27th is a Sunday;
	// in 2024 the 27th is a Saturday and stays.
	tests := []struct {
		date string
		want time.Weekday
	}{
		{"2025-04-27", time.Sunday},
		{"2025-04-26", time.Saturday},
		{"2024-04-27", time.Saturday},
		{"2026-04-27", time.Monday},
		{"2027-04-27", time.Tuesday},
		{"2024-03-29", time.Friday}, {"2025-04-18", time.Friday}, {"2026-04-03", time.Friday}, {"2027-03-26", time.Friday},
		{"2024-05-09", time.Thursday}, {"2025-05-29", time.Thursday}, {"2026-05-14", time.Thursday}, {"2027-05-06", time.Thursday},
		{"2024-05-20", time.Monday}, {"2025-06-09", time.Monday}, {"2026-05-25", time.Monday}, {"2027-05-17", time.Monday},
	}
	for _, tt := range tests {
		if got := toren.MustDate(tt.date).Weekday(); got != tt.want {
			t.Errorf("%s is a %s, want %s", tt.date, got, tt.want)
		}
	}
}

func TestKingsDayHistory(t *testing.T) {
	tests := []struct {
		year int
		want string
	}{
		{2006, "2006-04-29"}, // 30 April 2006 was a Sunday: Koninginnedag on Saturday
		{2013, "2013-04-30"},
		{2014, "2014-04-26"}, // 27 April 2014 was a Sunday: first Koningsdag on Saturday 26th
		{2025, "2025-04-26"},
		{2031, "2031-04-26"}, // 27 April 2031 is a Sunday
	}
	for _, tt := range tests {
		d, ok := kingsDay(tt.year, Easter(tt.year))
		if !ok || d.String() != tt.want {
			t.Errorf("kingsDay(%d) = %s, %v; want %s", tt.year, d, ok, tt.want)
		}
	}
	if _, ok := kingsDay(1979, Easter(1979)); ok {
		t.Error("kingsDay(1979) should be outside the supported range")
	}
}

func TestHolidayIDs(t *testing.T) {
	ids := AllHolidays()
	if len(ids) != 11 {
		t.Fatalf("AllHolidays has %d IDs, want 11", len(ids))
	}
	for _, id := range ids {
		if !id.Valid() || id.Name() == "" {
			t.Errorf("%q: Valid=%v Name=%q", id, id.Valid(), id.Name())
		}
	}
	for _, id := range []HolidayID{"", "christmas", ExtraDay} {
		if id.Valid() {
			t.Errorf("%q should not be a valid recurring holiday", id)
		}
	}
	if ExtraDay.Name() != "Vrije dag" {
		t.Errorf("ExtraDay.Name() = %q", ExtraDay.Name())
	}
}
