// Package history builds the timeline of a person and of their household:
// every advice request, report and case about them, newest first, across
// all years. Events come from pluggable sources (Source), so that later
// parts of the case file (decisions, handovers, monitoring moments) add
// their own source without changing this package. Need-to-know is applied
// by the caller (internal/access): an event whose content the user may
// not see keeps only its date, kind and the teams to ask (Redact).
package history

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/persons"
	"toren/internal/reports"
)

// Kind is what happened.
type Kind string

const (
	KindAdviceRequest Kind = "advice_request" // adviesvraag ontvangen
	KindReport        Kind = "report"         // melding ontvangen
	KindCaseOpened    Kind = "case_opened"    // dossier geopend
	KindCaseClosed    Kind = "case_closed"    // dossier afgesloten of beëindigd
	KindDecision      Kind = "decision"       // besluit genomen (na de tweede beoordelaar)
	KindHandover      Kind = "handover"       // overdracht aan een partner
	KindMonitoring    Kind = "monitoring"     // monitoringsmoment uitgevoerd
)

// Event is one moment in a timeline.
type Event struct {
	At   time.Time `json:"at"`
	Kind Kind      `json:"kind"`
	// Object is what the event is about (a report, a case); its ID and
	// Number are cleared when the user may see no more than the signal.
	ObjectKind authz.Kind `json:"object_kind"`
	ObjectID   int64      `json:"object_id,omitempty"`
	Number     string     `json:"number,omitempty"`
	// PersonIDs are the persons of the timeline the event names.
	PersonIDs []int64 `json:"person_ids"`
	// Teams own the object: whom to ask about it. Empty means the intake
	// team (a report in triage); the access layer fills it in.
	Teams []string `json:"teams"`
	// Closed: every case the object is part of is closed (for the policy).
	Closed bool `json:"-"`
	// Content says whether the facts below are shown (false: signal only).
	Content bool         `json:"content"`
	Report  *ReportFacts `json:"report,omitempty"`
	Case    *CaseFacts   `json:"case,omitempty"`
	Step    *StepFacts   `json:"step,omitempty"`
}

// StepFacts are the content of a step in a case: a decision, a handover or
// a monitoring moment, in Dutch, with who took it.
//
// The facts are codes and names, never sentences: an adapter words the
// step in its language (What; web.HistoryStep for the pages and the
// API), so the timeline's sentences are written in one place per
// language and not here or in the store.
type StepFacts struct {
	// What is the step in words, filled in by the adapter that shows it.
	What string `json:"what"`
	By   string `json:"by,omitempty"`
	// Decision is a decision's kind (casework.DecisionKind) and Outcome
	// the step it took (a cases.TransitionName, or the outcome's code).
	Decision string `json:"decision,omitempty"`
	Outcome  string `json:"outcome,omitempty"`
	// Partner is whom a case was handed over to, HandoverStatus how the
	// handover stands (proposed, accepted, declined).
	Partner        string `json:"partner,omitempty"`
	HandoverStatus string `json:"handover_status,omitempty"`
	// Months is the monitoring moment's distance from the handover.
	Months int `json:"months,omitempty"`
}

// ReportFacts are the content of a report or advice request event.
type ReportFacts struct {
	ReporterKind  reports.ReporterKind   `json:"reporter_kind"`
	ViolenceTypes []reports.ViolenceType `json:"violence_types"`
	Acute         bool                   `json:"acute"`
}

// CaseFacts are the content of a case event.
type CaseFacts struct {
	Status   cases.Status `json:"status"`
	Team     string       `json:"team,omitempty"`
	OpenedAt time.Time    `json:"opened_at"`
	ClosedAt *time.Time   `json:"closed_at,omitempty"`
}

// Redact removes everything but the signal: when it was, what kind of
// thing, and whom to ask.
func (e *Event) Redact() {
	e.ObjectID, e.Number, e.Content, e.Report, e.Case, e.Step = 0, "", false, nil, nil, nil
}

// Source yields the events of one kind of record.
type Source interface {
	// Events returns the events naming any of personIDs, newest first, at
	// most limit (more are left out; the timeline says it is truncated).
	Events(ctx context.Context, personIDs []int64, limit int) ([]Event, error)
}

// DefaultLimit bounds a timeline: a person with more events than this in
// the registry is rare, and the page says that older ones were left out.
const DefaultLimit = 500

// Timeline merges the sources into one timeline.
type Timeline struct {
	Sources []Source
	Limit   int // DefaultLimit when <= 0
}

// Events returns the events of every source naming any of personIDs,
// newest first (ties broken by kind and object, so the order is stable),
// at most Limit; truncated says some were left out.
func (t Timeline) Events(ctx context.Context, personIDs []int64) (events []Event, truncated bool, err error) {
	if len(personIDs) == 0 {
		return nil, false, nil
	}
	limit := t.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	for i, src := range t.Sources {
		evs, err := src.Events(ctx, personIDs, limit+1)
		if err != nil {
			return nil, false, fmt.Errorf("history: source %d: %w", i, err)
		}
		if len(evs) > limit {
			truncated = true
		}
		events = append(events, evs...)
	}
	slices.SortStableFunc(events, func(a, b Event) int {
		return cmp.Or(b.At.Compare(a.At), cmp.Compare(a.Kind, b.Kind), cmp.Compare(b.ObjectID, a.ObjectID))
	})
	if len(events) > limit {
		events, truncated = events[:limit], true
	}
	return events, truncated, nil
}

// Names reports whether the event names any of ids.
func (e Event) Names(ids ...int64) bool {
	return slices.ContainsFunc(e.PersonIDs, func(id int64) bool { return slices.Contains(ids, id) })
}

// LinkKind is why a person belongs to a household.
type LinkKind string

const (
	LinkReport  LinkKind = "report"  // named in the same report
	LinkAddress LinkKind = "address" // registered at the same address
)

// Member is one person of a household with why they are in it, so the
// household is explainable.
type Member struct {
	Person persons.Person `json:"person"`
	Via    []Link         `json:"via"`
}

// Link is one reason a person is a household member.
type Link struct {
	Kind LinkKind `json:"kind"`
	// ReportID and ReportNumber: the report naming both (LinkReport).
	ReportID     int64  `json:"report_id,omitempty"`
	ReportNumber string `json:"report_number,omitempty"`
	// Postcode and HouseNumber: the shared address (LinkAddress).
	Postcode    string `json:"postcode,omitempty"`
	HouseNumber string `json:"house_number,omitempty"`
}

// PersonHistory is the history page of one person: their timeline and
// their household's.
type PersonHistory struct {
	Person persons.Person `json:"person"`
	// Full: the user may see the content of the person's history
	// (person.history.full); otherwise only the events whose own object
	// they may see carry content.
	Full bool `json:"full"`
	// Teams are whom to ask about the person when Full is false.
	Teams     []string `json:"teams"`
	Household []Member `json:"household"`
	// Events name the person; HouseholdEvents name a household member and
	// not the person.
	Events          []Event `json:"events"`
	HouseholdEvents []Event `json:"household_events"`
	// Truncated says older events were left out (more than the limit).
	Truncated bool `json:"truncated"`
}
