package casework

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
)

// QueueKind is what a queue item asks for.
type QueueKind string

const (
	QueueDeadline  QueueKind = "deadline"  // a deadline of the process (assessment, feedback, Onderzoek, monitoring)
	QueueAgreement QueueKind = "agreement" // a safety agreement due
	QueueApproval  QueueKind = "approval"  // a decision waits for a second pair of eyes
	QueueHandover  QueueKind = "handover"  // a handover waits for the receiving team to accept it
	// QueueDeclined: the partner declined the handover; the owning team
	// chooses what now (another partner, its own service, ending).
	QueueDeclined QueueKind = "handover_declined"
)

// QueueItem is one thing to do in a work queue.
type QueueItem struct {
	CaseID     int64              `json:"case_id"`
	CaseNumber string             `json:"case_number"`
	Team       string             `json:"team"`
	Status     cases.Status       `json:"status"`
	Kind       QueueKind          `json:"kind"`
	Deadline   cases.DeadlineKind `json:"deadline"` // for kind deadline
	// Months is a monitoring moment's months after the handover (kind
	// deadline, deadline monitoring).
	Months int `json:"months,omitempty"`
	// Label says in Dutch what is due. The service gives every kind as
	// data (Deadline and Months, DecisionKind, AgreementWho and
	// AgreementWhat, FromTeam, Partner) and leaves Label empty: the web
	// layer words it through its catalogue, and the API fills it in from
	// the same catalogue.
	Label string `json:"label"`
	// DecisionKind is the decision waiting for approval (kind approval).
	DecisionKind authz.DecisionKind `json:"decision_kind,omitempty"`
	// AgreementWho and AgreementWhat are the safety agreement due (kind
	// agreement).
	AgreementWho  string `json:"agreement_who,omitempty"`
	AgreementWhat string `json:"agreement_what,omitempty"`
	// FromTeam is the team handing the case over (kind handover; may be
	// empty); Partner the partner that declined it (kind
	// handover_declined).
	FromTeam string    `json:"from_team,omitempty"`
	Partner  string    `json:"partner,omitempty"`
	Due      time.Time `json:"due"`
	Overdue  bool      `json:"overdue"`
	// SecondsLeft is the time to Due; negative once it passed.
	SecondsLeft int64 `json:"seconds_left"`
	// DecisionID, MomentID, AgreementID and HandoverID point at the
	// object to act on.
	DecisionID  int64 `json:"decision_id"`
	HandoverID  int64 `json:"handover_id"`
	MomentID    int64 `json:"moment_id"`
	AgreementID int64 `json:"agreement_id"`
}

