package authz

import (
	"fmt"
	"slices"
	"time"

	"toren/internal/toren"
)

// Level is how much of the object the actor may see or do.
type Level int

const (
	// LevelNone: refused.
	LevelNone Level = iota
	// LevelSignal: the actor may learn that the object exists (earlier
	// signals about a person, their dates) and whom to ask (owning team,
	// assigned workers), and nothing of its content.
	LevelSignal
	// LevelFull: the action may be done in full.
	LevelFull
)

func (l Level) String() string {
	switch l {
	case LevelSignal:
		return "signal_only"
	case LevelFull:
		return "full"
	}
	return "none"
}

// Purpose says what personal data is read for. It matters for reporter
// identity: a protected reporter never appears in a letter, an export or
// a person's access copy, whoever asks.
type Purpose string

const (
	PurposeCasework      Purpose = ""               // working on the case in Toren
	PurposeLetter        Purpose = "letter"         // a letter to the family or a partner
	PurposeExport        Purpose = "export"         // an export or print
	PurposeAccessRequest Purpose = "access_request" // a data subject's copy of their file
)

// Opts are the circumstances of a request.
type Opts struct {
	// Now is the time of the request; a break-glass grant is checked
	// against it (a zero Now makes every grant invalid).
	Now time.Time
	// Grant is a break-glass grant the actor holds for this object, if any.
	Grant *Grant
	// Purpose of the read.
	Purpose Purpose
}

// Decision is the policy's answer.
type Decision struct {
	Allowed bool  // Level > LevelNone
	Level   Level // how much
	// Reason explains the answer in English, for the audit log and logs.
	// It never contains personal data.
	Reason string
	// Role is the role the actor acts in, for the audit log; "" when refused
	// for lack of any fitting role.
	Role Role
	// NeedsBreakGlass: the actor gets signal-only now but may open the
	// object in full by breaking the glass (NewGrant). The UI offers it.
	NeedsBreakGlass bool
	// BreakGlass: full access was given through a break-glass grant. The
	// caller must audit the access as audit.ActionBreakGlass with
	// Grant.Reason; the team leader reviews it.
	BreakGlass bool
	// Grant is the grant that was used when BreakGlass is set.
	Grant *Grant
}

// Full reports whether the action may be done in full.
func (d Decision) Full() bool { return d.Level == LevelFull }

// Err returns nil when the action is allowed (at any level), else a
// toren.CodeForbidden error carrying the reason.
func (d Decision) Err() error {
	if d.Allowed {
		return nil
	}
	return toren.Errorf(toren.CodeForbidden, "not allowed: %s", d.Reason)
}

// ErrUnlessFull returns nil when the action may be done in full, else a
// toren.CodeForbidden error. For callers that have no signal-only view.
func (d Decision) ErrUnlessFull() error {
	if d.Full() {
		return nil
	}
	return toren.Errorf(toren.CodeForbidden, "not allowed in full: %s", d.Reason)
}

func refuse(reason string) Decision { return Decision{Level: LevelNone, Reason: reason} }

func allow(level Level, role Role, reason string) Decision {
	return Decision{Allowed: level > LevelNone, Level: level, Role: role, Reason: reason}
}

// Decide answers whether actor may do action on res. For a collection
// action (list, create, statistics, administration) pass the zero
// Resource. When the actor holds several roles, the most permissive answer
// counts.
func Decide(a Actor, action Action, res Resource, o Opts) Decision {
	r, ok := ruleFor(action)
	if !ok {
		return refuse(fmt.Sprintf("unknown action %q", action))
	}
	if a.IsClient() {
		if r.kinds == nil && res.Kind != "" || r.kinds != nil && !slices.Contains(r.kinds, res.Kind) {
			return refuse(fmt.Sprintf("%s does not apply to a %q object", action, res.Kind))
		}
		return decideClient(a, r, res)
	}
	if !a.known() {
		return refuse("no signed-in user")
	}
	if a.IsConsole() && slices.Contains(ConsoleActions(), action) && res.Kind == "" {
		return allow(LevelFull, RoleAdmin, fmt.Sprintf("the operator at the console may %s", action))
	}
	if r.kinds == nil {
		if res.Kind != "" {
			return refuse(fmt.Sprintf("%s takes no object, got a %s", action, res.Kind))
		}
	} else if !slices.Contains(r.kinds, res.Kind) {
		return refuse(fmt.Sprintf("%s does not apply to a %q object", action, res.Kind))
	}
	best, matched := refuse(fmt.Sprintf("no role of the user may %s", action)), false
	for _, role := range a.Roles {
		if !slices.Contains(r.roles, role) {
			continue
		}
		d := decideAs(a, role, r, res, o)
		if !matched || better(d, best) {
			best, matched = d, true
		}
	}
	return best
}

// better reports whether d beats cur: a higher level; at equal level the
// one that needs no grant, then the one that offers breaking the glass.
func better(d, cur Decision) bool {
	if d.Level != cur.Level {
		return d.Level > cur.Level
	}
	if d.BreakGlass != cur.BreakGlass {
		return !d.BreakGlass
	}
	return d.NeedsBreakGlass && !cur.NeedsBreakGlass
}

