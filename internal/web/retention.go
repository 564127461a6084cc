package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"toren/internal/authz"
	"toren/internal/httpx"
	"toren/internal/retention"
	"toren/internal/toren"
)

// Retention is destruction after the retention term and legal holds, for
// the privacy officer (*retention.Service satisfies it). Every call is
// decided by the service (retention.manage) and audited there.
type Retention interface {
	Rule() retention.Rule
	Plan(ctx context.Context, a authz.Actor, origin string) (retention.Plan, error)
	RunPlanned(ctx context.Context, a authz.Actor, origin, digest string, batch int, progress retention.Progress) (retention.Result, error)
	PlaceHold(ctx context.Context, a authz.Actor, origin string, kind retention.HoldKind, objectID int64, reason string) (retention.Hold, error)
	LiftHold(ctx context.Context, a authz.Actor, origin string, id int64, reason string) error
	Holds(ctx context.Context, a authz.Actor) ([]retention.Hold, error)
}

// retentionPath is the privacy officer's retention page.
const retentionPath = "/bewaartermijnen"

// retentionBatch is the files destroyed per transaction by a run started
// on the page (as the CLI's default).
const retentionBatch = 100

// retentionListed bounds the files the page lists (a first run over
// twenty years of files lists thousands); the run destroys them all.
const retentionListed = 500

// retentionPage shows the rule in force, the plan of what a run today
// would destroy and why, the due files kept, the legal holds in force
// with a form to lift each, a form to place one, and the run.
type retentionPage struct {
	Chrome
	Rule retention.Rule
	Plan retention.Plan
	// Shown are the first files of the plan to destroy the page lists;
	// More counts the rest (the whole list: toren retention plan --json).
	Shown []retention.File
	More  int
	// Persons, Reports, Cases count what the run would destroy.
	Persons, Reports, Cases int
	Holds                   []retention.Hold
	// HoldForm and HoldErrors are the hold form as typed and its
	// errors; LiftID, LiftReason and LiftError the lift form that failed.
	HoldForm   holdForm
	HoldErrors map[string]string
	LiftID     int64
	LiftReason string
	LiftError  string
	// RunError says why a run was refused (the plan changed, no
	// confirmation); Result is what a run just did.
	RunError string
	Result   *retention.Result
	// Destroyed counts what Result destroyed.
	DestroyedPersons, DestroyedReports, DestroyedCases int
}

type holdForm struct {
	Kind, Object, Reason string
}

// Why says which part of the page's rule decided a file's due day: the
// youngest child's age, or the years after the last involvement.
func (p *retentionPage) Why(f retention.File) string {
	if f.ChildDecides {
		return msgVars("retention.why.child", "born", f.YoungestChild.Dutch(), "age", strconv.Itoa(p.Rule.ChildAge), "due", f.Due.Dutch())
	}
	return msgVars("retention.why.years", "years", strconv.Itoa(p.Rule.YearsAfterLast),
		"last", toren.DateOf(f.LastInvolvement.UTC()).Dutch())
}

// SkipReason says why a run left a planned file alone (Skipped.Reason,
// the store's English reason): a hold, a case open again, something new
// about the file, or a number the database must keep for now.
func (p *retentionPage) SkipReason(s retention.Skipped) string {
	switch {
	case s.Reason == retention.SkipCaseHeld || s.Reason == retention.SkipPersonHeld:
		return msg("retention.skip.held")
	case s.Reason == retention.SkipCaseOpen:
		return msg("retention.skip.open")
	case s.Reason == retention.SkipNewReport || s.Reason == retention.SkipNewCase || s.Reason == retention.SkipNewContact:
		return msg("retention.skip.new")
	case strings.HasPrefix(s.Reason, retention.SkipNewestRowOf):
		return msg("retention.skip.newest-row")
	}
	return s.Reason
}

// Numbers names a file by its case and report numbers: the page never
// shows a name.
func (p *retentionPage) Numbers(f retention.File) string {
	var parts []string
	if len(f.CaseNumbers) > 0 {
		parts = append(parts, msgVars("retention.file.cases", "numbers", strings.Join(f.CaseNumbers, ", ")))
	}
	if len(f.ReportNumbers) > 0 {
		parts = append(parts, msgVars("retention.file.reports", "numbers", strings.Join(f.ReportNumbers, ", ")))
	}
	parts = append(parts, msgN("retention.persons", len(f.Persons)))
	return strings.Join(parts, "; ")
}

// HoldKindNL names what a hold is on.
func (p *retentionPage) HoldKindNL(k retention.HoldKind) string {
	if k == retention.HoldCase {
		return msg("retention.hold.kind.case")
	}
	return msg("retention.hold.kind.person")
}

