package access

import (
	"context"
	"slices"
	"time"

	"toren/internal/authz"
	"toren/internal/history"
)

// Households reads a person's household (satisfied by *store.DB).
type Households interface {
	Household(ctx context.Context, personID int64) ([]history.Member, error)
}

// Histories gives the history page and the API a person's timeline and
// their household's, with need-to-know applied to every event: its
// content is shown when the user may see the event's own object
// (report.view, case.view, or a break-glass grant on it or on a person it
// names). Every other event keeps its date and kind and names the teams
// to ask. The person's full history (person.history.full) decides only
// the person's own address and the household's links.
type Histories struct {
	Reader     Reader
	Households Households
	Timeline   history.Timeline
}

// PersonHistory returns the history of a registry person as a may see it.
// The person's
// identity is shown to whoever may open the person page; their address
// and the household's links only with the full history.
func (h Histories) PersonHistory(ctx context.Context, a authz.Actor, personID int64) (*history.PersonHistory, error) {
	rd := h.Reader
	p, err := rd.GetPerson(ctx, a, personID)
	if err != nil {
		return nil, err
	}
	res, err := rd.personResource(ctx, personID)
	if err != nil {
		return nil, err
	}
	now := rd.Clock.Now()
	grant, err := rd.Store.ActiveGrant(ctx, a.UserID, res.Ref(), now)
	if err != nil {
		return nil, err
	}
	d := authz.Decide(a, authz.ActionPersonHistoryFull, res, authz.Opts{Now: now, Grant: grant})
	if err := d.Err(); err != nil {
		return nil, err
	}
	out := &history.PersonHistory{Person: p, Full: d.Full(), Teams: []string{}}
	if !out.Full {
		out.Teams = res.Teams
		redactPerson(&out.Person)
	}
	principal, _ := FromContext(ctx)
	if d.BreakGlass && d.Grant != nil && principal != nil {
		principal.noteBreakGlass(d.Grant.Reason)
	}
	members, err := h.Households.Household(ctx, personID)
	if err != nil {
		return nil, err
	}
	var memberIDs []int64
	for i := range members {
		m := &members[i]
		memberIDs = append(memberIDs, m.Person.ID)
		if !out.Full {
			// Who belongs to the household may be shown (search shows
			// names too); where they live and in which reports, not.
			redactPerson(&m.Person)
			for j := range m.Via {
				m.Via[j] = history.Link{Kind: m.Via[j].Kind}
			}
		}
	}
	out.Household = nonNil(members)

	events, truncated, err := h.Timeline.Events(ctx, []int64{personID})
	if err != nil {
		return nil, err
	}
	hhEvents, hhTruncated, err := h.Timeline.Events(ctx, memberIDs)
	if err != nil {
		return nil, err
	}
	// The household timeline holds what the person's own does not. An
	// event found through the members lists only the members it names,
	// so compare the objects, not the names.
	type object struct {
		kind history.Kind
		id   int64
	}
	own := map[object]bool{}
	for _, e := range events {
		own[object{e.Kind, e.ObjectID}] = true
	}
	hhEvents = slices.DeleteFunc(hhEvents, func(e history.Event) bool { return own[object{e.Kind, e.ObjectID}] || e.Names(personID) })
	out.Truncated = truncated || hhTruncated

	touched := append([]int64{personID}, memberIDs...)
	show := func(e *history.Event, own bool) {
		if len(e.Teams) == 0 {
			// A report in triage; about this person, it is also for the
			// teams working with them now (Reader.triageTeams).
			e.Teams = []string{rd.IntakeTeam}
			if own {
				e.Teams = rd.triageTeams(res.Teams)
			}
		}
		// The content of an event is decided by its own report or case,
		// never by the person: sharing a registry person with another
		// team's case (a new report, a merge) opens none of its content.
		od := h.objectDecision(a, *e, grant, now)
		full := od.Full()
		if full && od.BreakGlass && od.Grant != nil && principal != nil {
			principal.noteBreakGlass(od.Grant.Reason)
		}
		if !full {
			e.Redact()
			return
		}
		touched = append(touched, e.PersonIDs...)
	}
	for i := range events {
		show(&events[i], true)
	}
	for i := range hhEvents {
		show(&hhEvents[i], false)
	}
	out.Events, out.HouseholdEvents = nonNil(events), nonNil(hhEvents)
	if principal != nil {
		principal.Touch(touched...)
	}
	return out, nil
}

// objectDecision is the policy's answer for reading the event's own
// object in full. Kinds the policy has no read action for are never shown
// this way (only through the person's full history).
func (h Histories) objectDecision(a authz.Actor, e history.Event, grant *authz.Grant, now time.Time) authz.Decision {
	var action authz.Action
	switch e.ObjectKind {
	case authz.KindReport:
		action = authz.ActionReportView
	case authz.KindCase:
		action = authz.ActionCaseView
	default:
		return authz.Decision{}
	}
	res := authz.Resource{Kind: e.ObjectKind, ID: e.ObjectID, Teams: e.Teams, Closed: e.Closed}
	for _, pid := range e.PersonIDs {
		res.Within = append(res.Within, authz.Ref{Kind: authz.KindPerson, ID: pid})
	}
	return authz.Decide(a, action, res, authz.Opts{Now: now, Grant: grant})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
