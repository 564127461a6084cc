package access

import (
	"context"

	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/toren"
)

// CaseFiles reads case files for a user (satisfied by *casework.Service,
// which asks the policy about the case itself).
type CaseFiles interface {
	File(ctx context.Context, a authz.Actor, caseID int64) (*casework.File, error)
}

// CaseReader gives the web interface case files with need-to-know applied
// the way Reader applies it to reports and persons: the signed-in user of
// the request reads, a worker of another team gets a *SignalOnly naming
// the team to ask, and the persons of a file that is shown go into the
// request's audit entry.
//
// Break-glass grants do not open a case here: the case-file service
// decides without them, so an intake worker opens the case's reports and
// persons with a grant instead.
type CaseReader struct {
	Files CaseFiles
}

// File returns the case file for the request's user.
func (cr CaseReader) File(ctx context.Context, caseID int64) (*casework.File, error) {
	p, ok := FromContext(ctx)
	if !ok {
		return nil, toren.Errorf(toren.CodeForbidden, "not signed in")
	}
	f, err := cr.Files.File(ctx, p.Actor, caseID)
	if so, signal := casework.AsSignalOnly(err); signal {
		return nil, CaseSignalOnly(so)
	}
	if err != nil {
		return nil, err
	}
	p.Touch(f.PersonIDs...)
	return f, nil
}

// CaseSignalOnly is the case-file service's signal-only answer as the
// adapters show every other: the case exists, and whom to ask.
func CaseSignalOnly(so *casework.SignalOnly) *SignalOnly {
	return &SignalOnly{Kind: authz.KindCase, ID: so.CaseID, Teams: so.Teams,
		err: toren.Errorf(toren.CodeForbidden, "%s", so.Error())}
}

// MayOnCase asks the policy whether the request's user may do action on
// the case in full, for a screen deciding which forms to offer. The
// Service decides again when the form is sent.
func MayOnCase(ctx context.Context, f *casework.File, action authz.Action, now toren.Clock) bool {
	p, ok := FromContext(ctx)
	if !ok {
		return false
	}
	return authz.Decide(p.Actor, action, f.Resource(), authz.Opts{Now: now.Now()}).Full()
}

// MayDecide asks the policy whether the request's user may approve or
// refuse decision d of the case: a second qualified person with
// need-to-know on the case, never its proposer.
func MayDecide(ctx context.Context, f *casework.File, d *casework.Decision, now toren.Clock) bool {
	p, ok := FromContext(ctx)
	if !ok {
		return false
	}
	return authz.Decide(p.Actor, authz.ActionDecisionApprove, f.DecisionResource(d), authz.Opts{Now: now.Now()}).Full()
}
