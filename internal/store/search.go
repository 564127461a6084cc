package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"toren/internal/authz"
	"toren/internal/persons"
	"toren/internal/search"
	"toren/internal/toren"
)

// maxSearchLimit bounds how many hits one search returns.
const maxSearchLimit = 200

// SearchPersons finds registry persons for q, best first (search.Rank):
// at most q.Limit hits, with More set when there were more. The hits are
// not filtered by need-to-know: Full is false on every hit, and package
// access decides what the user may see.
func (db *DB) SearchPersons(ctx context.Context, q search.Query) (search.Result, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = search.DefaultLimit
	}
	limit = min(limit, maxSearchLimit)
	res := search.Result{Query: q}
	var hits []search.Hit
	var err error
	switch q.Kind {
	case search.KindBSN:
		hits, err = db.personsWhere(ctx, "p.bsn = ? AND p.bsn <> ''", []any{q.BSN}, search.MatchBSN, limit+1)
	case search.KindName:
		hits, err = db.searchName(ctx, q, limit+1)
		if err == nil && len(hits) == 0 && q.Swapped != nil {
			alt := *q.Swapped
			alt.BirthDate, alt.Postcode, alt.HouseNumber = q.BirthDate, q.Postcode, q.HouseNumber
			hits, err = db.searchName(ctx, alt, limit+1)
		}
	case search.KindPostcode:
		// A postcode holds few persons: read them all (up to a bound) and
		// filter the house number here, where "12" may match "12A".
		where, args := filters(search.Query{BirthDate: q.BirthDate})
		hits, err = db.personsWhere(ctx, "p.postcode = ? AND p.postcode <> ''"+where, append([]any{q.Postcode}, args...), search.MatchOther, 1000)
	case search.KindBirthDate:
		hits, err = db.personsWhere(ctx, "p.birth_date = ? AND p.birth_date <> ''", []any{q.BirthDate.String()}, search.MatchOther, limit+1)
	default:
		return res, toren.Errorf(toren.CodeInvalid, "a %q search finds no persons", q.Kind)
	}
	if err != nil {
		return res, fmt.Errorf("store: search persons: %w", err)
	}
	if q.HouseNumber != "" {
		kept := hits[:0]
		for _, h := range hits {
			if houseAgrees(q.HouseNumber, h.Person.HouseNumber) {
				kept = append(kept, h)
			}
		}
		hits = kept
	}
	search.Rank(q, hits)
	if len(hits) > limit {
		res.More = true
		hits = hits[:limit]
	}
	if err := db.countMentions(ctx, hits); err != nil {
		return res, err
	}
	res.Hits = hits
	return res, nil
}

// houseAgrees reports whether a stored house number is the one typed:
// the same, or the typed number with an addition ("12" finds "12A" and
// "12-2", not "120").
func houseAgrees(typed, stored string) bool {
	if !strings.HasPrefix(stored, typed) {
		return false
	}
	rest := stored[len(typed):]
	return rest == "" || rest[0] < '0' || rest[0] > '9'
}

// filters returns the SQL conditions (each starting with " AND ") on
// persons p for the criteria besides the name. The "<> ”" terms let
// SQLite use the partial indexes on those columns.
func filters(q search.Query) (string, []any) {
	var b strings.Builder
	var args []any
	if !q.BirthDate.IsZero() {
		b.WriteString(" AND p.birth_date = ? AND p.birth_date <> ''")
		args = append(args, q.BirthDate.String())
	}
	if q.Postcode != "" {
		b.WriteString(" AND p.postcode = ? AND p.postcode <> ''")
		args = append(args, q.Postcode)
	}
	return b.String(), args
}

// givenFilter returns the condition on the name index's given key that
// search.GivenAgrees describes: an unknown given name, the typed name or
// one that starts with it, or for a typed name its initial.
func givenFilter(given string) (string, []any) {
	switch n := utf8.RuneCountInString(given); {
	case n == 0:
		return "", nil
	case n == 1:
		return " AND (k.given = '' OR (k.given >= ? AND k.given < ?))", []any{given, given + maxRune}
	default:
		first, _ := utf8.DecodeRuneInString(given)
		return " AND (k.given = '' OR k.given = ? OR (k.given >= ? AND k.given < ?))", []any{string(first), given, given + maxRune}
	}
}

// maxRune sorts after every character bytewise (SQLite BINARY, and
// PostgreSQL COLLATE "C" on the key columns).
const maxRune = "\U0010FFFF"