// decideAs decides for one role the rule lists.
func decideAs(a Actor, role Role, r rule, res Resource, o Opts) Decision {
	if d, blocked := checkState(r, res); blocked {
		return d
	}
	switch r.access {
	case byRole:
		return allow(LevelFull, role, fmt.Sprintf("role %s may %s", role, r.action))
	case byContent:
		return decideContent(a, role, r, res, o)
	case byTeam:
		if !res.direct(a) {
			return refuse("not assigned and not a member of an owning team")
		}
		return allow(LevelFull, role, directReason(a, res))
	case byTeamMembership:
		if !res.teamMember(a) {
			return refuse(fmt.Sprintf("%s needs membership of an owning team", r.action))
		}
		return allow(LevelFull, role, "member of an owning team")
	case byReporter:
		return decideReporter(a, role, res, o)
	case byApproval:
		if !res.direct(a) {
			return refuse("not assigned and not a member of an owning team")
		}
		if d := canApproveAs(a, role, res.ProposedBy, res.DecisionKind); !d.Allowed {
			return d
		}
		return allow(LevelFull, role, directReason(a, res)+"; second pair of eyes")
	case byGlassRequest:
		return decideGlassRequest(a, role, res)
	}
	return refuse("rule has no access check") // unreachable: the table test covers every access
}

// checkState refuses changes to closed cases and reopening open ones.
func checkState(r rule, res Resource) (Decision, bool) {
	switch {
	case r.state == openOnly && res.Closed:
		return refuse("closed: read-only"), true
	case r.state == closedOnly && !res.Closed:
		return refuse("not closed"), true
	}
	return Decision{}, false
}

func directReason(a Actor, res Resource) string {
	if res.assigned(a) {
		return "assigned"
	}
	return "member of an owning team"
}

// decideContent is need-to-know for reading content: full for the owning
// team and the assigned workers, signal-only for every other worker, full
// through a valid break-glass grant for an intake worker.
func decideContent(a Actor, role Role, r rule, res Resource, o Opts) Decision {
	if mutantAllow {
		return allow(LevelFull, role, "mutation check: need-to-know switched off")
	}
	reason := "not in an owning team: signal only"
	switch {
	case res.direct(a) && r.state == currentOnly && res.Closed:
		reason = "no current involvement: signal only"
	case res.direct(a):
		return allow(LevelFull, role, directReason(a, res))
	case res.reader(a) && !res.Closed:
		return allow(LevelFull, role, "member of a reading team")
	}
	if !r.glass || role != RoleIntake {
		return allow(LevelSignal, role, reason)
	}
	if o.Grant != nil {
		err := o.Grant.check(a, res, o.Now)
		if err == nil {
			d := allow(LevelFull, role, "break-glass grant")
			d.BreakGlass, d.Grant = true, o.Grant
			return d
		}
		reason += "; break-glass grant not valid: " + err.Error()
	}
	d := allow(LevelSignal, role, reason)
	d.NeedsBreakGlass = a.MultiFactor
	return d
}

// decideReporter decides who sees a reporter's name and contact details.
// An unprotected reporter is part of the content: whoever may read the
// object in full sees them. A protected reporter is seen only by those who
// need it (intake, the assigned case manager, the team leader), never
// through a break-glass grant and never for a letter, an export or an
// access copy.
func decideReporter(a Actor, role Role, res Resource, o Opts) Decision {
	if !res.direct(a) {
		return refuse("not assigned and not a member of an owning team")
	}
	if !res.ReporterProtected {
		return allow(LevelFull, role, directReason(a, res))
	}
	if o.Purpose != PurposeCasework {
		return refuse(fmt.Sprintf("protected reporter: never disclosed for %s", o.Purpose))
	}
	switch role {
	case RoleIntake:
		return allow(LevelFull, role, "protected reporter: intake, "+directReason(a, res))
	case RoleTeamLeader:
		// The team leader of the case's team, not one assigned from elsewhere.
		if res.teamMember(a) {
			return allow(LevelFull, role, "protected reporter: team leader of an owning team")
		}
		return refuse("protected reporter: team leader of another team")
	case RoleCaseManager:
		if res.assigned(a) {
			return allow(LevelFull, role, "protected reporter: assigned case manager")
		}
		return refuse("protected reporter: case manager not assigned")
	}
	return refuse(fmt.Sprintf("protected reporter: hidden from role %s", role))
}

// decideGlassRequest decides whether the actor may ask for a break-glass
// grant on res: only when they lack access otherwise, and only with a
// second factor. On a closed object their own team's access does not
// reach everything (person.history.full needs a current involvement), so
// a grant may be asked for there too.
func decideGlassRequest(a Actor, role Role, res Resource) Decision {
	if res.direct(a) && !res.Closed {
		return refuse("has access without breaking the glass")
	}
	if !a.MultiFactor {
		return refuse("breaking the glass needs a sign-in with a second factor")
	}
	return allow(LevelFull, role, "may break the glass with a written reason")
}
