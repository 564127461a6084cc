//go:build !unix

package web_test

import (
	"testing"
	"time"
)

// processCPU is not measured here: the benchmark reports 0.
func processCPU(testing.TB) time.Duration { return 0 }
