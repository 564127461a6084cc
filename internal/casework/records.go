package casework

import (
	"context"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/letters"
	"toren/internal/toren"
)

// Records is what the adapters ask of the service about what a case has
// on file besides its process: the letters made from it and its audit
// log (*Service satisfies it). Each takes the acting user; the service
// checks the policy, and the letters of a request are made and filed with
// their audit entries in one transaction (letters.go).
type Records interface {
	MakeLetters(ctx context.Context, a authz.Actor, caseID int64, req LetterRequest) ([]letters.Record, error)
	Letters(ctx context.Context, a authz.Actor, caseID int64) ([]letters.Record, error)
	Letter(ctx context.Context, a authz.Actor, caseID, letterID int64) (*File, *letters.Record, error)
	LetterPDF(ctx context.Context, a authz.Actor, caseID, letterID int64) (*File, *letters.Record, error)
	CaseAudit(ctx context.Context, a authz.Actor, caseID int64, limit int) (*AuditLog, error)
}

// AuditLog is who did what to a case file, newest first.
type AuditLog struct {
	CaseID  int64
	Number  string
	Entries []audit.Entry
}

// Letters lists the letters of a case a may read (case.view), oldest
// first, without their text.
func (s *Service) Letters(ctx context.Context, a authz.Actor, caseID int64) ([]letters.Record, error) {
	if _, err := s.File(ctx, a, caseID); err != nil {
		return nil, err
	}
	return s.store.ListLetters(ctx, caseID)
}

// Letter returns a letter of a case a may read (case.view), with the case
// file. A letter of another case is not found.
func (s *Service) Letter(ctx context.Context, a authz.Actor, caseID, letterID int64) (*File, *letters.Record, error) {
	f, err := s.File(ctx, a, caseID)
	if err != nil {
		return nil, nil, err
	}
	rec, err := s.store.GetLetter(ctx, letterID)
	if err != nil {
		return nil, nil, err
	}
	if rec.CaseID != caseID {
		return nil, nil, toren.Errorf(toren.CodeNotFound, "letter %d is not in case %d", letterID, caseID)
	}
	return f, rec, nil
}

// LetterPDF returns a letter as Letter does, for a copy that leaves Toren
// (print, mail): a must also be allowed to export from the case.
func (s *Service) LetterPDF(ctx context.Context, a authz.Actor, caseID, letterID int64) (*File, *letters.Record, error) {
	f, rec, err := s.Letter(ctx, a, caseID, letterID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.allow(a, authz.ActionExport, resource(f)); err != nil {
		return nil, nil, err
	}
	return f, rec, nil
}

// CaseAudit returns the audit log of a case, at most limit entries, to
// one who may read the audit log (audit.view: the privacy officer). It
// shows who did what, not the case's content.
func (s *Service) CaseAudit(ctx context.Context, a authz.Actor, caseID int64, limit int) (*AuditLog, error) {
	f, err := s.load(ctx, caseID)
	if err != nil {
		return nil, err
	}
	// audit.view is decided by role: it takes no object.
	if err := s.allow(a, authz.ActionAuditView, authz.Resource{}); err != nil {
		return nil, err
	}
	entries, err := s.store.AuditForCase(ctx, caseID, limit)
	if err != nil {
		return nil, err
	}
	return &AuditLog{CaseID: caseID, Number: f.Case.Number, Entries: entries}, nil
}
