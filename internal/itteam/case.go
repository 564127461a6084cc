package itteam

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"toren/internal/cases"
	"toren/internal/toren"
)

// Worker is a staff member as the IT case names them.
type Worker struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Admission is the decision on a referral: admitted or not, by whom and
// why. Deciding against the checklist's verdict needs a reason.
type Admission struct {
	Admitted  bool       `json:"admitted"`
	Reason    string     `json:"reason,omitempty"`
	DecidedBy Worker     `json:"decided_by"`
	DecidedOn toren.Date `json:"decided_on"`
}

// Against reports whether the decision goes against the verdict.
func (a Admission) Against(q Qualification) bool { return a.Admitted != q.Qualifies }

// Event is one dated phase change.
type Event struct {
	On         toren.Date           `json:"on"`
	Transition cases.TransitionName `json:"transition"`
	From       cases.ITStatus       `json:"from"`
	To         cases.ITStatus       `json:"to"`
	Reason     string               `json:"reason,omitempty"`
	EndReason  EndReason            `json:"end_reason,omitempty"`
	By         Worker               `json:"by"`
	At         time.Time            `json:"at"`
}

// EndReason is why a case ended early, from a list the team can count.
type EndReason string

const (
	EndMoved        EndReason = "moved"          // verhuisd
	EndRegularCare  EndReason = "regular_care"   // reguliere hulp mogelijk
	EndNoCooperate  EndReason = "no_cooperation" // geen medewerking
	EndOtherService EndReason = "other_service"  // opgepakt door andere instantie (CCB, justitie)
	EndOther        EndReason = "other"          // anders, zie toelichting
)

// EndReasons lists the reasons in the order the form shows them; the
// pages word them (the web's catalogue, it.end-reason.<code>).
func EndReasons() []EndReason {
	return []EndReason{EndMoved, EndRegularCare, EndNoCooperate, EndOtherService, EndOther}
}

// Valid reports whether r is one of EndReasons.
func (r EndReason) Valid() bool { return slices.Contains(EndReasons(), r) }

// NL is the reason in the Dutch that the case's phase change records as
// its reason (stored text, read back as written). The pages word a reason
// from the web's catalogue (it.end-reason.*), which TestITRecordedWords
// holds to these words.
func (r EndReason) NL() string {
	switch r {
	case EndMoved:
		return "Verhuisd"
	case EndRegularCare:
		return "Reguliere hulp mogelijk"
	case EndNoCooperate:
		return "Geen medewerking"
	case EndOtherService:
		return "Overgenomen door een andere instantie"
	case EndOther:
		return "Anders (toelichting verplicht)"
	}
	return ""
}

func optionLabel(os []Option, v string) string {
	for _, o := range os {
		if o.Value == v {
			return o.Label
		}
	}
	return ""
}

// Moment says when a colour code was given.
type Moment string

const (
	MomentStart  Moment = "start"  // start of the intensive phase
	MomentEnd    Moment = "end"    // end of the intensive phase
	MomentChange Moment = "change" // a change in between
)

// Moments lists the moments; the pages word them (the web's catalogue,
// it.colour-moment.<code>).
func Moments() []Moment { return []Moment{MomentStart, MomentEnd, MomentChange} }

// Valid reports whether m is one of Moments.
func (m Moment) Valid() bool { return slices.Contains(Moments(), m) }

// ColourRating is one colour code with its date and rater.
type ColourRating struct {
	On     toren.Date     `json:"on"`
	Colour cases.ITColour `json:"colour"`
	Moment Moment         `json:"moment"`
	Rater  Worker         `json:"rater"`
	Note   string         `json:"note,omitempty"`
}

// Colours lists the four codes from most to least severe.
func Colours() []cases.ITColour {
	return []cases.ITColour{cases.ColourRed, cases.ColourOrange, cases.ColourYellow, cases.ColourGreen}
}

