package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"toren/internal/cases"
	"toren/internal/escalate"
	"toren/internal/history"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// signalHistory builds the signal of a stored report and its history: the
// earlier reports naming its persons or their households, and the cases of
// its persons. It reads through q, so inside a transaction it sees the
// reports stored earlier in the same batch.
//
// It runs for every report stored, imports included, so it keeps to few
// statements: the persons with their mention counts; when any of them was
// named before, one query for their earlier reports, the persons named
// with them and their cases; one per address for the persons living
// there; and, when the household has members, one for the members'
// reports. A report about persons all new to the registry (a first
// report) costs the first and the address queries only.
//
// reviews says whether r's mentions may have review items; false spares
// the query (intake knows: a new report's mentions have review items only
// when its transaction made them).
func (db *DB) signalHistory(ctx context.Context, q querier, r *reports.Report, reviews bool) (escalate.Signal, escalate.History, error) {
	s := escalate.Signal{ReportID: r.ID, Number: r.Number, Kind: r.Kind, Acute: r.Acute, ReceivedAt: r.ReceivedAt,
		Reporter: escalate.Reporter{Kind: r.Reporter.Kind, Organisation: r.Reporter.Organisation, Name: r.Reporter.Name}}
	var ids []int64
	named := map[int64]int{} // mentions of each person in this report
	for _, m := range r.Persons {
		if m.PersonID == 0 {
			continue
		}
		named[m.PersonID]++
		if named[m.PersonID] == 1 {
			ids = append(ids, m.PersonID)
			s.Persons = append(s.Persons, escalate.Person{ID: m.PersonID, Role: m.Role, BirthDate: m.BirthDate, Age: m.Age})
		}
	}
	var h escalate.History
	if len(ids) == 0 {
		return s, h, nil
	}
	// In a batched transaction (PostgreSQL) the earlier signals go in the
	// first read's round trip, read whether needed or not.
	var early []signalRow
	tq, ahead := q.(txQ)
	ahead = ahead && tq.deferring()
	if ahead {
		if err := earlierSignalsAhead(ctx, tq, r.ID, ids, &early); err != nil {
			return s, h, fmt.Errorf("store: earlier signals: %w", err)
		}
	}
	own, before, addresses, err := db.personsWithMentions(ctx, q, ids, r.ID)
	if err != nil {
		return s, h, err
	}
	known := false
	for i := range s.Persons {
		p := &s.Persons[i]
		if p.BirthDate.IsZero() && p.Age == nil {
			p.BirthDate = own[p.ID].BirthDate
		}
		known = known || before[p.ID]
	}
	hs := history.NewHouseholdSet(ids)
	at := map[int64]int{} // report ID -> index in h.Reports
	if known {
		if ahead {
			applySignalRows(early, hs, &h, at)
		} else if err := db.earlierSignals(ctx, q, r.ID, ids, hs, &h, at); err != nil {
			return s, h, err
		}
		if err := db.closeTimes(ctx, q, h.Cases); err != nil {
			return s, h, err
		}
	}
	if err := db.sharedAddresses(ctx, q, ids, own, addresses, hs); err != nil {
		return s, h, err
	}
	if len(hs.Members()) > 0 {
		theirs, err := db.earlierReports(ctx, q, r.ID, nil, hs.Members())
		if err != nil {
			return s, h, err
		}
		for _, e := range theirs {
			if i, ok := at[e.ReportID]; ok {
				h.Reports[i].HouseholdIDs = appendNew(h.Reports[i].HouseholdIDs, e.HouseholdIDs...)
				continue
			}
			at[e.ReportID] = len(h.Reports)
			h.Reports = append(h.Reports, e)
		}
		slices.SortStableFunc(h.Reports, func(a, b escalate.EarlierReport) int {
			if c := b.ReceivedAt.Compare(a.ReceivedAt); c != 0 {
				return c
			}
			return int(b.ReportID - a.ReportID)
		})
	}
	if !reviews {
		return s, h, nil
	}
	if err := db.reviewCandidates(ctx, q, r.ID, &s, &h); err != nil {
		return s, h, err
	}
	return s, h, nil
}

