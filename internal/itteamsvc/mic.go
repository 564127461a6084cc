package itteamsvc

import (
	"context"
	"strconv"
	"strings"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/itteam"
	"toren/internal/toren"
)

// MICStore keeps the incident reports (satisfied by *store.DB).
type MICStore interface {
	// CreateMIC stores a new report; CodeNotFound when its IT case is
	// absent.
	CreateMIC(ctx context.Context, m itteam.MIC, entry audit.Entry) (int64, error)
	MIC(ctx context.Context, id int64) (itteam.MIC, error)
	MICsOfCase(ctx context.Context, itCaseID int64) ([]itteam.MIC, error)
	// OpenMICs returns the team's reports whose first open follow-up is
	// due on or before due (YYYY-MM-DD).
	OpenMICs(ctx context.Context, team, due string) ([]itteam.MIC, error)
	MICCount(ctx context.Context, team string, year int) (int, error)
	// UpdateMIC stores m when the stored report is at m.Version-1.
	UpdateMIC(ctx context.Context, m itteam.MIC, entry audit.Entry) error
}

// Audit actions of the incident reports.
const (
	ActionMICReport   = "itteam.mic.create"
	ActionMICFollowUp = "itteam.mic.followup"
)

// FollowUpNotice is how many days before a follow-up is due it appears in
// the team leader's work queue.
const FollowUpNotice = 7

// ReportMIC records an incident in an IT case, reported by the actor (a
// worker who sees the case in full) and sent to the team leader: its two
// follow-up questions then wait in the team leader's work queue.
func (s *Service) ReportMIC(ctx context.Context, a authz.Actor, itCaseID int64, m itteam.MIC) (itteam.MIC, error) {
	now := s.cfg.Clock.Now()
	d := authz.Decide(a, authz.ActionIncidentCreate, authz.Resource{}, authz.Opts{Now: now})
	if !d.Allowed {
		return itteam.MIC{}, d.Err()
	}
	c, err := s.cfg.Store.ITCase(ctx, itCaseID)
	if err != nil {
		return itteam.MIC{}, err
	}
	// A worker reports an incident in a case they work in: one who sees
	// the case in full.
	if err := authz.Decide(a, authz.ActionCaseView, s.resource(&c), authz.Opts{Now: now}).ErrUnlessFull(); err != nil {
		return itteam.MIC{}, err
	}
	m = itteam.MIC{Version: 1, ITCaseID: c.ID, Team: c.Team, On: m.On, Reporter: worker(a), What: m.What, Harm: m.Harm,
		Involved: m.Involved, CreatedAt: now}
	if err := itteam.NewMIC(&m, toren.DateOf(now)); err != nil {
		return itteam.MIC{}, err
	}
	e := s.entry(ctx, a, d, ActionMICReport, 0, "IT case "+strconv.FormatInt(c.ID, 10)+"; harm: "+harmCodes(m.Harm))
	e.ObjectType = "it_mic"
	if m.ID, err = s.cfg.MIC.CreateMIC(ctx, m, e); err != nil {
		return itteam.MIC{}, err
	}
	wrote(ctx)
	return m, nil
}

func harmCodes(hs []itteam.Harm) string {
	if len(hs) == 0 {
		return "none"
	}
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = string(h)
	}
	return strings.Join(out, ",")
}

// leads reports whether the actor is a team leader of the IT team: the
// one an incident report is sent to.
func (s *Service) leads(a authz.Actor) bool {
	return authz.Permitted(a, authz.ActionIncidentView) && a.InTeam(s.cfg.Team)
}

// mayReadMIC: the worker who reported it and the IT team's team leaders.
func (s *Service) mayReadMIC(a authz.Actor, m *itteam.MIC) bool {
	return (a.UserID > 0 && m.Reporter.ID == a.UserID) || s.leads(a)
}

// MIC returns one incident report to its reporter or a team leader of the
// IT team.
func (s *Service) MIC(ctx context.Context, a authz.Actor, id int64) (itteam.MIC, error) {
	m, err := s.cfg.MIC.MIC(ctx, id)
	if err != nil {
		return itteam.MIC{}, err
	}
	if !s.mayReadMIC(a, &m) {
		return itteam.MIC{}, toren.Errorf(toren.CodeForbidden, "an incident report is for its reporter and the team leader")
	}
	return m, nil
}

// MICsOfCase returns the incident reports of an IT case that the actor
// may read (their own; every one for the team leader).
func (s *Service) MICsOfCase(ctx context.Context, a authz.Actor, itCaseID int64) ([]itteam.MIC, error) {
	all, err := s.cfg.MIC.MICsOfCase(ctx, itCaseID)
	if err != nil {
		return nil, err
	}
	out := []itteam.MIC{}
	for i := range all {
		if s.mayReadMIC(a, &all[i]) {
			out = append(out, all[i])
		}
	}
	return out, nil
}

// DueFollowUp is a follow-up question in the team leader's work queue.
type DueFollowUp struct {
	MIC      itteam.MIC
	FollowUp itteam.FollowUp
	Overdue  bool
}

// FollowUpsDue returns the follow-up questions the team leader has to ask
// now: the first open one of each report, due within FollowUpNotice days
// or overdue, earliest first.
func (s *Service) FollowUpsDue(ctx context.Context, a authz.Actor) ([]DueFollowUp, error) {
	if !s.leads(a) {
		return nil, toren.Errorf(toren.CodeForbidden, "the follow-ups of incident reports are the IT team leader's")
	}
	today := toren.DateOf(s.cfg.Clock.Now())
	ms, err := s.cfg.MIC.OpenMICs(ctx, s.cfg.Team, today.AddDays(FollowUpNotice).String())
	if err != nil {
		return nil, err
	}
	out := make([]DueFollowUp, 0, len(ms))
	for _, m := range ms {
		for _, f := range m.FollowUps {
			if f.Open() {
				out = append(out, DueFollowUp{MIC: m, FollowUp: f, Overdue: f.Due.Before(today)})
				break
			}
		}
	}
	return out, nil
}

// AskFollowUp records the team leader's follow-up question to the worker
// who reported the incident: when it was asked, whether they need
// further help, and a note.
func (s *Service) AskFollowUp(ctx context.Context, a authz.Actor, id int64, moment itteam.FollowUpMoment, f itteam.FollowUp) (itteam.MIC, error) {
	now := s.cfg.Clock.Now()
	d := authz.Decide(a, authz.ActionIncidentView, authz.Resource{}, authz.Opts{Now: now})
	if !d.Allowed {
		return itteam.MIC{}, d.Err()
	}
	m, err := s.cfg.MIC.MIC(ctx, id)
	if err != nil {
		return itteam.MIC{}, err
	}
	if m.Team != s.cfg.Team || !a.InTeam(m.Team) {
		return itteam.MIC{}, toren.Errorf(toren.CodeForbidden, "the follow-ups of incident reports are the IT team leader's")
	}
	if err := m.AskFollowUp(moment, f, worker(a), toren.DateOf(now)); err != nil {
		return itteam.MIC{}, err
	}
	m.Version++
	help := "no further help needed"
	if f.NeedsHelp {
		help = "needs further help"
	}
	e := s.entry(ctx, a, d, ActionMICFollowUp, m.ID, string(moment)+": "+help)
	e.ObjectType = "it_mic"
	if err := s.cfg.MIC.UpdateMIC(ctx, m, e); err != nil {
		return itteam.MIC{}, err
	}
	wrote(ctx)
	return m, nil
}
