package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"time"

	"toren/internal/authz"
	"toren/internal/history"
)

// stepEvents are the steps taken in the persons' cases: approved
// decisions, handovers and monitoring moments, so the timeline shows
// what Veilig Thuis did and not only what it was told.
type stepEvents struct{ db *DB }

func (s stepEvents) Events(ctx context.Context, personIDs []int64, limit int) ([]history.Event, error) {
	if len(personIDs) == 0 || limit <= 0 {
		return nil, nil
	}
	q := s.db.reader()
	cs, err := s.db.casesOf(ctx, q, personIDs)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(cs))
	byID := map[int64]int{}
	for i, c := range cs {
		ids[i], byID[c.ID] = c.ID, i
	}
	in, args := inList(ids)
	// Three plain queries rather than one UNION: SQLite loses the column
	// types (and so the timestamps) of a compound select.
	queries := []struct{ kind, sql string }{
		{"decision", `SELECT case_id, decided_at, kind, outcome, decided_by_name
			FROM case_decisions WHERE status = 'approved' AND case_id IN ` + in + ` ORDER BY decided_at DESC LIMIT ?`},
		{"handover", `SELECT case_id, proposed_at, status, partner, proposed_by_name
			FROM case_handovers WHERE case_id IN ` + in + ` ORDER BY proposed_at DESC LIMIT ?`},
		{"monitoring", `SELECT case_id, done_at, months, note, done_by_name
			FROM case_monitoring WHERE status = 'done' AND case_id IN ` + in + ` ORDER BY done_at DESC LIMIT ?`},
	}
	var out []history.Event
	for _, qu := range queries {
		rows, err := q.rows(ctx, qu.sql, append(slices.Clone(args), limit)...)
		if err != nil {
			return nil, fmt.Errorf("store: case %s events: %w", qu.kind, err)
		}
		for rows.Next() {
			var caseID int64
			var code, detail, by string
			var at sql.NullTime
			if err := rows.Scan(&caseID, &at, &code, &detail, &by); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: case %s events: %w", qu.kind, err)
			}
			c := cs[byID[caseID]]
			e := history.Event{At: at.Time.UTC(), ObjectKind: authz.KindCase, ObjectID: c.ID, Number: c.Number,
				PersonIDs: c.PersonIDs, Closed: slices.Contains(closedOrConverted, c.Status), Content: true,
				Step: &history.StepFacts{By: by}}
			if c.Team != "" {
				e.Teams = []string{c.Team}
			}
			// The step's facts; the adapter words them (history.StepFacts).
			switch qu.kind {
			case "decision":
				e.Kind = history.KindDecision
				e.Step.Decision, e.Step.Outcome = code, detail
			case "handover":
				e.Kind = history.KindHandover
				e.Step.Partner, e.Step.HandoverStatus = detail, code
			case "monitoring":
				e.Kind = history.KindMonitoring
				if e.Step.Months, err = strconv.Atoi(code); err != nil {
					rows.Close()
					return nil, fmt.Errorf("store: case monitoring events: months %q: %w", code, err)
				}
			}
			out = append(out, e)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: case %s events: %w", qu.kind, err)
		}
	}
	return out, nil
}

// closingTimes returns when each of the given cases last entered a closed
// or ended status, from the process history.
func (db *DB) closingTimes(ctx context.Context, q querier, caseIDs []int64) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	in, args := inList(caseIDs)
	rows, err := q.rows(ctx, `SELECT case_id, at FROM case_transitions
		WHERE to_status IN ('closed', 'ended') AND case_id IN `+in, args...)
	if err != nil {
		return nil, fmt.Errorf("store: closing times: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("store: closing times: %w", err)
		}
		if at.After(out[id]) {
			out[id] = at.UTC()
		}
	}
	return out, rows.Err()
}
