package store_test

import (
	"testing"

	"toren/internal/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, storetest.OpenSQLite)
}

func TestPostgres(t *testing.T) {
	storetest.PostgresDSN(t)
	storetest.Run(t, storetest.OpenPostgres)
}
