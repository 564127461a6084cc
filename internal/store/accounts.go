package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"toren/internal/accounts"
	"toren/internal/auth"
	"toren/internal/toren"
)

func usernameTaken(username string) error {
	return &toren.Error{
		Code:    toren.CodeConflict,
		Message: fmt.Sprintf("user name %q is taken", username),
		Fields:  []toren.FieldError{{Field: "username", Rule: "unique", Message: "is taken"}},
	}
}

// CreateUser stores a new account with its teams and sets u.ID and
// u.Version. Errors: toren.CodeInvalid (with field errors),
// toren.CodeConflict when the user name is taken (in any case),
// toren.CodeNotFound for an unknown team.
func (db *DB) CreateUser(ctx context.Context, u *accounts.User) error {
	return db.createUser(ctx, u, nil)
}

// createUser is CreateUser running also, when set, more in the same
// transaction (the audit entry of an administrator's change).
func (db *DB) createUser(ctx context.Context, u *accounts.User, more func(tq txQ, u *accounts.User) error) error {
	in := *u
	if err := in.Prepare(); err != nil {
		return err
	}
	in.Version = 1
	err := db.inTx(ctx, func(tq txQ) error {
		var other int64
		err := tq.row(ctx, `SELECT id FROM users WHERE username_key = ?`, accounts.UsernameKey(in.Username)).Scan(&other)
		if err == nil {
			return usernameTaken(in.Username)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: create user: %w", err)
		}
		in.ID, err = tq.insert(ctx, `INSERT INTO users (username, username_key, display_name, email, password_hash,
			totp_secret, totp_last_step, roles, disabled, created_at, updated_at, version)
			VALUES (?,?,?,?,?, ?,?,?,?,?,?,?)`,
			in.Username, accounts.UsernameKey(in.Username), in.DisplayName, in.Email, in.PasswordHash,
			in.TOTPSecret, in.TOTPLastStep, strings.Join(in.Roles, ","), in.Disabled, in.CreatedAt, in.UpdatedAt, in.Version)
		if err != nil {
			if isUniqueViolation(err) { // a concurrent CreateUser won
				return usernameTaken(in.Username)
			}
			return fmt.Errorf("store: create user: %w", err)
		}
		if in.Teams, err = db.setUserTeams(ctx, tq, in.ID, in.Teams); err != nil {
			return err
		}
		if more != nil {
			return more(tq, &in)
		}
		return nil
	})
	if err != nil {
		return err
	}
	*u = in
	return nil
}

