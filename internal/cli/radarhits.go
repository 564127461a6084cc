package cli

import (
	"context"
	"fmt"

	"toren/internal/persons"
	"toren/internal/radarsvc"
	"toren/internal/store"
	"toren/internal/web"
)

// radarHits is what the intake form's live look-up uses: the radar's own
// index when the app runs it (serve, demo), else SQL look-ups scored by
// the radar's matcher.
func (a *app) radarHits() (web.Radar, error) {
	if a.radar != nil {
		return a.radar, nil
	}
	h, err := radarsvc.NewFinderHits(storeFinder{a.db}, radarsvc.DefaultOptions())
	if err != nil {
		return nil, fmt.Errorf("radar hits: %w", err)
	}
	return h, nil
}

// storeFinder adapts the store to radarsvc.Finder.
type storeFinder struct{ *store.DB }

func (f storeFinder) PersonsBySurnamePrefix(ctx context.Context, prefix string, limit int) ([]persons.Person, error) {
	return f.ListPersons(ctx, persons.Filter{Surname: prefix, Limit: limit})
}

func (f storeFinder) RegistrySize(ctx context.Context) (int, error) {
	_, _, n, err := f.Counts(ctx)
	return int(n), err
}
