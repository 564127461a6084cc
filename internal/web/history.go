package web

import (
	"context"
	"net/http"

	"toren/internal/authz"
	"toren/internal/history"
)

// PersonHistories reads a person's history with need-to-know applied
// (satisfied by access.Histories).
type PersonHistories interface {
	PersonHistory(ctx context.Context, a authz.Actor, personID int64) (*history.PersonHistory, error)
}

type historyPage struct {
	Chrome
	*history.PersonHistory
}

// personHistory shows a person's timeline and their household's, newest
// first across all years: content where the user needs to know it, else
// that a signal exists and whom to ask.
func (w *Web) personHistory(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if w.cfg.Histories == nil {
		w.fail(rw, r, errNotConfigured("histories"))
		return
	}
	h, err := w.cfg.Histories.PersonHistory(r.Context(), actorIn(r.Context()), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	WordSteps(h.Events)
	WordSteps(h.HouseholdEvents)
	w.render(rw, r, http.StatusOK, "history", &historyPage{PersonHistory: h})
}

// WordSteps words the steps of a timeline's events (What) from their
// facts: the pages and the API (which the wiring gives this function)
// show the same sentences, written once, in the catalogue.
func WordSteps(evs []history.Event) {
	for i := range evs {
		if st := evs[i].Step; st != nil {
			c := *st
			c.What = HistoryStep(evs[i].Kind, c)
			evs[i].Step = &c
		}
	}
}

// HistoryStep says in Dutch what a step in a case was: the decision and
// the step it took, the handover and how it stands, the monitoring
// moment.
func HistoryStep(kind history.Kind, st history.StepFacts) string {
	switch kind {
	case history.KindDecision:
		d := codeWord("case.decision-kind", st.Decision)
		if st.Outcome == "" {
			return d
		}
		return msgVars("history.step.decision", "decision", d, "outcome", outcomeLabel(st.Outcome))
	case history.KindHandover:
		// In the middle of a sentence, in lower case; a status the
		// catalogue does not know reads as proposed, as it always did.
		status := "history.handover-status." + string(st.HandoverStatus)
		if !hasMsg(status) {
			status = "history.handover-status.proposed"
		}
		return msgVars("history.step.handover", "partner", st.Partner, "status", msg(status))
	case history.KindMonitoring:
		return msgN("history.step.monitoring", st.Months)
	}
	return ""
}

// historyLink says why a person is in the household: named in a report
// together, or living at the same address.
func historyLink(l history.Link) string {
	switch l.Kind {
	case history.LinkReport:
		if l.ReportNumber == "" {
			return msg("history.link.report.unnamed")
		}
		return msgVars("history.link.report", "number", l.ReportNumber)
	case history.LinkAddress:
		if l.Postcode == "" {
			return msg("history.link.address.unnamed")
		}
		return msgVars("history.link.address", "postcode", l.Postcode, "number", l.HouseNumber)
	}
	return string(l.Kind)
}
