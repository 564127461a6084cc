package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"toren/internal/app"
	"toren/internal/authz"
	"toren/internal/clients"
	"toren/internal/config"
	"toren/internal/store"
	"toren/internal/toren"
)

const clientSynopsis = "client add|list|rotate|revoke [--db ...] [NAME | ID] [--scopes s1,s2] [--partner ID] [--rate-limit N]"

// runClient manages API clients: other organisations' systems (the
// police, a wijkteam) that call the API with a token. The token is shown
// once, by add and rotate.
func runClient(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "client", clientSynopsis)
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if err := parse(fs, args); err != nil {
			return err
		}
		fs.Usage()
		return errUsage
	}
	verb := args[0]
	flags := config.NewFlags(fs, config.Maintain, env.Getenv)
	scopes := fs.String("scopes", "", "comma-separated scopes (add): "+scopeCodes())
	limit := fs.Int("rate-limit", 0, "requests a minute (add); 0: "+strconv.Itoa(clients.DefaultRateLimit))
	partner := fs.Int64("partner", 0, "the catalogue partner the client speaks for (add); required for handovers:respond and monitoring:report")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	want := 1
	if verb == "list" {
		want = 0
	}
	if fs.NArg() != want || (verb != "add" && verb != "list" && verb != "rotate" && verb != "revoke") {
		fs.Usage()
		return errUsage
	}
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
	// administrator at the machine; its changes are allowed and audited
	// like those made on the administration pages.
	ctx, actor := consoleAdmin(ctx, env, "cli")
	svc := app.Clients(db, toren.SystemClock{})
	id := int64(0)
	if verb == "rotate" || verb == "revoke" {
		if id, err = strconv.ParseInt(fs.Arg(0), 10, 64); err != nil || id <= 0 {
			return fmt.Errorf("ID: must be the client's number from toren client list, got %q", fs.Arg(0))
		}
	}
	switch verb {
	case "add":
		c, sec, err := svc.Add(ctx, actor, clients.NewClient{Name: fs.Arg(0), Scopes: strings.Split(*scopes, ","), RateLimit: *limit,
			PartnerID: *partner})
		if err != nil {
			return describe(err)
		}
		printClientToken(env, c, sec)
	case "rotate":
		c, sec, err := svc.Rotate(ctx, actor, id)
		if err != nil {
			return describe(err)
		}
		printClientToken(env, c, sec)
		fmt.Fprintf(env.Stdout, "earlier tokens stay valid until %s\n", time.Now().Add(clients.DefaultOverlap).UTC().Format(time.DateTime+" MST"))
	case "revoke":
		c, err := svc.Revoke(ctx, actor, id)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.Stdout, "client %d (%s) is revoked: none of its tokens is accepted any more\n", c.ID, c.Name)
	case "list":
		cs, err := svc.List(ctx, actor)
		if err != nil {
			return describe(err)
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tSCOPES\tPARTNER\tRATE/MIN\tSTATE\tVALID TOKENS")
		now := time.Now()
		for _, c := range cs {
			state := "active"
			if c.Revoked() {
				state = "revoked " + c.RevokedAt.Format(time.DateOnly)
			}
			var toks []string
			for _, cr := range c.Active(now) {
				toks = append(toks, cr.Prefix+"… until "+cr.ExpiresAt.Format(time.DateOnly))
			}
			partner := "-"
			if c.PartnerID != 0 {
				partner = strconv.FormatInt(c.PartnerID, 10) + " " + c.PartnerName
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", c.ID, c.Name, joinScopeCodes(c.Scopes), partner, c.RateLimit, state, strings.Join(toks, ", "))
		}
		tw.Flush()
	}
	return nil
}

func printClientToken(env Env, c clients.Client, sec clients.Secret) {
	fmt.Fprintf(env.Stdout, "client:    %d (%s)\nscopes:    %s\n", c.ID, c.Name, joinScopeCodes(c.Scopes))
	if c.PartnerID != 0 {
		fmt.Fprintf(env.Stdout, "partner:   %d (%s)\n", c.PartnerID, c.PartnerName)
	}
	fmt.Fprintf(env.Stdout, "token:     %s (shown once; give it to the client's operators over a secure channel)\n", sec.Token)
	fmt.Fprintf(env.Stdout, "expires:   %s\n", sec.ExpiresAt.UTC().Format(time.DateTime+" MST"))
}

func scopeCodes() string { return joinScopeCodes(authz.Scopes()) }

func joinScopeCodes(ss []authz.Scope) string {
	s := make([]string, len(ss))
	for i, x := range ss {
		s[i] = string(x)
	}
	return strings.Join(s, ",")
}
