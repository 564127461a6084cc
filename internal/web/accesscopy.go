package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"toren/internal/access"
	"toren/internal/authz"
	"toren/internal/httpx"
	"toren/internal/subjectaccess"
	"toren/internal/toren"
)

// AccessCopies is the data subject's access copy and objections
// (*subjectaccess.Service satisfies it).
type AccessCopies interface {
	Compile(ctx context.Context, a authz.Actor, personID int64, origin string) (*subjectaccess.Copy, error)
	Rectify(ctx context.Context, a authz.Actor, req subjectaccess.RectifyRequest, origin string) (subjectaccess.Rectification, error)
	Rectifications(ctx context.Context, a authz.Actor, personID int64) ([]subjectaccess.Rectification, error)
}

// accessCopy serves the copy as JSON (for the file) or PDF (for the
// person); each download is compiled afresh and audited.
func (w *Web) accessCopy(pdf bool) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p, _ := access.FromContext(r.Context())
		c, err := w.cfg.AccessCopies.Compile(r.Context(), p.Actor, id, httpx.ClientIP(r))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		name := fmt.Sprintf("inzage-persoon-%d-%s", id, c.CompiledAt.Format("2006-01-02"))
		rw.Header().Set("Cache-Control", "no-store")
		if !pdf {
			rw.Header().Set("Content-Type", "application/json")
			rw.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
			enc := json.NewEncoder(rw)
			enc.SetIndent("", "  ")
			if err := enc.Encode(c); err != nil {
				w.cfg.Logger.ErrorContext(r.Context(), "access copy: write json", "err", err)
			}
			return
		}
		b, err := subjectaccess.PDF(c, "Veilig Thuis", CodeWord)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		rw.Header().Set("Content-Type", "application/pdf")
		rw.Header().Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
		rw.Write(b)
	}
}

// rectify records a data subject's objection and returns to the access
// page, which lists it; a form error is shown there in Dutch.
func (w *Web) rectify(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p, _ := access.FromContext(r.Context())
	req := subjectaccess.RectifyRequest{PersonID: id, ObjectKind: subjectaccess.ObjectKind(r.PostFormValue("soort")),
		ObjectRef: r.PostFormValue("nummer"), Statement: r.PostFormValue("uitspraak"), Note: r.PostFormValue("toelichting"),
		Changed: r.PostFormValue("gewijzigd")}
	if _, err := w.cfg.AccessCopies.Rectify(r.Context(), p.Actor, req, httpx.ClientIP(r)); err != nil {
		if toren.ErrorCode(err) == toren.CodeInvalid {
			w.renderAccessLog(rw, r, id, http.StatusUnprocessableEntity, &req, toren.FieldErrors(err))
			return
		}
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/personen/"+strconv.FormatInt(id, 10)+"/inzage#bezwaren", http.StatusSeeOther)
}
