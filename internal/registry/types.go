package registry

import (
	"encoding/json"
	"strings"
	"time"

	"toren/internal/reports"
	"toren/internal/toren"
)

// Merge is one merge of two registry persons: the absorbed person's
// mentions (and review items) moved to the survivor. An undone merge keeps
// its record with who undid it.
type Merge struct {
	ID         int64     `json:"id"`
	SurvivorID int64     `json:"survivor_id"`
	AbsorbedID int64     `json:"absorbed_id"`
	Reason     string    `json:"reason"`
	MergedBy   string    `json:"merged_by"`
	MergedAt   time.Time `json:"merged_at"`
	// UnmergedBy, UnmergedAt and UnmergeReason are set once it is undone.
	UnmergedBy    string    `json:"unmerged_by,omitempty"`
	UnmergedAt    time.Time `json:"unmerged_at,omitzero"`
	UnmergeReason string    `json:"unmerge_reason,omitempty"`
	// Mentions and ReviewItems are the rows the merge moved.
	Mentions    []int64 `json:"mentions"`
	ReviewItems []int64 `json:"review_items"`
	Version     int     `json:"version"`
}

// InForce reports whether the merge has not been undone.
func (m Merge) InForce() bool { return m.UnmergedAt.IsZero() }

// MergeRequest asks to merge registry person AbsorbedID into SurvivorID.
type MergeRequest struct {
	SurvivorID int64
	AbsorbedID int64
	By         string // who merges, as merged_by and in review items the merge closes
	Reason     string
	At         time.Time
	// Proposal is the merge proposal (a review item of KindMerge) this
	// merge confirms, 0 for none; ProposalVersion the version of it the
	// reviewer saw. The merge closes the proposal as accepted.
	Proposal        int64
	ProposalVersion int
}

// Check applies the rules every merge obeys, wherever it comes from: a
// person is not merged with itself, someone merges for a reason, and a
// merge that confirms a proposal names the version of it that was read.
func (r MergeRequest) Check() error {
	var p toren.Problems
	checkNotItself(&p, r.SurvivorID, r.AbsorbedID)
	checkWhoAndWhy(&p, r.By, r.Reason)
	if r.Proposal != 0 && r.ProposalVersion < 1 {
		p.Add("version", "required", "version must be the version of the proposal that was read")
	}
	return p.Err()
}

// CheckProposal applies the rule a merge that confirms a proposal obeys:
// it merges the two persons the proposal names, the absorbed one into
// the proposed survivor, while the proposal is open at the version read.
func (r MergeRequest) CheckProposal(it ReviewItem) error {
	switch {
	case it.Kind != KindMerge:
		return toren.Errorf(toren.CodeInvalid, "review item %d is not a merge proposal", it.ID)
	case it.Status != ReviewOpen || it.Version != r.ProposalVersion:
		return toren.Errorf(toren.CodeConflict, "merge proposal %d was decided or changed by someone else", it.ID)
	case it.PersonID != r.SurvivorID || it.NewPersonID != r.AbsorbedID:
		return toren.Errorf(toren.CodeInvalid, "merge proposal %d is about persons %d and %d", it.ID, it.PersonID, it.NewPersonID)
	}
	return nil
}

// UnmergeRequest asks to undo the merge in force that absorbed AbsorbedID.
type UnmergeRequest struct {
	AbsorbedID int64
	By         string
	Reason     string
	At         time.Time
}

// Check applies the rules every undoing of a merge obeys: someone undoes
// it for a reason.
func (r UnmergeRequest) Check() error {
	var p toren.Problems
	checkWhoAndWhy(&p, r.By, r.Reason)
	return p.Err()
}

func checkNotItself(p *toren.Problems, survivorID, absorbedID int64) {
	if survivorID == absorbedID {
		p.Add("person_id", "different", "a person cannot be merged with itself")
	}
}

func checkWhoAndWhy(p *toren.Problems, by, reason string) {
	if strings.TrimSpace(by) == "" {
		p.Add("by", "required", "a merge needs the person who does it")
	}
	if strings.TrimSpace(reason) == "" {
		p.Add("reason", "required", "a reason is required")
	}
}

