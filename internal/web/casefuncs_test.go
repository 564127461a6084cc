package web

import (
	"strconv"
	"strings"
	"testing"

	"toren/internal/casework"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The API's case file carries the pages' words beside the codes: a step's
// unmet rule too (message_nl), which casework leaves empty.
func TestWordFileWordsUnmetRules(t *testing.T) {
	f := &casework.File{Steps: []casework.Step{{
		Transition: "assess_safety",
		Unmet:      []casework.StepRule{{Rule: "safety_assessed", Field: "safety", Message: "the safety assessment must be recorded"}},
	}}}
	WordFile(f)
	got := f.Steps[0].Unmet[0].MessageNL
	if want := msg("process.rule.safety_assessed"); got != want || got == "" {
		t.Errorf("unmet rule worded %q, want %q", got, want)
	}
	if f.Steps[0].Label == "" {
		t.Error("the step has no label")
	}
}

// A refused length or count on the intake form names its bound, the
// validator's own constant.
func TestIntakeRuleWordsNameTheBound(t *testing.T) {
	got := intakeRuleWords([]toren.FieldError{
		{Field: "description", Rule: "max_length"},
		{Field: "persons", Rule: "max_items"},
		{Field: "persons[2].surname", Rule: "max_length"},
	})
	for i, bound := range []int{reports.MaxDescriptionLen, reports.MaxPersons, reports.MaxNameLen} {
		if m := got[i].MessageNL; !strings.Contains(m, strconv.Itoa(bound)) || strings.Contains(m, "{") {
			t.Errorf("%s worded %q, want the bound %d named", got[i].Field, m, bound)
		}
	}
}

// A case form's refused length names the bound the service gives.
func TestCaseRuleWordsNameTheLimit(t *testing.T) {
	var p toren.Problems
	p.AddLimit("note", "max_length", "may be at most 2000 characters", 2000)
	got := caseRuleWords(toren.FieldErrors(p.Err()))
	if len(got) != 1 || !strings.Contains(got[0].MessageNL, "2000") || strings.Contains(got[0].MessageNL, "{") {
		t.Errorf("worded %+v, want the bound 2000 named", got)
	}
}
