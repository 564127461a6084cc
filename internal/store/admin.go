package store

import (
	"context"
	"fmt"
	"strconv"

	"toren/internal/accounts"
	"toren/internal/audit"
)

// The functional administrator's changes to accounts and teams, each
// written with its audit entry in one transaction. The entry names who
// acts (actor, role, origin) and why (Reason); the store fills in the
// object and, when empty, the outcome.

// CreateUserAudited is CreateUser with its audit entry (action e.Action,
// usually user.create).
func (db *DB) CreateUserAudited(ctx context.Context, u *accounts.User, e audit.Entry) error {
	return db.createUser(ctx, u, func(tq txQ, in *accounts.User) error {
		return db.appendAuditTx(ctx, tq, userEntry(e, in.ID))
	})
}

// UpdateUserAudited is UpdateUser with its audit entry (user.reset,
// user.disable, ...). With revokeSessions every session of the user ends
// in the same transaction, as after a password reset.
func (db *DB) UpdateUserAudited(ctx context.Context, u *accounts.User, revokeSessions bool, e audit.Entry) error {
	return db.updateUser(ctx, u, func(tq txQ, in *accounts.User) error {
		if revokeSessions {
			if _, err := tq.exec(ctx, `UPDATE sessions SET revoked = TRUE WHERE user_id = ? AND NOT revoked`, in.ID); err != nil {
				return fmt.Errorf("store: revoke sessions of user %d: %w", in.ID, err)
			}
		}
		return db.appendAuditTx(ctx, tq, userEntry(e, in.ID))
	})
}

// CreateTeamAudited is CreateTeam with its audit entry (team.create).
func (db *DB) CreateTeamAudited(ctx context.Context, t *accounts.Team, e audit.Entry) error {
	return db.createTeam(ctx, t, func(tq txQ, id int64) error {
		e.ObjectType, e.ObjectID = "team", strconv.FormatInt(id, 10)
		if e.Outcome == "" {
			e.Outcome = audit.OutcomeOK
		}
		return db.appendAuditTx(ctx, tq, e)
	})
}

func userEntry(e audit.Entry, id int64) audit.Entry {
	e.ObjectType, e.ObjectID = "user", strconv.FormatInt(id, 10)
	if e.Outcome == "" {
		e.Outcome = audit.OutcomeOK
	}
	return e
}
