package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"toren/internal/access"
	"toren/internal/authz"
	"toren/internal/httpx"
	"toren/internal/registry"
	"toren/internal/toren"
)

// Registry is the review queue and the merging of registry persons
// (satisfied by *registry.Service).
type Registry interface {
	ReviewItems(ctx context.Context, actor authz.Actor, q registry.ReviewQuery) ([]registry.ReviewView, error)
	ReviewItem(ctx context.Context, actor authz.Actor, id int64) (registry.ReviewView, error)
	Decide(ctx context.Context, actor authz.Actor, id int64, d registry.Decision) (registry.ReviewItem, error)
	Merge(ctx context.Context, actor authz.Actor, survivorID int64, in registry.MergeInput) (registry.Merge, error)
	Unmerge(ctx context.Context, actor authz.Actor, absorbedID int64, in registry.UnmergeInput) (registry.Merge, error)
	MergeStatus(ctx context.Context, actor authz.Actor, personID int64) (registry.MergeStatus, error)
}

const reviewPath = "/radar/beoordelen"

// registry returns the registry service and the signed-in user who acts
// on it; the persons a result shows are noted on that user, for the
// access log.
func (w *Web) registry(r *http.Request) (Registry, *access.Principal, error) {
	if w.cfg.Registry == nil {
		return nil, nil, toren.Errorf(toren.CodeNotFound, "the review queue is not configured")
	}
	p, ok := access.FromContext(r.Context())
	if !ok {
		return nil, nil, toren.Errorf(toren.CodeForbidden, "not signed in")
	}
	return w.cfg.Registry, p, nil
}

type reviewListPage struct {
	Chrome
	Items []registry.ReviewView
}

