package ci

import "testing"

func TestRunning(t *testing.T) {
	for v, want := range map[string]bool{"": false, "0": false, "false": false, "FALSE": false, " ": false,
		"true": true, "1": true, "yes": true, "True": true} {
		if got := running(v); got != want {
			t.Errorf("CI=%q: running %v, want %v", v, got, want)
		}
	}
}
