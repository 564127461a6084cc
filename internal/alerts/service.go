package alerts

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/escalate"
	"toren/internal/toren"
)

// Store keeps alerts (satisfied by *store.DB).
type Store interface {
	// ListAlerts returns the alerts the filter selects, newest first.
	ListAlerts(ctx context.Context, f Filter) ([]Alert, error)
	// CountOpenAlerts counts the open alerts for one of teams or for userID.
	CountOpenAlerts(ctx context.Context, teams []string, userID int64) (int, error)
	// CountAlerts counts the alerts the filter selects (its Limit and
	// BeforeID ignored), up to CountCap.
	CountAlerts(ctx context.Context, f Filter) (int, error)
	// GetAlert returns one alert; toren.CodeNotFound when there is none.
	GetAlert(ctx context.Context, id int64) (Alert, error)
	// AcknowledgeAlert stores the acknowledgement with its audit entry, by
	// the context's audit recorder, in the same transaction; without a
	// recorder it stores nothing and returns an error. It returns
	// toren.CodeConflict when the alert changed since it was read.
	AcknowledgeAlert(ctx context.Context, a Ack) (Alert, error)
	// AcknowledgeAlerts stores several acknowledgements in one
	// transaction, with an audit entry for each, or none of them: it
	// returns toren.CodeConflict when any alert changed since it was read.
	AcknowledgeAlerts(ctx context.Context, acks []Ack) error
}

// MaxNoteRunes bounds an acknowledgement note.
const MaxNoteRunes = 2000

// Service shows workers their alerts and takes acknowledgements. Every
// method asks the policy (authz) first.
type Service struct {
	store Store
	clock toren.Clock
}

// NewService returns the service over store.
func NewService(store Store, clock toren.Clock) *Service {
	return &Service{store: store, clock: clock}
}

// For returns the alerts for the actor: those for a team they are a
// member of, or for them by name. f.Teams and f.UserID are set from the
// actor. It returns toren.CodeForbidden when no role of theirs may list
// alerts.
func (s *Service) For(ctx context.Context, a authz.Actor, f Filter) ([]Alert, error) {
	if err := authz.Decide(a, authz.ActionAlertList, authz.Resource{}, authz.Opts{Now: s.clock.Now()}).Err(); err != nil {
		return nil, err
	}
	f, err := s.filter(a, f)
	if err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	if len(f.Teams) == 0 && f.UserID == 0 {
		return nil, nil
	}
	out, err := s.store.ListAlerts(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("alerts: list: %w", err)
	}
	return out, nil
}

// Count returns how many alerts for the actor the filter selects, up to
// CountCap (its Limit and BeforeID are ignored): the total above a page.
func (s *Service) Count(ctx context.Context, a authz.Actor, f Filter) (int, error) {
	if err := authz.Decide(a, authz.ActionAlertList, authz.Resource{}, authz.Opts{Now: s.clock.Now()}).Err(); err != nil {
		return 0, err
	}
	f, err := s.filter(a, f)
	if err != nil {
		return 0, err
	}
	if len(f.Teams) == 0 && f.UserID == 0 {
		return 0, nil
	}
	n, err := s.store.CountAlerts(ctx, f)
	if err != nil {
		return 0, fmt.Errorf("alerts: count: %w", err)
	}
	return n, nil
}

// filter sets the audience of f from the actor and checks its criteria:
// a known rule and severity, a team the actor is a member of.
func (s *Service) filter(a authz.Actor, f Filter) (Filter, error) {
	f.Teams, f.UserID = a.Teams, a.UserID
	var p toren.Problems
	if f.Rule != "" {
		if _, ok := escalate.RuleByCode(f.Rule); !ok {
			p.Add("rule", "unknown", fmt.Sprintf("rule %q is not an escalation rule", f.Rule))
		}
	}
	if f.Severity != "" && f.Severity.Rank() == 0 {
		p.Add("severity", "unknown", fmt.Sprintf("severity %q is not one of notice, high, urgent", f.Severity))
	}
	if f.Team != "" && !slices.Contains(a.Teams, f.Team) {
		p.Add("team", "not_member", fmt.Sprintf("team %q is not one of your teams", f.Team))
	}
	if !f.CreatedAfter.IsZero() && !f.CreatedBefore.IsZero() && !f.CreatedAfter.Before(f.CreatedBefore) {
		p.Add("created_after", "order", "created_after must be before created_before")
	}
	return f, p.Err()
}

