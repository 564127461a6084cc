package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/toren"
)

// ProposeHandover records a handover to a partner, to take effect with the
// decision that hands the case over. The safety conditions travel with it,
// and it names who holds case direction and what the partner reports back
// when: risks must not drop out of view after the handover (domain §5).
func (s *Service) ProposeHandover(ctx context.Context, a authz.Actor, caseID int64, in HandoverInput) (*Handover, error) {
	f, err := s.loadFor(ctx, a, caseID, authz.ActionCaseHandover)
	if err != nil {
		return nil, err
	}
	var p toren.Problems
	text(&p, "partner", in.Partner, 200, true)
	oneOf(&p, "partner_kind", in.PartnerKind, PartnerKinds)
	text(&p, "case_director", in.CaseDirector, 200, true)
	text(&p, "reports_back", in.ReportsBack, 2000, true)
	text(&p, "report_back_when", in.ReportBackWhen, 500, true)
	if len(in.ConditionIDs) == 0 {
		broke(&p, "condition_ids", "required", "the safety conditions travel with the handover: name at least one")
	}
	active := f.activeConditions()
	for i, id := range in.ConditionIDs {
		field := fmt.Sprintf("condition_ids[%d]", i)
		switch {
		case slices.Index(in.ConditionIDs, id) < i:
			broke(&p, field, "duplicate", "the condition is listed twice")
		case !slices.ContainsFunc(active, func(c Condition) bool { return c.ID == id }):
			broke(&p, field, "not_active", "is not a safety condition of the case that must hold")
		}
	}
	if err := s.linkPartner(ctx, &in, &p); err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	switch f.Case.Status {
	case cases.StatusSafetyAssessment, cases.StatusConditions, cases.StatusInvestigation:
	default:
		return nil, conflictf("status", "handover_not_now", fmt.Sprintf("a handover is prepared during the safety assessment or a service, not in status %s", f.Case.Status))
	}
	h := &Handover{Episode: f.Episode, Partner: strings.TrimSpace(in.Partner), PartnerKind: in.PartnerKind,
		CaseDirector: strings.TrimSpace(in.CaseDirector), ReportsBack: strings.TrimSpace(in.ReportsBack),
		ReportBackWhen: strings.TrimSpace(in.ReportBackWhen), ConditionIDs: slices.Clone(in.ConditionIDs),
		Status: HandoverProposed, Proposed: s.stamp(a), FromTeam: f.Case.Team, PartnerID: in.PartnerID}
	if in.PartnerKind == PartnerTeamMonitoring {
		h.ToTeam = s.monitoring
	}
	if err := s.store.ProposeHandover(audit.As(ctx, a, "casework"), caseID, h); err != nil {
		return nil, err
	}
	return h, nil
}

