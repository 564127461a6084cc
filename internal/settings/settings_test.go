package settings_test

import (
	"context"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/letters"
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
	svc, err := settings.New(db, clock, defaults)
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
	fields := map[string]bool{}
	for _, fe := range toren.FieldErrors(err) {
		fields[fe.Field] = fe.MessageNL != ""
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
