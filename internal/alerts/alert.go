// Package alerts routes what the escalation rules raise (internal/escalate)
// to the team or worker it is for, and lets them see and acknowledge it.
// The alerts of a report are stored in the transaction that stores the
// report (the store calls Router.Raise), so an alert is never lost.
package alerts

import (
	"slices"
	"time"

	"toren/internal/authz"
	"toren/internal/escalate"
)

// Alert is a stored alert.
type Alert struct {
	ID       int64             `json:"id"`
	Rule     escalate.Code     `json:"rule"`
	Name     string            `json:"name"` // the rule's Dutch name: the API fills it in from the web's catalogue
	Severity escalate.Severity `json:"severity"`
	Audience escalate.Audience `json:"audience"`
	// ReportID is the new signal that raised the alert.
	ReportID     int64  `json:"report_id"`
	ReportNumber string `json:"report_number"`
	// PersonID is the person it is about (0: the signal as a whole).
	PersonID   int64  `json:"person_id,omitempty"`
	PersonName string `json:"person_name,omitempty"`
	// CaseID is the case concerned (0: none).
	CaseID     int64  `json:"case_id,omitempty"`
	CaseNumber string `json:"case_number,omitempty"`
	// Team is whom the alert is for; UserID narrows it to one worker.
	Team   string `json:"team"`
	UserID int64  `json:"user_id,omitempty"`
	// RelatedReportIDs are the earlier reports that made the rule fire.
	RelatedReportIDs []int64 `json:"related_report_ids"`
	// Explanation says in Dutch which reports and which case.
	Explanation string    `json:"explanation"`
	CreatedAt   time.Time `json:"created_at"`
	// AcknowledgedAt is set once someone dealt with the alert, with a note.
	AcknowledgedAt     *time.Time `json:"acknowledged_at"`
	AcknowledgedBy     int64      `json:"acknowledged_by,omitempty"`
	AcknowledgedByName string     `json:"acknowledged_by_name,omitempty"`
	Note               string     `json:"note,omitempty"`
	Version            int        `json:"version"`
}

// Open reports whether nobody acknowledged the alert yet.
func (a Alert) Open() bool { return a.AcknowledgedAt == nil }

// Resource describes the alert for the policy: the team it is for owns
// it, and the worker it names is assigned to it.
func (a Alert) Resource() authz.Resource {
	res := authz.Resource{Kind: authz.KindAlert, ID: a.ID}
	if a.Team != "" {
		res.Teams = []string{a.Team}
	}
	if a.UserID != 0 {
		res.Assigned = []int64{a.UserID}
	}
	return res
}

// For reports whether the alert is meant for the actor: for a team they
// are a member of, or for them by name.
func (a Alert) For(actor authz.Actor) bool {
	return (a.UserID != 0 && a.UserID == actor.UserID) || slices.Contains(actor.Teams, a.Team)
}

// SeverityLabel, AudienceLabel: Dutch, for the pages.
func (a Alert) SeverityLabel() string { return a.Severity.Label() }
func (a Alert) AudienceLabel() string { return a.Audience.Label() }

// State selects alerts by whether they were acknowledged.
type State string

const (
	StateOpen         State = "open"
	StateAcknowledged State = "acknowledged"
	StateAll          State = "all"
)

// OpenCountCap is where counting open alerts stops: the count is shown
// as "99+" from there on.
const OpenCountCap = 100

// Filter selects alerts for a list, newest first: those for one of Teams
// or for UserID, narrowed by the optional criteria below.
type Filter struct {
	Teams    []string
	UserID   int64
	State    State // "" is StateOpen
	BeforeID int64 // keyset paging
	Limit    int

	// Rule keeps the alerts of one escalation rule (the kind of alert).
	Rule escalate.Code
	// Severity keeps the alerts of one urgency.
	Severity escalate.Severity
	// Team keeps the alerts for one team (one of Teams).
	Team string
	// CreatedAfter and CreatedBefore bound when the alert was raised
	// (zero: unbounded): the age filter.
	CreatedAfter  time.Time
	CreatedBefore time.Time
}

// CountCap is where counting the alerts a filter selects stops: a list
// says "meer dan 1000" from there on, and a team with a million alerts
// costs no more to count than one with a thousand.
const CountCap = 1000

// MaxBulk is how many alerts one bulk acknowledgement may take: a page.
const MaxBulk = 100

// Ack is an acknowledgement to store.
type Ack struct {
	ID      int64
	Version int // the version that was read
	By      int64
	At      time.Time
	Note    string
}