// personsWithMentions returns what the rules need of the registry rows
// of ids (date of birth and address, nothing else: this runs for every
// report) and which of them a report other than exclude names. It reads
// one index entry per person, however long their history. On PostgreSQL
// the same statement also returns the persons registered at each of
// their addresses (personsAt, keyed by addressKey), which spares
// sharedAddresses a round trip per address; on SQLite addresses is nil.
func (db *DB) personsWithMentions(ctx context.Context, q querier, ids []int64, exclude int64) (own map[int64]persons.Person, before map[int64]bool, addresses map[string][]int64, err error) {
	in, args := inList(ids)
	query := `SELECT id, birth_date, postcode, house_number,
		EXISTS (SELECT 1 FROM mentions m WHERE m.person_id = persons.id AND m.report_id <> ?), ''
		FROM persons WHERE id IN ` + in
	if db.dialect == Postgres {
		addresses = map[string][]int64{}
		// personsAt's query once per distinct address of the persons.
		query = `WITH own AS (SELECT id, birth_date, postcode, house_number,
			EXISTS (SELECT 1 FROM mentions m WHERE m.person_id = persons.id AND m.report_id <> ?) AS named
			FROM persons WHERE id IN ` + in + `),
		addr AS (SELECT postcode, house_number, (SELECT string_agg(a.id::text, ',') FROM (SELECT id FROM persons a
				WHERE a.postcode = d.postcode AND a.house_number = d.house_number AND a.postcode <> ''
				ORDER BY a.id LIMIT ` + fmt.Sprint(history.MaxAtAddress+1) + `) a) AS at
			FROM (SELECT DISTINCT postcode, house_number FROM own WHERE postcode <> '' AND house_number <> '') d)
		SELECT own.id, own.birth_date, own.postcode, own.house_number, own.named, COALESCE(addr.at, '')
		FROM own LEFT JOIN addr ON addr.postcode = own.postcode AND addr.house_number = own.house_number`
	}
	own, before = map[int64]persons.Person{}, map[int64]bool{}
	// The first read of a report's history: in a batched transaction it
	// carries the report's deferred writes (queryEach).
	err = queryEach(ctx, q, func(s scanner) error {
		var p persons.Person
		var birth, at string
		var named bool
		if err := s.Scan(&p.ID, &birth, &p.Postcode, &p.HouseNumber, &named, &at); err != nil {
			return err
		}
		var err error
		if p.BirthDate, err = toren.ParseDate(birth); err != nil {
			return fmt.Errorf("person %d: %w", p.ID, err)
		}
		own[p.ID], before[p.ID] = p, named
		if addresses != nil && p.Postcode != "" && p.HouseNumber != "" {
			if addresses[addressKey(p.Postcode, p.HouseNumber)], err = splitIDs(at); err != nil {
				return fmt.Errorf("persons at the address of person %d: %w", p.ID, err)
			}
		}
		return nil
	}, query, append([]any{exclude}, args...)...)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("store: signal persons: %w", err)
	}
	return own, before, addresses, nil
}

// recentMentions returns a query for the mentions (report_id, person_id,
// role) of each of ids in reports other than exclude, at most
// maxHistoryRows per person, newest received first: one range of the
// index mentions_person_received per person, so the rows read do not
// grow with a person's history. The list is padded like inList (with -1,
// no person) so that the statement is prepared once per length.
func recentMentions(ids []int64, exclude int64) (string, []any) {
	if len(ids) > maxIn {
		ids = ids[:maxIn]
	}
	n := inBuckets[len(inBuckets)-1]
	for _, b := range inBuckets {
		if b >= len(ids) {
			n = b
			break
		}
	}
	parts := make([]string, n)
	args := make([]any, 0, 2*n)
	for i := range n {
		id := int64(-1)
		if i < len(ids) {
			id = ids[i]
		}
		parts[i] = fmt.Sprintf(`SELECT * FROM (SELECT report_id, person_id, role FROM mentions
			WHERE person_id = ? AND report_id <> ? ORDER BY received_at DESC, report_id DESC LIMIT %d) p%d`, maxHistoryRows, i)
		args = append(args, id, exclude)
	}
	return strings.Join(parts, " UNION ALL "), args
}

// earlierSignals reads, in one query, the reports other than exclude that
// name ids, the persons named with them (household members by report),
// and the cases of those reports, into h, hs and at.
func (db *DB) earlierSignals(ctx context.Context, q querier, exclude int64, ids []int64, hs *history.HouseholdSet, h *escalate.History, at map[int64]int) error {
	query, args := earlierSignalsQuery(ids, exclude)
	var got []signalRow
	err := eachRow(ctx, q, func(s scanner) error {
		row, err := scanSignalRow(s)
		got = append(got, row)
		return err
	}, query, args)
	if err != nil {
		return fmt.Errorf("store: earlier signals: %w", err)
	}
	applySignalRows(got, hs, h, at)
	return nil
}

