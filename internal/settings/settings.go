// Package settings holds the organisation settings the administrator
// changes in the interface while Toren runs, over the values it was
// started with: the letterhead (the organisation's name, postal address,
// phone number, e-mail address and website on every letter) and the
// catalogue of chain partners a case is handed over to. A change is
// checked, allowed only to who may manage the settings (settings.manage)
// or the catalogue (catalogue.manage), and stored with its audit entry in
// one transaction.
package settings

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/letters"
	"toren/internal/nl"
	"toren/internal/partners"
	"toren/internal/toren"
)

// Store keeps the settings (satisfied by *store.DB).
type Store interface {
	// Setting returns the stored value of a setting, false when none is.
	Setting(ctx context.Context, name string) (string, bool, error)
	// SaveSetting stores a setting's value and its audit entry in one
	// transaction.
	SaveSetting(ctx context.Context, name, value string, at time.Time, e audit.Entry) error
	// CreatePartner stores a chain partner and its audit entry in one
	// transaction; a name already in the catalogue is a CodeConflict.
	CreatePartner(ctx context.Context, p *partners.Partner, e audit.Entry) error
}

// letterheadSetting names the letterhead in the store.
const letterheadSetting = "letterhead"

// Service reads and changes the organisation settings.
type Service struct {
	store    Store
	clock    toren.Clock
	defaults letters.Letterhead
	mun      *nl.Municipalities
}

// New returns the service over store; defaults are the values Toren was
// started with, which hold until the administrator changes them; mun is
// the municipality list a partner's municipality is checked against.
func New(store Store, clock toren.Clock, defaults letters.Letterhead, mun *nl.Municipalities) (*Service, error) {
	if store == nil || clock == nil || mun == nil {
		return nil, fmt.Errorf("settings: a store, a clock and the municipalities are required")
	}
	if err := defaults.Validate(); err != nil {
		return nil, fmt.Errorf("settings: default letterhead: %w", err)
	}
	return &Service{store: store, clock: clock, defaults: defaults, mun: mun}, nil
}

// Letterhead returns the letterhead letters are printed on now.
func (s *Service) Letterhead(ctx context.Context) (letters.Letterhead, error) {
	v, ok, err := s.store.Setting(ctx, letterheadSetting)
	if err != nil || !ok {
		return s.defaults, err
	}
	var h letters.Letterhead
	if err := json.Unmarshal([]byte(v), &h); err != nil {
		return letters.Letterhead{}, fmt.Errorf("settings: stored letterhead: %w", err)
	}
	return h, nil
}

// SetLetterhead makes h the letterhead of the letters made from now on.
// Only a who may manage the settings may; ctx must carry the request's
// audit recorder. Bad input is a toren.CodeInvalid error naming every
// broken field (organisation, address[i], phone, email, website) by its
// rule (the page words it), and changes nothing.
func (s *Service) SetLetterhead(ctx context.Context, a authz.Actor, h letters.Letterhead) (letters.Letterhead, error) {
	now := s.clock.Now()
	if d := authz.Decide(a, authz.ActionSettingsManage, authz.Resource{}, authz.Opts{Now: now}); !d.Full() {
		return letters.Letterhead{}, toren.Errorf(toren.CodeForbidden, "not allowed: %s", d.Reason)
	}
	rec, ok := audit.RequestRecorder(ctx, a)
	if !ok {
		return letters.Letterhead{}, toren.Errorf(toren.CodeForbidden, "no one to record as the actor of a settings change")
	}
	h = normalise(h)
	if err := h.Validate(); err != nil {
		return letters.Letterhead{}, err
	}
	old, err := s.Letterhead(ctx)
	if err != nil {
		return letters.Letterhead{}, err
	}
	v, err := json.Marshal(h)
	if err != nil {
		return letters.Letterhead{}, fmt.Errorf("settings: encode letterhead: %w", err)
	}
	e := rec.Entry(now, string(authz.ActionSettingsManage), "setting", letterheadSetting, nil)
	e.Reason = "letterhead: " + changed(old, h)
	if err := s.store.SaveSetting(ctx, letterheadSetting, string(v), now, e); err != nil {
		return letters.Letterhead{}, err
	}
	rec.Wrote(1)
	return h, nil
}

// ActionPartnerCreate is the audit action of a partner added to the
// catalogue.
const ActionPartnerCreate = "partner.create"

// AddPartner adds p to the catalogue of chain partners. Only a who may
// manage the catalogue (catalogue.manage) may; ctx must carry the
// request's audit recorder. Bad input is a toren.CodeInvalid error naming
// every broken field (name, kind, municipality, phone, email); a name
// already in the catalogue is a toren.CodeConflict on name. Nothing is
// stored then. The partner is returned as stored (normalised, with its
// ID).
func (s *Service) AddPartner(ctx context.Context, a authz.Actor, p partners.Partner) (partners.Partner, error) {
	now := s.clock.Now()
	if d := authz.Decide(a, authz.ActionCatalogueManage, authz.Resource{}, authz.Opts{Now: now}); !d.Full() {
		return partners.Partner{}, toren.Errorf(toren.CodeForbidden, "not allowed: %s", d.Reason)
	}
	rec, ok := audit.RequestRecorder(ctx, a)
	if !ok {
		return partners.Partner{}, errors.New("settings: no audit recorder in the context to record the change with")
	}
	p.CreatedAt = now
	p.Normalize(s.mun)
	if err := p.Validate(s.mun); err != nil {
		return partners.Partner{}, err
	}
	e := rec.Entry(now, ActionPartnerCreate, "", "", nil)
	e.Reason = "name: " + p.Name + "; kind: " + string(p.Kind)
	if err := s.store.CreatePartner(ctx, &p, e); err != nil {
		return partners.Partner{}, err
	}
	rec.Wrote(1)
	return p, nil
}

// normalise trims every field and drops empty address lines, so that a
// form's blank lines are not part of the address.
func normalise(h letters.Letterhead) letters.Letterhead {
	out := letters.Letterhead{Organisation: strings.TrimSpace(h.Organisation), Phone: strings.TrimSpace(h.Phone),
		Email: strings.TrimSpace(h.Email), Website: strings.TrimSpace(h.Website)}
	for _, l := range h.Address {
		if l = strings.TrimSpace(l); l != "" {
			out.Address = append(out.Address, l)
		}
	}
	return out
}

// changed names the fields that differ, for the audit entry.
func changed(old, h letters.Letterhead) string {
	var out []string
	for _, f := range []struct {
		name     string
		was, now string
	}{
		{"organisation", old.Organisation, h.Organisation}, {"address", strings.Join(old.Address, "\n"), strings.Join(h.Address, "\n")},
		{"phone", old.Phone, h.Phone}, {"email", old.Email, h.Email}, {"website", old.Website, h.Website},
	} {
		if f.was != f.now {
			out = append(out, f.name)
		}
	}
	if len(out) == 0 {
		return "no change"
	}
	return strings.Join(out, ", ")
}
