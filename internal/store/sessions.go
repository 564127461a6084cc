package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"toren/internal/accounts"
	"toren/internal/auth"
	"toren/internal/toren"
)

// validKeyHash refuses anything but 64 lowercase hex digits, so that a
// raw token passed by mistake is never written to the table.
func validKeyHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// CreateSession stores a new session for an enabled account. Errors:
// toren.CodeInvalid for a key that is not a SessionKey or a missing time,
// toren.CodeNotFound for an unknown user, toren.CodeForbidden for a
// disabled one.
func (db *DB) CreateSession(ctx context.Context, s *auth.Session) error {
	in := *s
	var p toren.Problems
	if !validKeyHash(in.KeyHash) {
		p.Add("key_hash", "format", "must be auth.SessionKey of the token")
	}
	if in.CreatedAt.IsZero() {
		p.Add("created_at", "required", "is required")
	}
	for _, m := range in.Methods {
		if !accounts.ValidCode(m) { // same alphabet: RFC 8176 values are short lowercase words
			p.Add("methods", "format", "must be lowercase words")
			break
		}
	}
	if !accounts.ValidText(in.IP, 64) || !accounts.ValidText(in.UserAgent, 512) || !accounts.ValidText(in.CSRFToken, 256) {
		p.Add("client", "text", "ip, user agent or csrf token is not valid text or too long")
	}
	if err := p.Err(); err != nil {
		return err
	}
	if in.LastSeenAt.IsZero() {
		in.LastSeenAt = in.CreatedAt
	}
	in.CreatedAt = in.CreatedAt.UTC().Truncate(time.Microsecond)
	in.LastSeenAt = in.LastSeenAt.UTC().Truncate(time.Microsecond)
	err := db.inTx(ctx, func(tq txQ) error {
		var disabled bool
		err := tq.row(ctx, `SELECT disabled FROM users WHERE id = ?`, in.UserID).Scan(&disabled)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("user", in.UserID)
		}
		if err != nil {
			return fmt.Errorf("store: create session: %w", err)
		}
		if disabled {
			return toren.Errorf(toren.CodeForbidden, "account %d is disabled", in.UserID)
		}
		_, err = tq.exec(ctx, `INSERT INTO sessions (key_hash, user_id, created_at, last_seen_at, methods, csrf_token, ip, user_agent)
			VALUES (?,?,?,?,?,?,?,?)`,
			in.KeyHash, in.UserID, in.CreatedAt, in.LastSeenAt, strings.Join(in.Methods, ","), in.CSRFToken, in.IP, in.UserAgent)
		if err != nil {
			return fmt.Errorf("store: create session: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	*s = in
	return nil
}

// GetSession returns the live session with that key: toren.CodeNotFound
// when there is none, it was revoked, or its account is disabled. Whether
// it has expired is the caller's question (auth.SessionPolicy.Expired).
func (db *DB) GetSession(ctx context.Context, keyHash string) (auth.Session, error) {
	var s auth.Session
	var methods string
	err := db.reader().row(ctx, `SELECT s.key_hash, s.user_id, s.created_at, s.last_seen_at, s.methods, s.csrf_token, s.ip, s.user_agent
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.key_hash = ? AND NOT s.revoked AND NOT u.disabled`, keyHash).
		Scan(&s.KeyHash, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &methods, &s.CSRFToken, &s.IP, &s.UserAgent)
	if errors.Is(err, sql.ErrNoRows) {
		return auth.Session{}, toren.Errorf(toren.CodeNotFound, "session not found")
	}
	if err != nil {
		return auth.Session{}, fmt.Errorf("store: get session: %w", err)
	}
	s.CreatedAt, s.LastSeenAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC()
	s.Methods = splitCodes[string](methods)
	return s, nil
}

// GetSessionUser returns the live session with that key and its account
// with the account's teams, in one statement: the gate's read on every
// signed-in request (issue 12; it was GetSession and then GetUser, three
// statements). It answers exactly as GetSession does: toren.CodeNotFound
// when there is no such session, it was revoked, or its account is
// disabled or gone. Nothing is cached: a change to the session, the
// account, its roles or its teams counts on the next call.
func (db *DB) GetSessionUser(ctx context.Context, keyHash string) (auth.Session, accounts.User, error) {
	// One row per team (a LEFT JOIN: one row with NULL team columns for an
	// account without teams), ordered by team name as GetUser orders them.
	rows, err := db.reader().rows(ctx, `SELECT s.key_hash, s.user_id, s.created_at, s.last_seen_at, s.methods, s.csrf_token, s.ip, s.user_agent,
		u.id, u.username, u.display_name, u.email, u.password_hash, u.totp_secret, u.totp_last_step,
		u.roles, u.disabled, u.created_at, u.updated_at, u.version, t.id, t.name
		FROM sessions s JOIN users u ON u.id = s.user_id
		LEFT JOIN user_teams ut ON ut.user_id = u.id LEFT JOIN teams t ON t.id = ut.team_id
		WHERE s.key_hash = ? AND NOT s.revoked AND NOT u.disabled
		ORDER BY t.name`, keyHash)
	if err != nil {
		return auth.Session{}, accounts.User{}, fmt.Errorf("store: get session and user: %w", err)
	}
	defer rows.Close()
	var s auth.Session
	var u accounts.User
	found := false
	for rows.Next() {
		var methods, roles string
		var teamID sql.NullInt64
		var teamName sql.NullString
		if err := rows.Scan(&s.KeyHash, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &methods, &s.CSRFToken, &s.IP, &s.UserAgent,
			&u.ID, &u.Username, &u.DisplayName, &u.Email, &u.PasswordHash, &u.TOTPSecret, &u.TOTPLastStep,
			&roles, &u.Disabled, &u.CreatedAt, &u.UpdatedAt, &u.Version, &teamID, &teamName); err != nil {
			return auth.Session{}, accounts.User{}, fmt.Errorf("store: get session and user: %w", err)
		}
		if !found {
			s.Methods = splitCodes[string](methods)
			u.Roles = splitCodes[string](roles)
			found = true
		}
		if teamID.Valid {
			u.Teams = append(u.Teams, accounts.Team{ID: teamID.Int64, Name: teamName.String})
		}
	}
	if err := rows.Err(); err != nil {
		return auth.Session{}, accounts.User{}, fmt.Errorf("store: get session and user: %w", err)
	}
	if !found {
		return auth.Session{}, accounts.User{}, toren.Errorf(toren.CodeNotFound, "session not found")
	}
	s.CreatedAt, s.LastSeenAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC()
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return s, u, nil
}

// TouchSession records a request at time at (it never moves last_seen_at
// back). A revoked or unknown session is toren.CodeNotFound. Each call is
// a write: callers touch at most every minute or so, not on every request.
func (db *DB) TouchSession(ctx context.Context, keyHash string, at time.Time) error {
	at = at.UTC().Truncate(time.Microsecond)
	return db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE key_hash = ? AND NOT revoked AND last_seen_at < ?`, at, keyHash, at)
		if err != nil {
			return fmt.Errorf("store: touch session: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			if err != nil {
				return fmt.Errorf("store: touch session: %w", err)
			}
			return nil
		}
		var revoked bool
		err = tq.row(ctx, `SELECT revoked FROM sessions WHERE key_hash = ?`, keyHash).Scan(&revoked)
		if errors.Is(err, sql.ErrNoRows) || revoked {
			return toren.Errorf(toren.CodeNotFound, "session not found")
		}
		if err != nil {
			return fmt.Errorf("store: touch session: %w", err)
		}
		return nil // already seen at or after at
	})
}

// RevokeSession ends one session (sign-out). Revoking an unknown or
// already revoked session is not an error: the outcome is the same.
func (db *DB) RevokeSession(ctx context.Context, keyHash string) error {
	return db.inTx(ctx, func(tq txQ) error {
		if _, err := tq.exec(ctx, `UPDATE sessions SET revoked = TRUE WHERE key_hash = ?`, keyHash); err != nil {
			return fmt.Errorf("store: revoke session: %w", err)
		}
		return nil
	})
}

// RevokeUserSessions ends every session of the user (password reset, lost
// phone) and returns how many were live.
func (db *DB) RevokeUserSessions(ctx context.Context, userID int64) (int64, error) {
	var n int64
	err := db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE sessions SET revoked = TRUE WHERE user_id = ? AND NOT revoked`, userID)
		if err != nil {
			return fmt.Errorf("store: revoke sessions of user %d: %w", userID, err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// DeleteExpiredSessions removes the sessions that p says have ended at now
// (exactly as p.Expired decides) and the revoked ones, and returns how
// many it removed.
func (db *DB) DeleteExpiredSessions(ctx context.Context, p auth.SessionPolicy, now time.Time) (int64, error) {
	if err := p.Validate(); err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	now = now.UTC()
	idleBefore := now.Add(-p.Idle).Truncate(time.Microsecond)
	createdBefore := now.Add(-p.Absolute).Truncate(time.Microsecond)
	var n int64
	err := db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `DELETE FROM sessions WHERE revoked OR last_seen_at <= ? OR created_at <= ?`, idleBefore, createdBefore)
		if err != nil {
			return fmt.Errorf("store: delete expired sessions: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
