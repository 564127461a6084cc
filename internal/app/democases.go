package app

import (
	"context"
	"fmt"
	"slices"

	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/demo"
	"toren/internal/toren"
	"toren/internal/workdays"
)

// LoadDemoCases plays the seed stories' cases through the casework
// service, as the demo accounts, on a clock that moves with the story, so
// that the demo shows the cases in their process state with their
// history. A story whose reports are missing or already in a case (an
// earlier run into the same --db) is left alone.
func (a *App) LoadDemoCases(ctx context.Context) (int, error) {
	clock := toren.NewFixedClock(a.clock.Now())
	svc, err := casework.New(casework.Config{Store: a.db, Clock: clock, Calendar: workdays.Dutch(),
		Deadlines: a.cfg.Deadlines, IntakeTeam: a.cfg.IntakeTeam, Log: a.log})
	if err != nil {
		return 0, err
	}
	actors := map[string]authz.Actor{}
	actor := func(name string) (authz.Actor, error) {
		if act, ok := actors[name]; ok {
			return act, nil
		}
		u, err := a.db.GetUserByUsername(ctx, name)
		if err != nil {
			return authz.Actor{}, fmt.Errorf("demo account %s: %w", name, err)
		}
		w, err := a.db.Worker(ctx, u.ID)
		if err != nil {
			return authz.Actor{}, err
		}
		actors[name] = w.Actor()
		return actors[name], nil
	}
	played := 0
	for _, script := range demo.CaseScripts(a.clock.Now()) {
		var reportIDs []int64
		for _, key := range script.ReportKeys {
			id, err := a.db.ReportIDByKey(ctx, key)
			if toren.ErrorCode(err) == toren.CodeNotFound {
				reportIDs = nil
				break
			}
			if err != nil {
				return played, err
			}
			teams, err := a.db.ReportCaseTeams(ctx, id)
			if err != nil {
				return played, err
			}
			if len(teams) > 0 {
				reportIDs = nil
				break
			}
			reportIDs = append(reportIDs, id)
		}
		if len(reportIDs) == 0 {
			continue
		}
		p := &player{ctx: ctx, svc: svc, clock: clock, actor: actor, reports: reportIDs}
		for i, ev := range script.Events {
			if err := p.play(ev); err != nil {
				return played, fmt.Errorf("demo case %s, event %d: %w", script.Story, i+1, err)
			}
		}
		played++
	}
	return played, nil
}

// player plays one script.
type player struct {
	ctx     context.Context
	svc     *casework.Service
	clock   *toren.FixedClock
	actor   func(string) (authz.Actor, error)
	reports []int64
	caseID  int64
	last    *casework.Decision // the last proposal, for Approve
}

func (p *player) file(a authz.Actor) (*casework.File, error) { return p.svc.File(p.ctx, a, p.caseID) }

func (p *player) play(ev demo.CaseEvent) error {
	p.clock.Set(ev.At)
	a, err := p.actor(ev.As)
	if err != nil {
		return err
	}
	ctx, svc, id := p.ctx, p.svc, p.caseID
	switch {
	case ev.Open != nil:
		req := *ev.Open
		req.ReportIDs = p.reports
		f, err := svc.OpenCase(ctx, a, req)
		if err == nil {
			p.caseID = f.Case.ID
		}
		return err
	case ev.Step != "":
		f, err := p.file(a)
		if err != nil {
			return err
		}
		_, err = svc.Transition(ctx, a, id, casework.TransitionRequest{Transition: ev.Step, Version: f.Case.Version})
		return err
	case ev.Propose != nil:
		p.last, err = svc.Propose(ctx, a, id, *ev.Propose)
		return err
	case ev.Approve:
		_, err = svc.Approve(ctx, a, p.last.ID, casework.ApproveRequest{Version: p.last.Version})
		return err
	case ev.AssignTo != nil:
		req := casework.AssignRequest{Team: ev.AssignTo.Team}
		for _, name := range ev.AssignTo.Workers {
			w, err := p.actor(name)
			if err != nil {
				return err
			}
			req.Workers = append(req.Workers, w.UserID)
		}
		f, err := p.file(a)
		if err != nil {
			return err
		}
		req.Version = f.Case.Version
		_, err = svc.Assign(ctx, a, id, req)
		return err
	case ev.Contact != nil:
		in := *ev.Contact
		in.At = ev.At
		_, err = svc.AddContact(ctx, a, id, in)
		return err
	case ev.Informant != nil:
		_, err = svc.AddInformant(ctx, a, id, *ev.Informant)
		return err
	case ev.Agreement != nil:
		_, err = svc.AddAgreement(ctx, a, id, *ev.Agreement)
		return err
	case ev.Condition != nil:
		_, err = svc.AddCondition(ctx, a, id, *ev.Condition)
		return err
	case ev.Phase != "":
		_, err = svc.SetPhase(ctx, a, id, casework.PhaseInput{Phase: ev.Phase})
		return err
	case ev.Handover != nil:
		f, err := p.file(a)
		if err != nil {
			return err
		}
		in := *ev.Handover
		for _, c := range f.Conditions {
			if c.Episode == f.Episode && c.Status == casework.ConditionActive {
				in.ConditionIDs = append(in.ConditionIDs, c.ID)
			}
		}
		_, err = svc.ProposeHandover(ctx, a, id, in)
		return err
	case ev.AcceptHandover:
		f, err := p.file(a)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(f.Handovers, func(h casework.Handover) bool { return h.Status == casework.HandoverProposed })
		if i < 0 {
			return fmt.Errorf("no handover to accept")
		}
		h := f.Handovers[i]
		_, err = svc.RespondHandover(ctx, a, id, h.ID, casework.HandoverResponse{Accept: true, Version: h.Version})
		return err
	case ev.Letter != nil:
		in := *ev.Letter
		in.SentAt = ev.At
		_, err = svc.RecordLetter(ctx, a, id, in)
		return err
	case ev.Feedback != nil:
		in := *ev.Feedback
		if in.ReportID == 0 {
			in.ReportID = p.reports[0]
		}
		in.GivenAt = ev.At
		_, err = svc.AddFeedback(ctx, a, id, in)
		return err
	}
	return fmt.Errorf("event does nothing")
}
