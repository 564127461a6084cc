package cli

import (
	"context"
	"fmt"

	"toren/internal/intake"
	"toren/internal/radarsvc"
	"toren/internal/registry"
	"toren/internal/reports"
)

// useRadar makes the radar resolve the persons of every report (serve,
// demo, import): it loads the registry into the radar's in-memory index
// (logging how many persons and how long), and intake and the registry
// service (review decisions, merges) use it from then on, so that the
// index stays what the database holds.
func (a *app) useRadar(ctx context.Context) error {
	opt := radarsvc.DefaultOptions()
	if a.thresholds != nil {
		opt.Config.Thresholds = *a.thresholds
	}
	res, err := radarsvc.New(opt, a.log)
	if err != nil {
		return fmt.Errorf("radar: %w", err)
	}
	if _, err := res.Load(ctx, a.db); err != nil {
		return err
	}
	a.radar = res
	v := reports.Validator{Municipalities: a.municipalities, Clock: a.clock}
	a.intake = intake.NewService(a.db, v, res, a.clock, a.log)
	a.registry = registry.New(registry.Config{Store: a.db, Index: res, Thresholds: res.Config().Thresholds, Clock: a.clock, Log: a.log})
	return nil
}
