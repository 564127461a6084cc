package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/partners"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// A partner that takes a case over (a wijkteam, a care provider) answers
// the handover and reports back through its own system: an API client
// linked to the partner (clients.Client.PartnerID). What that system reads
// is the handover as a message under the partner's need-to-know, never
// the case file: the persons it must know to take over (name, date of
// birth, address, role), the safety conditions, who holds case direction
// and what to report back when. No report texts, no reporter (protected or
// not), no contacts, decisions or notes of Veilig Thuis.

// MentionedPerson is a person a report of the case names, as the store
// reads it: the mention's role, and the registry person's identity where
// the mention is linked (PersonID > 0), else the mention's own.
type MentionedPerson struct {
	PersonID    int64        `json:"person_id"`
	Role        reports.Role `json:"role"`
	FirstNames  string       `json:"first_names"`
	Initials    string       `json:"initials"`
	Particle    string       `json:"particle"`
	Surname     string       `json:"surname"`
	BirthDate   toren.Date   `json:"birth_date"`
	Street      string       `json:"street"`
	HouseNumber string       `json:"house_number"`
	Postcode    string       `json:"postcode"`
	City        string       `json:"city"`
}

// PartnerPerson is a person of the case as the partner needs to know
// them to take over.
type PartnerPerson struct {
	Name        string     `json:"name"`
	BirthDate   toren.Date `json:"birth_date"`
	Street      string     `json:"street,omitempty"`
	HouseNumber string     `json:"house_number,omitempty"`
	Postcode    string     `json:"postcode,omitempty"`
	City        string     `json:"city,omitempty"`
	// Roles are the person's roles in the reports (victim, perpetrator,
	// child, parent, other).
	Roles []reports.Role `json:"roles"`
}

// PartnerCondition is a safety condition that travelled with the handover.
type PartnerCondition struct {
	ID        int64           `json:"id"`
	Text      string          `json:"text"`
	CheckedBy string          `json:"checked_by"`
	Until     toren.Date      `json:"until"`
	Status    ConditionStatus `json:"status"`
}

// PartnerMoment is a monitoring moment of the handover: when the partner
// reports per condition, and what it reported.
type PartnerMoment struct {
	ID      int64            `json:"id"`
	Months  int              `json:"months"`
	Due     time.Time        `json:"due"`
	Status  MomentStatus     `json:"status"`
	Checks  []ConditionCheck `json:"checks"`
	Version int              `json:"version"`
}

// PartnerHandover is the structured message a partner's system reads: a
// handover to that partner, under its need-to-know.
type PartnerHandover struct {
	ID         int64          `json:"id"`
	CaseNumber string         `json:"case_number"`
	Status     HandoverStatus `json:"status"`
	// SentAt is when the decision to hand over took effect.
	SentAt         time.Time          `json:"sent_at"`
	Partner        string             `json:"partner"`
	FromTeam       string             `json:"from_team"`
	CaseDirector   string             `json:"case_director"`
	ReportsBack    string             `json:"reports_back"`
	ReportBackWhen string             `json:"report_back_when"`
	Persons        []PartnerPerson    `json:"persons"`
	Conditions     []PartnerCondition `json:"conditions"`
	Moments        []PartnerMoment    `json:"moments"`
	AnsweredAt     *time.Time         `json:"answered_at,omitempty"`
	Answer         string             `json:"answer,omitempty"`
	Version        int                `json:"version"`
	// PersonIDs are the registry persons the message shows, for the
	// request's access-log entry; not sent.
	PersonIDs []int64 `json:"-"`
}

// partnerRoles are the roles a partner is told of: the family and its
// household. A witness or informant is a third party (and may be the
// reporter by another name); the partner does not need them to take over.
var partnerRoles = []reports.Role{reports.RoleVictim, reports.RolePerpetrator, reports.RoleChild, reports.RoleParent, reports.RoleOther}

// handoverResource is a handover as the policy sees it.
func handoverResource(h *Handover) authz.Resource {
	return authz.Resource{Kind: authz.KindHandover, ID: h.ID, Partner: h.PartnerID}
}

