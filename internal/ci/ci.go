// Package ci tells the test helpers whether they run in continuous
// integration, where a test that cannot run (no PostgreSQL, no browser)
// fails instead of being skipped.
package ci

import (
	"os"
	"strings"
)

// Running reports whether the environment variable CI says so: set to
// anything but "", "0" or "false". CI services set CI=true (.ci/run does
// too); some set CI=1.
func Running() bool { return running(os.Getenv("CI")) }

func running(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "false":
		return false
	}
	return true
}
