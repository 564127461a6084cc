// Package registry keeps the person registry right where the radar could
// not decide alone: the review queue, in which a person confirms or
// rejects an uncertain link, and the merge of two registry persons that
// turn out to be one, which can be undone exactly. Every method takes the
// acting user explicitly; every decision is checked against the policy,
// written with its audit entry in one transaction, and passed on to the
// radar's index at the commit. The persons a result shows are in it, so
// that the caller can name them in the access log.
package registry

import (
	"context"
	"log/slog"
	"time"

	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/radar"
	"toren/internal/radarsvc"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Store is the storage the service needs (satisfied by *store.DB).
type Store interface {
	ListReviewItems(ctx context.Context, f ReviewFilter) ([]ReviewItem, error)
	GetReviewItem(ctx context.Context, id int64) (ReviewItem, error)
	DecideReview(ctx context.Context, d ReviewDecision, idx intake.RegistryIndex) (ReviewOutcome, error)
	GetPerson(ctx context.Context, id int64) (persons.Person, error)
	Mention(ctx context.Context, id int64) (reports.Mention, error)
	MergePersons(ctx context.Context, req MergeRequest, idx intake.RegistryIndex) (Merge, error)
	UnmergePerson(ctx context.Context, req UnmergeRequest, idx intake.RegistryIndex) (Merge, error)
	MergeAbsorbing(ctx context.Context, id int64) (Merge, bool, error)
	MergesInto(ctx context.Context, id int64) ([]Merge, error)
	MergeProposalMentions(ctx context.Context, limit int) (int64, []ProposalMention, error)
	AddMergeProposals(ctx context.Context, after, upTo int64, ps []MergeProposal, at time.Time) (int, error)
}

// DuplicateFinder finds the registry persons a mention shows to be one
// (radarsvc.Resolver).
type DuplicateFinder interface {
	Duplicates(m reports.Mention, on toren.Date) ([]radarsvc.Duplicate, error)
}

// Config wires the service.
type Config struct {
	Store Store
	// Index is the radar's index, told of every change at its commit; nil
	// when intake's resolver reads the database itself.
	Index intake.RegistryIndex
	// Thresholds are the radar's, shown to the reviewer beside the score.
	Thresholds radar.Thresholds
	Clock      toren.Clock
	Log        *slog.Logger
	// Persons says whether the signed-in user may read a person in full
	// (access.Reader satisfies it). Merging moves one person's reports to
	// the other, so it needs full access to both; without Persons every
	// merge is refused.
	Persons PersonAccess
	// Duplicates finds merge proposals in new mentions (ProposeMerges);
	// nil proposes none.
	Duplicates DuplicateFinder
}

// PersonAccess decides need-to-know on one registry person.
type PersonAccess interface {
	// CheckPersonFull returns nil when actor may read the person in
	// full, and an error (toren.CodeForbidden) otherwise.
	CheckPersonFull(ctx context.Context, actor authz.Actor, id int64) error
	// CheckReportFull is the same for a report.
	CheckReportFull(ctx context.Context, actor authz.Actor, id int64) error
	// Note adds a remark on what was shown to the request's audit entry.
	Note(ctx context.Context, remark string)
}

// Service is the review queue and the merging of registry persons.
type Service struct {
	cfg Config
}

// New returns the service.
func New(cfg Config) *Service {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = toren.SystemClock{}
	}
	return &Service{cfg: cfg}
}

// Thresholds returns the radar thresholds the reviewer is shown.
func (s *Service) Thresholds() radar.Thresholds { return s.cfg.Thresholds }

// allow asks the policy whether actor may do act on res.
func (s *Service) allow(actor authz.Actor, act authz.Action, res authz.Resource) error {
	if d := authz.Decide(actor, act, res, authz.Opts{Now: s.cfg.Clock.Now()}); !d.Allowed {
		return toren.Errorf(toren.CodeForbidden, "%s", d.Reason)
	}
	return nil
}
