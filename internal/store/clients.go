package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/clients"
)

// API clients and their tokens (clients.Store). Each change is written
// with its audit entry in one transaction.

// CreateClientAudited stores the client, its first credential and the
// audit entry (object: the new client).
func (db *DB) CreateClientAudited(ctx context.Context, c *clients.Client, cred *clients.Credential, e audit.Entry) error {
	return db.inTx(ctx, func(tq txQ) error {
		id, err := tq.insert(ctx, `INSERT INTO api_clients (name, scopes, rate_limit, created_at, partner_id) VALUES (?,?,?,?,?)`,
			c.Name, joinScopes(c.Scopes), c.RateLimit, c.CreatedAt.UTC(), nullID(c.PartnerID))
		if err != nil {
			return fmt.Errorf("store: insert client: %w", err)
		}
		c.ID, cred.ClientID = id, id
		if err := insertCredential(ctx, tq, cred); err != nil {
			return err
		}
		return db.appendAuditTx(ctx, tq, clientEntry(e, id))
	})
}

// AddCredentialAudited stores cred, shortens the client's other
// credentials to expireOthers, and writes the audit entry.
func (db *DB) AddCredentialAudited(ctx context.Context, cred *clients.Credential, expireOthers time.Time, e audit.Entry) error {
	return db.inTx(ctx, func(tq txQ) error {
		if _, err := tq.exec(ctx, `UPDATE api_client_tokens SET expires_at = ? WHERE client_id = ? AND expires_at > ?`,
			expireOthers.UTC(), cred.ClientID, expireOthers.UTC()); err != nil {
			return fmt.Errorf("store: shorten tokens of client %d: %w", cred.ClientID, err)
		}
		if err := insertCredential(ctx, tq, cred); err != nil {
			return err
		}
		return db.appendAuditTx(ctx, tq, clientEntry(e, cred.ClientID))
	})
}

