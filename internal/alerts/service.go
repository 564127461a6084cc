package alerts

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"toren/internal/authz"
	"toren/internal/toren"
)

// Store keeps alerts (satisfied by *store.DB).
type Store interface {
	// ListAlerts returns the alerts the filter selects, newest first.
	ListAlerts(ctx context.Context, f Filter) ([]Alert, error)
	// CountOpenAlerts counts the open alerts for one of teams or for userID.
	CountOpenAlerts(ctx context.Context, teams []string, userID int64) (int, error)
	// GetAlert returns one alert; toren.CodeNotFound when there is none.
	GetAlert(ctx context.Context, id int64) (Alert, error)
	// AcknowledgeAlert stores the acknowledgement, with its audit entry in
	// the same transaction when the context carries an audit recorder. It
	// returns toren.CodeConflict when the alert changed since it was read.
	AcknowledgeAlert(ctx context.Context, a Ack) (Alert, error)
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
	f.Teams, f.UserID = a.Teams, a.UserID
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
	note = strings.TrimSpace(note)
	var p toren.Problems
	switch {
	case note == "":
		p.Add("note", "required", "note is required: say what was done with the alert",
			"Schrijf in de notitie wat u met het signaal heeft gedaan.")
	case utf8.RuneCountInString(note) > MaxNoteRunes:
		p.Add("note", "max_length", fmt.Sprintf("note may be at most %d characters", MaxNoteRunes),
			fmt.Sprintf("De notitie mag hoogstens %d tekens lang zijn.", MaxNoteRunes))
	case !utf8.ValidString(note) || strings.ContainsRune(note, 0):
		p.Add("note", "text", "note must be text", "De notitie bevat ongeldige tekens.")
	}
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
	return s.store.AcknowledgeAlert(ctx, Ack{ID: id, Version: al.Version, By: a.UserID, At: now, Note: note})
}
