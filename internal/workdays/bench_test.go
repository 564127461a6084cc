package workdays

import "testing"

func BenchmarkIsWorkingDay(b *testing.B) {
	cal := Dutch()
	day := d("2025-05-05")
	for b.Loop() {
		cal.IsWorkingDay(day)
	}
}

func BenchmarkAddWorkingDays5(b *testing.B) {
	cal := Dutch()
	day := d("2025-05-01")
	for b.Loop() {
		cal.AddWorkingDays(day, 5)
	}
}

func BenchmarkWorkingDaysBetweenYear(b *testing.B) {
	cal := Dutch()
	from, to := d("2025-01-01"), d("2026-01-01")
	for b.Loop() {
		cal.WorkingDaysBetween(from, to)
	}
}
