package retention

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
)

// The rule is configuration (--retention-years, --retention-child-age,
// --retention-rule), given to toren serve and to toren retention each. A
// console run under another rule than the server's (the variables set in
// the service's environment and not in the operator's shell) would destroy
// files early. So the server records the rule it runs under in the
// database, and a run, hold or plan under a different rule is refused.

// ActionRuleInForce is the audit action of a change of the rule in force.
const ActionRuleInForce = "retention.rule"

// ruleSetting names the rule in force in the organisation settings.
const ruleSetting = "retention_rule"

// RuleStore keeps the rule in force (satisfied by *store.DB).
type RuleStore interface {
	Setting(ctx context.Context, name string) (string, bool, error)
	SaveSetting(ctx context.Context, name, value string, at time.Time, e audit.Entry) error
}

// RuleInForce returns the rule recorded by the server, false when none is.
func RuleInForce(ctx context.Context, s RuleStore) (Rule, bool, error) {
	v, ok, err := s.Setting(ctx, ruleSetting)
	if err != nil || !ok {
		return Rule{}, false, err
	}
	var r Rule
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		return Rule{}, false, fmt.Errorf("retention: stored rule: %w", err)
	}
	return r, true, nil
}

// RecordRule makes r the rule in force when it is not already, with an
// audit entry naming the old and the new rule (the server starting under a
// changed configuration). It reports whether the rule changed.
func RecordRule(ctx context.Context, s RuleStore, r Rule, at time.Time, origin string) (bool, error) {
	if err := r.Validate(); err != nil {
		return false, err
	}
	old, ok, err := RuleInForce(ctx, s)
	if err != nil {
		return false, err
	}
	if ok && old == r {
		return false, nil
	}
	v, err := json.Marshal(r)
	if err != nil {
		return false, fmt.Errorf("retention: encode rule: %w", err)
	}
	was := "none"
	if ok {
		was = old.String()
	}
	// The server records its own configuration: a system actor.
	e := audit.ActorTemplate(authz.Actor{Name: "toren serve"}, origin)
	e.At, e.Action, e.ObjectType, e.ObjectID = at, ActionRuleInForce, "setting", ruleSetting
	e.Outcome, e.Reason = audit.OutcomeOK, "was "+was+"; now "+r.String()
	return true, s.SaveSetting(ctx, ruleSetting, string(v), at, e)
}

// CheckRule refuses r when the server recorded another rule: the error
// names both, and the settings to give.
func CheckRule(ctx context.Context, s RuleStore, r Rule) error {
	inForce, ok, err := RuleInForce(ctx, s)
	if err != nil || !ok || inForce == r {
		return err
	}
	return fmt.Errorf("the server runs under the retention rule %s; this command was given %s: "+
		"give it the same --retention-rule, --retention-years and --retention-child-age (TOREN_RETENTION_*) as toren serve, "+
		"or change the server's configuration and restart it first", inForce, r)
}
