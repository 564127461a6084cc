package web

import (
	"strconv"
	"strings"

	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/letters"
	"toren/internal/toren"
)

// caseDefaults fills in what each form of the case page starts with: now
// for moments, today for letters, the current status of each record, and
// for the letters what the file already says (the case director, the
// decision's date, the partner).
func (w *Web) caseDefaults(page *casePage) {
	f := page.File
	now := w.cfg.Clock.Now()
	today := toren.DateOf(now.In(toren.Amsterdam))
	d := page.Defaults
	d["contact.at"] = formMoment(now)
	d["feedback.given_at"] = formMoment(now)
	d["sent.sent_at"] = formMoment(now)
	d["police.reported_at"] = formMoment(now)
	d["assign.team"] = f.Case.Team
	var assigned []string
	for _, wk := range f.Assignment.Workers {
		assigned = append(assigned, strconv.FormatInt(wk.UserID, 10))
	}
	d["assign.workers"] = strings.Join(assigned, ",")
	if page.Phase != nil {
		d["phase.phase"] = string(page.Phase.Phase)
	}
	for _, a := range f.Agreements {
		d["agreement-"+strconv.FormatInt(a.ID, 10)+".status"] = string(a.Status)
	}
	for _, c := range f.Conditions {
		d["condition-"+strconv.FormatInt(c.ID, 10)+".status"] = string(c.Status)
	}
	var active []string
	for _, c := range page.ConditionChoices {
		active = append(active, c.Code)
	}
	d["handover.condition_ids"] = strings.Join(active, ",")
	for _, h := range page.Handovers {
		d[h.Form+".accept"] = "ja"
	}

	// The closing letter.
	d["closing.closed_on"] = formDate(today)
	d["closing.conditions_until"] = formDate(today.AddDate(1, 0, 0))
	d["closing.service"] = string(letters.ServiceConditions)
	// No addressee is ticked beforehand: the worker chooses whom to write.
	var partner string
	for _, h := range f.Handovers {
		if h.Episode == f.Episode && h.Status != casework.HandoverDeclined {
			partner = h.Partner
			d["closing.case_direction.organisation"] = cmpOr(h.CaseDirector, h.Partner)
		}
	}
	// The feedback letter.
	moment, followUp := letters.AfterAssessment, letters.FollowUp("")
	for _, dec := range f.Decisions {
		if dec.Episode != f.Episode || dec.Status != casework.DecisionApproved || dec.Decided == nil {
			continue
		}
		switch dec.Kind {
		case casework.KindSafetyAssessment:
			d["feedbackletter.decided_on"] = formDate(toren.DateOf(dec.Decided.At.In(toren.Amsterdam)))
			followUp = followUpOf(dec.Outcome, followUp)
		case casework.KindInterventionChoice:
			followUp = followUpOf(dec.Outcome, followUp)
			if dec.Outcome == string(cases.DecideInvestigation) {
				d["closing.service"] = string(letters.ServiceInvestigation)
			}
		case casework.KindInvestigationConclusion:
			moment = letters.AfterInvestigation
			d["feedbackletter.decided_on"] = formDate(toren.DateOf(dec.Decided.At.In(toren.Amsterdam)))
			followUp = followUpOf(dec.Outcome, followUp)
		}
	}
	d["feedbackletter.moment"] = string(moment)
	d["feedbackletter.follow_up"] = string(followUp)
	d["feedbackletter.partners"] = partner
	for _, rep := range page.Reports {
		if rep.Reporter.Professional() {
			d["feedbackletter.report_id"] = strconv.FormatInt(rep.ID, 10)
			break
		}
	}
}

// followUpOf is the follow-up a feedback letter names for a decision's
// outcome; prev when the outcome names none.
func followUpOf(outcome string, prev letters.FollowUp) letters.FollowUp {
	switch cases.TransitionName(outcome) {
	case cases.DecideHandover, cases.HandOverInvestigation:
		return letters.FollowUpHandover
	case cases.DecideConditions:
		return letters.FollowUpConditions
	case cases.DecideInvestigation:
		return letters.FollowUpInvestigation
	case cases.RequestRvdK:
		return letters.FollowUpRvdK
	case cases.ConvertToAdvice:
		return letters.FollowUpAdvice
	case cases.EndInvolvement, cases.EndInvestigation:
		return letters.FollowUpEnd
	}
	return prev
}
