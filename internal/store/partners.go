package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/partners"
	"toren/internal/toren"
)

const partnerColumns = `id, name, kind, municipality, contact, phone, email, active, created_at, updated_at, version`

// CreatePartner stores a new catalogue partner and its audit entry (e,
// completed with action partner.create) in one transaction, and sets p.ID
// and p.Version. The caller validates p (partners.Partner.Validate). A
// name already in the catalogue for the same municipality is
// toren.CodeConflict on field name.
func (db *DB) CreatePartner(ctx context.Context, p *partners.Partner, e audit.Entry) error {
	in := *p
	in.Version, in.Active = 1, true
	in.CreatedAt = in.CreatedAt.UTC().Truncate(time.Microsecond)
	in.UpdatedAt = in.CreatedAt
	err := db.inTx(ctx, func(tq txQ) error {
		var err error
		in.ID, err = tq.insert(ctx, `INSERT INTO partners (name, name_key, kind, municipality, contact, phone, email, active, created_at, updated_at, version)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`, in.Name, strings.ToLower(in.Name), in.Kind, in.Municipality, in.Contact, in.Phone, in.Email,
			in.Active, in.CreatedAt, in.UpdatedAt, in.Version)
		if err != nil {
			if isUniqueViolation(err) {
				return &toren.Error{Code: toren.CodeConflict, Message: fmt.Sprintf("partner %q exists", in.Name),
					Fields: []toren.FieldError{{Field: "name", Rule: "unique", Message: "is in the catalogue already"}}}
			}
			return fmt.Errorf("store: create partner: %w", err)
		}
		e.Action, e.ObjectType, e.ObjectID = "partner.create", "partner", strconv.FormatInt(in.ID, 10)
		if e.Outcome == "" {
			e.Outcome = audit.OutcomeOK
		}
		return db.appendAuditTx(ctx, tq, e)
	})
	if err != nil {
		return err
	}
	*p = in
	return nil
}

// ListPartners returns the catalogue by name.
func (db *DB) ListPartners(ctx context.Context) ([]partners.Partner, error) {
	rows, err := db.reader().rows(ctx, `SELECT `+partnerColumns+` FROM partners ORDER BY name_key, municipality`)
	if err != nil {
		return nil, fmt.Errorf("store: list partners: %w", err)
	}
	defer rows.Close()
	var out []partners.Partner
	for rows.Next() {
		var p partners.Partner
		if err := rows.Scan(&p.ID, &p.Name, &p.Kind, &p.Municipality, &p.Contact, &p.Phone, &p.Email, &p.Active,
			&p.CreatedAt, &p.UpdatedAt, &p.Version); err != nil {
			return nil, fmt.Errorf("store: list partners: %w", err)
		}
		p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}
