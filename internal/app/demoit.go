package app

import (
	"context"
	"fmt"

	"toren/internal/audit"
	"toren/internal/demo"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/toren"
)

// LoadDemoITYear takes the Interventieteam's 2013 and 2014 over into the
// database (demo.ITYear: the evaluation's published figures and the three
// families of its chapter 4), as the case manager who registered the
// referrals, worked by the demo IT duo. A database that has IT cases
// already is left alone. It returns how many cases it stored.
func (a *App) LoadDemoITYear(ctx context.Context) (int, error) {
	existing, err := a.db.ITCases(ctx)
	if err != nil || len(existing) > 0 {
		return 0, err
	}
	worker := func(username string) (itteam.Worker, error) {
		u, err := a.db.GetUserByUsername(ctx, username)
		if err != nil {
			return itteam.Worker{}, fmt.Errorf("demo account %s: %w", username, err)
		}
		return itteam.Worker{ID: u.ID, Name: u.DisplayName}, nil
	}
	var duo [2]itteam.Worker
	for i, name := range []string{"interventieteam", "interventieteam2"} {
		if duo[i], err = worker(name); err != nil {
			return 0, err
		}
	}
	referrer, err := worker("casemanager")
	if err != nil {
		return 0, err
	}
	u, err := a.db.Worker(ctx, referrer.ID)
	if err != nil {
		return 0, err
	}
	// The year was registered in the spring of 2015: the service's clock
	// stands there, so that no date of it lies in the future.
	svc, err := itteamsvc.New(itteamsvc.Config{Store: a.db, Clock: toren.NewFixedClock(demo.ITYearNow), Team: ITTeam})
	if err != nil {
		return 0, err
	}
	ctx = audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{Origin: "cli"}})
	n := 0
	for _, c := range demo.ITYear(duo, referrer) {
		if _, err := svc.Import(ctx, u.Actor(), c); err != nil {
			return n, fmt.Errorf("demo IT case %s: %w", c.Family, err)
		}
		n++
	}
	return n, nil
}
