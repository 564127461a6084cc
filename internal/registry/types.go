package registry

import (
	"encoding/json"
	"strings"
	"time"

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
}

// Check applies the rules every merge obeys, wherever it comes from: a
// person is not merged with itself, and someone merges for a reason.
func (r MergeRequest) Check() error {
	var p toren.Problems
	checkNotItself(&p, r.SurvivorID, r.AbsorbedID)
	checkWhoAndWhy(&p, r.By, r.Reason)
	return p.Err()
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
		p.Add("person_id", "different", "a person cannot be merged with itself", "Een persoon kan niet met zichzelf worden samengevoegd.")
	}
}

func checkWhoAndWhy(p *toren.Problems, by, reason string) {
	if strings.TrimSpace(by) == "" {
		p.Add("by", "required", "a merge needs the person who does it", "Wie dit doet ontbreekt.")
	}
	if strings.TrimSpace(reason) == "" {
		p.Add("reason", "required", "a reason is required", "Geef een reden.")
	}
}

// ReviewStatus is where a review item stands.
type ReviewStatus string

const (
	ReviewOpen     ReviewStatus = "open"
	ReviewAccepted ReviewStatus = "accepted" // the mention was relinked to the candidate
	ReviewRejected ReviewStatus = "rejected" // the mention keeps its new person
)

// ReviewItem is a candidate registry person the radar proposed for a
// mention without linking it: the mention was linked to a new person,
// NewPersonID, and a reviewer decides whether it is PersonID instead.
type ReviewItem struct {
	ID           int64  `json:"id"`
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