// setUserTeams replaces the user's team memberships and returns the teams
// with their names, sorted by name.
func (db *DB) setUserTeams(ctx context.Context, tq txQ, userID int64, teams []accounts.Team) ([]accounts.Team, error) {
	if _, err := tq.exec(ctx, `DELETE FROM user_teams WHERE user_id = ?`, userID); err != nil {
		return nil, fmt.Errorf("store: teams of user %d: %w", userID, err)
	}
	out := make([]accounts.Team, 0, len(teams))
	seen := map[int64]bool{}
	for _, t := range teams {
		if seen[t.ID] {
			continue
		}
		seen[t.ID] = true
		err := tq.row(ctx, `SELECT name FROM teams WHERE id = ?`, t.ID).Scan(&t.Name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound("team", t.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("store: team %d: %w", t.ID, err)
		}
		if _, err := tq.exec(ctx, `INSERT INTO user_teams (user_id, team_id) VALUES (?, ?)`, userID, t.ID); err != nil {
			return nil, fmt.Errorf("store: add user %d to team %d: %w", userID, t.ID, err)
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b accounts.Team) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

const userColumns = `id, username, display_name, email, password_hash, totp_secret, totp_last_step,
	roles, disabled, created_at, updated_at, version`

func scanUser(s scanner) (accounts.User, error) {
	var u accounts.User
	var roles string
	err := s.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Email, &u.PasswordHash, &u.TOTPSecret, &u.TOTPLastStep,
		&roles, &u.Disabled, &u.CreatedAt, &u.UpdatedAt, &u.Version)
	if err != nil {
		return accounts.User{}, err
	}
	u.Roles = splitCodes[string](roles)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, nil
}

func (db *DB) getUser(ctx context.Context, q querier, where string, arg any) (accounts.User, error) {
	u, err := scanUser(q.row(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return accounts.User{}, notFound("user", arg)
	}
	if err != nil {
		return accounts.User{}, fmt.Errorf("store: get user %v: %w", arg, err)
	}
	rows, err := q.rows(ctx, `SELECT t.id, t.name FROM user_teams ut JOIN teams t ON t.id = ut.team_id
		WHERE ut.user_id = ? ORDER BY t.name`, u.ID)
	if err != nil {
		return accounts.User{}, fmt.Errorf("store: teams of user %d: %w", u.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var t accounts.Team
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return accounts.User{}, fmt.Errorf("store: teams of user %d: %w", u.ID, err)
		}
		u.Teams = append(u.Teams, t)
	}
	return u, rows.Err()
}

// GetUser returns the account with its teams; toren.CodeNotFound if none.
func (db *DB) GetUser(ctx context.Context, id int64) (accounts.User, error) {
	return db.getUser(ctx, db.reader(), "id = ?", id)
}

// GetUserByUsername returns the account with that user name, compared
// case-insensitively; toren.CodeNotFound if none.
func (db *DB) GetUserByUsername(ctx context.Context, username string) (accounts.User, error) {
	u, err := db.getUser(ctx, db.reader(), "username_key = ?", accounts.UsernameKey(username))
	if toren.ErrorCode(err) == toren.CodeNotFound {
		return u, notFound("user", strconv.Quote(username))
	}
	return u, err
}

// ListUsers returns every account with its teams, by user name.
func (db *DB) ListUsers(ctx context.Context) ([]accounts.User, error) {
	rows, err := db.reader().rows(ctx, `SELECT `+userColumns+` FROM users ORDER BY username_key`)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	var out []accounts.User
	index := map[int64]int{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		index[u.ID] = len(out)
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	rows.Close()
	trows, err := db.reader().rows(ctx, `SELECT ut.user_id, t.id, t.name FROM user_teams ut
		JOIN teams t ON t.id = ut.team_id ORDER BY t.name`)
	if err != nil {
		return nil, fmt.Errorf("store: list user teams: %w", err)
	}
	defer trows.Close()
	for trows.Next() {
		var uid int64
		var t accounts.Team
		if err := trows.Scan(&uid, &t.ID, &t.Name); err != nil {
			return nil, fmt.Errorf("store: list user teams: %w", err)
		}
		if i, ok := index[uid]; ok { // a user created after the first query is not listed
			out[i].Teams = append(out[i].Teams, t)
		}
	}
	return out, trows.Err()
}

// UpdateUser stores u's user name, names, password hash, TOTP secret,
// roles, teams and disabled flag (not TOTPLastStep). u.Version must be the
// version that was read: a concurrent change returns toren.CodeConflict
// and changes nothing. Disabling an account revokes its sessions in the
// same transaction.
func (db *DB) UpdateUser(ctx context.Context, u *accounts.User) error {
	return db.updateUser(ctx, u, nil)
}

// updateUser is UpdateUser running also, when set, more in the same
// transaction.
func (db *DB) updateUser(ctx context.Context, u *accounts.User, more func(tq txQ, u *accounts.User) error) error {
	in := *u
	if err := in.Prepare(); err != nil {
		return err
	}
	err := db.inTx(ctx, func(tq txQ) error {
		var other int64
		err := tq.row(ctx, `SELECT id FROM users WHERE username_key = ? AND id <> ?`, accounts.UsernameKey(in.Username), in.ID).Scan(&other)
		if err == nil {
			return usernameTaken(in.Username)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: update user %d: %w", in.ID, err)
		}
		res, err := tq.exec(ctx, `UPDATE users SET username = ?, username_key = ?, display_name = ?, email = ?,
			password_hash = ?, totp_secret = ?, roles = ?, disabled = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`,
			in.Username, accounts.UsernameKey(in.Username), in.DisplayName, in.Email,
			in.PasswordHash, in.TOTPSecret, strings.Join(in.Roles, ","), in.Disabled, in.UpdatedAt, in.ID, in.Version)
		if err != nil {
			if isUniqueViolation(err) {
				return usernameTaken(in.Username)
			}
			return fmt.Errorf("store: update user %d: %w", in.ID, err)
		}
		if err := db.checkUpdated(ctx, tq, res, "users", "user", in.ID); err != nil {
			return err
		}
		if err := tq.row(ctx, `SELECT totp_last_step FROM users WHERE id = ?`, in.ID).Scan(&in.TOTPLastStep); err != nil {
			return fmt.Errorf("store: update user %d: %w", in.ID, err)
		}
		if in.Teams, err = db.setUserTeams(ctx, tq, in.ID, in.Teams); err != nil {
			return err
		}
		if in.Disabled {
			if _, err := tq.exec(ctx, `UPDATE sessions SET revoked = TRUE WHERE user_id = ? AND NOT revoked`, in.ID); err != nil {
				return fmt.Errorf("store: revoke sessions of disabled user %d: %w", in.ID, err)
			}
		}
		if more != nil {
			return more(tq, &in)
		}
		return nil
	})
	if err != nil {
		return err
	}
	in.Version++
	*u = in
	return nil
}

// checkUpdated turns an UPDATE … WHERE id = ? AND version = ? that changed
// no row into toren.CodeNotFound or toren.CodeConflict.
func (db *DB) checkUpdated(ctx context.Context, tq txQ, res sql.Result, table, what string, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: update %s %d: %w", what, id, err)
	}
	if n > 0 {
		return nil
	}
	var one int
	err = tq.row(ctx, `SELECT 1 FROM `+table+` WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(what, id)
	}
	if err != nil {
		return fmt.Errorf("store: update %s %d: %w", what, id, err)
	}
	return conflict(what, id)
}

// RecordTOTPStep stores step as the user's last used TOTP step if, and
// only if, it is greater than the stored one, in one conditional UPDATE:
// of two sign-ins racing with the same code exactly one gets ok = true.
// It does not change the account's version (it is sign-in bookkeeping,
// not an edit). An unknown user is toren.CodeNotFound.
func (db *DB) RecordTOTPStep(ctx context.Context, userID, step int64) (ok bool, err error) {
	err = db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, userID, step)
		if err != nil {
			return fmt.Errorf("store: record totp step of user %d: %w", userID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("store: record totp step of user %d: %w", userID, err)
		}
		if ok = n == 1; ok {
			return nil
		}
		var one int
		if err := tq.row(ctx, `SELECT 1 FROM users WHERE id = ?`, userID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return notFound("user", userID)
		}
		return nil
	})
	return ok, err
}

// *DB is the storage of auth.LocalAuthenticator; account IDs are the
// decimal user IDs.
var _ auth.LocalAccounts = (*DB)(nil)

// LocalAccount implements auth.LocalAccounts.
func (db *DB) LocalAccount(ctx context.Context, username string) (auth.LocalAccount, bool, error) {
	u, err := db.GetUserByUsername(ctx, username)
	if toren.ErrorCode(err) == toren.CodeNotFound {
		return auth.LocalAccount{}, false, nil
	}
	if err != nil {
		return auth.LocalAccount{}, false, err
	}
	return auth.LocalAccount{
		ID:           strconv.FormatInt(u.ID, 10),
		Username:     u.Username,
		DisplayName:  u.DisplayName,
		Email:        u.Email,
		PasswordHash: u.PasswordHash,
		TOTPSecret:   u.TOTPSecret,
		TOTPLastStep: u.TOTPLastStep,
		Disabled:     u.Disabled,
	}, true, nil
}

// UseTOTPStep implements auth.LocalAccounts with RecordTOTPStep.
func (db *DB) UseTOTPStep(ctx context.Context, accountID string, step int64) (bool, error) {
	id, err := parseAccountID(accountID)
	if err != nil {
		return false, err
	}
	return db.RecordTOTPStep(ctx, id, step)
}

// SetPasswordHash implements auth.LocalAccounts: it replaces the hash and
// bumps the account's version, so that an edit form opened before the
// change cannot write the old hash back.
func (db *DB) SetPasswordHash(ctx context.Context, accountID, encoded string) error {
	id, err := parseAccountID(accountID)
	if err != nil {
		return err
	}
	if !accounts.ValidText(encoded, 1024) {
		return toren.Errorf(toren.CodeInvalid, "password hash is not valid text")
	}
	return db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE users SET password_hash = ?, version = version + 1 WHERE id = ?`, encoded, id)
		if err != nil {
			return fmt.Errorf("store: set password hash of user %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return fmt.Errorf("store: set password hash of user %d: %w", id, err)
			}
			return notFound("user", id)
		}
		return nil
	})
}

func parseAccountID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound("account", strconv.Quote(s))
	}
	return id, nil
}

