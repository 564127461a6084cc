package intake

import (
	"context"
	"encoding/json"

	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// LinkMethod says how a mention came to be linked to its registry person.
type LinkMethod string

const (
	LinkBSN           LinkMethod = "bsn"           // the same valid BSN
	LinkProbabilistic LinkMethod = "probabilistic" // the radar's score
	LinkExact         LinkMethod = "exact"         // the exact resolver's rules
	// LinkReviewer: a person decided, on a review item or, taking the
	// report, on a radar hit (Link.By names them).
	LinkReviewer LinkMethod = "reviewer"
)

// Link is a resolver's verdict on one mention, with the explanation the
// store keeps beside the mention so that a worker can see why.
type Link struct {
	// PersonID is the registry person the mention is; 0 means a new
	// registry person is made from the mention.
	PersonID int64
	// Method, Score and Evidence explain a link (PersonID != 0). Score is
	// the radar's log2 posterior odds; Evidence is JSON. A method without a
	// score leaves them zero and nil.
	Method LinkMethod
	// By is who made the link when a person did ("": the system).
	By       string
	Score    float64
	Evidence json.RawMessage
	// Review, when set, asks a person whether the mention is this
	// candidate. The mention meanwhile gets a new registry person
	// (PersonID is 0), so nothing is lost and no false link is made.
	Review *ReviewProposal
}

// ReviewProposal is a candidate registry person a reviewer must confirm
// or reject for a mention.
type ReviewProposal struct {
	PersonID int64
	Score    float64
	Evidence json.RawMessage
}

// Session is a resolver's view of one write transaction. The store begins
// one per transaction attempt, asks it to Link every unlinked mention,
// tells it about every registry person the transaction creates or
// changes (so the next mention in the same transaction finds them), and
// ends it with Commit or Abort. A session is used by one goroutine.
type Session interface {
	// Link resolves a mention of a report received on day on (a stated
	// age is relative to it). f reads the registry inside the transaction.
	Link(ctx context.Context, f PersonFinder, m reports.Mention, on toren.Date) (Link, error)
	// Stored tells the session that the transaction created registry
	// person p or changed it to p.
	Stored(p persons.Person)
	// Commit runs commit (the database commit) and, when it succeeds,
	// makes what the session learnt visible to later sessions. Resolvers
	// that keep their own view of the registry order this against other
	// sessions' Link calls, so that no session misses a person committed
	// before it looked.
	Commit(commit func() error) error
	// Abort forgets what the session learnt: the transaction rolled back.
	// Calling it after a failed Commit is allowed.
	Abort()
}

// SessionResolver is a Resolver that explains its links and keeps its own
// view of the registry (the radar).
type SessionResolver interface {
	Resolver
	// Begin starts the session of a transaction that stores batch. The
	// session may start resolving the batch's mentions before Link asks,
	// beside the store's writing.
	Begin(ctx context.Context, batch []NewReport) Session
}

// BeginSession starts a session on r for a transaction storing batch: r's
// own when it is a SessionResolver; for a plain Resolver one that calls
// Resolve and labels its links LinkExact; for nil one that links nothing.
func BeginSession(ctx context.Context, r Resolver, batch []NewReport) Session {
	switch r := r.(type) {
	case nil:
		return plainSession{}
	case SessionResolver:
		return r.Begin(ctx, batch)
	default:
		return plainSession{r: r}
	}
}

// plainSession adapts a Resolver that reads the registry through the
// transaction's PersonFinder: the transaction itself is its view, so there
// is nothing to remember or publish.
type plainSession struct{ r Resolver }

func (s plainSession) Link(ctx context.Context, f PersonFinder, m reports.Mention, _ toren.Date) (Link, error) {
	if s.r == nil {
		return Link{}, nil
	}
	id, err := s.r.Resolve(ctx, f, m)
	if err != nil || id == 0 {
		return Link{}, err
	}
	return Link{PersonID: id, Method: LinkExact}, nil
}

func (plainSession) Stored(persons.Person)            {}
func (plainSession) Commit(commit func() error) error { return commit() }
func (plainSession) Abort()                           {}
