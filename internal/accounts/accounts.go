// Package accounts is the functional administrator's work on staff
// accounts and teams: add an account with roles and teams (it gets a
// first password and a TOTP key, shown once), reset its credentials,
// disable it, add a team. The command line (toren user ...) and the
// administration pages both go through it. Every method takes the acting
// user (authz.Actor: a signed-in administrator, or the operator at the
// console, authz.Console), asks the policy (user.manage) itself, and
// writes the change with its audit entry in one transaction; without the
// request's audit recorder nothing is written.
package accounts

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/toren"
)

// Store is the storage the service needs (satisfied by *store.DB).
type Store interface {
	CreateUserAudited(ctx context.Context, u *User, e audit.Entry) error
	UpdateUserAudited(ctx context.Context, u *User, revokeSessions bool, e audit.Entry) error
	CreateTeamAudited(ctx context.Context, t *Team, e audit.Entry) error
	GetUser(ctx context.Context, id int64) (User, error)
	GetUserByUsername(ctx context.Context, username string) (User, error)
	ListUsers(ctx context.Context) ([]User, error)
	ListTeams(ctx context.Context) ([]Team, error)
}

// Audit actions of the service.
const (
	ActionUserCreate  = "user.create"
	ActionUserReset   = "user.reset"
	ActionUserDisable = "user.disable"
	ActionTeamCreate  = "team.create"
)

// Service does the administrator's changes.
type Service struct {
	Store Store
	Clock toren.Clock
	// Params are the password hashing parameters of new credentials.
	Params auth.Params
	// Issuer is the name authenticator apps show for the TOTP key.
	Issuer string
}

// Credentials are a new account's (or a reset account's) first password
// and TOTP key. They are shown once and never stored in the clear.
type Credentials struct {
	Username string
	Password string
	TOTP     auth.TOTPKey
}

// NewUser is an account to add.
type NewUser struct {
	Username    string
	DisplayName string
	Email       string
	Roles       []string // role codes (authz.Role)
	TeamIDs     []int64
}

// begin asks the policy whether a may manage accounts and returns the
// request's audit recorder, whose template the entries are written from.
// A missing recorder is an error: no change is stored unaccounted for.
func (s *Service) begin(ctx context.Context, a authz.Actor) (*audit.Recorder, error) {
	if d := authz.Decide(a, authz.ActionUserManage, authz.Resource{}, authz.Opts{Now: s.Clock.Now()}); !d.Full() {
		return nil, toren.Errorf(toren.CodeForbidden, "not allowed: %s", d.Reason)
	}
	return recorder(ctx, a)
}

// recorder returns the request's audit recorder (the access gate sets one
// for every web request; the command line its own), naming a
// (audit.RequestRecorder).
func recorder(ctx context.Context, a authz.Actor) (*audit.Recorder, error) {
	rec, ok := audit.RequestRecorder(ctx, a)
	if !ok {
		return nil, errors.New("accounts: no audit recorder in the context to record the change with")
	}
	return rec, nil
}

// AddUser checks nu and stores the account with new credentials. Bad
// input is a toren.CodeInvalid error naming every broken field (username,
// display_name, email, roles, teams); a taken user name is
// toren.CodeConflict on username. Nothing is stored then.
func (s *Service) AddUser(ctx context.Context, a authz.Actor, nu NewUser) (User, Credentials, error) {
	rec, err := s.begin(ctx, a)
	if err != nil {
		return User{}, Credentials{}, err
	}
	now := s.Clock.Now()
	u := User{Username: strings.TrimSpace(nu.Username), DisplayName: strings.Join(strings.Fields(nu.DisplayName), " "),
		Email: strings.TrimSpace(nu.Email), CreatedAt: now, UpdatedAt: now}
	var p toren.Problems
	if u.DisplayName == "" {
		p.Add("display_name", "required", "is required")
	}
	if u.Email != "" {
		if addr, err := mail.ParseAddress(u.Email); err != nil || addr.Address != u.Email {
			p.Add("email", "email", "must be an e-mail address")
		}
	}
	u.Roles = checkRoles(nu.Roles, &p)
	teams, err := s.teams(ctx, nu.TeamIDs, &p)
	if err != nil {
		return User{}, Credentials{}, err
	}
	u.Teams = teams
	if err := checkStored(u, &p); err != nil {
		return User{}, Credentials{}, err
	}
	if err := p.Err(); err != nil {
		return User{}, Credentials{}, err
	}
	cred, err := s.credentials(ctx, u.Username)
	if err != nil {
		return User{}, Credentials{}, err
	}
	u.PasswordHash, u.TOTPSecret = cred.hash, cred.TOTP.Secret
	e := rec.Entry(now, ActionUserCreate, "", "", nil)
	e.Reason = "roles: " + strings.Join(u.Roles, ",") + "; teams: " + teamNames(u.Teams)
	if err := s.Store.CreateUserAudited(ctx, &u, e); err != nil {
		return User{}, Credentials{}, err
	}
	rec.Wrote(1)
	return u, cred.Credentials, nil
}

