package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"toren/internal/authz"
	"toren/internal/clients"
	"toren/internal/toren"
)

// Clients is the register of API clients (*clients.Service).
type Clients interface {
	Add(ctx context.Context, a authz.Actor, nc clients.NewClient) (clients.Client, clients.Secret, error)
	List(ctx context.Context, a authz.Actor) ([]clients.Client, error)
	Rotate(ctx context.Context, a authz.Actor, id int64) (clients.Client, clients.Secret, error)
	Revoke(ctx context.Context, a authz.Actor, id int64) (clients.Client, error)
}

type scopeOption struct {
	Code, Label string
	Checked     bool
}

// clientRow is a client in the list, with the tokens valid now.
type clientRow struct {
	clients.Client
	Valid []clients.Credential
}

// partnerOption is a catalogue partner a client may speak for.
type partnerOption struct {
	ID       int64
	Name     string
	Selected bool
}

type clientsPage struct {
	Chrome
	Clients  []clientRow
	Scopes   []scopeOption
	Partners []partnerOption
	Form     clients.NewClient
	Limit    string
	Errors   map[string]string
	Message  string
}

func (w *Web) adminClients(rw http.ResponseWriter, r *http.Request) {
	w.renderClients(rw, r, http.StatusOK, &clientsPage{})
}

func (w *Web) renderClients(rw http.ResponseWriter, r *http.Request, status int, p *clientsPage) {
	if w.cfg.Clients == nil {
		w.fail(rw, r, toren.Errorf(toren.CodeUnavailable, "no client register"))
		return
	}
	cs, err := w.cfg.Clients.List(r.Context(), actorIn(r.Context()))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	now := w.cfg.Clock.Now()
	for _, c := range cs {
		p.Clients = append(p.Clients, clientRow{Client: c, Valid: c.Active(now)})
	}
	for _, s := range authz.Scopes() {
		p.Scopes = append(p.Scopes, scopeOption{Code: string(s), Label: codeMsg("scope", s), Checked: slices.Contains(p.Form.Scopes, string(s))})
	}
	if w.cfg.Admin != nil {
		ps, err := w.cfg.Admin.ListPartners(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		for _, x := range ps {
			if x.Active {
				p.Partners = append(p.Partners, partnerOption{ID: x.ID, Name: x.Name, Selected: x.ID == p.Form.PartnerID})
			}
		}
	}
	w.render(rw, r, status, "admin_clients", p)
}

type clientTokenPage struct {
	Chrome
	Title   string
	Client  clients.Client
	Secret  clients.Secret
	Overlap string
}

// adminAddClient registers a client and shows its token once: only its
// hash is stored.
func (w *Web) adminAddClient(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "unreadable form"))
		return
	}
	nc := clients.NewClient{Name: r.PostFormValue("name"), Scopes: r.PostForm["scopes"]}
	if v := strings.TrimSpace(r.PostFormValue("partner_id")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			n = -1 // reported as not in the catalogue
		}
		nc.PartnerID = n
	}
	limit := strings.TrimSpace(r.PostFormValue("rate_limit"))
	if limit != "" {
		n, err := strconv.Atoi(limit)
		if err != nil {
			n = -1 // reported as out of range
		}
		nc.RateLimit = n
	}
	c, sec, err := w.cfg.Clients.Add(r.Context(), actorIn(r.Context()), nc)
	if err != nil {
		errs, ok := clientFieldErrors(err)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		w.renderClients(rw, r, http.StatusUnprocessableEntity, &clientsPage{Form: nc, Limit: limit, Errors: errs})
		return
	}
	w.render(rw, r, http.StatusOK, "admin_client_token", &clientTokenPage{Title: msg("admin.token.created"), Client: c, Secret: sec})
}

// adminRotateClient gives the client a new token; the old ones stay valid
// for the overlap so the client can switch without an interruption.
func (w *Web) adminRotateClient(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	c, sec, err := w.cfg.Clients.Rotate(r.Context(), actorIn(r.Context()), id)
	if err != nil {
		w.clientChangeFailed(rw, r, err)
		return
	}
	until := w.cfg.Clock.Now().Add(clients.DefaultOverlap).In(toren.Amsterdam).Format("02-01-2006 15:04")
	w.render(rw, r, http.StatusOK, "admin_client_token", &clientTokenPage{Title: msg("admin.token.renewed"), Client: c, Secret: sec, Overlap: until})
}

func (w *Web) adminRevokeClient(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	c, err := w.cfg.Clients.Revoke(r.Context(), actorIn(r.Context()), id)
	if err != nil {
		w.clientChangeFailed(rw, r, err)
		return
	}
	w.renderClients(rw, r, http.StatusOK, &clientsPage{Message: msgVars("admin.clients.revoked.done", "client", c.Name)})
}

func (w *Web) clientChangeFailed(rw http.ResponseWriter, r *http.Request, err error) {
	errs, ok := clientFieldErrors(err)
	if !ok {
		w.fail(rw, r, err)
		return
	}
	w.renderClients(rw, r, http.StatusConflict, &clientsPage{Message: errs["client"]})
}

// clientFieldErrors words the fields the clients service refused
// (client.rule.*), with its limits.
func clientFieldErrors(err error) (map[string]string, bool) {
	return ruleFieldErrors("client.rule", err, "max_name", strconv.Itoa(clients.MaxNameLength), "max_rate", strconv.Itoa(clients.MaxRateLimit))
}

// tokenValidUntil is the Dutch date and time a credential expires.
func tokenValidUntil(c clients.Credential) string {
	return c.ExpiresAt.In(toren.Amsterdam).Format("02-01-2006 15:04")
}
