package cases

import (
	"fmt"
	"time"

	"toren/internal/toren"
	"toren/internal/workdays"
)

// Deadlines are an organisation's terms for a case (domain §4.1). The
// defaults follow the public norms; each organisation may set its own.
type Deadlines struct {
	// SafetyAssessmentWorkingDays: the safety assessment is due at the end of
	// this working day after receipt (Uitvoeringsbesluit Wmo 2015 art. 4.1.7:
	// 5). An acute report is due the moment it is received.
	SafetyAssessmentWorkingDays int `json:"safety_assessment_working_days"`
	// InvestigationWeeks: an Onderzoek ends within this many weeks of its
	// start (sector norm 10; domain marks it as a norm, not a hard limit).
	InvestigationWeeks int `json:"investigation_weeks"`
	// FeedbackWorkingDays: feedback to the reporter is due this many working
	// days after the safety assessment, and again after an Onderzoek.
	FeedbackWorkingDays int `json:"feedback_working_days"`
	// MonitoringMonths: monitoring moments, in months after the handover.
	MonitoringMonths []int `json:"monitoring_months"`
	// ResponseWorkingDays: a decision waiting for a second pair of eyes, and
	// a handover waiting for the receiving team, is due at the end of this
	// working day after it was asked (0: the same day).
	ResponseWorkingDays int `json:"response_working_days"`
}

// DefaultDeadlines returns the public norms: 5 working days, 10 weeks,
// feedback within 5 working days, monitoring at 3 and 12 months; and a
// second pair of eyes or a receiving team answers within 1 working day.
func DefaultDeadlines() Deadlines {
	return Deadlines{
		SafetyAssessmentWorkingDays: 5,
		InvestigationWeeks:          10,
		FeedbackWorkingDays:         5,
		MonitoringMonths:            []int{3, 12},
		ResponseWorkingDays:         1,
	}
}

// Validate checks an organisation's settings. Only the configuration
// checks them (the flags name the field), so the messages are English.
func (s Deadlines) Validate() error {
	var p toren.Problems
	if s.SafetyAssessmentWorkingDays < 0 || s.SafetyAssessmentWorkingDays > 30 {
		p.Add("safety_assessment_working_days", "range", "must be between 0 and 30")
	}
	if s.InvestigationWeeks < 1 || s.InvestigationWeeks > 52 {
		p.Add("investigation_weeks", "range", "must be between 1 and 52")
	}
	if s.FeedbackWorkingDays < 0 || s.FeedbackWorkingDays > 30 {
		p.Add("feedback_working_days", "range", "must be between 0 and 30")
	}
	if s.ResponseWorkingDays < 0 || s.ResponseWorkingDays > 10 {
		p.Add("response_working_days", "range", "must be between 0 and 10")
	}
	prev := 0
	for i, m := range s.MonitoringMonths {
		if m <= prev || m > 60 {
			p.Add(fmt.Sprintf("monitoring_months[%d]", i), "ascending",
				"must be ascending months between 1 and 60")

		}
		prev = m
	}
	return p.Err()
}

// DeadlineKind names what is due.
type DeadlineKind string

const (
	DeadlineSafetyAssessment           DeadlineKind = "safety_assessment"            // veiligheidsbeoordeling
	DeadlineFeedbackAfterAssessment    DeadlineKind = "feedback_after_assessment"    // terugkoppeling na veiligheidsbeoordeling
	DeadlineInvestigation              DeadlineKind = "investigation"                // Onderzoek afronden
	DeadlineFeedbackAfterInvestigation DeadlineKind = "feedback_after_investigation" // terugkoppeling na Onderzoek
	DeadlineMonitoring                 DeadlineKind = "monitoring"                   // monitoringmoment
)

// Deadline is one thing due in a case.
type Deadline struct {
	Kind DeadlineKind `json:"kind"`
	// Months is the monitoring moment in months after the handover; 0 for
	// the other kinds.
	Months int       `json:"months,omitempty"`
	Due    time.Time `json:"due"`
	Done   bool      `json:"done"`
}

// TimeLeft returns the time until the deadline; negative once it passed.
func (d Deadline) TimeLeft(now time.Time) time.Duration { return d.Due.Sub(now) }

// Overdue reports whether the deadline passed before the work was done.
func (d Deadline) Overdue(now time.Time) bool { return !d.Done && now.After(d.Due) }

// EndOfDay is the last second of day in Amsterdam: a term of days ends
// when that day ends where the organisation works.
func EndOfDay(day toren.Date) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, toren.Amsterdam)
}

// amsterdamDate is the calendar day of t in Amsterdam.
func amsterdamDate(t time.Time) toren.Date { return toren.DateOf(t.In(toren.Amsterdam)) }

// SafetyAssessmentDue is when the safety assessment of a report received
// at receivedAt is due: at once when acute, else at the end of the n-th
// working day after the day of receipt.
//
// This is the one triage deadline: the case file, the triage queue and
// the statistics all compute it here.
func (s Deadlines) SafetyAssessmentDue(cal workdays.Calendar, receivedAt time.Time, acute bool) time.Time {
	if acute {
		return receivedAt
	}
	return EndOfDay(s.SafetyAssessmentDueDay(cal, amsterdamDate(receivedAt)))
}

