package settings_test

import (
	"context"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/letters"
	"toren/internal/nl"
	"toren/internal/partners"
	"toren/internal/settings"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

var defaults = letters.Letterhead{Organisation: "Veilig Thuis", Phone: "0800-2000", Website: "www.veiligthuis.nl"}

// The letterhead holds the built-in values until the administrator sets
// it; only the administrator may, with the request's audit recorder, and
// input breaking a rule is refused naming the field and changes nothing.
func TestLetterhead(t *testing.T) {
	db := storetest.OpenSQLite(t)
	clock := toren.NewFixedClock(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	svc, err := settings.New(db, clock, defaults, nl.MustLoadMunicipalities())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	admin := authz.Actor{UserID: 8, Name: "Bart Kok", Roles: []authz.Role{authz.RoleAdmin}}
	leader := authz.Actor{UserID: 6, Name: "Tara Mulder", Roles: []authz.Role{authz.RoleTeamLeader}}
	recorded := audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: "8", ActorName: "Bart Kok", Origin: "test"}})
	current := func() letters.Letterhead {
		h, err := svc.Letterhead(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if h := current(); h.Organisation != "Veilig Thuis" {
		t.Fatalf("before any change: %+v", h)
	}
	next := letters.Letterhead{Organisation: " Veilig Thuis IJsselland ", Address: []string{"Postbus 123", " ", "8000 AB Zwolle"}, Phone: "088-1234567"}
	if _, err := svc.SetLetterhead(recorded, leader, next); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a team leader sets the letterhead: %v", err)
	}
	if _, err := svc.SetLetterhead(ctx, admin, next); err == nil {
		t.Error("the letterhead was set without an audit recorder")
	}
	bad := next
	bad.Organisation, bad.Email = "", "geen adres"
	_, err = svc.SetLetterhead(recorded, admin, bad)
	// Each field is named with its rule; the page words the rule.
	fields := map[string]bool{}
	for _, fe := range toren.FieldErrors(err) {
		fields[fe.Field] = fe.Rule != ""
	}
	if toren.ErrorCode(err) != toren.CodeInvalid || !fields["organisation"] || !fields["email"] {
		t.Errorf("bad input: %v, fields %v", err, fields)
	}
	if h := current(); h.Organisation != "Veilig Thuis" {
		t.Fatalf("refused calls changed the letterhead: %+v", h)
	}
	head, err := db.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetLetterhead(recorded, admin, next); err != nil {
		t.Fatal(err)
	}
	h := current()
	if h.Organisation != "Veilig Thuis IJsselland" || len(h.Address) != 2 || h.Address[1] != "8000 AB Zwolle" || h.Website != "" {
		t.Errorf("stored letterhead: %+v", h)
	}
	var entries []audit.Entry
	for en, err := range db.AuditEntries(ctx, head.Seq) {
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, en)
	}
	if len(entries) != 1 || entries[0].Action != "settings.manage" || entries[0].ActorName != "Bart Kok" ||
		entries[0].Reason != "letterhead: organisation, address, phone, website" {
		t.Errorf("the change's audit entry: %+v", entries)
	}
}

// A chain partner is added to the catalogue by the service: only who
// manages the catalogue, with the request's audit recorder, checked
// against the partner's rules, audited with the change.
func TestAddPartner(t *testing.T) {
	db := storetest.OpenSQLite(t)
	clock := toren.NewFixedClock(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	svc, err := settings.New(db, clock, defaults, nl.MustLoadMunicipalities())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	admin := authz.Actor{UserID: 8, Name: "Bart Kok", Roles: []authz.Role{authz.RoleAdmin}}
	leader := authz.Actor{UserID: 6, Name: "Tara Mulder", Roles: []authz.Role{authz.RoleTeamLeader}}
	recorded := audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: "8", ActorName: "Bart Kok", Origin: "test"}})
	wijkteam := partners.Partner{Name: " Wijkteam   Overvecht ", Kind: partners.KindLocalTeam, Municipality: "utrecht", Phone: "030-2860000"}

	if _, err := svc.AddPartner(recorded, leader, wijkteam); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a team leader adds a partner: %v", err)
	}
	if _, err := svc.AddPartner(ctx, admin, wijkteam); err == nil {
		t.Error("a partner was added without an audit recorder")
	}
	if _, err := svc.AddPartner(recorded, admin, partners.Partner{Kind: "bakker", Phone: "12"}); toren.ErrorCode(err) != toren.CodeInvalid ||
		len(toren.FieldErrors(err)) < 3 {
		t.Errorf("bad partner: %v", err)
	}
	if ps, err := db.ListPartners(ctx); err != nil || len(ps) != 0 {
		t.Fatalf("refused calls stored partners: %+v %v", ps, err)
	}
	h, _ := db.AuditHead(ctx)
	p, err := svc.AddPartner(recorded, admin, wijkteam)
	if err != nil || p.ID == 0 || p.Name != "Wijkteam Overvecht" || p.Municipality != "GM0344" {
		t.Fatalf("partner added: %+v %v", p, err)
	}
	var entries []audit.Entry
	for e, err := range db.AuditEntries(ctx, h.Seq) {
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	if len(entries) != 1 || entries[0].Action != settings.ActionPartnerCreate || entries[0].ActorName != "Bart Kok" {
		t.Errorf("the partner's audit entry: %+v", entries)
	}
	if _, err := svc.AddPartner(recorded, admin, wijkteam); toren.ErrorCode(err) != toren.CodeConflict {
		t.Errorf("the same partner twice: %v", err)
	}
}
