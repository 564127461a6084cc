package workdays

import (
	"testing"
	"time"

	"toren/internal/toren"
)

func d(s string) toren.Date { return toren.MustDate(s) }

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		name string
		cal  Calendar
		date string
		want bool
	}{
		{"ordinary Tuesday", Dutch(), "2025-03-04", true},
		{"Saturday", Dutch(), "2025-03-08", false},
		{"Sunday", Dutch(), "2025-03-09", false},
		{"Goede Vrijdag", Dutch(), "2025-04-18", false},
		{"Goede Vrijdag given by the organisation", Dutch(Without(GoodFriday)), "2025-04-18", true},
		{"Tweede Paasdag", Dutch(), "2026-04-06", false},
		{"Koningsdag on Monday", Dutch(), "2026-04-27", false},
		{"27 April 2025 is Sunday anyway", Dutch(), "2025-04-27", false},
		{"Monday after Koningsdag 2025", Dutch(), "2025-04-28", true},
		{"Bevrijdingsdag every year by default", Dutch(), "2026-05-05", false},
		{"Bevrijdingsdag lustrum only, 2026", Dutch(LiberationDayLustrumOnly()), "2026-05-05", true},
		{"Bevrijdingsdag lustrum only, 2025", Dutch(LiberationDayLustrumOnly()), "2025-05-05", false},
		{"Hemelvaartsdag", Dutch(), "2027-05-06", false},
		{"Friday after Ascension is no holiday by itself", Dutch(), "2027-05-07", true},
		{"Friday after Ascension as extra day", Dutch(WithExtraDays(Holiday{Date: d("2027-05-07")})), "2027-05-07", false},
		{"Tweede Pinksterdag", Dutch(), "2025-06-09", false},
		{"Tweede Kerstdag", Dutch(), "2024-12-26", false},
		{"Nieuwjaarsdag", Dutch(), "2027-01-01", false},
		{"Only Christmas: Nieuwjaarsdag works", Dutch(Only(ChristmasDay)), "2027-01-01", true},
		{"Only Christmas: Christmas is off", Dutch(Only(ChristmasDay)), "2026-12-25", false},
		{"zero Calendar skips only weekends", Calendar{}, "2025-12-25", true},
		{"unknown IDs are ignored", Dutch(Without("carnival")), "2025-12-25", false},
	}
	for _, tt := range tests {
		if got := tt.cal.IsWorkingDay(d(tt.date)); got != tt.want {
			t.Errorf("%s: IsWorkingDay(%s) = %v, want %v", tt.name, tt.date, got, tt.want)
		}
	}
}

func TestExtraDaysNamedAndSorted(t *testing.T) {
	cal := Dutch(Only(), WithExtraDays(
		Holiday{Name: "Brugdag", Date: d("2025-05-30")},
		Holiday{Date: d("2025-01-02")},
		Holiday{Date: d("2026-01-02")},
		Holiday{}, // zero date: ignored
	))
	got := cal.Holidays(2025)
	if len(got) != 2 {
		t.Fatalf("Holidays(2025) = %v, want 2 extra days", got)
	}
	if got[0].Date != d("2025-01-02") || got[0].ID != ExtraDay || got[0].Name != "Vrije dag" {
		t.Errorf("first = %+v", got[0])
	}
	if got[1].Name != "Brugdag" {
		t.Errorf("second = %+v", got[1])
	}
	if h, ok := cal.HolidayOn(d("2025-05-30")); !ok || h.Name != "Brugdag" {
		t.Errorf("HolidayOn(2025-05-30) = %+v, %v", h, ok)
	}
}

func TestAddWorkingDays(t *testing.T) {
	cal := Dutch()
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"plain week", "2025-03-03", 5, "2025-03-10"},
		{"from Friday", "2025-03-07", 5, "2025-03-14"},
		{"from Saturday", "2025-03-08", 1, "2025-03-10"},
		{"over Koningsdag 2026 (Monday)", "2026-04-24", 1, "2026-04-28"},
		{"over Easter 2025", "2025-04-17", 1, "2025-04-22"},
		{"over Bevrijdingsdag 2025", "2025-05-01", 5, "2025-05-09"},
		{"over Christmas and New Year", "2025-12-24", 3, "2025-12-31"},
		{"into the new year", "2025-12-24", 4, "2026-01-02"},
		{"zero is identity, even on Sunday", "2025-03-09", 0, "2025-03-09"},
		{"backwards from Monday", "2025-03-10", -1, "2025-03-07"},
		{"backwards over Easter 2024", "2024-04-02", -1, "2024-03-28"},
		{"two back over Easter 2024", "2024-04-02", -2, "2024-03-27"},
	}
	for _, tt := range tests {
		if got := cal.AddWorkingDays(d(tt.from), tt.n); got != d(tt.want) {
			t.Errorf("%s: AddWorkingDays(%s, %d) = %s, want %s", tt.name, tt.from, tt.n, got, tt.want)
		}
	}
	// An organisation without Goede Vrijdag and with 5 May only in lustrum years.
	org := Dutch(Without(GoodFriday), LiberationDayLustrumOnly())
	if got := org.AddWorkingDays(d("2025-04-17"), 1); got != d("2025-04-18") {
		t.Errorf("org: day after Maundy Thursday = %s, want Goede Vrijdag 2025-04-18", got)
	}
	if got := org.AddWorkingDays(d("2026-05-04"), 1); got != d("2026-05-05") {
		t.Errorf("org: 5 May 2026 should be a working day, got %s", got)
	}
}