// Queue returns a work queue: a team's (req.Team) or a worker's
// (req.WorkerID; 0 is a's own). It lists what is due in the cases that are
// not final, overdue items first and then by deadline: the process's
// deadlines (safety assessment, feedback to the reporter, Onderzoek,
// monitoring moments), safety agreements due, and decisions waiting for a
// second pair of eyes (for a worker: those the worker may approve; for a
// team: all on the team's cases), and handovers waiting for the team (or
// the worker's team) to accept them. Only cases a may read in full are
// listed.
func (s *Service) Queue(ctx context.Context, a authz.Actor, req QueueRequest) ([]QueueItem, error) {
	if err := s.allow(a, authz.ActionQueueView, authz.Resource{}); err != nil {
		return nil, err
	}
	scope := QueueScope{Team: strings.TrimSpace(req.Team), WorkerID: req.WorkerID}
	if scope.Team != "" && scope.WorkerID != 0 {
		return nil, invalidf("team", "one_scope", "ask for a team's queue or a worker's, not both")
	}
	var approver *authz.Actor
	receiving := []string{scope.Team}
	if scope.Team == "" {
		if scope.WorkerID == 0 {
			scope.WorkerID = a.UserID
		}
		w, err := s.store.Worker(ctx, scope.WorkerID)
		if err != nil {
			return nil, err
		}
		wa := w.Actor()
		approver = &wa
		receiving = nil
		for _, t := range wa.Teams {
			if authz.Decide(wa, authz.ActionHandoverAccept, authz.Resource{Kind: authz.KindCase, ID: -1, Teams: []string{t}}, authz.Opts{}).Full() {
				receiving = append(receiving, t)
			}
		}
	}
	var handovers []int64
	for _, t := range receiving {
		hs, err := s.store.CasesAwaitingHandover(ctx, t)
		if err != nil {
			return nil, fmt.Errorf("casework: queue: %w", err)
		}
		handovers = append(handovers, hs...)
	}
	ids, err := s.store.QueueCases(ctx, scope)
	if err != nil {
		return nil, fmt.Errorf("casework: queue: %w", err)
	}
	waiting, err := s.store.CasesAwaitingApproval(ctx)
	if err != nil {
		return nil, fmt.Errorf("casework: queue: %w", err)
	}
	now := s.clock.Now()
	all := slices.Concat(ids, waiting, handovers)
	slices.Sort(all)
	files, err := s.loadDue(ctx, slices.Compact(all))
	if err != nil {
		return nil, err
	}
	var out []QueueItem
	for _, f := range files {
		id := f.Case.ID
		if s.allow(a, authz.ActionCaseView, resource(f)) != nil {
			continue // need-to-know: rows of other teams are left out
		}
		inScope := slices.Contains(ids, id)
		if inScope {
			out = append(out, f.Due...)
		}
		for i := range f.Decisions {
			d := &f.Decisions[i]
			if d.Status != DecisionProposed || d.Episode != f.Episode {
				continue
			}
			if approver != nil && !authz.Decide(*approver, authz.ActionDecisionApprove, decisionResource(f, d), authz.Opts{Now: now}).Full() {
				continue
			}
			if approver == nil && f.Case.Team != scope.Team {
				continue
			}
			out = append(out, s.approvalItem(f, d, now))
		}
		for i := range f.Handovers {
			h := &f.Handovers[i]
			if h.Status == HandoverProposed && h.Episode == f.Episode && f.Case.Status == cases.StatusHandover && slices.Contains(receiving, h.ToTeam) {
				out = append(out, s.handoverItem(f, h, now))
			}
		}
	}
	slices.SortStableFunc(out, func(x, y QueueItem) int {
		if x.Overdue != y.Overdue {
			if x.Overdue {
				return -1
			}
			return 1
		}
		return cmp.Or(x.Due.Compare(y.Due), cmp.Compare(x.CaseNumber, y.CaseNumber))
	})
	return out, nil
}

func item(f *File, now, due time.Time) QueueItem {
	return QueueItem{CaseID: f.Case.ID, CaseNumber: f.Case.Number, Team: f.Case.Team, Status: f.Case.Status,
		Due: due, Overdue: now.After(due), SecondsLeft: int64(due.Sub(now) / time.Second)}
}

// due decides what is due when in a case: the open deadlines of the
// process and the open monitoring moments (as the schedule has them), and
// the open safety agreements of the current episode, due at the end of
// their day; earliest first. It is the one place: the File carries its
// answer (File.Due), and the work queue, the case file's summary, side
// navigation and agreement rows, and the case lists show that answer, so
// they cannot contradict each other.
func due(f *File, now time.Time) []QueueItem {
	var out []QueueItem
	for _, d := range f.Deadlines {
		if d.Done {
			continue
		}
		it := item(f, now, d.Due)
		it.Kind, it.Deadline, it.Months, it.MomentID = QueueDeadline, d.Kind, d.Months, d.MomentID
		out = append(out, it)
	}
	for _, ag := range f.Agreements {
		if ag.Episode != f.Episode || ag.Status != AgreementOpen || ag.Due.IsZero() {
			continue
		}
		it := item(f, now, cases.EndOfDay(ag.Due))
		it.Kind, it.AgreementID, it.AgreementWho, it.AgreementWhat = QueueAgreement, ag.ID, ag.Who, ag.What
		out = append(out, it)
	}
	slices.SortStableFunc(out, func(x, y QueueItem) int { return x.Due.Compare(y.Due) })
	return out
}