// ResetUser gives the account a new password and TOTP key, enables it
// when it was disabled and ends its sessions.
func (s *Service) ResetUser(ctx context.Context, a authz.Actor, id int64) (User, Credentials, error) {
	rec, err := s.begin(ctx, a)
	if err != nil {
		return User{}, Credentials{}, err
	}
	u, err := s.Store.GetUser(ctx, id)
	if err != nil {
		return User{}, Credentials{}, err
	}
	cred, err := s.credentials(ctx, u.Username)
	if err != nil {
		return User{}, Credentials{}, err
	}
	now := s.Clock.Now()
	u.PasswordHash, u.TOTPSecret, u.Disabled, u.UpdatedAt = cred.hash, cred.TOTP.Secret, false, now
	if err := s.Store.UpdateUserAudited(ctx, &u, true, rec.Entry(now, ActionUserReset, "", "", nil)); err != nil {
		return User{}, Credentials{}, err
	}
	rec.Wrote(1)
	return u, cred.Credentials, nil
}

// DisableUser disables the account and ends its sessions. Accounts are
// never deleted: the audit log names them. An administrator cannot
// disable their own account (someone must be left to undo it).
func (s *Service) DisableUser(ctx context.Context, a authz.Actor, id int64) (User, error) {
	rec, err := s.begin(ctx, a)
	if err != nil {
		return User{}, err
	}
	if a.UserID == id {
		return User{}, &toren.Error{Code: toren.CodeInvalid, Message: "validation failed", Fields: []toren.FieldError{{
			Field: "user", Rule: "not_self", Message: "you cannot disable your own account"}}}
	}
	u, err := s.Store.GetUser(ctx, id)
	if err != nil {
		return User{}, err
	}
	now := s.Clock.Now()
	u.Disabled, u.UpdatedAt = true, now
	if err := s.Store.UpdateUserAudited(ctx, &u, true, rec.Entry(now, ActionUserDisable, "", "", nil)); err != nil {
		return User{}, err
	}
	rec.Wrote(1)
	return u, nil
}

// AddTeam stores a new team. A name of 1 to 100 characters is required
// (field name); a taken name is toren.CodeConflict on name.
func (s *Service) AddTeam(ctx context.Context, a authz.Actor, name string) (Team, error) {
	rec, err := s.begin(ctx, a)
	if err != nil {
		return Team{}, err
	}
	return s.addTeam(ctx, rec, name)
}

func (s *Service) addTeam(ctx context.Context, rec *audit.Recorder, name string) (Team, error) {
	t := Team{Name: strings.Join(strings.Fields(name), " ")}
	e := rec.Entry(s.Clock.Now(), ActionTeamCreate, "", "", nil)
	e.Reason = "name: " + t.Name
	if err := s.Store.CreateTeamAudited(ctx, &t, e); err != nil {
		return Team{}, err
	}
	rec.Wrote(1)
	return t, nil
}

// EnsureTeams returns the teams with these names (compared without case),
// adding those that do not exist (as AddTeam, for a).
func (s *Service) EnsureTeams(ctx context.Context, a authz.Actor, names []string) ([]Team, error) {
	return s.ensureTeams(ctx, names, func(name string) (Team, error) { return s.AddTeam(ctx, a, name) })
}

func (s *Service) ensureTeams(ctx context.Context, names []string, add func(name string) (Team, error)) ([]Team, error) {
	existing, err := s.Store.ListTeams(ctx)
	if err != nil {
		return nil, err
	}
	var out []Team
	for _, name := range names {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		i := slices.IndexFunc(existing, func(t Team) bool { return strings.EqualFold(t.Name, name) })
		if i >= 0 {
			out = append(out, existing[i])
			continue
		}
		t, err := add(name)
		if err != nil {
			return nil, err
		}
		existing = append(existing, t)
		out = append(out, t)
	}
	return out, nil
}

