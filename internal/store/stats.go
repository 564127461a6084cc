package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/reports"
	"toren/internal/stats"
	"toren/internal/toren"
)

// The statistics' queries (stats.Store). Each groups in the database and
// returns one row per category, whatever the number of reports; none
// selects a name, a BSN, an address or free text. Reports are selected by
// their time of receipt through reports_stats (migration 00011), which
// holds every column they group by, so they read no report row.

const inRange = `received_at >= ? AND received_at < ?`

// StatsSnapshot implements stats.Store: the queries run in one read-only
// transaction, which sees one state of the database (SQLite in WAL mode
// reads a snapshot; PostgreSQL at REPEATABLE READ).
func (db *DB) StatsSnapshot(ctx context.Context, fn func(stats.Queries) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: statistics snapshot: %w", err)
	}
	defer tx.Rollback()
	if err := fn(statsQueries{db: db, q: readTx{db: db, tx: tx}}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: statistics snapshot: %w", err)
	}
	return nil
}

// statsQueries runs the statistics' queries on q.
type statsQueries struct {
	db *DB
	q  querier
}

// readTx runs queries in a read transaction. The statistics' queries are
// few and heavy, so they are not prepared and cached.
type readTx struct {
	db *DB
	tx *sql.Tx
}

func (t readTx) row(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.db.q(query), args...)
}

func (t readTx) rows(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.db.q(query), args...)
}

func (t readTx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.db.q(query), args...)
}

func rangeArgs(r stats.Range) []any { return []any{r.From.UTC(), r.To.UTC()} }

