package web

import (
	"context"

	"toren/internal/accounts"
	"toren/internal/casework"
	"toren/internal/partners"
)

// The case-work screens: the case file page with
// every form of the process, the list of the team's cases, the work queue
// on the start page, opening a case from a report, the letters and the
// case's audit trail. They drive the casework service; need-to-know is the
// service's and the access layer's, the screens only decide which forms to
// offer.

// Casework is the case-file service the screens drive (satisfied by
// *casework.Service).
type Casework = casework.Steps

// CaseFiles reads a case file for the request's user with need-to-know
// applied (satisfied by access.CaseReader): a worker of another team gets
// an *access.SignalOnly.
type CaseFiles interface {
	File(ctx context.Context, caseID int64) (*casework.File, error)
}

// CaseStore is what the case screens read besides the case file: the
// lists of teams, workers and partners (satisfied by *store.DB), which
// hold no case content. Everything about a case or a report (the cases a
// report is in, the case of a decision, letters, the audit log) is read
// through the service, which asks the policy itself.
type CaseStore interface {
	ListTeams(ctx context.Context) ([]accounts.Team, error)
	ListUsers(ctx context.Context) ([]accounts.User, error)
	// ListPartners is the partner catalogue, offered in the handover form.
	ListPartners(ctx context.Context) ([]partners.Partner, error)
}

// CaseworkConfig wires the case-work screens. Without a Service they are
// left out (the start page then shows no work queue).
type CaseworkConfig struct {
	Service Casework
	// Records files and reads the letters of a case and its audit log
	// (satisfied by *casework.Service).
	Records casework.Records
	Files   CaseFiles
	Store   CaseStore
	// IntakeTeam owns the reports in triage.
	IntakeTeam string
}

func (c CaseworkConfig) enabled() bool { return c.Service != nil }