// reviewList is the queue of links the radar could not decide, oldest first.
func (w *Web) reviewList(rw http.ResponseWriter, r *http.Request) {
	reg, who, err := w.registry(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	var p reviewListPage
	if p.Items, err = reg.ReviewItems(r.Context(), who.Actor, registry.ReviewQuery{Limit: 100}); err != nil {
		w.fail(rw, r, err)
		return
	}
	for _, v := range p.Items {
		who.Touch(v.Item.PersonIDs()...)
	}
	w.render(rw, r, http.StatusOK, "review_list", &p)
}

type reviewItemPage struct {
	Chrome
	registry.ReviewView
	// Error and Note come back after a refused decision.
	Error string
	Note  string
}

func (w *Web) reviewItem(rw http.ResponseWriter, r *http.Request) {
	w.showReviewItem(rw, r, http.StatusOK, "", "")
}

func (w *Web) showReviewItem(rw http.ResponseWriter, r *http.Request, status int, msg, note string) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	reg, who, err := w.registry(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	v, err := reg.ReviewItem(r.Context(), who.Actor, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	who.Touch(v.Item.PersonIDs()...)
	w.render(rw, r, status, "review", &reviewItemPage{ReviewView: v, Error: msg, Note: note})
}

// reviewDecide records "Zelfde persoon" or "Verschillende personen".
func (w *Web) reviewDecide(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	reg, who, err := w.registry(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("versie"))
	d := registry.Decision{Version: version, Note: r.PostFormValue("notitie")}
	switch r.PostFormValue("besluit") {
	case "zelfde":
		d.Decision = registry.SamePerson
	case "verschillend":
		d.Decision = registry.DifferentPersons
	}
	it, err := reg.Decide(r.Context(), who.Actor, id, d)
	if err != nil {
		switch toren.ErrorCode(err) {
		case toren.CodeInvalid:
			w.showReviewItem(rw, r, httpx.StatusOf(err), dutchProblems(err), d.Note)
		case toren.CodeConflict:
			w.showReviewItem(rw, r, httpx.StatusOf(err), msg("review.error.decided"), "")
		default:
			w.fail(rw, r, err)
		}
		return
	}
	who.Touch(it.PersonIDs()...)
	http.Redirect(rw, r, reviewPath, http.StatusSeeOther)
}

// personRadar is what the person page shows about merges.
type personRadar struct {
	// Merge is the person's merge status; nil without a registry.
	Merge *registry.MergeStatus
	// CanMerge and CanUnmerge show the forms to those who may use them.
	CanMerge, CanUnmerge bool
	// MergeError, MergeWith and MergeReason come back after a refused
	// merge; UnmergeError and UnmergeReason after a refused undo.
	MergeError, MergeWith, MergeReason string
	UnmergeError, UnmergeReason        string
}

// addRadar fills the person page's merge part.
func (w *Web) addRadar(r *http.Request, id int64, pr *personRadar) error {
	if w.cfg.Registry == nil {
		return nil
	}
	p, err := w.principal(r)
	if err != nil {
		return err
	}
	st, err := w.cfg.Registry.MergeStatus(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	pr.Merge = &st
	res := authz.Resource{Kind: authz.KindPerson, ID: id}
	now := w.cfg.Clock.Now()
	pr.CanMerge = st.Into == nil && authz.Decide(p.Actor, authz.ActionPersonMerge, res, authz.Opts{Now: now}).Allowed
	pr.CanUnmerge = st.Into != nil && authz.Decide(p.Actor, authz.ActionPersonUnmerge, res, authz.Opts{Now: now}).Allowed
	return nil
}

// mergePerson merges the person whose number the form names into this one.
func (w *Web) mergePerson(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	reg, who, err := w.registry(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	with := strings.TrimSpace(r.PostFormValue("persoon"))
	in := registry.MergeInput{Reason: r.PostFormValue("reden")}
	in.PersonID, _ = strconv.ParseInt(with, 10, 64)
	m, err := reg.Merge(r.Context(), who.Actor, id, in)
	if err != nil {
		code := toren.ErrorCode(err)
		if code != toren.CodeInvalid && code != toren.CodeConflict && code != toren.CodeNotFound {
			w.fail(rw, r, err)
			return
		}
		text := dutchProblems(err)
		switch code {
		case toren.CodeConflict:
			text = msg("person.merge.error.conflict")
		case toren.CodeNotFound:
			text = msgVars("person.merge.error.not-found", "number", with)
		}
		w.showPerson(rw, r, id, httpx.Status(code), personRadar{MergeError: text, MergeWith: with, MergeReason: in.Reason})
		return
	}
	who.Touch(m.PersonIDs()...)
	http.Redirect(rw, r, "/personen/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// unmergePerson undoes the merge that absorbed this person.
func (w *Web) unmergePerson(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	reg, who, err := w.registry(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	in := registry.UnmergeInput{Reason: r.PostFormValue("reden")}
	m, err := reg.Unmerge(r.Context(), who.Actor, id, in)
	if err != nil {
		code := toren.ErrorCode(err)
		if code != toren.CodeInvalid && code != toren.CodeConflict && code != toren.CodeNotFound {
			w.fail(rw, r, err)
			return
		}
		text := dutchProblems(err)
		switch code {
		case toren.CodeConflict:
			text = msg("person.unmerge.error.conflict")
		case toren.CodeNotFound:
			text = msg("person.unmerge.error.not-merged")
		}
		w.showPerson(rw, r, id, httpx.Status(code), personRadar{UnmergeError: text, UnmergeReason: in.Reason})
		return
	}
	who.Touch(m.PersonIDs()...)
	http.Redirect(rw, r, "/personen/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// dutchProblems joins the Dutch messages of a validation error of the
// registry (registry.rule.*).
func dutchProblems(err error) string {
	var msgs []string
	for _, f := range toren.FieldErrors(wordRules(err, "registry.rule", "max", strconv.Itoa(registry.MaxNote))) {
		if f.MessageNL != "" {
			msgs = append(msgs, f.MessageNL)
		}
	}
	if len(msgs) == 0 {
		return msg("review.error.invalid")
	}
	return strings.Join(msgs, " ")
}
