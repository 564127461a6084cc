package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"toren/internal/cases"
	"toren/internal/escalate"
)

// maxHistoryRows bounds the rows read for a History: the reports of a
// person and their household over all years, newest first.
const maxHistoryRows = 1000

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// earlierReports returns the reports other than exclude naming ids (the
// signal's persons) or members (their households), newest first.
func (db *DB) earlierReports(ctx context.Context, q querier, exclude int64, ids, members []int64) ([]escalate.EarlierReport, error) {
	all := append(slices.Clone(ids), members...)
	recent, args := recentMentions(all, exclude)
	rows, err := q.rows(ctx, `WITH m AS (`+recent+`)
		SELECT r.id, r.number, r.kind, r.received_at, r.reporter_kind, r.reporter_org, r.reporter_name, m.person_id
		FROM m JOIN reports r ON r.id = m.report_id
		ORDER BY r.received_at DESC, r.id DESC LIMIT `+fmt.Sprint(maxHistoryRows), args...)
	if err != nil {
		return nil, fmt.Errorf("store: earlier reports: %w", err)
	}
	defer rows.Close()
	var out []escalate.EarlierReport
	at := map[int64]int{}
	for rows.Next() {
		var e escalate.EarlierReport
		var pid int64
		if err := rows.Scan(&e.ReportID, &e.Number, &e.Kind, &e.ReceivedAt, &e.Reporter.Kind, &e.Reporter.Organisation, &e.Reporter.Name, &pid); err != nil {
			return nil, fmt.Errorf("store: earlier reports: %w", err)
		}
		i, ok := at[e.ReportID]
		if !ok {
			e.ReceivedAt = e.ReceivedAt.UTC()
			i = len(out)
			at[e.ReportID] = i
			out = append(out, e)
		}
		switch {
		case slices.Contains(ids, pid):
			if !slices.Contains(out[i].PersonIDs, pid) {
				out[i].PersonIDs = append(out[i].PersonIDs, pid)
			}
		case !slices.Contains(out[i].HouseholdIDs, pid):
			out[i].HouseholdIDs = append(out[i].HouseholdIDs, pid)
		}
	}
	return out, rows.Err()
}

// closedStatuses are the statuses whose last update is the closing moment.
var closedStatuses = []cases.Status{cases.StatusClosed, cases.StatusEnded}

// closedAt returns when a case with status and last update updated was
// closed or ended, zero while it runs: a first guess (the closing is the
// last change a case gets) that closeTimes replaces with the moment the
// process history recorded.
func closedAt(status cases.Status, updated time.Time) time.Time {
	if slices.Contains(closedStatuses, status) {
		return updated.UTC()
	}
	return time.Time{}
}

// closeTimes sets the closing moment of the closed cases in cs from their
// process history, where it has one.
func (db *DB) closeTimes(ctx context.Context, q querier, cs []escalate.Case) error {
	var ids []int64
	for _, c := range cs {
		if !c.ClosedAt.IsZero() {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	times, err := db.closingTimes(ctx, q, ids)
	if err != nil {
		return err
	}
	for i := range cs {
		if t, ok := times[cs[i].ID]; ok && !cs[i].ClosedAt.IsZero() {
			cs[i].ClosedAt = t
		}
	}
	return nil
}

// casesOf returns the cases whose reports name any of ids, each with the
// persons of ids in it, newest first.
func (db *DB) casesOf(ctx context.Context, q querier, ids []int64) ([]escalate.Case, error) {
	in, args := inList(ids)
	rows, err := q.rows(ctx, `SELECT DISTINCT c.id, c.number, c.status, c.team, c.opened_at, c.updated_at, m.person_id
		FROM mentions m JOIN case_reports cr ON cr.report_id = m.report_id JOIN cases c ON c.id = cr.case_id
		WHERE m.person_id IN `+in+` ORDER BY c.id DESC LIMIT `+fmt.Sprint(maxHistoryRows), args...)
	if err != nil {
		return nil, fmt.Errorf("store: cases of persons: %w", err)
	}
	defer rows.Close()
	var out []escalate.Case
	at := map[int64]int{}
	for rows.Next() {
		var c escalate.Case
		var updated time.Time
		var pid int64
		if err := rows.Scan(&c.ID, &c.Number, &c.Status, &c.Team, &c.OpenedAt, &updated, &pid); err != nil {
			return nil, fmt.Errorf("store: cases of persons: %w", err)
		}
		i, ok := at[c.ID]
		if !ok {
			c.OpenedAt = c.OpenedAt.UTC()
			c.ClosedAt = closedAt(c.Status, updated)
			i = len(out)
			at[c.ID] = i
			out = append(out, c)
		}
		if !slices.Contains(out[i].PersonIDs, pid) {
			out[i].PersonIDs = append(out[i].PersonIDs, pid)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: cases of persons: %w", err)
	}
	rows.Close()
	return out, db.closeTimes(ctx, q, out)
}

// SignalHistory returns the signal a stored report makes and its history
// as the store knows them now (reports stored after it included). For
// explaining alerts and for tests.
func (db *DB) SignalHistory(ctx context.Context, reportID int64) (escalate.Signal, escalate.History, error) {
	r, err := db.GetReport(ctx, reportID)
	if err != nil {
		return escalate.Signal{}, escalate.History{}, err
	}
	return db.signalHistory(ctx, db.reader(), r, true)
}
