package casework

import (
	"context"
	"fmt"
	"slices"
	"time"

	"toren/internal/authz"
	"toren/internal/reports"
	"toren/internal/toren"
)

// maxTriagePage is the last page number the triage queue takes: a bound
// on the offset a request can ask for.
const maxTriagePage = 100000

// The triage queue: the reports (not advice requests) that are in no case
// yet and wait for their safety assessment.

// TriageFilter narrows the triage queue. The zero filter lists every
// report in triage.
type TriageFilter struct {
	// Urgent: only acute reports and those the escalation rules marked
	// urgent (a young child, rule urgent_triage).
	Urgent bool `json:"urgent"`
	// Overdue: only reports whose safety assessment is past its deadline.
	Overdue bool `json:"overdue"`
	// MyTeams: only reports with a signal raised for one of the user's teams.
	MyTeams bool `json:"my_teams"`
	// ReporterKind: only reports of this kind of reporter ("" is any).
	ReporterKind reports.ReporterKind `json:"reporter_kind"`
}

// TriageRequest asks for one page of the triage queue.
type TriageRequest struct {
	Filter TriageFilter
	// Page counts from 1; PerPage is at most 200 (0: 50).
	Page, PerPage int
}

// TriageQuery is what the store is asked: the filter in terms of stored
// columns, ordered urgent first (acute or rule-marked urgent), then by
// receipt, which orders by deadline within each group (the deadline grows
// with the day of receipt).
type TriageQuery struct {
	Urgent       bool
	ReporterKind reports.ReporterKind
	// OverdueBefore, when not zero, keeps only acute reports and those
	// received before it: exactly those whose assessment is overdue now.
	OverdueBefore time.Time
	// Teams, when not nil, keeps only reports with a signal for one of them.
	Teams         []string
	Offset, Limit int
}

// TriageRow is one report in triage as the store returns it.
type TriageRow struct {
	ID            int64                  `json:"id"`
	Number        string                 `json:"number"`
	ReceivedAt    time.Time              `json:"received_at"`
	ReporterKind  reports.ReporterKind   `json:"reporter_kind"`
	Acute         bool                   `json:"acute"`
	Urgent        bool                   `json:"urgent"` // acute or marked urgent by the escalation rules
	ViolenceTypes []reports.ViolenceType `json:"violence_types"`
	Persons       int                    `json:"persons"`
}

// TriageItem is a report in the triage queue with its deadline.
type TriageItem struct {
	ID            int64                  `json:"id"`
	Number        string                 `json:"number"`
	ReceivedAt    time.Time              `json:"received_at"`
	ReporterKind  reports.ReporterKind   `json:"reporter_kind"`
	Acute         bool                   `json:"acute"`
	Urgent        bool                   `json:"urgent"` // acute or marked urgent by the escalation rules
	ViolenceTypes []reports.ViolenceType `json:"violence_types"`
	Persons       int                    `json:"persons"`
	Due           time.Time              `json:"due"`
	Overdue       bool                   `json:"overdue"`
	// SecondsLeft is the time to Due; negative once it passed.
	SecondsLeft int64 `json:"seconds_left"`
}

// TriageList is one page of the triage queue and how many reports match.
type TriageList struct {
	Items   []TriageItem `json:"items"`
	Total   int          `json:"total"`
	Page    int          `json:"page"`
	PerPage int          `json:"per_page"`
}

// Triage returns one page of the triage queue: urgent reports first (acute
// or marked urgent by the rules), then by deadline, each with the deadline
// of its safety assessment from the organisation's Deadlines. The queue is
// the intake team's: others may read it with report.list, but the kinds of
// violence are content and shown only to the intake team.
func (s *Service) Triage(ctx context.Context, a authz.Actor, req TriageRequest) (*TriageList, error) {
	if err := s.allow(a, authz.ActionReportList, authz.Resource{}); err != nil {
		return nil, err
	}
	var p toren.Problems
	if req.Page == 0 {
		req.Page = 1
	}
	if req.PerPage == 0 {
		req.PerPage = 50
	}
	if req.Page < 1 || req.Page > maxTriagePage {
		p.AddLimit("page", "range", fmt.Sprintf("must be between 1 and %d", maxTriagePage), maxTriagePage)
	}
	if req.PerPage < 1 || req.PerPage > 200 {
		broke(&p, "per_page", "range", "must be between 1 and 200")
	}
	if k := req.Filter.ReporterKind; k != "" && !slices.ContainsFunc(reports.ReporterKinds, func(l reports.Label[reports.ReporterKind]) bool { return l.Code == k }) {
		broke(&p, "reporter_kind", "one_of", "is not a known kind of reporter")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	q := TriageQuery{Urgent: req.Filter.Urgent, ReporterKind: req.Filter.ReporterKind,
		Offset: (req.Page - 1) * req.PerPage, Limit: req.PerPage}
	if req.Filter.Overdue {
		q.OverdueBefore = s.overdueBefore(now)
	}
	if req.Filter.MyTeams {
		q.Teams = append([]string{}, a.Teams...)
	}
	rows, total, err := s.store.TriageReports(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("casework: triage: %w", err)
	}
	content := authz.Decide(a, authz.ActionReportView, authz.Resource{Kind: authz.KindReport, ID: -1, Teams: []string{s.intakeTeam}},
		authz.Opts{Now: now}).Full()
	out := &TriageList{Items: make([]TriageItem, 0, len(rows)), Total: total, Page: req.Page, PerPage: req.PerPage}
	for _, r := range rows {
		if !content {
			r.ViolenceTypes = nil
		}
		if r.ViolenceTypes == nil {
			r.ViolenceTypes = []reports.ViolenceType{}
		}
		due := s.TriageDue(r.ReceivedAt, r.Acute)
		out.Items = append(out.Items, TriageItem{ID: r.ID, Number: r.Number, ReceivedAt: r.ReceivedAt, ReporterKind: r.ReporterKind,
			Acute: r.Acute, Urgent: r.Urgent, ViolenceTypes: r.ViolenceTypes, Persons: r.Persons,
			Due: due, Overdue: now.After(due), SecondsLeft: int64(due.Sub(now) / time.Second)})
	}
	return out, nil
}

// overdueBefore is the first moment of the earliest day of receipt whose
// (non-acute) assessment is not yet overdue at now: a report received
// before it is overdue. The deadline grows with the day of receipt, so the
// walk back from today stops at the first overdue day.
func (s *Service) overdueBefore(now time.Time) time.Time {
	day := toren.DateOf(now.In(toren.Amsterdam))
	for range 400 {
		if now.After(s.deadlines.SafetyAssessmentDue(s.cal, time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, toren.Amsterdam), false)) {
			next := day.AddDays(1)
			return time.Date(next.Year(), next.Month(), next.Day(), 0, 0, 0, 0, toren.Amsterdam)
		}
		day = day.AddDays(-1)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, toren.Amsterdam)
}
