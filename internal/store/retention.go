package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/reports"
	"toren/internal/retention"
	"toren/internal/toren"
)

// RetentionFacts reads what the retention rule needs of the whole
// registry: identifiers, dates, roles and links, never a name.
func (db *DB) RetentionFacts(ctx context.Context) (retention.Facts, error) {
	var f retention.Facts
	q := db.reader()
	scan := func(what, query string, each func(*sql.Rows) error) error {
		rows, err := q.rows(ctx, query)
		if err != nil {
			return fmt.Errorf("store: retention facts (%s): %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := each(rows); err != nil {
				return fmt.Errorf("store: retention facts (%s): %w", what, err)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: retention facts (%s): %w", what, err)
		}
		return nil
	}
	err := scan("reports", `SELECT id, number, received_at FROM reports`, func(r *sql.Rows) error {
		var x retention.ReportFact
		err := r.Scan(&x.ID, &x.Number, &x.ReceivedAt)
		f.Reports = append(f.Reports, x)
		return err
	})
	if err != nil {
		return f, err
	}
	err = scan("cases", `SELECT id, number, status, updated_at FROM cases`, func(r *sql.Rows) error {
		var x retention.CaseFact
		var status string
		err := r.Scan(&x.ID, &x.Number, &status, &x.UpdatedAt)
		x.Ended = status == "closed" || status == "ended" || status == "converted_advice"
		f.Cases = append(f.Cases, x)
		return err
	})
	if err != nil {
		return f, err
	}
	// The date of birth is the registry person's when the mention gave
	// none: a child's age decides how long the file is kept.
	err = scan("mentions", `SELECT m.report_id, COALESCE(m.person_id, 0), m.role, m.birth_date, COALESCE(p.birth_date, ''),
			COALESCE(m.age, -1), r.received_at
		FROM mentions m JOIN reports r ON r.id = m.report_id LEFT JOIN persons p ON p.id = m.person_id`, func(r *sql.Rows) error {
		var x retention.MentionFact
		var role, birth, personBirth string
		if err := r.Scan(&x.ReportID, &x.PersonID, &role, &birth, &personBirth, &x.Age, &x.ReceivedAt); err != nil {
			return err
		}
		x.Child = reports.Role(role) == reports.RoleChild
		if birth == "" {
			birth = personBirth
		}
		if birth != "" {
			d, err := toren.ParseDate(birth)
			if err != nil {
				return fmt.Errorf("report %d: %w", x.ReportID, err)
			}
			x.Birth = d
		}
		f.Mentions = append(f.Mentions, x)
		return nil
	})
	if err != nil {
		return f, err
	}
	links := func(what, query string, dst *[]retention.Link) error {
		return scan(what, query, func(r *sql.Rows) error {
			var l retention.Link
			err := r.Scan(&l.A, &l.B)
			*dst = append(*dst, l)
			return err
		})
	}
	if err := links("case reports", `SELECT case_id, report_id FROM case_reports
		UNION SELECT case_id, report_id FROM case_feedback`, &f.CaseReports); err != nil {
		return f, err
	}
	if err := links("case persons", `SELECT case_id, person_id FROM case_contacts WHERE person_id IS NOT NULL`, &f.CasePersons); err != nil {
		return f, err
	}
	if err := links("merges", `SELECT survivor_id, absorbed_id FROM merges`, &f.Merges); err != nil {
		return f, err
	}
	if f.Holds, err = db.Holds(ctx); err != nil {
		return f, err
	}
	return f, nil
}

// Holds returns the legal holds in force.
func (db *DB) Holds(ctx context.Context) ([]retention.Hold, error) {
	rows, err := db.reader().rows(ctx, `SELECT id, kind, object_id, reason, placed_by, placed_at FROM legal_holds WHERE lifted_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: legal holds: %w", err)
	}
	defer rows.Close()
	out := []retention.Hold{}
	for rows.Next() {
		var h retention.Hold
		var kind string
		if err := rows.Scan(&h.ID, &kind, &h.ObjectID, &h.Reason, &h.PlacedBy, &h.PlacedAt); err != nil {
			return nil, fmt.Errorf("store: legal holds: %w", err)
		}
		h.Kind, h.PlacedAt = retention.HoldKind(kind), h.PlacedAt.UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}

// PlaceHold stores a legal hold with its audit entry. The case or person
// must exist.
func (db *DB) PlaceHold(ctx context.Context, h retention.Hold, entry audit.Entry) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tq txQ) error {
		table := map[retention.HoldKind]string{retention.HoldCase: "cases", retention.HoldPerson: "persons"}[h.Kind]
		if table == "" {
			return toren.Errorf(toren.CodeInvalid, "kind: must be case or person")
		}
		var n int
		if err := tq.row(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = ?`, h.ObjectID).Scan(&n); err != nil {
			return fmt.Errorf("store: hold on %s %d: %w", h.Kind, h.ObjectID, err)
		}
		if n == 0 {
			return notFound(string(h.Kind), h.ObjectID)
		}
		var err error
		id, err = tq.insert(ctx, `INSERT INTO legal_holds (kind, object_id, reason, placed_by, placed_at) VALUES (?,?,?,?,?)`,
			string(h.Kind), h.ObjectID, h.Reason, h.PlacedBy, h.PlacedAt.UTC())
		if err != nil {
			return fmt.Errorf("store: place hold: %w", err)
		}
		entry.Reason = "hold " + strconv.FormatInt(id, 10)
		return db.appendAuditTx(ctx, tq, entry)
	})
	return id, err
}