// RespondHandover records the answer to a handover once the decision to
// hand over took effect (status handover). A handover inside Veilig Thuis
// (to Team Monitoring) is answered by the receiving team itself, in its own
// queue: on acceptance it owns the case from then on (the accepting
// monitoring worker is assigned) and monitoring starts, with the moments
// the organisation's Deadlines schedule (by default 3 and 12 months). An
// external partner's answer is recorded by the case's own team; monitoring
// then starts as a step of the process (see Transition), with Team
// Monitoring. A decline needs its reason, after which the handover can be
// withdrawn.
func (s *Service) RespondHandover(ctx context.Context, a authz.Actor, caseID, handoverID int64, in HandoverResponse) (*Handover, error) {
	f, err := s.load(ctx, caseID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(f.Handovers, func(h Handover) bool { return h.ID == handoverID })
	if i < 0 {
		if err := s.allow(a, authz.ActionCaseView, resource(f)); err != nil {
			return nil, err
		}
		return nil, toren.Errorf(toren.CodeNotFound, "handover %d not found in case %d", handoverID, caseID)
	}
	h := f.Handovers[i]
	if h.ToTeam != "" {
		res := authz.Resource{Kind: authz.KindCase, ID: caseID, Teams: []string{h.ToTeam}, Closed: Final(f.Case.Status)}
		if err := s.allow(a, authz.ActionHandoverAccept, res); err != nil {
			return nil, &toren.Error{Code: toren.CodeForbidden, Message: fmt.Sprintf("the handover is answered by team %s itself: %v", h.ToTeam, err),
				Fields: []toren.FieldError{{Field: "accept", Rule: "receiving_team",
					Message: fmt.Sprintf("team %s accepts or declines the handover itself", h.ToTeam)}}}
		}
	} else if err := s.allow(a, authz.ActionCaseHandover, resource(f)); err != nil {
		return nil, err
	}
	var p toren.Problems
	version(&p, in.Version)
	text(&p, "note", in.Note, 2000, !in.Accept)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return s.answer(ctx, a, f, i, in)
}

// answer records the answer to f.Handovers[i], by Veilig Thuis or by the
// partner's own system; the caller checked who may answer and the input.
// A partner's system that declines also takes the handover back (see
// AnswerHandover).
func (s *Service) answer(ctx context.Context, a authz.Actor, f *File, i int, in HandoverResponse) (*Handover, error) {
	caseID := f.Case.ID
	h := f.Handovers[i]
	switch {
	case h.Status != HandoverProposed:
		return nil, conflictf("status", "already_answered", fmt.Sprintf("handover %d was already %s", h.ID, h.Status))
	case h.Episode != f.Episode || f.Case.Status != cases.StatusHandover:
		return nil, conflictf("status", "handover_not_decided", "the partner's answer is recorded once the decision to hand over took effect (status handover)")
	}
	st := s.stamp(a)
	h.Responded, h.ResponseNote, h.Version = &st, strings.TrimSpace(in.Note), in.Version
	h.RespondedClient = a.ClientID
	h.Status = HandoverDeclined
	t := &Takeover{Handover: &h}
	if !in.Accept && a.IsClient() {
		// The partner's own system declined: no one at Veilig Thuis is at
		// the keyboard, and a declined handover leaves only one step open
		// (withdraw, back to the safety assessment), so it is taken at once
		// and the case is plainly the owning team's again, in its queue as
		// "Overdracht afgewezen" (Queue) until it chooses what now. A case
		// left in status "handover" after a refusal would look as if
		// someone else had taken it over (Toezicht Sociaal Domein 2018: a
		// declined handover must not leave the case without an owner).
		f.Handovers[i] = h
		to, err := s.process.Apply(f.Case.Status, cases.WithdrawHandover, f.facts())
		if err != nil {
			return nil, err
		}
		t.Transition = &TransitionRecord{Episode: f.Episode, From: f.Case.Status, To: to, Transition: cases.WithdrawHandover,
			Reason: "Overdracht afgewezen door " + h.Partner + ": " + h.ResponseNote, Recorded: st}
	}
	if in.Accept {
		h.Status = HandoverAccepted
		for j, due := range s.deadlines.MonitoringDue(s.cal, st.At) {
			t.Moments = append(t.Moments, MonitoringMoment{Episode: f.Episode, Months: s.deadlines.MonitoringMonths[j],
				Due: due.UTC(), Status: MomentPlanned})
		}
		if h.ToTeam != "" {
			f.Handovers[i] = h
			to, err := s.process.Apply(f.Case.Status, cases.StartMonitoring, f.facts())
			if err != nil {
				return nil, err
			}
			t.Team = h.ToTeam
			if a.Has(authz.RoleMonitoring) && a.InTeam(h.ToTeam) {
				t.Workers = []AssignedWorker{{UserID: a.UserID, Name: a.Name, Since: st.At}}
			}
			t.Transition = &TransitionRecord{Episode: f.Episode, From: f.Case.Status, To: to, Transition: cases.StartMonitoring,
				Reason: "Overdracht aangenomen door " + h.ToTeam, Recorded: st}
		}
	}
	if err := s.store.TakeOver(audit.As(ctx, a, "casework"), caseID, t); err != nil {
		return nil, err
	}
	if t.Team != "" {
		s.log.InfoContext(ctx, "case taken over", "case", f.Case.Number, "team", t.Team)
	}
	return &h, nil
}

// CheckResults lists the outcomes of checking a condition, in the order a
// form offers them; the pages word them (the web's catalogue,
// case.check-result.<code>).
var CheckResults = []CheckResult{CheckHolds, CheckDoesNotHold, CheckUnknown}

// RecordMonitoring records a monitoring moment: one check for every safety
// condition that must hold. A condition that does not hold is a breach: it
// is marked breached, a new signal is recorded and, when the case is in
// monitoring, the case is reopened, all in one transaction.
func (s *Service) RecordMonitoring(ctx context.Context, a authz.Actor, caseID, momentID int64, in MonitoringInput) (*File, error) {
	f, err := s.editable(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	mi := slices.IndexFunc(f.Monitoring, func(m MonitoringMoment) bool { return m.ID == momentID })
	if mi < 0 {
		return nil, toren.Errorf(toren.CodeNotFound, "monitoring moment %d not found in case %d", momentID, caseID)
	}
	if err := s.recordMonitoring(ctx, a, f, mi, in, nil); err != nil {
		return nil, err
	}
	return s.reload(ctx, a, caseID)
}

// recordMonitoring records f.Monitoring[mi] for a, who may (Team
// Monitoring or the case's team through RecordMonitoring, the partner's
// own system through ReportMonitoring). This is the one breach path: a
// condition that does not hold is marked breached, a new signal is
// recorded and, when the case is in monitoring, the case is reopened.
// Every active condition must be checked, or, when only is not nil, every
// active one of only (the conditions that travelled with a partner's
// handover: the others are not the partner's to know).
func (s *Service) recordMonitoring(ctx context.Context, a authz.Actor, f *File, mi int, in MonitoringInput, only []int64) error {
	caseID := f.Case.ID
	m := f.Monitoring[mi]
	var p toren.Problems
	version(&p, in.Version)
	text(&p, "note", in.Note, 4000, false)
	active := f.activeConditions()
	var breached []int64
	var breachText []string
	for i, c := range in.Checks {
		field := fmt.Sprintf("checks[%d]", i)
		ci := slices.IndexFunc(active, func(x Condition) bool { return x.ID == c.ConditionID })
		switch {
		case ci < 0:
			broke(&p, field+".condition_id", "not_active", "is not a safety condition of the case that must hold")
		case slices.IndexFunc(in.Checks, func(x ConditionCheck) bool { return x.ConditionID == c.ConditionID }) < i:
			broke(&p, field+".condition_id", "duplicate", "the condition is checked twice")
		}
		oneOf(&p, field+".result", c.Result, CheckResults)
		text(&p, field+".note", c.Note, 2000, c.Result == CheckDoesNotHold)
		if c.Result == CheckDoesNotHold && ci >= 0 {
			breached = append(breached, c.ConditionID)
			breachText = append(breachText, active[ci].Text)
		}
	}
	for _, c := range active {
		if only != nil && !slices.Contains(only, c.ID) {
			continue
		}
		if !slices.ContainsFunc(in.Checks, func(x ConditionCheck) bool { return x.ConditionID == c.ID }) {
			broke(&p, "checks", "check_missing", fmt.Sprintf("condition %d is not checked", c.ID))
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	if m.Status != MomentPlanned || m.Episode != f.Episode {
		return conflictf("status", "moment_not_planned", fmt.Sprintf("monitoring moment %d is %s", m.ID, m.Status))
	}
	st := s.stamp(a)
	m.Status, m.Done, m.Note, m.Version = MomentDone, &st, strings.TrimSpace(in.Note), in.Version
	m.DoneClient = a.ClientID
	m.Checks = make([]ConditionCheck, len(in.Checks))
	for i, c := range in.Checks {
		m.Checks[i] = ConditionCheck{ConditionID: c.ConditionID, Result: c.Result, Note: strings.TrimSpace(c.Note)}
	}
	var sig *Signal
	var reopen *TransitionRecord
	if len(breached) > 0 {
		sig = &Signal{Source: SignalMonitoringBreach, Recorded: st,
			Note: fmt.Sprintf("Monitoring na %d maanden: niet nageleefd: %s", m.Months, strings.Join(breachText, "; "))}
		if f.Case.Status == cases.StatusMonitoring {
			f.Signals = append(f.Signals, *sig)
			to, err := s.process.Apply(f.Case.Status, cases.ReopenCase, f.facts())
			if err != nil {
				return err
			}
			reopen = &TransitionRecord{Episode: f.Episode, From: f.Case.Status, To: to, Transition: cases.ReopenCase,
				Reason: sig.Note, Recorded: st}
		}
	}
	if err := s.store.RecordMonitoring(audit.As(ctx, a, "casework"), caseID, &m, breached, sig, f.Case.Version, reopen); err != nil {
		return err
	}
	if reopen != nil {
		s.log.InfoContext(ctx, "case reopened after a breach found in monitoring", "case", f.Case.Number, "breached", len(breached))
	}
	return nil
}
