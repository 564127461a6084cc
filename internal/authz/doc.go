// Package authz is Toren's one authorisation policy: it answers "may this
// user do this action on this object, and how much may they see" for every
// web page, API endpoint, CLI command and service method. Handlers never
// decide alone; they describe the object (Resource) and ask Decide.
//
// The policy is plain Go with no I/O: the caller loads the object, fills in
// a small Resource (owning teams, assigned workers, closed, protected
// reporter) and gets a Decision back. It never loads anything itself, so
// every rule is testable with a table, and matrix_test.go writes the
// expected outcome of every role × every action × representative objects
// down explicitly.
//
// # Need to know
//
// Case content is visible to the workers assigned to the object and to the
// members of its owning team(s). Any other worker who finds a person
// through search or the radar gets LevelSignal: they see that earlier
// signals exist and whom to ask (team, assigned worker), never content.
// The analyst sees pseudonymised statistics only; the functional
// administrator manages users, catalogues and settings and reads no case
// content; the privacy officer handles data subjects' requests and the
// audit log.
//
// # Break the glass
//
// An intake/crisis worker who signed in with a second factor may open a
// file outside their team with a written reason (NewGrant). The Grant is
// valid for at most 12 hours, for one object and what lies within it, and
// only for reading. A decision made through a grant has BreakGlass set:
// the caller must write it to the audit log as audit.ActionBreakGlass with
// the grant's reason, and the team leader sees it the next working day
// (ActionBreakGlassReview).
//
// # Two layers
//
// Gate checks a route's Requirement before the object is loaded (may any
// role of this user ever do this action?); Decide checks the object. Both
// are needed: Gate keeps an analyst out of every case URL without a
// database round trip, Decide applies need-to-know to the one object.
//
// README.md in this folder holds the policy as a table of roles × actions;
// a test keeps it in step with the code.
package authz
