package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"toren/internal/alerts"
	"toren/internal/audit"
	"toren/internal/toren"
)

const alertSelect = `SELECT a.id, a.rule, a.severity, a.audience, a.report_id, r.number,
	COALESCE(a.person_id, 0), COALESCE(p.first_names, ''), COALESCE(p.initials, ''), COALESCE(p.particle, ''), COALESCE(p.surname, ''),
	COALESCE(a.case_id, 0), COALESCE(c.number, ''), a.team, COALESCE(a.user_id, 0), a.related_reports, a.explanation, a.created_at,
	a.acknowledged_at, COALESCE(a.acknowledged_by, 0), COALESCE(u.display_name, ''), COALESCE(u.username, ''), a.ack_note, a.version
	FROM alerts a JOIN reports r ON r.id = a.report_id
	LEFT JOIN persons p ON p.id = a.person_id
	LEFT JOIN cases c ON c.id = a.case_id
	LEFT JOIN users u ON u.id = a.acknowledged_by`

func scanAlert(s scanner) (alerts.Alert, error) {
	var a alerts.Alert
	var first, initials, particle, surname, related, display, username string
	var acked sql.NullTime
	err := s.Scan(&a.ID, &a.Rule, &a.Severity, &a.Audience, &a.ReportID, &a.ReportNumber,
		&a.PersonID, &first, &initials, &particle, &surname,
		&a.CaseID, &a.CaseNumber, &a.Team, &a.UserID, &related, &a.Explanation, &a.CreatedAt,
		&acked, &a.AcknowledgedBy, &display, &username, &a.Note, &a.Version)
	if err != nil {
		return a, err
	}
	if first == "" {
		first = initials
	}
	a.PersonName = strings.Join(strings.Fields(first+" "+particle+" "+surname), " ")
	if a.RelatedReportIDs, err = splitIDs(related); err != nil {
		return a, fmt.Errorf("alert %d: related reports: %w", a.ID, err)
	}
	if a.RelatedReportIDs == nil {
		a.RelatedReportIDs = []int64{}
	}
	a.CreatedAt = a.CreatedAt.UTC()
	if acked.Valid {
		t := acked.Time.UTC()
		a.AcknowledgedAt = &t
		a.AcknowledgedByName = display
		if display == "" {
			a.AcknowledgedByName = username
		}
	}
	return a, nil
}

// ListAlerts returns the alerts for one of f.Teams or for f.UserID, newest
// first (implements alerts.Store).
func (db *DB) ListAlerts(ctx context.Context, f alerts.Filter) ([]alerts.Alert, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var cond []string
	var condArgs []any
	switch f.State {
	case alerts.StateOpen, "":
		cond = append(cond, "acknowledged_at IS NULL")
	case alerts.StateAcknowledged:
		cond = append(cond, "acknowledged_at IS NOT NULL")
	case alerts.StateAll:
	default:
		return nil, toren.Errorf(toren.CodeInvalid, "unknown alert state %q", f.State)
	}
	if f.BeforeID > 0 {
		cond = append(cond, "id < ?")
		condArgs = append(condArgs, f.BeforeID)
	}
	more, moreArgs := alertCriteria(f)
	cond, condArgs = append(cond, more...), append(condArgs, moreArgs...)
	// The newest alerts of each audience (the teams, the user) through its
	// own index, limited before anything is joined: a team with a long
	// history of alerts costs no more than one with a few.
	var parts []string
	var args []any
	branch := func(who string, whoArgs []any) {
		where := strings.Join(append([]string{who}, cond...), " AND ")
		parts = append(parts, `SELECT id FROM (SELECT id FROM alerts WHERE `+where+` ORDER BY id DESC LIMIT ?) t`+strconv.Itoa(len(parts)))
		args = append(append(append(args, whoArgs...), condArgs...), f.Limit)
	}
	// One branch per team: "team = ?" walks the (team, id) index newest
	// first and stops at the limit, where "team IN (...)" sorts them all.
	for _, team := range f.Teams {
		branch("team = ?", []any{team})
	}
	if f.UserID > 0 {
		branch("user_id = ?", []any{f.UserID})
	}
	if len(parts) == 0 {
		return nil, nil
	}
	args = append(args, f.Limit)
	rows, err := db.reader().rows(ctx, alertSelect+` WHERE a.id IN (`+strings.Join(parts, " UNION ")+`) ORDER BY a.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list alerts: %w", err)
	}
	defer rows.Close()
	var out []alerts.Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list alerts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// alertCriteria are the conditions of the filter's optional criteria,
// on the columns of the alerts table alone.
func alertCriteria(f alerts.Filter) ([]string, []any) {
	var cond []string
	var args []any
	if f.Rule != "" {
		cond, args = append(cond, "rule = ?"), append(args, string(f.Rule))
	}
	if f.Severity != "" {
		cond, args = append(cond, "severity = ?"), append(args, string(f.Severity))
	}
	if f.Team != "" {
		cond, args = append(cond, "team = ?"), append(args, f.Team)
	}
	if !f.CreatedAfter.IsZero() {
		cond, args = append(cond, "created_at >= ?"), append(args, f.CreatedAfter.UTC())
	}
	if !f.CreatedBefore.IsZero() {
		cond, args = append(cond, "created_at < ?"), append(args, f.CreatedBefore.UTC())
	}
	return cond, args
}

// CountAlerts counts the alerts the filter selects, up to alerts.CountCap
// (implements alerts.Store).
func (db *DB) CountAlerts(ctx context.Context, f alerts.Filter) (int, error) {
	who, args := alertAudience(f.Teams, f.UserID)
	cond := []string{who}
	switch f.State {
	case alerts.StateOpen, "":
		cond = append(cond, "acknowledged_at IS NULL")
	case alerts.StateAcknowledged:
		cond = append(cond, "acknowledged_at IS NOT NULL")
	case alerts.StateAll:
	default:
		return 0, toren.Errorf(toren.CodeInvalid, "unknown alert state %q", f.State)
	}
	more, moreArgs := alertCriteria(f)
	cond, args = append(cond, more...), append(args, moreArgs...)
	args = append(args, alerts.CountCap)
	var n int
	if err := db.reader().row(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM alerts a WHERE `+strings.Join(cond, " AND ")+` LIMIT ?) capped`, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count alerts: %w", err)
	}
	return n, nil
}

