package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/demo"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/partners"
	"toren/internal/toren"
)

// LoadDemoITYear takes the Interventieteam's 2013 and 2014 over into the
// database (demo.ITYear: the evaluation's published figures and the three
// families of its chapter 4), as the case manager who registered the
// referrals, worked by the demo IT duo. A database that has IT cases
// already is left alone. It returns how many cases it stored.
func (a *App) LoadDemoITYear(ctx context.Context) (int, error) {
	existing, err := a.db.ITCaseSummaries(ctx)
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
	// The operator at the console runs the demo: the service writes each
	// entry as the worker it names, from the console's origin; the
	// partners are the console's own changes.
	ctx = audit.As(ctx, authz.Console(demoOperator), "cli")
	if err := a.loadDemoPartners(ctx); err != nil {
		return 0, err
	}
	n := 0
	ids := map[string]int64{}
	for _, c := range demo.ITYear(duo, referrer) {
		stored, err := svc.Import(ctx, u.Actor(), c)
		if err != nil {
			return n, fmt.Errorf("demo IT case %s: %w", c.Family, err)
		}
		ids[c.Family] = stored.ID
		n++
	}
	return n, a.loadDemoMICs(ctx, ids, duo)
}

// loadDemoPartners adds the organisations the demo IT cases name as
// involved care providers (demo.ITPartners) to the partner catalogue, as
// the operator at the console, who acts as the functional administrator
// (authz.Console); one the catalogue has is left. ctx carries the
// operator's audit recorder.
func (a *App) loadDemoPartners(ctx context.Context) error {
	have, err := a.db.ListPartners(ctx)
	if err != nil {
		return err
	}
	for _, p := range demo.ITPartners() {
		if slices.ContainsFunc(have, func(h partners.Partner) bool { return itteam.ProviderKey(h.Name) == itteam.ProviderKey(p.Name) }) {
			continue
		}
		if _, err := a.settings.AddPartner(ctx, authz.Console(demoOperator), p); err != nil {
			return fmt.Errorf("demo partner %s: %w", p.Name, err)
		}
	}
	return nil
}

// loadDemoMICs reports the year's incidents (demo.ITMICs) as the duo did,
// each on its day, and records the IT team leader's follow-up questions
// on the days they were due.
func (a *App) loadDemoMICs(ctx context.Context, ids map[string]int64, duo [2]itteam.Worker) error {
	actor := func(id int64) (authz.Actor, error) {
		u, err := a.db.Worker(ctx, id)
		if err != nil {
			return authz.Actor{}, err
		}
		return u.Actor(), nil
	}
	lu, err := a.db.GetUserByUsername(ctx, "itteamleider")
	if err != nil {
		return fmt.Errorf("demo account itteamleider: %w", err)
	}
	lead, err := actor(lu.ID)
	if err != nil {
		return err
	}
	on := func(d toren.Date) (*itteamsvc.Service, error) {
		return itteamsvc.New(itteamsvc.Config{Store: a.db, Clock: toren.NewFixedClock(d.Time().Add(10 * time.Hour)), Team: ITTeam})
	}
	for _, dm := range demo.ITMICs() {
		id, ok := ids[dm.Family]
		if !ok {
			return fmt.Errorf("demo MIC: no IT case %s", dm.Family)
		}
		reporter, err := actor(duo[dm.Worker].ID)
		if err != nil {
			return err
		}
		svc, err := on(dm.Reported)
		if err != nil {
			return err
		}
		m, err := svc.ReportMIC(ctx, reporter, id, dm.MIC)
		if err != nil {
			return fmt.Errorf("demo MIC in %s: %w", dm.Family, err)
		}
		for _, f := range m.FollowUps {
			if svc, err = on(f.Due); err != nil {
				return err
			}
			if m, err = svc.AskFollowUp(ctx, lead, m.ID, f.Moment, itteam.FollowUp{AskedOn: f.Due, Note: "Geen verdere hulp nodig."}); err != nil {
				return fmt.Errorf("demo MIC follow-up in %s: %w", dm.Family, err)
			}
		}
	}
	return nil
}