// LiftHold ends hold id, with its audit entry.
func (db *DB) LiftHold(ctx context.Context, id int64, reason string, entry audit.Entry) error {
	return db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE legal_holds SET lifted_at = ?, lifted_by = ?, lifted_reason = ? WHERE id = ? AND lifted_at IS NULL`,
			entry.At.UTC(), entry.ActorName, reason, id)
		if err != nil {
			return fmt.Errorf("store: lift hold %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("legal hold in force", id)
		}
		return db.appendAuditTx(ctx, tq, entry)
	})
}

// DestroyedPersonsAfter returns the registry persons destroyed after
// tombstone record after, in order, at most limit, with the newest record
// read: how a server's radar forgets what a run on another process
// destroyed.
func (db *DB) DestroyedPersonsAfter(ctx context.Context, after int64, limit int) (ids []int64, newest int64, err error) {
	rows, err := db.reader().rows(ctx, `SELECT id, ref FROM destroyed_records WHERE id > ? AND kind = 'person' ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, after, fmt.Errorf("store: destroyed persons: %w", err)
	}
	defer rows.Close()
	newest = after
	for rows.Next() {
		var ref string
		if err := rows.Scan(&newest, &ref); err != nil {
			return nil, after, fmt.Errorf("store: destroyed persons: %w", err)
		}
		id, err := strconv.ParseInt(ref, 10, 64)
		if err != nil {
			return nil, after, fmt.Errorf("store: destroyed person %q: %w", ref, err)
		}
		ids = append(ids, id)
	}
	return ids, newest, rows.Err()
}

// DestroyFiles destroys the files in one transaction. Each file is checked
// again inside it: a file that got a new report, case link or legal hold
// since the plan, or a case that is no longer ended, is left alone. On
// SQLite a file holding the newest row of persons, reports or cases waits
// for a newer row: SQLite gives the highest ID again once it is deleted,
// and a number in the audit log must never name two persons.
func (db *DB) DestroyFiles(ctx context.Context, files []retention.File, rule retention.Rule, at time.Time,
	entry func(int64, retention.File) audit.Entry) ([]retention.Tombstone, []retention.Skipped, error) {
	at = at.UTC().Truncate(time.Microsecond)
	var done []retention.Tombstone
	var skipped []retention.Skipped
	err := db.inTx(ctx, func(tq txQ) error {
		done, skipped = nil, nil
		var entries []audit.Entry
		for _, f := range files {
			why, err := db.fileChanged(ctx, tq, f)
			if err != nil {
				return err
			}
			if why != "" {
				skipped = append(skipped, retention.Skipped{File: f, Reason: why})
				continue
			}
			if err := db.destroyFile(ctx, tq, f); err != nil {
				return err
			}
			t := retention.Tombstone{DestroyedAt: at, Rule: rule.Name, Due: f.Due.String(), Persons: len(f.Persons), Reports: len(f.Reports), Cases: len(f.Cases)}
			if t.ID, err = tq.insert(ctx, `INSERT INTO destroyed_files (destroyed_at, rule, due_on, persons, reports, cases) VALUES (?,?,?,?,?,?)`,
				at, t.Rule, t.Due, t.Persons, t.Reports, t.Cases); err != nil {
				return fmt.Errorf("store: tombstone: %w", err)
			}
			recs := func(kind string, refs []string) error {
				for _, ref := range refs {
					if _, err := tq.exec(ctx, `INSERT INTO destroyed_records (file_id, kind, ref) VALUES (?,?,?)`, t.ID, kind, ref); err != nil {
						return fmt.Errorf("store: tombstone record: %w", err)
					}
				}
				return nil
			}
			personRefs := make([]string, len(f.Persons))
			for i, id := range f.Persons {
				personRefs[i] = strconv.FormatInt(id, 10)
			}
			if err := errors.Join(recs("person", personRefs), recs("report", f.ReportNumbers), recs("case", f.CaseNumbers)); err != nil {
				return err
			}
			done = append(done, t)
			entries = append(entries, entry(t.ID, f))
		}
		if len(entries) == 0 {
			return nil
		}
		return db.appendAuditTx(ctx, tq, entries...)
	})
	if err != nil {
		return nil, nil, err
	}
	return done, skipped, nil
}

