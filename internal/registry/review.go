package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"toren/internal/authz"
	"toren/internal/persons"
	"toren/internal/radar"
	"toren/internal/radarsvc"
	"toren/internal/reports"
	"toren/internal/toren"
)

// ReviewView is a review item with what a reviewer weighs: the mention as
// the reporter named the person, the candidate the radar proposed, the
// person made for the mention meanwhile, the per-field evidence with the
// score, and the thresholds the score is held against.
type ReviewView struct {
	Item        ReviewItem           `json:"item"`
	Mention     reports.Mention      `json:"mention"`
	Candidate   persons.Person       `json:"candidate"`
	NewPerson   persons.Person       `json:"new_person"`
	Explanation radarsvc.Explanation `json:"explanation"`
	Thresholds  radar.Thresholds     `json:"thresholds"`
	// Limited says which of the three the reviewer sees only in the
	// reviewer's view (ReviewerFields), because they may not open it.
	Limited ReviewLimits `json:"limited"`
}

// ReviewLimits names the parts of a review item shown in the reviewer's
// view only.
type ReviewLimits struct {
	Mention   bool `json:"mention"`
	Candidate bool `json:"candidate"`
	NewPerson bool `json:"new_person"`
}

// ReviewerFields is what a reviewer is shown of a person or a mention
// they may not open: enough to decide whether two records are one person
// (with the per-field evidence the radar weighed, which says whether BSN,
// address and phone agree without showing them), and nothing that says
// where the person lives, how to reach them or what the report was about.
// The postcode keeps its four digits (the area), not its letters.
const ReviewerFields = "name, birth date or age, sex, postcode digits, evidence"

// reviewerPerson is a person in the reviewer's view (ReviewerFields).
func reviewerPerson(p persons.Person) persons.Person {
	return persons.Person{ID: p.ID, FirstNames: p.FirstNames, Initials: p.Initials, Particle: p.Particle, Surname: p.Surname,
		BirthDate: p.BirthDate, Sex: p.Sex, Postcode: postcodeDigits(p.Postcode), Mentions: p.Mentions}
}

// reviewerMention is a mention in the reviewer's view (ReviewerFields):
// not its role in the report either.
func reviewerMention(m reports.Mention) reports.Mention {
	return reports.Mention{ID: m.ID, FirstNames: m.FirstNames, Initials: m.Initials, Particle: m.Particle, Surname: m.Surname,
		BirthDate: m.BirthDate, Age: m.Age, Sex: m.Sex, Postcode: postcodeDigits(m.Postcode), PersonID: m.PersonID}
}

// postcodeDigits returns the four digits of a Dutch postcode ("1011 AB"
// gives "1011"), or "" for anything else.
func postcodeDigits(pc string) string {
	pc = strings.TrimSpace(pc)
	if len(pc) < 4 {
		return ""
	}
	for _, c := range pc[:4] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return pc[:4]
}

// ReviewQuery selects review items, oldest first.
type ReviewQuery struct {
	Status  ReviewStatus // empty: open
	AfterID int64
	Limit   int // 1 to 200; default 25
}

// Decisions a reviewer can take.
const (
	SamePerson       = "same_person"       // link the mention to the candidate
	DifferentPersons = "different_persons" // keep the mention's own person
)

// Decision is a reviewer's verdict on one review item.
type Decision struct {
	// Version is the version of the item the reviewer saw.
	Version  int    `json:"version"`
	Decision string `json:"decision"`
	// Note says why; it is required and goes into the audit log.
	Note string `json:"note"`
}

// MaxNote bounds a note or reason: a sentence or a paragraph, not a file.
const MaxNote = 2000