// searchName reads the candidates of a name query in three tiers, as far
// as needed to fill want: the same surname, a surname that sounds the
// same, a surname that starts with the typed one.
func (db *DB) searchName(ctx context.Context, q search.Query, want int) ([]search.Hit, error) {
	given, gargs := givenFilter(q.Given)
	extra, fargs := filters(q)
	cond := given + extra
	cargs := append(gargs, fargs...)
	// A date of birth or postcode selects a few dozen persons, a common
	// surname thousands: then the persons come first and their name keys
	// are checked, instead of the other way round.
	personsFirst := extra != ""
	seen := map[int64]bool{}
	var hits []search.Hit
	tier := func(where string, args []any, order string, m search.Match) error {
		if len(hits) >= want {
			return nil
		}
		found, err := db.personsByKey(ctx, personsFirst, where+cond, append(args, cargs...), order, m, want)
		if err != nil {
			return err
		}
		for _, h := range found {
			if !seen[h.Person.ID] {
				seen[h.Person.ID] = true
				hits = append(hits, h)
			}
		}
		return nil
	}
	if err := tier("k.phon = ? AND k.surname = ?", []any{q.Phon, q.Surname}, "k.given, k.person_id", search.MatchExact); err != nil {
		return nil, err
	}
	if err := tier("k.phon = ? AND k.surname <> ?", []any{q.Phon, q.Surname}, "k.surname, k.given, k.person_id", search.MatchPhonetic); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(q.Surname) >= 3 {
		if err := tier("k.surname > ? AND k.surname < ?", []any{q.Surname, q.Surname + maxRune}, "k.surname, k.given, k.person_id", search.MatchPrefix); err != nil {
			return nil, err
		}
	}
	return hits, nil
}

func (db *DB) personsByKey(ctx context.Context, personsFirst bool, where string, args []any, order string, m search.Match, limit int) ([]search.Hit, error) {
	// CROSS JOIN fixes the join order in SQLite (PostgreSQL plans it
	// itself, from its statistics).
	from := `person_search_keys k CROSS JOIN persons p`
	if personsFirst {
		from = `persons p CROSS JOIN person_search_keys k`
	}
	return db.scanHits(ctx, `SELECT `+prefixed("p.", personColumns)+` FROM `+from+`
		WHERE k.person_id = p.id AND `+where+` ORDER BY `+order+` LIMIT ?`, append(args, limit), m)
}

func (db *DB) personsWhere(ctx context.Context, where string, args []any, m search.Match, limit int) ([]search.Hit, error) {
	return db.scanHits(ctx, `SELECT `+prefixed("p.", personColumns)+` FROM persons p WHERE `+where+` ORDER BY p.id LIMIT ?`, append(args, limit), m)
}

func (db *DB) scanHits(ctx context.Context, query string, args []any, m search.Match) ([]search.Hit, error) {
	rows, err := db.reader().rows(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []search.Hit
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, search.Hit{Person: p, Match: m})
	}
	return out, rows.Err()
}

// idChunk is the number of IDs an IN list takes. Lists are padded to it,
// so that each query has one text and one prepared statement.
const idChunk = 64