// checkRoles returns the valid role codes, sorted, and adds a problem for
// no role or an unknown one.
func checkRoles(roles []string, p *toren.Problems) []string {
	var out []string
	for _, r := range roles {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		if !authz.Role(r).Valid() {
			p.Add("roles", "enum", fmt.Sprintf("unknown role %q (roles are: %s)", r, roleCodes()))
			continue
		}
		out = append(out, r)
	}
	if len(out) == 0 && p.Len() == 0 {
		p.Add("roles", "required", "at least one role is required (roles are: "+roleCodes()+")")
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func roleCodes() string {
	var s []string
	for _, r := range authz.Roles() {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

// teams returns the teams with these IDs, adding a problem for an unknown one.
func (s *Service) teams(ctx context.Context, ids []int64, p *toren.Problems) ([]Team, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	all, err := s.Store.ListTeams(ctx)
	if err != nil {
		return nil, err
	}
	var out []Team
	for _, id := range ids {
		i := slices.IndexFunc(all, func(t Team) bool { return t.ID == id })
		if i < 0 {
			p.Add("teams", "exists", "must be existing teams")
			continue
		}
		out = append(out, all[i])
	}
	return out, nil
}

// checkStored adds the store's own rules on the account (user name form,
// lengths) to p, so that every problem is reported at once.
func checkStored(u User, p *toren.Problems) error {
	err := CheckUser(u)
	if err == nil {
		return nil
	}
	if toren.ErrorCode(err) != toren.CodeInvalid {
		return err
	}
	for _, f := range toren.FieldErrors(err) {
		p.Add(f.Field, f.Rule, f.Message)
	}
	return nil
}

func teamNames(ts []Team) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	return strings.Join(names, ",")
}

type newCredentials struct {
	Credentials
	hash string
}

// credentials makes a random first password (20 base32 characters, 100
// bits) and a TOTP secret.
func (s *Service) credentials(ctx context.Context, username string) (newCredentials, error) {
	password := rand.Text()[:20]
	hash, err := auth.HashPassword(password, s.Params)
	if err != nil {
		return newCredentials{}, fmt.Errorf("accounts: hash password: %w", err)
	}
	issuer := s.Issuer
	if issuer == "" {
		issuer = "Toren"
	}
	key, err := auth.NewTOTPKey(issuer, username)
	if err != nil {
		return newCredentials{}, fmt.Errorf("accounts: TOTP secret: %w", err)
	}
	return newCredentials{Credentials: Credentials{Username: username, Password: password, TOTP: key}, hash: hash}, ctx.Err()
}

// ActionUserSync is the audit action of roles and teams taken over from
// the organisation's identity provider at sign-in.
const ActionUserSync = "user.sync"

// SyncFromProvider gives account id the roles and teams the organisation's
// identity provider says it has (auth.OIDCPolicy.Map), when they differ
// from what is stored; teams are created when missing. a is the account
// signing in at the provider, whose sign-in carries the provider's word
// (a.UserID == id), or an administrator (user.manage); anyone else is
// refused. The change is audited with what it was. It reports whether
// anything changed.
func (s *Service) SyncFromProvider(ctx context.Context, a authz.Actor, id int64, roles, teamNames []string) (User, bool, error) {
	if a.UserID <= 0 || a.UserID != id {
		if _, err := s.begin(ctx, a); err != nil {
			return User{}, false, err
		}
	}
	rec, err := recorder(ctx, a)
	if err != nil {
		return User{}, false, err
	}
	u, err := s.Store.GetUser(ctx, id)
	if err != nil {
		return User{}, false, err
	}
	var p toren.Problems
	roles = checkRoles(roles, &p)
	if err := p.Err(); err != nil {
		return User{}, false, err
	}
	// The provider's teams are made as part of the sign-in, audited as
	// the account's.
	teams, err := s.ensureTeams(ctx, teamNames, func(name string) (Team, error) { return s.addTeam(ctx, rec, name) })
	if err != nil {
		return User{}, false, err
	}
	if slices.Equal(sortedCopy(u.Roles), sortedCopy(roles)) && teamNames2(u.Teams) == teamNames2(teams) {
		return u, false, nil
	}
	now := s.Clock.Now()
	e := rec.Entry(now, ActionUserSync, "", "", nil)
	e.Reason = "from the identity provider: roles " + strings.Join(u.Roles, ",") + " -> " + strings.Join(roles, ",") +
		"; teams " + teamNames2(u.Teams) + " -> " + teamNames2(teams)
	u.Roles, u.Teams, u.UpdatedAt = roles, teams, now
	if err := s.Store.UpdateUserAudited(ctx, &u, false, e); err != nil {
		return User{}, false, err
	}
	rec.Wrote(1)
	return u, true, nil
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func teamNames2(ts []Team) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	slices.Sort(names)
	return strings.Join(names, ",")
}
