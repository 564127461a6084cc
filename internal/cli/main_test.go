package cli

import (
	"context"
	"os"
	"testing"

	"toren/internal/browsertest"
)

// The browser tests of this package share one Chromium. With
// TOREN_TEST_AS_TOREN=1 the test binary stands in for the toren command,
// so that a test can run `toren serve` as a child process and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("TOREN_TEST_AS_TOREN") == "1" {
		os.Exit(Main(context.Background(), os.Args[1:], Env{Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	browsertest.Main(m)
}
