package authz

import (
	"slices"
	"strconv"
)

// Actor is the signed-in user a request runs for. The web and API layers
// build it from the session and the staff account.
type Actor struct {
	UserID int64
	Name   string // for the audit log
	Roles  []Role
	Teams  []string // team codes the user is a member of (a team leader is a member of the teams they lead)
	// MultiFactor reports that the session was opened with a second
	// factor (auth.Identity.MultiFactor). Break-glass access needs it.
	MultiFactor bool
	// ClientID is set, and UserID is zero, when the actor is an API
	// client (another organisation's system); Scopes are then what it
	// may do (client.go).
	ClientID int64
	Scopes   []Scope
	// Console is set, and UserID is zero, when the actor is the operator
	// at the server's console (toren user, toren client): whoever holds
	// the machine and its database, who needs no account in Toren (the
	// first administrator is made this way). Only Console makes one.
	Console bool
	// PartnerID is the partner organisation (catalogue) an API client
	// speaks for; 0 for staff and for a client of no partner. A client
	// reads and answers only handovers to its own partner.
	PartnerID int64
}

// Console is the operator at the server's console, named name in the
// audit log, acting as the functional administrator (user, client and
// settings management, never case content) who may also register reports
// (ConsoleActions).
func Console(name string) Actor {
	return Actor{Name: name, Roles: []Role{RoleAdmin}, Console: true}
}

// ConsoleActions are what the operator at the console may do beyond the
// administrator's rules: register reports, for toren import (a police
// file) and the demo. The operator holds the machine and its database and
// could write the rows anyway; through intake they are validated,
// numbered, linked and audited like any other report. Reading what was
// registered still takes a staff account.
func ConsoleActions() []Action { return []Action{ActionReportCreate} }

// known reports whether the actor is someone: a signed-in user or the
// operator at the console.
func (a Actor) known() bool {
	return a.UserID > 0 || a.IsConsole()
}

// IsConsole reports whether the actor is the operator at the console, as
// Console makes them: the Console flag alone, with another role or with
// an account, makes no one.
func (a Actor) IsConsole() bool {
	return a.Console && a.UserID == 0 && slices.Equal(a.Roles, []Role{RoleAdmin})
}

// Has reports whether the actor holds role.
func (a Actor) Has(role Role) bool { return slices.Contains(a.Roles, role) }

// InTeam reports whether the actor is a member of team.
func (a Actor) InTeam(team string) bool { return team != "" && slices.Contains(a.Teams, team) }

// Kind is the type of object an action is on.
type Kind string

const (
	KindReport   Kind = "report"   // melding or adviesvraag
	KindCase     Kind = "case"     // dossier
	KindPerson   Kind = "person"   // registry person
	KindDecision Kind = "decision" // a proposed decision on a case
	KindAlert    Kind = "alert"    // raised by an escalation rule
	KindReview   Kind = "review"   // an uncertain radar link in the review queue
	// KindHandover is a handover of a case to a chain partner, as the
	// partner's API client sees it (ActionHandoverAnswer, ActionMonitoringReport).
	KindHandover Kind = "handover"
	// KindITCase is an Interventieteam case: decided as a case (its
	// actions are the case's, Decided), named as its own kind in the
	// audit log, where "case" would send the reader to the wrong file.
	KindITCase Kind = "it_case"
)

// Decided returns the kind the policy decides an object of kind k as: a
// case for an IT case, else k itself.
func (k Kind) Decided() Kind {
	if k == KindITCase {
		return KindCase
	}
	return k
}

// Ref names one object.
type Ref struct {
	Kind Kind
	ID   int64
}

func (r Ref) String() string { return string(r.Kind) + ":" + strconv.FormatInt(r.ID, 10) }

// Resource describes the object of an action as far as the policy needs
// it. The service that loaded the object fills it in; the policy never
// loads anything. Collection actions (lists, create, statistics) take the
// zero Resource.
//
// Fill it in with the safe side in mind: an empty Teams or Assigned gives
// less access, never more.
type Resource struct {
	Kind Kind
	ID   int64

	// Teams are the owning teams whose members see the content: for a case
	// its team and the teams of its assigned workers; for a report in
	// triage the intake team, later also the teams of the cases it opened;
	// for a person the teams with a current involvement (an open case or a
	// report in triage); for a decision or an alert those of its case or
	// the team it was raised for.
	Teams []string
	// Readers are teams that may read the content without owning it: the
	// team a case is being handed over to while it decides to accept, and
	// the team that handed a case over while the case is in monitoring.
	// They never change the object and never see a protected reporter.
	Readers []string
	// Assigned are the user IDs of the workers assigned to the object (for
	// a person: to its current cases).
	Assigned []int64
	// Closed means the case is closed, ended or converted to advice: its
	// content is read-only. For a report: every case it opened is closed.
	// For a person: there is no current involvement.
	Closed bool
	// ReporterProtected means a reporter of the object asked that their
	// identity is not disclosed to the persons involved
	// (reports.Reporter.ProtectIdentity).
	ReporterProtected bool

	// ProposedBy is the user who proposed the decision (KindDecision), for
	// separation of duties; 0 when unknown, which refuses approval.
	ProposedBy int64
	// DecisionKind is the kind of the decision (KindDecision).
	DecisionKind DecisionKind

	// Within are the objects this one lies in: the case a report or a
	// decision belongs to, the persons a report is about. A break-glass
	// grant on any of them opens this object too.
	Within []Ref

	// SentByClient is the API client that sent the report (KindReport),
	// 0 when staff registered it. A client reads the status of its own
	// reports only.
	SentByClient int64
	// Partner is the catalogue partner a handover is to (KindHandover); 0
	// for a handover to a partner outside the catalogue or inside Veilig
	// Thuis, which no client answers.
	Partner int64
}

// Ref returns the reference of the resource itself.
func (r Resource) Ref() Ref { return Ref{Kind: r.Kind, ID: r.ID} }

// assigned reports whether the actor is one of the assigned workers.
func (r Resource) assigned(a Actor) bool {
	return a.UserID > 0 && slices.Contains(r.Assigned, a.UserID)
}

// teamMember reports whether the actor is a member of an owning team.
func (r Resource) teamMember(a Actor) bool {
	return slices.ContainsFunc(r.Teams, a.InTeam)
}

// direct reports whether the actor has need-to-know on the object without
// breaking the glass: assigned to it or a member of an owning team.
func (r Resource) direct(a Actor) bool { return r.assigned(a) || r.teamMember(a) }

// reader reports whether the actor is a member of a reading team.
func (r Resource) reader(a Actor) bool {
	return slices.ContainsFunc(r.Readers, a.InTeam)
}

// covers reports whether ref is the resource itself or an object it lies in.
func (r Resource) covers(ref Ref) bool {
	return ref.ID > 0 && (ref == r.Ref() || slices.Contains(r.Within, ref))
}
