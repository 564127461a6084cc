package cli

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"

	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/store"
	"toren/internal/toren"
)

const userSynopsis = "user add|reset|disable [--db ...] USERNAME [--name NAME] [--email E] [--roles r1,r2] [--teams T1,T2]"

// runUser manages local accounts: the functional administrator's tool
// until the administration pages exist, and the way to make the first one.
func runUser(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "user", userSynopsis)
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if err := parse(fs, args); err != nil {
			return err
		}
		fs.Usage()
		return errUsage
	}
	verb := args[0]
	dsn := fs.String("db", envOr(env, "TOREN_DB", "sqlite:toren.db"), "database (env TOREN_DB)")
	name := fs.String("name", "", "display name (add)")
	email := fs.String("email", "", "e-mail address (add)")
	roles := fs.String("roles", "", "comma-separated roles (add): "+roleCodes())
	teams := fs.String("teams", "", "comma-separated team names (add); teams are created when missing")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 || (verb != "add" && verb != "reset" && verb != "disable") {
		fs.Usage()
		return errUsage
	}
	username := fs.Arg(0)
	a, err := openApp(ctx, *dsn, newLogger(env, env.Stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	switch verb {
	case "add":
		rs, err := parseRoles(*roles)
		if err != nil {
			return err
		}
		ts, err := ensureTeams(ctx, a.db, *teams)
		if err != nil {
			return err
		}
		password, hash, key, err := newCredentials(ctx, username)
		if err != nil {
			return err
		}
		now := a.clock.Now()
		u := &store.User{Username: username, DisplayName: *name, Email: *email, PasswordHash: hash, TOTPSecret: key.Secret,
			Roles: rs, Teams: ts, CreatedAt: now, UpdatedAt: now}
		if err := a.db.CreateUser(ctx, u); err != nil {
			return describe(err)
		}
		printCredentials(env, u.Username, password, key)
	case "reset":
		u, err := a.db.GetUserByUsername(ctx, username)
		if err != nil {
			return describe(err)
		}
		password, hash, key, err := newCredentials(ctx, username)
		if err != nil {
			return err
		}
		u.PasswordHash, u.TOTPSecret, u.Disabled, u.UpdatedAt = hash, key.Secret, false, a.clock.Now()
		if err := a.db.UpdateUser(ctx, &u); err != nil {
			return describe(err)
		}
		if _, err := a.db.RevokeUserSessions(ctx, u.ID); err != nil {
			return err
		}
		printCredentials(env, u.Username, password, key)
	case "disable":
		u, err := a.db.GetUserByUsername(ctx, username)
		if err != nil {
			return describe(err)
		}
		u.Disabled, u.UpdatedAt = true, a.clock.Now()
		if err := a.db.UpdateUser(ctx, &u); err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.Stdout, "%s is disabled and signed out everywhere\n", u.Username)
	}
	return nil
}

func roleCodes() string {
	var s []string
	for _, r := range authz.Roles() {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

func parseRoles(list string) ([]string, error) {
	var out []string
	for _, r := range strings.Split(list, ",") {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		if !authz.Role(r).Valid() {
			return nil, fmt.Errorf("unknown role %q; roles are: %s", r, roleCodes())
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--roles is required; roles are: %s", roleCodes())
	}
	return out, nil
}

// ensureTeams returns the named teams, creating those that do not exist.
func ensureTeams(ctx context.Context, db *store.DB, list string) ([]store.Team, error) {
	existing, err := db.ListTeams(ctx)
	if err != nil {
		return nil, err
	}
	var out []store.Team
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		found := false
		for _, t := range existing {
			if strings.EqualFold(t.Name, name) {
				out, found = append(out, t), true
				break
			}
		}
		if !found {
			t := store.Team{Name: name}
			if err := db.CreateTeam(ctx, &t); err != nil {
				return nil, describe(err)
			}
			existing = append(existing, t)
			out = append(out, t)
		}
	}
	return out, nil
}

// newCredentials makes a random first password and a TOTP secret. Outside
// demo mode every account has a second factor.
func newCredentials(ctx context.Context, username string) (password, hash string, key auth.TOTPKey, err error) {
	password = randomPassword()
	hash, err = auth.HashPassword(password, auth.DefaultParams())
	if err != nil {
		return "", "", key, fmt.Errorf("hash password: %w", err)
	}
	key, err = auth.NewTOTPKey("Toren", username)
	if err != nil {
		return "", "", key, fmt.Errorf("make TOTP secret: %w", err)
	}
	return password, hash, key, ctx.Err()
}

// randomPassword returns 20 random base32 characters (100 bits).
func randomPassword() string { return rand.Text()[:20] }

func printCredentials(env Env, username, password string, key auth.TOTPKey) {
	fmt.Fprintf(env.Stdout, "user:      %s\npassword:  %s (give it in person; it is shown once)\n", username, password)
	fmt.Fprintf(env.Stdout, "TOTP key:  %s\nTOTP URI:  %s\n", key.Secret, key.URI)
}

// describe turns an application error into its user-safe message.
func describe(err error) error {
	if te, ok := err.(*toren.Error); ok && te.Code != toren.CodeInternal {
		msg := te.Message
		for _, f := range te.Fields {
			msg += "; " + f.Field + ": " + f.Message
		}
		return fmt.Errorf("%s", msg)
	}
	return err
}
