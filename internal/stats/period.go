package stats

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"toren/internal/toren"
)

// MinYear is the first year the statistics cover: Veilig Thuis's
// predecessors registered from the 1990s on, and the generator and the
// report validator start there too.
const MinYear = 1995

// Period is the range of days the figures cover, From and To both
// inclusive, as calendar days in Amsterdam.
type Period struct {
	From, To toren.Date
}

// Year returns the whole calendar year y.
func Year(y int) Period {
	return Period{From: toren.NewDate(y, time.January, 1), To: toren.NewDate(y, time.December, 31)}
}

// Quarter returns quarter q (1-4) of year y.
func Quarter(y, q int) Period {
	from := toren.NewDate(y, time.Month(3*(q-1)+1), 1)
	return Period{From: from, To: from.AddDate(0, 3, -1)}
}

// Range is a half-open range of instants [From, To), in UTC, as the store
// compares them.
type Range struct {
	From, To time.Time
}

// Contains reports whether t falls in the range.
func (r Range) Contains(t time.Time) bool { return !t.Before(r.From) && t.Before(r.To) }

// Range returns the instants of the period: from midnight at the start of
// From to midnight at the end of To, in Amsterdam.
func (p Period) Range() Range {
	return Range{From: StartOfDay(p.From), To: StartOfDay(p.To.AddDays(1))}
}

// StartOfDay is midnight at the start of d in Amsterdam, in UTC.
func StartOfDay(d toren.Date) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, toren.Amsterdam).UTC()
}

// Days is the number of days in the period.
func (p Period) Days() int {
	return int(p.To.Time().Sub(p.From.Time()).Hours()/24+0.5) + 1
}

// String names the period for logs and errors: "2024", "2024-Q2" or
// "2024-01-01/2024-06-30". The pages word it from the catalogue.
func (p Period) String() string {
	if p == Year(p.From.Year()) {
		return strconv.Itoa(p.From.Year())
	}
	if q := int(p.From.Month()-1)/3 + 1; p == Quarter(p.From.Year(), q) {
		return fmt.Sprintf("%d-Q%d", p.From.Year(), q)
	}
	return p.From.String() + "/" + p.To.String()
}

// Bucket is one step of the period's time series: a month, a quarter or
// a year, cut to the period.
type Bucket struct {
	// Step is "month", "quarter" or "year"; Start the bucket's first day
	// in the period. The web words them (a row "bucket.<step>" whose label
	// is Start).
	Step  string
	Start toren.Date
	Range Range
}

// String names the bucket: "2024-03", "2024-Q1" or "2024".
func (b Bucket) String() string {
	switch b.Step {
	case "month":
		return fmt.Sprintf("%d-%02d", b.Start.Year(), int(b.Start.Month()))
	case "quarter":
		return fmt.Sprintf("%d-Q%d", b.Start.Year(), int(b.Start.Month()-1)/3+1)
	}
	return strconv.Itoa(b.Start.Year())
}

// Buckets splits the period for the time series: by month for up to three
// months, by quarter for up to three years, by year beyond that.
func (p Period) Buckets() []Bucket {
	days := p.Days()
	step, name := 12, "year"
	switch {
	case days <= 92:
		step, name = 1, "month"
	case days <= 3*366:
		step, name = 3, "quarter"
	}
	var out []Bucket
	// Steps start on calendar boundaries (1 January, 1 April...), so a
	// period starting mid-quarter has a shorter first bucket.
	start := p.From
	for !start.After(p.To) {
		first := toren.NewDate(start.Year(), time.Month((int(start.Month())-1)/step*step+1), 1)
		next := first.AddDate(0, step, 0)
		end := next.AddDays(-1)
		if end.After(p.To) {
			end = p.To
		}
		out = append(out, Bucket{Step: name, Start: start, Range: Period{From: start, To: end}.Range()})
		start = next
	}
	return out
}

// PeriodInput is the period filter as the user typed it: a year with an
// optional quarter, or a range of days (van, tot). Dates may be written
// as 2024-03-31 (a date field) or 31-03-2024.
type PeriodInput struct {
	Year, Quarter string
	From, To      string
}

// maxInput bounds each field: no valid value is longer.
const maxInput = 20

// Parse checks the input and returns its period. Without any input it is
// the current year up to today's year. Errors are toren.Problems naming
// the field: jaar, kwartaal, van or tot.
func (in PeriodInput) Parse(today toren.Date) (Period, error) {
	var p toren.Problems
	year, quarter := strings.TrimSpace(in.Year), strings.TrimSpace(in.Quarter)
	from, to := strings.TrimSpace(in.From), strings.TrimSpace(in.To)
	if from != "" || to != "" {
		if year != "" || quarter != "" {
			p.Add("van", "exclusive", "give a year and quarter or a range of days, not both")
			return Period{}, p.Err()
		}
		f := parseDay(&p, "van", from, today)
		t := parseDay(&p, "tot", to, today)
		if p.Len() > 0 {
			return Period{}, p.Err()
		}
		if t.Before(f) {
			p.Add("tot", "order", "must not be before the start date")
			return Period{}, p.Err()
		}
		return Period{From: f, To: t}, nil
	}
	y := today.Year()
	if year != "" {
		n, err := strconv.Atoi(year)
		if err != nil || len(year) > maxInput || n < MinYear || n > today.Year() {
			p.Add("jaar", "range", fmt.Sprintf("must be a year from %d to %d", MinYear, today.Year()))
		}
		y = n
	}
	q := 0
	if quarter != "" && quarter != "0" {
		n, err := strconv.Atoi(quarter)
		if err != nil || n < 1 || n > 4 {
			p.Add("kwartaal", "range", "must be 1, 2, 3 or 4")
		}
		q = n
	}
	if p.Len() > 0 {
		return Period{}, p.Err()
	}
	if q > 0 {
		return Quarter(y, q), nil
	}
	return Year(y), nil
}

// parseDay reads a date field; problems go to p under field.
func parseDay(p *toren.Problems, field, s string, today toren.Date) toren.Date {
	if s == "" {
		p.Add(field, "required", "is required")
		return toren.Date{}
	}
	d, err := toren.ParseDate(s)
	if err != nil && len(s) == 10 && s[2] == '-' && s[5] == '-' {
		d, err = toren.ParseDate(s[6:] + "-" + s[3:5] + "-" + s[:2])
	}
	if err != nil || len(s) > maxInput {
		p.Add(field, "date", "must be a date such as 2024-03-31")
		return toren.Date{}
	}
	if d.Year() < MinYear || d.Year() > today.Year() {
		p.Add(field, "range", fmt.Sprintf("must lie in %d to %d", MinYear, today.Year()))
		return toren.Date{}
	}
	return d
}