// alertAudience is the condition "for one of teams or for userID".
func alertAudience(teams []string, userID int64) (string, []any) {
	var or []string
	var args []any
	if len(teams) > 0 {
		in, targs := inStrings(teams)
		or = append(or, "a.team IN "+in)
		args = append(args, targs...)
	}
	if userID > 0 {
		or = append(or, "a.user_id = ?")
		args = append(args, userID)
	}
	if len(or) == 0 {
		return "1=0", nil
	}
	return "(" + strings.Join(or, " OR ") + ")", args
}

// CountOpenAlerts counts the open alerts for one of teams or for userID
// (implements alerts.Store).
func (db *DB) CountOpenAlerts(ctx context.Context, teams []string, userID int64) (int, error) {
	who, args := alertAudience(teams, userID)
	var n int
	// Counted up to a cap: the navigation shows "99+" beyond it, and a
	// team with thousands of open alerts costs no more than one with a
	// hundred.
	args = append(args, alerts.OpenCountCap)
	if err := db.reader().row(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM alerts a WHERE `+who+` AND a.acknowledged_at IS NULL LIMIT ?) capped`, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count alerts: %w", err)
	}
	return n, nil
}

// GetAlert returns one alert (implements alerts.Store).
func (db *DB) GetAlert(ctx context.Context, id int64) (alerts.Alert, error) {
	a, err := scanAlert(db.reader().row(ctx, alertSelect+` WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, notFound("alert", id)
	}
	if err != nil {
		return a, fmt.Errorf("store: get alert %d: %w", id, err)
	}
	return a, nil
}

// AlertsOfReport returns the alerts a report raised, in the order raised.
func (db *DB) AlertsOfReport(ctx context.Context, reportID int64) ([]alerts.Alert, error) {
	rows, err := db.reader().rows(ctx, alertSelect+` WHERE a.report_id = ? ORDER BY a.id`, reportID)
	if err != nil {
		return nil, fmt.Errorf("store: alerts of report %d: %w", reportID, err)
	}
	defer rows.Close()
	var out []alerts.Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("store: alerts of report %d: %w", reportID, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AcknowledgeAlert records that ack.By dealt with the alert, with a note,
// and, when the context carries an audit recorder, its audit entry in the
// same transaction (implements alerts.Store). An alert is acknowledged
// once: when it was acknowledged or changed since ack.Version was read,
// it returns toren.CodeConflict and changes nothing.
func (db *DB) AcknowledgeAlert(ctx context.Context, ack alerts.Ack) (alerts.Alert, error) {
	if err := db.AcknowledgeAlerts(ctx, []alerts.Ack{ack}); err != nil {
		return alerts.Alert{}, err
	}
	return db.GetAlert(ctx, ack.ID)
}

// AcknowledgeAlerts records several acknowledgements in one transaction,
// each with its audit entry when the context carries an audit recorder
// (implements alerts.Store). When any alert was acknowledged or changed
// since its version was read, it returns toren.CodeConflict and changes
// nothing.
func (db *DB) AcknowledgeAlerts(ctx context.Context, acks []alerts.Ack) error {
	err := db.inTx(ctx, func(tq txQ) error {
		for _, ack := range acks {
			if err := db.acknowledgeAlertTx(ctx, tq, ack); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if rec, ok := audit.RecorderFrom(ctx); ok {
		rec.Wrote(len(acks))
	}
	return nil
}

func (db *DB) acknowledgeAlertTx(ctx context.Context, tq txQ, ack alerts.Ack) error {
	at := ack.At.UTC().Truncate(time.Microsecond)
	res, err := tq.exec(ctx, `UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ?, ack_note = ?, version = version + 1
		WHERE id = ? AND version = ? AND acknowledged_at IS NULL`, ack.By, at, ack.Note, ack.ID, ack.Version)
	if err != nil {
		return fmt.Errorf("store: acknowledge alert %d: %w", ack.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: acknowledge alert %d: %w", ack.ID, err)
	}
	var pid sql.NullInt64
	if err := tq.row(ctx, `SELECT person_id FROM alerts WHERE id = ?`, ack.ID).Scan(&pid); errors.Is(err, sql.ErrNoRows) {
		return notFound("alert", ack.ID)
	} else if err != nil {
		return fmt.Errorf("store: acknowledge alert %d: %w", ack.ID, err)
	}
	if n == 0 {
		return toren.Errorf(toren.CodeConflict, "alert %d was acknowledged or changed by someone else; reload and try again", ack.ID)
	}
	// An acknowledgement is never stored unaccounted for: without a
	// recorder saying who acknowledges, the transaction is refused.
	rec, ok := audit.RecorderFrom(ctx)
	if !ok {
		return fmt.Errorf("store: acknowledge alert %d without an audit recorder in the context", ack.ID)
	}
	var ids []int64
	if pid.Valid {
		ids = []int64{pid.Int64}
	}
	return db.appendAuditTx(ctx, tq, rec.Entry(at, "alert.ack", "alert", strconv.FormatInt(ack.ID, 10), ids))
}
