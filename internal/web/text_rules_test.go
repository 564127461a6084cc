package web

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"toren/internal/alerts"
	"toren/internal/cases"
	"toren/internal/escalate"
	"toren/internal/itteam"
	"toren/internal/letters"
	"toren/internal/registry"
	"toren/internal/search"
	"toren/internal/stats"
	"toren/internal/toren"
)

// Every rule the general services refuse a field by has Dutch words in
// the catalogue (text_nl_rules.go), so a new rule without words fails
// here, not on a worker's screen.
func TestServiceRulesHaveWords(t *testing.T) {
	for _, c := range []struct {
		dir, list string
		atLeast   int
	}{
		{"../letters", "letter.rule", 15},
		{"../search", "search.rule", 10},
		{"../alerts", "alert.rule", 7},
		{"../stats", "stats.rule", 5},
		{"../registry", "registry.rule", 5},
		{"../subjectaccess", "access.rule", 5},
		{"../retention", "retain.rule", 5},
	} {
		t.Run(c.list, func(t *testing.T) { checkRulesHaveWords(t, c.dir, c.list, c.atLeast) })
	}
	// The monitoring moments' rule is passed as the date they follow.
	for _, r := range []string{"after_closing", "after_decision"} {
		if !hasMsg("letter.rule." + r) {
			t.Errorf("the letters' rule %q has no words", r)
		}
	}
}

// Every precondition of both processes, and every refusal of the
// machine itself, has Dutch words: process.rule.* for the case process
// (the case page's steps and a refused step), itprocess.rule.* for the
// Interventieteam's phases.
func TestProcessRulesHaveWords(t *testing.T) {
	machine := []string{"unknown_transition", "unknown_status", "transition_not_allowed"}
	codes := map[string][]string{"process.rule": machine, "itprocess.rule": machine}
	for _, tr := range cases.Process().Transitions() {
		for _, r := range tr.Rules {
			codes["process.rule"] = append(codes["process.rule"], r.Code)
		}
	}
	for _, tr := range cases.InterventionTeam().Transitions() {
		for _, r := range tr.Rules {
			codes["itprocess.rule"] = append(codes["itprocess.rule"], r.Code)
		}
	}
	if len(codes["process.rule"]) < 20 || len(codes["itprocess.rule"]) < 10 {
		t.Fatalf("read too few rules: %v", codes)
	}
	for list, cs := range codes {
		for _, c := range cs {
			if !hasMsg(list + "." + c) {
				t.Errorf("the rule %q has no words (%s.%s)", c, list, c)
			}
		}
	}
}

// Every step of both processes, and every kind of deadline, has Dutch
// words: the processes keep codes, the pages and the API's labels word
// them from the catalogue (process.step.*, itprocess.step.*, deadline.*).
func TestProcessStepsHaveWords(t *testing.T) {
	var n int
	for _, tr := range cases.Process().Transitions() {
		n++
		if !hasMsg("process.step." + string(tr.Name)) {
			t.Errorf("the step %q has no words (process.step.%s)", tr.Name, tr.Name)
		}
	}
	for _, tr := range cases.InterventionTeam().Transitions() {
		n++
		if !hasMsg("itprocess.step." + string(tr.Name)) {
			t.Errorf("the IT step %q has no words (itprocess.step.%s)", tr.Name, tr.Name)
		}
	}
	if n < 20 {
		t.Fatalf("read too few steps: %d", n)
	}
	for _, k := range []cases.DeadlineKind{cases.DeadlineSafetyAssessment, cases.DeadlineFeedbackAfterAssessment,
		cases.DeadlineInvestigation, cases.DeadlineFeedbackAfterInvestigation} {
		if got := deadlineLabel(k, 0); got == string(k) || strings.Contains(got, "[") {
			t.Errorf("the deadline %q has no words: %q", k, got)
		}
	}
	for months, want := range map[int]string{1: "Monitoring na 1 maand", 3: "Monitoring na 3 maanden", 12: "Monitoring na 1 jaar",
		24: "Monitoring na 2 jaar", 18: "Monitoring na 18 maanden"} {
		if got := deadlineLabel(cases.DeadlineMonitoring, months); got != want {
			t.Errorf("deadlineLabel(monitoring, %d) = %q, want %q", months, got, want)
		}
	}
	if got := stepLabel(cases.CloseCase); got != "Dossier afsluiten" {
		t.Errorf("stepLabel(close_case) = %q", got)
	}
}

// Every escalation rule has a name in the catalogue (alert.rule.*): the
// rules keep codes, the alert pages and the API name them from here. And
// every IT colour code has its meaning (it.colour-help.*).
func TestAlertRulesHaveWords(t *testing.T) {
	for _, r := range escalate.DefaultRules() {
		if !hasMsg("alert.rule." + string(r.Code)) {
			t.Errorf("the rule %q has no name (alert.rule.%s)", r.Code, r.Code)
		}
	}
	for _, c := range itteam.Colours() {
		if !hasMsg("it.colour-help." + string(c)) {
			t.Errorf("the colour %q has no help (it.colour-help.%s)", c, c)
		}
	}
	if got := AlertName(escalate.CodeSeveralReporters); got != "Meerdere melders" {
		t.Errorf("AlertName(several_reporters) = %q", got)
	}
}

