package access

import "context"

// NewContext returns ctx carrying p as the request's signed-in user, as
// the guard does; for services run outside the guard (tests, jobs).
func NewContext(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}