// Get returns one alert for the actor: one meant for a team they are a
// member of, or for them by name. Any other alert is toren.CodeNotFound,
// so its existence is not shown either.
func (s *Service) Get(ctx context.Context, a authz.Actor, id int64) (Alert, error) {
	if err := authz.Decide(a, authz.ActionAlertList, authz.Resource{}, authz.Opts{Now: s.clock.Now()}).Err(); err != nil {
		return Alert{}, err
	}
	al, err := s.store.GetAlert(ctx, id)
	if err != nil {
		return Alert{}, err
	}
	if !al.For(a) {
		return Alert{}, toren.Errorf(toren.CodeNotFound, "alert %d not found", id)
	}
	return al, nil
}

// OpenCount returns the number of open alerts for the actor, 0 for a user
// who may not list alerts (the navigation shows nothing then).
func (s *Service) OpenCount(ctx context.Context, a authz.Actor) (int, error) {
	if !authz.Permitted(a, authz.ActionAlertList) {
		return 0, nil
	}
	n, err := s.store.CountOpenAlerts(ctx, a.Teams, a.UserID)
	if err != nil {
		return 0, fmt.Errorf("alerts: count: %w", err)
	}
	return n, nil
}

// Acknowledge records that the actor dealt with the alert, with a note
// saying what they did. The note is required; an alert is acknowledged
// once (a second time is toren.CodeConflict); only a member of the team
// the alert is for, or the worker it names, may acknowledge it.
func (s *Service) Acknowledge(ctx context.Context, a authz.Actor, id int64, note string) (Alert, error) {
	note, p := checkNote(note)
	if err := p.Err(); err != nil {
		return Alert{}, err
	}
	al, err := s.store.GetAlert(ctx, id)
	if err != nil {
		return Alert{}, err
	}
	now := s.clock.Now()
	if err := authz.Decide(a, authz.ActionAlertAck, al.Resource(), authz.Opts{Now: now}).ErrUnlessFull(); err != nil {
		return Alert{}, err
	}
	if !al.Open() {
		return Alert{}, toren.Errorf(toren.CodeConflict, "alert %d was acknowledged already", id)
	}
	return s.store.AcknowledgeAlert(audit.As(ctx, a, "alerts"), Ack{ID: id, Version: al.Version, By: a.UserID, At: now, Note: note})
}

// AcknowledgeAll records that the actor dealt with several alerts at once,
// with one note: a worker who called the family back once answers the
// three alerts its new report raised. It takes all of them or none: the
// rules of Acknowledge hold for each, and one alert acknowledged by
// someone else meanwhile (toren.CodeConflict) leaves the others open.
func (s *Service) AcknowledgeAll(ctx context.Context, a authz.Actor, ids []int64, note string) ([]Alert, error) {
	note, p := checkNote(note)
	switch {
	case len(ids) == 0:
		p.Add("ids", "required", "choose at least one alert")
	case len(ids) > MaxBulk:
		p.Add("ids", "max_items", fmt.Sprintf("at most %d alerts at once", MaxBulk))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	seen := make(map[int64]bool, len(ids))
	out := make([]Alert, 0, len(ids))
	acks := make([]Ack, 0, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		al, err := s.store.GetAlert(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := authz.Decide(a, authz.ActionAlertAck, al.Resource(), authz.Opts{Now: now}).ErrUnlessFull(); err != nil {
			return nil, err
		}
		if !al.Open() {
			return nil, toren.Errorf(toren.CodeConflict, "alert %d was acknowledged already", id)
		}
		acks = append(acks, Ack{ID: id, Version: al.Version, By: a.UserID, At: now, Note: note})
		out = append(out, al)
	}
	if err := s.store.AcknowledgeAlerts(audit.As(ctx, a, "alerts"), acks); err != nil {
		return nil, err
	}
	return out, nil
}

// checkNote trims an acknowledgement note and says what is wrong with it.
func checkNote(note string) (string, toren.Problems) {
	note = strings.TrimSpace(note)
	var p toren.Problems
	switch {
	case note == "":
		p.Add("note", "required", "note is required: say what was done with the alert")
	case utf8.RuneCountInString(note) > MaxNoteRunes:
		p.Add("note", "max_length", fmt.Sprintf("note may be at most %d characters", MaxNoteRunes))
	case !utf8.ValidString(note) || strings.ContainsRune(note, 0):
		p.Add("note", "text", "note must be text")
	}
	return note, p
}
