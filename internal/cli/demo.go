package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"time"
	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/auth"

	"toren/internal/demo"
	"toren/internal/demo/generate"
	"toren/internal/intake"
	"toren/internal/toren"
)

func runDemo(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "demo", "demo [--addr HOST:PORT] [--families N] [--years Y] [--seed S] [--db sqlite:PATH]")
	addr := fs.String("addr", envOr(env, "TOREN_ADDR", "127.0.0.1:8080"), "address to listen on")
	families := fs.Int("families", 200, "number of synthetic families to generate besides the seed cases")
	years := fs.Int("years", 5, "years of history to generate")
	seed := fs.Uint64("seed", 1, "seed of the synthetic generator (same seed, same data)")
	dsn := fs.String("db", "", "database to fill (default: a fresh SQLite file in a temporary folder, removed on exit)")
	radarThresholds := radarFlags(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	thresholds, err := radarThresholds()
	if err != nil {
		return err
	}
	if *families < 0 || *years < 1 || *years > 50 {
		fmt.Fprintln(env.Stderr, "toren demo: --families must be >= 0 and --years between 1 and 50")
		return errUsage
	}
	log := newLogger(env, env.Stderr)
	if *dsn == "" {
		dir, err := os.MkdirTemp("", "toren-demo-")
		if err != nil {
			return fmt.Errorf("make temporary folder: %w", err)
		}
		defer os.RemoveAll(dir)
		*dsn = "sqlite:" + filepath.Join(dir, "toren.db")
	}
	a, err := openApp(ctx, *dsn, log)
	if err != nil {
		return err
	}
	defer a.Close()
	a.thresholds = thresholds
	if err := a.useRadar(ctx); err != nil {
		return err
	}
	start := time.Now()
	n, err := loadDemo(ctx, a, *families, *years, *seed)
	if err != nil {
		return err
	}
	log.Info("demo data loaded", "reports", n, "took", time.Since(start).Round(time.Millisecond))

	accounts, err := demoAccounts(ctx, a)
	if err != nil {
		return err
	}
	if played, err := loadDemoCases(ctx, a); err != nil {
		return err
	} else if played > 0 {
		log.Info("demo cases played through the process", "cases", played)
	}
	srv, err := a.server(serverOptions{demo: true})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	fmt.Fprintf(env.Stdout, "Toren demo is running at http://%s/ (%d reports; stop with Ctrl-C)\n", ln.Addr(), n)
	fmt.Fprintf(env.Stdout, "Demo accounts (password %q, no second factor in the demo):\n", demoPassword)
	for _, acc := range accounts {
		fmt.Fprintf(env.Stdout, "  %-22s %s\n", acc.username, acc.about)
	}
	return srv.Serve(ctx, ln)
}

// loadDemo registers the seed cases and then the synthetic families
// through the intake service, exactly as real reports come in.
func loadDemo(ctx context.Context, a *app, families, years int, seed uint64, skipStories ...string) (int, error) {
	ctx = audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: "system", ActorName: "toren demo", Role: "demo", Origin: "cli"}})
	n := 0
	// Synthetic history first, the seed stories last: they are the
	// newest reports and head the start page.
	if families > 0 {
		g := generate.New(generate.Config{Families: families, Years: years, Seed: seed, End: a.clock.Now()})
		const batch = 500
		subs := make([]intake.Submission, 0, batch)
		flush := func() error {
			_, errs, err := a.intake.SubmitBatch(ctx, subs)
			if err != nil {
				return err
			}
			for i, e := range errs {
				if e != nil && toren.ErrorCode(e) != toren.CodeConflict {
					return fmt.Errorf("generated report %s: %w", subs[i].IdempotencyKey, e)
				}
			}
			n += len(subs)
			subs = subs[:0]
			return nil
		}
		err := g.Each(func(gr generate.GeneratedReport) error {
			r := gr.Report
			subs = append(subs, intake.Submission{Report: &r, IdempotencyKey: gr.Key})
			if len(subs) == batch {
				return flush()
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("generate: %w", err)
		}
		if len(subs) > 0 {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	for _, s := range demo.Seed(a.clock.Now()) {
		if slices.Contains(skipStories, s.Story) {
			continue // a test tells this story itself
		}
		_, err := a.intake.Submit(ctx, intake.Submission{Report: &s.Report, IdempotencyKey: s.Key})
		switch {
		case toren.ErrorCode(err) == toren.CodeConflict:
			// Loaded on an earlier day into this --db: the dates moved, the key stays.
			continue
		case err != nil:
			return n, fmt.Errorf("seed report %s: %w", s.Key, err)
		}
		n++
	}
	return n, nil
}

// demoPassword is the password of every demo account. Demo mode is the
// only mode in which accounts sign in without a second factor.
const demoPassword = "veilig-thuis-demo"

type demoAccount struct {
	username, name, about string
	roles                 []string
	teams                 string
}

// demoAccounts makes one account per role (once per database).
func demoAccounts(ctx context.Context, a *app) ([]demoAccount, error) {
	demo := []demoAccount{
		{"intake", "Iris de Wit", "intake en crisisdienst (Frontoffice)", []string{"intake"}, "Frontoffice"},
		{"casemanager", "Cas Jansen", "casemanager (Backoffice)", []string{"case_manager"}, "Backoffice"},
		{"monitoring", "Mo Bakker", "Team Monitoring", []string{"monitoring"}, "Team Monitoring"},
		{"interventieteam", "Ilse Smit", "Interventieteam", []string{"intervention_team"}, "Interventieteam"},
		{"gedragswetenschapper", "Gert Visser", "gedragswetenschapper (tweede paar ogen; Frontoffice, Backoffice, Team Monitoring)",
			[]string{"behavioural_scientist"}, "Frontoffice,Backoffice,Team Monitoring"},
		{"teamleider", "Tara Mulder", "teamleider Frontoffice en Backoffice", []string{"team_leader"}, "Frontoffice,Backoffice"},
		{"analist", "Anouk Bos", "analist (alleen statistiek)", []string{"analyst"}, ""},
		{"beheerder", "Bart Kok", "functioneel beheerder (geen dossierinhoud)", []string{"admin"}, ""},
	}
	hash, err := auth.HashPassword(demoPassword, auth.DefaultParams())
	if err != nil {
		return nil, fmt.Errorf("hash demo password: %w", err)
	}
	for _, acc := range demo {
		if _, err := a.db.GetUserByUsername(ctx, acc.username); err == nil {
			continue
		}
		teams, err := ensureTeams(ctx, a.db, acc.teams)
		if err != nil {
			return nil, err
		}
		now := a.clock.Now()
		u := &accounts.User{Username: acc.username, DisplayName: acc.name, PasswordHash: hash, Roles: acc.roles, Teams: teams, CreatedAt: now, UpdatedAt: now}
		if err := a.db.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("demo account %s: %w", acc.username, err)
		}
	}
	return demo, nil
}