// A refusal worded from the catalogue carries the service's bound, not a
// placeholder and not a number of its own.
func TestRuleWordsFillBounds(t *testing.T) {
	year := "2026"
	for _, c := range []struct {
		got  []toren.FieldError
		want string
	}{
		{toren.FieldErrors(wordRules(invalid("q", "max_length"), "search.rule", "max", strconv.Itoa(search.MaxQueryLen))),
			"Typ hoogstens " + strconv.Itoa(search.MaxQueryLen) + " tekens."},
		{alertRuleWords([]toren.FieldError{{Field: "ids", Rule: "max_items"}}),
			"Kies hoogstens " + strconv.Itoa(alerts.MaxBulk) + " signaleringen tegelijk."},
		{alertRuleWords([]toren.FieldError{{Field: "note", Rule: "max_length"}}),
			"De notitie mag hoogstens " + strconv.Itoa(alerts.MaxNoteRunes) + " tekens lang zijn."},
		{toren.FieldErrors(wordRules(invalid("jaar", "range"), "stats.rule", "min", strconv.Itoa(stats.MinYear), "max", year)),
			"Vul een jaar in van " + strconv.Itoa(stats.MinYear) + " tot en met " + year + "."},
		{toren.FieldErrors(wordRules(invalid("note", "max_length"), "registry.rule", "max", strconv.Itoa(registry.MaxNote))),
			"De notitie mag hoogstens " + strconv.Itoa(registry.MaxNote) + " tekens lang zijn."},
	} {
		if len(c.got) != 1 || c.got[0].MessageNL != c.want {
			t.Errorf("worded %+v, want %q", c.got, c.want)
		}
	}
	got := toren.FieldErrors(letterRuleWords(&toren.Error{Code: toren.CodeInvalid, Fields: []toren.FieldError{
		{Field: "note", Rule: "max_length"}, {Field: "case_direction.person", Rule: "max_length"}, {Field: "recipients", Rule: "max_items"},
		{Field: "conditions[1].what", Rule: "max_length"}}}))
	for i, want := range []string{"Deze tekst is te lang: gebruik hoogstens " + strconv.Itoa(letters.MaxNote) + " tekens.",
		"Deze tekst is te lang: gebruik hoogstens " + strconv.Itoa(letters.MaxLine) + " tekens.",
		"Kies hoogstens " + strconv.Itoa(letters.MaxItems) + " geadresseerden voor één brief.",
		"Veiligheidsvoorwaarde 2: De tekst is te lang voor de brief: hoogstens " + strconv.Itoa(letters.MaxText) + " tekens."} {
		if got[i].MessageNL != want {
			t.Errorf("%s worded %q, want %q", got[i].Field, got[i].MessageNL, want)
		}
	}
	// Only a bound's sentence names a value, and only one a page fills;
	// a row's name its number.
	named := regexp.MustCompile(`\{[a-z]+\}`)
	filled := []string{"{max}", "{min}", "{count}", "{length}", "{line}", "{text}", "{note}", "{items}", "{lines}"}
	for k, v := range textNLRules {
		for _, name := range named.FindAllString(v, -1) {
			row := name == "{n}" && strings.HasPrefix(k, "letter.row.")
			if !row && (!slices.Contains(filled, name) || !strings.Contains(k, ".max_") && !strings.Contains(k, ".range")) {
				t.Errorf("%s names %s, which no page fills in", k, name)
			}
		}
	}
}

// invalid is a validation error of one field and rule, as a service
// returns it.
func invalid(field, rule string) error {
	var p toren.Problems
	p.Add(field, rule, rule)
	return p.Err()
}

// A rule worded by field before rule: the letter form's recipients, and
// the same rule of another field in general words; a service's own Dutch
// (a decoding error of the form) is kept.
func TestLetterRuleWords(t *testing.T) {
	got := toren.FieldErrors(wordRules(&toren.Error{Code: toren.CodeInvalid, Fields: []toren.FieldError{
		{Field: "recipients", Rule: "required"},
		{Field: "case_direction.organisation", Rule: "required"},
		{Field: "closed_on", Rule: "date", MessageNL: "Schrijf een datum als 31-12-2025."},
	}}, "letter.rule"))
	want := []string{msg("letter.rule.required.recipients"), "Dit veld is verplicht.", "Schrijf een datum als 31-12-2025."}
	for i, w := range want {
		if got[i].MessageNL != w {
			t.Errorf("%s/%s worded %q, want %q", got[i].Field, got[i].Rule, got[i].MessageNL, w)
		}
	}
}