// sent reports whether the handover is a message to its partner now: the
// decision to hand over took effect and it waits for the answer, or the
// partner accepted it and the case is still in that episode and not final
// (the partner reports back at the monitoring moments). A declined
// handover, or one of an episode that ended, is no longer the partner's to
// read.
func sent(f *File, h *Handover) bool {
	if h.PartnerID == 0 || h.Episode != f.Episode || Final(f.Case.Status) {
		return false
	}
	switch h.Status {
	case HandoverProposed:
		return f.Case.Status == cases.StatusHandover
	case HandoverAccepted:
		return true
	}
	return false
}

// PartnerHandovers returns the handovers to the partner of a (an API
// client linked to a partner) that are its to read now, oldest first.
func (s *Service) PartnerHandovers(ctx context.Context, a authz.Actor) ([]PartnerHandover, error) {
	if err := s.allow(a, authz.ActionHandoverInbox, authz.Resource{}); err != nil {
		return nil, err
	}
	if a.PartnerID <= 0 {
		return nil, toren.Errorf(toren.CodeForbidden, "the client speaks for no partner")
	}
	ids, err := s.store.PartnerHandoverCases(ctx, a.PartnerID)
	if err != nil {
		return nil, fmt.Errorf("casework: partner handovers: %w", err)
	}
	out := []PartnerHandover{}
	for _, id := range ids {
		f, err := s.load(ctx, id)
		if err != nil {
			return nil, err
		}
		for i := range f.Handovers {
			h := &f.Handovers[i]
			if !sent(f, h) || s.allow(a, authz.ActionHandoverAnswer, handoverResource(h)) != nil &&
				s.allow(a, authz.ActionMonitoringReport, handoverResource(h)) != nil {
				continue
			}
			msg, err := s.message(ctx, f, h)
			if err != nil {
				return nil, err
			}
			out = append(out, msg)
		}
	}
	slices.SortFunc(out, func(x, y PartnerHandover) int { return x.SentAt.Compare(y.SentAt) })
	return out, nil
}

// message builds the partner's message of handover h.
func (s *Service) message(ctx context.Context, f *File, h *Handover) (PartnerHandover, error) {
	m := PartnerHandover{ID: h.ID, CaseNumber: f.Case.Number, Status: h.Status, SentAt: h.Proposed.At, Partner: h.Partner,
		FromTeam: h.FromTeam, CaseDirector: h.CaseDirector, ReportsBack: h.ReportsBack, ReportBackWhen: h.ReportBackWhen,
		Persons: []PartnerPerson{}, Conditions: []PartnerCondition{}, Moments: []PartnerMoment{}, Version: h.Version}
	for _, tr := range f.Transitions {
		if tr.Episode == h.Episode && tr.To == cases.StatusHandover {
			m.SentAt = tr.Recorded.At
		}
	}
	if h.Responded != nil {
		at := h.Responded.At
		m.AnsweredAt, m.Answer = &at, h.ResponseNote
	}
	for _, c := range f.Conditions {
		if slices.Contains(h.ConditionIDs, c.ID) {
			m.Conditions = append(m.Conditions, PartnerCondition{ID: c.ID, Text: c.Text, CheckedBy: c.CheckedBy, Until: c.Until, Status: c.Status})
		}
	}
	for _, mo := range f.Monitoring {
		if mo.HandoverID == h.ID && mo.Status != MomentCancelled {
			checks := slices.Clone(mo.Checks)
			if checks == nil {
				checks = []ConditionCheck{}
			}
			m.Moments = append(m.Moments, PartnerMoment{ID: mo.ID, Months: mo.Months, Due: mo.Due, Status: mo.Status, Checks: checks, Version: mo.Version})
		}
	}
	mentioned, err := s.store.CaseMentions(ctx, f.Case.ID)
	if err != nil {
		return m, fmt.Errorf("casework: persons of case %d: %w", f.Case.ID, err)
	}
	m.Persons, m.PersonIDs = partnerPersons(mentioned, protectedReporters(f))
	return m, nil
}

