package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/httpx"
	"toren/internal/toren"
)

// The forms of the case page. Each reads its fields, hands them to the
// casework service and answers in one of two ways: on success a redirect
// back to the case (POST-redirect-GET) with a flash message; on refusal
// the case page again with the form as it was sent, the errors next to
// the fields and nothing stored.

// caseAction is the service call behind a form: it reads the form with fr
// and, when fr found nothing it could not read, calls the service.
type caseAction func(ctx context.Context, a authz.Actor, fr *formReader) error

// casePost runs a form of the case page: form names it, anchor is the
// section to return to, flash the message to show.
func (w *Web) casePost(rw http.ResponseWriter, r *http.Request, caseID int64, form, anchor, flash string, do caseAction) {
	p, err := w.principal(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "unreadable form: %v", err))
		return
	}
	fr := &formReader{v: r.PostForm}
	err = do(r.Context(), p.Actor, fr)
	if status, errs, refused := refusal(fr, err); refused {
		forms := newFormSet()
		forms.refuse(form, sentValues(r.PostForm), errs)
		w.renderCase(rw, r, status, caseID, forms)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	setFlash(rw, r, flash)
	http.Redirect(rw, r, caseSectionURL(caseID, anchor), http.StatusSeeOther)
}

// refusal says whether the form comes back to the worker (unreadable
// fields, a rule broken, a change by someone else meanwhile) and with
// which status and errors; anything else (no access, not found, a failure
// on our side) is not the form's to show.
func refusal(fr *formReader, err error) (int, []toren.FieldError, bool) {
	if len(fr.errs) > 0 {
		return http.StatusUnprocessableEntity, fr.errs, true
	}
	switch code := toren.ErrorCode(err); code {
	case toren.CodeInvalid:
		return httpx.Status(code), withFallback(caseRuleWords(toren.FieldErrors(err)),
			msg("case.error.refused")), true
	case toren.CodeConflict:
		return httpx.Status(code), withFallback(caseRuleWords(toren.FieldErrors(err)),
			msg("case.error.conflict")), true
	}
	return 0, nil, false
}

// caseRuleWords words the field errors of a case service in Dutch from
// the catalogue (case.rule.*, see ruleWords), and a step's unmet
// preconditions from the process's words (process.rule.*).
func caseRuleWords(fe []toren.FieldError) []toren.FieldError {
	return ruleWords("process.rule", ruleWords("case.rule", fe))
}

// withFallback gives an error without a field its Dutch message.
func withFallback(fe []toren.FieldError, nl string) []toren.FieldError {
	if len(fe) == 0 {
		return []toren.FieldError{{Field: "form", Rule: "refused", MessageNL: nl}}
	}
	for i := range fe {
		if fe[i].MessageNL == "" {
			fe[i].MessageNL = nl
		}
	}
	return fe
}

// sentValues are the form's values without the CSRF token.
func sentValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if k != "csrf" {
			out[k] = vs
		}
	}
	return out
}

func caseURL(id int64) string { return "/dossiers/" + strconv.FormatInt(id, 10) }

// itemID reads the {item} wildcard of a record route.
func itemID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("item"), 10, 64)
	if err != nil || id <= 0 {
		return 0, toren.Errorf(toren.CodeNotFound, "no such record %q", r.PathValue("item"))
	}
	return id, nil
}

func (w *Web) svc() Casework { return w.cfg.Casework.Service }

// caseHandler adapts a form of one case (/dossiers/{id}/...).
func (w *Web) caseHandler(form, anchor, flash string, do func(caseID int64) caseAction) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.casePost(rw, r, id, form, anchor, flash, do(id))
	}
}

func (w *Web) caseStep(rw http.ResponseWriter, r *http.Request) {
	form, flash := "step", "stap"
	switch cases.TransitionName(r.FormValue("transition")) {
	case cases.ReopenCase:
		form = "reopen"
	case cases.StartMonitoring:
		flash = "monitoring-gestart"
	}
	w.caseHandler(form, "proces", flash, func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			req := casework.TransitionRequest{Transition: cases.TransitionName(fr.text("transition")), Version: fr.version()}
			if req.Transition == cases.ReopenCase {
				req.Signal = &casework.SignalInput{Note: fr.text("note"), Acute: ticked(fr.v, "acute")}
			}
			_, err := w.svc().Transition(ctx, a, id, req)
			return err
		}
	})(rw, r)
}

func (w *Web) caseAssign(rw http.ResponseWriter, r *http.Request) {
	w.caseHandler("assign", "samenvatting", "toegewezen", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			req := casework.AssignRequest{Team: fr.text("team"), Workers: fr.ids("workers"), Version: fr.version()}
			if strings.TrimSpace(req.Team) == "" {
				fr.fail("team", "required", msg("case.error.team"))
			}
			if len(fr.errs) > 0 {
				return nil
			}
			_, err := w.svc().Assign(ctx, a, id, req)
			return err
		}
	})(rw, r)
}