func prepareTeamName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || !accounts.ValidText(name, 100) {
		var p toren.Problems
		p.Add("name", "text", "must be 1 to 100 bytes of text")
		return "", p.Err()
	}
	return name, nil
}

func teamNameTaken(name string) error {
	return &toren.Error{
		Code:    toren.CodeConflict,
		Message: fmt.Sprintf("team name %q is taken", name),
		Fields:  []toren.FieldError{{Field: "name", Rule: "unique", Message: "is taken"}},
	}
}

// CreateTeam stores a new team and sets t.ID. A taken name is
// toren.CodeConflict.
func (db *DB) CreateTeam(ctx context.Context, t *accounts.Team) error {
	return db.createTeam(ctx, t, nil)
}

// createTeam is CreateTeam running also, when set, more in the same
// transaction.
func (db *DB) createTeam(ctx context.Context, t *accounts.Team, more func(tq txQ, id int64) error) error {
	name, err := prepareTeamName(t.Name)
	if err != nil {
		return err
	}
	var id int64
	err = db.inTx(ctx, func(tq txQ) error {
		var err error
		id, err = tq.insert(ctx, `INSERT INTO teams (name) VALUES (?)`, name)
		if err != nil && isUniqueViolation(err) {
			return teamNameTaken(name)
		}
		if err != nil {
			return fmt.Errorf("store: create team: %w", err)
		}
		if more != nil {
			return more(tq, id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	t.ID, t.Name = id, name
	return nil
}

// TeamExists reports whether a team has exactly this name.
func (db *DB) TeamExists(ctx context.Context, name string) (bool, error) {
	var n int
	if err := db.reader().row(ctx, `SELECT COUNT(*) FROM teams WHERE name = ?`, name).Scan(&n); err != nil {
		return false, fmt.Errorf("store: team exists: %w", err)
	}
	return n > 0, nil
}

// ListTeams returns every team by name.
func (db *DB) ListTeams(ctx context.Context) ([]accounts.Team, error) {
	rows, err := db.reader().rows(ctx, `SELECT id, name FROM teams ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: list teams: %w", err)
	}
	defer rows.Close()
	var out []accounts.Team
	for rows.Next() {
		var t accounts.Team
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, fmt.Errorf("store: list teams: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RenameTeam changes a team's name. Cases name their team by text, so the
// caller renames those in the same breath if it wants them to follow.
func (db *DB) RenameTeam(ctx context.Context, id int64, name string) error {
	name, err := prepareTeamName(name)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE teams SET name = ? WHERE id = ?`, name, id)
		if err != nil && isUniqueViolation(err) {
			return teamNameTaken(name)
		}
		if err != nil {
			return fmt.Errorf("store: rename team %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return fmt.Errorf("store: rename team %d: %w", id, err)
			}
			return notFound("team", id)
		}
		return nil
	})
}

// DeleteTeam removes a team that has no members; with members it is
// toren.CodeConflict.
func (db *DB) DeleteTeam(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tq txQ) error {
		var members int
		if err := tq.row(ctx, `SELECT COUNT(*) FROM user_teams WHERE team_id = ?`, id).Scan(&members); err != nil {
			return fmt.Errorf("store: delete team %d: %w", id, err)
		}
		if members > 0 {
			return toren.Errorf(toren.CodeConflict, "team %d still has %d members", id, members)
		}
		res, err := tq.exec(ctx, `DELETE FROM teams WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("store: delete team %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return fmt.Errorf("store: delete team %d: %w", id, err)
			}
			return notFound("team", id)
		}
		return nil
	})
}