// protectedReporters returns the folded names of the case's reporters who
// asked not to be disclosed, as read from the store (before any
// redaction): a person named like one is left out of a partner's message.
func protectedReporters(f *File) []string {
	var out []string
	for _, r := range f.Reports {
		if r.ReporterProtected && strings.TrimSpace(r.ReporterName) != "" {
			out = append(out, persons.Fold(r.ReporterName))
		}
	}
	return out
}

// partnerPersons merges the mentions into one entry per person (a linked
// registry person once, with all its roles), keeping only the roles of
// partnerRoles and never a person named like a protected reporter.
func partnerPersons(ms []MentionedPerson, protected []string) ([]PartnerPerson, []int64) {
	out := []PartnerPerson{}
	var ids []int64
	byPerson := map[int64]int{}
	for _, mp := range ms {
		if !slices.Contains(partnerRoles, mp.Role) {
			continue
		}
		name := persons.Person{FirstNames: mp.FirstNames, Initials: mp.Initials, Particle: mp.Particle, Surname: mp.Surname}.FullName()
		if name == "" || slices.Contains(protected, persons.Fold(name)) {
			continue
		}
		if i, ok := byPerson[mp.PersonID]; ok && mp.PersonID > 0 {
			if !slices.Contains(out[i].Roles, mp.Role) {
				out[i].Roles = append(out[i].Roles, mp.Role)
			}
			continue
		}
		if mp.PersonID > 0 {
			byPerson[mp.PersonID] = len(out)
			ids = append(ids, mp.PersonID)
		}
		out = append(out, PartnerPerson{Name: name, BirthDate: mp.BirthDate, Street: mp.Street, HouseNumber: mp.HouseNumber,
			Postcode: mp.Postcode, City: mp.City, Roles: []reports.Role{mp.Role}})
	}
	return out, ids
}

// partnerHandover finds handover id for a partner's client allowed action
// on it. A handover that is not to the client's partner, or not sent, is
// not found: the client cannot learn that it exists.
func (s *Service) partnerHandover(ctx context.Context, a authz.Actor, id int64, action authz.Action) (*File, int, error) {
	if err := s.allow(a, action, authz.Resource{Kind: authz.KindHandover, ID: id, Partner: a.PartnerID}); err != nil {
		return nil, 0, err // the scope does not open the action at all
	}
	notFound := toren.Errorf(toren.CodeNotFound, "handover %d not found", id)
	caseID, err := s.store.HandoverCase(ctx, id)
	if toren.ErrorCode(err) == toren.CodeNotFound {
		return nil, 0, notFound
	}
	if err != nil {
		return nil, 0, err
	}
	f, err := s.load(ctx, caseID)
	if err != nil {
		return nil, 0, err
	}
	i := slices.IndexFunc(f.Handovers, func(h Handover) bool { return h.ID == id })
	if i < 0 || !sent(f, &f.Handovers[i]) || s.allow(a, action, handoverResource(&f.Handovers[i])) != nil {
		return nil, 0, notFound
	}
	return f, i, nil
}

// AnswerHandover records the partner's own answer to a handover, given by
// its system. Accepting schedules the monitoring moments as when Veilig
// Thuis records the answer (RespondHandover); declining needs the reason
// and takes the handover back at once: the case returns to the owning
// team's safety assessment and queue (see answer).
func (s *Service) AnswerHandover(ctx context.Context, a authz.Actor, id int64, in PartnerAnswer) (*PartnerHandover, error) {
	f, i, err := s.partnerHandover(ctx, a, id, authz.ActionHandoverAnswer)
	if err != nil {
		return nil, err
	}
	var p toren.Problems
	version(&p, in.Version)
	text(&p, "reason", in.Reason, 2000, !in.Accept)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if f.Handovers[i].Status != HandoverProposed {
		return nil, conflictf("status", "already_answered", fmt.Sprintf("handover %d was already %s", id, f.Handovers[i].Status))
	}
	if _, err := s.answer(ctx, a, f, i, HandoverResponse{Accept: in.Accept, Note: in.Reason, Version: in.Version}); err != nil {
		return nil, err
	}
	return s.partnerRead(ctx, a, f.Case.ID, id)
}

