package authz

import "slices"

// Role is what a staff member does in the organisation. A user may hold
// several roles; Decide uses the most permissive one that applies and
// reports which (Decision.Role) for the audit log.
type Role string

const (
	// RoleIntake answers the phone 24/7, registers advice requests and
	// reports, and triages (frontoffice, crisisdienst). The only role that
	// may break the glass.
	RoleIntake Role = "intake"
	// RoleCaseManager runs an intervention: Voorwaarden & Vervolg or
	// Onderzoek (casemanager backoffice).
	RoleCaseManager Role = "case_manager"
	// RoleMonitoring checks safety conditions after handover (Team Monitoring).
	RoleMonitoring Role = "monitoring"
	// RoleInterventionTeam works in duos on the most complex cases
	// (Interventieteam).
	RoleInterventionTeam Role = "intervention_team"
	// RoleBehaviouralScientist is the second pair of eyes on decisions
	// (gedragswetenschapper).
	RoleBehaviouralScientist Role = "behavioural_scientist"
	// RoleTeamLeader is the second pair of eyes, assigns work and watches
	// workload and escalations (teamleider).
	RoleTeamLeader Role = "team_leader"
	// RoleAnalyst sees pseudonymised statistics only, never a name.
	RoleAnalyst Role = "analyst"
	// RoleAdmin is the functional administrator: users, catalogues and
	// settings; no case content.
	RoleAdmin Role = "admin"
	// RolePrivacyOfficer handles data subjects' requests (access to their
	// file and to who looked at it), reads the audit log and manages
	// retention. design.md lists no such role; it is added because GDPR
	// access requests and audit review need an owner who is neither a
	// caseworker of the person's team nor the administrator, and giving
	// either of those the whole audit log would break need-to-know.
	RolePrivacyOfficer Role = "privacy_officer"
)

// Roles lists every role, in the order the README and the UI show them.
func Roles() []Role {
	return []Role{
		RoleIntake, RoleCaseManager, RoleMonitoring, RoleInterventionTeam,
		RoleBehaviouralScientist, RoleTeamLeader, RoleAnalyst, RoleAdmin,
		RolePrivacyOfficer,
	}
}

// Valid reports whether r is one of Roles. The pages name a role from the
// web's catalogue (role.<code>).
func (r Role) Valid() bool { return slices.Contains(Roles(), r) }

// ParseRole returns the role named s (its code name, as stored), and
// false when s names no role.
func ParseRole(s string) (Role, bool) {
	r := Role(s)
	return r, r.Valid()
}

// Role groups used by the rule table. They are functions, not variables,
// so no caller can change the policy by appending to a shared slice.

// caseworkers are the roles that do casework and write case content.
func caseworkers() []Role {
	return []Role{RoleIntake, RoleCaseManager, RoleMonitoring, RoleInterventionTeam}
}

// writers are the caseworkers plus the team leader, who may step in.
func writers() []Role { return append(caseworkers(), RoleTeamLeader) }

// workers are every role that works with case content: the caseworkers
// and the second pair of eyes. They get signal-only views of other
// teams' objects.
func workers() []Role { return append(caseworkers(), RoleBehaviouralScientist, RoleTeamLeader) }