// fileChanged says why f may not be destroyed now, or "".
func (db *DB) fileChanged(ctx context.Context, tq txQ, f retention.File) (string, error) {
	count := func(query string, ids []int64, extra ...any) (int, error) {
		total := 0
		for part := range slices.Chunk(ids, maxIn) {
			in, args := inList(part)
			var n int
			if err := tq.row(ctx, fmt.Sprintf(query, in), append(extra, args...)...).Scan(&n); err != nil {
				return 0, fmt.Errorf("store: check file before destruction: %w", err)
			}
			total += n
		}
		return total, nil
	}
	checks := []struct {
		query string
		ids   []int64
		extra []any
		why   string
	}{
		{`SELECT COUNT(*) FROM legal_holds WHERE lifted_at IS NULL AND kind = ? AND object_id IN %s`, f.Cases, []any{"case"}, retention.SkipCaseHeld},
		{`SELECT COUNT(*) FROM legal_holds WHERE lifted_at IS NULL AND kind = ? AND object_id IN %s`, f.Persons, []any{"person"}, retention.SkipPersonHeld},
		{`SELECT COUNT(*) FROM cases WHERE status NOT IN ('closed', 'ended', 'converted_advice') AND id IN %s`, f.Cases, nil, retention.SkipCaseOpen},
	}
	for _, c := range checks {
		n, err := count(c.query, c.ids, c.extra...)
		if err != nil {
			return "", err
		}
		if n > 0 {
			return c.why, nil
		}
	}
	// Everything linked to the file's persons and reports must be in the
	// file: else a newer report or case joined it since the plan.
	within := func(query string, ids []int64, inFile []int64) (bool, error) {
		for part := range slices.Chunk(ids, maxIn) {
			in, args := inList(part)
			got, err := db.idsIn(ctx, tq, fmt.Sprintf(query, in), args...)
			if err != nil {
				return false, fmt.Errorf("store: check file before destruction: %w", err)
			}
			for _, id := range got {
				if _, ok := slices.BinarySearch(inFile, id); !ok {
					return false, nil
				}
			}
		}
		return true, nil
	}
	for _, c := range []struct {
		query        string
		ids, in      []int64
		whyNotInFile string
	}{
		{`SELECT report_id FROM mentions WHERE person_id IN %s`, f.Persons, f.Reports, retention.SkipNewReport},
		{`SELECT case_id FROM case_reports WHERE report_id IN %s`, f.Reports, f.Cases, retention.SkipNewCase},
		{`SELECT case_id FROM case_contacts WHERE person_id IN %s`, f.Persons, f.Cases, retention.SkipNewContact},
	} {
		ok, err := within(c.query, c.ids, c.in)
		if err != nil {
			return "", err
		}
		if !ok {
			return c.whyNotInFile, nil
		}
	}
	if db.dialect == SQLite {
		for _, t := range []struct {
			table string
			ids   []int64
		}{{"persons", f.Persons}, {"reports", f.Reports}, {"cases", f.Cases}} {
			if len(t.ids) == 0 {
				continue
			}
			var top sql.NullInt64
			if err := tq.row(ctx, `SELECT MAX(id) FROM `+t.table).Scan(&top); err != nil {
				return "", fmt.Errorf("store: check file before destruction: %w", err)
			}
			if top.Valid && slices.Contains(t.ids, top.Int64) {
				return retention.SkipNewestRowOf + t.table + ", whose number SQLite would give again; it goes in a later run", nil
			}
		}
	}
	return "", nil
}

