package intaketest

import (
	"context"

	"toren/internal/audit"
	"toren/internal/authz"
)

// Audited returns ctx with an audit recorder for tests that register
// reports through intake.Steps directly: the context's own when it has
// one, else the operator at the console named "test". Steps refuse a
// report that no recorder accounts for.
func Audited(ctx context.Context) context.Context {
	if _, ok := audit.RecorderFrom(ctx); ok {
		return ctx
	}
	return audit.WithRecorder(ctx, audit.NewRecorder(authz.Console("test"), "test"))
}
