package radarsvc

import (
	"context"
	"errors"
	"testing"
	"time"

	"toren/internal/toren"
)

// A look-up never waits for another session's database commit (an fsync):
// the radar's lock is not held across it. A session that begins after the
// commit sees the committed person.
func TestLookupDoesNotWaitForCommit(t *testing.T) {
	ctx := context.Background()
	r := newResolver(t)
	x := person(1, "Lisanne", "Wijnands", "1992-03-14")
	s := r.Begin(ctx, nil)
	s.Stored(x)
	err := s.Commit(func() error {
		looked := make(chan error, 1)
		go func() {
			_, err := r.Resolve(ctx, nil, mentionOf(x))
			looked <- err
		}()
		select {
		case err := <-looked:
			return err
		case <-time.After(time.Minute):
			// Only a look-up blocked by the commit gets here.
			return errors.New("a look-up waited for the commit")
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	next := r.Begin(ctx, nil)
	defer next.Abort()
	l, err := next.Link(ctx, nil, mentionOf(x), toren.DateOf(day))
	if err != nil || l.PersonID != x.ID {
		t.Errorf("after the commit: linked to %d (%v), want %d", l.PersonID, err, x.ID)
	}
}