// Case is one family's trajectory with the Interventieteam. It is the
// content of the IT team: the policy lets others learn only that the
// family is known to the IT and whom to ask.
type Case struct {
	ID      int64  `json:"id"`
	Version int    `json:"version"` // optimistic lock: every change adds one
	Family  string `json:"family"`  // how the team names the family, e.g. "Familie Verbeek"
	// CaseID is the Veilig Thuis case file it was referred from, if any.
	CaseID     int64          `json:"case_id,omitempty"`
	Team       string         `json:"team"`
	Status     cases.ITStatus `json:"status"`
	ReferredOn toren.Date     `json:"referred_on"`
	ReferredBy Worker         `json:"referred_by"`
	Referrer   string         `json:"referrer"` // e.g. "HG-overleg Veiligheidshuis"

	Answers       map[string]Answer `json:"answers"`
	Qualification Qualification     `json:"qualification"`
	Admission     Admission         `json:"admission"`

	Duo          []Worker       `json:"duo"`
	Events       []Event        `json:"events"`
	Colours      []ColourRating `json:"colours"`
	Registration Registration   `json:"registration"`

	Plans             []Plan             `json:"plans"` // every version, oldest first
	Scaling           []ScalingScore     `json:"scaling"`
	Meetings          []Meeting          `json:"meetings"`
	ClientEvaluations []ClientEvaluation `json:"client_evaluations"`
	// CCB is the escalation to the CCB protocol, nil when there is none.
	CCB       *CCB      `json:"ccb,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// MaxMonitoring is the longest monitor phase: the case closes after at
// most a year of lasting safety.
const MaxMonitoring = 1 // year

// Closed reports whether the case is closed or ended early.
func (c *Case) Closed() bool { return c.Status == cases.ITClosed || c.Status == cases.ITEndedEarly }

// OnDuo reports whether the worker is one of the duo.
func (c *Case) OnDuo(id int64) bool {
	return id > 0 && slices.ContainsFunc(c.Duo, func(w Worker) bool { return w.ID == id })
}

// DuoIDs returns the duo's user ids.
func (c *Case) DuoIDs() []int64 {
	out := make([]int64, len(c.Duo))
	for i, w := range c.Duo {
		out[i] = w.ID
	}
	return out
}

// ColourAt returns the colour code at moment m: the first start rating,
// the last end rating; "" when there is none.
func (c *Case) ColourAt(m Moment) cases.ITColour {
	var out cases.ITColour
	for _, r := range c.Colours {
		if r.Moment != m {
			continue
		}
		if m == MomentStart && out != "" {
			continue
		}
		out = r.Colour
	}
	return out
}

// CurrentColour is the latest colour code given.
func (c *Case) CurrentColour() (ColourRating, bool) {
	if len(c.Colours) == 0 {
		return ColourRating{}, false
	}
	return c.Colours[len(c.Colours)-1], true
}

// LastColour is the latest colour code given, or nil (for templates).
func (c *Case) LastColour() *ColourRating {
	if r, ok := c.CurrentColour(); ok {
		return &r
	}
	return nil
}

// PhaseStart returns the date the case last entered status s.
func (c *Case) PhaseStart(s cases.ITStatus) (toren.Date, bool) {
	for i := len(c.Events) - 1; i >= 0; i-- {
		if c.Events[i].To == s {
			return c.Events[i].On, true
		}
	}
	return toren.Date{}, false
}

// StartedOn is the start of the trajectory: the first start of the
// intensive phase, or the referral when it never started. The evaluation
// counts cohorts by it.
func (c *Case) StartedOn() toren.Date {
	for _, e := range c.Events {
		if e.To == cases.ITIntensive {
			return e.On
		}
	}
	return c.ReferredOn
}

// MonitoringDue is the date the monitor phase must end: a year after it
// started. ok is false outside the monitor phase.
func (c *Case) MonitoringDue() (toren.Date, bool) {
	if c.Status != cases.ITMonitor {
		return toren.Date{}, false
	}
	on, ok := c.PhaseStart(cases.ITMonitor)
	if !ok {
		return toren.Date{}, false
	}
	return on.AddDate(MaxMonitoring, 0, 0), true
}

// StatusOn returns the status the case had at the end of day d (the
// evaluation's "status as of"); ok is false when it was not yet referred.
func (c *Case) StatusOn(d toren.Date) (cases.ITStatus, bool) {
	if c.ReferredOn.After(d) {
		return "", false
	}
	s := cases.ITReferred
	for _, e := range c.Events {
		if e.On.After(d) {
			break
		}
		s = e.To
	}
	return s, true
}

// PhaseChange is a request to move the case.
type PhaseChange struct {
	Transition cases.TransitionName `json:"transition"`
	On         toren.Date           `json:"on"`
	Reason     string               `json:"reason"`
	EndReason  EndReason            `json:"end_reason"`
	// SafetySufficient: client, network and IT judge safety sufficient
	// (to start monitoring); LastingSafety: it lasted (to close).
	SafetySufficient bool `json:"safety_sufficient"`
	LastingSafety    bool `json:"lasting_safety"`
}

// Machine is the IT process (internal/cases).
var machine = cases.InterventionTeam

// Apply moves the case, appending the dated event. It checks the request
// (a date not before the last event and not in the future, an end reason
// from the list) and the process's rules; on error the case is unchanged.
func (c *Case) Apply(ch PhaseChange, by Worker, now time.Time) error {
	var p toren.Problems
	today := toren.DateOf(now)
	if ch.On.IsZero() {
		broke(&p, "on", "required", "the date of the change is required")
	} else if ch.On.After(today) {
		broke(&p, "on", "not_future", "the date may not be in the future")
	} else if last := c.lastEventDate(); ch.On.Before(last) {
		broke(&p, "on", "after_last_event", "the date may not be before the last phase change ("+last.String()+")")
	}
	ch.Reason = strings.TrimSpace(ch.Reason)
	reason := ch.Reason
	if ch.Transition == cases.ITEndEarly {
		switch {
		case !ch.EndReason.Valid():
			broke(&p, "end_reason", "enum", "end_reason must be one of the list")
			reason = ""
		case ch.EndReason == EndOther && ch.Reason == "":
			broke(&p, "reason", "required", "ending early for another reason needs an explanation")
			reason = ""
		default:
			reason = ch.EndReason.NL()
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	facts := cases.ITFacts{
		StaffAssigned: len(c.Duo), ColourAtStart: c.ColourAt(MomentStart),
		SafetySufficient: ch.SafetySufficient, LastingSafety: ch.LastingSafety,
		ReopenReason: reason, EndReason: reason,
	}
	if ch.Transition == cases.ITStartMonitor {
		// The end colour is the one given since the intensive phase last began.
		facts.ColourAtEnd = c.endColourSince()
	}
	next, err := machine().Apply(c.Status, ch.Transition, facts)
	if err != nil {
		return err
	}
	c.Events = append(c.Events, Event{On: ch.On, Transition: ch.Transition, From: c.Status, To: next,
		Reason: ch.Reason, EndReason: ch.EndReason, By: by, At: now})
	c.Status = next
	return nil
}

func (c *Case) lastEventDate() toren.Date {
	if len(c.Events) == 0 {
		return c.ReferredOn
	}
	return c.Events[len(c.Events)-1].On
}

func (c *Case) endColourSince() cases.ITColour {
	since := c.ReferredOn
	for _, e := range c.Events {
		if e.To == cases.ITIntensive || e.To == cases.ITIntensiveReopened {
			since = e.On
		}
	}
	var out cases.ITColour
	for _, r := range c.Colours {
		if r.Moment == MomentEnd && !r.On.Before(since) {
			out = r.Colour
		}
	}
	return out
}

// Possible returns the steps the table allows now, for the form.
func (c *Case) Possible() []cases.Transition[cases.ITStatus, cases.ITFacts] {
	return machine().Allowed(c.Status)
}

// AssignDuo sets the two IT workers. Both are named and differ.
func (c *Case) AssignDuo(a, b Worker) error {
	var p toren.Problems
	if a.ID <= 0 {
		broke(&p, "worker_a", "required", "the duo needs two IT workers")
	}
	if b.ID <= 0 {
		broke(&p, "worker_b", "required", "the duo needs two IT workers")
	}
	if a.ID > 0 && a.ID == b.ID {
		broke(&p, "worker_b", "distinct", "the duo is two different workers")
	}
	if err := p.Err(); err != nil {
		return err
	}
	c.Duo = []Worker{a, b}
	return nil
}

// RateColour adds a colour code.
func (c *Case) RateColour(r ColourRating, today toren.Date) error {
	var p toren.Problems
	if !r.Colour.Valid() {
		broke(&p, "colour", "enum", "colour must be red, orange, yellow or green")
	}
	if !r.Moment.Valid() {
		broke(&p, "moment", "enum", "moment must be start, end or change")
	}
	if r.On.IsZero() || r.On.After(today) {
		broke(&p, "on", "date", "the date is required and not in the future")
	}
	if r.Rater.ID <= 0 && strings.TrimSpace(r.Rater.Name) == "" {
		broke(&p, "rater", "required", "who gave the colour code is required")
	}
	if err := p.Err(); err != nil {
		return err
	}
	c.Colours = append(c.Colours, r)
	return nil
}

// Refer checks a new referral and fills in its verdict. The admission
// decision needs a reason when it goes against the checklist.
func Refer(c *Case, cl Checklist, today toren.Date) error {
	var p toren.Problems
	c.Family = strings.TrimSpace(c.Family)
	if c.Family == "" {
		broke(&p, "family", "required", "the family's name is required")
	}
	if c.ReferredOn.IsZero() || c.ReferredOn.After(today) {
		broke(&p, "referred_on", "date", "the referral date is required and not in the future")
	}
	q, err := cl.Assess(c.Answers)
	if err != nil {
		p.Merge("", problemsOf(err))
	}
	c.Admission.Reason = strings.TrimSpace(c.Admission.Reason)
	if err == nil && c.Admission.Against(q) && c.Admission.Reason == "" {
		if c.Admission.Admitted {
			broke(&p, "admission.reason", "against_checklist", "admitting a case that does not meet the checklist needs a reason")
		} else {
			broke(&p, "admission.reason", "against_checklist", "refusing a case that meets the checklist needs a reason")
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	c.Qualification = q
	c.Status = cases.ITReferred
	c.normalize()
	return nil
}

// normalize makes every list a list, empty rather than absent, so that
// the case reads the same before and after it is stored.
func (c *Case) normalize() {
	if c.Answers == nil {
		c.Answers = map[string]Answer{}
	}
	for _, l := range []*[]Worker{&c.Duo} {
		if *l == nil {
			*l = []Worker{}
		}
	}
	if c.Events == nil {
		c.Events = []Event{}
	}
	if c.Colours == nil {
		c.Colours = []ColourRating{}
	}
	if c.Plans == nil {
		c.Plans = []Plan{}
	}
	if c.Scaling == nil {
		c.Scaling = []ScalingScore{}
	}
	if c.Meetings == nil {
		c.Meetings = []Meeting{}
	}
	if c.ClientEvaluations == nil {
		c.ClientEvaluations = []ClientEvaluation{}
	}
}

// problemsOf turns an error's field errors back into Problems, to merge.
func problemsOf(err error) toren.Problems {
	var p toren.Problems
	fs := toren.FieldErrors(err)
	if len(fs) == 0 {
		broke(&p, "", "invalid", err.Error())
	}
	for _, f := range fs {
		broke(&p, f.Field, f.Rule, f.Message)
	}
	return p
}

// broke records that field broke rule, msg saying so in English (the
// API's). Package itteam speaks in field paths ("agreements[2].owner")
// and rule codes: the Interventieteam's pages word a rule from the web's
// catalogue (it.rule.*) and name the field and its row.
func broke(p *toren.Problems, field, rule, msg string) { p.Add(field, rule, msg) }

func (w Worker) String() string {
	if w.Name != "" {
		return w.Name
	}
	return fmt.Sprintf("medewerker %d", w.ID)
}
