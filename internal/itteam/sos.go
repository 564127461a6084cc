package itteam

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"toren/internal/toren"
)

// Plan is one version of the Signs of Safety safety plan (appendix 2):
// worries and danger, what goes well (strengths and exceptions), the
// family's goals and the organisation's bottom lines apart, and SMART
// agreements the network helps to check. A change adds a version; the
// earlier ones stay readable.
type Plan struct {
	Version     int         `json:"version"`
	Dangers     string      `json:"dangers"`      // zorgen / gevaar, complicerende factoren
	Strengths   string      `json:"strengths"`    // wat gaat goed: sterke kanten, hulpbronnen
	Exceptions  string      `json:"exceptions"`   // uitzonderingen op het geweld
	FamilyGoals string      `json:"family_goals"` // doelen van het gezin
	BottomLines string      `json:"bottom_lines"` // bodemeisen van de organisatie
	Agreements  []Agreement `json:"agreements"`
	Note        string      `json:"note,omitempty"` // what changed
	By          Worker      `json:"by"`
	At          time.Time   `json:"at"`
}

// AgreementStatus is where an agreement stands.
type AgreementStatus string

const (
	AgreementOpen    AgreementStatus = "open"    // afgesproken
	AgreementKept    AgreementStatus = "kept"    // nagekomen
	AgreementPartly  AgreementStatus = "partly"  // deels nagekomen
	AgreementBroken  AgreementStatus = "broken"  // niet nagekomen
	AgreementDropped AgreementStatus = "dropped" // vervallen
)

// AgreementStatuses lists them in the order the form shows them; the pages
// word them (the web's catalogue, it.agreement-status.<code>).
func AgreementStatuses() []AgreementStatus {
	return []AgreementStatus{AgreementOpen, AgreementKept, AgreementPartly, AgreementBroken, AgreementDropped}
}

// Valid reports whether s is one of AgreementStatuses.
func (s AgreementStatus) Valid() bool { return slices.Contains(AgreementStatuses(), s) }

// NL is the status in the Dutch of the text itteam writes itself: a plan
// version's note (stored) and the family's safety plan. The pages word a
// status from the web's catalogue (it.agreement-status.*), which
// TestITRecordedWords holds to these words.
func (s AgreementStatus) NL() string {
	switch s {
	case AgreementOpen:
		return "Afgesproken"
	case AgreementKept:
		return "Nagekomen"
	case AgreementPartly:
		return "Deels nagekomen"
	case AgreementBroken:
		return "Niet nagekomen"
	case AgreementDropped:
		return "Vervallen"
	}
	return ""
}

// StatusChange is one dated status of an agreement.
type StatusChange struct {
	On     toren.Date      `json:"on"`
	Status AgreementStatus `json:"status"`
	By     Worker          `json:"by"`
	Note   string          `json:"note,omitempty"`
}

// Agreement is one SMART agreement: who does what, when, and how it is
// checked (and by whom in the network).
type Agreement struct {
	Number    int            `json:"number"` // stable across versions: 1, 2, ...
	Owner     string         `json:"owner"`  // wie
	What      string         `json:"what"`   // wat
	When      string         `json:"when"`   // wanneer (a date or "elke vrijdag")
	Check     string         `json:"check"`  // hoe gecontroleerd
	CheckedBy string         `json:"checked_by,omitempty"`
	History   []StatusChange `json:"history"`
}

// Status is the agreement's current status.
func (a Agreement) Status() AgreementStatus {
	if len(a.History) == 0 {
		return AgreementOpen
	}
	return a.History[len(a.History)-1].Status
}

// CurrentPlan returns the latest plan version; ok is false before the
// first.
func (c *Case) CurrentPlan() (Plan, bool) {
	if len(c.Plans) == 0 {
		return Plan{}, false
	}
	return c.Plans[len(c.Plans)-1], true
}

// PlanVersion returns version v of the plan.
func (c *Case) PlanVersion(v int) (Plan, bool) {
	i := slices.IndexFunc(c.Plans, func(p Plan) bool { return p.Version == v })
	if i < 0 {
		return Plan{}, false
	}
	return c.Plans[i], true
}