// approvalItem is a decision waiting for approval: due the organisation's
// response term after it was proposed (by default the end of the next
// working day), so that a proposal made a minute ago is never late.
func (s *Service) approvalItem(f *File, d *Decision, now time.Time) QueueItem {
	it := item(f, now, s.deadlines.ResponseDue(s.cal, d.Proposed.At))
	it.Kind, it.DecisionID, it.DecisionKind = QueueApproval, d.ID, d.Kind
	return it
}

// handoverItem is a handover waiting for the receiving team: due the
// response term after the decision to hand over took effect.
func (s *Service) handoverItem(f *File, h *Handover, now time.Time) QueueItem {
	asked := h.Proposed.At
	for _, tr := range f.Transitions {
		if tr.Episode == f.Episode && tr.To == cases.StatusHandover {
			asked = tr.Recorded.At
		}
	}
	it := item(f, now, s.deadlines.ResponseDue(s.cal, asked))
	it.Kind, it.HandoverID, it.FromTeam = QueueHandover, h.ID, h.FromTeam
	return it
}

// declinedItem is a handover the partner declined, back with the owning
// team: due the response term after the answer, until the team proposes a
// new handover or a decision, or the case moves on.
func (s *Service) declinedItem(f *File, now time.Time) (QueueItem, bool) {
	h := f.currentHandover()
	if h == nil || h.Status != HandoverDeclined || h.Responded == nil ||
		f.Case.Status != cases.StatusSafetyAssessment && f.Case.Status != cases.StatusHandover {
		return QueueItem{}, false
	}
	for _, d := range f.Decisions {
		if d.Episode == f.Episode && d.Proposed.At.After(h.Responded.At) {
			return QueueItem{}, false
		}
	}
	it := item(f, now, s.deadlines.ResponseDue(s.cal, h.Responded.At))
	it.Kind, it.HandoverID, it.Partner = QueueDeclined, h.ID, h.Partner
	return it, true
}

// CaseListRequest asks for a list of case files: those of the actor's
// teams and those assigned to them, or (Mine) only the latter.
type CaseListRequest struct {
	Mine bool
}

// CaseSummary is a case as a list shows it: the case, its workers and
// current phase, the registry persons its reports name (for the access
// log), and the earliest thing due in it, by the rule the case file
// follows (File.Next).
type CaseSummary struct {
	Case      cases.Case
	Workers   []AssignedWorker
	Phase     Phase // the current phase; "" before the first
	PersonIDs []int64
	Next      *QueueItem
}

// Cases lists the cases that are not final of a's teams and those
// assigned to a (case.list), by case ID; of those only the ones a may
// read in full (case.view) are listed. A case of another team a is not
// assigned to is left out, as is one they see only as a signal. The
// cases are read together (PartsDue), not one file at a time.
func (s *Service) Cases(ctx context.Context, a authz.Actor, req CaseListRequest) ([]CaseSummary, error) {
	if err := s.allow(a, authz.ActionCaseList, authz.Resource{}); err != nil {
		return nil, err
	}
	var ids []int64
	if !req.Mine {
		for _, team := range a.Teams {
			t, err := s.store.QueueCases(ctx, QueueScope{Team: team})
			if err != nil {
				return nil, fmt.Errorf("casework: cases of team %s: %w", team, err)
			}
			ids = append(ids, t...)
		}
	}
	mine, err := s.store.QueueCases(ctx, QueueScope{WorkerID: a.UserID})
	if err != nil {
		return nil, fmt.Errorf("casework: cases of worker %d: %w", a.UserID, err)
	}
	ids = append(ids, mine...)
	slices.Sort(ids)
	files, err := s.loadDue(ctx, slices.Compact(ids))
	if err != nil {
		return nil, err
	}
	var out []CaseSummary
	for _, f := range files {
		if s.allow(a, authz.ActionCaseView, resource(f)) != nil {
			continue // need-to-know, as File: only cases a may read in full
		}
		cs := CaseSummary{Case: f.Case, Workers: f.Assignment.Workers, PersonIDs: f.PersonIDs, Next: f.Next()}
		if n := len(f.Phases); n > 0 {
			cs.Phase = f.Phases[n-1].Phase
		}
		out = append(out, cs)
	}
	return out, nil
}
