package registry

import (
	"context"
	"strings"

	"toren/internal/authz"
	"toren/internal/toren"
)

// MergeInput asks to merge another registry person into this one.
type MergeInput struct {
	// PersonID is the person to absorb: its mentions move to this one.
	PersonID int64  `json:"person_id"`
	Reason   string `json:"reason"`
}

// UnmergeInput asks to undo the merge that absorbed a person.
type UnmergeInput struct {
	Reason string `json:"reason"`
}

// MergeStatus says how a person stands in merges in force.
type MergeStatus struct {
	// Into is the merge that absorbed this person, if it was merged away.
	Into *Merge
	// From are the merges that absorbed other persons into this one.
	From []Merge
}

// Merge merges in.PersonID into survivorID (person.merge, for both
// persons) as actor. The reason is required.
func (s *Service) Merge(ctx context.Context, actor authz.Actor, survivorID int64, in MergeInput) (Merge, error) {
	if err := s.allow(actor, authz.ActionPersonMerge, authz.Resource{Kind: authz.KindPerson, ID: survivorID}); err != nil {
		return Merge{}, err
	}
	var problems toren.Problems
	if in.PersonID <= 0 {
		problems.Add("person_id", "required", "person_id must name the person to merge")
	} else {
		checkNotItself(&problems, survivorID, in.PersonID)
	}
	checkNote(&problems, "reason", in.Reason)
	if err := problems.Err(); err != nil {
		return Merge{}, err
	}
	if err := s.allow(actor, authz.ActionPersonMerge, authz.Resource{Kind: authz.KindPerson, ID: in.PersonID}); err != nil {
		return Merge{}, err
	}
	// A merge moves the absorbed person's reports to the survivor: it must
	// not become a way into content one may not read. Both persons must be
	// open to the user in full, through an owning team or a break-glass
	// grant (the history still shows each report only to its own readers).
	if err := s.mayReadBoth(ctx, actor, survivorID, in.PersonID); err != nil {
		return Merge{}, err
	}
	m, err := s.cfg.Store.MergePersons(ctx, MergeRequest{SurvivorID: survivorID, AbsorbedID: in.PersonID, By: actor.Name,
		Reason: strings.TrimSpace(in.Reason), At: s.cfg.Clock.Now()}, s.cfg.Index)
	if err != nil {
		return Merge{}, err
	}
	s.cfg.Log.InfoContext(ctx, "persons merged", "merge", m.ID, "survivor", survivorID, "absorbed", in.PersonID, "mentions", len(m.Mentions))
	return m, nil
}

// Unmerge undoes the merge in force that absorbed absorbedID
// (person.unmerge) as actor. The reason is required.
func (s *Service) Unmerge(ctx context.Context, actor authz.Actor, absorbedID int64, in UnmergeInput) (Merge, error) {
	if err := s.allow(actor, authz.ActionPersonUnmerge, authz.Resource{Kind: authz.KindPerson, ID: absorbedID}); err != nil {
		return Merge{}, err
	}
	var problems toren.Problems
	checkNote(&problems, "reason", in.Reason)
	if err := problems.Err(); err != nil {
		return Merge{}, err
	}
	m, err := s.cfg.Store.UnmergePerson(ctx, UnmergeRequest{AbsorbedID: absorbedID, By: actor.Name,
		Reason: strings.TrimSpace(in.Reason), At: s.cfg.Clock.Now()}, s.cfg.Index)
	if err != nil {
		return Merge{}, err
	}
	s.cfg.Log.InfoContext(ctx, "merge undone", "merge", m.ID, "survivor", m.SurvivorID, "absorbed", absorbedID)
	return m, nil
}

// MergeStatus returns the merges in force a person takes part in, for
// actor. It shows numbers only (which person absorbed which), so a
// signal-level right on the person suffices: whoever may learn that the
// person exists (person.view at any level) may see where it went.
func (s *Service) MergeStatus(ctx context.Context, actor authz.Actor, personID int64) (MergeStatus, error) {
	var st MergeStatus
	if err := s.allow(actor, authz.ActionPersonView, authz.Resource{Kind: authz.KindPerson, ID: personID}); err != nil {
		return st, err
	}
	m, ok, err := s.cfg.Store.MergeAbsorbing(ctx, personID)
	if err != nil {
		return st, err
	}
	if ok {
		st.Into = &m
	}
	if st.From, err = s.cfg.Store.MergesInto(ctx, personID); err != nil {
		return st, err
	}
	return st, nil
}

// mayReadBoth refuses a merge or unmerge unless the user may read both
// persons in full.
func (s *Service) mayReadBoth(ctx context.Context, actor authz.Actor, ids ...int64) error {
	if s.cfg.Persons == nil {
		return toren.Errorf(toren.CodeForbidden, "merging persons needs need-to-know on both; none configured")
	}
	for _, id := range ids {
		if err := s.cfg.Persons.CheckPersonFull(ctx, actor, id); err != nil {
			if toren.ErrorCode(err) == toren.CodeNotFound {
				return err
			}
			return toren.Errorf(toren.CodeForbidden, "merging person %d needs its owning team or a break-glass grant", id)
		}
	}
	return nil
}