// SafetyAssessmentDueDay is the day by whose end the safety assessment of
// a report that is not acute, received on day received, is due: the n-th
// working day after it. An assessment on a later day is late.
func (s Deadlines) SafetyAssessmentDueDay(cal workdays.Calendar, received toren.Date) toren.Date {
	return cal.AddWorkingDays(received, s.SafetyAssessmentWorkingDays)
}

// FeedbackDue is when feedback to the reporter is due after a step that
// finished at done.
func (s Deadlines) FeedbackDue(cal workdays.Calendar, done time.Time) time.Time {
	return EndOfDay(cal.AddWorkingDays(amsterdamDate(done), s.FeedbackWorkingDays))
}

// ResponseDue is when an answer asked at asked is due: a second pair of
// eyes on a proposed decision, or the receiving team on a handover.
func (s Deadlines) ResponseDue(cal workdays.Calendar, asked time.Time) time.Time {
	return EndOfDay(cal.AddWorkingDays(amsterdamDate(asked), s.ResponseWorkingDays))
}

// InvestigationDue is when an Onderzoek started at started is due: the end
// of the same weekday InvestigationWeeks later, moved to the next working
// day when that is a holiday (as Algemene termijnenwet art. 1 extends terms).
func (s Deadlines) InvestigationDue(cal workdays.Calendar, started time.Time) time.Time {
	day := amsterdamDate(started).AddDays(7 * s.InvestigationWeeks)
	return EndOfDay(cal.NextWorkingDay(day))
}

// MonitoringDue returns the monitoring moments after a handover at
// handedOver, one per MonitoringMonths entry. A month without the day
// (30 November + 3 months) takes its last day; a moment on a non-working day
// moves to the next working day.
func (s Deadlines) MonitoringDue(cal workdays.Calendar, handedOver time.Time) []time.Time {
	start := amsterdamDate(handedOver)
	out := make([]time.Time, len(s.MonitoringMonths))
	for i, m := range s.MonitoringMonths {
		out[i] = EndOfDay(cal.NextWorkingDay(addMonthsClamped(start, m)))
	}
	return out
}

// addMonthsClamped adds months, keeping the day within the target month.
func addMonthsClamped(d toren.Date, months int) toren.Date {
	first := toren.NewDate(d.Year(), d.Month(), 1).AddDate(0, months, 0)
	last := first.AddDate(0, 1, -1).Day()
	return toren.NewDate(first.Year(), first.Month(), min(d.Day(), last))
}

// Timeline holds the moments in a case that start or end a deadline; a zero
// time means "not yet".
type Timeline struct {
	ReceivedAt                   time.Time
	Acute                        bool
	AssessedAt                   time.Time // safety assessment decided
	FeedbackAfterAssessmentAt    time.Time
	InvestigationStartedAt       time.Time
	InvestigationClosedAt        time.Time
	FeedbackAfterInvestigationAt time.Time
	HandoverAt                   time.Time // handover accepted by the partner
	// MonitoringDoneAt[i] records monitoring moment i (in MonitoringMonths
	// order); missing or zero entries are still open.
	MonitoringDoneAt []time.Time
}

// Schedule lists the deadlines of a case so far: each appears once the
// moment that starts it is known, and is done once the moment that ends it is.
func (s Deadlines) Schedule(cal workdays.Calendar, t Timeline) []Deadline {
	var out []Deadline
	if t.ReceivedAt.IsZero() {
		return nil
	}
	out = append(out, Deadline{
		Kind: DeadlineSafetyAssessment,
		Due:  s.SafetyAssessmentDue(cal, t.ReceivedAt, t.Acute),
		Done: !t.AssessedAt.IsZero(),
	})
	if !t.AssessedAt.IsZero() {
		out = append(out, Deadline{
			Kind: DeadlineFeedbackAfterAssessment,
			Due:  s.FeedbackDue(cal, t.AssessedAt),
			Done: !t.FeedbackAfterAssessmentAt.IsZero(),
		})
	}
	if !t.InvestigationStartedAt.IsZero() {
		out = append(out, Deadline{
			Kind: DeadlineInvestigation,
			Due:  s.InvestigationDue(cal, t.InvestigationStartedAt),
			Done: !t.InvestigationClosedAt.IsZero(),
		})
	}
	if !t.InvestigationClosedAt.IsZero() {
		out = append(out, Deadline{
			Kind: DeadlineFeedbackAfterInvestigation,
			Due:  s.FeedbackDue(cal, t.InvestigationClosedAt),
			Done: !t.FeedbackAfterInvestigationAt.IsZero(),
		})
	}
	if !t.HandoverAt.IsZero() {
		for i, due := range s.MonitoringDue(cal, t.HandoverAt) {
			done := i < len(t.MonitoringDoneAt) && !t.MonitoringDoneAt[i].IsZero()
			out = append(out, Deadline{Kind: DeadlineMonitoring, Months: s.MonitoringMonths[i], Due: due, Done: done})
		}
	}
	return out
}