// StatsVolume implements stats.Queries.
func (s statsQueries) StatsVolume(ctx context.Context, r stats.Range, bounds []time.Time) ([]stats.VolumeRow, error) {
	if len(bounds) < 2 {
		return nil, fmt.Errorf("store: stats volume: %d bounds, want at least 2", len(bounds))
	}
	// The bucket of a report is the number of inner bounds it is not
	// before: CASE WHEN t < b1 THEN 0 WHEN t < b2 THEN 1 ... ELSE n-1.
	var b strings.Builder
	var args []any
	b.WriteString(`SELECT CASE`)
	inner := bounds[1 : len(bounds)-1]
	for i, t := range inner {
		fmt.Fprintf(&b, ` WHEN received_at < ? THEN %d`, i)
		args = append(args, t.UTC())
	}
	fmt.Fprintf(&b, ` ELSE %d END AS bucket, kind, COUNT(*) FROM reports WHERE `+inRange+` GROUP BY 1, kind`, len(inner))
	if len(inner) == 0 {
		b.Reset()
		b.WriteString(`SELECT 0 AS bucket, kind, COUNT(*) FROM reports WHERE ` + inRange + ` GROUP BY kind`)
	}
	args = append(args, rangeArgs(r)...)
	var out []stats.VolumeRow
	err := each(ctx, s.q, b.String(), args, func(row scanner) error {
		var v stats.VolumeRow
		if err := row.Scan(&v.Bucket, &v.Kind, &v.N); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: stats volume: %w", err)
	}
	return out, nil
}

// StatsReporters implements stats.Queries.
func (s statsQueries) StatsReporters(ctx context.Context, r stats.Range) ([]stats.ReporterRow, error) {
	var out []stats.ReporterRow
	err := each(ctx, s.q, `SELECT reporter_kind, kind, COUNT(*) FROM reports WHERE `+inRange+
		` GROUP BY reporter_kind, kind`, rangeArgs(r), func(row scanner) error {
		var v stats.ReporterRow
		if err := row.Scan(&v.Reporter, &v.Kind, &v.N); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: stats reporters: %w", err)
	}
	return out, nil
}

// likeEscape makes s a literal in a LIKE pattern with ESCAPE '!': the
// codes hold "_", which LIKE reads as any character.
func likeEscape(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

// StatsViolence implements stats.Queries. violence_types is the comma list
// of codes (joinCodes); a code is found with its commas around it, so
// "partner" does not match "ex_partner".
func (s statsQueries) StatsViolence(ctx context.Context, r stats.Range, types []reports.ViolenceType) ([]stats.ViolenceRow, error) {
	var b strings.Builder
	var args []any
	b.WriteString(`SELECT kind, COUNT(*), SUM(CASE WHEN violence_types = '' THEN 1 ELSE 0 END)`)
	for _, t := range types {
		b.WriteString(`, SUM(CASE WHEN ',' || violence_types || ',' LIKE ? ESCAPE '!' THEN 1 ELSE 0 END)`)
		args = append(args, "%,"+likeEscape(string(t))+",%")
	}
	b.WriteString(` FROM reports WHERE ` + inRange + ` GROUP BY kind`)
	args = append(args, rangeArgs(r)...)
	var out []stats.ViolenceRow
	err := each(ctx, s.q, b.String(), args, func(row scanner) error {
		v := stats.ViolenceRow{ByType: make([]int64, len(types))}
		dest := []any{&v.Kind, &v.N, &v.None}
		for i := range v.ByType {
			dest = append(dest, &v.ByType[i])
		}
		if err := row.Scan(dest...); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: stats violence: %w", err)
	}
	return out, nil
}

// StatsMunicipalities implements stats.Queries.
func (s statsQueries) StatsMunicipalities(ctx context.Context, r stats.Range) ([]stats.MunicipalityRow, error) {
	var out []stats.MunicipalityRow
	err := each(ctx, s.q, `SELECT municipality, kind, COUNT(*) FROM reports WHERE `+inRange+
		` GROUP BY municipality, kind`, rangeArgs(r), func(row scanner) error {
		var v stats.MunicipalityRow
		if err := row.Scan(&v.Municipality, &v.Kind, &v.N); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: stats municipalities: %w", err)
	}
	return out, nil
}

// StatsChildren implements stats.Queries.
func (s statsQueries) StatsChildren(ctx context.Context, r stats.Range) ([]stats.ChildrenRow, error) {
	var out []stats.ChildrenRow
	err := each(ctx, s.q, `SELECT children_present, kind, COUNT(*) FROM reports WHERE `+inRange+
		` GROUP BY children_present, kind`, rangeArgs(r), func(row scanner) error {
		var v stats.ChildrenRow
		if err := row.Scan(&v.Children, &v.Kind, &v.N); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: stats children: %w", err)
	}
	return out, nil
}

// StatsAcute implements stats.Queries.
func (s statsQueries) StatsAcute(ctx context.Context, r stats.Range) ([]stats.AcuteRow, error) {
	var out []stats.AcuteRow
	err := each(ctx, s.q, `SELECT acute, kind, COUNT(*) FROM reports WHERE `+inRange+
		` GROUP BY acute, kind`, rangeArgs(r), func(row scanner) error {
		var v stats.AcuteRow
		if err := row.Scan(&v.Acute, &v.Kind, &v.N); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: stats acute: %w", err)
	}
	return out, nil
}

// StatsMeldcode implements stats.Queries: the reports of professionals
// by what they recorded of the meldcode's steps.
func (s statsQueries) StatsMeldcode(ctx context.Context, r stats.Range) ([]stats.MeldcodeRow, error) {
	var out []stats.MeldcodeRow
	args := append(rangeArgs(r), string(reports.KindReport), string(reports.ReporterCitizen))
	err := each(ctx, s.q, `SELECT CASE WHEN meldcode_steps IS NULL THEN 'not_recorded' WHEN meldcode_steps >= 5 THEN 'all_steps' ELSE 'incomplete' END AS state,
		COUNT(*) FROM reports WHERE `+inRange+` AND kind = ? AND reporter_kind <> ? AND reporter_kind <> ''
		GROUP BY state`, args, func(row scanner) error {
		var v stats.MeldcodeRow
		if err := row.Scan(&v.State, &v.N); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: stats meldcode: %w", err)
	}
	return out, nil
}

// StatsRepeats implements stats.Queries. "Earlier" is by time of receipt,
// ties broken by the report's ID, so that of two reports received at the
// same moment exactly one is the repeat. The flag is worked out once per
// report in a materialised step: grouped by directly, the database would
// run the EXISTS twice.
func (s statsQueries) StatsRepeats(ctx context.Context, r stats.Range) ([]stats.RepeatRow, error) {
	var out []stats.RepeatRow
	err := each(ctx, s.q, `WITH flagged AS MATERIALIZED (
			SELECT CASE WHEN EXISTS (
				SELECT 1 FROM mentions m
				JOIN mentions e ON e.person_id = m.person_id AND e.report_id <> m.report_id
				JOIN reports p ON p.id = e.report_id
				WHERE m.report_id = r.id AND p.kind = 'report'
				  AND (p.received_at < r.received_at OR (p.received_at = r.received_at AND p.id < r.id))
			) THEN 1 ELSE 0 END AS repeat
			FROM reports r WHERE r.kind = 'report' AND r.`+inRange+`)
		SELECT repeat, COUNT(*) FROM flagged GROUP BY repeat`, rangeArgs(r), func(row scanner) error {
		var v stats.RepeatRow
		var repeat int
		if err := row.Scan(&repeat, &v.N); err != nil {
			return err
		}
		v.Repeat = repeat == 1
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: stats repeats: %w", err)
	}
	return out, nil
}

// StatsDecisions implements stats.Queries.
func (s statsQueries) StatsDecisions(ctx context.Context, r stats.Range) ([]stats.DecisionRow, error) {
	var out []stats.DecisionRow
	err := each(ctx, s.q, `SELECT kind, outcome, COUNT(*) FROM case_decisions
		WHERE status = 'approved' AND decided_at >= ? AND decided_at < ? GROUP BY kind, outcome`, rangeArgs(r), func(row scanner) error {
		var v stats.DecisionRow
		var kind string
		if err := row.Scan(&kind, &v.Outcome, &v.N); err != nil {
			return err
		}
		v.Kind = authz.DecisionKind(kind)
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: stats decisions: %w", err)
	}
	return out, nil
}

// StatsAssessments implements stats.Queries. A case file's receipt is its
// earliest report's; its assessment the first approved safety assessment
// of its first episode (a reopened case's later episodes start from a
// new signal, not from a report). Only case files with a report received
// in r can have their first receipt there, so the index narrows the
// grouping to those; the step is materialised so that the day in
// Amsterdam is worked out from each time once.
func (s statsQueries) StatsAssessments(ctx context.Context, r stats.Range) ([]stats.AssessmentRow, error) {
	query := `WITH files AS MATERIALIZED (
			SELECT x.received, x.acute,
				(SELECT MIN(d.decided_at) FROM case_decisions d WHERE d.case_id = x.case_id
					AND d.kind = '` + string(casework.KindSafetyAssessment) + `' AND d.status = 'approved' AND d.episode = 1) AS assessed
			FROM (SELECT cr.case_id, MIN(r.received_at) AS received, MAX(CASE WHEN r.acute THEN 1 ELSE 0 END) AS acute
				FROM case_reports cr JOIN reports r ON r.id = cr.report_id
				WHERE cr.case_id IN (SELECT cr2.case_id FROM case_reports cr2 JOIN reports r2 ON r2.id = cr2.report_id
					WHERE r2.` + inRange + `)
				GROUP BY cr.case_id) x
			WHERE x.received >= ? AND x.received < ?)
		SELECT ` + s.db.localDay("received") + `, COALESCE(` + s.db.localDay("assessed") + `, ''), acute, COUNT(*)
		FROM files GROUP BY 1, 2, 3`
	args := append(rangeArgs(r), rangeArgs(r)...)
	var out []stats.AssessmentRow
	err := each(ctx, s.q, query, args, func(row scanner) error {
		var v stats.AssessmentRow
		var received, assessed string
		var acute int
		if err := row.Scan(&received, &assessed, &acute, &v.N); err != nil {
			return err
		}
		var err error
		if v.Received, err = toren.ParseDate(received); err != nil {
			return err
		}
		if v.Assessed, err = toren.ParseDate(assessed); err != nil {
			return err
		}
		v.Acute = acute == 1
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: stats assessments: %w", err)
	}
	return out, nil
}

// localDay is SQL for the calendar day in Amsterdam of the timestamp
// expression col, as text YYYY-MM-DD (NULL for NULL).
func (db *DB) localDay(col string) string {
	if db.dialect == Postgres {
		return `to_char(` + col + ` AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD')`
	}
	// SQLite has no time zones. The driver stores UTC times as Go writes
	// them ("2024-03-31 00:59:59.123456 +0000 UTC"), whose first 19
	// characters SQLite reads as a datetime. Amsterdam is UTC+1, and UTC+2
	// from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
	// Sunday of October (the EU rule since 1996). The conformance suite
	// checks this against Go's time zone database.
	t, y := `substr(`+col+`, 1, 19)`, `substr(`+col+`, 1, 4)`
	lastSunday := func(monthEnd string) string {
		return `datetime(` + y + ` || '` + monthEnd + `', '-6 days', 'weekday 0', '+1 hours')`
	}
	return `date(` + t + `, CASE WHEN ` + t + ` >= ` + lastSunday("-03-31") + ` AND ` + t + ` < ` + lastSunday("-10-31") +
		` THEN '+2 hours' ELSE '+1 hours' END)`
}

// StatsLocalDays returns the Amsterdam calendar day of each instant as the
// database computes it, for the conformance suite's check of localDay.
func (db *DB) StatsLocalDays(ctx context.Context, at []time.Time) ([]toren.Date, error) {
	out := make([]toren.Date, len(at))
	for i, t := range at {
		var s string
		param := "?"
		if db.dialect == Postgres {
			param = "CAST(? AS TIMESTAMPTZ)"
		}
		if err := db.reader().row(ctx, `SELECT `+db.localDay("x.t")+` FROM (SELECT `+param+` AS t) x`, t.UTC()).Scan(&s); err != nil {
			return nil, fmt.Errorf("store: local day of %v: %w", t, err)
		}
		d, err := toren.ParseDate(s)
		if err != nil {
			return nil, fmt.Errorf("store: local day of %v: %w", t, err)
		}
		out[i] = d
	}
	return out, nil
}
