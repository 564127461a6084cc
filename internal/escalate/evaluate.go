package escalate

import (
	"fmt"
	"slices"
)

// Alert is what a rule raised for a signal, before it is routed to a team
// or worker and stored.
type Alert struct {
	Rule     Code
	Audience Audience
	Severity Severity
	// ReportID is the signal that raised the alert.
	ReportID int64
	// PersonID is the person of the signal it is about (0: the signal).
	PersonID int64
	// Case is the case concerned, if any.
	Case *Case
	// RelatedReportIDs are the earlier reports that made the rule fire.
	RelatedReportIDs []int64
	Explanation      string
}

// Engine evaluates a set of rules under one configuration. It is safe for
// concurrent use: it holds no state beyond what New was given.
type Engine struct {
	cfg   Config
	rules []Rule
}

// New returns an engine over rules (DefaultRules when none are given). It
// refuses a configuration out of range and rules without a code, a
// predicate, a known audience and severity, or with a duplicated code.
func New(cfg Config, rules ...Rule) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if len(rules) == 0 {
		rules = DefaultRules()
	}
	seen := map[Code]bool{}
	for _, r := range rules {
		switch {
		case r.Code == "" || r.Match == nil:
			return nil, fmt.Errorf("escalate: rule %q needs a code and a predicate", r.Code)
		case seen[r.Code]:
			return nil, fmt.Errorf("escalate: rule %q defined twice", r.Code)
		case r.Audience.Label() == string(r.Audience):
			return nil, fmt.Errorf("escalate: rule %q: unknown audience %q", r.Code, r.Audience)
		case r.Severity.Rank() == 0:
			return nil, fmt.Errorf("escalate: rule %q: unknown severity %q", r.Code, r.Severity)
		}
		seen[r.Code] = true
	}
	return &Engine{cfg: cfg, rules: slices.Clone(rules)}, nil
}

// Config returns the engine's settings.
func (e *Engine) Config() Config { return e.cfg }

// Rules returns the engine's rules.
func (e *Engine) Rules() []Rule { return slices.Clone(e.rules) }

// Evaluate returns the alerts the signal raises, in the order of the
// rules. A signal that names no registry person raises nothing.
func (e *Engine) Evaluate(s Signal, h History) []Alert {
	if len(s.Persons) == 0 {
		return nil
	}
	var out []Alert
	for _, r := range e.rules {
		for _, f := range r.Match(e.cfg, s, h) {
			out = append(out, Alert{
				Rule: r.Code, Audience: r.Audience, Severity: r.Severity,
				ReportID: s.ReportID, PersonID: f.PersonID, Case: f.Case,
				RelatedReportIDs: f.ReportIDs, Explanation: f.Explanation,
			})
		}
	}
	return out
}
