package casework

import (
	"slices"
	"time"

	"toren/internal/cases"
)

// File is a case with everything recorded in it. The store fills in the
// records; the Service adds the derived parts (episode, facts, deadlines,
// possible steps) before it hands a File out.
//
// An episode is one run through the process: the first starts when the
// case is opened, each reopening starts the next. Records carry the
// episode they were made in, and the facts read the current one only, so
// a reopened case is assessed afresh.
type File struct {
	Case      cases.Case  `json:"case"`
	Reports   []ReportRef `json:"reports"`
	PersonIDs []int64     `json:"person_ids"`

	Assignment  Assignment         `json:"assignment"`
	Phases      []PhaseRecord      `json:"phases"` // oldest first; the last is current
	Transitions []TransitionRecord `json:"transitions"`
	Decisions   []Decision         `json:"decisions"`
	Contacts    []Contact          `json:"contacts"`
	Informants  []Informant        `json:"informants"`
	Agreements  []Agreement        `json:"agreements"`
	Conditions  []Condition        `json:"conditions"`
	Handovers   []Handover         `json:"handovers"`
	Feedback    []Feedback         `json:"feedback"`
	Letters     []LetterSent       `json:"letters"`
	Monitoring  []MonitoringMoment `json:"monitoring"`
	Signals     []Signal           `json:"signals"`
	// PoliceReports are the reports to the police, oldest first.
	PoliceReports []PoliceReport `json:"police_reports"`

	// Derived by the Service.
	Episode      int            `json:"episode"`
	EpisodeStart time.Time      `json:"episode_start"`
	Facts        cases.Facts    `json:"facts"`
	Deadlines    []DeadlineView `json:"deadlines"`
	// Due is everything open with a term in the current episode, earliest
	// first (Service.due): the one answer to "what is due when" that the
	// work queue, the case file and the case lists all show.
	Due   []QueueItem `json:"due"`
	Steps []Step      `json:"steps"`
}

// Next is the earliest open item of Due, nil when nothing is due.
func (f *File) Next() *QueueItem {
	if len(f.Due) == 0 {
		return nil
	}
	return &f.Due[0]
}

// DueAgreement is the due item of safety agreement id: nil when the
// agreement is not open in the current episode.
func (f *File) DueAgreement(id int64) *QueueItem {
	for i := range f.Due {
		if f.Due[i].Kind == QueueAgreement && f.Due[i].AgreementID == id {
			return &f.Due[i]
		}
	}
	return nil
}

// DueMoment is the due item of monitoring moment id: nil when it is not open.
func (f *File) DueMoment(id int64) *QueueItem {
	for i := range f.Due {
		if f.Due[i].Kind == QueueDeadline && f.Due[i].MomentID == id {
			return &f.Due[i]
		}
	}
	return nil
}

// Late reports whether something of kind k is past its term: a process
// deadline (QueueDeadline, monitoring moments counted only when moments is
// set) or a safety agreement (QueueAgreement).
func (f *File) Late(k QueueKind, moments bool) bool {
	for _, it := range f.Due {
		if it.Overdue && it.Kind == k && (k != QueueDeadline || (it.MomentID != 0) == moments) {
			return true
		}
	}
	return false
}

// Final reports whether the case is closed, ended or converted to advice:
// read-only until it is reopened. (Monitoring is not final: Team
// Monitoring still records its checks.)
func Final(s cases.Status) bool {
	switch s {
	case cases.StatusClosed, cases.StatusEnded, cases.StatusConvertedToAdvice:
		return true
	}
	return false
}

// episodeOf returns the current episode and when it started: the opening
// of the case (the earliest report's receipt) or the last reopening.
func (f *File) episodeOf() (int, time.Time) {
	n, start := 1, f.Case.OpenedAt
	for _, r := range f.Reports {
		if start.IsZero() || r.ReceivedAt.Before(start) {
			start = r.ReceivedAt
		}
	}
	for _, t := range f.Transitions {
		if t.Transition == cases.ReopenCase {
			n++
			start = t.Recorded.At
		}
	}
	return n, start
}

