package app

import (
	"context"
	"time"

	"toren/internal/store"
)

// followInterval is how often a server on PostgreSQL reads the persons
// other servers on the same database created: a person made through one
// is in the radar index of every other within about this long.
const followInterval = 250 * time.Millisecond

// proposeInterval is how often the radar looks at the mentions stored
// since it last looked for registry persons they show to be one
// (registry.Service.ProposeMerges).
const proposeInterval = 2 * time.Second

// forgetInterval is how often a server reads the tombstones of retention
// runs to take destroyed persons out of its radar index.
const forgetInterval = time.Second

// loadWait is how long New waits for the radar's index, with
// RadarInBackground, before the app is built anyway (the registry goes on
// loading behind the first requests).
const loadWait = 2 * time.Second

// loadRadar reads the registry into the radar's index: at once, or with
// background beside the first requests (until it is done, intake also
// looks persons up in the database; see radarsvc.Resolver.Load). On
// PostgreSQL the index then follows the persons other servers create
// until ctx ends.
func (a *App) loadRadar(ctx context.Context, background bool) error {
	pg := a.db.Dialect() == store.Postgres
	if pg {
		a.radar.StartFollowing()
	}
	follow := func() {
		// Destroyed persons are forgotten on both databases: a retention
		// run is its own process beside the server.
		a.background.Go(func() { a.radar.FollowDestroyed(ctx, a.db, forgetInterval) })
		if pg {
			a.background.Go(func() { a.radar.Follow(ctx, a.db, followInterval) })
		}
	}
	if !background {
		if _, err := a.radar.Load(ctx, a.db); err != nil {
			return err
		}
		follow()
		return nil
	}
	done := make(chan struct{})
	a.background.Go(func() {
		defer close(done)
		if _, err := a.radar.Load(ctx, a.db); err != nil {
			if ctx.Err() == nil {
				a.log.ErrorContext(ctx, "radar: load the registry; intake keeps looking persons up in the database", "err", err)
			}
			return
		}
		follow()
	})
	// A small registry is in the index before the first request; a large
	// one goes on loading while the server answers.
	select {
	case <-done:
	case <-time.After(loadWait):
		a.log.InfoContext(ctx, "radar: serving while the registry loads")
	}
	return nil
}

// proposeMerges runs the radar's merge proposals until ctx ends, once the
// index is loaded (it reads the index: before, it would find nothing and
// pass the mentions by). build starts it when the registry service exists.
func (a *App) proposeMerges(ctx context.Context) {
	t := time.NewTicker(proposeInterval)
	defer t.Stop()
	for !a.radar.Ready() {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
	for {
		for {
			n, _, err := a.registry.ProposeMerges(ctx)
			if err != nil {
				if ctx.Err() == nil {
					a.log.WarnContext(ctx, "radar: merge proposals", "err", err)
				}
				break
			}
			if n == 0 {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
