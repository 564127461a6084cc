package stats

import (
	"testing"
	"time"

	"toren/internal/toren"
)

var today = toren.MustDate("2026-11-23")

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in    PeriodInput
		want  Period
		field string // the field with the error, "" for none
		rule  string
	}{
		{PeriodInput{}, Year(2026), "", ""},
		{PeriodInput{Year: "2024"}, Year(2024), "", ""},
		{PeriodInput{Year: " 2024 ", Quarter: "2"}, Quarter(2024, 2), "", ""},
		{PeriodInput{Quarter: "4"}, Quarter(2026, 4), "", ""},
		{PeriodInput{Year: "2024", Quarter: "0"}, Year(2024), "", ""},
		{PeriodInput{From: "2024-02-10", To: "2024-03-05"}, Period{toren.MustDate("2024-02-10"), toren.MustDate("2024-03-05")}, "", ""},
		{PeriodInput{From: "10-02-2024", To: "05-03-2024"}, Period{toren.MustDate("2024-02-10"), toren.MustDate("2024-03-05")}, "", ""},
		{PeriodInput{From: "2024-03-05", To: "2024-03-05"}, Period{toren.MustDate("2024-03-05"), toren.MustDate("2024-03-05")}, "", ""},
		{PeriodInput{Year: "1994"}, Period{}, "jaar", "range"},
		{PeriodInput{Year: "2027"}, Period{}, "jaar", "range"},
		{PeriodInput{Year: "twintig"}, Period{}, "jaar", "range"},
		{PeriodInput{Year: "2024", Quarter: "5"}, Period{}, "kwartaal", "range"},
		{PeriodInput{Year: "2024", Quarter: "Q1"}, Period{}, "kwartaal", "range"},
		{PeriodInput{From: "2024-01-01"}, Period{}, "tot", "required"},
		{PeriodInput{To: "2024-01-01"}, Period{}, "van", "required"},
		{PeriodInput{From: "2024-02-30", To: "2024-03-01"}, Period{}, "van", "date"},
		{PeriodInput{From: "2024-03-02", To: "2024-03-01"}, Period{}, "tot", "order"},
		{PeriodInput{From: "1990-01-01", To: "2024-03-01"}, Period{}, "van", "range"},
		{PeriodInput{Year: "2024", From: "2024-01-01", To: "2024-03-01"}, Period{}, "van", "exclusive"},
	}
	for _, tt := range tests {
		got, err := tt.in.Parse(today)
		if tt.field == "" {
			if err != nil || got != tt.want {
				t.Errorf("%+v: %v, %v; want %v", tt.in, got, err, tt.want)
			}
			continue
		}
		fe := toren.FieldErrors(err)
		if len(fe) == 0 || fe[0].Field != tt.field || fe[0].Rule != tt.rule || fe[0].MessageNL != "" {
			t.Errorf("%+v: error %v, want field %s rule %s", tt.in, err, tt.field, tt.rule)
		}
		if toren.ErrorCode(err) != toren.CodeInvalid {
			t.Errorf("%+v: code %s", tt.in, toren.ErrorCode(err))
		}
	}
}

func TestPeriodStringAndRange(t *testing.T) {
	if got := Year(2024).String(); got != "2024" {
		t.Errorf("year %q", got)
	}
	if got := Quarter(2024, 2).String(); got != "2024-Q2" {
		t.Errorf("quarter %q", got)
	}
	p := Period{toren.MustDate("2024-01-01"), toren.MustDate("2024-06-30")}
	if got := p.String(); got != "2024-01-01/2024-06-30" {
		t.Errorf("range %q", got)
	}
	// Midnight in Amsterdam: winter time at the start, summer time at the end.
	r := p.Range()
	if !r.From.Equal(time.Date(2023, 12, 31, 23, 0, 0, 0, time.UTC)) || !r.To.Equal(time.Date(2024, 6, 30, 22, 0, 0, 0, time.UTC)) {
		t.Errorf("range %v", r)
	}
	if r.Contains(r.To) || !r.Contains(r.From) {
		t.Error("the range is not half-open")
	}
	if Year(2024).Days() != 366 || Quarter(2025, 1).Days() != 90 {
		t.Errorf("days %d %d", Year(2024).Days(), Quarter(2025, 1).Days())
	}
}

func TestBuckets(t *testing.T) {
	labels := func(p Period) []string {
		var out []string
		for _, b := range p.Buckets() {
			out = append(out, b.String())
		}
		return out
	}
	check := func(p Period, want ...string) {
		t.Helper()
		got := labels(p)
		if len(got) != len(want) {
			t.Fatalf("%s: buckets %v, want %v", p, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: buckets %v, want %v", p, got, want)
			}
		}
	}
	check(Year(2024), "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4")
	check(Quarter(2024, 3), "2024-07", "2024-08", "2024-09")
	check(Period{toren.MustDate("2020-05-15"), toren.MustDate("2024-02-01")}, "2020", "2021", "2022", "2023", "2024")
	check(Period{toren.MustDate("2024-02-15"), toren.MustDate("2024-08-01")}, "2024-Q1", "2024-Q2", "2024-Q3")
	check(Period{toren.MustDate("2024-02-29"), toren.MustDate("2024-02-29")}, "2024-02")
}

// bucketsCover checks that the buckets of p run from its start to its end
// without gaps or overlaps.
func bucketsCover(t testing.TB, p Period) {
	bs := p.Buckets()
	r := p.Range()
	if len(bs) == 0 || !bs[0].Range.From.Equal(r.From) || !bs[len(bs)-1].Range.To.Equal(r.To) {
		t.Fatalf("%s: buckets do not span the period: %+v", p, bs)
	}
	for i := 1; i < len(bs); i++ {
		if !bs[i].Range.From.Equal(bs[i-1].Range.To) {
			t.Fatalf("%s: gap or overlap between bucket %d and %d", p, i-1, i)
		}
	}
}

func TestBucketsCoverThePeriod(t *testing.T) {
	for _, p := range []Period{Year(1995), Year(2024), Quarter(2024, 1), Quarter(2025, 4),
		{toren.MustDate("1995-01-01"), toren.MustDate("2026-11-23")}, {toren.MustDate("2024-03-31"), toren.MustDate("2024-10-27")}} {
		bucketsCover(t, p)
	}
}

// FuzzPeriodInput: no input panics; an accepted one is a period of at
// least a day within the years covered, whose buckets span it.
func FuzzPeriodInput(f *testing.F) {
	f.Add("2024", "2", "", "")
	f.Add("", "", "2024-01-01", "2024-12-31")
	f.Add("", "", "31-12-2024", "01-01-2025")
	f.Add("99999999999999999999999", "-1", "", "")
	f.Add("", "", "2024-13-01", "x")
	f.Fuzz(func(t *testing.T, year, quarter, from, to string) {
		p, err := PeriodInput{Year: year, Quarter: quarter, From: from, To: to}.Parse(today)
		if err != nil {
			if len(toren.FieldErrors(err)) == 0 {
				t.Fatalf("error without a field: %v", err)
			}
			return
		}
		if p.To.Before(p.From) || p.From.Year() < MinYear || p.To.Year() > today.Year() {
			t.Fatalf("accepted %+v", p)
		}
		bucketsCover(t, p)
	})
}
