package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"toren/internal/app"
	"toren/internal/authz"
	"toren/internal/config"
	"toren/internal/store"
	"toren/internal/subjectaccess"
	"toren/internal/toren"
	"toren/internal/web"
)

const accessSynopsis = `access copy|rectify --person ID --by NAME [flags]

  copy --json FILE --pdf FILE
                  the person's access copy (AVG art. 15): JSON for the file, PDF for the person
  rectify --report NUMBER|--case NUMBER|--subject --statement TEXT --note TEXT [--changed TEXT]
                  record that the person contests a statement (AVG art. 16), and what was changed`

// runAccess answers a data subject's access request and records their
// objections, as the privacy officer named with --by.
func runAccess(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "access", accessSynopsis)
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if err := parse(fs, args); err != nil {
			return err
		}
		fs.Usage()
		return errUsage
	}
	sub := args[0]
	flags := config.NewFlags(fs, config.Maintain, env.Getenv)
	by := fs.String("by", "", "user name of the privacy officer (an account with the privacy_officer role), named in the audit log")
	person := fs.Int64("person", 0, "the registry person the request is from")
	jsonOut := fs.String("json", "", "copy: write the JSON copy to this file")
	pdfOut := fs.String("pdf", "", "copy: write the PDF copy to this file")
	org := fs.String("organisation", "Veilig Thuis", "copy: the organisation's name on the PDF")
	report := fs.String("report", "", "rectify: the report number the objection is about")
	caseNo := fs.String("case", "", "rectify: the case number the objection is about")
	subject := fs.Bool("subject", false, "rectify: the objection is about the person's registered data")
	statement := fs.String("statement", "", "rectify: the statement the person contests")
	note := fs.String("note", "", "rectify: what the person says")
	changed := fs.String("changed", "", "rectify: what was changed as the result (the record, the field, from what to what); empty: nothing changed")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	cfg, err := flags.Config()
	if err != nil {
		return err
	}
	if strings.TrimSpace(*by) == "" || *person <= 0 {
		fmt.Fprintf(env.Stderr, "toren access %s: --by and --person are required\n", sub)
		return errUsage
	}
	db, err := app.OpenStore(ctx, cfg.DB, cfg.Logger(env.Stderr), store.AuditKeys(cfg.AuditKeys))
	if err != nil {
		return err
	}
	defer db.Close()
	actor, err := consoleActor(ctx, db, *by)
	if err != nil {
		return err
	}
	svc := subjectaccess.New(db, toren.SystemClock{}, web.CodeWord)
	origin := "cli:toren access " + sub
	switch sub {
	case "copy":
		if *jsonOut == "" && *pdfOut == "" {
			fmt.Fprintln(env.Stderr, "toren access copy: name --json FILE, --pdf FILE or both")
			return errUsage
		}
		c, err := svc.Compile(ctx, actor, *person, origin)
		if err != nil {
			return err
		}
		if *jsonOut != "" {
			b, err := json.MarshalIndent(c, "", "  ")
			if err != nil {
				return err
			}
			if err := os.WriteFile(*jsonOut, append(b, '\n'), 0o600); err != nil {
				return err
			}
		}
		if *pdfOut != "" {
			b, err := subjectaccess.PDF(c, *org, web.CodeWord)
			if err != nil {
				return err
			}
			if err := os.WriteFile(*pdfOut, b, 0o600); err != nil {
				return err
			}
		}
		fmt.Fprintf(env.Stdout, "access copy of person %d: %d reports, %d cases, %d log lines, %d objections; recorded in the audit log\n",
			*person, len(c.Reports), len(c.Cases), len(c.AccessLog), len(c.Rectifications))
		return nil
	case "rectify":
		req := subjectaccess.RectifyRequest{PersonID: *person, Statement: *statement, Note: *note, Changed: *changed}
		switch {
		case *report != "":
			req.ObjectKind, req.ObjectRef = subjectaccess.ObjectReport, *report
		case *caseNo != "":
			req.ObjectKind, req.ObjectRef = subjectaccess.ObjectCase, *caseNo
		case *subject:
			req.ObjectKind = subjectaccess.ObjectPerson
		}
		r, err := svc.Rectify(ctx, actor, req, origin)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "objection %d recorded on %s %s\n", r.ID, r.ObjectKind, r.ObjectRef)
		return nil
	}
	fs.Usage()
	return errUsage
}

// consoleActor is the account named with --by, acting with its roles: the
// policy decides what it may do.
func consoleActor(ctx context.Context, db *store.DB, username string) (authz.Actor, error) {
	u, err := db.GetUserByUsername(ctx, strings.TrimSpace(username))
	if err != nil {
		return authz.Actor{}, fmt.Errorf("--by %s: %w", username, err)
	}
	if u.Disabled {
		return authz.Actor{}, fmt.Errorf("--by %s: the account is disabled", username)
	}
	a := authz.Actor{UserID: u.ID, Name: u.DisplayName}
	for _, r := range u.Roles {
		a.Roles = append(a.Roles, authz.Role(r))
	}
	return a, nil
}
