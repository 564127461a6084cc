package intake

import (
	"encoding/json"
	"time"

	"toren/internal/reports"
)

// MentionLink explains why a mention is linked to its registry person.
type MentionLink struct {
	MentionID int64 `json:"mention_id"`
	PersonID  int64 `json:"person_id"`
	// Method is empty when the mention made a new registry person or the
	// caller chose the person.
	Method LinkMethod `json:"method,omitempty"`
	// Score and Evidence are set for the radar's links and for a
	// reviewer's (the evidence the reviewer saw). Evidence is the radar's
	// JSON explanation (radarsvc.Explanation).
	Score    *float64        `json:"score,omitempty"`
	Evidence json.RawMessage `json:"evidence,omitempty"`
	LinkedBy string          `json:"linked_by,omitempty"`
	// Merge is set when the mention came to its person by a merge (only
	// in MentionsOfPerson).
	Merge *MergeRef `json:"merge,omitempty"`
}

// MergeRef says which merge brought a mention to its person.
type MergeRef struct {
	MergeID int64 `json:"merge_id"`
	// FromPersonID is the person the mention was linked to before.
	FromPersonID int64     `json:"from_person_id"`
	By           string    `json:"by"`
	At           time.Time `json:"at"`
}

// PersonMention is a mention of a registry person with the report it is in.
type PersonMention struct {
	Mention      reports.Mention      `json:"mention"`
	ReportID     int64                `json:"report_id"`
	ReportNumber string               `json:"report_number"`
	Kind         reports.Kind         `json:"kind"`
	ReceivedAt   time.Time            `json:"received_at"`
	ReporterKind reports.ReporterKind `json:"reporter_kind"`
	// Link explains how the mention came to be linked to the person.
	Link MentionLink `json:"link"`
}