// chunks calls fn with IN-list placeholders and arguments for ids, in
// chunks of idChunk padded with 0 (no row has ID 0).
func chunks(ids []int64, fn func(in string, args []any) error) error {
	in := strings.TrimSuffix(strings.Repeat("?,", idChunk), ",")
	for len(ids) > 0 {
		n := min(len(ids), idChunk)
		args := make([]any, idChunk)
		for i := range args {
			args[i] = int64(0)
			if i < n {
				args[i] = ids[i]
			}
		}
		if err := fn(in, args); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// countMentions sets Person.Mentions on each hit.
func (db *DB) countMentions(ctx context.Context, hits []search.Hit) error {
	ids := make([]int64, len(hits))
	at := map[int64]int{}
	for i, h := range hits {
		ids[i] = h.Person.ID
		at[h.Person.ID] = i
	}
	err := chunks(ids, func(in string, args []any) error {
		rows, err := db.reader().rows(ctx, `SELECT person_id, COUNT(*) FROM mentions WHERE person_id IN (`+in+`) GROUP BY person_id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			hits[at[id]].Person.Mentions = n
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("store: count mentions of search hits: %w", err)
	}
	return nil
}

// PersonsFacts returns the facts of many persons in two queries, for a
// list of search hits. Persons without a case or triage report are absent.
func (db *DB) PersonsFacts(ctx context.Context, ids []int64) (map[int64]persons.Facts, error) {
	out := map[int64]persons.Facts{}
	err := chunks(ids, func(in string, args []any) error {
		rows, err := db.reader().rows(ctx, `SELECT DISTINCT m.person_id, c.team FROM cases c
			JOIN case_reports cr ON cr.case_id = c.id
			JOIN mentions m ON m.report_id = cr.report_id
			WHERE m.person_id IN (`+in+`) AND c.team <> '' AND c.status NOT IN ('closed', 'ended', 'converted_advice')
			ORDER BY m.person_id, c.team`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var team string
			if err := rows.Scan(&id, &team); err != nil {
				return err
			}
			f := out[id]
			f.Teams = append(f.Teams, team)
			out[id] = f
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		rows, err = db.reader().rows(ctx, `SELECT DISTINCT m.person_id FROM mentions m
			WHERE m.person_id IN (`+in+`) AND NOT EXISTS (SELECT 1 FROM case_reports cr WHERE cr.report_id = m.report_id)`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			f := out[id]
			f.InTriage = true
			out[id] = f
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		rows, err = db.reader().rows(ctx, `SELECT DISTINCT m.person_id FROM mentions m
			WHERE m.person_id IN (`+in+`) AND EXISTS (SELECT 1 FROM case_reports cr WHERE cr.report_id = m.report_id)`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			f := out[id]
			f.InCase = true
			out[id] = f
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: persons' access facts: %w", err)
	}
	return out, nil
}

// ActiveGrants returns the user's break-glass grants on objects of kind
// that have not expired at now, by object ID (the newest per object).
func (db *DB) ActiveGrants(ctx context.Context, userID int64, kind authz.Kind, now time.Time) (map[int64]*authz.Grant, error) {
	rows, err := db.reader().rows(ctx, `SELECT object_id, reason, issued_at, expires_at FROM break_glass_grants
		WHERE user_id = ? AND object_kind = ? AND expires_at > ? ORDER BY issued_at`, userID, string(kind), now.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: active grants: %w", err)
	}
	defer rows.Close()
	out := map[int64]*authz.Grant{}
	for rows.Next() {
		g := authz.Grant{UserID: userID, Object: authz.Ref{Kind: kind}}
		if err := rows.Scan(&g.Object.ID, &g.Reason, &g.IssuedAt, &g.ExpiresAt); err != nil {
			return nil, fmt.Errorf("store: active grants: %w", err)
		}
		g.IssuedAt, g.ExpiresAt = g.IssuedAt.UTC(), g.ExpiresAt.UTC()
		out[g.Object.ID] = &g
	}
	return out, rows.Err()
}

// LookupNumber returns the ID of the report or advice request
// (search.KindReportNumber) or case (search.KindCaseNumber) with that
// number; toren.CodeNotFound when there is none.
func (db *DB) LookupNumber(ctx context.Context, kind search.Kind, number string) (int64, error) {
	table := "reports"
	switch kind {
	case search.KindReportNumber:
	case search.KindCaseNumber:
		table = "cases"
	default:
		return 0, toren.Errorf(toren.CodeInvalid, "%q is not a kind of number", kind)
	}
	var id int64
	err := db.reader().row(ctx, `SELECT id FROM `+table+` WHERE number = ?`, number).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, toren.Errorf(toren.CodeNotFound, "no %s has number %s", strings.TrimSuffix(table, "s"), number)
	}
	if err != nil {
		return 0, fmt.Errorf("store: look up number %s: %w", number, err)
	}
	return id, nil
}

// writeSearchKeys replaces the person's rows in the name index.
func (db *DB) writeSearchKeys(ctx context.Context, tq txQ, p *persons.Person, replace bool) error {
	if replace {
		if err := tq.later(ctx, nil, `DELETE FROM person_search_keys WHERE person_id = ?`, p.ID); err != nil {
			return fmt.Errorf("search keys of person %d: %w", p.ID, err)
		}
	}
	var args []any
	for _, k := range search.PersonKeys(p.Particle, p.Surname, p.FirstNames, p.Initials) {
		args = append(args, k.Phon, k.Surname, k.Given, p.ID)
	}
	if err := insertRows(ctx, tq, `INSERT INTO person_search_keys (phon, surname, given, person_id) VALUES `, 4, args); err != nil {
		return fmt.Errorf("search keys of person %d: %w", p.ID, err)
	}
	return nil
}

// BackfillSearchKeys writes the name index of persons registered before
// the index existed (migration 00010), in batches, and returns how many
// persons it indexed. Once done it costs one query; Toren runs it at
// start-up.
func (db *DB) BackfillSearchKeys(ctx context.Context) (int, error) {
	var after int64
	var done bool
	if err := db.reader().row(ctx, `SELECT after_id, done FROM search_backfill WHERE id = 1`).Scan(&after, &done); err != nil {
		return 0, fmt.Errorf("store: search backfill: %w", err)
	}
	n := 0
	for !done {
		err := db.inTx(ctx, func(tq txQ) error {
			rows, err := tq.rows(ctx, `SELECT `+personColumns+` FROM persons WHERE id > ? ORDER BY id LIMIT 1000`, after)
			if err != nil {
				return err
			}
			var batch []persons.Person
			for rows.Next() {
				p, err := scanPerson(rows)
				if err != nil {
					rows.Close()
					return err
				}
				batch = append(batch, p)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for i := range batch {
				if err := db.writeSearchKeys(ctx, tq, &batch[i], true); err != nil {
					return err
				}
				after = batch[i].ID
			}
			done = len(batch) < 1000
			n += len(batch)
			_, err = tq.exec(ctx, `UPDATE search_backfill SET after_id = ?, done = ? WHERE id = 1`, after, done)
			return err
		})
		if err != nil {
			return n, fmt.Errorf("store: search backfill after person %d: %w", after, err)
		}
	}
	return n, nil
}
