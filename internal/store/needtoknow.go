package store

import (
	"context"
	"fmt"
)

// ReportsPersons returns the registry persons each report names, by
// report, for the need-to-know of report lists: a report in triage is
// also for the teams working with a person it names. Reports that name
// no linked person are absent.
func (db *DB) ReportsPersons(ctx context.Context, reportIDs []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	err := chunks(reportIDs, func(in string, args []any) error {
		rows, err := db.reader().rows(ctx, `SELECT DISTINCT report_id, person_id FROM mentions
			WHERE report_id IN (`+in+`) AND person_id IS NOT NULL ORDER BY report_id, person_id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var report, person int64
			if err := rows.Scan(&report, &person); err != nil {
				return err
			}
			out[report] = append(out[report], person)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: persons of reports: %w", err)
	}
	return out, nil
}
