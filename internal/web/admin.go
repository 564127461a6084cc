package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"toren/internal/access"
	"toren/internal/accounts"
	"toren/internal/authz"
	"toren/internal/partners"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Accounts is the administrator's account service (*accounts.Service).
type Accounts interface {
	AddUser(ctx context.Context, a authz.Actor, nu accounts.NewUser) (accounts.User, accounts.Credentials, error)
	ResetUser(ctx context.Context, a authz.Actor, id int64) (accounts.User, accounts.Credentials, error)
	DisableUser(ctx context.Context, a authz.Actor, id int64) (accounts.User, error)
	AddTeam(ctx context.Context, a authz.Actor, name string) (accounts.Team, error)
}

// AdminStore is what the administration pages read (satisfied by
// *store.DB). It holds no case content.
type AdminStore interface {
	ListUsers(ctx context.Context) ([]accounts.User, error)
	ListTeams(ctx context.Context) ([]accounts.Team, error)
	ListPartners(ctx context.Context) ([]partners.Partner, error)
}

// Catalogue keeps the catalogue of chain partners (satisfied by
// *settings.Service): it asks the policy (catalogue.manage) and audits
// the change.
type Catalogue interface {
	AddPartner(ctx context.Context, a authz.Actor, p partners.Partner) (partners.Partner, error)
}

// canAdmin says whether the administration menu item is for the actor.
func canAdmin(a authz.Actor) bool {
	return authz.Permitted(a, authz.ActionUserManage) || authz.Permitted(a, authz.ActionCatalogueManage) ||
		authz.Permitted(a, authz.ActionClientManage)
}

// maxFormBytes bounds an administration form's body.
const maxFormBytes = 64 << 10

type adminHomePage struct {
	Chrome
	Users, Catalogue, Settings, Clients bool
}

func (w *Web) adminHome(rw http.ResponseWriter, r *http.Request) {
	p := &adminHomePage{}
	if pr, ok := access.FromContext(r.Context()); ok {
		p.Users = authz.Permitted(pr.Actor, authz.ActionUserManage)
		p.Catalogue = authz.Permitted(pr.Actor, authz.ActionCatalogueManage)
		p.Settings = w.cfg.Settings != nil && authz.Permitted(pr.Actor, authz.ActionSettingsManage)
		p.Clients = authz.Permitted(pr.Actor, authz.ActionClientManage)
	}
	w.render(rw, r, http.StatusOK, "admin", p)
}

// roleOption is a role in the add-user form.
type roleOption struct {
	Code, Label string
	Checked     bool
}

type teamOption struct {
	ID      int64
	Name    string
	Checked bool
}

type usersPage struct {
	Chrome
	Users  []accounts.User
	Roles  []roleOption
	Teams  []teamOption
	Form   accounts.NewUser
	Errors map[string]string
	// Message is a notice above the list (after disabling an account).
	Message string
}

func (w *Web) adminUsers(rw http.ResponseWriter, r *http.Request) {
	w.renderUsers(rw, r, http.StatusOK, &usersPage{})
}

func (w *Web) renderUsers(rw http.ResponseWriter, r *http.Request, status int, p *usersPage) {
	var err error
	if p.Users, err = w.cfg.Admin.ListUsers(r.Context()); err != nil {
		w.fail(rw, r, err)
		return
	}
	teams, err := w.cfg.Admin.ListTeams(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	for _, role := range authz.Roles() {
		p.Roles = append(p.Roles, roleOption{Code: string(role), Label: codeMsg("role", role), Checked: slices.Contains(p.Form.Roles, string(role))})
	}
	for _, t := range teams {
		p.Teams = append(p.Teams, teamOption{ID: t.ID, Name: t.Name, Checked: slices.Contains(p.Form.TeamIDs, t.ID)})
	}
	w.render(rw, r, status, "admin_users", p)
}

type credentialsPage struct {
	Chrome
	Title       string
	User        accounts.User
	Credentials accounts.Credentials
}

// adminAddUser adds an account and shows its first password and TOTP key,
// once: they are not stored in the clear and cannot be shown again.
func (w *Web) adminAddUser(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "unreadable form"))
		return
	}
	nu := accounts.NewUser{Username: r.PostFormValue("username"), DisplayName: r.PostFormValue("display_name"),
		Email: r.PostFormValue("email"), Roles: r.PostForm["roles"]}
	for _, s := range r.PostForm["teams"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			id = -1 // reported as an unknown team
		}
		nu.TeamIDs = append(nu.TeamIDs, id)
	}
	u, cred, err := w.cfg.Accounts.AddUser(r.Context(), actorIn(r.Context()), nu)
	if err != nil {
		errs, ok := ruleFieldErrors("account.rule", err)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		w.renderUsers(rw, r, http.StatusUnprocessableEntity, &usersPage{Form: nu, Errors: errs})
		return
	}
	w.render(rw, r, http.StatusOK, "admin_credentials", &credentialsPage{Title: msg("admin.credentials.created"), User: u, Credentials: cred})
}

