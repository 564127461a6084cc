package access

import (
	"context"

	"toren/internal/alerts"
	"toren/internal/toren"
)

// AlertDesk gives the signed-in user the alerts meant for them, and takes
// their acknowledgements: the alerts service with the actor of the
// request.
type AlertDesk struct {
	Service *alerts.Service
}

// MyAlerts returns the alerts for the user's teams and for them by name.
func (d AlertDesk) MyAlerts(ctx context.Context, f alerts.Filter) ([]alerts.Alert, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	out, err := d.Service.For(ctx, p.Actor, f)
	if err != nil {
		return nil, err
	}
	for _, a := range out {
		if a.PersonID != 0 {
			p.Touch(a.PersonID)
		}
	}
	return out, nil
}

// Count returns how many alerts for the user the filter selects, up to
// alerts.CountCap.
func (d AlertDesk) Count(ctx context.Context, f alerts.Filter) (int, error) {
	p, err := principal(ctx)
	if err != nil {
		return 0, err
	}
	return d.Service.Count(ctx, p.Actor, f)
}

// Alert returns one alert meant for the user (toren.CodeNotFound for any
// other), and notes the person it names as seen.
func (d AlertDesk) Alert(ctx context.Context, id int64) (alerts.Alert, error) {
	p, err := principal(ctx)
	if err != nil {
		return alerts.Alert{}, err
	}
	a, err := d.Service.Get(ctx, p.Actor, id)
	if err != nil {
		return a, err
	}
	if a.PersonID != 0 {
		p.Touch(a.PersonID)
	}
	return a, nil
}

// AcknowledgeAll records that the user dealt with several alerts, with
// one note; all of them or none.
func (d AlertDesk) AcknowledgeAll(ctx context.Context, ids []int64, note string) ([]alerts.Alert, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	out, err := d.Service.AcknowledgeAll(ctx, p.Actor, ids, note)
	if err != nil {
		return nil, err
	}
	for _, a := range out {
		if a.PersonID != 0 {
			p.Touch(a.PersonID)
		}
	}
	return out, nil
}

// OpenCount returns the number of open alerts for the user (0 when they
// may not list alerts).
func (d AlertDesk) OpenCount(ctx context.Context) (int, error) {
	p, err := principal(ctx)
	if err != nil {
		return 0, err
	}
	return d.Service.OpenCount(ctx, p.Actor)
}

// Acknowledge records that the user dealt with the alert, with a note.
func (d AlertDesk) Acknowledge(ctx context.Context, id int64, note string) (alerts.Alert, error) {
	p, err := principal(ctx)
	if err != nil {
		return alerts.Alert{}, err
	}
	a, err := d.Service.Acknowledge(ctx, p.Actor, id, note)
	if err != nil {
		return a, err
	}
	if a.PersonID != 0 {
		p.Touch(a.PersonID)
	}
	return a, nil
}

func principal(ctx context.Context) (*Principal, error) {
	p, ok := FromContext(ctx)
	if !ok {
		return nil, toren.Errorf(toren.CodeForbidden, "not signed in")
	}
	return p, nil
}
