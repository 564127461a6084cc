package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/toren"
)

// editable loads the case for a change to its content (case.edit: the
// owning team or the assigned workers, never on a final case).
func (s *Service) editable(ctx context.Context, a authz.Actor, caseID int64) (*File, error) {
	return s.loadFor(ctx, a, caseID, authz.ActionCaseEdit)
}

// AddContact records a contact in the case's log.
func (s *Service) AddContact(ctx context.Context, a authz.Actor, caseID int64, in ContactInput) (*Contact, error) {
	f, err := s.editable(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	var p toren.Problems
	past(&p, "at", in.At, s.clock.Now())
	text(&p, "with", in.With, 200, true)
	oneOf(&p, "role", in.Role, ContactRoles)
	oneOf(&p, "channel", in.Channel, ContactChannels)
	text(&p, "summary", in.Summary, 10000, true)
	if in.PersonID != 0 && !slices.Contains(f.PersonIDs, in.PersonID) {
		broke(&p, "person_id", "not_in_case", "the person is not named in the case's reports")
	}
	if in.Channel == ChannelSchoolWithoutParents && in.Role != WithChild {
		broke(&p, "channel", "child_only", "a talk at school without parents is with a child")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	c := &Contact{Episode: f.Episode, At: in.At.UTC(), With: strings.TrimSpace(in.With), Role: in.Role, Channel: in.Channel,
		PersonID: in.PersonID, Summary: strings.TrimSpace(in.Summary), AcuteAction: in.AcuteAction, Recorded: s.stamp(a)}
	if err := s.store.AddContact(audit.As(ctx, a, "casework"), caseID, c); err != nil {
		return nil, err
	}
	return c, nil
}

// AddInformant records an informant of the case.
func (s *Service) AddInformant(ctx context.Context, a authz.Actor, caseID int64, in InformantInput) (*Informant, error) {
	if _, err := s.editable(ctx, a, caseID); err != nil {
		return nil, err
	}
	var p toren.Problems
	if strings.TrimSpace(in.Name) == "" && strings.TrimSpace(in.Organisation) == "" {
		broke(&p, "name", "required", "a name or an organisation is required")
	}
	text(&p, "name", in.Name, 200, false)
	text(&p, "organisation", in.Organisation, 200, false)
	text(&p, "function", in.Function, 200, false)
	text(&p, "phone", in.Phone, 30, false)
	text(&p, "email", in.Email, 200, false)
	text(&p, "note", in.Note, 4000, false)
	if err := p.Err(); err != nil {
		return nil, err
	}
	inf := &Informant{Name: strings.TrimSpace(in.Name), Organisation: strings.TrimSpace(in.Organisation),
		Function: strings.TrimSpace(in.Function), Phone: strings.TrimSpace(in.Phone), Email: strings.TrimSpace(in.Email),
		Physician: in.Physician, SignalFunction: in.SignalFunction, Note: strings.TrimSpace(in.Note), Recorded: s.stamp(a)}
	if err := s.store.AddInformant(audit.As(ctx, a, "casework"), caseID, inf); err != nil {
		return nil, err
	}
	return inf, nil
}

// AddAgreement records a safety agreement: who does what by when.
func (s *Service) AddAgreement(ctx context.Context, a authz.Actor, caseID int64, in AgreementInput) (*Agreement, error) {
	f, err := s.editable(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	var p toren.Problems
	text(&p, "who", in.Who, 200, true)
	text(&p, "what", in.What, 2000, true)
	text(&p, "note", in.Note, 4000, false)
	if in.Due.IsZero() {
		broke(&p, "due", "required", "by when is required")
	} else if today := toren.DateOf(s.clock.Now().In(toren.Amsterdam)); in.Due.Before(today) && !in.PastDue {
		broke(&p, "due", "past", "the date is before today: the agreement would be late at once; set past_due to confirm it")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	ag := &Agreement{Episode: f.Episode, Who: strings.TrimSpace(in.Who), What: strings.TrimSpace(in.What), Due: in.Due,
		Status: AgreementOpen, Note: strings.TrimSpace(in.Note), Recorded: s.stamp(a)}
	if err := s.store.AddAgreement(audit.As(ctx, a, "casework"), caseID, ag); err != nil {
		return nil, err
	}
	return ag, nil
}

// AgreementStatuses lists the statuses of a safety agreement, in the order
// a form offers them; the pages word them (the web's catalogue,
// case.agreement-status.<code>).
var AgreementStatuses = []AgreementStatus{AgreementOpen, AgreementDone, AgreementNotKept, AgreementCancelled}

// UpdateAgreement changes the status of a safety agreement.
func (s *Service) UpdateAgreement(ctx context.Context, a authz.Actor, caseID, agreementID int64, in AgreementUpdate) (*Agreement, error) {
	f, err := s.editable(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(f.Agreements, func(x Agreement) bool { return x.ID == agreementID })
	if i < 0 {
		return nil, toren.Errorf(toren.CodeNotFound, "agreement %d not found in case %d", agreementID, caseID)
	}
	var p toren.Problems
	oneOf(&p, "status", in.Status, AgreementStatuses)
	text(&p, "note", in.Note, 4000, in.Status == AgreementNotKept)
	version(&p, in.Version)
	if err := p.Err(); err != nil {
		return nil, err
	}
	ag := f.Agreements[i]
	ag.Status, ag.Note, ag.Version = in.Status, strings.TrimSpace(in.Note), in.Version
	if err := s.store.UpdateAgreement(audit.As(ctx, a, "casework"), caseID, &ag, s.stamp(a)); err != nil {
		return nil, err
	}
	return &ag, nil
}

// AddCondition records a safety condition: what must hold, who checks it,
// until when.
func (s *Service) AddCondition(ctx context.Context, a authz.Actor, caseID int64, in ConditionInput) (*Condition, error) {
	f, err := s.editable(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	var p toren.Problems
	text(&p, "text", in.Text, 2000, true)
	text(&p, "checked_by", in.CheckedBy, 200, true)
	text(&p, "note", in.Note, 4000, false)
	if !in.Until.IsZero() && in.Until.Before(toren.DateOf(s.clock.Now())) {
		broke(&p, "until", "not_past", "may not lie in the past")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	c := &Condition{Episode: f.Episode, Text: strings.TrimSpace(in.Text), CheckedBy: strings.TrimSpace(in.CheckedBy),
		Until: in.Until, Status: ConditionActive, Note: strings.TrimSpace(in.Note), Recorded: s.stamp(a)}
	if err := s.store.AddCondition(audit.As(ctx, a, "casework"), caseID, c); err != nil {
		return nil, err
	}
	return c, nil
}

// ConditionStatuses lists the statuses of a safety condition, in the order
// a form offers them; the pages word them (the web's catalogue,
// case.condition-status.<code>).
var ConditionStatuses = []ConditionStatus{ConditionActive, ConditionMet, ConditionBreached, ConditionEnded}

// UpdateCondition changes the status of a safety condition. A breach (the
// case director reports that it does not hold) records a new signal, so
// the case can be reopened (domain §5, monitoring breach).
func (s *Service) UpdateCondition(ctx context.Context, a authz.Actor, caseID, conditionID int64, in ConditionUpdate) (*Condition, error) {
	f, err := s.editable(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(f.Conditions, func(x Condition) bool { return x.ID == conditionID })
	if i < 0 {
		return nil, toren.Errorf(toren.CodeNotFound, "condition %d not found in case %d", conditionID, caseID)
	}
	var p toren.Problems
	oneOf(&p, "status", in.Status, ConditionStatuses)
	text(&p, "note", in.Note, 4000, in.Status == ConditionBreached)
	version(&p, in.Version)
	if err := p.Err(); err != nil {
		return nil, err
	}
	c := f.Conditions[i]
	st := s.stamp(a)
	var sig *Signal
	if in.Status == ConditionBreached && c.Status != ConditionBreached {
		sig = &Signal{Source: SignalConditionBreach, Note: fmt.Sprintf("Voorwaarde geschonden: %s. %s", c.Text, strings.TrimSpace(in.Note)), Recorded: st}
	}
	c.Status, c.Note, c.Version = in.Status, strings.TrimSpace(in.Note), in.Version
	if err := s.store.UpdateCondition(audit.As(ctx, a, "casework"), caseID, &c, st, sig); err != nil {
		return nil, err
	}
	return &c, nil
}

// SetPhase records the case's phase in the phased-cooperation model.
func (s *Service) SetPhase(ctx context.Context, a authz.Actor, caseID int64, in PhaseInput) (*PhaseRecord, error) {
	if _, err := s.editable(ctx, a, caseID); err != nil {
		return nil, err
	}
	var p toren.Problems
	oneOf(&p, "phase", in.Phase, Phases)
	text(&p, "note", in.Note, 2000, false)
	if err := p.Err(); err != nil {
		return nil, err
	}
	pr := &PhaseRecord{Phase: in.Phase, Note: strings.TrimSpace(in.Note), Recorded: s.stamp(a)}
	if err := s.store.SetPhase(audit.As(ctx, a, "casework"), caseID, pr); err != nil {
		return nil, err
	}
	return pr, nil
}

// FeedbackMoments lists the moments of feedback to the reporter, in the
// order a form offers them; the pages word them (the web's catalogue,
// case.feedback-moment.<code>).
var FeedbackMoments = []FeedbackMoment{FeedbackAfterAssessment, FeedbackAfterInvestigation, FeedbackOther}

// AddFeedback records feedback given to the reporter of one of the case's
// reports. It holds only what the reporter may know (domain §3.10): the
// safety conditions only for a reporter with a role in the safety plan,
// and never the name of another reporter who asked not to be disclosed.
func (s *Service) AddFeedback(ctx context.Context, a authz.Actor, caseID int64, in FeedbackInput) (*Feedback, error) {
	f, err := s.editable(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	var p toren.Problems
	ri := slices.IndexFunc(f.Reports, func(r ReportRef) bool { return r.ID == in.ReportID })
	if ri < 0 {
		broke(&p, "report_id", "not_in_case", "the report is not one of the case's reports")
	}
	oneOf(&p, "moment", in.Moment, FeedbackMoments)
	past(&p, "given_at", in.GivenAt, s.clock.Now())
	oneOf(&p, "channel", in.Channel, ContactChannels)
	text(&p, "transfer_parties", in.TransferParties, 500, false)
	text(&p, "summary", in.Summary, 4000, true)
	if in.ConditionsShared && !in.ReporterHasRole {
		broke(&p, "conditions_shared", "reporter_has_no_role", "the safety conditions are shared only with a reporter who has a role in the safety plan")
	}
	switch in.Moment {
	case FeedbackAfterAssessment:
		if f.approved(string(KindSafetyAssessment)) == nil {
			broke(&p, "moment", "assessment_not_decided", "the safety assessment is not decided yet")
		}
	case FeedbackAfterInvestigation:
		if f.approved(string(KindInvestigationConclusion)) == nil {
			broke(&p, "moment", "investigation_not_concluded", "the Onderzoek is not concluded yet")
		}
	}
	for _, r := range f.Reports {
		if r.ID == in.ReportID || !r.ReporterProtected {
			continue
		}
		for _, field := range []struct{ name, v string }{{"summary", in.Summary}, {"transfer_parties", in.TransferParties}} {
			if mentions(field.v, r.ReporterName) {
				broke(&p, field.name, "reveals_protected_reporter", "names another reporter who asked not to be disclosed")
			}
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	fb := &Feedback{Episode: f.Episode, ReportID: in.ReportID, ReportNumber: f.Reports[ri].Number, Moment: in.Moment,
		GivenAt: in.GivenAt.UTC(), Channel: in.Channel, FollowUpStarted: in.FollowUpStarted,
		TransferParties: strings.TrimSpace(in.TransferParties), ReporterHasRole: in.ReporterHasRole,
		ConditionsShared: in.ConditionsShared, Summary: strings.TrimSpace(in.Summary), Recorded: s.stamp(a)}
	if err := s.store.AddFeedback(audit.As(ctx, a, "casework"), caseID, fb); err != nil {
		return nil, err
	}
	return fb, nil
}

// mentions reports whether text contains name, ignoring case; names
// shorter than three letters are not looked for.
func mentions(text, name string) bool {
	name = strings.TrimSpace(name)
	return len([]rune(name)) >= 3 && strings.Contains(strings.ToLower(text), strings.ToLower(name))
}

// LetterKinds lists the letters whose sending the process records, in the
// order a form offers them; the pages word them (the web's catalogue,
// case.letter-kind.<code>).
var LetterKinds = []LetterKind{LetterClosing, LetterRvdKRequest}

// RecordLetter records that a letter of the process was sent. A closing
// letter carries the safety conditions, so the case must have some.
func (s *Service) RecordLetter(ctx context.Context, a authz.Actor, caseID int64, in LetterInput) (*LetterSent, error) {
	f, err := s.editable(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	var p toren.Problems
	oneOf(&p, "kind", in.Kind, LetterKinds)
	past(&p, "sent_at", in.SentAt, s.clock.Now())
	text(&p, "recipient", in.Recipient, 200, true)
	text(&p, "reference", in.Reference, 200, false)
	if in.Kind == LetterClosing && len(f.activeConditions()) == 0 {
		broke(&p, "kind", "no_conditions", "a closing letter names the safety conditions; the case has none")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	l := &LetterSent{Episode: f.Episode, Kind: in.Kind, SentAt: in.SentAt.UTC(), Recipient: strings.TrimSpace(in.Recipient),
		Reference: strings.TrimSpace(in.Reference), Recorded: s.stamp(a)}
	if err := s.store.RecordLetter(audit.As(ctx, a, "casework"), caseID, l); err != nil {
		return nil, err
	}
	return l, nil
}