func TestNextWorkingDay(t *testing.T) {
	cal := Dutch()
	tests := map[string]string{
		"2025-03-04": "2025-03-04", // working day itself
		"2025-03-08": "2025-03-10", // Saturday
		"2025-04-18": "2025-04-22", // Goede Vrijdag, weekend, Tweede Paasdag
		"2025-12-25": "2025-12-29",
	}
	for from, want := range tests {
		if got := cal.NextWorkingDay(d(from)); got != d(want) {
			t.Errorf("NextWorkingDay(%s) = %s, want %s", from, got, want)
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	cal := Dutch()
	tests := []struct {
		a, b string
		want int
	}{
		{"2025-03-03", "2025-03-03", 0},
		{"2025-03-03", "2025-03-10", 5},
		{"2025-03-10", "2025-03-03", -5},
		{"2025-03-07", "2025-03-08", 0}, // Friday to Saturday
		{"2025-04-17", "2025-04-22", 1}, // Easter 2025
		// 2025 has 261 weekdays, 1 January (a Wednesday) among them; its weekday
		// holidays are 1 Jan, 18 Apr, 21 Apr, 5 May, 29 May, 9 Jun, 25 and 26 Dec.
		{"2025-01-01", "2025-12-31", 260 - 7},
		{"2024-12-31", "2025-12-31", 261 - 8},
	}
	for _, tt := range tests {
		if got := cal.WorkingDaysBetween(d(tt.a), d(tt.b)); got != tt.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestCalendarProperties checks the algebra of the calendar over every day
// of 2024–2028 (Koningsdag on a Saturday, 2025 lustrum, Ascension after
// 5 May) for the national calendar and a trimmed one.
func TestCalendarProperties(t *testing.T) {
	cals := map[string]Calendar{
		"national": Dutch(),
		"trimmed":  Dutch(Without(GoodFriday), LiberationDayLustrumOnly(), WithExtraDays(Holiday{Date: d("2026-05-15")})),
	}
	steps := []int{-23, -5, -1, 1, 5, 10, 50}
	for name, cal := range cals {
		for day := d("2024-01-01"); day.Before(d("2029-01-01")); day = day.AddDays(1) {
			working := cal.IsWorkingDay(day)
			if (day.Weekday() == time.Saturday || day.Weekday() == time.Sunday) && working {
				t.Fatalf("%s: weekend day %s counted as working", name, day)
			}
			if _, hol := cal.HolidayOn(day); hol && working {
				t.Fatalf("%s: holiday %s counted as working", name, day)
			}
			if next := cal.NextWorkingDay(day); !cal.IsWorkingDay(next) || next.Before(day) || (working && next != day) {
				t.Fatalf("%s: NextWorkingDay(%s) = %s", name, day, next)
			}
			for _, n := range steps {
				got := cal.AddWorkingDays(day, n)
				if !cal.IsWorkingDay(got) {
					t.Fatalf("%s: AddWorkingDays(%s, %d) = %s is not a working day", name, day, n, got)
				}
				if (n > 0) != got.After(day) {
					t.Fatalf("%s: AddWorkingDays(%s, %d) = %s went the wrong way", name, day, n, got)
				}
				between := cal.WorkingDaysBetween(day, got)
				if n > 0 && between != n {
					t.Fatalf("%s: WorkingDaysBetween(%s, AddWorkingDays(.., %d)=%s) = %d", name, day, n, got, between)
				}
				if n < 0 && working && between != n {
					t.Fatalf("%s: WorkingDaysBetween(%s, AddWorkingDays(.., %d)=%s) = %d", name, day, n, got, between)
				}
				if back := cal.WorkingDaysBetween(got, day); back != -between {
					t.Fatalf("%s: between not antisymmetric for %s, %s", name, day, got)
				}
			}
			// Additivity over a fixed pivot.
			pivot := d("2025-06-15")
			far := day.AddDays(400)
			if cal.WorkingDaysBetween(day, pivot)+cal.WorkingDaysBetween(pivot, far) != cal.WorkingDaysBetween(day, far) {
				t.Fatalf("%s: WorkingDaysBetween not additive at %s", name, day)
			}
		}
	}
}