// ReviewItems lists review items, each with both persons and the
// evidence, for a user who may work the queue (review.list).
func (s *Service) ReviewItems(ctx context.Context, actor authz.Actor, q ReviewQuery) ([]ReviewView, error) {
	if err := s.allow(actor, authz.ActionReviewList, authz.Resource{}); err != nil {
		return nil, err
	}
	var problems toren.Problems
	switch q.Status {
	case "", ReviewOpen, ReviewAccepted, ReviewRejected:
	default:
		problems.Add("status", "enum", "status must be open, accepted or rejected")
	}
	if q.Limit == 0 {
		q.Limit = 25
	}
	if q.Limit < 1 || q.Limit > 200 {
		problems.Add("limit", "range", "limit must be an integer from 1 to 200")
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	items, err := s.cfg.Store.ListReviewItems(ctx, ReviewFilter{Status: q.Status, AfterID: q.AfterID, Limit: q.Limit})
	if err != nil {
		return nil, err
	}
	out := make([]ReviewView, 0, len(items))
	for _, it := range items {
		v, err := s.view(ctx, actor, it)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	s.noteShown(ctx, out...)
	return out, nil
}

// ReviewItem returns one review item with both persons and the evidence.
func (s *Service) ReviewItem(ctx context.Context, actor authz.Actor, id int64) (ReviewView, error) {
	if err := s.allow(actor, authz.ActionReviewList, authz.Resource{}); err != nil {
		return ReviewView{}, err
	}
	it, err := s.cfg.Store.GetReviewItem(ctx, id)
	if err != nil {
		return ReviewView{}, err
	}
	v, err := s.view(ctx, actor, it)
	if err != nil {
		return v, err
	}
	s.noteShown(ctx, v)
	return v, nil
}

// noteShown tells the request's audit entry which persons were shown in
// the reviewer's view only, and what that view holds.
func (s *Service) noteShown(ctx context.Context, vs ...ReviewView) {
	var ids []string
	for _, v := range vs {
		if v.Limited.Candidate {
			ids = append(ids, strconv.FormatInt(v.Candidate.ID, 10))
		}
		if v.Limited.NewPerson {
			ids = append(ids, strconv.FormatInt(v.NewPerson.ID, 10))
		}
		if v.Limited.Mention {
			ids = append(ids, "mention "+strconv.FormatInt(v.Mention.ID, 10))
		}
	}
	if len(ids) > 0 && s.cfg.Persons != nil {
		s.cfg.Persons.Note(ctx, "reviewer view ("+ReviewerFields+") of "+strings.Join(ids, ", "))
	}
}

func (s *Service) view(ctx context.Context, actor authz.Actor, it ReviewItem) (ReviewView, error) {
	v := ReviewView{Item: it, Thresholds: s.cfg.Thresholds}
	var err error
	if v.Mention, err = s.cfg.Store.Mention(ctx, it.MentionID); err != nil {
		return v, err
	}
	if v.Candidate, err = s.cfg.Store.GetPerson(ctx, it.PersonID); err != nil {
		return v, err
	}
	if v.NewPerson, err = s.cfg.Store.GetPerson(ctx, it.NewPersonID); err != nil {
		return v, err
	}
	// Need-to-know: each of the three in full only to whoever may open
	// it; otherwise the reviewer's view.
	full := func(check func(context.Context, authz.Actor, int64) error, id int64) (bool, error) {
		if s.cfg.Persons == nil {
			return false, nil
		}
		switch err := check(ctx, actor, id); {
		case err == nil:
			return true, nil
		case toren.ErrorCode(err) == toren.CodeForbidden:
			return false, nil
		default:
			return false, err
		}
	}
	var personsCheck, reportsCheck func(context.Context, authz.Actor, int64) error
	if s.cfg.Persons != nil {
		personsCheck, reportsCheck = s.cfg.Persons.CheckPersonFull, s.cfg.Persons.CheckReportFull
	}
	if ok, err := full(reportsCheck, it.ReportID); err != nil {
		return v, err
	} else if !ok {
		v.Mention, v.Limited.Mention = reviewerMention(v.Mention), true
	}
	if ok, err := full(personsCheck, it.PersonID); err != nil {
		return v, err
	} else if !ok {
		v.Candidate, v.Limited.Candidate = reviewerPerson(v.Candidate), true
	}
	if ok, err := full(personsCheck, it.NewPersonID); err != nil {
		return v, err
	} else if !ok {
		v.NewPerson, v.Limited.NewPerson = reviewerPerson(v.NewPerson), true
	}
	if len(it.Evidence) > 0 {
		if err := json.Unmarshal(it.Evidence, &v.Explanation); err != nil {
			return v, fmt.Errorf("registry: evidence of review item %d: %w", it.ID, err)
		}
	}
	if v.Explanation.Fields == nil {
		v.Explanation.Fields = []radar.Evidence{}
	}
	return v, nil
}

// Decide records a reviewer's verdict (review.link): the same person links
// the mention to the candidate; different persons keeps the mention's own
// person. The note is required. Of two reviewers deciding the same version
// at once, one wins and the other gets a toren.CodeConflict error.
func (s *Service) Decide(ctx context.Context, actor authz.Actor, id int64, d Decision) (ReviewItem, error) {
	if err := s.allow(actor, authz.ActionReviewLink, authz.Resource{Kind: authz.KindReview, ID: id}); err != nil {
		return ReviewItem{}, err
	}
	var problems toren.Problems
	if d.Decision != SamePerson && d.Decision != DifferentPersons {
		problems.Add("decision", "enum", "decision must be same_person or different_persons")
	}
	if d.Version < 1 {
		problems.Add("version", "required", "version must be the version of the item that was read")
	}
	checkNote(&problems, "note", d.Note)
	if err := problems.Err(); err != nil {
		return ReviewItem{}, err
	}
	if d.Decision == SamePerson {
		it, err := s.cfg.Store.GetReviewItem(ctx, id)
		if err != nil {
			return ReviewItem{}, err
		}
		if it.Kind == KindMerge {
			return s.confirmMerge(ctx, actor, it, d)
		}
	}
	out, err := s.cfg.Store.DecideReview(ctx, ReviewDecision{ID: id, Version: d.Version, Accept: d.Decision == SamePerson,
		By: actor.Name, Reason: strings.TrimSpace(d.Note), At: s.cfg.Clock.Now()}, s.cfg.Index)
	if err != nil {
		return ReviewItem{}, err
	}
	s.cfg.Log.InfoContext(ctx, "review item decided", "item", id, "decision", d.Decision)
	return out.Item, nil
}

func checkNote(p *toren.Problems, field, note string) {
	switch n := utf8.RuneCountInString(strings.TrimSpace(note)); {
	case n == 0:
		p.Add(field, "required", field+" is required")
	case n > MaxNote:
		p.Add(field, "max_length", fmt.Sprintf("%s may be at most %d characters", field, MaxNote))
	}
}

// confirmMerge confirms a merge proposal: the proposal's younger person
// is merged into the older through the merge path (the rules of
// MergeRequest.Check and CheckProposal, need-to-know on both persons, an
// audit entry), which closes the proposal as accepted and can be undone.
func (s *Service) confirmMerge(ctx context.Context, actor authz.Actor, it ReviewItem, d Decision) (ReviewItem, error) {
	if it.Status != ReviewOpen || it.Version != d.Version {
		return ReviewItem{}, toren.Errorf(toren.CodeConflict, "merge proposal %d was decided or changed by someone else", it.ID)
	}
	if err := s.allow(actor, authz.ActionPersonMerge, authz.Resource{Kind: authz.KindPerson, ID: it.PersonID}); err != nil {
		return ReviewItem{}, err
	}
	if err := s.mayReadBoth(ctx, actor, it.PersonID, it.NewPersonID); err != nil {
		return ReviewItem{}, err
	}
	m, err := s.cfg.Store.MergePersons(ctx, MergeRequest{SurvivorID: it.PersonID, AbsorbedID: it.NewPersonID, By: actor.Name,
		Reason: strings.TrimSpace(d.Note), At: s.cfg.Clock.Now(), Proposal: it.ID, ProposalVersion: d.Version}, s.cfg.Index)
	if err != nil {
		return ReviewItem{}, err
	}
	s.cfg.Log.InfoContext(ctx, "merge proposal confirmed", "item", it.ID, "merge", m.ID, "survivor", m.SurvivorID, "absorbed", m.AbsorbedID)
	return s.cfg.Store.GetReviewItem(ctx, it.ID)
}
