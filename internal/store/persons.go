package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/search"
	"toren/internal/toren"
)

const personColumns = `id, first_names, initials, particle, surname, birth_date, sex, bsn,
	street, house_number, postcode, city, municipality, phone, created_at, updated_at, version`

func scanPerson(s scanner, extra ...any) (persons.Person, error) {
	var p persons.Person
	var birth string
	dest := append([]any{&p.ID, &p.FirstNames, &p.Initials, &p.Particle, &p.Surname, &birth, &p.Sex, &p.BSN,
		&p.Street, &p.HouseNumber, &p.Postcode, &p.City, &p.Municipality, &p.Phone, &p.CreatedAt, &p.UpdatedAt, &p.Version}, extra...)
	if err := s.Scan(dest...); err != nil {
		return p, err
	}
	var err error
	if p.BirthDate, err = toren.ParseDate(birth); err != nil {
		return p, fmt.Errorf("person %d: %w", p.ID, err)
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

const insertPersonSQL = `INSERT INTO persons (first_names, initials, particle, surname, surname_key, birth_date, sex, bsn,
		street, house_number, postcode, city, municipality, phone, created_at, updated_at, version)
		VALUES (?,?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?)`

func (db *DB) insertPerson(ctx context.Context, tq txQ, p *persons.Person) (int64, error) {
	p.Version = 1
	args := []any{p.FirstNames, p.Initials, p.Particle, p.Surname, persons.SurnameKey(p.Particle, p.Surname), p.BirthDate.String(), p.Sex, p.BSN,
		p.Street, p.HouseNumber, p.Postcode, p.City, p.Municipality, p.Phone, p.CreatedAt.UTC(), p.UpdatedAt.UTC(), p.Version}
	if db.dialect == Postgres {
		return db.insertPersonWithKeys(ctx, tq, p, args)
	}
	var err error
	p.ID, err = tq.insert(ctx, insertPersonSQL, args...)
	if err != nil {
		return 0, fmt.Errorf("insert person: %w", err)
	}
	if err := db.writeSearchKeys(ctx, tq, p, false); err != nil {
		return 0, err
	}
	return p.ID, nil
}

// insertPersonLater stores a new person whose ID is taken (p.ID) and its
// name index rows as one deferred write (txQ.later): a statement the
// database plans and runs is most of what a row costs it, and an import
// makes two new persons a report.
func (db *DB) insertPersonLater(ctx context.Context, tq txQ, p *persons.Person) error {
	p.Version = 1
	q := `INSERT INTO persons (id, first_names, initials, particle, surname, surname_key, birth_date, sex, bsn,
		street, house_number, postcode, city, municipality, phone, created_at, updated_at, version)
		OVERRIDING SYSTEM VALUE VALUES (?,?,?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?)`
	args := []any{p.ID, p.FirstNames, p.Initials, p.Particle, p.Surname, persons.SurnameKey(p.Particle, p.Surname), p.BirthDate.String(), p.Sex, p.BSN,
		p.Street, p.HouseNumber, p.Postcode, p.City, p.Municipality, p.Phone, p.CreatedAt.UTC(), p.UpdatedAt.UTC(), p.Version}
	if keys := search.PersonKeys(p.Particle, p.Surname, p.FirstNames, p.Initials); len(keys) > 0 {
		q = `WITH p AS (` + q + `) INSERT INTO person_search_keys (phon, surname, given, person_id) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?,?,?,?),", len(keys)), ",")
		for _, k := range keys {
			args = append(args, k.Phon, k.Surname, k.Given, p.ID)
		}
	}
	if err := tq.later(ctx, nil, q, args...); err != nil {
		return fmt.Errorf("insert person: %w", err)
	}
	return nil
}

// insertPersonWithKeys stores a new person and its name index rows in one
// statement (PostgreSQL): on PostgreSQL every statement is a round trip
// of the group writer, and a report makes three or four new persons.
func (db *DB) insertPersonWithKeys(ctx context.Context, tq txQ, p *persons.Person, args []any) (int64, error) {
	keys := search.PersonKeys(p.Particle, p.Surname, p.FirstNames, p.Initials)
	q := insertPersonSQL + " RETURNING id"
	if len(keys) > 0 {
		values := strings.TrimSuffix(strings.Repeat("(?::text, ?::text, ?::text),", len(keys)), ",")
		q = `WITH p AS (` + q + `), k AS (INSERT INTO person_search_keys (phon, surname, given, person_id)
			SELECT v.phon, v.surname, v.given, p.id FROM p CROSS JOIN (VALUES ` + values + `) AS v (phon, surname, given))
			SELECT id FROM p`
		for _, k := range keys {
			args = append(args, k.Phon, k.Surname, k.Given)
		}
	}
	if err := tq.row(ctx, q, args...).Scan(&p.ID); err != nil {
		return 0, fmt.Errorf("insert person: %w", err)
	}
	return p.ID, nil
}

// enrichPerson fills unknown fields of a linked person from a new mention
// and returns the person, changed or not. seen holds the persons this
// transaction already read (the resolver's candidates), so they need not
// be read again; it is kept up to date.
func (db *DB) enrichPerson(ctx context.Context, tq txQ, seen map[int64]persons.Person, id int64, m reports.Mention, now time.Time) (p persons.Person, changed bool, err error) {
	p, ok := seen[id]
	if !ok {
		// With the deferred writes, if any (txQ.each).
		err = tq.each(ctx, func(s scanner) error {
			var err error
			p, err = scanPerson(s)
			ok = err == nil
			return err
		}, `SELECT `+personColumns+` FROM persons WHERE id = ?`, id)
		if err == nil && !ok {
			return p, false, notFound("person", id)
		}
		if err != nil {
			return p, false, fmt.Errorf("load person %d: %w", id, err)
		}
	}
	if !p.Enrich(m) {
		seen[id] = p
		return p, false, nil
	}
	p.UpdatedAt = now
	if err := db.updatePerson(ctx, tq, &p); err != nil {
		return p, false, err
	}
	seen[id] = p
	return p, true, nil
}

const updatePersonSQL = `UPDATE persons SET first_names = ?, initials = ?, particle = ?, surname = ?, surname_key = ?,
		birth_date = ?, sex = ?, bsn = ?, street = ?, house_number = ?, postcode = ?, city = ?, municipality = ?, phone = ?,
		updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`

func (db *DB) updatePerson(ctx context.Context, tq txQ, p *persons.Person) error {
	if tq.deferring() {
		// The version check runs when the update is sent: a person changed
		// meanwhile fails the transaction then.
		id := p.ID
		err := tq.later(ctx, func(n int64) error {
			if n == 0 {
				return conflict("person", id)
			}
			return nil
		}, updatePersonSQL, p.FirstNames, p.Initials, p.Particle, p.Surname, persons.SurnameKey(p.Particle, p.Surname),
			p.BirthDate.String(), p.Sex, p.BSN, p.Street, p.HouseNumber, p.Postcode, p.City, p.Municipality, p.Phone,
			p.UpdatedAt.UTC(), p.ID, p.Version)
		if err != nil {
			return fmt.Errorf("update person %d: %w", p.ID, err)
		}
		p.Version++
		return db.writeSearchKeys(ctx, tq, p, true)
	}
	res, err := tq.exec(ctx, updatePersonSQL,
		p.FirstNames, p.Initials, p.Particle, p.Surname, persons.SurnameKey(p.Particle, p.Surname),
		p.BirthDate.String(), p.Sex, p.BSN, p.Street, p.HouseNumber, p.Postcode, p.City, p.Municipality, p.Phone,
		p.UpdatedAt.UTC(), p.ID, p.Version)
	if err != nil {
		return fmt.Errorf("update person %d: %w", p.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update person %d: %w", p.ID, err)
	}
	if n == 0 {
		var exists int
		if err := tq.row(ctx, (`SELECT 1 FROM persons WHERE id = ?`), p.ID).Scan(&exists); errors.Is(err, sql.ErrNoRows) {
			return notFound("person", p.ID)
		}
		return conflict("person", p.ID)
	}
	p.Version++
	return db.writeSearchKeys(ctx, tq, p, true)
}

// UpdatePerson stores a corrected registry person. p.Version must be the
// version that was read; when someone else changed the person since, it
// returns a toren.CodeConflict error and changes nothing.
func (db *DB) UpdatePerson(ctx context.Context, p *persons.Person) error {
	return db.inTx(ctx, func(tq txQ) error {
		return db.updatePerson(ctx, tq, p)
	})
}

// GetPerson returns one registry person with the number of mentions.
func (db *DB) GetPerson(ctx context.Context, id int64) (persons.Person, error) {
	var n int
	p, err := scanPerson(db.reader().row(ctx, (`SELECT `+personColumns+`,
		(SELECT COUNT(*) FROM mentions m WHERE m.person_id = persons.id) FROM persons WHERE id = ?`), id), &n)
	if errors.Is(err, sql.ErrNoRows) {
		return p, notFound("person", id)
	}
	if err != nil {
		return p, fmt.Errorf("store: get person %d: %w", id, err)
	}
	p.Mentions = n
	return p, nil
}

// ListPersons returns registry persons, newest first.
func (db *DB) ListPersons(ctx context.Context, f persons.Filter) ([]persons.Person, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	where, args := []string{"1=1"}, []any{}
	if k := persons.SurnameKey("", f.Surname); k != "" {
		where = append(where, "surname_key >= ? AND surname_key < ?")
		args = append(args, k, k+"\U0010FFFF")
	}
	if f.BeforeID > 0 {
		where = append(where, "id < ?")
		args = append(args, f.BeforeID)
	}
	args = append(args, f.Limit)
	rows, err := db.reader().rows(ctx, (`SELECT ` + personColumns + `,
		(SELECT COUNT(*) FROM mentions m WHERE m.person_id = persons.id)
		FROM persons WHERE ` + strings.Join(where, " AND ") + ` ORDER BY id DESC LIMIT ?`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list persons: %w", err)
	}
	defer rows.Close()
	var out []persons.Person
	for rows.Next() {
		var n int
		p, err := scanPerson(rows, &n)
		if err != nil {
			return nil, fmt.Errorf("store: list persons: %w", err)
		}
		p.Mentions = n
		out = append(out, p)
	}
	return out, rows.Err()
}

// Candidates implements intake.PersonFinder outside a transaction.
func (db *DB) Candidates(ctx context.Context, q intake.CandidateQuery) ([]persons.Person, error) {
	return txFinder{db: db, q: db.reader()}.Candidates(ctx, q)
}

// txFinder is an intake.PersonFinder on a querier: inside a write
// transaction it sees the persons that transaction made.
type txFinder struct {
	db *DB
	q  querier
	// seen collects the persons found, for enrichPerson (nil: don't keep).
	seen map[int64]persons.Person
}

// Candidates runs one query: the persons with the BSN, or with the
// surname key and date of birth.
func (f txFinder) Candidates(ctx context.Context, q intake.CandidateQuery) ([]persons.Person, error) {
	switch {
	case q.BSN != "" && q.SurnameKey != "":
		return f.find(ctx, "(bsn = ? AND bsn <> '') OR (surname_key = ? AND birth_date = ?)", q.BSN, q.SurnameKey, q.BirthDate.String())
	case q.BSN != "":
		return f.find(ctx, "bsn = ? AND bsn <> ''", q.BSN)
	case q.SurnameKey != "":
		return f.find(ctx, "surname_key = ? AND birth_date = ?", q.SurnameKey, q.BirthDate.String())
	}
	return nil, nil
}

// CandidatesBatch runs Candidates for each of qs: on PostgreSQL in one
// statement (each statement of the group writer is a round trip there),
// on SQLite one query each. The result has one entry per query.
func (f txFinder) CandidatesBatch(ctx context.Context, qs []intake.CandidateQuery) ([][]persons.Person, error) {
	out := make([][]persons.Person, len(qs))
	if f.db.dialect != Postgres {
		for i, q := range qs {
			var err error
			if out[i], err = f.Candidates(ctx, q); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	bsns, keys, born := make([]string, len(qs)), make([]string, len(qs)), make([]string, len(qs))
	for i, q := range qs {
		bsns[i] = q.BSN
		if q.SurnameKey != "" {
			keys[i], born[i] = q.SurnameKey, q.BirthDate.String()
		}
	}
	// The conditions are Candidates' (with "bsn <> ''" for the partial
	// index on bsn), per query: each row of q probes the two indexes, an
	// absent value (NULL) probing nothing.
	// In a batched transaction the deferred writes (the registry locks
	// among them) go in the same round trip (queryEach).
	err := queryEach(ctx, f.q, func(s scanner) error {
		var i int
		p, err := scanPerson(s, &i)
		if err != nil {
			return err
		}
		out[i-1] = append(out[i-1], p)
		if f.seen != nil {
			f.seen[p.ID] = p
		}
		return nil
	}, `SELECT `+prefixed("p.", personColumns)+`, q.i
		FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS q (qbsn, qkey, qborn, i)
		CROSS JOIN LATERAL (SELECT `+personColumns+` FROM persons
			WHERE (bsn = NULLIF(q.qbsn, '') AND bsn <> '') OR (surname_key = NULLIF(q.qkey, '') AND birth_date = q.qborn)
			LIMIT 20) p
		ORDER BY q.i, p.id`, bsns, keys, born)
	if err != nil {
		return nil, fmt.Errorf("store: find persons: %w", err)
	}
	return out, nil
}

func (f txFinder) find(ctx context.Context, where string, args ...any) ([]persons.Person, error) {
	rows, err := f.q.rows(ctx, (`SELECT ` + personColumns + ` FROM persons WHERE ` + where + ` LIMIT 20`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: find persons: %w", err)
	}
	defer rows.Close()
	var out []persons.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, fmt.Errorf("store: find persons: %w", err)
		}
		out = append(out, p)
		if f.seen != nil {
			f.seen[p.ID] = p
		}
	}
	return out, rows.Err()
}

// MentionsOfPerson returns every mention linked to the person, newest
// report first, each with the explanation of its link.
func (db *DB) MentionsOfPerson(ctx context.Context, personID int64) ([]intake.PersonMention, error) {
	rows, err := db.reader().rows(ctx, (`SELECT ` + prefixed("m.", mentionColumns) + `, r.id, r.number, r.kind, r.received_at, r.reporter_kind,
		m.link_method, m.link_score, m.link_evidence, m.linked_by
		FROM mentions m JOIN reports r ON r.id = m.report_id WHERE m.person_id = ? ORDER BY r.received_at DESC, r.id DESC`), personID)
	if err != nil {
		return nil, fmt.Errorf("store: mentions of person %d: %w", personID, err)
	}
	defer rows.Close()
	var out []intake.PersonMention
	for rows.Next() {
		var pm intake.PersonMention
		var link linkColumns
		m, err := scanMention(rows, &pm.ReportID, &pm.ReportNumber, &pm.Kind, &pm.ReceivedAt, &pm.ReporterKind,
			&link.method, &link.score, &link.evidence, &link.linkedBy)
		if err != nil {
			return nil, fmt.Errorf("store: mentions of person %d: %w", personID, err)
		}
		pm.Mention = m
		pm.ReceivedAt = pm.ReceivedAt.UTC()
		pm.Link = link.explain(m.ID, m.PersonID)
		out = append(out, pm)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: mentions of person %d: %w", personID, err)
	}
	if err := db.addMergeRefs(ctx, personID, out); err != nil {
		return nil, err
	}
	return out, nil
}

func prefixed(prefix, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