// retentionShow renders the page with a fresh plan (reading it is
// audited by the service) over what a form left in p.
func (w *Web) retentionShow(rw http.ResponseWriter, r *http.Request, status int, p *retentionPage) {
	a := actorIn(r.Context())
	plan, err := w.cfg.Retention.Plan(r.Context(), a, httpx.ClientIP(r))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	holds, err := w.cfg.Retention.Holds(r.Context(), a)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p.Rule, p.Plan, p.Holds = w.cfg.Retention.Rule(), plan, holds
	p.Persons, p.Reports, p.Cases = retention.Counts(plan.Destroy)
	p.Shown = plan.Destroy[:min(len(plan.Destroy), retentionListed)]
	p.More = len(plan.Destroy) - len(p.Shown)
	if p.HoldForm.Kind == "" {
		p.HoldForm.Kind = string(retention.HoldCase)
	}
	w.render(rw, r, status, "retention", p)
}

func (w *Web) retentionPageGet(rw http.ResponseWriter, r *http.Request) {
	p := &retentionPage{}
	p.Flash = takeFlash(rw, r)
	w.retentionShow(rw, r, http.StatusOK, p)
}

// retentionHold places a legal hold on a case file or registry person.
func (w *Web) retentionHold(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	f := holdForm{Kind: r.PostFormValue("soort"), Object: strings.TrimSpace(r.PostFormValue("nummer")), Reason: r.PostFormValue("reden")}
	id, perr := strconv.ParseInt(f.Object, 10, 64)
	if perr != nil || id <= 0 {
		id = 0
	}
	_, err := w.cfg.Retention.PlaceHold(r.Context(), actorIn(r.Context()), httpx.ClientIP(r), retention.HoldKind(f.Kind), id, f.Reason)
	if err == nil {
		setFlash(rw, r, "bewaarplicht")
		http.Redirect(rw, r, retentionPath+"#bewaarplichten", http.StatusSeeOther)
		return
	}
	errs, ok := fieldErrors(wordRules(err, "retain.rule"))
	if toren.ErrorCode(err) == toren.CodeNotFound {
		errs, ok = map[string]string{"object_id": msg("retention.error.no-such-number")}, true
	}
	if !ok {
		w.fail(rw, r, err)
		return
	}
	// The service names the fields in English; the form's are Dutch.
	form := map[string]string{}
	for field, name := range map[string]string{"kind": "soort", "object_id": "nummer", "reason": "reden"} {
		if msg, ok := errs[field]; ok {
			form[name] = msg
		}
	}
	w.retentionShow(rw, r, http.StatusUnprocessableEntity, &retentionPage{HoldForm: f, HoldErrors: form})
}

// retentionLift lifts a legal hold, saying why.
func (w *Web) retentionLift(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	reason := r.PostFormValue("reden")
	err = w.cfg.Retention.LiftHold(r.Context(), actorIn(r.Context()), httpx.ClientIP(r), id, reason)
	if err == nil {
		setFlash(rw, r, "bewaarplicht-opgeheven")
		http.Redirect(rw, r, retentionPath+"#bewaarplichten", http.StatusSeeOther)
		return
	}
	errs, ok := fieldErrors(wordRules(wordRules(err, "retain.lift.rule"), "retain.rule"))
	if !ok {
		w.fail(rw, r, err)
		return
	}
	msg := errs["reason"]
	if msg == "" {
		msg = errs["hold"]
	}
	w.retentionShow(rw, r, http.StatusUnprocessableEntity, &retentionPage{LiftID: id, LiftReason: reason, LiftError: msg})
}

// retentionRun destroys the files of the plan the privacy officer read:
// the form carries that plan's digest, and a plan that changed since is
// refused and shown again. The confirmation box must be ticked.
func (w *Web) retentionRun(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	digest := r.PostFormValue("plan")
	if r.PostFormValue("bevestig") != "ja" || digest == "" {
		w.retentionShow(rw, r, http.StatusUnprocessableEntity, &retentionPage{
			RunError: msg("retention.error.not-confirmed")})
		return
	}
	res, err := w.cfg.Retention.RunPlanned(r.Context(), actorIn(r.Context()), httpx.ClientIP(r), digest, retentionBatch, nil)
	if toren.ErrorCode(err) == toren.CodeConflict {
		w.retentionShow(rw, r, http.StatusConflict, &retentionPage{
			RunError: msg("retention.error.plan-changed")})
		return
	}
	if err != nil && len(res.Destroyed) == 0 {
		w.fail(rw, r, err)
		return
	}
	p := &retentionPage{Result: &res}
	for _, t := range res.Destroyed {
		p.DestroyedPersons += t.Persons
		p.DestroyedReports += t.Reports
		p.DestroyedCases += t.Cases
	}
	if err != nil {
		// Whole batches were destroyed before the run stopped.
		w.cfg.Logger.ErrorContext(r.Context(), "retention run stopped", "err", err, "destroyed", len(res.Destroyed))
		p.RunError = msg("retention.error.interrupted")
	}
	w.retentionShow(rw, r, http.StatusOK, p)
}
