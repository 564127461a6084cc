package cli

import (
	"context"
	"fmt"
	"strings"

	"toren/internal/accounts"
	"toren/internal/app"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/config"
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
	flags := config.NewFlags(fs, config.Maintain, env.Getenv)
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
	cfg, err := flags.Config()
	if err != nil {
		return err
	}
	db, err := app.OpenStore(ctx, cfg.DB, cfg.Logger(env.Stderr), store.AuditKeys(cfg.AuditKeys))
	if err != nil {
		return err
	}
	defer db.Close()
	// The command line acts as the operator at the console, the
	// administrator at the machine (there may be no account yet); its
	// changes are allowed and audited like those made on the
	// administration pages.
	ctx, actor := consoleAdmin(ctx, env, "cli")
	svc := app.Accounts(db, toren.SystemClock{}, cfg.Passwords)
	switch verb {
	case "add":
		ts, err := svc.EnsureTeams(ctx, actor, strings.Split(*teams, ","))
		if err != nil {
			return describe(err)
		}
		ids := make([]int64, len(ts))
		for i, t := range ts {
			ids[i] = t.ID
		}
		_, cred, err := svc.AddUser(ctx, actor, accounts.NewUser{Username: username, DisplayName: displayName(*name, username),
			Email: *email, Roles: strings.Split(*roles, ","), TeamIDs: ids})
		if err != nil {
			return describe(err)
		}
		printCredentials(env, cred)
	case "reset":
		u, err := db.GetUserByUsername(ctx, username)
		if err != nil {
			return describe(err)
		}
		_, cred, err := svc.ResetUser(ctx, actor, u.ID)
		if err != nil {
			return describe(err)
		}
		printCredentials(env, cred)
	case "disable":
		u, err := db.GetUserByUsername(ctx, username)
		if err != nil {
			return describe(err)
		}
		if u, err = svc.DisableUser(ctx, actor, u.ID); err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.Stdout, "%s is disabled and signed out everywhere\n", u.Username)
	}
	return nil
}

// consoleAdmin is the operator at the console (authz.Console), named by
// $USER, with ctx carrying the audit recorder their changes are written
// with, from origin ("cli", or "cli:" and what runs).
func consoleAdmin(ctx context.Context, env Env, origin string) (context.Context, authz.Actor) {
	a := authz.Console(envOr(env, "USER", "cli"))
	return audit.As(ctx, a, origin), a
}

// displayName is the name colleagues see: --name, else the user name.
func displayName(name, username string) string {
	if strings.TrimSpace(name) != "" {
		return name
	}
	return username
}

func roleCodes() string {
	var s []string
	for _, r := range authz.Roles() {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

func printCredentials(env Env, c accounts.Credentials) {
	fmt.Fprintf(env.Stdout, "user:      %s\npassword:  %s (give it in person; it is shown once)\n", c.Username, c.Password)
	fmt.Fprintf(env.Stdout, "TOTP key:  %s\nTOTP URI:  %s\n", c.TOTP.Secret, c.TOTP.URI)
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