// destroyFile deletes every row of the file: the cases with everything
// recorded in them, the reports with their mentions, the registry persons
// with their search keys, and what points at them (alerts, review items,
// merges, break-glass grants, lifted holds). The audit log is left as it
// is: it names numbers, and is kept for its own term (docs/operations.md).
func (db *DB) destroyFile(ctx context.Context, tq txQ, f retention.File) error {
	del := func(query string, ids []int64) error {
		for part := range slices.Chunk(ids, maxIn) {
			in, args := inList(part)
			q := strings.ReplaceAll(query, "%s", in)
			// The list appears as often as %s does.
			var all []any
			for range strings.Count(query, "%s") {
				all = append(all, args...)
			}
			if _, err := tq.exec(ctx, q, all...); err != nil {
				return fmt.Errorf("store: destroy (%s): %w", strings.Fields(query)[2], err)
			}
		}
		return nil
	}
	C, R, P := f.Cases, f.Reports, f.Persons
	steps := []struct {
		query string
		ids   []int64
	}{
		{`DELETE FROM case_condition_checks WHERE moment_id IN (SELECT id FROM case_monitoring WHERE case_id IN %s)
			OR condition_id IN (SELECT id FROM case_conditions WHERE case_id IN %s)`, C},
		{`DELETE FROM case_monitoring WHERE case_id IN %s`, C},
		{`DELETE FROM case_handover_conditions WHERE handover_id IN (SELECT id FROM case_handovers WHERE case_id IN %s)`, C},
		{`DELETE FROM case_handovers WHERE case_id IN %s`, C},
		{`DELETE FROM case_conditions WHERE case_id IN %s`, C},
		{`DELETE FROM case_agreements WHERE case_id IN %s`, C},
		{`DELETE FROM case_informants WHERE case_id IN %s`, C},
		{`DELETE FROM case_contacts WHERE case_id IN %s`, C},
		{`DELETE FROM case_contacts WHERE person_id IN %s`, P},
		{`DELETE FROM case_phases WHERE case_id IN %s`, C},
		{`DELETE FROM case_feedback WHERE case_id IN %s`, C},
		{`DELETE FROM case_feedback WHERE report_id IN %s`, R},
		{`DELETE FROM case_letters WHERE case_id IN %s`, C},
		{`DELETE FROM case_police_reports WHERE case_id IN %s`, C},
		{`DELETE FROM case_signals WHERE case_id IN %s`, C},
		{`DELETE FROM case_transitions WHERE case_id IN %s`, C},
		{`DELETE FROM case_decisions WHERE case_id IN %s`, C},
		{`DELETE FROM case_assignments WHERE case_id IN %s`, C},
		{`DELETE FROM letters WHERE case_id IN %s`, C},
		{`DELETE FROM alerts WHERE case_id IN %s`, C},
		{`DELETE FROM alerts WHERE report_id IN %s`, R},
		{`DELETE FROM alerts WHERE person_id IN %s`, P},
		{`DELETE FROM case_reports WHERE case_id IN %s`, C},
		{`DELETE FROM case_reports WHERE report_id IN %s`, R},
		{`DELETE FROM break_glass_grants WHERE object_kind = 'case' AND object_id IN %s`, C},
		{`DELETE FROM break_glass_grants WHERE object_kind = 'report' AND object_id IN %s`, R},
		{`DELETE FROM break_glass_grants WHERE object_kind = 'person' AND object_id IN %s`, P},
		{`DELETE FROM legal_holds WHERE kind = 'case' AND object_id IN %s`, C},
		{`DELETE FROM legal_holds WHERE kind = 'person' AND object_id IN %s`, P},
		{`DELETE FROM review_items WHERE mention_id IN (SELECT id FROM mentions WHERE report_id IN %s)`, R},
		{`DELETE FROM review_items WHERE person_id IN %s OR new_person_id IN %s`, P},
		{`DELETE FROM merge_moves WHERE merge_id IN (SELECT id FROM merges WHERE survivor_id IN %s OR absorbed_id IN %s)`, P},
		{`DELETE FROM merges WHERE survivor_id IN %s OR absorbed_id IN %s`, P},
		{`DELETE FROM mentions WHERE report_id IN %s`, R},
		{`DELETE FROM reports WHERE id IN %s`, R},
		// An Interventieteam case made from a destroyed case holds the
		// family's plan and evaluations: it goes with the case.
		{`DELETE FROM it_mics WHERE it_case_id IN (SELECT id FROM it_cases WHERE case_id IN %s)`, C},
		{`DELETE FROM it_cases WHERE case_id IN %s`, C},
		{`DELETE FROM cases WHERE id IN %s`, C},
		{`DELETE FROM rectifications WHERE person_id IN %s`, P},
		{`DELETE FROM person_search_keys WHERE person_id IN %s`, P},
		{`DELETE FROM persons WHERE id IN %s`, P},
		// The change feed names the persons by number only; the servers
		// have dropped them from their index by the tombstones.
		{`DELETE FROM registry_changes WHERE person_id IN %s`, P},
	}
	for _, s := range steps {
		if err := del(s.query, s.ids); err != nil {
			return err
		}
	}
	return nil
}
