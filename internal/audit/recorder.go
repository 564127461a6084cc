package audit

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Recorder travels in a request's context and says who acts, so that a
// write can append its audit entry in the same transaction as the change
// (and the access gate then knows not to write a second one).
type Recorder struct {
	// Template holds the actor fields every entry of the request shares:
	// ActorID, ActorName, Role, OnBehalfOf, Origin.
	Template Entry

	mu      sync.Mutex
	written int
	notes   []string
}

type recorderKey struct{}

// WithRecorder returns ctx carrying r.
func WithRecorder(ctx context.Context, r *Recorder) context.Context {
	return context.WithValue(ctx, recorderKey{}, r)
}

// RecorderFrom returns the context's recorder, if any.
func RecorderFrom(ctx context.Context) (*Recorder, bool) {
	r, ok := ctx.Value(recorderKey{}).(*Recorder)
	return r, ok
}

// Entry returns an entry for one action by the recorder's actor.
func (r *Recorder) Entry(at time.Time, action, objectType, objectID string, personIDs []int64) Entry {
	e := r.Template
	e.At, e.Action, e.ObjectType, e.ObjectID, e.PersonIDs = at, action, objectType, objectID, personIDs
	if e.Outcome == "" {
		e.Outcome = OutcomeOK
	}
	return e
}

// Wrote notes that n entries were written for this request.
func (r *Recorder) Wrote(n int) {
	r.mu.Lock()
	r.written += n
	r.mu.Unlock()
}

// Written reports how many entries writes of this request recorded.
func (r *Recorder) Written() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.written
}

// Note adds what a read showed (a sentence without personal data) to the
// request's own entry, for a read that writes no entry of its own; the
// access gate puts the notes in the entry's reason.
func (r *Recorder) Note(s string) {
	r.mu.Lock()
	r.notes = append(r.notes, s)
	r.mu.Unlock()
}

// Notes returns the notes of the request, joined by "; ".
func (r *Recorder) Notes() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.notes, "; ")
}