func (w *Web) casePhase(rw http.ResponseWriter, r *http.Request) {
	w.caseHandler("phase", "samenvatting", "fase", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			_, err := w.svc().SetPhase(ctx, a, id, casework.PhaseInput{Phase: casework.Phase(fr.text("phase")), Note: fr.text("note")})
			return err
		}
	})(rw, r)
}

func (w *Web) casePropose(rw http.ResponseWriter, r *http.Request) {
	kind := r.FormValue("kind")
	w.caseHandler("decision-"+kind, "besluiten", "besluit-voorgesteld", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			in := casework.DecisionInput{Kind: authz.DecisionKind(kind), Outcome: fr.text("outcome"), Reasoning: fr.text("reasoning"),
				AcuteUnsafety: ticked(fr.v, "acute_unsafety"), StructuralUnsafety: ticked(fr.v, "structural_unsafety"),
				TriageRule: casework.TriageRule(fr.text("triage_rule")), RiskColour: cases.ITColour(fr.text("risk_colour")),
				Finding: casework.Finding(fr.text("finding"))}
			_, err := w.svc().Propose(ctx, a, id, in)
			return err
		}
	})(rw, r)
}

// decisionApprove and decisionRefuse act on a decision and return to its
// case. The service decides on the decision itself (a qualified second
// person with need-to-know on the case, never the proposer).
func (w *Web) decisionApprove(rw http.ResponseWriter, r *http.Request) {
	w.decisionPost(rw, r, "approve-", "besluit-goedgekeurd", func(ctx context.Context, a authz.Actor, id int64, fr *formReader) error {
		_, err := w.svc().Approve(ctx, a, id, casework.ApproveRequest{Version: fr.version()})
		return err
	})
}

func (w *Web) decisionRefuse(rw http.ResponseWriter, r *http.Request) {
	w.decisionPost(rw, r, "refuse-", "besluit-afgewezen", func(ctx context.Context, a authz.Actor, id int64, fr *formReader) error {
		_, err := w.svc().Refuse(ctx, a, id, casework.RefuseRequest{Version: fr.version(), Reason: fr.text("reason")})
		return err
	})
}

func (w *Web) decisionPost(rw http.ResponseWriter, r *http.Request, form, flash string,
	do func(ctx context.Context, a authz.Actor, decisionID int64, fr *formReader) error) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p, err := w.principal(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	caseID, err := w.cfg.Casework.Service.DecisionCase(r.Context(), p.Actor, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.casePost(rw, r, caseID, form+strconv.FormatInt(id, 10), "besluiten", flash, func(ctx context.Context, a authz.Actor, fr *formReader) error {
		return do(ctx, a, id, fr)
	})
}

func (w *Web) caseContact(rw http.ResponseWriter, r *http.Request) {
	w.caseHandler("contact", "contacten", "contact", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			in := casework.ContactInput{At: fr.moment("at"), With: fr.text("with"), Role: casework.ContactRole(fr.text("role")),
				Channel: casework.ContactChannel(fr.text("channel")), PersonID: fr.id("person_id"), Summary: fr.text("summary"),
				AcuteAction: ticked(fr.v, "acute_action")}
			if len(fr.errs) > 0 {
				return nil
			}
			_, err := w.svc().AddContact(ctx, a, id, in)
			return err
		}
	})(rw, r)
}

func (w *Web) caseInformant(rw http.ResponseWriter, r *http.Request) {
	w.caseHandler("informant", "informanten", "informant", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			_, err := w.svc().AddInformant(ctx, a, id, casework.InformantInput{Name: fr.text("name"), Organisation: fr.text("organisation"),
				Function: fr.text("function"), Phone: fr.text("phone"), Email: fr.text("email"), Physician: ticked(fr.v, "physician"),
				SignalFunction: ticked(fr.v, "signal_function"), Note: fr.text("note")})
			return err
		}
	})(rw, r)
}

func (w *Web) caseAgreement(rw http.ResponseWriter, r *http.Request) {
	w.caseHandler("agreement", "afspraken", "afspraak", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			in := casework.AgreementInput{Who: fr.text("who"), What: fr.text("what"), Due: fr.date("due", true), Note: fr.text("note"),
				PastDue: ticked(fr.v, "past_due")}
			if len(fr.errs) > 0 {
				return nil
			}
			_, err := w.svc().AddAgreement(ctx, a, id, in)
			return err
		}
	})(rw, r)
}

func (w *Web) caseCondition(rw http.ResponseWriter, r *http.Request) {
	w.caseHandler("condition", "voorwaarden", "voorwaarde", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			in := casework.ConditionInput{Text: fr.text("text"), CheckedBy: fr.text("checked_by"), Until: fr.date("until", false), Note: fr.text("note")}
			if len(fr.errs) > 0 {
				return nil
			}
			_, err := w.svc().AddCondition(ctx, a, id, in)
			return err
		}
	})(rw, r)
}

