package store_test

import (
	"testing"

	"toren/internal/store/storetest"
)

func TestSQLite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, storetest.OpenSQLite)
}

func TestPostgres(t *testing.T) {
	t.Parallel()
	storetest.PostgresDSN(t)
	storetest.Run(t, storetest.OpenPostgres)
}

func TestIdempotencyRacePostgres(t *testing.T) {
	a, b := storetest.OpenPostgresTwice(t)
	storetest.IdempotencyRace(t, a, b)
}
