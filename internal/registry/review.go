package registry

import (
	"context"
	"encoding/json"
	"fmt"
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

// maxNote bounds a note or reason: a sentence or a paragraph, not a file.
const maxNote = 2000

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
		problems.Add("status", "enum", "status must be open, accepted or rejected", "Onbekende status.")
	}
	if q.Limit == 0 {
		q.Limit = 25
	}
	if q.Limit < 1 || q.Limit > 200 {
		problems.Add("limit", "range", "limit must be an integer from 1 to 200", "Kies 1 tot 200 regels.")
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
		v, err := s.view(ctx, it)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
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
	return s.view(ctx, it)
}

func (s *Service) view(ctx context.Context, it ReviewItem) (ReviewView, error) {
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
		problems.Add("decision", "enum", "decision must be same_person or different_persons", "Kies: zelfde persoon of verschillende personen.")
	}
	if d.Version < 1 {
		problems.Add("version", "required", "version must be the version of the item that was read", "Laad de pagina opnieuw.")
	}
	checkNote(&problems, "note", d.Note)
	if err := problems.Err(); err != nil {
		return ReviewItem{}, err
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
		p.Add(field, "required", field+" is required", "Schrijf kort op waarom.")
	case n > maxNote:
		p.Add(field, "max_length", fmt.Sprintf("%s may be at most %d characters", field, maxNote), fmt.Sprintf("Gebruik hoogstens %d tekens.", maxNote))
	}
}
