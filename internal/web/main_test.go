package web_test

import (
	"testing"

	"toren/internal/browsertest"
)

// The browser tests of this package share one Chromium.
func TestMain(m *testing.M) { browsertest.Main(m) }
