package web

import (
	"context"
	"net/http"
	"strings"

	"toren/internal/authz"
	"toren/internal/letters"
)

// Settings are the organisation settings the administrator changes while
// Toren runs (satisfied by *settings.Service): for now the letterhead.
type Settings interface {
	Letterhead(ctx context.Context) (letters.Letterhead, error)
	SetLetterhead(ctx context.Context, a authz.Actor, h letters.Letterhead) (letters.Letterhead, error)
}

// letterheadLabels name the fields of the organisation form in the error
// summary: the catalogue keys of the labels the form shows next to each
// field.
var letterheadLabels = []struct{ field, key string }{
	{"organisation", "admin.org.name"},
	{"address", "admin.org.address"},
	{"phone", "admin.org.phone"},
	{"email", "admin.email"},
	{"website", "admin.org.website"},
}

type organisationPage struct {
	Chrome
	Form letters.Letterhead
	// Address is the postal address as typed, a line per row.
	Address string
	Errors  map[string]string
	// Summary names every refused field with its rule, for the error
	// summary above the form.
	Summary []string
}

// adminOrganisation shows the organisation's details that letters carry.
func (w *Web) adminOrganisation(rw http.ResponseWriter, r *http.Request) {
	h, err := w.cfg.Settings.Letterhead(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "admin_organisation", &organisationPage{Form: h, Address: strings.Join(h.Address, "\n")})
}

// adminSaveOrganisation changes them; refused input changes nothing and
// shows the form again with every broken field named.
func (w *Web) adminSaveOrganisation(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	address := r.PostFormValue("address")
	h := letters.Letterhead{Organisation: r.PostFormValue("organisation"), Address: strings.Split(strings.ReplaceAll(address, "\r\n", "\n"), "\n"),
		Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email"), Website: r.PostFormValue("website")}
	_, err := w.cfg.Settings.SetLetterhead(r.Context(), actorIn(r.Context()), h)
	if err == nil {
		setFlash(rw, r, "organisatie")
		http.Redirect(rw, r, "/beheer/organisatie", http.StatusSeeOther)
		return
	}
	errs, ok := fieldErrors(letterRuleWords(err))
	if !ok {
		w.fail(rw, r, err)
		return
	}
	// The lines of the address are one field on the form.
	for f, msg := range errs {
		if strings.HasPrefix(f, "address[") {
			if _, seen := errs["address"]; !seen {
				errs["address"] = msg
			}
			delete(errs, f)
		}
	}
	p := &organisationPage{Form: h, Address: address, Errors: errs}
	for _, l := range letterheadLabels {
		if e, ok := errs[l.field]; ok {
			p.Summary = append(p.Summary, msg(l.key)+": "+e)
		}
	}
	w.render(rw, r, http.StatusUnprocessableEntity, "admin_organisation", p)
}
