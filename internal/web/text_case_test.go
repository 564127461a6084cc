package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/toren"
)

// Every code the case side names through the catalogue by list and code
// (codeMsg) has a Dutch entry, so no code reaches a page as itself.
func TestCaseCodesHaveText(t *testing.T) {
	for _, l := range [][]choice{labelsForCase().Colours, labelsForCase().YesNo, labelsForCase().TakeOver,
		labelsForCase().Services, labelsForCase().LetterMoments, labelsForCase().FollowUps} {
		for _, c := range l {
			if strings.HasPrefix(c.Label, "[") {
				t.Errorf("the case page's choice %q has no Dutch name: %s", c.Code, c.Label)
			}
		}
	}
	for _, a := range alertAges {
		if !hasMsg("alerts.age." + a.Code) {
			t.Errorf("the alerts' age filter has no Dutch name for %q", a.Code)
		}
	}
}

// A work-queue item is worded from its kind and data through the
// catalogue; the service gives only a deadline's name.
func TestQueueLabel(t *testing.T) {
	for _, c := range []struct {
		it   casework.QueueItem
		want string
	}{
		{casework.QueueItem{Kind: casework.QueueDeadline, Label: "Veiligheidsbeoordeling"}, "Veiligheidsbeoordeling"},
		{casework.QueueItem{Kind: casework.QueueAgreement, AgreementWho: "Moeder", AgreementWhat: "Belt de huisarts"}, "Veiligheidsafspraak: Moeder: Belt de huisarts"},
		{casework.QueueItem{Kind: casework.QueueApproval, DecisionKind: authz.DecisionSafetyAssessment},
			"Besluit ter goedkeuring: Veiligheidsbeoordeling (triage)"},
		{casework.QueueItem{Kind: casework.QueueHandover, FromTeam: "Backoffice"}, "Overdracht aannemen van Backoffice"},
		{casework.QueueItem{Kind: casework.QueueHandover}, "Overdracht aannemen"},
		{casework.QueueItem{Kind: casework.QueueDeclined, Partner: "Wijkteam Tilburg"}, "Overdracht afgewezen door Wijkteam Tilburg: kies een vervolg"},
	} {
		if got := QueueLabel(c.it); got != c.want {
			t.Errorf("QueueLabel(%s) = %q, want %q", c.it.Kind, got, c.want)
		}
	}
}

// Every rule the casework service refuses a field by has Dutch words in
// the catalogue (case.rule.*), so a new rule without words fails here,
// not on a worker's screen. The rules are read from the service's source:
// broke, invalidf and conflictf name the field and then the rule (the
// field a literal, a variable, a variable plus a suffix or a Sprintf);
// the few messages the service keeps in Dutch (p.Add) carry a value.
func TestCaseRulesHaveWords(t *testing.T) {
	files, err := filepath.Glob("../casework/*.go")
	if err != nil {
		t.Fatal(err)
	}
	ruleRe := regexp.MustCompile(`(?:broke\([^,]+, |invalidf\(|conflictf\()(?:"[^"]*"|fmt\.Sprintf\([^)]*\)|[a-zA-Z.]+(?: \+ "[^"]*")?), "([a-z_]+)"|Rule: "([a-z_]+)"`)
	rules := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ruleRe.FindAllStringSubmatch(string(b), -1) {
			rules[m[1]+m[2]] = true
		}
	}
	if len(rules) < 40 {
		t.Fatalf("found only %d rules in the casework source", len(rules))
	}
	for r := range rules {
		if !hasMsg("case.rule." + r) {
			t.Errorf("the casework rule %q has no words in the catalogue (case.rule.%s)", r, r)
		}
	}
}

// A refused field is worded by its rule, more precisely by rule and field
// where the catalogue has that, and a rule without words keeps the
// service's Dutch.
func TestCaseRuleWords(t *testing.T) {
	got := caseRuleWords([]toren.FieldError{
		{Field: "summary", Rule: "required"},
		{Field: "condition_ids", Rule: "required"},
		{Field: "checks[1].condition_id", Rule: "duplicate"},
		{Field: "note", Rule: "max_length", MessageNL: "Mag hoogstens 2000 tekens lang zijn."},
	})
	want := []string{"Dit veld is verplicht.", "De veiligheidsvoorwaarden gaan mee met de overdracht: kies er minstens één.",
		"Deze voorwaarde staat er twee keer in.", "Mag hoogstens 2000 tekens lang zijn."}
	for i, w := range want {
		if got[i].MessageNL != w {
			t.Errorf("%s/%s worded %q, want %q", got[i].Field, got[i].Rule, got[i].MessageNL, w)
		}
	}
}
