package cases

import (
	"testing"
	"time"

	"toren/internal/toren"
	"toren/internal/workdays"
)

// ams builds an Amsterdam wall-clock time.
func ams(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, toren.Amsterdam)
}

// eod is the end of an Amsterdam day, written out in full in each test.
func eod(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 23, 59, 59, 0, toren.Amsterdam)
}

func TestDefaultDeadlinesValid(t *testing.T) {
	if err := DefaultDeadlines().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := Deadlines{SafetyAssessmentWorkingDays: -1, InvestigationWeeks: 0, FeedbackWorkingDays: 31, MonitoringMonths: []int{12, 3}}
	fields := toren.FieldErrors(bad.Validate())
	want := []string{"safety_assessment_working_days", "investigation_weeks", "feedback_working_days", "monitoring_months[1]"}
	if len(fields) != len(want) {
		t.Fatalf("fields = %+v, want %v", fields, want)
	}
	for i, f := range fields {
		if f.Field != want[i] || f.Rule == "" || f.MessageNL != "" {
			t.Errorf("field %d = %+v, want %s", i, f, want[i])
		}
	}
}

func TestSafetyAssessmentDue(t *testing.T) {
	s := DefaultDeadlines()
	national := workdays.Dutch()
	tests := []struct {
		name     string
		cal      workdays.Calendar
		received time.Time
		acute    bool
		want     time.Time
	}{
		{"plain week", national, ams(2025, time.March, 4, 10, 0), false, eod(2025, time.March, 11)},
		{"acute: due at once", national, ams(2025, time.March, 4, 10, 0), true, ams(2025, time.March, 4, 10, 0)},
		{"received on Saturday", national, ams(2025, time.March, 8, 14, 0), false, eod(2025, time.March, 14)},
		{"over Bevrijdingsdag 2025", national, ams(2025, time.May, 1, 9, 0), false, eod(2025, time.May, 9)},
		{"organisation without 5 May in 2025", workdays.Dutch(workdays.Without(workdays.LiberationDay)),
			ams(2025, time.May, 1, 9, 0), false, eod(2025, time.May, 8)},
		{"over Easter 2026", national, ams(2026, time.April, 2, 16, 0), false, eod(2026, time.April, 13)},
		// 23:30 UTC on 4 March is already 5 March in Amsterdam.
		{"day of receipt in Amsterdam", national, time.Date(2025, time.March, 4, 23, 30, 0, 0, time.UTC), false, eod(2025, time.March, 12)},
	}
	for _, tt := range tests {
		if got := s.SafetyAssessmentDue(tt.cal, tt.received, tt.acute); !got.Equal(tt.want) {
			t.Errorf("%s: due %s, want %s", tt.name, got, tt.want)
		}
		// The statistics count by day: the due day is the day the
		// deadline ends, for the same settings.
		if tt.acute {
			continue
		}
		day := toren.DateOf(tt.received.In(toren.Amsterdam))
		if got := s.SafetyAssessmentDueDay(tt.cal, day); got != toren.DateOf(tt.want) {
			t.Errorf("%s: due day %s, want %s", tt.name, got, toren.DateOf(tt.want))
		}
	}
	// Another organisation's term moves both.
	three := Deadlines{SafetyAssessmentWorkingDays: 3}
	if got, want := three.SafetyAssessmentDueDay(national, toren.DateOf(ams(2025, time.March, 4, 10, 0))), toren.DateOf(eod(2025, time.March, 7)); got != want {
		t.Errorf("3 working days: due day %s, want %s", got, want)
	}
}

func TestEndOfDayAcrossDST(t *testing.T) {
	// Received Thursday 27 March 2025; summer time starts Sunday 30 March, so
	// the deadline of Thursday 3 April ends at 21:59:59 UTC, not 22:59:59.
	got := DefaultDeadlines().SafetyAssessmentDue(workdays.Dutch(), ams(2025, time.March, 27, 11, 0), false)
	want := time.Date(2025, time.April, 3, 21, 59, 59, 0, time.UTC)
	if !got.Equal(want) {
		t.Errorf("due %s, want %s", got.UTC(), want)
	}
	winter := EndOfDay(toren.MustDate("2025-12-01"))
	if want := time.Date(2025, time.December, 1, 22, 59, 59, 0, time.UTC); !winter.Equal(want) {
		t.Errorf("winter end of day %s, want %s", winter.UTC(), want)
	}
}

func TestInvestigationAndFeedbackDue(t *testing.T) {
	s, cal := DefaultDeadlines(), workdays.Dutch()
	if got, want := s.InvestigationDue(cal, ams(2025, time.March, 4, 10, 0)), eod(2025, time.May, 13); !got.Equal(want) {
		t.Errorf("investigation due %s, want %s", got, want)
	}
	// Ten weeks after Monday 24 February 2025 is Bevrijdingsdag: the term runs
	// to the next working day.
	if got, want := s.InvestigationDue(cal, ams(2025, time.February, 24, 10, 0)), eod(2025, time.May, 6); !got.Equal(want) {
		t.Errorf("investigation due %s, want %s", got, want)
	}
	// Feedback five working days after an assessment on 22 December 2025.
	if got, want := s.FeedbackDue(cal, ams(2025, time.December, 22, 15, 0)), eod(2025, time.December, 31); !got.Equal(want) {
		t.Errorf("feedback due %s, want %s", got, want)
	}
	short := s
	short.InvestigationWeeks = 8
	if got, want := short.InvestigationDue(cal, ams(2025, time.March, 4, 10, 0)), eod(2025, time.April, 29); !got.Equal(want) {
		t.Errorf("8-week investigation due %s, want %s", got, want)
	}
}

