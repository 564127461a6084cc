package auth

import (
	"slices"
	"strings"
)

// OIDCPolicy is how Toren reads an organisation's identity provider's ID
// token: which claim names the Toren account, which groups give which role
// and team, and which amr or acr values show a second factor.
//
// A user the provider knows but Toren does not is refused, never created:
// a Toren account is the functional administrator's decision on who may
// see case files at all (NEN 7510 access control: the data controller
// grants access, not the identity provider's group administration, which
// in a municipality or a merged organisation is run by other people). The
// provider's groups then decide the account's roles and teams at every
// sign-in, so that leaving a team at the organisation takes effect in
// Toren at the next sign-in.
type OIDCPolicy struct {
	// UsernameClaim names the Toren account: "preferred_username" when
	// empty.
	UsernameClaim string
	// GroupsClaim holds the user's groups: "groups" when empty.
	GroupsClaim string
	// Roles and Teams map a group to a Toren role (authz.Role code) and to
	// a team name.
	Roles map[string]string
	Teams map[string]string
	// MFAMethods are amr values (RFC 8176) that show a second factor at
	// the provider; "mfa" always counts. MFAACR are acr values that do.
	MFAMethods []string
	MFAACR     []string
}

// Username returns the claim naming the account.
func (p OIDCPolicy) Username() string { return or(p.UsernameClaim, "preferred_username") }

// Groups returns the claim holding the groups.
func (p OIDCPolicy) Groups() string { return or(p.GroupsClaim, "groups") }

// Map returns the roles and teams the groups give, each once, sorted.
func (p OIDCPolicy) Map(groups []string) (roles, teams []string) {
	for _, g := range groups {
		if r, ok := p.Roles[g]; ok && !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
		if t, ok := p.Teams[g]; ok && !slices.Contains(teams, t) {
			teams = append(teams, t)
		}
	}
	slices.Sort(roles)
	slices.Sort(teams)
	return roles, teams
}

// MultiFactor reports whether the provider's amr or acr shows a second
// factor.
func (p OIDCPolicy) MultiFactor(amr []string, acr string) bool {
	for _, m := range amr {
		if m == "mfa" || slices.Contains(p.MFAMethods, m) {
			return true
		}
	}
	return acr != "" && slices.Contains(p.MFAACR, acr)
}

func or(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