// SavePlan adds p as the next version. Agreements keep their numbers and
// their status history; a new agreement gets the next number and starts
// open on the plan's date. Every agreement needs an owner and a what.
func (c *Case) SavePlan(p Plan, by Worker, now time.Time) error {
	var pr toren.Problems
	prev, _ := c.CurrentPlan()
	next := 0
	for _, a := range prev.Agreements {
		next = max(next, a.Number)
	}
	for i := range p.Agreements {
		a := &p.Agreements[i]
		f := fmt.Sprintf("agreements[%d]", i)
		a.Owner, a.What, a.When, a.Check = strings.TrimSpace(a.Owner), strings.TrimSpace(a.What), strings.TrimSpace(a.When), strings.TrimSpace(a.Check)
		if a.Owner == "" {
			broke(&pr, f+".owner", "required", "an agreement needs an owner (who)")
		}
		if a.What == "" {
			broke(&pr, f+".what", "required", "an agreement says what is agreed")
		}
		if a.Number == 0 {
			next++
			a.Number = next
			a.History = []StatusChange{{On: toren.DateOf(now), Status: AgreementOpen, By: by}}
			continue
		}
		j := slices.IndexFunc(prev.Agreements, func(o Agreement) bool { return o.Number == a.Number })
		if j < 0 {
			broke(&pr, f+".number", "unknown_agreement", fmt.Sprintf("agreement %d is not in the current plan", a.Number))
			continue
		}
		a.History = slices.Clone(prev.Agreements[j].History)
	}
	if err := pr.Err(); err != nil {
		return err
	}
	p.Version = prev.Version + 1
	p.By, p.At = by, now
	if p.Agreements == nil {
		p.Agreements = []Agreement{}
	}
	c.Plans = append(c.Plans, p)
	return nil
}

// SetAgreementStatus records a new status of agreement number n, as a new
// plan version.
func (c *Case) SetAgreementStatus(n int, ch StatusChange, now time.Time) error {
	var pr toren.Problems
	if !ch.Status.Valid() {
		broke(&pr, "status", "enum", "status must be open, kept, partly, broken or dropped")
	}
	if ch.On.IsZero() || ch.On.After(toren.DateOf(now)) {
		broke(&pr, "on", "date", "the date is required and not in the future")
	}
	cur, ok := c.CurrentPlan()
	i := slices.IndexFunc(cur.Agreements, func(a Agreement) bool { return a.Number == n })
	if !ok || i < 0 {
		broke(&pr, "number", "unknown_agreement", fmt.Sprintf("agreement %d is not in the current plan", n))
	}
	if err := pr.Err(); err != nil {
		return err
	}
	p := cur
	p.Agreements = slices.Clone(cur.Agreements)
	a := p.Agreements[i]
	a.History = append(slices.Clone(a.History), ch)
	p.Agreements[i] = a
	p.Version, p.By, p.At = cur.Version+1, ch.By, now
	p.Note = fmt.Sprintf("Afspraak %d: %s", n, ch.Status.NL())
	c.Plans = append(c.Plans, p)
	return nil
}

// RaterKind is who gave a scaling score.
type RaterKind string

const (
	RaterFamily       RaterKind = "family"       // een gezinslid
	RaterProfessional RaterKind = "professional" // een professional (ook de IT-medewerkers)
	RaterNetwork      RaterKind = "network"      // het (familie)netwerk
)

// RaterKinds lists them in the order the form shows them; the pages word
// them (the web's catalogue, it.rater.<code>).
func RaterKinds() []RaterKind { return []RaterKind{RaterFamily, RaterProfessional, RaterNetwork} }

// Valid reports whether k is one of RaterKinds.
func (k RaterKind) Valid() bool { return slices.Contains(RaterKinds(), k) }

// ScalingScore is one rater's answer to the scaling questions on one
// date: safety and progress, each 0 (gevaar) to 10 (veilig). The seed's
// method uses 0–10; one passage says 1–10, which 0–10 includes.
type ScalingScore struct {
	On       toren.Date `json:"on"`
	Kind     RaterKind  `json:"kind"`
	Rater    string     `json:"rater"` // "moeder", "IT (Ilse Smit)", "netwerk"
	Safety   *int       `json:"safety,omitempty"`
	Progress *int       `json:"progress,omitempty"`
	By       Worker     `json:"by"`
}