// ReportMonitoring records the partner's report at a monitoring moment of
// a handover it accepted: whether each safety condition holds, does not
// hold or is unknown, with a note (required for "does not hold"). A
// condition that does not hold takes the same path as when Team
// Monitoring records a breach (recordMonitoring).
func (s *Service) ReportMonitoring(ctx context.Context, a authz.Actor, id int64, in PartnerMonitoringReport) (*PartnerHandover, error) {
	f, i, err := s.partnerHandover(ctx, a, id, authz.ActionMonitoringReport)
	if err != nil {
		return nil, err
	}
	h := &f.Handovers[i]
	if h.Status != HandoverAccepted {
		return nil, conflictf("status", "not_accepted", fmt.Sprintf("handover %d is %s: report at a monitoring moment once it is accepted", id, h.Status))
	}
	mi := slices.IndexFunc(f.Monitoring, func(m MonitoringMoment) bool { return m.ID == in.MomentID && m.HandoverID == id })
	if mi < 0 {
		return nil, invalidf("moment_id", "not_found", "is not a monitoring moment of the handover")
	}
	// The partner reports on the conditions that travelled with its
	// handover; the others are not its to know.
	for j, c := range in.Checks {
		if !slices.Contains(h.ConditionIDs, c.ConditionID) {
			return nil, invalidf(fmt.Sprintf("checks[%d].condition_id", j), "not_handed_over", "is not a safety condition of the handover")
		}
	}
	if err := s.recordMonitoring(ctx, a, f, mi, MonitoringInput{Checks: in.Checks, Note: in.Note, Version: in.Version}, h.ConditionIDs); err != nil {
		return nil, err
	}
	return s.partnerRead(ctx, a, f.Case.ID, id)
}

// partnerRead returns handover id of the case as its partner reads it
// after a change.
func (s *Service) partnerRead(ctx context.Context, a authz.Actor, caseID, id int64) (*PartnerHandover, error) {
	f, err := s.load(ctx, caseID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(f.Handovers, func(h Handover) bool { return h.ID == id })
	if i < 0 {
		return nil, toren.Errorf(toren.CodeNotFound, "handover %d not found", id)
	}
	m, err := s.message(ctx, f, &f.Handovers[i])
	if err != nil {
		return nil, err
	}
	if !sent(f, &f.Handovers[i]) {
		// Declined, or the case moved on (a breach reopened it): the
		// answer is the last the partner reads of it.
		m.Persons, m.Conditions, m.PersonIDs = []PartnerPerson{}, []PartnerCondition{}, nil
	}
	return &m, nil
}

// linkPartner sets in's catalogue partner: the one named by PartnerID,
// which must be active, or else the one active partner whose name is
// Partner (case and spaces aside); the partner's name is then written as
// the catalogue has it. Team Monitoring is inside Veilig Thuis: no partner.
func (s *Service) linkPartner(ctx context.Context, in *HandoverInput, p *toren.Problems) error {
	if in.PartnerKind == PartnerTeamMonitoring {
		if in.PartnerID != 0 {
			broke(p, "partner_id", "internal", "a handover to Team Monitoring goes to no partner of the catalogue")
		}
		return nil
	}
	all, err := s.store.ListPartners(ctx)
	if err != nil {
		return fmt.Errorf("casework: partner catalogue: %w", err)
	}
	if in.PartnerID != 0 {
		i := slices.IndexFunc(all, func(x partners.Partner) bool { return x.ID == in.PartnerID && x.Active })
		if i < 0 {
			broke(p, "partner_id", "catalogue", "must be an active partner of the catalogue")
			return nil
		}
		in.Partner = all[i].Name
		return nil
	}
	name := strings.ToLower(strings.Join(strings.Fields(in.Partner), " "))
	var found []partners.Partner
	for _, x := range all {
		if x.Active && strings.ToLower(x.Name) == name {
			found = append(found, x)
		}
	}
	if len(found) == 1 {
		in.PartnerID, in.Partner = found[0].ID, found[0].Name
	}
	return nil
}
