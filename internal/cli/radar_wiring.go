package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"toren/internal/intake"
	"toren/internal/radar"
	"toren/internal/radarsvc"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/store"
)

// followInterval is how often a server on PostgreSQL reads the persons
// other servers created: a person made through one is in the index of
// every other within about this long.
const followInterval = 250 * time.Millisecond

// loadWait is how long serve waits for the radar's index before it
// answers requests anyway (the registry goes on loading behind them).
const loadWait = 2 * time.Second

// useRadar makes the radar resolve the persons of every report (serve,
// demo, import): it loads the registry into the radar's in-memory index
// (logging how many persons and how long), and intake and the registry
// service (review decisions, merges) use it from then on, so that the
// index stays what the database holds.
func (a *app) useRadar(ctx context.Context) error { return a.useRadarLoading(ctx, false) }

// useRadarLoading is useRadar; with background the registry loads into
// the index beside the first requests (serve answers at once; until the
// load is done intake also looks persons up in the database).
func (a *app) useRadarLoading(ctx context.Context, background bool) error {
	opt := radarsvc.DefaultOptions()
	if a.thresholds != nil {
		opt.Config.Thresholds = *a.thresholds
	}
	res, err := radarsvc.New(opt, a.log)
	if err != nil {
		return fmt.Errorf("radar: %w", err)
	}
	follow := func() {
		if a.db.Dialect() == store.Postgres {
			// Other servers may write to the same database: learn their new
			// persons (creation itself is serialised in the database, see
			// radarsvc's serialise).
			go res.Follow(ctx, a.db, followInterval)
		}
	}
	if a.db.Dialect() == store.Postgres {
		res.StartFollowing()
	}
	if background {
		done := make(chan struct{})
		go func() {
			defer close(done)
			if _, err := res.Load(ctx, a.db); err != nil {
				if ctx.Err() == nil {
					a.log.ErrorContext(ctx, "radar: load the registry; intake keeps looking persons up in the database", "err", err)
				}
				return
			}
			follow()
		}()
		// A small registry is loaded before the first request; a large one
		// goes on loading while the server answers.
		select {
		case <-done:
		case <-time.After(loadWait):
			a.log.InfoContext(ctx, "radar: serving while the registry loads")
		}
	} else {
		if _, err := res.Load(ctx, a.db); err != nil {
			return err
		}
		follow()
	}
	a.radar = res
	v := reports.Validator{Municipalities: a.municipalities, Clock: a.clock}
	a.intake = intake.NewService(a.db, v, res, a.clock, a.log)
	a.registry = registry.New(registry.Config{Store: a.db, Index: res, Thresholds: res.Config().Thresholds, Clock: a.clock, Log: a.log})
	return nil
}

// radarFlags declares the radar's two thresholds (in bits of evidence, the
// log2 odds that two records are one person): at or above --radar-link a
// mention is linked without review, from --radar-review up to it a person
// decides, below it a new registry person is made. The defaults are the
// measured ones of docs/benchmarks.md.
func radarFlags(fs *flag.FlagSet, env Env) func() (*radar.Thresholds, error) {
	def := radar.DefaultThresholds()
	link := fs.String("radar-link", envOr(env, "TOREN_RADAR_LINK", strconv.FormatFloat(def.Link, 'g', -1, 64)),
		"score (bits) at or above which the radar links a person without review (env TOREN_RADAR_LINK)")
	review := fs.String("radar-review", envOr(env, "TOREN_RADAR_REVIEW", strconv.FormatFloat(def.Review, 'g', -1, 64)),
		"score (bits) from which a candidate goes to the review queue (env TOREN_RADAR_REVIEW)")
	return func() (*radar.Thresholds, error) {
		t := def
		var err error
		if t.Link, err = strconv.ParseFloat(strings.TrimSpace(*link), 64); err != nil {
			return nil, fmt.Errorf("--radar-link %q: not a number", *link)
		}
		if t.Review, err = strconv.ParseFloat(strings.TrimSpace(*review), 64); err != nil {
			return nil, fmt.Errorf("--radar-review %q: not a number", *review)
		}
		if err := t.Validate(); err != nil {
			return nil, err
		}
		return &t, nil
	}
}