// AddScaling records a round of scaling scores (one date, several raters).
func (c *Case) AddScaling(round []ScalingScore, today toren.Date) error {
	var p toren.Problems
	if len(round) == 0 {
		broke(&p, "scores", "required", "a round has at least one score")
	}
	for i, s := range round {
		f := fmt.Sprintf("scores[%d]", i)
		if s.On.IsZero() || s.On.After(today) {
			broke(&p, f+".on", "date", "the date is required and not in the future")
		}
		if !s.Kind.Valid() {
			broke(&p, f+".kind", "enum", "kind must be family, professional or network")
		}
		if strings.TrimSpace(s.Rater) == "" {
			broke(&p, f+".rater", "required", "who gave the score is required")
		}
		if s.Safety == nil && s.Progress == nil {
			broke(&p, f+".safety", "required", "a score has safety or progress")
		}
		for name, v := range map[string]*int{"safety": s.Safety, "progress": s.Progress} {
			if v != nil && (*v < 0 || *v > 10) {
				broke(&p, f+"."+name, "range_0_10", fmt.Sprintf("%s must be between 0 and 10, got %d", name, *v))
			}
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	c.Scaling = append(c.Scaling, round...)
	return nil
}

// ParticipantKind is who took part in a meeting.
type ParticipantKind string

const (
	ParticipantFamily       ParticipantKind = "family"
	ParticipantNetwork      ParticipantKind = "network"
	ParticipantProfessional ParticipantKind = "professional"
)

// Participant is one person at a meeting.
type Participant struct {
	Name         string          `json:"name"`
	Kind         ParticipantKind `json:"kind"`
	Organisation string          `json:"organisation,omitempty"` // a professional's organisation
}

// MeetingItems are the evaluation form's questions (table 4), 1–10 each.
// The items of MeetingItems, ClientItems and ProblemAreas are codes: the
// pages word them from the web's catalogue (it.meeting-item.<code>,
// it.client-item.<code>, it.problem-area.<code>). The Dutch labels here
// stay because the API has always given them beside the code (label in
// /api/v1/it-statistics) and its readers may rely on them; the web's
// TestITRecordedWords holds them equal to the catalogue's words.
func MeetingItems() []Option {
	return []Option{
		{"respect", "Met respect behandeld"},
		{"vertrouwen", "Vertrouwen"},
		{"samenwerking", "Samenwerking"},
		{"zorgen_uiten", "Zorgen kunnen uiten"},
		{"veiligheidsplan", "Veiligheidsplan"},
		{"vertrouwen_toekomst", "Vertrouwen in veiligheid toekomst"},
	}
}

// ClientItems are the client evaluation's questions (table 5), 1–10 each.
func ClientItems() []Option {
	return []Option{
		{"informatie", "Informatievoorziening"},
		{"doelen", "Doelen waren helder"},
		{"bereikbaarheid", "Bereikbaarheid medewerker"},
		{"relatie", "Relatie"},
		{"samenwerking", "Samenwerking"},
		{"gevaar_zorgen", "Gevaar en zorgen"},
		{"veiligheidsplan", "Veiligheidsplan"},
		{"eigen_bijdrage", "Eigen bijdrage aan het proces"},
		{"kinderen", "Kinderen"},
		{"vertrouwen", "Vertrouwen"},
		{"veiligheid", "Veiligheid"},
		{"hulp_toekomst", "Hulp in de toekomst"},
		{"eindoordeel", "Eindoordeel"},
	}
}

// Form is one filled-in evaluation form: a mark 1–10 per item, each may
// be left open. Paper forms are typed in the same way.
type Form struct {
	By     string         `json:"by,omitempty"` // who filled it in, may be anonymous
	Scores map[string]int `json:"scores"`
}

func (f Form) check(items []Option, field string, p *toren.Problems) {
	for k, v := range f.Scores {
		if optionLabel(items, k) == "" {
			broke(p, field+"."+k, "unknown_item", fmt.Sprintf("%q is not a question of the form", k))
			continue
		}
		if v < 1 || v > 10 {
			broke(p, field+"."+k, "range_1_10", fmt.Sprintf("a mark is between 1 and 10, got %d", v))
		}
	}
}

// Meeting is one (familie)netwerkberaad.
type Meeting struct {
	Number       int           `json:"number"`
	On           toren.Date    `json:"on"`
	Family       bool          `json:"family"` // a familienetwerkberaad (family and network) rather than professionals only
	Participants []Participant `json:"participants"`
	Decisions    string        `json:"decisions"`
	// Agreements are the numbers of the plan's agreements made here.
	Agreements  []int  `json:"agreements,omitempty"`
	Evaluations []Form `json:"evaluations"`
	By          Worker `json:"by"`
}

// AddMeeting records a meeting.
func (c *Case) AddMeeting(m Meeting, today toren.Date) error {
	var p toren.Problems
	if m.On.IsZero() || m.On.After(today) {
		broke(&p, "on", "date", "the date is required and not in the future")
	}
	if len(m.Participants) == 0 {
		broke(&p, "participants", "required", "a meeting has participants")
	}
	for i, pt := range m.Participants {
		f := fmt.Sprintf("participants[%d]", i)
		if strings.TrimSpace(pt.Name) == "" {
			broke(&p, f+".name", "required", "a participant has a name or role")
		}
		if pt.Kind != ParticipantFamily && pt.Kind != ParticipantNetwork && pt.Kind != ParticipantProfessional {
			broke(&p, f+".kind", "enum", "kind must be family, network or professional")
		}
		if pt.Kind == ParticipantProfessional && strings.TrimSpace(pt.Organisation) == "" {
			broke(&p, f+".organisation", "required", "a professional's organisation is required")
		}
	}
	cur, _ := c.CurrentPlan()
	for _, n := range m.Agreements {
		if !slices.ContainsFunc(cur.Agreements, func(a Agreement) bool { return a.Number == n }) {
			broke(&p, "agreements", "unknown_agreement", fmt.Sprintf("agreement %d is not in the plan", n))
		}
	}
	for i, f := range m.Evaluations {
		f.check(MeetingItems(), fmt.Sprintf("evaluations[%d]", i), &p)
	}
	if err := p.Err(); err != nil {
		return err
	}
	m.Number = len(c.Meetings) + 1
	if m.Evaluations == nil {
		m.Evaluations = []Form{}
	}
	c.Meetings = append(c.Meetings, m)
	return nil
}

// AddMeetingEvaluation adds a filled-in evaluation form to meeting n.
func (c *Case) AddMeetingEvaluation(n int, f Form) error {
	var p toren.Problems
	if n < 1 || n > len(c.Meetings) {
		broke(&p, "meeting", "unknown_meeting", fmt.Sprintf("meeting %d does not exist", n))
	}
	if len(f.Scores) == 0 {
		broke(&p, "scores", "required", "a form has at least one mark")
	}
	f.check(MeetingItems(), "scores", &p)
	if err := p.Err(); err != nil {
		return err
	}
	c.Meetings[n-1].Evaluations = append(c.Meetings[n-1].Evaluations, f)
	return nil
}

// ClientEvaluation is the client's evaluation at the end of the intensive
// phase (table 5).
type ClientEvaluation struct {
	On   toren.Date `json:"on"`
	Form Form       `json:"form"`
	By   Worker     `json:"by"`
}

// AddClientEvaluation records it. A case has one per intensive phase.
func (c *Case) AddClientEvaluation(e ClientEvaluation, today toren.Date) error {
	var p toren.Problems
	if e.On.IsZero() || e.On.After(today) {
		broke(&p, "on", "date", "the date is required and not in the future")
	}
	e.Form.check(ClientItems(), "scores", &p)
	if err := p.Err(); err != nil {
		return err
	}
	if e.Form.Scores == nil {
		e.Form.Scores = map[string]int{}
	}
	c.ClientEvaluations = append(c.ClientEvaluations, e)
	return nil
}
