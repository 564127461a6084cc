package letters

import (
	"bytes"
	"time"

	"toren/internal/toren"
)

// Record is a letter as filed in the case file: what was sent, to whom,
// by whom and when. The store keeps it; this package only shapes it.
type Record struct {
	ID        int64
	CaseID    int64
	Kind      Kind
	Recipient string // Document.Recipient: never a protected reporter's name
	HTML      string // empty in lists
	PDF       []byte // empty in lists
	CreatedBy int64  // the account that generated the letter
	CreatedAt time.Time
	// PersonIDs are the registry persons the letter concerns. They are not
	// kept with the letter: they index its audit entry, so that each
	// person's access view shows a letter about them was made.
	PersonIDs []int64
}

// Record returns the record that files d for the case, made by the
// account createdBy at the time at.
func (d Document) Record(caseID, createdBy int64, at time.Time, personIDs []int64) Record {
	return Record{CaseID: caseID, Kind: d.Kind, Recipient: d.Recipient, HTML: string(d.HTML), PDF: d.PDF,
		CreatedBy: createdBy, CreatedAt: at, PersonIDs: personIDs}
}

// Validate checks a record before it is filed.
func (r Record) Validate() error {
	var p toren.Problems
	if r.CaseID <= 0 {
		p.Add("case_id", "required", "is required")
	}
	if !r.Kind.Valid() {
		p.Add("kind", "enum", "must be closing or feedback")
	}
	checkLine(&p, "recipient", r.Recipient, true)
	if r.HTML == "" {
		p.Add("html", "required", "is required")
	}
	if !bytes.HasPrefix(r.PDF, []byte("%PDF-")) {
		p.Add("pdf", "format", "must be a PDF document")
	}
	if r.CreatedBy <= 0 {
		p.Add("created_by", "required", "is required")
	}
	if r.CreatedAt.IsZero() {
		p.Add("created_at", "required", "is required")
	}
	for i, id := range r.PersonIDs {
		if id <= 0 {
			p.Add(indexed("person_ids", i), "positive", "must be a positive ID")
		}
	}
	return p.Err()
}