func (w *Web) adminResetUser(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	u, cred, err := w.cfg.Accounts.ResetUser(r.Context(), actorIn(r.Context()), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "admin_credentials", &credentialsPage{Title: msg("admin.credentials.reset"), User: u, Credentials: cred})
}

func (w *Web) adminDisableUser(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	u, err := w.cfg.Accounts.DisableUser(r.Context(), actorIn(r.Context()), id)
	if err != nil {
		errs, ok := ruleFieldErrors("account.rule", err)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		w.renderUsers(rw, r, http.StatusUnprocessableEntity, &usersPage{Message: errs["user"]})
		return
	}
	w.renderUsers(rw, r, http.StatusOK, &usersPage{Message: msgVars("admin.users.blocked.done", "user", u.Username)})
}

type teamsPage struct {
	Chrome
	Teams  []accounts.Team
	Name   string
	Errors map[string]string
}

func (w *Web) adminTeams(rw http.ResponseWriter, r *http.Request) {
	w.renderTeams(rw, r, http.StatusOK, &teamsPage{})
}

func (w *Web) renderTeams(rw http.ResponseWriter, r *http.Request, status int, p *teamsPage) {
	var err error
	if p.Teams, err = w.cfg.Admin.ListTeams(r.Context()); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, status, "admin_teams", p)
}

func (w *Web) adminAddTeam(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	name := r.PostFormValue("name")
	if _, err := w.cfg.Accounts.AddTeam(r.Context(), actorIn(r.Context()), name); err != nil {
		errs, ok := ruleFieldErrors("account.rule", err)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		w.renderTeams(rw, r, http.StatusUnprocessableEntity, &teamsPage{Name: name, Errors: errs})
		return
	}
	http.Redirect(rw, r, "/beheer/teams", http.StatusSeeOther)
}

type kindOption struct {
	Code, Label string
	Selected    bool
}

type partnersPage struct {
	Chrome
	Partners []partners.Partner
	Kinds    []kindOption
	Form     partners.Partner
	Errors   map[string]string
}

func (w *Web) adminPartners(rw http.ResponseWriter, r *http.Request) {
	w.renderPartners(rw, r, http.StatusOK, &partnersPage{})
}

func (w *Web) renderPartners(rw http.ResponseWriter, r *http.Request, status int, p *partnersPage) {
	var err error
	if p.Partners, err = w.cfg.Admin.ListPartners(r.Context()); err != nil {
		w.fail(rw, r, err)
		return
	}
	for _, k := range partners.Kinds() {
		p.Kinds = append(p.Kinds, kindOption{Code: string(k), Label: codeMsg("partner.kind", k), Selected: k == p.Form.Kind})
	}
	w.render(rw, r, status, "admin_partners", p)
}

// adminAddPartner adds a chain partner to the catalogue through the
// settings service, which asks the policy and audits the change.
func (w *Web) adminAddPartner(rw http.ResponseWriter, r *http.Request) {
	if w.cfg.Catalogue == nil {
		w.fail(rw, r, toren.Errorf(toren.CodeUnavailable, "no partner catalogue"))
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	p := partners.Partner{Name: r.PostFormValue("name"), Kind: partners.Kind(r.PostFormValue("kind")),
		Municipality: r.PostFormValue("municipality"), Contact: r.PostFormValue("contact"),
		Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email")}
	_, err := w.cfg.Catalogue.AddPartner(r.Context(), actorIn(r.Context()), p)
	if err == nil {
		http.Redirect(rw, r, "/beheer/partners", http.StatusSeeOther)
		return
	}
	p.Normalize(w.cfg.Municipalities)
	errs, ok := ruleFieldErrors("partner.rule", err, "max", strconv.Itoa(partners.MaxTextLength))
	if !ok {
		w.fail(rw, r, err)
		return
	}
	if m, ok := w.cfg.Municipalities.ByCode(p.Municipality); ok {
		p.Municipality = m.Name // show what the user typed, not the code
	}
	w.renderPartners(rw, r, http.StatusUnprocessableEntity, &partnersPage{Form: p, Errors: errs})
}

type reporterKindsPage struct {
	Chrome
	Kinds []reports.ReporterKind
}

// adminReporterKinds shows the reporter kinds (the CBS registration's
// list), read-only: they are fixed by the statutory delivery.
func (w *Web) adminReporterKinds(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusOK, "admin_reporterkinds", &reporterKindsPage{Kinds: listCodes(reports.ReporterKinds)})
}

// roleLabels returns the Dutch names of role codes, for the user list.
func roleLabels(codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		if authz.Role(c).Valid() {
			out[i] = codeMsg("role", c)
		} else {
			out[i] = c
		}
	}
	return strings.Join(out, ", ")
}
