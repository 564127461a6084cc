package store

import (
	"context"
	"fmt"
	"slices"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/history"
	"toren/internal/reports"
)

// HistorySources returns the timeline sources this store provides:
// advice requests and reports, and cases (opened, closed). Later parts of
// the case file add their own sources beside these.
func (db *DB) HistorySources() []history.Source {
	return []history.Source{reportEvents{db}, caseEvents{db}, stepEvents{db}}
}

// reportEvents are the reports and advice requests naming the persons.
type reportEvents struct{ db *DB }

func (s reportEvents) Events(ctx context.Context, personIDs []int64, limit int) ([]history.Event, error) {
	if len(personIDs) == 0 || limit <= 0 {
		return nil, nil
	}
	in, args := inList(personIDs)
	// A row per report, person and case: a few rows per report.
	rows, err := s.db.reader().rows(ctx, `SELECT r.id, r.number, r.kind, r.received_at, r.reporter_kind, r.acute, r.violence_types,
		m.person_id, COALESCE(c.team, ''), COALESCE(c.status, '')
		FROM mentions m JOIN reports r ON r.id = m.report_id
		LEFT JOIN case_reports cr ON cr.report_id = r.id LEFT JOIN cases c ON c.id = cr.case_id
		WHERE m.person_id IN `+in+` ORDER BY r.received_at DESC, r.id DESC LIMIT ?`, append(args, limit*8)...)
	if err != nil {
		return nil, fmt.Errorf("store: report events: %w", err)
	}
	defer rows.Close()
	var out []history.Event
	at := map[int64]int{}
	open := map[int64]bool{} // reports with a case still running
	for rows.Next() {
		var e history.Event
		var kind reports.Kind
		var types, team string
		var status cases.Status
		var pid int64
		f := history.ReportFacts{}
		if err := rows.Scan(&e.ObjectID, &e.Number, &kind, &e.At, &f.ReporterKind, &f.Acute, &types, &pid, &team, &status); err != nil {
			return nil, fmt.Errorf("store: report events: %w", err)
		}
		i, ok := at[e.ObjectID]
		if !ok {
			if len(out) == limit {
				break
			}
			e.At, e.ObjectKind, e.Content = e.At.UTC(), authz.KindReport, true
			e.Kind = history.KindReport
			if kind == reports.KindAdvice {
				e.Kind = history.KindAdviceRequest
			}
			f.ViolenceTypes = splitCodes[reports.ViolenceType](types)
			e.Report, e.PersonIDs, e.Teams = &f, []int64{}, []string{}
			i = len(out)
			at[e.ObjectID] = i
			out = append(out, e)
		}
		ev := &out[i]
		if !slices.Contains(ev.PersonIDs, pid) {
			ev.PersonIDs = append(ev.PersonIDs, pid)
		}
		if team != "" && !slices.Contains(ev.Teams, team) {
			ev.Teams = append(ev.Teams, team)
		}
		if status != "" && !slices.Contains(closedOrConverted, status) {
			open[ev.ObjectID] = true
		}
		if status != "" {
			ev.Closed = !open[ev.ObjectID]
		}
	}
	return out, rows.Err()
}

// closedOrConverted are the statuses that end an involvement.
var closedOrConverted = []cases.Status{cases.StatusClosed, cases.StatusEnded, cases.StatusConvertedToAdvice}

// caseEvents are the openings and closings of the persons' cases.
type caseEvents struct{ db *DB }

func (s caseEvents) Events(ctx context.Context, personIDs []int64, limit int) ([]history.Event, error) {
	if len(personIDs) == 0 || limit <= 0 {
		return nil, nil
	}
	cs, err := s.db.casesOf(ctx, s.db.reader(), personIDs)
	if err != nil {
		return nil, err
	}
	var out []history.Event
	for _, c := range cs {
		facts := history.CaseFacts{Status: c.Status, Team: c.Team, OpenedAt: c.OpenedAt}
		if !c.ClosedAt.IsZero() {
			t := c.ClosedAt
			facts.ClosedAt = &t
		}
		base := history.Event{ObjectKind: authz.KindCase, ObjectID: c.ID, Number: c.Number, PersonIDs: c.PersonIDs,
			Closed: slices.Contains(closedOrConverted, c.Status), Content: true}
		if c.Team != "" {
			base.Teams = []string{c.Team}
		}
		opened := base
		opened.At, opened.Kind, opened.Case = c.OpenedAt, history.KindCaseOpened, &facts
		out = append(out, opened)
		if facts.ClosedAt != nil {
			closed := base
			f2 := facts
			closed.At, closed.Kind, closed.Case = *facts.ClosedAt, history.KindCaseClosed, &f2
			out = append(out, closed)
		}
	}
	slices.SortStableFunc(out, func(a, b history.Event) int { return b.At.Compare(a.At) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
