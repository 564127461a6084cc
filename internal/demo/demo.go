// Package demo holds the demonstration cases of Toren: the stories of the
// seed documents (the case of Lisanne, the pregnant mother in Voorwaarden &
// Vervolg, the three Interventieteam cases of the 2014 evaluation) written
// out as the reports Veilig Thuis would have received about them.
//
// Every name, address and BSN here is invented. Dates are relative to the
// moment the demo is loaded, so the demo always looks current. The package
// has no I/O; the demo command feeds the reports to the intake service.
package demo

import (
	"fmt"
	"time"

	"toren/internal/reports"
	"toren/internal/toren"
)

// SeedReport is one demonstration report with what the loader needs to
// store it exactly once.
type SeedReport struct {
	// Key is the idempotency key ("demo:lisanne:police"). It is stable
	// across runs, so loading the demo twice stores each report once.
	Key string
	// Story names the seed story the report belongs to ("lisanne").
	Story string
	// Note says in English which part of the story this report tells.
	Note string
	// Report is the report as the reporter gave it, before Normalize.
	Report reports.Report
	// Conditions are the safety conditions (veiligheidsvoorwaarden) the
	// story ends with, in Dutch, for a demo that goes on to build the case.
	// Only the first report of a story carries them.
	Conditions []string
}

// Seed returns the demonstration reports, dated relative to now, oldest
// first. The reports are fresh values: callers may normalise and store them.
//
// Because the dates move with now and the intake service fingerprints a
// request including its received_at, loading the demo again on a later day
// with the same keys is refused as a conflicting reuse of the key. The
// loader should treat that conflict as "already loaded".
func Seed(now time.Time) []SeedReport {
	c := clock{now: now.In(toren.Amsterdam)}
	var all []SeedReport
	all = append(all, interventionTeamCases(c)...)
	all = append(all, pregnancyCase(c)...)
	all = append(all, lisanneCase(c)...)
	sortByReceived(all)
	return all
}

func sortByReceived(all []SeedReport) {
	// Insertion sort: a handful of reports, and stable for equal times.
	for i := 1; i < len(all); i++ {
		for j := i; j > 0 && all[j].Report.ReceivedAt.Before(all[j-1].Report.ReceivedAt); j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
}

// clock derives the demo's dates from one "now" in Amsterdam time.
type clock struct{ now time.Time }

// at returns the moment daysAgo days before now, at hh:mm Amsterdam time.
func (c clock) at(daysAgo, hh, mm int) time.Time {
	y, m, d := c.now.Date()
	t := time.Date(y, m, d-daysAgo, hh, mm, 0, 0, toren.Amsterdam)
	if t.After(c.now) {
		// "Today at 23:00" may still lie ahead when the demo loads in the
		// morning; a report cannot come from the future.
		t = t.AddDate(0, 0, -1)
	}
	return t
}

// born returns a date of birth that makes the person exactly years old on
// the day daysAgo days before now, their last birthday having been
// sinceBirthday days (0..364) before that day, so ages stay what the story
// says on the day of the report.
func (c clock) born(years, daysAgo, sinceBirthday int) toren.Date {
	ref := toren.DateOf(c.now).AddDays(-daysAgo)
	return ref.AddDate(-years, 0, -sinceBirthday)
}

// policeRef makes a police registration number in the style of the
// police's own system: unit, year of registration, sequence number.
func policeRef(unit int, at time.Time, seq int) string {
	return fmt.Sprintf("PL%02d00-%d%06d", unit, at.Year(), seq)
}

// age is a helper for Mention.Age.
func age(n int) *int { return &n }

// testBSN returns the n-th nine-digit number beginning with 9999 that passes
// the eleven test. Numbers in the 9999 range are the ones the national
// registry's test data uses; they are not meant to belong to anyone.
func testBSN(n int) string {
	body := 99990000 + n*37 // spread the numbers a little
	for {
		s := fmt.Sprintf("%08d", body)
		sum := 0
		for i := 0; i < 8; i++ {
			sum += (9 - i) * int(s[i]-'0')
		}
		if check := sum % 11; check < 10 {
			return s + string(rune('0'+check))
		}
		body++
	}
}