// derive fills Episode and EpisodeStart.
func (f *File) derive() { f.Episode, f.EpisodeStart = f.episodeOf() }

// acute reports whether the current episode started from an acute signal:
// an acute report for the first, an acute new signal for a reopening.
func (f *File) acute() bool {
	if f.Episode <= 1 {
		return slices.ContainsFunc(f.Reports, func(r ReportRef) bool { return r.Acute })
	}
	return slices.ContainsFunc(f.Signals, func(s Signal) bool { return s.ConsumedEpisode == f.Episode && s.Acute })
}

// approved returns the approved decision of kind k in the current episode
// (the latest, should there be several), or nil.
func (f *File) approved(k string) *Decision {
	var out *Decision
	for i := range f.Decisions {
		d := &f.Decisions[i]
		if d.Episode == f.Episode && string(d.Kind) == k && d.Status == DecisionApproved {
			out = d
		}
	}
	return out
}

// currentHandover returns the latest handover of the current episode, or nil.
func (f *File) currentHandover() *Handover {
	var out *Handover
	for i := range f.Handovers {
		if f.Handovers[i].Episode == f.Episode {
			out = &f.Handovers[i]
		}
	}
	return out
}

// activeConditions returns the conditions of the current episode that
// must still hold.
func (f *File) activeConditions() []Condition {
	var out []Condition
	for _, c := range f.Conditions {
		if c.Episode == f.Episode && c.Status == ConditionActive {
			out = append(out, c)
		}
	}
	return out
}

// episodeMoments returns the monitoring moments of the current episode
// that were not cancelled, in order of months.
func (f *File) episodeMoments() []MonitoringMoment {
	var out []MonitoringMoment
	for _, m := range f.Monitoring {
		if m.Episode == f.Episode && m.Status != MomentCancelled {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b MonitoringMoment) int { return a.Months - b.Months })
	return out
}

// Facts assembles the snapshot the process rules read from what is stored
// for the current episode.
func (f *File) facts() cases.Facts {
	var fx cases.Facts
	fx.Acute = f.acute()
	for _, c := range f.Contacts {
		if c.Episode == f.Episode && c.AcuteAction {
			fx.AcuteActionRecorded = true
		}
	}
	fx.SafetyAssessed = f.approved(string(KindSafetyAssessment)) != nil
	for _, r := range f.Reports {
		fx.ChildrenInvolved = fx.ChildrenInvolved || r.ChildrenInvolved
		fx.ReporterIdentifiable = fx.ReporterIdentifiable || r.ReporterReachable
	}
	if h := f.currentHandover(); h != nil {
		if h.Status != HandoverDeclined {
			fx.ReceivingPartner = h.Partner
		}
		fx.HandoverAccepted = h.Status == HandoverAccepted
		fx.HandoverDeclined = h.Status == HandoverDeclined
	}
	active := f.activeConditions()
	fx.SafetyConditions = len(active)
	for _, l := range f.Letters {
		if l.Episode != f.Episode {
			continue
		}
		switch l.Kind {
		case LetterClosing:
			fx.ClosingLetterSent = true
		case LetterRvdKRequest:
			fx.RvdKRequestSent = true
		}
	}
	if d := f.approved(string(KindInvestigationConclusion)); d != nil {
		fx.InvestigationConclusion = string(d.Finding)
	}
	for _, d := range f.Decisions {
		if d.Episode == f.Episode && d.Status == DecisionApproved && ending(d.Outcome) {
			fx.EndReason = d.Reasoning
		}
	}
	moments := f.episodeMoments()
	fx.MonitoringComplete = len(moments) > 0 && !slices.ContainsFunc(moments, func(m MonitoringMoment) bool { return m.Status != MomentDone })
	fx.ConditionsMet = len(active) > 0 && conditionsHold(active, moments)
	fx.NewSignal = slices.ContainsFunc(f.Signals, func(s Signal) bool { return s.ConsumedEpisode == 0 })
	return fx
}

