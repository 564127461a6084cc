package cases

import (
	"fmt"
	"slices"
	"strings"

	"toren/internal/toren"
)

// TransitionName is the stable English code of a step in a process; it is
// what the API, the audit log and the store name.
type TransitionName string

// Rule is one precondition of a transition, checked against a snapshot of
// the case's facts.
type Rule[F any] struct {
	Code    string // stable machine code, e.g. "receiving_partner"
	Field   string // the fact the rule reads, as the API names it
	Message string // English, for the API; the web words Code
	Holds   func(F) bool
}

// Transition is one allowed step: from any of From to To, when every rule
// holds. It has no words: the web words Name from its catalogue
// (process.step.*, it.step.*).
type Transition[S ~string, F any] struct {
	Name  TransitionName
	From  []S
	To    S
	Rules []Rule[F]
}

// Unmet returns the rules that do not hold for f.
func (t Transition[S, F]) Unmet(f F) []Rule[F] {
	var out []Rule[F]
	for _, r := range t.Rules {
		if !r.Holds(f) {
			out = append(out, r)
		}
	}
	return out
}

// Machine is one process as an explicit table of states and transitions.
// It is pure: Apply computes the next state and changes nothing else.
type Machine[S ~string, F any] struct {
	states      []S
	label       func(S) string
	transitions []Transition[S, F]
}

// States returns every state of the machine.
func (m Machine[S, F]) States() []S { return slices.Clone(m.states) }

// Transitions returns the whole table.
func (m Machine[S, F]) Transitions() []Transition[S, F] { return slices.Clone(m.transitions) }

// Lookup returns the transition called name.
func (m Machine[S, F]) Lookup(name TransitionName) (Transition[S, F], bool) {
	for _, t := range m.transitions {
		if t.Name == name {
			return t, true
		}
	}
	return Transition[S, F]{}, false
}

// Allowed returns the transitions the table allows from state, whether or
// not their rules hold now.
func (m Machine[S, F]) Allowed(from S) []Transition[S, F] {
	var out []Transition[S, F]
	for _, t := range m.transitions {
		if slices.Contains(t.From, from) {
			out = append(out, t)
		}
	}
	return out
}

// Possible returns the transitions that Apply would accept now: allowed from
// state and with every rule holding. The interface offers these.
func (m Machine[S, F]) Possible(from S, f F) []Transition[S, F] {
	var out []Transition[S, F]
	for _, t := range m.Allowed(from) {
		if len(t.Unmet(f)) == 0 {
			out = append(out, t)
		}
	}
	return out
}

// Apply returns the state after transition name from state from, given the
// case's facts. On any error it returns from unchanged and a *toren.Error:
// CodeInvalid for an unknown state or transition or for unmet preconditions
// (one FieldError per rule), CodeConflict when the table does not allow the
// transition from this state (rule "transition_not_allowed").
func (m Machine[S, F]) Apply(from S, name TransitionName, f F) (S, error) {
	t, ok := m.Lookup(name)
	if !ok {
		return from, &toren.Error{
			Code:    toren.CodeInvalid,
			Message: fmt.Sprintf("unknown transition %q", name),
			Fields: []toren.FieldError{{
				Field: "transition", Rule: "unknown_transition",
				Message: fmt.Sprintf("%q is not a transition of this process", name),
			}},
		}
	}
	if !slices.Contains(m.states, from) {
		return from, &toren.Error{
			Code:    toren.CodeInvalid,
			Message: fmt.Sprintf("transition %s: unknown status %q", name, from),
			Fields: []toren.FieldError{{
				Field: "status", Rule: "unknown_status",
				Message: fmt.Sprintf("%q is not a status of this process", from),
			}},
		}
	}
	if !slices.Contains(t.From, from) {
		return from, &toren.Error{
			Code:    toren.CodeConflict,
			Message: fmt.Sprintf("transition %s is not allowed from status %s", name, from),
			Fields: []toren.FieldError{{
				Field: "status", Rule: "transition_not_allowed",
				Message: fmt.Sprintf("%s is not allowed from status %s", name, from),
			}},
		}
	}
	unmet := t.Unmet(f)
	if len(unmet) == 0 {
		return t.To, nil
	}
	codes := make([]string, len(unmet))
	fields := make([]toren.FieldError, len(unmet))
	for i, r := range unmet {
		codes[i] = r.Code
		fields[i] = toren.FieldError{Field: r.Field, Rule: r.Code, Message: r.Message}
	}
	return from, &toren.Error{
		Code:    toren.CodeInvalid,
		Message: fmt.Sprintf("transition %s from status %s: precondition not met: %s", name, from, strings.Join(codes, ", ")),
		Fields:  fields,
	}
}

// validate checks the table itself: unique names, known states, a label on
// every state, and rules that can be evaluated. Tests run it.
func (m Machine[S, F]) validate() error {
	seen := map[TransitionName]bool{}
	for _, s := range m.states {
		if m.label(s) == "" {
			return fmt.Errorf("status %q has no label", s)
		}
	}
	for _, t := range m.transitions {
		if t.Name == "" {
			return fmt.Errorf("transition has no name")
		}
		if seen[t.Name] {
			return fmt.Errorf("transition %q appears twice", t.Name)
		}
		seen[t.Name] = true
		if !slices.Contains(m.states, t.To) {
			return fmt.Errorf("transition %s: unknown target %q", t.Name, t.To)
		}
		if len(t.From) == 0 {
			return fmt.Errorf("transition %s has no source state", t.Name)
		}
		for _, s := range t.From {
			if !slices.Contains(m.states, s) {
				return fmt.Errorf("transition %s: unknown source %q", t.Name, s)
			}
		}
		for _, r := range t.Rules {
			if r.Code == "" || r.Field == "" || r.Message == "" || r.Holds == nil {
				return fmt.Errorf("transition %s: incomplete rule %q", t.Name, r.Code)
			}
		}
	}
	return nil
}