func TestMonitoringDue(t *testing.T) {
	s, cal := DefaultDeadlines(), workdays.Dutch()
	tests := []struct {
		handover time.Time
		want     []time.Time
	}{
		// 30 Nov + 3 months has no 30 February: 28 February 2026, a Saturday,
		// so Monday 2 March.
		{ams(2025, time.November, 30, 12, 0), []time.Time{eod(2026, time.March, 2), eod(2026, time.November, 30)}},
		// 31 January 2026 is a Saturday: the year moment moves to Monday 2 February.
		{ams(2025, time.January, 31, 12, 0), []time.Time{eod(2025, time.April, 30), eod(2026, time.February, 2)}},
	}
	for _, tt := range tests {
		got := s.MonitoringDue(cal, tt.handover)
		if len(got) != len(tt.want) {
			t.Fatalf("MonitoringDue(%s) = %v", tt.handover, got)
		}
		for i := range got {
			if !got[i].Equal(tt.want[i]) {
				t.Errorf("MonitoringDue(%s)[%d] = %s, want %s", tt.handover, i, got[i], tt.want[i])
			}
		}
	}
}

func TestDeadlineTimeLeftAndOverdue(t *testing.T) {
	due := eod(2025, time.March, 11)
	d := Deadline{Kind: DeadlineSafetyAssessment, Due: due}
	before := due.Add(-90 * time.Minute)
	if d.TimeLeft(before) != 90*time.Minute || d.Overdue(before) {
		t.Errorf("before: left %s overdue %v", d.TimeLeft(before), d.Overdue(before))
	}
	if d.Overdue(due) {
		t.Error("not overdue at the due moment itself")
	}
	after := due.Add(time.Second)
	if d.TimeLeft(after) != -time.Second || !d.Overdue(after) {
		t.Errorf("after: left %s overdue %v", d.TimeLeft(after), d.Overdue(after))
	}
	d.Done = true
	if d.Overdue(after) {
		t.Error("a done deadline is never overdue")
	}
	// An acute report is overdue one second after receipt unless assessed.
	received := ams(2025, time.March, 4, 3, 12)
	acute := Deadline{Kind: DeadlineSafetyAssessment, Due: DefaultDeadlines().SafetyAssessmentDue(workdays.Dutch(), received, true)}
	if acute.Overdue(received) || !acute.Overdue(received.Add(time.Second)) {
		t.Error("acute deadline should fall due at the moment of receipt")
	}
}

func TestSchedule(t *testing.T) {
	s, cal := DefaultDeadlines(), workdays.Dutch()
	if got := s.Schedule(cal, Timeline{}); got != nil {
		t.Errorf("no receipt, no deadlines: %v", got)
	}
	tl := Timeline{ReceivedAt: ams(2025, time.March, 4, 10, 0)}
	got := s.Schedule(cal, tl)
	if len(got) != 1 || got[0].Kind != DeadlineSafetyAssessment || got[0].Done {
		t.Fatalf("after receipt: %+v", got)
	}

	tl.AssessedAt = ams(2025, time.March, 6, 10, 0)
	tl.FeedbackAfterAssessmentAt = ams(2025, time.March, 7, 10, 0)
	tl.InvestigationStartedAt = ams(2025, time.March, 6, 11, 0)
	tl.InvestigationClosedAt = ams(2025, time.May, 1, 11, 0)
	tl.HandoverAt = ams(2025, time.May, 2, 11, 0)
	tl.MonitoringDoneAt = []time.Time{ams(2025, time.August, 4, 9, 0)}
	got = s.Schedule(cal, tl)
	want := []struct {
		kind   DeadlineKind
		months int
		due    time.Time
		done   bool
	}{
		{DeadlineSafetyAssessment, 0, eod(2025, time.March, 11), true},
		{DeadlineFeedbackAfterAssessment, 0, eod(2025, time.March, 13), true},
		{DeadlineInvestigation, 0, eod(2025, time.May, 15), true},
		{DeadlineFeedbackAfterInvestigation, 0, eod(2025, time.May, 9), false},
		{DeadlineMonitoring, 3, eod(2025, time.August, 4), true},
		{DeadlineMonitoring, 12, eod(2026, time.May, 4), false},
	}
	if len(got) != len(want) {
		t.Fatalf("schedule = %+v", got)
	}
	for i, w := range want {
		g := got[i]
		if g.Kind != w.kind || g.Months != w.months || !g.Due.Equal(w.due) || g.Done != w.done {
			t.Errorf("deadline %d = %+v, want %+v", i, g, w)
		}
	}
	// Feedback after the Onderzoek is overdue the day after its due day.
	if !got[3].Overdue(ams(2025, time.May, 10, 0, 0)) {
		t.Error("feedback after investigation should be overdue on 10 May")
	}
}