func (w *Web) caseHandover(rw http.ResponseWriter, r *http.Request) {
	w.caseHandler("handover", "overdracht", "overdracht", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			in := casework.HandoverInput{Partner: fr.text("partner"), PartnerKind: casework.PartnerKind(fr.text("partner_kind")),
				CaseDirector: fr.text("case_director"), ReportsBack: fr.text("reports_back"), ReportBackWhen: fr.text("report_back_when"),
				ConditionIDs: fr.ids("condition_ids")}
			if len(fr.errs) > 0 {
				return nil
			}
			_, err := w.svc().ProposeHandover(ctx, a, id, in)
			return err
		}
	})(rw, r)
}

func (w *Web) caseHandoverResponse(rw http.ResponseWriter, r *http.Request) {
	item, err := itemID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.caseHandler("respond-"+strconv.FormatInt(item, 10), "overdracht", "overdracht-antwoord", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			var accept bool
			switch fr.text("accept") {
			case "ja":
				accept = true
			case "nee":
			default:
				fr.fail("accept", "required", msg("case.error.accept"))
				return nil
			}
			_, err := w.svc().RespondHandover(ctx, a, id, item, casework.HandoverResponse{Accept: accept, Note: fr.text("note"), Version: fr.version()})
			return err
		}
	})(rw, r)
}

func (w *Web) caseFeedback(rw http.ResponseWriter, r *http.Request) {
	w.caseHandler("feedback", "terugkoppeling", "terugkoppeling", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			in := casework.FeedbackInput{ReportID: fr.id("report_id"), Moment: casework.FeedbackMoment(fr.text("moment")),
				GivenAt: fr.moment("given_at"), Channel: casework.ContactChannel(fr.text("channel")),
				FollowUpStarted: ticked(fr.v, "follow_up_started"), TransferParties: fr.text("transfer_parties"),
				ReporterHasRole: ticked(fr.v, "reporter_has_role"), ConditionsShared: ticked(fr.v, "conditions_shared"),
				Summary: fr.text("summary")}
			if len(fr.errs) > 0 {
				return nil
			}
			_, err := w.svc().AddFeedback(ctx, a, id, in)
			return err
		}
	})(rw, r)
}

func (w *Web) caseMonitoring(rw http.ResponseWriter, r *http.Request) {
	item, err := itemID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.caseHandler("monitoring-"+strconv.FormatInt(item, 10), "monitoring", "monitoring", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			in := casework.MonitoringInput{Note: fr.text("note"), Version: fr.version()}
			for i := 0; i < maxChecks; i++ {
				prefix := "checks[" + strconv.Itoa(i) + "]"
				if _, ok := fr.v[prefix+".condition_id"]; !ok {
					break
				}
				in.Checks = append(in.Checks, casework.ConditionCheck{ConditionID: fr.id(prefix + ".condition_id"),
					Result: casework.CheckResult(fr.text(prefix + ".result")), Note: fr.text(prefix + ".note")})
			}
			if len(fr.errs) > 0 {
				return nil
			}
			_, err := w.svc().RecordMonitoring(ctx, a, id, item, in)
			return err
		}
	})(rw, r)
}

// casePoliceReport records a report to the police: what was shared, with
// whom, on which legal ground and why.
func (w *Web) casePoliceReport(rw http.ResponseWriter, r *http.Request) {
	w.caseHandler("police", "politie", "politie", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			in := casework.PoliceReportInput{ReportedAt: fr.moment("reported_at"), PoliceUnit: fr.text("police_unit"),
				Shared: fr.text("shared"), LegalGround: casework.LegalGround(fr.text("legal_ground")),
				Weighing: fr.text("weighing"), Reference: fr.text("reference")}
			if len(fr.errs) > 0 {
				return nil
			}
			_, err := w.svc().RecordPoliceReport(ctx, a, id, in)
			return err
		}
	})(rw, r)
}

// maxChecks bounds the checks a monitoring form is read for: far more
// conditions than any case has.
const maxChecks = 200

func (w *Web) caseLetterSent(rw http.ResponseWriter, r *http.Request) {
	w.caseHandler("sent", "brieven", "verzonden", func(id int64) caseAction {
		return func(ctx context.Context, a authz.Actor, fr *formReader) error {
			in := casework.LetterInput{Kind: casework.LetterKind(fr.text("kind")), SentAt: fr.moment("sent_at"),
				Recipient: fr.text("recipient"), Reference: fr.text("reference")}
			if len(fr.errs) > 0 {
				return nil
			}
			_, err := w.svc().RecordLetter(ctx, a, id, in)
			return err
		}
	})(rw, r)
}