// RevokeClientAudited marks the client revoked at at.
func (db *DB) RevokeClientAudited(ctx context.Context, id int64, at time.Time, e audit.Entry) error {
	return db.inTx(ctx, func(tq txQ) error {
		res, err := tq.exec(ctx, `UPDATE api_clients SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, at.UTC(), id)
		if err != nil {
			return fmt.Errorf("store: revoke client %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: revoke client %d: %w", id, err)
		} else if n == 0 {
			return notFound("client", id)
		}
		return db.appendAuditTx(ctx, tq, clientEntry(e, id))
	})
}

func insertCredential(ctx context.Context, tq txQ, cred *clients.Credential) error {
	id, err := tq.insert(ctx, `INSERT INTO api_client_tokens (client_id, prefix, token_hash, created_at, expires_at) VALUES (?,?,?,?,?)`,
		cred.ClientID, cred.Prefix, cred.Hash, cred.CreatedAt.UTC(), cred.ExpiresAt.UTC())
	if err != nil {
		return fmt.Errorf("store: insert client token: %w", err)
	}
	cred.ID = id
	return nil
}

func clientEntry(e audit.Entry, id int64) audit.Entry {
	e.ObjectType, e.ObjectID = "client", strconv.FormatInt(id, 10)
	if e.Outcome == "" {
		e.Outcome = audit.OutcomeOK
	}
	return e
}

const clientColumns = `c.id, c.name, c.scopes, c.rate_limit, c.created_at, c.revoked_at, c.partner_id,
	COALESCE((SELECT p.name FROM partners p WHERE p.id = c.partner_id), '')`

func scanClient(s scanner) (clients.Client, error) {
	var c clients.Client
	var scopes string
	var revoked sql.NullTime
	var partner sql.NullInt64
	if err := s.Scan(&c.ID, &c.Name, &scopes, &c.RateLimit, &c.CreatedAt, &revoked, &partner, &c.PartnerName); err != nil {
		return c, err
	}
	c.PartnerID = partner.Int64
	for _, sc := range strings.Split(scopes, ",") {
		if sc != "" {
			c.Scopes = append(c.Scopes, authz.Scope(sc))
		}
	}
	c.CreatedAt = c.CreatedAt.UTC()
	if revoked.Valid {
		c.RevokedAt = revoked.Time.UTC()
	}
	c.Credentials = []clients.Credential{}
	return c, nil
}

const credentialColumns = `t.id, t.client_id, t.prefix, t.token_hash, t.created_at, t.expires_at`

func scanCredential(s scanner) (clients.Credential, error) {
	var cr clients.Credential
	err := s.Scan(&cr.ID, &cr.ClientID, &cr.Prefix, &cr.Hash, &cr.CreatedAt, &cr.ExpiresAt)
	cr.CreatedAt, cr.ExpiresAt = cr.CreatedAt.UTC(), cr.ExpiresAt.UTC()
	return cr, err
}

// GetClient returns one client with its credentials.
func (db *DB) GetClient(ctx context.Context, id int64) (clients.Client, error) {
	c, err := scanClient(db.reader().row(ctx, `SELECT `+clientColumns+` FROM api_clients c WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("client", id)
	}
	if err != nil {
		return c, fmt.Errorf("store: client %d: %w", id, err)
	}
	cs := []clients.Client{c}
	if err := db.clientCredentials(ctx, cs); err != nil {
		return c, err
	}
	return cs[0], nil
}

// ListClients returns every client, in the order they were added.
func (db *DB) ListClients(ctx context.Context) ([]clients.Client, error) {
	rows, err := db.reader().rows(ctx, `SELECT `+clientColumns+` FROM api_clients c ORDER BY c.id`)
	if err != nil {
		return nil, fmt.Errorf("store: clients: %w", err)
	}
	out := []clients.Client{}
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: clients: %w", err)
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: clients: %w", err)
	}
	return out, db.clientCredentials(ctx, out)
}

func (db *DB) clientCredentials(ctx context.Context, cs []clients.Client) error {
	if len(cs) == 0 {
		return nil
	}
	idx := map[int64]int{}
	for i, c := range cs {
		idx[c.ID] = i
	}
	rows, err := db.reader().rows(ctx, `SELECT `+credentialColumns+` FROM api_client_tokens t ORDER BY t.id`)
	if err != nil {
		return fmt.Errorf("store: client tokens: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		cr, err := scanCredential(rows)
		if err != nil {
			return fmt.Errorf("store: client tokens: %w", err)
		}
		if i, ok := idx[cr.ClientID]; ok {
			cs[i].Credentials = append(cs[i].Credentials, cr)
		}
	}
	return rows.Err()
}

// ClientByTokenHash returns the client holding the token with hash, and
// that token's credential.
func (db *DB) ClientByTokenHash(ctx context.Context, hash string) (clients.Client, clients.Credential, error) {
	var cred clients.Credential
	var c clients.Client
	row := db.reader().row(ctx, `SELECT `+credentialColumns+`, `+clientColumns+`
		FROM api_client_tokens t JOIN api_clients c ON c.id = t.client_id WHERE t.token_hash = ?`, hash)
	var scopes string
	var revoked sql.NullTime
	var partner sql.NullInt64
	err := row.Scan(&cred.ID, &cred.ClientID, &cred.Prefix, &cred.Hash, &cred.CreatedAt, &cred.ExpiresAt,
		&c.ID, &c.Name, &scopes, &c.RateLimit, &c.CreatedAt, &revoked, &partner, &c.PartnerName)
	c.PartnerID = partner.Int64
	if errors.Is(err, sql.ErrNoRows) {
		return c, cred, notFound("client token", "")
	}
	if err != nil {
		return c, cred, fmt.Errorf("store: client by token: %w", err)
	}
	for _, sc := range strings.Split(scopes, ",") {
		if sc != "" {
			c.Scopes = append(c.Scopes, authz.Scope(sc))
		}
	}
	if revoked.Valid {
		c.RevokedAt = revoked.Time.UTC()
	}
	cred.CreatedAt, cred.ExpiresAt, c.CreatedAt = cred.CreatedAt.UTC(), cred.ExpiresAt.UTC(), c.CreatedAt.UTC()
	return c, cred, nil
}

func joinScopes(ss []authz.Scope) string {
	s := make([]string, len(ss))
	for i, x := range ss {
		s[i] = string(x)
	}
	return strings.Join(s, ",")
}