// earlierSignalsAhead queues earlierSignals's query on a batched
// transaction, to go in the same round trip as the first read of the
// report's history (personsWithMentions), which decides whether it is
// needed: a report naming a person known before otherwise waits a second
// round trip. The rows come to *got at that read.
func earlierSignalsAhead(ctx context.Context, tq txQ, exclude int64, ids []int64, got *[]signalRow) error {
	query, args := earlierSignalsQuery(ids, exclude)
	return tq.ahead(ctx, func(s scanner) error {
		row, err := scanSignalRow(s)
		*got = append(*got, row)
		return err
	}, query, args...)
}

// earlierSignalsQuery is earlierSignals's query.
func earlierSignalsQuery(ids []int64, exclude int64) (string, []any) {
	recent, args := recentMentions(ids, exclude)
	return `WITH m1 AS (` + recent + `)
		SELECT r.id, r.number, r.kind, r.received_at, r.reporter_kind, r.reporter_org, r.reporter_name,
		m1.person_id, m1.role, m2.person_id, m2.role,
		c.id, c.number, c.status, c.team, c.opened_at, c.updated_at
		FROM m1 JOIN reports r ON r.id = m1.report_id
		JOIN mentions m2 ON m2.report_id = m1.report_id
		LEFT JOIN case_reports cr ON cr.report_id = r.id LEFT JOIN cases c ON c.id = cr.case_id
		ORDER BY r.received_at DESC, r.id DESC LIMIT ` + fmt.Sprint(4*maxHistoryRows), args
}

// signalRow is one row of earlierSignals's query.
type signalRow struct {
	e                  escalate.EarlierReport
	pid                int64
	role, otherRole    reports.Role
	other, caseID      sql.NullInt64
	caseNumber, status sql.NullString
	team               sql.NullString
	opened, updated    sql.NullTime
}

func scanSignalRow(s scanner) (signalRow, error) {
	var w signalRow
	e := &w.e
	err := s.Scan(&e.ReportID, &e.Number, &e.Kind, &e.ReceivedAt, &e.Reporter.Kind, &e.Reporter.Organisation, &e.Reporter.Name,
		&w.pid, &w.role, &w.other, &w.otherRole, &w.caseID, &w.caseNumber, &w.status, &w.team, &w.opened, &w.updated)
	return w, err
}

// applySignalRows adds earlierSignals's rows to h, hs and at.
func applySignalRows(rows []signalRow, hs *history.HouseholdSet, h *escalate.History, at map[int64]int) {
	caseAt := map[int64]int{}
	for _, w := range rows {
		e := w.e
		i, ok := at[e.ReportID]
		if !ok {
			e.ReceivedAt = e.ReceivedAt.UTC()
			i = len(h.Reports)
			at[e.ReportID] = i
			h.Reports = append(h.Reports, e)
		}
		h.Reports[i].PersonIDs = appendNew(h.Reports[i].PersonIDs, w.pid)
		if w.other.Valid && history.SameHousehold(w.role, w.otherRole) {
			hs.Add(w.other.Int64, history.Link{Kind: history.LinkReport, ReportID: e.ReportID, ReportNumber: e.Number})
		}
		if !w.caseID.Valid {
			continue
		}
		j, ok := caseAt[w.caseID.Int64]
		if !ok {
			c := escalate.Case{ID: w.caseID.Int64, Number: w.caseNumber.String, Status: cases.Status(w.status.String), Team: w.team.String,
				OpenedAt: w.opened.Time.UTC()}
			c.ClosedAt = closedAt(c.Status, w.updated.Time)
			j = len(h.Cases)
			caseAt[c.ID] = j
			h.Cases = append(h.Cases, c)
		}
		h.Cases[j].PersonIDs = appendNew(h.Cases[j].PersonIDs, w.pid)
	}
}

// appendNew appends the ids not in list yet.
func appendNew(list []int64, ids ...int64) []int64 {
	for _, id := range ids {
		if !slices.Contains(list, id) {
			list = append(list, id)
		}
	}
	return list
}
