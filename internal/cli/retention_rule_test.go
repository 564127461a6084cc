package cli

import (
	"context"
	"strings"
	"testing"

	"toren/internal/apptest"
	"toren/internal/retention"
)

// The retention rule is configuration, given to toren serve and to toren
// retention each. The server records the rule it runs under; a console
// run under another rule (the settings missing from the operator's shell)
// is refused, so it cannot destroy files before the organisation's term.
// A change of the rule in force is audited.
func TestRetentionRuleOfTheServerIsTheRuleInForce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	apptest.PrivacyOfficer(t, a)
	dsn := a.Config().DB
	if code, _, errOut := run(t, "retention", "plan", "--db", dsn, "--by", "privacy"); code != 0 {
		t.Fatalf("no rule recorded yet: exit %d, %q", code, errOut)
	}
	org := retention.Rule{Name: "vt-25y-child18", YearsAfterLast: 25, ChildAge: 18}
	head := apptest.AuditHead(t, a)
	for range 2 { // the second start changes nothing
		if _, err := retention.RecordRule(ctx, a.Store(), org, a.Clock().Now(), "cli:toren serve"); err != nil {
			t.Fatal(err)
		}
	}
	var changes []string
	for _, en := range apptest.AuditAfter(t, a, head) {
		if en.Action == retention.ActionRuleInForce {
			changes = append(changes, en.Reason)
			if en.ActorID != "system" || en.ActorName != "toren serve" || en.Role != "system" || en.Origin != "cli:toren serve" {
				t.Errorf("the rule in force audited as %s %q, role %q, origin %q; want the server as the system", en.ActorID, en.ActorName, en.Role, en.Origin)
			}
		}
	}
	if len(changes) != 1 || !strings.Contains(changes[0], "was none; now vt-25y-child18: 25 years") {
		t.Errorf("audit of the rule in force: %q", changes)
	}
	code, _, errOut := run(t, "retention", "run", "--db", dsn, "--by", "privacy")
	if code != 1 || !strings.Contains(errOut, "the server runs under the retention rule vt-25y-child18: 25 years") ||
		!strings.Contains(errOut, "was given vt-20y-child18: 20 years") {
		t.Errorf("a run under the default rule while the server's is 25 years: exit %d, %q", code, errOut)
	}
	if code, out, errOut := run(t, "retention", "plan", "--db", dsn, "--by", "privacy",
		"--retention-rule", "vt-25y-child18", "--retention-years", "25"); code != 0 || !strings.Contains(out, "25 years after the last involvement") {
		t.Errorf("a plan under the server's rule: exit %d, %q %q", code, out, errOut)
	}
}
