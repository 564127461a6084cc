package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/demo"
	"toren/internal/demo/generate"
	"toren/internal/intake"
	"toren/internal/store"
	"toren/internal/toren"
)

// demoOperator is the name the audit log gives the operator at the
// console who loads the demo (authz.Console).
const demoOperator = "toren demo"

// LoadDemo registers the seed cases and then the synthetic families
// through the intake service, exactly as real reports come in: as the
// operator at the console, who may register reports
// (authz.ConsoleActions) and read none of them.
func (a *App) LoadDemo(ctx context.Context, families, years int, seed uint64, skipStories ...string) (int, error) {
	as := authz.Console(demoOperator)
	ctx = audit.As(ctx, as, "cli")
	n := 0
	// Synthetic history first, the seed stories last: they are the
	// newest reports and head the start page.
	if families > 0 {
		g := generate.New(generate.Config{Families: families, Years: years, Seed: seed, End: a.clock.Now()})
		const batch = 500
		subs := make([]intake.Submission, 0, batch)
		flush := func() error {
			_, errs, err := a.intake.SubmitBatch(ctx, as, subs)
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
		_, err := a.intake.Submit(ctx, as, intake.Submission{Report: &s.Report, IdempotencyKey: s.Key})
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

// DemoPassword is the password of every demo account. Demo mode is the
// only mode in which accounts sign in without a second factor.
const DemoPassword = "veilig-thuis-demo"

type DemoAccount struct {
	Username, name, About string
	roles                 []string
	teams                 string
}

// DemoAccounts makes one account per role (once per database), with
// DemoPassword.
func (a *App) DemoAccounts(ctx context.Context) ([]DemoAccount, error) {
	list := []DemoAccount{
		{"intake", "Iris de Wit", "intake en crisisdienst (Frontoffice)", []string{"intake"}, "Frontoffice"},
		{"casemanager", "Cas Jansen", "casemanager (Backoffice)", []string{"case_manager"}, "Backoffice"},
		{"monitoring", "Mo Bakker", "Team Monitoring", []string{"monitoring"}, "Team Monitoring"},
		{"interventieteam", "Ilse Smit", "Interventieteam", []string{"intervention_team"}, "Interventieteam"},
		{"interventieteam2", "Ahmed Bakr", "Interventieteam (de tweede van het duo)", []string{"intervention_team"}, "Interventieteam"},
		{"gedragswetenschapper", "Gert Visser", "gedragswetenschapper (tweede paar ogen; Frontoffice, Backoffice, Team Monitoring)",
			[]string{"behavioural_scientist"}, "Frontoffice,Backoffice,Team Monitoring"},
		{"itteamleider", "Ivo Hendriks", "teamleider Interventieteam (ontvangt de incidentmeldingen)", []string{"team_leader"}, "Interventieteam"},
		{"teamleider", "Tara Mulder", "teamleider Frontoffice, Backoffice en Team Monitoring", []string{"team_leader"}, "Frontoffice,Backoffice,Team Monitoring"},
		{"analist", "Anouk Bos", "analist (alleen statistiek)", []string{"analyst"}, ""},
		{"beheerder", "Bart Kok", "functioneel beheerder (geen dossierinhoud)", []string{"admin"}, ""},
	}
	hash, err := auth.HashPassword(DemoPassword, a.cfg.Passwords)
	if err != nil {
		return nil, fmt.Errorf("hash demo password: %w", err)
	}
	for _, acc := range list {
		if _, err := a.db.GetUserByUsername(ctx, acc.Username); err == nil {
			continue
		}
		teams, err := EnsureTeams(ctx, a.db, strings.Split(acc.teams, ","))
		if err != nil {
			return nil, err
		}
		now := a.clock.Now()
		u := &accounts.User{Username: acc.Username, DisplayName: acc.name, PasswordHash: hash, Roles: acc.roles, Teams: teams, CreatedAt: now, UpdatedAt: now}
		if err := a.db.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("demo account %s: %w", acc.Username, err)
		}
	}
	return list, nil
}

// EnsureTeams returns the named teams, creating those that do not exist.
func EnsureTeams(ctx context.Context, db *store.DB, names []string) ([]accounts.Team, error) {
	existing, err := db.ListTeams(ctx)
	if err != nil {
		return nil, err
	}
	var out []accounts.Team
	for _, name := range names {
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
			t := accounts.Team{Name: name}
			if err := db.CreateTeam(ctx, &t); err != nil {
				return nil, fmt.Errorf("demo team %s: %w", name, err)
			}
			existing = append(existing, t)
			out = append(out, t)
		}
	}
	return out, nil
}
