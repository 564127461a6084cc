package reports

import "time"

// Filter selects reports for a list, newest first.
type Filter struct {
	Kind     Kind  // empty: both
	BeforeID int64 // keyset paging: only reports with a smaller ID
	Limit    int
}

// Summary is a line in a list of reports.
type Summary struct {
	ID            int64          `json:"id"`
	Number        string         `json:"number"`
	Kind          Kind           `json:"kind"`
	ReceivedAt    time.Time      `json:"received_at"`
	ReporterKind  ReporterKind   `json:"reporter_kind"`
	Acute         bool           `json:"acute"`
	ViolenceTypes []ViolenceType `json:"violence_types"`
	Persons       int            `json:"persons"`
}
