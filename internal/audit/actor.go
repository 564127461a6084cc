package audit

import (
	"context"
	"strconv"
	"strings"
	"time"

	"toren/internal/authz"
)

// ConsoleActorID is the actor ID of the operator at the console
// (authz.Console): toren user, toren client, toren import and the demo.
const ConsoleActorID = "cli"

// SystemActorID is the actor ID, and SystemRole the role, of a component
// of Toren acting on its own, with no user (the radar's merge proposer,
// the retention rules): authz.Actor with neither UserID, ClientID nor
// Console; its Name says which component.
const (
	SystemActorID = "system"
	SystemRole    = "system"
)

// UnknownActorID names the actor of a refused sign-in whose account is
// not known: the entry's name is what was typed.
const UnknownActorID = "-"

// SessionEntry is the entry of a session's event (ActionSignIn,
// ActionSignInFailed, ActionSignOut) at at from origin. At a sign-in there
// is no actor yet, only an account: userID where it is known (0 when not:
// UnknownActorID) and the name given or typed; no role is named, as the
// account acts in none.
func SessionEntry(userID int64, name, origin string, at time.Time, action, outcome string) Entry {
	id := UnknownActorID
	if userID != 0 {
		id = strconv.FormatInt(userID, 10)
	}
	return Entry{At: at, ActorID: id, ActorName: name, Origin: origin, Action: action, Outcome: outcome}
}

// ClientActorID is the actor ID of API client id: "client:7", never a
// number a staff account could have.
func ClientActorID(id int64) string { return "client:" + strconv.FormatInt(id, 10) }

// ActorTemplate is the template of the entries a writes from origin (a
// client IP, "cli", "cli:toren import …"): who acts and in which roles.
// It is the one place the log names an actor. The console is named "cli"
// only when authz takes a for the operator at the console
// (authz.Actor.IsConsole); an actor that merely has Console set, which
// the policy refuses, is named as any other actor without an account.
func ActorTemplate(a authz.Actor, origin string) Entry {
	e := Entry{ActorID: strconv.FormatInt(a.UserID, 10), ActorName: a.Name, Origin: origin}
	switch {
	case a.IsClient():
		e.ActorID, e.Role = ClientActorID(a.ClientID), string(authz.RoleClient)
		return e
	case a.IsConsole():
		e.ActorID = ConsoleActorID
	case a.UserID == 0:
		e.ActorID = SystemActorID
		if len(a.Roles) == 0 {
			e.Role = SystemRole
			return e
		}
	}
	roles := make([]string, len(a.Roles))
	for i, r := range a.Roles {
		roles[i] = string(r)
	}
	e.Role = strings.Join(roles, ",")
	return e
}

// DecidedEntry is the entry of a's action on objectType objectID at at,
// from origin, allowed by a policy decision that granted role granted.
// The actor is named as ActorTemplate names it (a user by account, the
// console as "cli", a client by its client ID, the system as "system");
// the role is the one the decision granted, not all the actor holds, so
// the entry says under which role the access was allowed. An empty
// granted keeps ActorTemplate's roles.
func DecidedEntry(a authz.Actor, granted authz.Role, origin string, at time.Time, action, objectType, objectID string) Entry {
	e := ActorTemplate(a, origin)
	if granted != "" {
		e.Role = string(granted)
	}
	e.At, e.Action, e.ObjectType, e.ObjectID, e.Outcome = at, action, objectType, objectID, OutcomeOK
	return e
}

// NewRecorder returns a recorder whose entries name a, from origin, as
// ActorTemplate names them: the shared way to make a recorder (the
// access gate, the command line, test fixtures).
func NewRecorder(a authz.Actor, origin string) *Recorder {
	return &Recorder{Template: ActorTemplate(a, origin)}
}

// RecorderFor returns the recorder that writes the entries of a's
// request: the context's own when it names a (the access gate's, which
// knows the request and writes the request's own entry), else a new one
// naming a: from origin where the context has none (the command line,
// the demo, tests), from the request's origin where the context's names
// another actor. The entries of a use case thus always name the actor
// the service checked the policy for, never whoever else the context
// carries; the request's recorder then counts none of them and writes
// the request's own entry besides.
func RecorderFor(ctx context.Context, a authz.Actor, origin string) *Recorder {
	r, ok := RecorderFrom(ctx)
	switch {
	case !ok:
		return NewRecorder(a, origin)
	case r.names(a):
		return r
	case r.Template.Origin != "":
		origin = r.Template.Origin
	}
	return NewRecorder(a, origin)
}

// RequestRecorder is RecorderFor for a use case that writes only with the
// request's recorder (the access gate's, or the command line's): false
// when the context carries none, so that the change is refused rather
// than stored unaccounted for.
func RequestRecorder(ctx context.Context, a authz.Actor) (*Recorder, bool) {
	if _, ok := RecorderFrom(ctx); !ok {
		return nil, false
	}
	return RecorderFor(ctx, a, ""), true
}

// As returns ctx carrying RecorderFor(ctx, a, origin), for a use case
// whose writes append their audit entries from the context.
func As(ctx context.Context, a authz.Actor, origin string) context.Context {
	rec := RecorderFor(ctx, a, origin)
	if r, ok := RecorderFrom(ctx); ok && r == rec {
		return ctx
	}
	return WithRecorder(ctx, rec)
}

// names reports whether r's entries name a as ActorTemplate names it: the
// same actor ID, name and roles. The ID alone is not enough: every
// component acting on its own is "system" and every operator at the
// console "cli", told apart only by their names, and an account acting
// in other roles than the request's would be logged under the request's
// roles; the entries of a use case would then name someone else.
func (r *Recorder) names(a authz.Actor) bool {
	t := ActorTemplate(a, "")
	return r.Template.ActorID == t.ActorID && r.Template.ActorName == t.ActorName && r.Template.Role == t.Role
}
