package registry

import (
	"context"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/toren"
)

// proposalBatch is how many new mentions one ProposeMerges looks at. Its
// write waits for the writer: during a bulk import, behind each batch of
// 1,000 reports (about 2,500 mentions). With 500 a write, the proposer
// fell further behind with every batch (a 20,000-row import ended with
// more than half of its mentions not looked at), the records the index gained
// since intake's notes grew with the lag (about 10,000 a mention), and a
// note it came to after maxChecked others was gone and the mention
// matched in full. With 4,000 it keeps up.
const proposalBatch = 4000

// Proposer is who the audit log names for the radar's merge proposals: no
// user acts, the radar proposes and a person decides. It is a system
// actor (audit.ActorTemplate: actor "system", role "system") that the
// policy allows nothing.
var Proposer = authz.Actor{Name: "radar"}

// proposerOrigin is the origin of the proposals' audit entries.
const proposerOrigin = "radar"

// ProposeMerges looks at the mentions stored since it last looked (at
// most a batch) and proposes, as review items of kind merge, to merge the
// registry persons each shows to be one person recorded twice (see
// radarsvc.Resolver.Duplicates), in one transaction with an audit entry
// per proposal. Nothing is merged: a reviewer confirms a proposal (Decide,
// which merges through the merge path) or rejects it, and a pair is
// proposed once. It is the radar's own upkeep, run by the app in the
// background: no user acts, so there is no actor to check. It returns how
// many mentions it looked at and how many proposals it made; of two
// servers looking at once, one writes and the other finds nothing new.
func (s *Service) ProposeMerges(ctx context.Context) (looked, proposed int, err error) {
	if s.cfg.Duplicates == nil {
		return 0, 0, nil
	}
	after, ms, err := s.cfg.Store.MergeProposalMentions(ctx, proposalBatch)
	if err != nil || len(ms) == 0 {
		return 0, 0, err
	}
	var ps []MergeProposal
	for _, pm := range ms {
		dups, err := s.cfg.Duplicates.Duplicates(pm.Mention, pm.On)
		if err != nil {
			return 0, 0, err
		}
		for _, d := range dups {
			ps = append(ps, MergeProposal{MentionID: pm.Mention.ID, SurvivorID: d.SurvivorID, AbsorbedID: d.AbsorbedID,
				Score: d.Score, Evidence: d.Evidence})
		}
	}
	// Always the proposer's own recorder, never one ctx carries: whoever
	// runs the proposer, the radar proposes.
	ctx = audit.WithRecorder(ctx, &audit.Recorder{Template: audit.ActorTemplate(Proposer, proposerOrigin)})
	n, err := s.cfg.Store.AddMergeProposals(ctx, after, ms[len(ms)-1].Mention.ID, ps, s.cfg.Clock.Now())
	if toren.ErrorCode(err) == toren.CodeConflict {
		return 0, 0, nil // another server looked at these meanwhile
	}
	if err != nil {
		return 0, 0, err
	}
	if n > 0 {
		s.cfg.Log.InfoContext(ctx, "radar: merge proposals", "mentions", len(ms), "proposals", n)
	}
	return len(ms), n, nil
}