// ReviewStatus is where a review item stands.
type ReviewStatus string

const (
	ReviewOpen     ReviewStatus = "open"
	ReviewAccepted ReviewStatus = "accepted" // the mention was relinked to the candidate
	ReviewRejected ReviewStatus = "rejected" // the mention keeps its new person
)

// Kinds of review item.
const (
	// KindMention: is the mention (linked to a new person) the candidate?
	KindMention = "mention"
	// KindMerge: are two registry persons one? A merge proposal.
	KindMerge = "merge"
)

// ReviewItem is a candidate registry person the radar proposed for a
// mention without linking it: the mention was linked to a new person,
// NewPersonID, and a reviewer decides whether it is PersonID instead.
// A merge proposal (Kind KindMerge) asks instead whether NewPersonID, an
// older registry person, is PersonID: the mention showed that the two
// fit one person. Confirming merges NewPersonID into PersonID.
type ReviewItem struct {
	ID           int64  `json:"id"`
	Kind         string `json:"kind"`
	MentionID    int64  `json:"mention_id"`
	ReportID     int64  `json:"report_id"`
	ReportNumber string `json:"report_number"`
	// PersonID is the candidate.
	PersonID    int64 `json:"person_id"`
	NewPersonID int64 `json:"new_person_id"`
	// Score is the radar's log2 posterior odds; Evidence its JSON
	// explanation (radarsvc.Explanation).
	Score     float64         `json:"score"`
	Evidence  json.RawMessage `json:"evidence"`
	Status    ReviewStatus    `json:"status"`
	CreatedAt time.Time       `json:"created_at"`
	DecidedBy string          `json:"decided_by,omitempty"`
	DecidedAt time.Time       `json:"decided_at,omitzero"`
	Reason    string          `json:"reason,omitempty"`
	Version   int             `json:"version"`
	// Urgent is true when the candidate is a person of a case file Veilig
	// Thuis is still involved in (open, or in monitoring): a family whose
	// new signal waits in the queue may not be safe. Urgent items lead the
	// queue.
	Urgent bool `json:"urgent"`
}

// ReviewFilter selects review items: urgent ones first, then oldest first.
type ReviewFilter struct {
	// Status selects; empty means open.
	Status ReviewStatus
	// AfterID pages: only items after this one in the queue's order.
	AfterID int64
	Limit   int
}

// ReviewDecision is a reviewer's verdict on one review item.
type ReviewDecision struct {
	ID int64
	// Version is the version of the item the reviewer saw.
	Version int
	// Accept links the mention to the candidate; false keeps the new person.
	Accept bool
	By     string // the reviewer, as linked_by and decided_by
	Reason string
	At     time.Time
}

// ReviewOutcome is a decided review item.
type ReviewOutcome struct {
	Item ReviewItem
	// Unnamed is true when an accepted item left the person made for the
	// mention (Item.NewPersonID) without any mention: the resolver should
	// no longer propose it (radarsvc.Resolver.Retire).
	Unnamed bool
}

// PersonIDs are the persons the merge concerns, for the access log.
func (m Merge) PersonIDs() []int64 { return []int64{m.SurvivorID, m.AbsorbedID} }

// PersonIDs are the persons the item shows (the candidate and the person
// made for the mention), for the access log.
func (it ReviewItem) PersonIDs() []int64 { return []int64{it.PersonID, it.NewPersonID} }

// MergeProposal is a pair of registry persons a new mention showed to be
// one: the radar would link the one to the other by its own rules.
type MergeProposal struct {
	// MentionID is the mention that showed it.
	MentionID  int64
	SurvivorID int64 // the older person
	AbsorbedID int64
	Score      float64
	Evidence   json.RawMessage // radarsvc.Explanation of the one against the other
}

// ProposalMention is a mention the merge proposer looks at, with the day
// its report came in (a stated age refers to it).
type ProposalMention struct {
	Mention reports.Mention
	On      toren.Date
}
