package itteam

import (
	"fmt"
	"slices"
	"strings"

	"toren/internal/toren"
)

// CCB is the escalation to the protocol crisis- en conflictbeheersing
// when a family drama threatens (seed S3, chapter 3): the IT workers'
// risk estimate, the decision to escalate taken together by an IT
// worker, the team leader and the chair of the HG-overleg (never by one
// alone), the outcome of CCB's threat assessment (whether the Stelsel
// bewaken en beveiligen applies) and the safety actions that follow.
type CCB struct {
	RiskEstimate string      `json:"risk_estimate"`
	Deciders     []Decider   `json:"deciders"`
	DecidedOn    toren.Date  `json:"decided_on"`
	Stelsel      *bool       `json:"stelsel,omitempty"` // the threat assessment's outcome; nil until known
	OutcomeOn    toren.Date  `json:"outcome_on"`
	Actions      []CCBAction `json:"actions"`
}

// DeciderRole is who takes part in the decision to escalate.
type DeciderRole string

const (
	DeciderWorker     DeciderRole = "it_worker"   // een IT-medewerker van het duo
	DeciderTeamLeader DeciderRole = "team_leader" // de teamleider
	DeciderChair      DeciderRole = "hg_chair"    // de voorzitter van het HG-overleg
)

// DeciderRoles lists the three, all required; the pages word them (the
// web's catalogue, it.decider.<code>).
func DeciderRoles() []DeciderRole {
	return []DeciderRole{DeciderWorker, DeciderTeamLeader, DeciderChair}
}

// Decider is one of the three who decided.
type Decider struct {
	Role DeciderRole `json:"role"`
	Name string      `json:"name"`
	ID   int64       `json:"id,omitempty"` // the staff account, when they have one
}

// CCBAction is a safety action that follows, with its owner and date.
type CCBAction struct {
	What  string     `json:"what"`
	Owner string     `json:"owner"`
	Due   toren.Date `json:"due"`
}

// EscalateCCB records the decision to escalate. It needs the risk
// estimate and all three deciders, each named once in their role, the IT
// worker one of the duo; with fewer the decision is not taken.
func (c *Case) EscalateCCB(e CCB, today toren.Date) error {
	var p toren.Problems
	if c.CCB != nil {
		broke(&p, "ccb", "once", "the case was escalated to CCB already")
	}
	if strings.TrimSpace(e.RiskEstimate) == "" {
		broke(&p, "risk_estimate", "required", "the IT workers' risk estimate is required")
	}
	if e.DecidedOn.IsZero() || e.DecidedOn.After(today) {
		broke(&p, "decided_on", "date", "the date is required and not in the future")
	}
	seen := map[DeciderRole]bool{}
	for i, d := range e.Deciders {
		f := fmt.Sprintf("deciders[%d]", i)
		switch {
		case !slices.Contains(DeciderRoles(), d.Role):
			broke(&p, f+".role", "enum", "role must be it_worker, team_leader or hg_chair")
		case seen[d.Role]:
			broke(&p, f+".role", "once", fmt.Sprintf("%s is named twice", d.Role))
		case d.Role == DeciderWorker && !c.OnDuo(d.ID):
			broke(&p, f+".id", "duo", "the IT worker must be one of the duo")
		}
		if strings.TrimSpace(d.Name) == "" {
			broke(&p, f+".name", "required", "each decider is named")
		}
		seen[d.Role] = true
	}
	if slices.ContainsFunc(DeciderRoles(), func(r DeciderRole) bool { return !seen[r] }) { // a role is missing
		broke(&p, "deciders", "three_deciders", "escalating to CCB needs the IT worker, the team leader and the HG-overleg's chair together")
	}
	if err := p.Err(); err != nil {
		return err
	}
	e.Stelsel, e.OutcomeOn = nil, toren.Date{}
	if e.Actions == nil {
		e.Actions = []CCBAction{}
	}
	c.CCB = &e
	return nil
}

// RecordCCBOutcome records the threat assessment's outcome and the safety
// actions that follow, each with its owner and date.
func (c *Case) RecordCCBOutcome(stelsel bool, on toren.Date, actions []CCBAction, today toren.Date) error {
	var p toren.Problems
	if c.CCB == nil {
		broke(&p, "ccb", "escalated", "the case was not escalated to CCB")
	}
	if on.IsZero() || on.After(today) {
		broke(&p, "outcome_on", "date", "the date is required and not in the future")
	}
	for i, a := range actions {
		f := fmt.Sprintf("actions[%d]", i)
		if strings.TrimSpace(a.What) == "" {
			broke(&p, f+".what", "required", "an action says what is done")
		}
		if strings.TrimSpace(a.Owner) == "" {
			broke(&p, f+".owner", "required", "an action has an owner")
		}
		if a.Due.IsZero() {
			broke(&p, f+".due", "required", "an action has a date")
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	c.CCB.Stelsel, c.CCB.OutcomeOn = &stelsel, on
	c.CCB.Actions = append(c.CCB.Actions, actions...)
	return nil
}
