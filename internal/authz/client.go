package authz

import (
	"fmt"
	"slices"
)

// Scope is what an API client (another organisation's system: the
// police, a wijkteam) may do. A client holds scopes instead of roles and
// belongs to no team, so it never reaches case content through the rules
// for staff: every action a scope opens is listed here, and every object
// action has its own check in decideClient (fail closed).
type Scope string

const (
	// ScopeReportsCreate sends reports and advice requests, and reads back
	// the intake status of what the client itself sent; never content.
	ScopeReportsCreate Scope = "reports:create"
	// ScopeHandoversRespond reads the handovers to the client's own
	// partner (what the partner must know to take over) and accepts or
	// declines them.
	ScopeHandoversRespond Scope = "handovers:respond"
	// ScopeMonitoringReport reads the handovers to the client's own
	// partner and reports, at each monitoring moment, whether each safety
	// condition holds.
	ScopeMonitoringReport Scope = "monitoring:report"
)

// Scopes lists every scope, in the order the UI shows them.
func Scopes() []Scope {
	return []Scope{ScopeReportsCreate, ScopeHandoversRespond, ScopeMonitoringReport}
}

// NeedsPartner reports whether a client with the scope must be linked to
// a partner organisation: the scope reads or answers handovers, which go
// to one partner.
func (s Scope) NeedsPartner() bool { return s == ScopeHandoversRespond || s == ScopeMonitoringReport }

// Valid reports whether s is one of Scopes. The pages describe a scope
// from the web's catalogue (scope.<code>).
func (s Scope) Valid() bool { return slices.Contains(Scopes(), s) }

// ParseScope returns the scope named s, and false when s names none.
func ParseScope(s string) (Scope, bool) { return Scope(s), Scope(s).Valid() }

// Actions returns the actions the scope opens.
func (s Scope) Actions() []Action {
	switch s {
	case ScopeReportsCreate:
		return []Action{ActionReportCreate, ActionReportStatus}
	case ScopeHandoversRespond:
		return []Action{ActionHandoverInbox, ActionHandoverAnswer}
	case ScopeMonitoringReport:
		return []Action{ActionHandoverInbox, ActionMonitoringReport}
	}
	return nil
}

// IsClient reports whether the actor is an API client rather than a
// staff member.
func (a Actor) IsClient() bool { return a.ClientID != 0 || len(a.Scopes) > 0 }

// scoped reports whether one of the client's scopes opens action.
func (a Actor) scoped(action Action) bool {
	return slices.ContainsFunc(a.Scopes, func(s Scope) bool { return slices.Contains(s.Actions(), action) })
}

// permittedClient is Permitted for a client: a scope opens the action.
func permittedClient(a Actor, action Action) bool {
	return a.ClientID > 0 && a.UserID == 0 && a.scoped(action)
}

// decideClient decides for an API client. A client is never a member of
// a team nor assigned: it sees no content, only what a scope opens, and
// on an object only what the object's own check allows.
func decideClient(a Actor, r rule, res Resource) Decision {
	switch {
	case a.UserID != 0 || a.ClientID <= 0:
		return refuse("an actor is either a staff member or an API client")
	case !a.scoped(r.action):
		return refuse(fmt.Sprintf("no scope of the client opens %s", r.action))
	}
	if r.kinds == nil {
		return allow(LevelFull, RoleClient, fmt.Sprintf("client scope opens %s", r.action))
	}
	switch r.action {
	case ActionReportStatus:
		if mutantAllow || res.SentByClient == a.ClientID {
			return allow(LevelFull, RoleClient, "the client sent the report")
		}
		return refuse("the client did not send the report")
	case ActionHandoverAnswer, ActionMonitoringReport:
		// A handover is the partner's it goes to: a client of another
		// partner, or of none, cannot tell it exists.
		if res.Kind == KindHandover && a.PartnerID > 0 && (mutantAllow || res.Partner == a.PartnerID) {
			return allow(LevelFull, RoleClient, "the handover is to the client's own partner")
		}
		return refuse("the handover is not to the client's partner")
	}
	return refuse(fmt.Sprintf("%s on an object has no client rule", r.action))
}

// RoleClient is the role an API client acts in, for the audit log only:
// it is not one of Roles and no staff member holds it.
const RoleClient Role = "api_client"
