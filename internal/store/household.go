package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"toren/internal/history"
	"toren/internal/persons"
)

// maxCoMentionRows bounds the rows read for "named in the same report".
// Every query below reads through an index and stops at a limit, so a
// household costs a handful of index look-ups however large the registry
// grows; who belongs is decided by the rules in history.
const maxCoMentionRows = 1000

// householdOf returns the members of the households of ids, ids left out,
// each with why they belong, in the order they were found (co-mentions,
// newest report first, then shared addresses), at most maxHousehold. The
// registry rows of ids are returned too, for callers that need them.
func (db *DB) householdOf(ctx context.Context, q querier, ids []int64) (members []int64, via map[int64][]history.Link, own map[int64]persons.Person, err error) {
	hs := history.NewHouseholdSet(ids)
	own = map[int64]persons.Person{}
	if len(ids) == 0 {
		return nil, hs.Via(), own, nil
	}
	in, args := inList(ids)
	roles, roleArgs := inStrings(history.HouseholdRoles())
	rows, err := q.rows(ctx, `SELECT m2.person_id, r.id, r.number FROM mentions m1
		JOIN mentions m2 ON m2.report_id = m1.report_id
		JOIN reports r ON r.id = m1.report_id
		WHERE m1.person_id IN `+in+` AND m1.role IN `+roles+` AND m2.role IN `+roles+` AND m2.person_id IS NOT NULL
		ORDER BY r.received_at DESC, r.id DESC LIMIT `+fmt.Sprint(maxCoMentionRows),
		append(append(args, roleArgs...), roleArgs...)...)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("store: household: co-mentions: %w", err)
	}
	for rows.Next() {
		var pid int64
		var l history.Link
		if err := rows.Scan(&pid, &l.ReportID, &l.ReportNumber); err != nil {
			rows.Close()
			return nil, nil, nil, fmt.Errorf("store: household: co-mentions: %w", err)
		}
		l.Kind = history.LinkReport
		hs.Add(pid, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("store: household: co-mentions: %w", err)
	}

	// The registry address of each person, then who else lives there.
	rows, err = q.rows(ctx, `SELECT `+personColumns+` FROM persons WHERE id IN `+in, args...)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("store: household: persons: %w", err)
	}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			rows.Close()
			return nil, nil, nil, fmt.Errorf("store: household: persons: %w", err)
		}
		own[p.ID] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("store: household: persons: %w", err)
	}
	if err := db.sharedAddresses(ctx, q, ids, own, nil, hs); err != nil {
		return nil, nil, nil, err
	}
	return hs.Members(), hs.Via(), own, nil
}

// sharedAddresses adds to hs the persons registered at the address of
// one of ids (own holds their registry rows); hs leaves out an address
// that is an institution.
// known holds the persons at addresses already read (addressKey), which
// are not read again.
func (db *DB) sharedAddresses(ctx context.Context, q querier, ids []int64, own map[int64]persons.Person, known map[string][]int64, hs *history.HouseholdSet) error {
	var done []string
	for _, id := range ids {
		p, ok := own[id]
		if !ok || p.Postcode == "" || p.HouseNumber == "" {
			continue
		}
		key := addressKey(p.Postcode, p.HouseNumber)
		if slices.Contains(done, key) {
			continue
		}
		done = append(done, key)
		at, ok := known[key]
		if !ok {
			var err error
			if at, err = db.personsAt(ctx, q, p.Postcode, p.HouseNumber); err != nil {
				return err
			}
		}
		hs.AddAddress(p.Postcode, p.HouseNumber, at)
	}
	return nil
}

// addressKey names an address in maps.
func addressKey(postcode, number string) string { return postcode + "|" + number }

// personsAt returns the registry persons registered at an address, at
// most history.MaxAtAddress+1 (one more tells the rule there are too many).
func (db *DB) personsAt(ctx context.Context, q querier, postcode, number string) ([]int64, error) {
	// "postcode <> ''" lets both databases use the partial index.
	rows, err := q.rows(ctx, `SELECT id FROM persons WHERE postcode = ? AND house_number = ? AND postcode <> ''
		ORDER BY id LIMIT `+fmt.Sprint(history.MaxAtAddress+1), postcode, number)
	if err != nil {
		return nil, fmt.Errorf("store: household: address: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: household: address: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Household returns the household of a registry person: the persons
// named with them in a report (as victim, perpetrator, child, parent or
// other, not as witness or informant) and those registered at their
// address, each with why. It reads a bounded number of rows through
// indexes. toren.CodeNotFound when the person does not exist.
func (db *DB) Household(ctx context.Context, personID int64) ([]history.Member, error) {
	q := db.reader()
	members, via, own, err := db.householdOf(ctx, q, []int64{personID})
	if err != nil {
		return nil, err
	}
	if _, ok := own[personID]; !ok {
		return nil, notFound("person", personID)
	}
	if len(members) == 0 {
		return nil, nil
	}
	in, args := inList(members)
	rows, err := q.rows(ctx, `SELECT `+personColumns+` FROM persons WHERE id IN `+in, args...)
	if err != nil {
		return nil, fmt.Errorf("store: household of %d: %w", personID, err)
	}
	defer rows.Close()
	byID := map[int64]persons.Person{}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, fmt.Errorf("store: household of %d: %w", personID, err)
		}
		byID[p.ID] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: household of %d: %w", personID, err)
	}
	out := make([]history.Member, 0, len(members))
	for _, id := range members {
		if p, ok := byID[id]; ok {
			out = append(out, history.Member{Person: p, Via: via[id]})
		}
	}
	return out, nil
}

// inBuckets are the lengths an IN list is padded to, so that the cache of
// prepared statements holds a few shapes of each query, not one per length.
var inBuckets = []int{1, 2, 4, 8, 16, 32, 64, 128, 256}

// maxIn is the longest IN list inList builds.
const maxIn = 256

// inList returns "(?,?,...)" for ids padded to a bucket length (by
// repeating the last ID, which IN ignores) and the arguments. Callers keep
// ids at most maxIn long.
func inList(ids []int64) (string, []any) {
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
	args := make([]any, n)
	for i := range args {
		args[i] = ids[min(i, len(ids)-1)]
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")", args
}

// inStrings returns "(?,?,...)" and the arguments for a fixed list of codes.
func inStrings[T ~string](codes []T) (string, []any) {
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = string(c)
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?,", len(codes)), ",") + ")", args
}