// conditionsHold reports whether every condition's latest check says it
// holds. A condition never checked does not count as met.
func conditionsHold(active []Condition, moments []MonitoringMoment) bool {
	latest := map[int64]CheckResult{}
	for _, m := range moments { // in order of months: later checks overwrite
		if m.Status != MomentDone {
			continue
		}
		for _, c := range m.Checks {
			latest[c.ConditionID] = c.Result
		}
	}
	for _, c := range active {
		if latest[c.ID] != CheckHolds {
			return false
		}
	}
	return true
}

// timeline returns the moments of the current episode that start or end a
// deadline. Monitoring moments are not in it: they are stored with their
// due dates when the handover is accepted, so a later change of the
// organisation's settings does not move them.
func (f *File) timeline() cases.Timeline {
	tl := cases.Timeline{ReceivedAt: f.EpisodeStart, Acute: f.acute()}
	if d := f.approved(string(KindSafetyAssessment)); d != nil && d.Decided != nil {
		tl.AssessedAt = d.Decided.At
	}
	if d := f.approved(string(KindInvestigationConclusion)); d != nil && d.Decided != nil {
		tl.InvestigationClosedAt = d.Decided.At
	}
	for _, t := range f.Transitions {
		if t.Episode == f.Episode && t.Transition == cases.DecideInvestigation {
			tl.InvestigationStartedAt = t.Recorded.At
		}
	}
	for _, fb := range f.Feedback {
		if fb.Episode != f.Episode {
			continue
		}
		switch fb.Moment {
		case FeedbackAfterAssessment:
			if tl.FeedbackAfterAssessmentAt.IsZero() {
				tl.FeedbackAfterAssessmentAt = fb.GivenAt
			}
		case FeedbackAfterInvestigation:
			if tl.FeedbackAfterInvestigationAt.IsZero() {
				tl.FeedbackAfterInvestigationAt = fb.GivenAt
			}
		}
	}
	return tl
}

// DeadlineView is a deadline as the queue and the case file show it.
type DeadlineView struct {
	Kind   cases.DeadlineKind `json:"kind"`
	Months int                `json:"months"`
	// Label words Kind and Months in Dutch: the API fills it in from the
	// web's catalogue (api.Config.WordFile); the service leaves it empty.
	Label string    `json:"label"`
	Due   time.Time `json:"due"`
	Done  bool      `json:"done"`
	// Overdue: the deadline passed before the work was done.
	Overdue bool `json:"overdue"`
	// SecondsLeft is the time to the deadline; negative once it passed.
	SecondsLeft int64 `json:"seconds_left"`
	// MomentID is the monitoring moment, for kind monitoring.
	MomentID int64 `json:"moment_id"`
}

func viewOf(d cases.Deadline, now time.Time, momentID int64) DeadlineView {
	return DeadlineView{Kind: d.Kind, Months: d.Months, Due: d.Due, Done: d.Done,
		Overdue: d.Overdue(now), SecondsLeft: int64(d.TimeLeft(now) / time.Second), MomentID: momentID}
}

// Step is a transition of the process as the case file offers it.
type Step struct {
	Transition cases.TransitionName `json:"transition"`
	// Label words Transition in Dutch: the API fills it in from the web's
	// catalogue (api.Config.WordFile); the service leaves it empty.
	Label string       `json:"label"`
	To    cases.Status `json:"to"`
	// Decision is the kind of decision that must be approved to take this
	// step; the step is then taken by the approval, not directly.
	Decision string `json:"decision"`
	// Unmet lists the preconditions that do not hold now (empty: possible).
	Unmet []StepRule `json:"unmet"`
}

// StepRule is one unmet precondition of a step: the rule's code, the fact
// it reads and an English message (the web words the rule).
type StepRule struct {
	Rule    string `json:"rule"`
	Field   string `json:"field"`
	Message string `json:"message"`
	// MessageNL is the rule in the pages' words; casework leaves it empty
	// and the adapter fills it (web.WordFile), as it does the labels.
	MessageNL string `json:"message_nl"`
}
