// Package cli implements the toren command's subcommands. Each is a thin
// wrapper: it parses flags, wires the services and runs them.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"toren/internal/app"
)

// Env is what a command gets from the process: arguments, streams and
// environment lookups, so tests can run commands in-process.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the server on a database", runServe},
		{"demo", "run the server on a fresh database filled with demo data", runDemo},
		{"migrate", "bring the database schema up to date", runMigrate},
		{"import", "import reports in bulk (police CSV or JSON Lines)", runImport},
		{"radar", "evaluate the radar's person matching", runRadar},
		{"user", "add, reset or disable a local account", runUser},
		{"client", "add, list, rotate or revoke an API client", runClient},
		{"audit", "verify the audit log's hash chain", runAudit},
		{"bench", "measure intake through the server against the raw commit limit", runBench},
		{"backup", "write a verified online copy of the database", runBackup},
		{"restore", "put a backup in place (servers stopped)", runRestore},
		{"access", "a data subject's access copy (JSON and PDF) and objections", runAccess},
		{"retention", "plan and run destruction after the retention term; legal holds", runRetention},
		{"version", "print the version", runVersion},
	}
}

// errUsage marks an error caused by how the command was called; the usage
// has been printed already.
var errUsage = errors.New("usage")

// Main runs the toren command and returns the process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return Main(ctx, []string{args[1], "-h"}, env)
		}
		usage(env.Stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		default:
			fmt.Fprintf(env.Stderr, "toren %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(env.Stderr, "toren: unknown command %q\n\n", args[0])
	usage(env.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Toren: case registration and coordination for Veilig Thuis.")
	fmt.Fprintln(w, "\nUsage: toren COMMAND [flags]\n\nCommands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "  help      help for a command: toren help COMMAND")
}

// newFlags makes a flag set that prints its usage to stderr and returns
// errors instead of exiting.
func newFlags(env Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: toren %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; a bad flag is a usage error.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// envOr returns the environment variable's value or def.
func envOr(env Env, key, def string) string {
	if v := env.Getenv(key); v != "" {
		return v
	}
	return def
}

func runVersion(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "version", "version")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "toren", app.Version())
	return nil
}
