package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"toren/internal/app"
	"toren/internal/config"
	"toren/internal/retention"
	"toren/internal/store"
	"toren/internal/toren"
)

const retentionSynopsis = `retention plan|run|hold|lift|holds [--db ...] [flags]

  plan --by NAME     list what a run today would destroy, and why (changes nothing)
  run --by NAME      destroy the files that are due, in batches, leaving tombstones
  hold --case ID|--person ID --reason TEXT --by NAME
                     keep a file whatever the rule says (legal hold)
  lift --hold ID --reason TEXT --by NAME
                     end a legal hold, saying why
  holds --by NAME    list the legal holds in force`

// runRetention plans and runs destruction after the retention term, and
// keeps legal holds. It acts as the account named with --by (the privacy
// officer at the console), whose name the audit log and the holds keep.
func runRetention(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "retention", retentionSynopsis)
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if err := parse(fs, args); err != nil {
			return err
		}
		fs.Usage()
		return errUsage
	}
	sub := args[0]
	flags := config.NewFlags(fs, config.Retention, env.Getenv)
	by := fs.String("by", "", "user name of the privacy officer who runs this: an account with the privacy_officer role, named in the audit log")
	asJSON := fs.Bool("json", false, "plan, holds: write JSON instead of text")
	batch := fs.Int("batch", 100, "run: files destroyed per transaction")
	caseID := fs.Int64("case", 0, "hold: the case file to keep")
	personID := fs.Int64("person", 0, "hold: the registry person to keep")
	reason := fs.String("reason", "", "hold: why the file must be kept (court case, complaint, request of the Inspectie); lift: why the hold ends")
	holdID := fs.Int64("hold", 0, "lift: the hold to end")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	cfg, err := flags.Config()
	if err != nil {
		return err
	}
	if strings.TrimSpace(*by) == "" {
		fmt.Fprintf(env.Stderr, "toren retention %s: --by: give the user name of the privacy officer who runs it; the audit log names them\n", sub)
		return errUsage
	}
	db, err := app.OpenStore(ctx, cfg.DB, cfg.Logger(env.Stderr), store.AuditKeys(cfg.AuditKeys))
	if err != nil {
		return err
	}
	defer db.Close()
	svc, err := retention.New(db, cfg.Retention, toren.SystemClock{})
	if err != nil {
		return err
	}
	if err := retention.CheckRule(ctx, db, cfg.Retention); err != nil {
		return err
	}
	// The person at the console acts with their account's roles; the
	// policy decides (only a privacy officer manages retention).
	actor, err := consoleActor(ctx, db, *by)
	if err != nil {
		return err
	}
	origin := "cli:toren retention " + sub
	switch sub {
	case "plan":
		p, err := svc.Plan(ctx, actor, origin)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(env.Stdout, p)
		}
		printPlan(env.Stdout, p)
		return nil
	case "run":
		res, err := svc.Run(ctx, actor, origin, *batch, func(done, total int) {
			fmt.Fprintf(env.Stderr, "%d of %d files done\n", done, total)
		})
		np, nr, nc := 0, 0, 0
		for _, t := range res.Destroyed {
			np, nr, nc = np+t.Persons, nr+t.Reports, nc+t.Cases
		}
		fmt.Fprintf(env.Stdout, "destroyed %d files under rule %s: %d persons, %d reports, %d cases; tombstones kept\n",
			len(res.Destroyed), cfg.Retention.Name, np, nr, nc)
		for _, s := range res.Skipped {
			fmt.Fprintf(env.Stdout, "kept for now: file with %s: %s\n", describeFile(s.File), s.Reason)
		}
		return err
	case "hold":
		kind, id := retention.HoldCase, *caseID
		if *personID != 0 {
			kind, id = retention.HoldPerson, *personID
		}
		if (*caseID != 0) == (*personID != 0) {
			fmt.Fprintln(env.Stderr, "toren retention hold: name one of --case ID or --person ID")
			return errUsage
		}
		h, err := svc.PlaceHold(ctx, actor, origin, kind, id, *reason)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "hold %d placed on %s %d\n", h.ID, h.Kind, h.ObjectID)
		return nil
	case "lift":
		if *holdID <= 0 {
			fmt.Fprintln(env.Stderr, "toren retention lift: --hold: name the hold to end")
			return errUsage
		}
		if err := svc.LiftHold(ctx, actor, origin, *holdID, *reason); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "hold %d lifted\n", *holdID)
		return nil
	case "holds":
		hs, err := svc.Holds(ctx, actor)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(env.Stdout, hs)
		}
		for _, h := range hs {
			fmt.Fprintf(env.Stdout, "hold %d on %s %d, placed %s by %s: %s\n", h.ID, h.Kind, h.ObjectID, h.PlacedAt.Format("2006-01-02"), h.PlacedBy, h.Reason)
		}
		return nil
	}
	fs.Usage()
	return errUsage
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printPlan writes the plan for the privacy officer: counts first, then a
// line per file with its numbers and why it is due.
func printPlan(w io.Writer, p retention.Plan) {
	np, nr, nc := retention.Counts(p.Destroy)
	fmt.Fprintf(w, "Retention plan for %s under %s\n", p.On, p.Rule)
	fmt.Fprintf(w, "to destroy: %d files (%d persons, %d reports, %d cases)\n", len(p.Destroy), np, nr, nc)
	fmt.Fprintf(w, "due but held: %d files; due but a case has not ended: %d files; not yet due: %d files\n", len(p.Held), len(p.Open), p.Kept)
	for _, f := range p.Destroy {
		fmt.Fprintf(w, "destroy  %s: due %s (%s)\n", describeFile(f), f.Due, f.Why)
	}
	for _, f := range p.Held {
		ids := make([]string, len(f.Holds))
		for i, h := range f.Holds {
			ids[i] = strconv.FormatInt(h.ID, 10)
		}
		fmt.Fprintf(w, "held     %s: due %s, kept by hold %s\n", describeFile(f), f.Due, strings.Join(ids, ", "))
	}
	for _, f := range p.Open {
		fmt.Fprintf(w, "open     %s: due %s, kept while a case has not ended\n", describeFile(f), f.Due)
	}
}

// describeFile names a file by its numbers: no name ever appears in the plan.
func describeFile(f retention.File) string {
	var parts []string
	if len(f.CaseNumbers) > 0 {
		parts = append(parts, "cases "+strings.Join(f.CaseNumbers, " "))
	}
	if len(f.ReportNumbers) > 0 {
		parts = append(parts, "reports "+strings.Join(f.ReportNumbers, " "))
	}
	parts = append(parts, fmt.Sprintf("%d persons", len(f.Persons)))
	return strings.Join(parts, ", ")
}
