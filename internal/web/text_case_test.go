package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"toren/internal/authz"
	"toren/internal/cases"
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
		{casework.QueueItem{Kind: casework.QueueDeadline, Deadline: cases.DeadlineSafetyAssessment}, "Veiligheidsbeoordeling"},
		{casework.QueueItem{Kind: casework.QueueDeadline, Deadline: cases.DeadlineMonitoring, Months: 3}, "Monitoring na 3 maanden"},
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
// not on a worker's screen.
func TestCaseRulesHaveWords(t *testing.T) {
	checkRulesHaveWords(t, "../casework", "case.rule", 40)
}

// checkRulesHaveWords reads the rules a domain package refuses fields by
// from its source and asks the catalogue for list.<rule> of each. A rule
// is named after the field in a call of broke, invalidf, conflictf or
// Problems.Add (the field a literal, a variable, variables and literals
// joined by +, a Sprintf or indexed(...)), or in a FieldError's Rule.
// atLeast guards the reading itself.
func checkRulesHaveWords(t *testing.T, dir, list string, atLeast int) {
	t.Helper()
	ruleRe := regexp.MustCompile(`(?:broke\([^,]+, |invalidf\(|conflictf\(|\.Add\()(?:"[^"]*"|(?:fmt\.Sprintf|indexed)\([^)]*\)|[a-zA-Z.]+(?: ?\+ ?(?:"[^"]*"|[a-zA-Z.]+))*), "([a-z_0-9]+)"|Rule: "([a-z_0-9]+)"`)
	rules := map[string]bool{}
	for _, src := range goSources(t, dir+"/*.go") {
		for _, m := range ruleRe.FindAllStringSubmatch(src, -1) {
			rules[m[1]+m[2]] = true
		}
	}
	if len(rules) < atLeast {
		t.Fatalf("found only %d rules in %s", len(rules), dir)
	}
	for r := range rules {
		if !hasMsg(list + "." + r) {
			t.Errorf("the rule %q of %s has no words in the catalogue (%s.%s)", r, dir, list, r)
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

// goSources returns the Go source of the files glob matches, tests left
// out, by file name; it fails the test when it matches none.
func goSources(t *testing.T, glob string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: %v (no files)", glob, err)
	}
	out := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = string(b)
	}
	return out
}
